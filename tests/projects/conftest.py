"""Fixtures of the project tests: an in-memory sender that records proactive messages."""

from __future__ import annotations

import pytest

from bot.app import Core
from bot.channels.memory import MemorySender
from bot.core.common.domain import Channel


@pytest.fixture
def sender(core: Core) -> MemorySender:
    memory = MemorySender(Channel.TELEGRAM)
    core.senders.add(memory)
    return memory
