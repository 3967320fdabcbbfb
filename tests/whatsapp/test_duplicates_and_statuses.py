"""Redeliveries are answered once; statuses move delivery state forward and never reply."""

from __future__ import annotations

from tests.whatsapp.conftest import AT, count_rows, onboard, stored_member
from tests.whatsapp.harness import Rig


async def test_a_replayed_webhook_is_answered_once(rig: Rig) -> None:
    rig.api.add_user(AT, "Mira")
    message = rig.api.text(AT, "/start")
    await rig.api.send(AT, message)
    await rig.channel.wait_idle()
    answered = len(rig.api.sent_to(AT))
    assert answered >= 1
    for _ in range(3):  # Meta retries: the same wamid again, also inside one payload
        await rig.api.send(AT, message, message)
    await rig.channel.wait_idle()
    assert len(rig.api.sent_to(AT)) == answered
    assert await count_rows(rig.core, "processed_events") == 1


async def test_1000_messages_in_one_batch_with_duplicates_are_each_handled_once(
    rig: Rig,
) -> None:
    senders = [f"99900000{n:04d}" for n in range(40)]  # no language hint: the language menu
    # Texts that name no language ("hello" would be English, and get the privacy notice).
    distinct = [rig.api.text(senders[n % len(senders)], f"👋 {n}") for n in range(400)]
    batch = [*distinct, *distinct[:400], *distinct[:200]]  # 1,000 messages, 600 duplicates
    rig.channel.ack_deadline_seconds = 0.0  # nothing can be done by then
    answer = await rig.api.post(rig.api.batch_payload(batch))
    # Not all handled within the deadline: no 200 (Meta delivers it again); the work goes on.
    assert answer.status_code == 503
    rig.channel.ack_deadline_seconds = 60.0
    again = await rig.api.post(rig.api.batch_payload(batch))  # Meta's redelivery
    assert again.status_code == 200  # only once every message is handled
    assert len(rig.api.sent) == 400
    assert await count_rows(rig.core, "processed_events") == 400
    assert len(rig.api.sent) == 400  # one language menu per distinct message
    for sender in senders:
        assert len(rig.api.sent_to(sender)) == 10


async def test_statuses_only_move_forward_and_never_reply(rig: Rig) -> None:
    await onboard(rig)
    sent_before = len(rig.api.sent)
    wamid = rig.api.sent_to(AT)[-1]["id"]
    for status in ("read", "delivered", "sent"):  # out of order: read overtook the others
        assert (await rig.api.send_status(wamid, status, AT)).status_code == 200
    await rig.channel.wait_idle()
    assert await rig.store.status_of(wamid) == "read"
    await rig.api.send_status(wamid, "failed", AT, error_code=131000)
    await rig.api.send_status(wamid, "delivered", AT)
    await rig.channel.wait_idle()
    assert await rig.store.status_of(wamid) == "failed"  # terminal
    other = rig.api.sent_to(AT)[0]["id"]
    await rig.api.send_status(other, "sent", AT)
    await rig.api.send_status(other, "delivered", AT)
    await rig.channel.wait_idle()
    assert await rig.store.status_of(other) == "delivered"
    assert len(rig.api.sent) == sent_before  # statuses never trigger a reply


async def test_a_failed_status_with_131026_marks_the_member_unreachable(rig: Rig) -> None:
    await onboard(rig)
    wamid = rig.api.sent_to(AT)[-1]["id"]
    await rig.api.send_status(wamid, "failed", AT, error_code=131026)
    await rig.channel.wait_idle()
    member = await stored_member(rig.core, AT)
    assert member is not None and member.unreachable
    assert await rig.store.status_of(wamid) == "failed"


async def test_delivery_states_are_purged_after_seven_days(rig: Rig) -> None:
    from datetime import timedelta

    await rig.store.advance("wamid.old", "sent", rig.core.clock.now(), None)
    assert await rig.store.purge_older_than(rig.core.clock.now() - timedelta(days=7)) == 0
    purged = await rig.store.purge_older_than(rig.core.clock.now() + timedelta(seconds=1))
    assert purged == 1
    assert await rig.store.status_of("wamid.old") is None
