"""Meta's webhook gets its 200 only once the payload's messages are handled and committed
(issue 13): a worker killed before that leaves the payload with Meta, which delivers it again.
"""

from __future__ import annotations

from tests.whatsapp.conftest import count_rows
from tests.whatsapp.harness import Rig

IR = "989120000003"  # +98: Farsi


async def test_the_200_comes_after_the_reply_and_the_commit(rig: Rig) -> None:
    rig.api.add_user(IR, "Dara")
    answer = await rig.api.post(rig.api.messages_payload(IR, rig.api.text(IR, "سلام")))
    assert answer.status_code == 200
    # No waiting for the queue: by the 200 the greeting is out and the event recorded.
    assert len(rig.api.sent_to(IR)) >= 1
    assert await count_rows(rig.core, "processed_events") == 1


async def test_no_200_while_shutting_down(rig: Rig) -> None:
    rig.api.add_user(IR, "Dara")
    await rig.channel.stop()
    answer = await rig.api.post(rig.api.messages_payload(IR, rig.api.text(IR, "سلام")))
    assert answer.status_code == 503
    assert rig.api.sent_to(IR) == []
