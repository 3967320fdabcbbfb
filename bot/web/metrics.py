"""`GET /metrics`: this worker's instruments (`bot/metrics.py`) and, read from the database
at scrape time, the outbox by kind and state and the leases each worker holds, in
Prometheus' text format. No label names a member, a chat or a text.

Serve it to your Prometheus only: block `/metrics` at the reverse proxy (see the README).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot import metrics
from bot.app import Core

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _Snapshot(Collector):
    """What the database said at this scrape (collectors themselves cannot await)."""

    def __init__(
        self, census: Sequence[tuple[str, str, int]], leases: Sequence[tuple[str, int]]
    ) -> None:
        self._census = census
        self._leases = leases

    def collect(self) -> Iterator[Metric]:
        rows = GaugeMetricFamily(
            "josoor_outbox_rows", "Outbox rows by kind and state.", labels=["kind", "state"]
        )
        for kind, state, count in self._census:
            rows.add_metric([kind, state], count)
        yield rows
        held = GaugeMetricFamily(
            "josoor_outbox_leased_rows",
            "Outbox rows being sent, by the worker holding their lease.",
            labels=["worker"],
        )
        for worker, count in self._leases:
            held.add_metric([worker], count)
        yield held


def metrics_routes(core: Core) -> list[Route]:
    metrics.WORKER.labels(core.worker).set(1)

    async def scrape(_: Request) -> Response:
        async with core.uow_factory() as uow:
            census = await uow.outbox.census()
            leases = await uow.outbox.leases()
        snapshot = CollectorRegistry(auto_describe=False)
        snapshot.register(_Snapshot(census, leases))
        body = generate_latest(REGISTRY) + generate_latest(snapshot)
        return Response(body, media_type=CONTENT_TYPE)

    return [Route("/metrics", scrape)]
