"""Acknowledged events, from the ack to the answer.

An event is acknowledged to Slack only once it is accepted here; Slack never redelivers an
acknowledged event, so from then on answering it is this module's job:

- `LocalDelivery` keeps accepted events in this process's memory and answers them with
  bounded concurrency. On SIGTERM it finishes what it holds (up to the drain time); what a
  killed process held is lost with it.
- `RedisDelivery` (bot/slack/redis_delivery.py) keeps them in a Redis Stream until they
  are answered, so another replica or a restart finishes what a stopped one left.

Both drop a redelivered event id before it is queued (in-process, and across replicas
through the store), count what they skip, and report their depth.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.metrics import Metrics

log = logging.getLogger(__name__)

# How long an event id is remembered for de-duplication (Slack retries within minutes).
EVENT_SEEN_TTL_SECONDS = 60 * 60
MAX_IN_FLIGHT = 512


@dataclass
class Job:
    """One acknowledged event: its id, the event_callback body, when it was acknowledged."""

    event_id: str
    body: dict[str, Any]
    received: float = field(default_factory=time.time)
    # Set by a delivery that already de-duplicated it across replicas (Redis).
    deduplicated: bool = False
    entry_id: str | None = None
    # Taken over from a replica that stopped or died: its answer may already be out.
    redelivered: bool = False
    # Set by a delivery that must hear the moment the answer is out (Redis: XACK).
    finish: Callable[[], Awaitable[None]] | None = field(default=None, repr=False)
    finished: bool = False

    async def answered(self) -> None:
        """The answer is out, or never will be: tell the delivery (once), before anything
        else happens, so a replica that dies now leaves nothing to answer twice."""
        if not self.finished:
            self.finished = True
            if self.finish is not None:
                await self.finish()


Handler = Callable[[Job], Awaitable[None]]


class Delivery(Protocol):
    async def accept(self, job: Job) -> bool:
        """Keep the job until it is answered; False when its event id was already seen."""
        ...

    def depth(self) -> int:
        """Jobs accepted here and not yet finished."""
        ...

    def running(
        self, handler: Handler, drain_seconds: float
    ) -> contextlib.AbstractAsyncContextManager[None]:
        """Answer jobs with `handler` while inside; on exit, drain."""
        ...


class RecentIds:
    """Event ids seen in the last `ttl` seconds (bounded): the in-process de-dup."""

    def __init__(
        self,
        ttl: float = EVENT_SEEN_TTL_SECONDS,
        max_entries: int = 200_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """Record the id; False when it was recorded less than `ttl` ago."""
        now = self.clock()
        while self._seen:
            oldest, stamp = next(iter(self._seen.items()))
            if stamp > now - self.ttl and len(self._seen) < self.max_entries:
                break
            del self._seen[oldest]
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True

    def __contains__(self, event_id: str) -> bool:
        stamp = self._seen.get(event_id)
        return stamp is not None and stamp > self.clock() - self.ttl


class LocalDelivery:
    """Accepted jobs in memory, answered by up to `max_in_flight` tasks at once."""

    def __init__(self, metrics: Metrics, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self.metrics = metrics
        self.recent = RecentIds()
        self._queue: asyncio.Queue[Job] = asyncio.Queue()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._tasks: set[asyncio.Task[None]] = set()

    async def accept(self, job: Job) -> bool:
        if not self.recent.first_time(job.event_id):
            self.metrics.duplicates_skipped.inc()
            return False
        self.enqueue(job)
        return True

    def enqueue(self, job: Job) -> None:
        """Queue a job already de-duplicated."""
        self._queue.put_nowait(job)

    def depth(self) -> int:
        return self._queue.qsize() + len(self._tasks)

    @contextlib.asynccontextmanager
    async def running(self, handler: Handler, drain_seconds: float) -> AsyncIterator[None]:
        pump = asyncio.create_task(self._pump(handler))
        try:
            yield
        finally:
            await self._drain(pump, drain_seconds)

    async def _pump(self, handler: Handler) -> None:
        while True:
            # A free slot first, then the job: a job is always queued or running, never
            # held here unseen by depth() (nor by the count a drain that gives up logs).
            await self._slots.acquire()
            job = await self._queue.get()
            task = asyncio.create_task(self._run(handler, job))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            # One job started per pass of the event loop: the acknowledgements of a burst,
            # waiting on the same loop, go between the starts instead of after all of them.
            await asyncio.sleep(0)

    async def _run(self, handler: Handler, job: Job) -> None:
        try:
            await handler(job)
        finally:
            self._slots.release()
            self._queue.task_done()

    async def _drain(self, pump: asyncio.Task[None], seconds: float) -> None:
        """Finish every accepted job (up to `seconds`), then stop; what is left is lost."""
        try:
            await asyncio.wait_for(self._queue.join(), seconds)
        except TimeoutError:
            left = self.depth()
            self.metrics.answers_lost.labels(reason="shutdown").inc(left)
            log.error(
                "shutdown: %d acknowledged events left unanswered after %.0f s",
                left, seconds, extra={"count": left},
            )  # fmt: skip
        pump.cancel()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(pump, *self._tasks, return_exceptions=True)


class KeyedLocks:
    """One asyncio.Lock per key, dropped when nobody holds or waits for it: turns in one
    conversation are answered in order, different conversations at once."""

    def __init__(self) -> None:
        self._locks: dict[Any, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: Any) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)
