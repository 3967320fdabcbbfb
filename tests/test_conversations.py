"""Every conversation in tests/conversations/*.yaml, through the in-memory channel."""

from __future__ import annotations

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember
from tests.conversation_runner import Conversation, load_all, run_conversation

CONVERSATIONS = load_all()


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c.path.stem for c in CONVERSATIONS])
async def test_conversation(conversation: Conversation, core: Core) -> None:
    user = conversation.user
    member = MemoryMember(
        core.service,
        str(user.get("id", "424242")),
        locale_hint=user.get("locale_hint"),
        profile_name=user.get("name"),
    )
    await run_conversation(conversation, member, core.catalogs)


def test_there_are_conversations_in_several_languages() -> None:
    scripts = {c.script for c in CONVERSATIONS}
    assert {"arabic", "cyrillic", "latin"} <= scripts
