"""The worker's Prometheus instruments (served at `/metrics` by the web app).

Labels carry channels, kinds, outcomes and worker ids, never a member, a chat or a text.
Counters and histograms are this process's own: Prometheus scrapes every worker and sums.
What lives in the database (outbox rows by kind and state, who holds which lease) is read
at scrape time by the web app's collector, so every worker reports the same whole picture.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SENDS = Counter(
    "josoor_outbox_sends",
    "Outbox deliveries by channel, kind and outcome (sent, unreachable, failed, retry).",
    ["channel", "kind", "outcome"],
)
RATE_LIMITED = Counter(
    "josoor_rate_limited",
    "Rate limit answers (429 and the like) from a platform, by channel.",
    ["channel"],
)
RATE_LIMIT_WAIT = Counter(
    "josoor_rate_limit_wait_seconds",
    "Seconds platforms asked us to wait (retry_after), by channel.",
    ["channel"],
)
UPDATE_SECONDS = Histogram(
    "josoor_update_handling_seconds",
    "Time to handle one incoming message (one unit of work), by channel.",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LEASES_TAKEN_OVER = Counter(
    "josoor_outbox_leases_taken_over",
    "Outbox rows this worker took over from workers whose lease expired, by what became of "
    "them (requeued, resent, uncertain).",
    ["result"],
)
WORKER = Gauge("josoor_worker", "1 for this worker, labelled with its id.", ["worker"])


def rate_limited(channel: str, wait_seconds: float | None) -> None:
    RATE_LIMITED.labels(channel).inc()
    if wait_seconds:
        RATE_LIMIT_WAIT.labels(channel).inc(wait_seconds)
