"""The small parts the fault handling is built from, in process: backoff, the store's
breaker, the in-process de-dup, per-conversation ordering, signature and body checks."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import random
from collections.abc import Callable

import pytest

from bot.metrics import Metrics
from bot.slack.backoff import Backoff
from bot.slack.delivery import Job, KeyedLocks, LocalDelivery, RecentIds
from bot.slack.payloads import (
    MalformedError,
    event_problem,
    parse_click,
    parse_http_body,
    signature_valid,
)
from bot.store.base import StoreUnavailableError
from bot.store.guard import Breaker, GuardedStore
from bot.store.memory import MemoryStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_doubles_with_jitter_up_to_its_cap() -> None:
    backoff = Backoff(base=1.0, cap=8.0, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(7)]
    ceilings = [1, 2, 4, 8, 8, 8, 8]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len({round(d, 6) for d in delays[3:]}) == 4  # jittered, not all the same
    backoff.reset()
    assert backoff.next_delay() <= 1.0


class FailingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.calls = 0

    def get(self, key: str) -> dict[str, object] | None:
        self.calls += 1
        if self.down:
            raise StoreUnavailableError("down")
        return super().get(key)


def test_the_breaker_fails_fast_while_the_store_is_down_and_probes_one_call_at_a_time() -> None:
    clock, inner = Clock(), FailingStore()
    errors: list[str] = []
    store = GuardedStore(inner, Breaker(cooldown=1.0, max_cooldown=4.0, clock=clock),
                         on_error=errors.append)  # fmt: skip
    inner.down = True
    with pytest.raises(StoreUnavailableError):
        store.get("k")
    for _ in range(5):  # within the cool-down: not even tried
        with pytest.raises(StoreUnavailableError):
            store.get("k")
    assert inner.calls == 1 and errors == ["get"] * 6
    clock.now += 1.0  # one probe, which fails: the cool-down doubles
    with pytest.raises(StoreUnavailableError):
        store.get("k")
    assert inner.calls == 2
    clock.now += 1.5
    with pytest.raises(StoreUnavailableError):
        store.get("k")
    assert inner.calls == 2
    inner.down = False
    clock.now += 0.5
    assert store.get("k") is None  # the probe succeeds: closed again
    assert store.get("k") is None and inner.calls == 4
    assert not store.breaker.open


def test_a_probe_that_gets_an_unusable_answer_closes_the_breaker() -> None:
    clock, inner = Clock(), FailingStore()
    store = GuardedStore(inner, Breaker(cooldown=1.0, clock=clock))
    inner.down = True
    with pytest.raises(StoreUnavailableError):
        store.get("k")
    inner.down = False
    inner.get = lambda key: json.loads("{corrupt")  # type: ignore[method-assign]
    clock.now += 1.0
    with pytest.raises(ValueError):  # the probe: Redis answered, with a corrupt state
        store.get("k")
    assert not store.breaker.open  # it is up: the next call goes through
    inner.get = lambda key: {"a": 1}  # type: ignore[method-assign]
    assert store.get("k") == {"a": 1}


class DownStore(MemoryStore):
    """A store whose every call fails while `down`."""

    blocking_io = True

    def __init__(self) -> None:
        super().__init__()
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailableError("down")

    def get(self, key: str) -> dict[str, object] | None:
        self._check()
        return super().get(key)

    def put(self, key: str, state: dict[str, object], ttl_seconds: float) -> None:
        self._check()
        super().put(key, state, ttl_seconds)

    def add(self, key: str, state: dict[str, object], ttl_seconds: float) -> bool:
        self._check()
        return super().add(key, state, ttl_seconds)

    def delete(self, key: str) -> None:
        self._check()
        super().delete(key)


def test_the_guarded_store_passes_calls_through_and_names_each_failed_one() -> None:
    inner, errors = DownStore(), list[str]()
    store = GuardedStore(inner, Breaker(clock=Clock()), on_error=errors.append)
    assert store.blocking_io is True  # async callers still run it in a thread
    store.put("k", {"v": 1}, 60)
    assert inner.get("k") == {"v": 1} and store.get("k") == {"v": 1}
    assert store.add("e", {"seen": True}, 60) and not store.add("e", {"seen": False}, 60)
    assert inner.get("e") == {"seen": True}
    store.delete("k")
    assert inner.get("k") is None
    inner.down = True
    calls: list[tuple[str, Callable[[], object]]] = [
        ("put", lambda: store.put("k", {}, 1)),
        ("get", lambda: store.get("k")),  # the breaker is open now: these fail fast
        ("add", lambda: store.add("k", {}, 1)),
        ("delete", lambda: store.delete("k")),
    ]
    for operation, call in calls:
        with pytest.raises(StoreUnavailableError):
            call()
        assert errors[-1] == operation
    with pytest.raises(StoreUnavailableError) as fast:
        store.get("k")
    assert str(fast.value) == "store unavailable (failing fast while it is down)"


def test_the_breaker_lets_one_probe_through_at_a_time() -> None:
    clock = Clock()
    breaker = Breaker(cooldown=1.0, clock=clock)
    breaker.failed(StoreUnavailableError("down"))
    clock.now += 1.0
    assert breaker.allow()  # the probe...
    assert not breaker.allow()  # ...and nobody else while it is under way
    breaker.failed(StoreUnavailableError("still down"))
    clock.now += 2.0
    assert breaker.allow() and not breaker.allow()
    breaker.succeeded()
    assert breaker.allow() and breaker.allow()  # closed: everyone


def test_the_breaker_cools_down_from_half_a_second_to_five_by_default() -> None:
    clock = Clock()
    breaker = Breaker(clock=clock)
    waits = []
    for _ in range(6):
        breaker.failed(StoreUnavailableError("down"))
        start = clock.now
        while not breaker.allow():
            clock.now += 0.125
        waits.append(clock.now - start)
    assert waits == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]


def test_the_breaker_stops_doubling_after_sixteen_failures() -> None:
    clock = Clock()
    breaker = Breaker(cooldown=1.0, max_cooldown=float("inf"), clock=clock)
    for _ in range(18):
        breaker.failed(StoreUnavailableError("down"))
    clock.now += 2**16 - 1
    assert not breaker.allow()
    clock.now += 1
    assert breaker.allow()


def test_the_breaker_logs_an_outage_once_and_the_recovery_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    breaker = Breaker(clock=clock)
    with caplog.at_level(logging.INFO, logger="bot.store.guard"):
        breaker.succeeded()  # closed: nothing to say
        assert caplog.messages == []
        breaker.failed(StoreUnavailableError("connection refused"))
        breaker.failed(StoreUnavailableError("timed out"))
        breaker.failed(StoreUnavailableError("timed out"))
        breaker.succeeded()
        breaker.succeeded()
        breaker.failed(StoreUnavailableError("read-only"))  # one failure is an outage too
        breaker.succeeded()
    assert caplog.messages == [
        "conversation store (FWBOT_STORE) unavailable (connection refused); answering "
        "without memory, retrying every few seconds",
        "conversation store (FWBOT_STORE) answers again",
        "conversation store (FWBOT_STORE) unavailable (read-only); answering "
        "without memory, retrying every few seconds",
        "conversation store (FWBOT_STORE) answers again",
    ]


def test_the_guarded_store_tells_the_breaker_what_failed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inner = DownStore()
    inner.down = True
    store = GuardedStore(inner, Breaker(clock=Clock()))
    with (
        caplog.at_level(logging.WARNING, logger="bot.store.guard"),
        pytest.raises(StoreUnavailableError),
    ):
        store.get("k")
    assert "unavailable (down);" in caplog.messages[0]


def test_recent_ids_remember_for_their_ttl_within_a_bound() -> None:
    clock = Clock()
    recent = RecentIds(ttl=60, max_entries=3, clock=clock)
    assert recent.first_time("a") and not recent.first_time("a")
    clock.now += 59.5
    assert "a" in recent
    assert not recent.first_time("a")
    clock.now += 0.5
    assert "a" not in recent  # forgotten exactly at its ttl
    assert recent.first_time("a")
    for name in "bcd":
        recent.first_time(name)
    assert "a" not in recent  # the oldest went to keep the bound
    assert "d" in recent


def test_local_delivery_answers_each_event_once_within_its_bound() -> None:
    metrics = Metrics()
    delivery = LocalDelivery(metrics, max_in_flight=2)
    started: list[str] = []
    release = asyncio.Event()

    async def handler(job: Job) -> None:
        started.append(job.event_id)
        await release.wait()

    async def scenario() -> list[int]:
        depths = []
        assert await delivery.accept(Job("Ev0", {}))
        assert not await delivery.accept(Job("Ev0", {}))  # redelivered: skipped
        for n in range(1, 5):
            assert await delivery.accept(Job(f"Ev{n}", {}))
        depths.append(delivery.depth())  # queued, none started yet
        async with delivery.running(handler, drain_seconds=5):
            for _ in range(100):  # passes of the loop: plenty to start every job it may
                await asyncio.sleep(0)
            depths.append(len(started))  # two at once, no more
            depths.append(delivery.depth())
            release.set()
        depths.append(delivery.depth())  # the drain finished everything
        depths.append(len(asyncio.all_tasks()))  # and stopped its pump: only ours is left
        return depths

    assert asyncio.run(scenario()) == [5, 2, 5, 0, 1]
    assert started == [f"Ev{n}" for n in range(5)]
    assert metrics.registry.get_sample_value("fwbot_duplicates_skipped_total") == 1


def test_local_delivery_counts_what_a_drain_that_gives_up_leaves() -> None:
    metrics = Metrics()
    delivery = LocalDelivery(metrics, max_in_flight=1)
    cancelled: list[str] = []

    async def handler(job: Job) -> None:
        try:
            await asyncio.Event().wait()  # never finishes
        except asyncio.CancelledError:
            await asyncio.sleep(0)  # cleaning up takes a pass or two of the loop
            await asyncio.sleep(0)
            cancelled.append(job.event_id)
            raise

    async def scenario() -> tuple[list[str], int]:
        for n in range(3):
            await delivery.accept(Job(f"Ev{n}", {}))
        async with delivery.running(handler, drain_seconds=0.05):
            await asyncio.sleep(0)
        # Stopped means stopped: the work and the pump are over, not just told to stop.
        return list(cancelled), len(asyncio.all_tasks())

    stopped, tasks_left = asyncio.run(scenario())
    lost = metrics.registry.get_sample_value("fwbot_answers_lost_total", {"reason": "shutdown"})
    assert lost == 3 and stopped == ["Ev0"]  # the running one is cancelled, not left
    assert tasks_left == 1  # this scenario's own


def test_recent_ids_keep_two_hundred_thousand_by_default() -> None:
    recent = RecentIds(clock=Clock())
    for n in range(200_000):
        recent.first_time(str(n))
    assert "0" in recent
    recent.first_time("one more")
    assert "0" not in recent and "1" in recent


def test_turns_in_one_conversation_wait_for_each_other_others_do_not() -> None:
    locks = KeyedLocks()
    order: list[str] = []

    async def turn(key: str, name: str, gate: asyncio.Event | None) -> None:
        async with locks.hold(key):
            order.append(f"{name} starts")
            if gate is not None:
                await gate.wait()
            order.append(f"{name} ends")

    async def scenario() -> None:
        gate = asyncio.Event()
        first = asyncio.create_task(turn("conv1", "first", gate))
        second = asyncio.create_task(turn("conv1", "second", None))
        other = asyncio.create_task(turn("conv2", "other", None))
        await other  # another conversation is not held up
        assert order == ["first starts", "other starts", "other ends"]
        gate.set()
        await asyncio.gather(first, second)

    asyncio.run(scenario())
    assert order[3:] == ["first ends", "second starts", "second ends"]
    assert locks._locks == {}  # nothing kept for finished conversations


def sign(secret: str, stamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return "v0=" + digest.hexdigest()


def test_signatures_are_checked_over_raw_bytes_with_a_fresh_timestamp() -> None:
    body = b'{"type": "event_callback"}'
    good = sign("s", "1000", body)
    assert signature_valid("s", body, "1000", good, now=1100)
    assert not signature_valid("s", body + b" ", "1000", good, now=1100)
    assert signature_valid("s", body, "1000", good, now=1000 + 300)  # five minutes: still fresh
    assert not signature_valid("s", body, "1000", good, now=1000 + 301)
    assert not signature_valid("s", body, "soon", good, now=1100)
    assert not signature_valid("s", body, None, good, now=1100)
    assert not signature_valid("other", body, "1000", good, now=1100)


@pytest.mark.parametrize(("body", "content_type", "kind"), [
    (b'{"type": "url_verification", "challenge": "c"}', "application/json", "url_verification"),
    (b"command=%2Fcompare&text=payload+this", "application/x-www-form-urlencoded", "command"),
    (b'payload=%7B%22type%22%3A%22block_actions%22%7D', "application/x-www-form-urlencoded",
     "interactive"),
    (b'{"type": "app_rate_limited"}', "application/json", "other"),
    (b'{"type": "app_rate_limited"}', "", "other"),  # JSON whatever its content type
])  # fmt: skip
def test_bodies_are_sorted_by_kind(body: bytes, content_type: str, kind: str) -> None:
    assert parse_http_body(body, content_type).kind == kind


@pytest.mark.parametrize(("body", "reason"), [
    (b"{", "body is not JSON"),
    (b"[]", "body is JSON but not an object"),
    (b"\xff", "body is not UTF-8"),
    (b'{"type": "event_callback"}', "event without an event_id"),
])  # fmt: skip
def test_unusable_json_bodies_are_malformed(body: bytes, reason: str) -> None:
    with pytest.raises(MalformedError) as raised:
        parse_http_body(body, "application/json")
    assert str(raised.value) == reason


def test_a_click_needs_strings_where_answering_needs_them() -> None:
    action = {"action_id": "suggestion_0", "block_id": "suggestions|1.0", "value": "x"}
    click = parse_click({"type": "block_actions", "user": {"id": "U1"}, "actions": [action]})
    assert not isinstance(click, str)
    assert (click.user, click.team, click.channel) == ("U1", "-", None)
    bad = {"type": "block_actions", "user": {"id": "U1"}, "actions": [{**action, "value": 1}]}
    assert isinstance(parse_click(bad), str)


CLICK = {"action_id": "suggestion_0", "block_id": "suggestions|1.0", "value": "x"}


@pytest.mark.parametrize(("change", "reason"), [
    ({"type": "view_submission"}, "interactive payload of type view_submission is not handled"),
    ({"type": "v" * 50}, f"interactive payload of type {'v' * 40} is not handled"),
    ({"user": {"id": 5}}, "block_actions without user.id"),
    ({"user": {"id": ""}}, "block_actions without user.id"),
    ({"user": "U1"}, "block_actions without user.id"),
    ({"actions": []}, "block_actions without actions"),
    ({"actions": ["suggestion_0"]}, "block_actions without actions"),
    ({"actions": {"0": CLICK}}, "block_actions without actions"),
    ({"actions": [{**CLICK, "block_id": None}]},
     "block_actions action with a missing or non-string action_id, value or block_id"),
    ({"actions": [{**CLICK, "action_id": ""}]},
     "block_actions action with a missing or non-string action_id, value or block_id"),
    ({"response_url": 7}, "block_actions response_url is not a string"),
    ({"channel": {"id": 7}}, "block_actions channel without a string id"),
    ({"channel": "C1"}, "block_actions channel without a string id"),
    ({"team": {"name": "T"}}, "block_actions team without a string id"),
])  # fmt: skip
def test_a_click_that_cannot_be_answered_says_why(change: dict[str, object], reason: str) -> None:
    payload = {"type": "block_actions", "user": {"id": "U1"}, "actions": [CLICK], **change}
    assert parse_click(payload) == reason


@pytest.mark.parametrize(("body", "reason"), [
    ({"type": "event_callback", "event_id": "Ev1", "event": {"type": "message"}},
     "message event without channel and ts"),
    ({"type": "url_verification"}, "url_verification without a challenge"),
])  # fmt: skip
def test_a_malformed_json_body_says_why(body: dict[str, object], reason: str) -> None:
    with pytest.raises(MalformedError) as raised:
        parse_http_body(json.dumps(body).encode(), "application/json")
    assert str(raised.value) == reason


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(("body", "content_type", "reason"), [
    (b"hello", "text/plain", "unexpected content type text/plain"),
    (b"hello", "", "unexpected content type none"),
    (b"payload=", FORM, "payload is not JSON"),
    (b"payload=%5B%5D", FORM, "payload is JSON but not an object"),
    (b"payload=%7B%22a%22%3A1%7D", FORM, "interactive payload without a type"),
    (b"text=hello", FORM, "form is neither a command nor an interactive payload"),
])  # fmt: skip
def test_a_malformed_body_says_why(body: bytes, content_type: str, reason: str) -> None:
    with pytest.raises(MalformedError) as raised:
        parse_http_body(body, content_type)
    assert str(raised.value) == reason


EVENT_FIELDS = ("channel", "user", "text", "ts", "thread_ts", "channel_type", "subtype", "tab")


@pytest.mark.parametrize(("event", "reason"), [
    (None, "event without an event object and type"),
    ("message", "event without an event object and type"),
    ({"type": 5}, "event without an event object and type"),
    *[({"type": "message", "channel": "C1", "ts": "1.0", name: 5},
       f"event field {name} is not a string") for name in EVENT_FIELDS],
    ({"type": "message", "channel": "C1", "ts": "1.0", "thread_ts": None, "user": None}, None),
    ({"type": "reaction_added"}, None),
    ({"type": "app_mention", "ts": "1.0"}, "app_mention event without channel and ts"),
    ({"type": "message", "channel": "C1"}, "message event without channel and ts"),
    ({"type": "app_home_opened"}, "app_home_opened event without a user"),
    ({"type": "app_home_opened", "user": "U1"}, None),
])  # fmt: skip
def test_an_event_that_cannot_be_handled_says_why(event: object, reason: str | None) -> None:
    assert event_problem({"event_id": "Ev1", "event": event}) == reason
