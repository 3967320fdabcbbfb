"""Every malformed input is a 4xx or a polite answer (issue 16, point 4).

Deep JSON, huge numbers and NaN at the webhooks (after the secret or signature), unpaired
surrogates and control characters in texts and names, button ids with numbers the database
cannot hold, typed numbers int() cannot read, and commands copied with a direction mark.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from bot.app import Core
from bot.channels.json_input import MalformedJson, load_json, nesting_depth
from bot.channels.memory import MemoryMember
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.messages import Reply, is_valid_option_id
from bot.web.app import build_web_app
from tests.ambassadors.conftest import ambassador
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import TOKEN
from tests.whatsapp.conftest import AT, exchange, onboard, option_ids, text_of
from tests.whatsapp.harness import Rig, serve

MemberFactory = Callable[..., MemoryMember]
DEEP = b"[" * 20_000
HUGE_NUMBER = b'{"update_id": ' + b"7" * 5_000 + b"}"
STALE = "That button is no longer valid. Here is what I can do now:"
SORRY = "Sorry, something went wrong on my side. Please try again."


def test_json_limits() -> None:
    for body in (DEEP, HUGE_NUMBER, b'{"a": NaN}', b"[1e999]", b"\xff\xfe", b"[" * 33 + b"]" * 33):
        with pytest.raises(MalformedJson):
            load_json(body)
    assert load_json(b'{"a": "[[[[", "b": [[1.5, -2]]}') == {"a": "[[[[", "b": [[1.5, -2]]}
    assert load_json(b"[" * 32 + b"]" * 32) is not None
    assert nesting_depth('{"x": "\\"[[[", "y": [{}]}') == 3
    assert load_json(json.dumps({"id": 2**62}).encode()) == {"id": 2**62}


def test_numbers_in_option_ids_must_fit_the_database() -> None:
    assert is_valid_option_id("join:2147483647")
    assert not is_valid_option_id("join:2147483648")
    assert not is_valid_option_id("rsvp:yes:" + "9" * 25)
    assert not is_valid_option_id("bc:go:-99999999999")


async def onboarded(member_factory: MemberFactory, locale: str = "en") -> MemoryMember:
    member = member_factory(locale)
    await member.say("/start")
    await member.press(f"consent:accept:{locale}")
    await member.press("role:newcomer")
    await member.press("join:1")
    return member


@pytest.mark.parametrize(
    "option",
    ["join:" + "9" * 25, "join:9999999999", "rsvp:yes:" + "1" * 20, "bc:go:" + "4" * 21,
     "prj:v:" + "8" * 30, "mg:time:" + "5" * 19],
)  # fmt: skip
async def test_huge_numbers_in_buttons_get_the_stale_button_answer(
    member_factory: MemberFactory, core: Core, option: str
) -> None:
    member = await onboarded(member_factory)
    [answer] = await member.press(option)
    assert answer.text == STALE


def sendable(replies: list[Reply]) -> None:
    for reply in replies:
        reply.text.encode("utf-8")  # raises on a surrogate
        assert "\x00" not in reply.text


async def test_a_lone_surrogate_typed_as_a_city_is_answered(
    member_factory: MemberFactory, core: Core
) -> None:
    member = member_factory("de", name="Sa\ud800m\x00")
    await member.say("/start")
    sendable(await member.press("consent:accept:de"))
    sendable(await member.press("role:newcomer"))
    replies = await member.say("Wien\udc00\x00")
    sendable(replies)
    assert SORRY not in [r.text for r in replies]
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
    assert stored is not None and stored.display_name == "Sa\ufffdm"


@pytest.mark.parametrize("mark", ["\u200e", "\u200f\u200e", "\u061c", "\u2067", " \u200e"])
async def test_a_command_copied_with_a_direction_mark_is_a_command(
    member_factory: MemberFactory, core: Core, mark: str
) -> None:
    member = await onboarded(member_factory, "ar")
    plain = await member.say("/mydata")
    marked = await member.say(f"{mark}/mydata")
    assert [r.text for r in marked] == [r.text for r in plain]
    assert any(r.attachment is not None for r in marked)


@pytest.mark.parametrize("typed", ["²", "٣" * 5_000, "9" * 5_000, "-" + "1" * 4_400])
async def test_numbers_int_cannot_read_get_the_question_again(
    member_factory: MemberFactory, core: Core, typed: str
) -> None:
    amira = await ambassador(core, member_factory, locale="en")
    await amira.say("/newmeetup")
    await amira.say("Language café")
    await amira.press("mk:day:20261128")
    await amira.press("mk:time:1800")
    assert [o.id for o in (await amira.press("mk:skip"))[-1].options] == ["mk:nolimit"]
    replies = await amira.say(typed)
    assert [o.id for o in replies[-1].options] == ["mk:nolimit"]
    assert SORRY not in [r.text for r in replies]


# --- the webhooks ---------------------------------------------------------------------------

SECRET = "s3cret_Webhook-token"


async def test_telegram_webhook_refuses_deep_and_huge_json_with_400(core: Core) -> None:
    async with TelegramBotApiEmulator(token=TOKEN) as api:
        channel = TelegramChannel(
            TOKEN, api.api_root, core.service, core.catalogs,
            webhook_url="https://bot.example.org/", webhook_secret=SECRET,
        )  # fmt: skip
        await channel.start()
        try:
            app = build_web_app(core, web_chat=False, extra_routes=channel.routes())
            async with serve(app) as base, httpx.AsyncClient() as client:
                url = f"{base}/webhooks/telegram"
                good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                for body in (
                    DEEP,
                    HUGE_NUMBER,
                    b'{"update_id": NaN}',
                    b'{"update_id": 1, "message": [1]}',
                    b'{"update_id": 1, "message": {"chat": 5}}',
                ):
                    answer = await client.post(url, content=body, headers=good)
                    assert answer.status_code == 400, body[:40]
                api.add_user(7002, first_name="Mi\ud800ra", language_code="de")
                update = api.send_text(7002, "/start")
                update["message"]["text"] = "\u200e/start"
                body = json.dumps(update).encode()
                assert (await client.post(url, content=body, headers=good)).status_code == 200
                [notice] = await api.wait_for_messages(7002, 1)
                assert notice["plain_text"]
        finally:
            await channel.stop()


async def test_whatsapp_webhook_refuses_deep_and_huge_json_with_400(rig: Rig) -> None:
    for body in (DEEP, b'{"object": ' + b"1" * 5_000 + b"}", b'{"object": Infinity}'):
        answer = await rig.api.post(body)  # signed: the limits come after the signature
        assert answer.status_code == 400


async def test_whatsapp_lone_surrogates_in_a_city_and_a_name_are_answered(rig: Rig) -> None:
    await onboard(rig, AT, name="Mi\ud800ra")
    await exchange(rig, AT, rig.api.button_reply(AT, "role:newcomer"))
    answers = await exchange(rig, AT, rig.api.text(AT, "Wien\udfff"))
    assert answers, "the reply echoing the city was lost"
    assert all("\ufffd" in text_of(a) or "join:" in " ".join(option_ids(a)) for a in answers)


async def test_whatsapp_command_with_a_mark_is_not_a_choice(rig: Rig) -> None:
    await onboard(rig)
    [menu] = (await exchange(rig, AT, rig.api.text(AT, "/menu")))[-1:]
    assert option_ids(menu)
    answers = await exchange(rig, AT, rig.api.text(AT, "\u200f\u200e/mydata"))
    assert any(a["type"] == "document" for a in answers)
