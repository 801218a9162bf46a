"""Each store's own contract, exactly: keys, expiry to the tick, bounds, errors, settings."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from bot.store import ConversationKey, StoreUnavailableError, open_store
from bot.store.factory import StoreConfigError, check_store_spec
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore
from bot.store.sqlite import SQLiteStore
from tests.redis_server import free_port, running_redis


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_conversation_key_is_one_unambiguous_string() -> None:
    assert str(ConversationKey()) == "fwbot:conv:local:console:-:me"
    key = ConversationKey("T:1", "C%1", "1.0", "U1")
    assert str(key) == "fwbot:conv:T%3A1:C%251:1.0:U1"
    assert str(ConversationKey("T", "C:1", "x", "U")) != str(ConversationKey("T:C", "1", "x", "U"))


@pytest.mark.parametrize(
    ("spec", "valid"),
    [
        (None, "memory"),
        ("", "memory"),
        ("  memory ", "memory"),
        ("sqlite:///tmp/state.db", "sqlite:///tmp/state.db"),
        ("redis://localhost:6379/0", "redis://localhost:6379/0"),
        ("rediss://cache.example:6380/1", "rediss://cache.example:6380/1"),
        ("unix:///run/redis.sock", "unix:///run/redis.sock"),
    ],
)
def test_store_specs_that_are_accepted(spec: str | None, valid: str) -> None:
    assert check_store_spec(spec) == valid


@pytest.mark.parametrize("spec", ["sqlite:///", "sqlite://relative.db", "postgres://db", "mem"])
def test_store_specs_that_are_refused_with_the_fix(spec: str) -> None:
    with pytest.raises(StoreConfigError) as refused:
        check_store_spec(spec)
    assert str(refused.value) == (
        f"FWBOT_STORE={spec!r} is not supported: use memory, sqlite:///path or redis://host:port/db"
    )


def test_open_store_picks_the_store_the_spec_names(tmp_path: Path) -> None:
    memory = open_store(None)
    assert type(memory) is MemoryStore and not memory.blocking_io
    sqlite = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    assert type(sqlite) is SQLiteStore and sqlite.blocking_io
    sqlite.put("k", {"v": 1}, 60)
    assert SQLiteStore(tmp_path / "a.db").get("k") == {"v": 1}  # the file the spec names
    redis_store = open_store(f"redis://127.0.0.1:{free_port()}/0")
    assert type(redis_store) is RedisStore and redis_store.blocking_io
    for store in (memory, sqlite, redis_store):
        store.close()


# --- memory -------------------------------------------------------------------------------


def test_memory_entries_expire_exactly_at_their_ttl() -> None:
    clock = Clock()
    store = MemoryStore(clock=clock)
    store.put("k", {"a": 1}, ttl_seconds=10)
    clock.now += 9.999
    assert store.get("k") == {"a": 1}
    clock.now += 0.001
    assert store.get("k") is None
    assert store.add("k", {"a": 2}, ttl_seconds=10)  # expired: free to take again
    assert not store.add("k", {"a": 3}, ttl_seconds=10)
    clock.now += 10
    assert store.add("k", {"a": 4}, ttl_seconds=10)
    assert store.get("k") == {"a": 4}


def test_memory_store_copies_what_it_keeps_and_hands_out() -> None:
    store = MemoryStore()
    state = {"answers": [1]}
    store.put("k", state, 60)
    state["answers"].append(2)
    got = store.get("k")
    assert got == {"answers": [1]}
    assert got is not None
    got["answers"].append(3)
    assert store.get("k") == {"answers": [1]}
    added = {"seen": [1]}
    assert store.add("e", added, 60)
    added["seen"].append(2)
    assert store.get("e") == {"seen": [1]}


def test_memory_store_stays_bounded_dropping_expired_then_oldest() -> None:
    clock = Clock()
    store = MemoryStore(clock=clock, max_entries=3)
    store.put("old", {"n": 0}, 100)
    store.put("expiring", {"n": 1}, 5)
    store.put("newer", {"n": 2}, 100)
    clock.now += 5  # "expiring" is now exactly expired
    store.put("fourth", {"n": 3}, 100)  # full: the expired one goes, nothing else
    assert [store.get(k) for k in ("old", "newer", "fourth")] == [{"n": 0}, {"n": 2}, {"n": 3}]
    store.put("fifth", {"n": 4}, 100)  # full, none expired: the oldest goes
    assert store.get("old") is None
    assert [store.get(k) for k in ("newer", "fourth", "fifth")] == [{"n": 2}, {"n": 3}, {"n": 4}]
    store.put("fifth", {"n": 5}, 100)  # an update when full still keeps it at three
    assert store.get("newer") is None and store.get("fifth") == {"n": 5}


def test_memory_store_bound_defaults_to_a_hundred_thousand() -> None:
    store = MemoryStore()
    for n in range(100_001):
        store.put(str(n), {}, 60)
    assert store.get("0") is None and store.get("1") == {} and store.get("100000") == {}


def test_memory_delete_and_close_forget() -> None:
    store = MemoryStore()
    store.put("a", {}, 60)
    store.put("b", {}, 60)
    store.delete("a")
    store.delete("missing")
    assert store.get("a") is None and store.get("b") == {}
    store.close()
    assert store.get("b") is None


# --- SQLite -------------------------------------------------------------------------------


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[tuple[SQLiteStore, Clock]]:
    clock = Clock()
    store = SQLiteStore(tmp_path / "state.db", clock=clock)
    yield store, clock
    store.close()


def test_sqlite_entries_expire_exactly_at_their_ttl(
    sqlite_store: tuple[SQLiteStore, Clock],
) -> None:
    store, clock = sqlite_store
    store.put("k", {"a": 1}, ttl_seconds=10)
    store.put("k", {"a": 2}, ttl_seconds=20)  # an update replaces state and expiry
    clock.now += 19.5
    assert store.get("k") == {"a": 2}
    clock.now += 0.5
    assert store.get("k") is None
    assert store.add("k", {"a": 3}, ttl_seconds=10)  # expired: free to take again
    assert not store.add("k", {"a": 4}, ttl_seconds=10)
    assert store.get("k") == {"a": 3}
    clock.now += 10
    assert store.add("k", {"a": 5}, ttl_seconds=10)


def test_sqlite_purges_only_what_has_expired(
    sqlite_store: tuple[SQLiteStore, Clock], tmp_path: Path
) -> None:
    store, clock = sqlite_store
    store.put("short", {}, 5)
    store.put("long", {}, 50)
    clock.now += 5
    store.purge_expired()
    rows = sqlite3.connect(tmp_path / "state.db").execute("SELECT key FROM conversations")
    assert [key for (key,) in rows] == ["long"]
    store.delete("long")
    assert store.get("long") is None


def test_sqlite_writes_are_seen_at_once_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = SQLiteStore(path)
    store.put("k", {"v": 1}, 60)  # autocommit: no transaction left open
    other = sqlite3.connect(path)
    assert other.execute("SELECT state FROM conversations").fetchall() == [('{"v": 1}',)]
    assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store._db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    assert store._db.in_transaction is False
    other.close()
    store.close()


def test_sqlite_store_is_usable_from_other_threads(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.db")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.put(f"{n}:{i}", {"i": i}, 60)
                assert store.get(f"{n}:{i}") == {"i": i}
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store.close()


def test_sqlite_waits_up_to_5_s_for_another_writers_lock(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = SQLiteStore(path)
    assert store._db.execute("PRAGMA busy_timeout").fetchone() == (5000,)
    store.close()


def test_sqlite_problems_are_reported_as_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="cannot open SQLite store"):
        SQLiteStore(tmp_path)  # a directory
    store = SQLiteStore(tmp_path / "state.db")
    store.close()
    for call in (
        lambda: store.get("k"),
        lambda: store.put("k", {}, 1),
        lambda: store.add("k", {}, 1),
        lambda: store.delete("k"),
    ):
        with pytest.raises(StoreUnavailableError, match=r"^SQLite store failed: ") as failed:
            call()
        assert failed.value.transient is False  # a closed database needs a person
    with pytest.raises(StoreUnavailableError) as unopenable:
        SQLiteStore(tmp_path)
    assert unopenable.value.transient is False


def test_sqlite_a_lock_held_by_another_writer_is_transient(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = SQLiteStore(path)
    store._db.execute("PRAGMA busy_timeout = 0")  # fail at once rather than after 5 s
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    calls: list[Callable[[], object]] = [
        lambda: store.put("k", {}, 1),
        lambda: store.add("k", {}, 1),
    ]
    for call in calls:
        with pytest.raises(StoreUnavailableError, match="database is locked") as locked:
            call()
        assert locked.value.transient is True  # waiting can help
    writer.execute("ROLLBACK")
    writer.close()
    store.put("k", {"v": 1}, 60)
    assert store.get("k") == {"v": 1}
    store.close()


# --- Redis --------------------------------------------------------------------------------


def test_redis_ttls_are_in_milliseconds_and_never_zero(tmp_path: Path) -> None:
    with running_redis(tmp_path) as url:
        store = RedisStore(url)
        store.put("k", {"a": 1}, ttl_seconds=30)
        assert 29_000 < store._client.pttl("k") <= 30_000
        store.put("tiny", {}, ttl_seconds=0.0001)  # rounds to 0 ms: kept for 1 ms, not forever
        assert store._client.pttl("tiny") in (-2, 0, 1)
        assert store.add("e", {"seen": True}, ttl_seconds=2.5)
        assert 2_000 < store._client.pttl("e") <= 2_500
        assert not store.add("e", {"seen": False}, ttl_seconds=60)
        assert store.get("e") == {"seen": True}
        assert store.add("tiny2", {}, ttl_seconds=0.0001)
        assert store._client.pttl("tiny2") in (-2, 0, 1)
        store.delete("k")
        assert store.get("k") is None
        store.close()


def test_redis_gives_up_fast_and_says_so() -> None:
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0")
    options = store._client.connection_pool.connection_kwargs
    # A frozen Redis must cost an event well under 0.2 s (README: 150 ms, no retries).
    assert (options["socket_timeout"], options["socket_connect_timeout"]) == (0.15, 0.15)
    assert store._client.get_retry().get_retries() == 0
    with pytest.raises(StoreUnavailableError, match=r"^Redis store failed: "):
        store.put("k", {}, 1)
    quick = RedisStore(f"redis://127.0.0.1:{free_port()}/0", socket_timeout=0.25)
    options = quick._client.connection_pool.connection_kwargs
    assert (options["socket_timeout"], options["socket_connect_timeout"]) == (0.25, 0.25)
    for s in (store, quick):
        s.close()


class RefusingClient:
    """Stands in for redis-py's client: every command raises `error`."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __getattr__(self, name: str) -> object:
        def command(*args: object, **kwargs: object) -> object:
            raise self.error

        return command


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (redis.ConnectionError("connection refused"), True),
        (redis.TimeoutError("timed out"), True),
        (redis.AuthenticationError("invalid password"), False),
        (redis.exceptions.AuthorizationError("NOPERM"), False),
        (redis.exceptions.ReadOnlyError("READONLY replica"), False),
    ],
)
def test_redis_failures_say_whether_waiting_can_help(error: Exception, transient: bool) -> None:
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0")
    store._client = RefusingClient(error)
    calls: list[Callable[[], object]] = [lambda: store.get("k"), lambda: store.put("k", {}, 1)]
    for call in calls:
        with pytest.raises(StoreUnavailableError) as failed:
            call()
        assert str(failed.value) == f"Redis store failed: {error}"
        assert failed.value.transient is transient


def test_a_malformed_redis_url_is_not_transient() -> None:
    with pytest.raises(StoreUnavailableError) as bad:
        RedisStore("redis://127.0.0.1:notaport/0")
    assert str(bad.value).startswith("bad Redis URL: ")
    assert bad.value.transient is False
