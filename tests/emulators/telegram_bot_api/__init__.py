"""A local HTTP emulator of the Telegram Bot API for tests and benchmarks.

The emulator serves the Bot API over real HTTP (Starlette on uvicorn, bound to an ephemeral
port on 127.0.0.1) inside the running event loop, so the real ``python-telegram-bot`` stack
(``telegram.Bot``, ``telegram.ext.Application`` with long polling) can talk to it unchanged::

    async with TelegramBotApiEmulator(token="123:ABC") as api:
        api.add_user(42, first_name="Layla", language_code="ar")
        async with Bot("123:ABC", base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            await bot.send_message(42, "<b>مرحبا</b>", parse_mode="HTML")
        assert api.last_message(42)["plain_text"] == "مرحبا"

Responses use the Bot API's JSON shapes (``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ...}``) and the descriptions the real server
sends for the errors a bot is most likely to hit (unparsable HTML, over-long text, stale
callback queries, blocked users, flood control, ...).

The scripting side (``add_user``, ``send_text``, ``press_button``, ``fail_next``, ...) consists of
plain methods meant to be called from the event loop the emulator runs in. State is guarded by a
lock and long polls are woken thread-safely, so calling them from another thread also works.

The package is split by API area: `emulator.py` (state, the method table, the server),
`scripting.py` and `groups.py` (what users do), `observation.py` (what tests read back),
`faults.py`, `http.py`, `methods_updates.py` and `methods_messages.py` (the Bot API methods),
`method_helpers.py` and `internals.py`; `html.py`/`html_tags.py` parse Telegram HTML.

Deliberate differences from the real server (all documented where they apply):

* ``getUpdates`` accepts a fractional ``timeout`` (PTB sends one for a fractional ``timedelta``),
  which keeps long-polling tests fast.
* With ``strict_html=True`` (the default) a ``&`` that does not start one of the entities
  Telegram knows is rejected. The real server shows such a ``&`` literally, but its documentation
  requires escaping it, so the strict mode catches missing escaping early.
* Only private chats with users registered through :meth:`TelegramBotApiEmulator.add_user` (or
  who wrote to the bot: scripting an inbound message from an unknown user registers them) exist,
  and the groups made with :meth:`TelegramBotApiEmulator.add_group`. In groups the emulator
  does not check the bot's admin rights.
* ``parse_mode=MarkdownV2``/``Markdown`` text is accepted without entity parsing.
"""

from tests.emulators.telegram_bot_api.emulator import TelegramBotApiEmulator
from tests.emulators.telegram_bot_api.html import parse_telegram_html
from tests.emulators.telegram_bot_api.html_tags import TelegramHtmlError
from tests.emulators.telegram_bot_api.records import (
    AnsweredCallback,
    ApiError,
    FileInfo,
    RecordedCall,
    SentMessage,
)

__all__ = [
    "AnsweredCallback",
    "ApiError",
    "FileInfo",
    "RecordedCall",
    "SentMessage",
    "TelegramBotApiEmulator",
    "TelegramHtmlError",
    "parse_telegram_html",
]
