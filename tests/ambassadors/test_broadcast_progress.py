"""A broadcast's progress: on Telegram one status message edited in place (sent of total, at
most every few seconds); the same line from `josoor broadcast status`; the report's heading
says what happened."""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.cli import UsageError
from bot.cli_broadcasts import run_broadcast_command
from bot.core.ambassadors.broadcast_progress import ProgressWatch
from bot.core.common.clock import FrozenClock
from dialogs.notices import NoticeRenderer
from scheduler.jobs import PROGRESS_EVERY, show_broadcast_progress
from tests.ambassadors.conftest import queue_broadcast, telegram_member
from tests.ambassadors.test_broadcast_engine import AUTHOR, _author, _dispatcher
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator


def _texts(api: TelegramBotApiEmulator, chat: int) -> list[str]:
    return [m["plain_text"] or "" for m in api.sent_messages(chat)]


async def test_the_status_message_is_edited_in_place_while_the_broadcast_goes_out(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    author = await _author(core, api)
    for user in range(4000, 4006):
        await telegram_member(core, api, user)
    broadcast_id = await queue_broadcast(core, author)
    watch = ProgressWatch(PROGRESS_EVERY)

    async def progress() -> int:
        return await show_broadcast_progress(
            core.uow_factory, clock, core.senders, watch, NoticeRenderer(core.catalogs)
        )

    assert await progress() == 1
    assert _texts(api, AUTHOR)[-1].endswith("is going out: 0 of 6 sent.")
    api.fail_next("sendMessage", status=429, retry_after=30)
    api.fail_next("sendMessage", status=429, retry_after=30)
    await _dispatcher(core, clock)()
    assert await progress() == 0  # the numbers moved, but not five seconds ago
    clock.advance(PROGRESS_EVERY)
    assert await progress() == 1
    [edit] = api.calls("editMessageText")
    assert "4 of 6 sent" in edit["params"]["text"]
    assert len([t for t in _texts(api, AUTHOR) if "is going out" in t]) == 2  # sent + edited
    clock.advance(PROGRESS_EVERY)
    assert await progress() == 0  # nothing moved: nothing to show
    args = argparse.Namespace(id=broadcast_id, json=False, locale="de")
    assert await run_broadcast_command(core, args, UsageError) == 0
    assert "4 von 6 gesendet" in capsys.readouterr().out
    clock.advance(timedelta(seconds=31))
    await _dispatcher(core, clock)()
    assert await progress() == 0  # done: the report takes over
    assert _texts(api, AUTHOR)[-1].startswith("Your message to")
    assert "is delivered." in _texts(api, AUTHOR)[-1]
    args = argparse.Namespace(id=broadcast_id, json=True, locale="en")
    assert await run_broadcast_command(core, args, UsageError) == 0
    out = capsys.readouterr().out
    assert '"sent": 6' in out and '"pending": 0' in out and '"status": "done"' in out
    with pytest.raises(UsageError, match="no broadcast"):
        await run_broadcast_command(core, argparse.Namespace(id=999, json=False), UsageError)


async def test_a_report_says_nobody_was_reached_when_nothing_was_sent(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock
) -> None:
    author = await _author(core, api)
    for user in (4100, 4101):
        await telegram_member(core, api, user)
        api.block(user)
    await queue_broadcast(core, author)
    await _dispatcher(core, clock)()
    report = _texts(api, AUTHOR)[-1]
    assert "reached nobody" in report and "is delivered" not in report
    await telegram_member(core, api, 4102)
    await telegram_member(core, api, 4103)
    api.block(4103)  # newly blocked: unreachable (the two above are skipped from now on)
    await queue_broadcast(core, author, "Again")
    await _dispatcher(core, clock)()
    assert "reached some of the members" in _texts(api, AUTHOR)[-1]
