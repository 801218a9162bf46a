"""The same store and conversation suite against memory, SQLite and a real Redis server."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.brain import Brain
from bot.conversations import NO_MEMORY, Conversations
from bot.store import ConversationKey, ConversationStore, StoreUnavailableError, open_store
from bot.store.memory import MemoryStore
from bot.store.redis_store import RedisStore
from bot.store.sqlite import SQLiteStore
from tests.processes import buffered_env
from tests.redis_server import free_port, running_redis

StoreFactory = Callable[[], ConversationStore]


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A FWBOT_STORE value; every store opened from it shares the same data."""
    if request.param == "memory":
        yield "memory"
    elif request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.db'}"
    else:
        with running_redis(tmp_path) as url:
            yield url


@pytest.fixture
def open_shared(store_spec: str) -> Iterator[StoreFactory]:
    """Opens stores that share data (like separate processes would), closing them after."""
    opened: list[ConversationStore] = []
    shared_memory = MemoryStore() if store_spec == "memory" else None

    def factory() -> ConversationStore:
        store = shared_memory or open_store(store_spec)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"


def test_get_put_delete(open_shared: StoreFactory) -> None:
    store = open_shared()
    assert store.get("k") is None
    store.put("k", {"version": 1, "x": [1, 2]}, ttl_seconds=60)
    assert store.get("k") == {"version": 1, "x": [1, 2]}
    store.delete("k")
    assert store.get("k") is None


def test_entries_expire_after_their_ttl(open_shared: StoreFactory) -> None:
    store = open_shared()
    store.put("short", {"a": 1}, ttl_seconds=0.05)
    store.put("long", {"a": 2}, ttl_seconds=60)
    wait_until(lambda: store.get("short") is None)
    assert store.get("long") == {"a": 2}


def test_keys_are_scoped_by_team_channel_thread_and_user(open_shared: StoreFactory) -> None:
    store = open_shared()
    keys = [
        ConversationKey("T1", "C1", "1.0", "U1"),
        ConversationKey("T2", "C1", "1.0", "U1"),
        ConversationKey("T1", "C2", "1.0", "U1"),
        ConversationKey("T1", "C1", "2.0", "U1"),
        ConversationKey("T1", "C1", "1.0", "U2"),
        ConversationKey("T1:C1", "1.0", "U1", "-"),
    ]
    for index, key in enumerate(keys):
        store.put(str(key), {"n": index}, ttl_seconds=60)
    assert [store.get(str(key)) for key in keys] == [{"n": i} for i in range(len(keys))]


def test_a_dialogue_continues_in_a_second_store_instance(
    brain: Brain, open_shared: StoreFactory
) -> None:
    key = ConversationKey("T1", "C1", "1.0", "U1")
    first = Conversations(brain, open_shared())
    started = first.handle(key, "help me choose a framework").reply
    assert started.dialogue.active
    second = Conversations(brain, open_shared())
    answered = second.handle(key, "1").reply
    assert answered.dialogue.active
    assert answered.dialogue.question != started.dialogue.question


def test_saved_context_keeps_its_aspect(brain: Brain, open_shared: StoreFactory) -> None:
    key = ConversationKey("T1", "C1", "1.0", "U1")
    first = Conversations(brain, open_shared())
    compared = first.handle(key, "django vs flask on performance").reply
    assert (compared.frameworks, compared.aspect) == (["django", "flask"], "performance")
    saved = first.store.get(str(key))
    assert saved is not None and saved["context"]["aspect"] == "performance"
    # The next message names no aspect: it comes from the saved context, in another instance.
    followup = Conversations(brain, open_shared()).handle(key, "and fastapi?").reply
    assert followup.intent == "compare"
    assert (followup.frameworks, followup.aspect) == (["django", "flask", "fastapi"], "performance")


def test_why_after_a_recommendation_gives_the_recommended_ones_strengths(
    brain: Brain, open_shared: StoreFactory
) -> None:
    """The framework an answer came out for is kept with the context, so "why?" in another
    instance reads as a request for its strengths."""
    key = ConversationKey("T1", "C1", "1.0", "U1")
    first = Conversations(brain, open_shared())
    picked = first.handle(key, "which one should I pick for a small api?").reply
    assert picked.recommendation is not None
    saved = first.store.get(str(key))
    assert saved is not None and saved["context"]["favoured"] == picked.recommendation
    why = Conversations(brain, open_shared()).handle(key, "how come?").reply
    assert (why.intent, why.frameworks) == ("pros", [picked.recommendation])


def test_fifty_interleaved_conversations_never_mix(brain: Brain, open_shared: StoreFactory) -> None:
    conversations = Conversations(brain, open_shared())
    errors: list[str] = []

    def talk(index: int) -> None:
        key = ConversationKey("T1", f"C{index % 5}", f"{index}.0", f"U{index}")
        framework = ("django", "flask", "fastapi")[index % 3]
        other = ("flask", "fastapi", "django")[index % 3]
        conversations.handle(key, f"{framework} vs {other}")
        reply = conversations.handle(key, "what about performance?").reply
        if reply.frameworks != [framework, other]:
            errors.append(f"{index}: {reply.frameworks}")

    threads = [threading.Thread(target=talk, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_redis_going_away_mid_conversation_is_survivable(brain: Brain, tmp_path: Path) -> None:
    with running_redis(tmp_path) as url:
        store = RedisStore(url)
        conversations = Conversations(brain, store)
        key = ConversationKey("T1", "C1", "1.0", "U1")
        assert conversations.handle(key, "help me choose").reply.dialogue.active
    # The server is gone now.
    reply = conversations.handle(key, "1").reply
    assert NO_MEMORY in reply.text
    other = conversations.handle(ConversationKey(user="U2"), "what is flask?").reply
    assert other.intent == "describe" and other.sources
    store.close()


def test_an_unreachable_redis_is_reported_as_unavailable(brain: Brain) -> None:
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0", socket_timeout=0.2)
    with pytest.raises(StoreUnavailableError, match="Redis store failed"):
        store.get("x")
    reply = Conversations(brain, store).handle(ConversationKey(), "django vs flask").reply
    assert reply.intent == "compare"
    assert NO_MEMORY in reply.text


def console_json(messages: list[str], store: str) -> list[dict[str, object]]:
    env = buffered_env(FWBOT_STORE=store)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--json"],
        env=env,
        input="".join(m + "\n" for m in messages),
        text=True,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_a_dialogue_started_in_one_process_continues_in_another(kind: str, tmp_path: Path) -> None:
    def run(spec: str) -> None:
        first = console_json(["which framework should I use?"], spec)
        assert first[0]["dialogue"]["active"]  # type: ignore[index]
        second = console_json(["2"], spec)
        assert second[0]["dialogue"]["active"]  # type: ignore[index]
        assert second[0]["dialogue"]["question"] != first[0]["dialogue"]["question"]  # type: ignore[index]

    if kind == "sqlite":
        run(f"sqlite:///{tmp_path / 'state.db'}")
    else:
        with running_redis(tmp_path) as url:
            run(url)


def test_sqlite_store_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).put("k", {"v": 1}, 60)
    assert SQLiteStore(path).get("k") == {"v": 1}


def test_add_stores_only_once_until_expiry(open_shared: StoreFactory) -> None:
    first, second = open_shared(), open_shared()
    assert first.add("event:Ev1", {"seen": 1}, ttl_seconds=60)
    assert not second.add("event:Ev1", {"seen": 2}, ttl_seconds=60)
    assert first.get("event:Ev1") == {"seen": 1}
    assert first.add("event:Ev2", {"seen": 1}, ttl_seconds=0.05)
    wait_until(lambda: second.add("event:Ev2", {"seen": 2}, ttl_seconds=60))
