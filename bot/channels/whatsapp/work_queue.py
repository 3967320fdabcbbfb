"""Background work after the webhook answered: in order per person, concurrent across people.

Meta expects a 200 within seconds and retries otherwise, so the webhook only queues work.
Jobs with the same key (a WhatsApp id) run one after another in arrival order, so "2" typed
after a list is read after the list was sent; different keys run concurrently, at most
`concurrency` at a time so a burst cannot exhaust the database pool. `close` stops taking work,
lets what is queued finish for a while, then cancels the rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]
_Entry = tuple[Job, "asyncio.Future[None]"]


class KeyedWorkQueue:
    def __init__(self, concurrency: int = 32) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._queues: dict[str, deque[_Entry]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self.closed = False

    def submit(self, key: str, job: Job) -> asyncio.Future[None] | None:
        """Queue `job` behind earlier jobs with the same key; None once closed. The future
        is done when the job has run (successfully or not)."""
        if self.closed:
            return None
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._queues.get(key)
        if queue is not None:
            queue.append((job, done))
            return done
        self._queues[key] = deque([(job, done)])
        self._idle.clear()
        task = asyncio.create_task(self._run(key), name="whatsapp-work")
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return done

    async def _run(self, key: str) -> None:
        queue = self._queues[key]
        try:
            async with self._slots:
                while queue:
                    job, done = queue[0]
                    try:
                        await job()
                    except Exception as error:
                        # The type only: messages and ids are personal data.
                        log.error("whatsapp: a queued job failed: %s", type(error).__name__)
                    queue.popleft()
                    if not done.done():
                        done.set_result(None)
        finally:
            for _, done in self._queues.pop(key):
                done.cancel()  # cancelled at shutdown: never ran

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self._idle.set()

    async def join(self) -> None:
        """Wait until every queued job has run."""
        await self._idle.wait()

    async def close(self, drain_seconds: float) -> None:
        """Take no more work; finish queued jobs for a while, then cancel the rest."""
        self.closed = True
        try:
            await asyncio.wait_for(self._idle.wait(), drain_seconds)
        except TimeoutError:
            pending = list(self._tasks)
            log.warning("whatsapp: cancelling %d unfinished jobs at shutdown", len(pending))
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
