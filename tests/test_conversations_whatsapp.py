"""Every conversation in tests/conversations/*.yaml, through the real WhatsApp adapter.

The same files as the in-memory run (tests/test_conversations.py): `say` becomes a signed text
webhook, `press` a button_reply or list_reply (or the typed number of a numbered list),
`location` a location message, `sticker` a sticker; what the Graph API emulator received is
read back as neutral replies and checked with the same expectations. WhatsApp sends no language
hint, so each person's number carries a calling code that gives the conversation's language.
"""

from __future__ import annotations

import pytest

from bot.app import Core
from tests.conversation_runner import Conversation, load_all, run_conversation
from tests.whatsapp.harness import wa_id_for, whatsapp_rig

CONVERSATIONS = load_all()


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c.path.stem for c in CONVERSATIONS])
async def test_conversation_on_whatsapp(conversation: Conversation, core: Core) -> None:
    user = conversation.user
    wa_id = wa_id_for(user.get("locale_hint"), int(user.get("id", 424242)))
    async with whatsapp_rig(core) as rig:
        member = rig.member(wa_id, user.get("name"))
        await run_conversation(conversation, member, core.catalogs)
