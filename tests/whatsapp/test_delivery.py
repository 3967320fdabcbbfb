"""Proactive delivery: the 24-hour window, templates, WhatsApp's error codes, and pacing."""

from __future__ import annotations

from datetime import timedelta

from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Attachment, AttachmentKind, Option, Reply
from tests.whatsapp.conftest import AT, exchange, onboard, stored_member
from tests.whatsapp.harness import Rig

ADDRESS = ChannelAddress(Channel.WHATSAPP, AT)
REMINDER = Reply(
    "Reminder: Picnic is on Sunday.",
    "de",
    options=(Option("rsvp:no:1", "Ich kann nicht kommen"),),
    template_key="meetup_reminder",
    template_params=("Picnic", "Sonntag, 29. November, 15:00"),
)
PLAIN = Reply("Hallo!", "de")


def _messages_calls(rig: Rig) -> list[int]:
    return [c["status"] for c in rig.api.calls if c["path"].endswith("/messages")]


async def _deliver(rig: Rig, *replies: Reply, bulk: bool = False) -> DeliveryResult:
    return await rig.channel.deliver(ADDRESS, list(replies), bulk=bulk)


async def test_inside_the_window_replies_go_as_they_are(rig: Rig) -> None:
    await onboard(rig)
    assert isinstance(rig.core.clock, FrozenClock)
    rig.core.clock.advance(timedelta(hours=23, minutes=59))
    assert await _deliver(rig, REMINDER, PLAIN) == DeliveryResult(DeliveryStatus.SENT)
    assert [m["type"] for m in rig.api.sent_to(AT)[-2:]] == ["interactive", "text"]


async def test_outside_the_window_a_reply_with_a_template_goes_as_the_template(rig: Rig) -> None:
    await onboard(rig)
    assert isinstance(rig.core.clock, FrozenClock)
    rig.core.clock.advance(timedelta(hours=24, seconds=1))
    calls = len(rig.api.calls)
    result = await _deliver(rig, PLAIN)
    assert result == DeliveryResult(DeliveryStatus.FAILED, reason="outside_window")
    assert len(rig.api.calls) == calls  # nothing was tried
    assert await _deliver(rig, REMINDER) == DeliveryResult(DeliveryStatus.SENT)
    template = rig.api.sent_to(AT)[-1]["body"]["template"]
    assert template["name"] == "josoor_meetup_reminder"
    assert template["language"]["code"] == "de"
    assert template["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "Picnic", "parameter_name": "title"},
                {"type": "text", "text": "Sonntag, 29. November, 15:00", "parameter_name": "when"},
            ],
        }
    ]
    unknown = Reply("?", "de", template_key="no_such_template")
    assert (await _deliver(rig, unknown)).reason == "no_template"


async def test_a_member_who_never_wrote_after_consent_gets_templates_only(rig: Rig) -> None:
    result = await rig.channel.deliver(ChannelAddress(Channel.WHATSAPP, "4915100000009"), [PLAIN])
    assert result == DeliveryResult(DeliveryStatus.FAILED, reason="outside_window")


async def test_131047_is_retried_exactly_once_as_the_template(rig: Rig) -> None:
    await onboard(rig)
    rig.api.fail_next(131047)
    assert await _deliver(rig, REMINDER) == DeliveryResult(DeliveryStatus.SENT)
    assert _messages_calls(rig)[-2:] == [400, 200]
    assert rig.api.sent_to(AT)[-1]["type"] == "template"
    rig.api.fail_next(131047, count=5)
    before = len(_messages_calls(rig))
    result = await _deliver(rig, REMINDER)
    assert result == DeliveryResult(DeliveryStatus.FAILED, reason="outside_window")
    assert len(_messages_calls(rig)) - before == 2  # the reply and one template: never a loop


async def test_131047_without_a_template_fails_without_retry(rig: Rig) -> None:
    await onboard(rig)
    rig.api.fail_next(131047)
    before = len(_messages_calls(rig))
    result = await _deliver(rig, PLAIN)
    assert result == DeliveryResult(DeliveryStatus.FAILED, reason="outside_window")
    assert len(_messages_calls(rig)) - before == 1


async def test_131026_means_unreachable_and_a_failed_reply_marks_the_member(rig: Rig) -> None:
    await onboard(rig)
    rig.api.fail_next(131026)
    result = await _deliver(rig, PLAIN)
    assert result == DeliveryResult(DeliveryStatus.UNREACHABLE, reason="131026")
    rig.api.fail_next(131026)
    await exchange(rig, AT, rig.api.text(AT, "/help"))
    member = await stored_member(rig.core, AT)
    assert member is not None and member.unreachable
    await exchange(rig, AT, rig.api.text(AT, "/menu"))  # writing again clears it
    member = await stored_member(rig.core, AT)
    assert member is not None and not member.unreachable


async def test_rate_limits_are_reported_as_retry(rig: Rig) -> None:
    await onboard(rig)
    rig.api.fail_next(130429, retry_after=3)
    assert await _deliver(rig, PLAIN) == DeliveryResult(DeliveryStatus.RETRY, 3.0, "130429")
    rig.api.fail_next(130429)
    assert await _deliver(rig, PLAIN) == DeliveryResult(DeliveryStatus.RETRY, 2.0, "130429")
    rig.api.fail_next(131056)
    assert await _deliver(rig, PLAIN) == DeliveryResult(DeliveryStatus.RETRY, 6.0, "131056")


async def test_an_image_is_uploaded_then_sent(rig: Rig) -> None:
    await onboard(rig)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    picture = Attachment(AttachmentKind.IMAGE, "map.png", "image/png", png)
    assert await _deliver(rig, Reply("Hier:", "de", attachment=picture)) == DeliveryResult(
        DeliveryStatus.SENT
    )
    image = rig.api.sent_to(AT)[-1]["body"]["image"]
    assert image["caption"] == "Hier:"
    assert rig.api.uploads[image["id"]]["content"] == png


async def test_a_wrong_token_is_a_failure_not_a_retry(rig: Rig) -> None:
    await onboard(rig)
    rig.api.token = "rotated"
    result = await _deliver(rig, PLAIN)
    assert result == DeliveryResult(DeliveryStatus.FAILED, reason="190")
