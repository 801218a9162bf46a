"""Acknowledged events kept in Redis until answered, so a stopped or killed replica loses
nothing: another replica, or the same one after a restart, finishes its work.

- Accept (before the ack): one Lua call records the event id (SET NX, the cross-replica
  de-dup) and appends the event to a Stream; the events of a burst go in one call.
- Every replica reads the Stream through one consumer group (XREADGROUP), so an entry is
  delivered to one replica at a time, and stays in that consumer's pending list until it
  is acknowledged (XACK, then XDEL) right after its answer is posted.
- A replica refreshes the idle time of the entries it is working on (a heartbeat), and
  takes over entries idle for longer than `reclaim_after` (XAUTOCLAIM): those a dead
  replica left. An entry delivered `MAX_DELIVERIES` times without being answered is
  dropped and counted as lost (it is killing whoever takes it).
- On SIGTERM a replica stops reading, finishes what it holds (up to the drain time), and
  hands back the rest with their idle time set high, so the next replica takes them at
  once.
- While Redis can't be reached, accepted events are answered from this process's memory
  (with the in-process de-dup), as `LocalDelivery` does.

A replica may die with answers on their way to Slack, which may or may not have posted
them. So an answer carries its event id in its message metadata, and an event taken over
from another replica is first looked for in its conversation (bot/slack/app.py); only if
it is not there is it answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, Generic, TypeVar

import redis.asyncio as aioredis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry

from bot.metrics import Metrics
from bot.slack.backoff import Backoff
from bot.slack.delivery import EVENT_SEEN_TTL_SECONDS, Handler, Job, LocalDelivery, RecentIds
from bot.store.guard import Breaker

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

STREAM = "fwbot:events"
GROUP = "fwbot"
RELEASED = "fwbot-released"  # the consumer handed-back entries are parked on
SOCKET_TIMEOUT_SECONDS = 0.15
READ_BLOCK_MS = 2000
# How long a stop waits for the reading loops (and for the tasks it cancels). A cancellation
# can be lost inside the Redis client (redis-py 8.1 did, now and then, when it landed while
# a dropped connection was being handled: the read was simply retried), so the loops also
# stop at their next pass, which a blocking read reaches within READ_BLOCK_MS.
STOP_WAIT_SECONDS = READ_BLOCK_MS / 1000 + 1
READ_COUNT = 100
MAX_IN_FLIGHT = 256
MAX_DELIVERIES = 5
STALE_CONSUMER_MS = 60 * 60 * 1000

# KEYS: stream. ARGV: de-dup TTL (ms), then for each event: its id, its JSON, its ack
# time. For each event, its entry id, or nil when the event id was already seen.
_ACCEPT = """
local entries = {}
for i = 2, #ARGV, 3 do
  if redis.call('SET', 'fwbot:event:' .. ARGV[i], '1', 'NX', 'PX', ARGV[1]) then
    entries[#entries + 1] = redis.call('XADD', KEYS[1], '*', 'event', ARGV[i + 1],
                                       'received', ARGV[i + 2])
  else
    entries[#entries + 1] = false
  end
end
return entries
"""
# KEYS: stream. ARGV: group, consumer, entry ids. Resets the idle time of the entries this
# consumer still owns (never takes back one another replica has taken over).
_HEARTBEAT = """
local owned = 0
for i = 3, #ARGV do
  local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #mine > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    owned = owned + 1
  end
end
return owned
"""


class _Batcher(Generic[T, R]):
    """Calls made while a round trip is under way go together in the next one."""

    def __init__(self, flush: Callable[[list[T]], Awaitable[list[R]]]) -> None:
        self._flush = flush
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await self._flush([item for item, _ in batch])
            except Exception as error:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


def _client(url: str, timeout: float) -> Any:
    return aioredis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


class RedisDelivery:
    def __init__(
        self,
        url: str,
        metrics: Metrics,
        *,
        breaker: Breaker | None = None,
        reclaim_after: float = 15.0,
        max_in_flight: int = MAX_IN_FLIGHT,
        consumer: str | None = None,
    ) -> None:
        self.metrics = metrics
        self.breaker = breaker or Breaker(what="Redis (FWBOT_STORE)")
        self.reclaim_after = reclaim_after
        self.max_in_flight = max_in_flight
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{os.urandom(2).hex()}"
        self.local = LocalDelivery(metrics)  # while Redis can't be reached
        self._fast: Any = _client(url, SOCKET_TIMEOUT_SECONDS)
        self._reader: Any = _client(url, READ_BLOCK_MS / 1000 + 5)
        self._accept_script = self._fast.register_script(_ACCEPT)
        self._heartbeat_script = self._fast.register_script(_HEARTBEAT)
        self._accepts: _Batcher[Job, Any] = _Batcher(self._accept_batch)
        self._finishes: _Batcher[str, None] = _Batcher(self._finish_batch)
        self._in_flight: dict[str, asyncio.Task[None]] = {}
        self._unacked: set[str] = set()  # answered, but the XACK failed: retried
        self._answered_locally = RecentIds()  # event ids answered while Redis was away
        self._group_ready = False
        self._slot_freed = asyncio.Event()
        # Set by a stop; the loops' pauses end on it, so a loop that lost its cancellation
        # inside the Redis client (see STOP_WAIT_SECONDS) still ends at once, not after a pause.
        self._stopping = asyncio.Event()

    # --- accepting ---------------------------------------------------------------------

    async def accept(self, job: Job) -> bool:
        if not self.local.recent.first_time(job.event_id):
            self.metrics.duplicates_skipped.inc()
            return False
        if self.breaker.allow():
            try:
                entry = await self._accepts.submit(job)
            except (RedisError, OSError, TimeoutError) as error:
                self.breaker.failed(error)
                self.metrics.store_errors.labels(operation="xadd").inc()
            else:
                self.breaker.succeeded()
                if entry is None:
                    self.metrics.duplicates_skipped.inc()
                    return False
                return True
        # Redis is away: answered from memory, de-duplicated in-process meanwhile.
        self._answered_locally.first_time(job.event_id)
        self.local.enqueue(job)
        return True

    async def _accept_batch(self, jobs: list[Job]) -> list[Any]:
        """A burst's events in one call: one round trip, one reply to parse."""
        args: list[Any] = [int(EVENT_SEEN_TTL_SECONDS * 1000)]
        for job in jobs:
            args += [job.event_id, json.dumps(job.body), job.received]
        entries: list[Any] = await self._accept_script(keys=[STREAM], args=args)
        return entries

    def depth(self) -> int:
        return self.local.depth() + len(self._in_flight)

    # --- answering ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def running(self, handler: Handler, drain_seconds: float) -> AsyncIterator[None]:
        async with self.local.running(handler, drain_seconds):
            loops = [
                asyncio.create_task(self._read_loop(handler)),
                asyncio.create_task(self._reclaim_loop(handler)),
                asyncio.create_task(self._heartbeat_loop()),
            ]
            try:
                yield
            finally:
                await self._stop(loops[:2], loops[2], drain_seconds)

    def _start(
        self, handler: Handler, entry_id: str, fields: dict[Any, Any], redelivered: bool = False
    ) -> None:
        if entry_id in self._in_flight:  # reclaimed from ourselves after a missed heartbeat
            return
        try:
            body = json.loads(fields[b"event"])
            received = float(fields.get(b"received", time.time()))
            # An entry this old was written late (a frozen Redis that took the call after
            # it timed out, while the event was answered from memory) or left waiting:
            # look for its answer first, as for a taken-over one.
            late = time.time() - received > self.reclaim_after
            job = Job(body["event_id"], body, received, deduplicated=True, entry_id=entry_id,
                      redelivered=redelivered or late)  # fmt: skip
        except (KeyError, ValueError, TypeError):
            log.error("unreadable stream entry dropped", extra={"entry_id": entry_id})
            self.metrics.answers_lost.labels(reason="error").inc()
            self._track(entry_id, self._finish(entry_id))
            return
        if job.event_id in self._answered_locally:  # written late by a frozen Redis
            self.metrics.duplicates_skipped.inc()
            self._track(entry_id, self._finish(entry_id))
            return
        job.finish = lambda: self._finish(entry_id)
        self._track(entry_id, self._run(handler, job))

    def _track(self, entry_id: str, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._in_flight[entry_id] = task

        def done(_: asyncio.Task[None]) -> None:
            if self._in_flight.get(entry_id) is task:
                del self._in_flight[entry_id]
            self._slot_freed.set()

        task.add_done_callback(done)

    async def _run(self, handler: Handler, job: Job) -> None:
        await handler(job)
        await job.answered()  # ignored events and lost answers are done with too

    async def _finish(self, entry_id: str) -> None:
        try:
            await self._finishes.submit(entry_id)
        except (RedisError, OSError, TimeoutError) as error:
            self.metrics.store_errors.labels(operation="xack").inc()
            log.warning("could not acknowledge a stream entry (%s); retrying", error)
            self._unacked.add(entry_id)

    async def _finish_batch(self, entry_ids: list[str]) -> list[None]:
        async with self._fast.pipeline() as pipe:  # MULTI ... EXEC
            pipe.xack(STREAM, GROUP, *entry_ids)
            pipe.xdel(STREAM, *entry_ids)
            await pipe.execute()
        return [None] * len(entry_ids)

    async def _pause(self, seconds: float) -> None:
        """Sleep, or less if a stop comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    def _free(self) -> int:
        return self.max_in_flight - len(self._in_flight)

    async def _read_loop(self, handler: Handler) -> None:
        backoff = Backoff(base=0.2, cap=5.0)
        failing = False
        while not self._stopping.is_set():
            if self._free() <= 0:
                self._slot_freed.clear()
                await self._slot_freed.wait()
                continue
            try:
                await self._ensure_group()
                found = await self._reader.xreadgroup(
                    GROUP, self.consumer, {STREAM: ">"},
                    count=min(self._free(), READ_COUNT), block=READ_BLOCK_MS,
                )  # fmt: skip
            except (RedisError, OSError, TimeoutError) as error:
                if not failing:
                    log.warning("reading the event stream failed (%s); retrying", error)
                failing = True
                await self._pause(backoff.next_delay())
                continue
            if failing:
                log.info("reading the event stream again")
                failing, backoff = False, Backoff(base=0.2, cap=5.0)
            for _, entries in found or []:
                for entry_id, fields in entries:
                    self._start(handler, entry_id.decode(), fields)
                    await asyncio.sleep(0)  # as LocalDelivery: acks go between the starts

    async def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            await self._fast.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    async def _reclaim_loop(self, handler: Handler) -> None:
        """Take over entries idle longer than `reclaim_after`: a dead replica's."""
        while not self._stopping.is_set():
            try:
                await self._reclaim(handler)
            except (RedisError, OSError, TimeoutError) as error:
                log.debug("reclaiming failed: %s", error)
            await self._pause(self.reclaim_after / 3)

    async def _reclaim(self, handler: Handler) -> None:
        if self._free() <= 0:
            return
        await self._ensure_group()
        _, claimed, _deleted = await self._fast.xautoclaim(
            STREAM, GROUP, self.consumer, int(self.reclaim_after * 1000),
            count=min(self._free(), READ_COUNT),
        )  # fmt: skip
        for raw_id, fields in claimed:
            entry_id = raw_id.decode()
            [pending] = await self._fast.xpending_range(
                STREAM, GROUP, min=entry_id, max=entry_id, count=1
            )
            if pending["times_delivered"] > MAX_DELIVERIES:
                log.error("event dropped after %d deliveries", MAX_DELIVERIES,
                          extra={"entry_id": entry_id})  # fmt: skip
                self.metrics.answers_lost.labels(reason="poison").inc()
                self._track(entry_id, self._finish(entry_id))
                continue
            log.info("taking over an unanswered event", extra={"entry_id": entry_id})
            self._start(handler, entry_id, fields, redelivered=True)
        await self._forget_stale_consumers()

    async def _forget_stale_consumers(self) -> None:
        for consumer in await self._fast.xinfo_consumers(STREAM, GROUP):
            name = consumer["name"].decode()
            # Redis 7.2+: `inactive` (since the last read that got something), -1 for a
            # consumer that never got anything; then, and before 7.2, `idle` decides.
            inactive = consumer.get("inactive", -1)
            idle = inactive if inactive >= 0 else consumer["idle"]
            if consumer["pending"] == 0 and idle > STALE_CONSUMER_MS and name != RELEASED:
                await self._fast.xgroup_delconsumer(STREAM, GROUP, name)

    async def _heartbeat_loop(self) -> None:
        """Keep this replica's entries from looking abandoned; retry failed XACKs."""
        while True:
            await asyncio.sleep(self.reclaim_after / 5)
            try:
                await self._heartbeat()
            except (RedisError, OSError, TimeoutError) as error:
                log.debug("heartbeat failed: %s", error)

    async def _heartbeat(self) -> None:
        if self._unacked:
            retry = list(self._unacked)
            await self._finish_batch(retry)
            self._unacked.difference_update(retry)
        working = list(self._in_flight)
        if working:
            await self._heartbeat_script(keys=[STREAM], args=[GROUP, self.consumer, *working])

    # --- stopping ----------------------------------------------------------------------

    async def _stop(
        self, readers: list[asyncio.Task[None]], heartbeat: asyncio.Task[None], seconds: float
    ) -> None:
        """Stop reading; finish what is held (up to `seconds`, still heartbeating); hand
        back the rest so the next replica takes it at once."""
        self._stopping.set()
        for task in readers:
            task.cancel()
        _, still_reading = await asyncio.wait(readers, timeout=STOP_WAIT_SECONDS)
        if still_reading:
            log.warning("%d event-stream loops did not stop in %.0f s; going on without them",
                        len(still_reading), STOP_WAIT_SECONDS)  # fmt: skip
        if self._in_flight:
            _, late = await asyncio.wait(list(self._in_flight.values()), timeout=seconds)
            for task in late:
                task.cancel()
            # Bounded too: a cancellation lost in a client must not hold the stop for good;
            # what these held is handed back below all the same.
            if late:
                await asyncio.wait(late, timeout=STOP_WAIT_SECONDS)
        heartbeat.cancel()
        await asyncio.wait([heartbeat], timeout=STOP_WAIT_SECONDS)
        try:
            if self._unacked:
                await self._finish_batch(list(self._unacked))
            await self._hand_back()
        except (RedisError, OSError, TimeoutError) as error:
            log.warning("could not hand back unanswered events (%s); another replica "
                        "takes them over once they have been idle for %.0f s",
                        error, self.reclaim_after)  # fmt: skip
        finally:
            await self._fast.aclose()
            await self._reader.aclose()

    async def _hand_back(self) -> None:
        pending = await self._fast.xpending_range(
            STREAM, GROUP, min="-", max="+", count=10_000, consumername=self.consumer
        )
        ids = [p["message_id"].decode() for p in pending]
        if ids:
            long_idle = int(self.reclaim_after * 1000) * 100
            await self._fast.xclaim(STREAM, GROUP, RELEASED, 0, ids, idle=long_idle, justid=True)
            log.warning("shutdown: %d unanswered events handed back to the other replicas",
                        len(ids), extra={"count": len(ids)})  # fmt: skip
        await self._fast.xgroup_delconsumer(STREAM, GROUP, self.consumer)
