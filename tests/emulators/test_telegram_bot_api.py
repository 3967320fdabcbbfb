"""Tests of the Telegram Bot API emulator, driven by the real python-telegram-bot client.

Over 300 lines on purpose: the emulator's contract, one test per Bot API behaviour we rely on.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import struct
import time
import warnings
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from telegram import Bot as PtbBot
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from tests.emulators.telegram_bot_api import TelegramBotApiEmulator, parse_telegram_html

pytestmark = pytest.mark.filterwarnings(
    # PTB 22 warns when int-valued durations (retry_after, duration) are read.
    "ignore::telegram.warnings.PTBDeprecationWarning"
)

TOKEN = "123:ABC"
USER = 1001
OTHER_USER = 1002


def _png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data)] for text, data in pairs]
    )


@pytest_asyncio.fixture
async def api() -> AsyncIterator[TelegramBotApiEmulator]:
    async with TelegramBotApiEmulator(token=TOKEN) as emulator:
        emulator.add_user(USER, first_name="Layla", language_code="ar", username="layla")
        emulator.add_user(OTHER_USER, first_name="Omar", language_code="en")
        yield emulator


@pytest_asyncio.fixture
async def bot(api: TelegramBotApiEmulator) -> AsyncIterator[PtbBot]:
    async with PtbBot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as client:
        yield client


@pytest.mark.asyncio
async def test_get_me_and_token_and_method_checks(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123, True, "josoor_test_bot")
    assert api.base_url == f"http://127.0.0.1:{api.port}/bot"
    assert api.api_root == f"http://127.0.0.1:{api.port}"

    with pytest.raises(InvalidToken):
        async with PtbBot("123:WRONG", base_url=api.base_url):
            pass  # initialize() calls getMe, which the wrong token fails
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")

    async with httpx.AsyncClient(base_url=api.api_root) as client:
        response = await client.post("/bot123:WRONG/getMe")
        assert response.status_code == 401
        assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        response = await client.post(f"/bot{TOKEN}/noSuchMethod")
        assert response.status_code == 404
        assert response.json()["description"] == "Not Found"
        # A JSON body works too, with reply_markup as a nested object.
        response = await client.post(
            f"/bot{TOKEN}/sendMessage",
            json={
                "chat_id": USER,
                "text": "json body",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            },
        )
        assert response.status_code == 200
        result = response.json()["result"]
        assert result["text"] == "json body"
        assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    assert [call["status"] for call in api.calls("getMe")] == [200, 200, 401, 401]


@pytest.mark.asyncio
async def test_send_message_then_button_press_arrives_as_callback_query(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    sent = await bot.send_message(
        USER, "Choose a city", reply_markup=_keyboard(("Amman", "city:amman"))
    )
    assert sent.message_id == 1
    assert sent.from_user is not None
    assert sent.from_user.id == 123
    assert sent.chat.id == USER
    assert sent.text == "Choose a city"
    second = await bot.send_message(USER, "again")
    assert second.message_id == 2

    record = api.last_message(USER)
    assert record["method"] == "sendMessage"
    assert record["text"] == "again"
    assert api.sent_messages(USER)[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Amman", "callback_data": "city:amman"}]]
    }

    with pytest.raises(ValueError, match="no button"):
        api.press_button(USER, sent.message_id, "city:cairo")
    pushed = api.press_button(USER, sent.message_id, "city:amman")
    updates = await bot.get_updates(timeout=1)
    assert [update.update_id for update in updates] == [pushed["update_id"]]
    query = updates[0].callback_query
    assert query is not None
    assert query.data == "city:amman"
    assert query.from_user.id == USER
    assert query.from_user.language_code == "ar"
    assert isinstance(query.message, Message)
    assert query.message.message_id == sent.message_id
    assert query.message.reply_markup == _keyboard(("Amman", "city:amman"))

    assert await bot.answer_callback_query(query.id, text="Saved")
    assert api.answered_callbacks[0]["text"] == "Saved"
    assert api.answered_callbacks[0]["data"] == "city:amman"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("42")


@pytest.mark.asyncio
async def test_long_poll_waits_for_an_update_and_returns_when_one_is_pushed(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
    assert time.monotonic() - started >= 0.28  # it really waited

    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()  # nothing queued: still waiting
    pushed_at = time.monotonic()
    api.send_text(USER, "hello")
    updates = await asyncio.wait_for(poll, timeout=2)
    assert time.monotonic() - pushed_at < 1.0  # woke up at once, not after the 5 s timeout
    assert updates[0].message is not None
    assert updates[0].message.text == "hello"


@pytest.mark.asyncio
async def test_offset_confirms_updates_and_limit_caps_them(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    ids = [api.send_text(USER, f"message {n}")["update_id"] for n in range(3)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3

    first = await bot.get_updates(timeout=0)
    assert [update.update_id for update in first] == ids
    again = await bot.get_updates(timeout=0)  # not confirmed yet: delivered again
    assert [update.update_id for update in again] == ids
    limited = await bot.get_updates(offset=ids[1], limit=1, timeout=0)
    assert [update.update_id for update in limited] == [ids[1]]
    assert api.pending_update_count == 2
    assert await bot.get_updates(offset=ids[2] + 1, timeout=0) == ()
    assert api.pending_update_count == 0

    # Re-pushing a delivered update simulates a duplicate delivery.
    api.push_raw_update({"update_id": ids[0], "message": first[0].message.to_dict()})  # type: ignore[union-attr]
    duplicate = await bot.get_updates(offset=ids[2] + 1, timeout=0)
    assert [update.update_id for update in duplicate] == [ids[0]]


@pytest.mark.asyncio
async def test_html_is_validated_like_telegram(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    ok = await bot.send_message(
        USER, "&lt;b&gt; is <b>bold</b> &amp; <i>مرحبا</i>", parse_mode="HTML"
    )
    assert ok.text == "<b> is bold & مرحبا"
    assert [(entity.type, entity.offset, entity.length) for entity in ok.entities] == [
        ("bold", 7, 4),
        ("italic", 14, 5),
    ]
    assert api.last_message(USER)["text"] == "&lt;b&gt; is <b>bold</b> &amp; <i>مرحبا</i>"
    assert api.last_message(USER)["plain_text"] == "<b> is bold & مرحبا"

    rejected = {
        "<script>alert(1)</script>": 'unsupported start tag "script" at byte offset 0',
        "<b>never closed": 'can\'t find end tag corresponding to start tag "b"',
        "<b>x</i>": 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        "1 < 2": 'unsupported start tag "" at byte offset 2',
        "Tom & Jerry": 'unescaped "&"',
        '<span class="x">s</span>': 'tag "span" must have class "tg-spoiler"',
    }
    for text, reason in rejected.items():
        with pytest.raises(BadRequest) as caught:
            await bot.send_message(USER, text, parse_mode="HTML")
        assert caught.value.message.lower() == f"can't parse entities: {reason}".lower() or (
            caught.value.message.lower().startswith(f"can't parse entities: {reason}".lower())
        ), (text, caught.value.message)
    assert len(api.sent_messages(USER)) == 1  # nothing rejected was delivered

    allowed = (
        '<a href="https://example.com/?a=1&amp;b=2">link</a> <tg-spoiler>s</tg-spoiler> '
        '<span class="tg-spoiler">s</span> <pre><code class="language-python">x = 1</code></pre>'
        " <blockquote expandable>q</blockquote> <s>x</s><u>y</u><code>z</code>&#1605;&#x645;"
    )
    message = await bot.send_message(USER, allowed, parse_mode="HTML")
    kinds = [entity.type for entity in message.entities]
    assert kinds.count("spoiler") == 2
    assert "expandable_blockquote" in kinds
    link = next(entity for entity in message.entities if entity.type == "text_link")
    assert link.url == "https://example.com/?a=1&b=2"
    pre = next(entity for entity in message.entities if entity.type == "pre")
    assert pre.language == "python"
    assert message.text is not None
    assert message.text.endswith("zمم")


def test_html_parser_reports_utf16_offsets_and_lenient_ampersand() -> None:
    text, entities = parse_telegram_html("😀 <b>é</b>")
    assert text == "😀 é"
    assert entities == [{"type": "bold", "offset": 3, "length": 1}]
    assert parse_telegram_html("Tom & Jerry", strict=False) == ("Tom & Jerry", [])


@pytest.mark.asyncio
async def test_text_limits(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    await bot.send_message(USER, "x" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "x" * 4097)
    # The limit applies after entity parsing: tags do not count.
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "who?")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(USER, _png(), caption="c" * 1025)
    assert len(api.sent_messages(USER)) == 2


@pytest.mark.asyncio
async def test_blocked_user_answers_forbidden(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    api.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(USER, "typing")
    assert api.calls("sendMessage")[-1]["status"] == 403
    await bot.send_message(OTHER_USER, "others still work")
    api.unblock(USER)
    await bot.send_message(USER, "back")
    assert [record["text"] for record in api.all_sent()] == ["others still work", "back"]


@pytest.mark.asyncio
async def test_injected_failures_and_delays(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    api.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "flood")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert caught.value.retry_after in (3, dtm.timedelta(seconds=3))
    assert api.calls("sendMessage")[-1]["response"] == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }

    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found", count=2)
    for _ in range(2):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(USER, "x")
    await bot.send_message(USER, "recovered")
    assert [record["text"] for record in api.sent_messages(USER)] == ["recovered"]

    api.delay_next("sendMessage", 0.5)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "slow", read_timeout=0.1)
    # Like the real server, the request is still processed after the client gave up.
    await api.wait_for_messages(USER, 2, timeout=2)
    assert api.last_message(USER)["text"] == "slow"


@pytest.mark.asyncio
async def test_send_document_and_photo_uploads(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    document = await bot.send_document(
        USER,
        b"name,city\nLayla,Amman\n",
        filename="report.csv",
        caption="<b>Report</b>",
        parse_mode="HTML",
        reply_markup=_keyboard(("Refresh", "refresh")),
    )
    assert document.document is not None
    assert document.document.file_name == "report.csv"
    assert document.caption == "Report"
    assert document.caption_entities[0].type == "bold"
    assert document.reply_markup == _keyboard(("Refresh", "refresh"))
    record = api.last_message(USER)
    assert record["document"] is not None
    assert record["document"]["filename"] == "report.csv"
    assert record["document"]["mime_type"] == "text/csv"
    assert record["document"]["size"] == 22
    assert record["document"]["content"] == b"name,city\nLayla,Amman\n"
    assert record["caption"] == "<b>Report</b>"
    assert record["plain_text"] == "Report"

    photo = await bot.send_photo(USER, _png(3, 2), caption="map", filename="map.png")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (3, 2)
    assert photo.photo[-1].file_id
    assert photo.photo[-1].file_unique_id
    record = api.last_message(USER)
    assert record["photo"] is not None
    assert (record["photo"]["filename"], record["photo"]["mime_type"]) == ("map.png", "image/png")
    assert record["photo"]["size"] == len(_png(3, 2))
    assert record["caption"] == "map"

    # Re-sending by file_id works; the file is downloadable through getFile.
    again = await bot.send_document(OTHER_USER, document.document.file_id)
    assert again.document is not None
    assert again.document.file_id == document.document.file_id
    downloaded = await (await bot.get_file(document.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == b"name,city\nLayla,Amman\n"

    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(USER, b"not an image", filename="x.png")
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(USER, "no-such-file-id")


@pytest.mark.asyncio
async def test_commands_per_language_and_scope(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "ابدأ")], language_code="ar")
    await bot.set_my_commands(
        [BotCommand("cities", "Cities")], scope=BotCommandScopeAllPrivateChats()
    )
    assert [command.command for command in await bot.get_my_commands()] == ["start", "help"]
    arabic = await bot.get_my_commands(language_code="ar")
    assert [(command.command, command.description) for command in arabic] == [("start", "ابدأ")]
    assert await bot.get_my_commands(language_code="fr") == ()
    assert api.commands[("all_private_chats", "")] == [
        {"command": "cities", "description": "Cities"}
    ]
    await bot.delete_my_commands(language_code="ar")
    assert await bot.get_my_commands(language_code="ar") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


@pytest.mark.asyncio
async def test_callback_data_is_limited_to_64_bytes(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    await bot.send_message(USER, "ok", reply_markup=_keyboard(("A", "a" * 64)))
    await bot.send_message(USER, "ok", reply_markup=_keyboard(("B", "ب" * 32)))  # 64 bytes
    for data in ("a" * 65, "ب" * 33):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(USER, "too long", reply_markup=_keyboard(("A", data)))
    with pytest.raises(BadRequest, match=r"(?i)text buttons are not allowed"):
        await bot.send_message(USER, "no action", reply_markup=_keyboard(("A", "")))
    assert len(api.sent_messages(USER)) == 2


@pytest.mark.asyncio
async def test_edit_message_text_rules(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    sent = await bot.send_message(USER, "<b>v1</b>", parse_mode="HTML")
    edited = await bot.edit_message_text("v2", chat_id=USER, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.text == "v2"
    assert edited.edit_date
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("v2", chat_id=USER, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("v3", chat_id=USER, message_id=99)
    user_message = api.send_text(USER, "mine")["message"]
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=user_message["message_id"])
    current = api.message(USER, sent.message_id)
    assert current is not None
    assert current["text"] == "v2"
    assert [record["method"] for record in api.sent_messages(USER)] == [
        "sendMessage",
        "editMessageText",
    ]


@pytest.mark.asyncio
async def test_rate_limit_mode_flags_a_second_message_within_a_second(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    api.enforce_rate_limits(global_per_second=30, per_chat_per_second=1)
    await bot.send_message(USER, "first")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "second")
    assert api.rate_limit_violations == 1
    await bot.send_message(OTHER_USER, "another chat is fine")
    assert api.calls("sendMessage")[-2]["response"]["parameters"]["retry_after"] == 1

    api.enforce_rate_limits(global_per_second=2, per_chat_per_second=5)
    await bot.send_message(USER, "one")
    await bot.send_message(OTHER_USER, "two")
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "global limit: third send within the second")
    assert api.rate_limit_violations == 2


@pytest.mark.asyncio
async def test_inbound_update_shapes(api: TelegramBotApiEmulator, bot: PtbBot) -> None:
    command = api.send_text(USER, "/start ref_abc")
    api.send_location(USER, 31.95, 35.93)
    api.send_sticker(USER)
    photo = api.send_photo(USER, caption="look")
    api.send_voice(USER, duration=4)
    api.send_edited_text(USER, command["message"]["message_id"], "/start edited")
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 6
    start, location, sticker, photo_update, voice, edited = updates
    assert start.message is not None
    assert start.message.text == "/start ref_abc"
    assert start.message.entities[0].type == "bot_command"
    assert start.message.entities[0].length == len("/start")
    assert start.message.from_user is not None
    assert start.message.from_user.language_code == "ar"
    assert location.message is not None
    assert location.message.location is not None
    assert location.message.location.latitude == pytest.approx(31.95)
    assert sticker.message is not None
    assert sticker.message.sticker is not None
    assert photo_update.message is not None
    assert photo_update.message.photo
    assert photo_update.message.caption == "look"
    assert voice.message is not None
    assert voice.message.voice is not None
    assert voice.message.voice.duration in (4, dtm.timedelta(seconds=4))
    assert edited.edited_message is not None
    assert edited.edited_message.text == "/start edited"
    assert [update.update_id for update in updates] == sorted(api.update_times)

    file_id = photo["message"]["photo"][-1]["file_id"]
    data = await (await bot.get_file(file_id)).download_as_bytearray()
    assert bytes(data).startswith(b"\x89PNG")


@pytest.mark.asyncio
async def test_second_long_poll_conflicts_and_webhook_blocks_polling(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    # A second bot instance polling with the same token terminates the first one's poll.
    async with PtbBot(TOKEN, base_url=api.base_url) as second_instance:
        first = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        assert await second_instance.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, timeout=2)

    assert await bot.set_webhook("https://example.com/hook", secret_token="s3cret")
    assert api.webhook is not None
    assert api.webhook["secret_token"] == "s3cret"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    with pytest.raises(BadRequest, match=r"(?i)an https url must be provided"):
        await bot.set_webhook("http://example.com/hook")
    assert await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


@pytest.mark.asyncio
async def test_application_long_polling_end_to_end(api: TelegramBotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            "Pick one", reply_markup=_keyboard(("Yes", "yes"), ("No", "no"))
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"You chose {query.data}")

    application = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .get_updates_request(HTTPXRequest(read_timeout=2))
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(timeout=1, drop_pending_updates=True)
        await application.start()
        try:
            update = api.send_text(USER, "/start")
            [reply] = await api.wait_for_messages(USER, 1)
            assert reply["plain_text"] == "Pick one"
            latency = api.reply_latency(update["update_id"])
            assert latency is not None
            assert 0 <= latency < 2

            api.press_button(USER, reply["message_id"], "yes")
            messages = await api.wait_for_messages(USER, 2)
            assert messages[-1]["method"] == "editMessageText"
            assert messages[-1]["plain_text"] == "You chose yes"
            assert len(api.answered_callbacks) == 1
        finally:
            await application.updater.stop()
            await application.stop()
    assert api.pending_update_count == 0  # the updater confirmed everything on stop
    assert api.calls("deleteWebhook")[0]["params"]["drop_pending_updates"] == "true"


@pytest.mark.asyncio
async def test_wait_for_messages_reports_what_arrived(
    api: TelegramBotApiEmulator, bot: PtbBot
) -> None:
    await bot.send_message(USER, "only one")
    with pytest.raises(AssertionError, match=r"got 1: .*only one"):
        await api.wait_for_messages(USER, 2, timeout=0.2)
