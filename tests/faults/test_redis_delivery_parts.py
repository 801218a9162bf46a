"""RedisDelivery in this process against a real Redis: what it writes to the stream, what
it hands its handler, and what it leaves behind (the end-to-end tests with killed replicas
are in test_redis_delivery.py; mutmut sees only what runs in the test process)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.metrics import Metrics
from bot.slack import redis_delivery
from bot.slack.delivery import Job
from bot.slack.redis_delivery import GROUP, RELEASED, STREAM, RedisDelivery
from tests.redis_server import free_port, running_redis


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    with running_redis(tmp_path) as found:
        yield found


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def event(event_id: str, text: str = "what is flask") -> dict[str, Any]:
    mention = {"type": "app_mention", "channel": "C1", "ts": "1.0", "text": text}
    return {"type": "event_callback", "event_id": event_id, "event": mention}


async def until(condition: Callable[[], Any], seconds: float = 3.0) -> Any:
    """Wait (yielding to the loop) until `condition` is truthy."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {condition}"
        await asyncio.sleep(0.01)
    return value


class Recorder:
    """A handler that records the jobs it gets; `hold` keeps them from finishing."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.hold = asyncio.Event()
        self.hold.set()

    async def __call__(self, job: Job) -> None:
        self.jobs.append(job)
        await self.hold.wait()


@asynccontextmanager
async def running(
    delivery: RedisDelivery, handler: Callable[[Job], Awaitable[None]], drain: float = 5.0
) -> AsyncIterator[None]:
    async with delivery.running(handler, drain):
        yield


def stream_state(url: str) -> tuple[int, int]:
    """(entries in the stream, entries pending in the group)."""
    client: Any = redis.Redis.from_url(url)
    try:
        if not client.exists(STREAM):
            return 0, 0
        groups = {g["name"].decode() for g in client.xinfo_groups(STREAM)}
        pending = client.xpending(STREAM, GROUP)["pending"] if GROUP in groups else 0
        return client.xlen(STREAM), pending
    finally:
        client.close()


def test_accepted_events_are_answered_once_and_leave_nothing_behind(url: str) -> None:
    metrics = Metrics()

    async def scenario() -> list[Job]:
        handler = Recorder()
        delivery = RedisDelivery(url, metrics, consumer="one")
        other = RedisDelivery(url, Metrics(), consumer="two")  # another replica
        job = Job("Ev1", event("Ev1"), received=time.time() - 1)
        assert await delivery.accept(job)
        assert not await delivery.accept(Job("Ev1", event("Ev1")))  # seen here
        assert not await other.accept(Job("Ev1", event("Ev1")))  # seen by another replica
        assert await delivery.accept(Job("Ev2", event("Ev2", "what is django")))
        assert stream_state(url) == (2, 0)
        async with running(delivery, handler):
            await until(lambda: len(handler.jobs) == 2 and stream_state(url) == (0, 0))
        await other._fast.aclose()
        await other._reader.aclose()
        return handler.jobs

    jobs = asyncio.run(scenario())
    assert [j.event_id for j in jobs] == ["Ev1", "Ev2"]
    assert jobs[0].body == event("Ev1") and jobs[1].body == event("Ev2", "what is django")
    assert abs(jobs[0].received - (time.time() - 1)) < 5
    assert all(j.deduplicated and not j.redelivered and j.finished for j in jobs)
    assert all(j.entry_id for j in jobs)
    assert sample(metrics, "fwbot_duplicates_skipped_total") == 1


def test_jobs_being_answered_count_in_the_depth(url: str) -> None:
    async def scenario() -> list[int]:
        handler = Recorder()
        handler.hold.clear()
        delivery = RedisDelivery(url, Metrics(), consumer="one")
        depths = [delivery.depth()]
        async with running(delivery, handler):
            for n in range(3):
                await delivery.accept(Job(f"Ev{n}", event(f"Ev{n}")))
            await until(lambda: len(handler.jobs) == 3)
            depths.append(delivery.depth())
            handler.hold.set()
            await until(lambda: delivery.depth() == 0)
        return depths

    assert asyncio.run(scenario()) == [0, 3]


def test_a_dead_replicas_events_are_taken_over_and_poison_is_dropped(url: str) -> None:
    metrics = Metrics()

    async def scenario() -> list[Job]:
        dead = RedisDelivery(url, Metrics(), consumer="dead")
        await dead._ensure_group()
        for n in range(3):
            await dead.accept(Job(f"Ev{n}", event(f"Ev{n}")))
        client: Any = redis.Redis.from_url(url)
        taken = client.xreadgroup(GROUP, "dead", {STREAM: ">"}, count=10)  # then it dies
        ids = [entry_id for entry_id, _ in taken[0][1]]
        # The last one has already been delivered (and killed whoever took it) five times.
        client.xclaim(STREAM, GROUP, "dead", 0, [ids[2]], retrycount=5)
        client.close()
        handler = Recorder()
        survivor = RedisDelivery(url, metrics, consumer="survivor", reclaim_after=0.2)
        async with running(survivor, handler):
            await until(lambda: len(handler.jobs) == 2 and stream_state(url) == (0, 0))
        await dead._fast.aclose()
        await dead._reader.aclose()
        return handler.jobs

    jobs = asyncio.run(scenario())
    assert sorted(j.event_id for j in jobs) == ["Ev0", "Ev1"]
    assert all(j.redelivered for j in jobs)  # looked for in the conversation first
    assert sample(metrics, "fwbot_answers_lost_total", reason="poison") == 1


def test_stopping_hands_back_what_is_unanswered_for_the_next_replica(url: str) -> None:
    async def scenario() -> None:
        handler = Recorder()
        handler.hold.clear()  # never finishes: the drain gives up
        delivery = RedisDelivery(url, Metrics(), consumer="leaving", reclaim_after=2.0)
        async with running(delivery, handler, drain=0.1):
            for n in range(2):
                await delivery.accept(Job(f"Ev{n}", event(f"Ev{n}")))
            await until(lambda: len(handler.jobs) == 2)

    asyncio.run(scenario())
    client: Any = redis.Redis.from_url(url)
    pending = client.xpending_range(STREAM, GROUP, min="-", max="+", count=10)
    consumers = {c["name"].decode() for c in client.xinfo_consumers(STREAM, GROUP)}
    client.close()
    assert [p["consumer"].decode() for p in pending] == [RELEASED, RELEASED]
    # Idle for 100 reclaim times: the next replica takes them at once.
    assert all(p["time_since_delivered"] >= 200_000 for p in pending)
    assert consumers == {RELEASED}  # the leaving consumer is gone


def test_unreadable_and_late_entries(url: str) -> None:
    metrics = Metrics()

    async def scenario() -> list[Job]:
        client: Any = redis.Redis.from_url(url)
        client.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        client.xadd(STREAM, {"event": "{not json", "received": time.time()})
        client.xadd(STREAM, {"event": json.dumps({"no": "event id"}), "received": time.time()})
        old = json.dumps(event("EvLate"))
        client.xadd(STREAM, {"event": old, "received": time.time() - 60})
        fresh = json.dumps(event("EvFresh"))
        client.xadd(STREAM, {"event": fresh, "received": time.time()})
        client.close()
        handler = Recorder()
        delivery = RedisDelivery(url, metrics, consumer="one", reclaim_after=30)
        async with running(delivery, handler):
            await until(lambda: len(handler.jobs) == 2 and stream_state(url) == (0, 0))
        return handler.jobs

    jobs = asyncio.run(scenario())
    assert [(j.event_id, j.redelivered) for j in jobs] == [("EvLate", True), ("EvFresh", False)]
    assert sample(metrics, "fwbot_answers_lost_total", reason="error") == 2


def test_while_redis_is_away_events_are_answered_from_memory() -> None:
    metrics = Metrics()

    async def scenario() -> tuple[list[Job], bool, bool]:
        handler = Recorder()
        delivery = RedisDelivery(f"redis://127.0.0.1:{free_port()}/0", metrics)
        async with running(delivery, handler):
            assert await delivery.accept(Job("Ev1", event("Ev1")))
            assert not await delivery.accept(Job("Ev1", event("Ev1")))  # de-dup in memory
            assert await delivery.accept(Job("Ev2", event("Ev2")))
            await until(lambda: len(handler.jobs) == 2)
        return handler.jobs, delivery.breaker.open, "Ev1" in delivery._answered_locally

    jobs, breaker_open, remembered = asyncio.run(scenario())
    assert [j.event_id for j in jobs] == ["Ev1", "Ev2"]
    assert not any(j.deduplicated for j in jobs)  # the store de-dup still applies
    assert breaker_open and remembered
    assert sample(metrics, "fwbot_store_errors_total", operation="xadd") == 1
    assert sample(metrics, "fwbot_duplicates_skipped_total") == 1


def test_an_entry_written_late_for_an_event_answered_from_memory_is_dropped(url: str) -> None:
    metrics = Metrics()

    async def scenario() -> list[Job]:
        handler = Recorder()
        delivery = RedisDelivery(url, metrics, consumer="one")
        delivery._answered_locally.first_time("EvFrozen")  # answered while Redis was frozen
        client: Any = redis.Redis.from_url(url)
        client.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        client.xadd(STREAM, {"event": json.dumps(event("EvFrozen")), "received": time.time()})
        client.close()
        async with running(delivery, handler):
            await until(lambda: stream_state(url) == (0, 0))
        return handler.jobs

    assert asyncio.run(scenario()) == []
    assert sample(metrics, "fwbot_duplicates_skipped_total") == 1


def test_stale_consumers_are_forgotten_busy_and_released_ones_kept(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redis_delivery, "STALE_CONSUMER_MS", -1)  # every idle one is stale
    client: Any = redis.Redis.from_url(url)
    client.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    client.xadd(STREAM, {"event": json.dumps(event("EvBusy")), "received": time.time()})
    client.xreadgroup(GROUP, "busy", {STREAM: ">"}, count=1)  # holds one entry
    client.xgroup_createconsumer(STREAM, GROUP, "gone")
    client.xgroup_createconsumer(STREAM, GROUP, RELEASED)

    async def scenario() -> None:
        delivery = RedisDelivery(url, Metrics(), consumer="one", reclaim_after=60)
        await delivery._reclaim(Recorder())
        await delivery._fast.aclose()
        await delivery._reader.aclose()

    asyncio.run(scenario())
    consumers = {c["name"].decode() for c in client.xinfo_consumers(STREAM, GROUP)}
    client.close()
    assert consumers == {"busy", RELEASED}
