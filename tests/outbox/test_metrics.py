"""/metrics answers in Prometheus' text format: the outbox by kind and state (read from the
database at scrape time), the leases each worker holds, sends by channel and outcome and
the update handling latency; no label carries a member's id or words."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.core.common.clock import FrozenClock
from bot.core.common.outbox import NoticeKind
from bot.web.app import build_web_app
from tests.outbox.conftest import claim, enqueue, members
from tests.whatsapp.harness import serve


async def test_metrics_show_the_outbox_the_leases_and_the_handling_latency(
    core: Core, clock: FrozenClock
) -> None:
    people = await members(core, 3)
    await enqueue(core, people, NoticeKind.REMINDER, clock.now())
    await enqueue(core, people[:1], NoticeKind.BROADCAST, clock.now())
    await claim(core, "host:7:abc", clock.now(), 2)
    someone = MemoryMember(core.service, "member-x", locale_hint="ar", profile_name="سارة")
    await someone.say("مرحبا")

    async with serve(build_web_app(core)) as base, httpx.AsyncClient(base_url=base) as client:
        answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }
    rows = {
        labels: value for (name, labels), value in samples.items() if name == "josoor_outbox_rows"
    }
    assert rows == {
        (("kind", "broadcast"), ("state", "pending")): 1.0,
        (("kind", "reminder"), ("state", "pending")): 1.0,
        (("kind", "reminder"), ("state", "sending")): 2.0,
    }
    assert samples[("josoor_outbox_leased_rows", (("worker", "host:7:abc"),))] == 2.0
    assert samples[("josoor_worker", (("worker", core.worker),))] == 1.0
    assert samples[("josoor_update_handling_seconds_count", (("channel", "telegram"),))] >= 1
    assert not any(word in answer.text for word in ("سارة", "مرحبا", "member-x"))
