"""The journal against each store: memory (one process), SQLite and a real redis-server
(shared by processes); daily counters, kept questions that expire, once-only marks, purge."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from bot.learning.journal import (
    DAY_SECONDS,
    Journal,
    KeptQuestion,
    day_of,
    last_days,
    open_journal,
)
from bot.learning.journal_memory import MemoryJournal
from bot.store.base import StoreUnavailableError
from bot.store.guard import Breaker
from tests.bot.learning.conftest import stored_bytes
from tests.redis_server import free_port

# The journals' clock stands still here; reads say which time they judge expiry by.
NOW = time.time()
JournalFactory = Callable[[], Journal]


@pytest.fixture
def journals(any_spec: str) -> Iterator[JournalFactory]:
    """Opens journals on one store (like separate processes would), closing them after."""
    opened: list[Journal] = []
    memory = MemoryJournal(lambda: NOW) if any_spec == "memory" else None

    def factory() -> Journal:
        journal = memory or open_journal(any_spec, clock=lambda: NOW)
        opened.append(journal)
        return journal

    yield factory
    for journal in opened:
        journal.close()


def question(text: str, at: float = NOW, days: int = 30, **fields: object) -> KeptQuestion:
    values: dict[str, object] = {"outcome": "partial", "intent": "describe", "topic": "support"}
    values.update(fields)
    return KeptQuestion(text=text, at=at, expires_at=at + days * DAY_SECONDS, **values)  # type: ignore[arg-type]


def test_counters_add_up_by_day_over_a_range(journals: JournalFactory) -> None:
    journal = journals()
    today, yesterday, long_ago = (
        day_of(NOW),
        day_of(NOW - DAY_SECONDS),
        day_of(NOW - 30 * DAY_SECONDS),
    )
    journal.record(today, ["outcome:answered", "intent:compare"], None)
    journal.record(today, ["outcome:answered", "intent:describe"], None)
    journal.record(yesterday, ["outcome:partial", "intent:describe", "topic:support"], None)
    journal.record(long_ago, ["outcome:answered"], None)
    week = last_days(NOW, 7)
    assert journals().counts(week[0], week[-1]) == {
        "outcome:answered": 2,
        "outcome:partial": 1,
        "intent:compare": 1,
        "intent:describe": 2,
        "topic:support": 1,
    }
    assert journal.counts(today, today)["outcome:answered"] == 2


def test_kept_questions_come_back_oldest_first_within_the_window(journals: JournalFactory) -> None:
    journal = journals()
    journal.record(day_of(NOW), ["outcome:partial"], question("second", at=NOW))
    journal.record(day_of(NOW), ["outcome:partial"], question("first", at=NOW - 60))
    journal.record(day_of(NOW), ["outcome:partial"], question("old", at=NOW - 9 * DAY_SECONDS))
    kept = journals().kept(since=NOW - 7 * DAY_SECONDS, now=NOW)
    assert [q.text for q in kept] == ["first", "second"]
    assert kept[0] == question("first", at=NOW - 60)


def test_kept_questions_expire_after_their_days_and_leave_nothing_behind(
    journals: JournalFactory, any_spec: str
) -> None:
    journal = journals()
    journal.record(day_of(NOW), [], question("short-lived zebra question", days=1))
    journal.record(day_of(NOW), [], question("long-lived giraffe question", days=30))
    assert len(journal.kept(since=0, now=NOW + DAY_SECONDS - 1)) == 2
    later = journals().kept(since=0, now=NOW + DAY_SECONDS)
    assert [q.text for q in later] == ["long-lived giraffe question"]
    assert journal.kept(since=0, now=NOW + 31 * DAY_SECONDS) == []
    if any_spec != "memory":
        held = stored_bytes(any_spec)
        assert b"zebra" not in held and b"giraffe" not in held


def test_a_mark_is_recorded_once_across_journals(journals: JournalFactory) -> None:
    first, second = journals(), journals()
    day = day_of(NOW)
    assert first.record_once("m1", 3600, day, ["rating:down"], question("why so slow"))
    assert not second.record_once("m1", 3600, day, ["rating:down"], question("why so slow"))
    assert second.record_once("m2", 3600, day, ["rating:down"], None)
    assert first.counts(day, day) == {"rating:down": 2}
    assert [q.text for q in first.kept(since=0, now=NOW)] == ["why so slow"]


def test_purge_deletes_every_kept_question_and_its_text(
    journals: JournalFactory, any_spec: str
) -> None:
    journal = journals()
    for n in range(3):
        journal.record(day_of(NOW), ["outcome:clarify"], question(f"purgeable okapi {n}"))
    assert journals().purge() == 3
    assert journal.kept(since=0, now=NOW) == []
    assert journal.counts(day_of(NOW), day_of(NOW)) == {"outcome:clarify": 3}  # counts stay
    if any_spec != "memory":
        assert b"okapi" not in stored_bytes(any_spec)


def test_only_the_memory_journal_lives_inside_one_process(any_spec: str) -> None:
    journal = open_journal(any_spec)
    try:
        assert journal.shared is (any_spec != "memory")
        assert journal.blocking_io is (any_spec != "memory")
    finally:
        journal.close()


def test_a_redis_journal_beside_the_store_fails_as_fast_and_shares_its_breaker() -> None:
    """In `fwbot serve` the journal shares the conversation store's breaker: it times out
    as fast, and once Redis has failed, its calls are skipped without touching Redis."""
    clock = [1000.0]
    breaker = Breaker(cooldown=1.0, clock=lambda: clock[0])
    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    journal = open_journal(unreachable, breaker=breaker)
    options = journal._client.connection_pool.connection_kwargs  # type: ignore[attr-defined]
    assert (options["socket_timeout"], options["socket_connect_timeout"]) == (0.15, 0.15)
    assert journal._client.get_retry().get_retries() == 0  # type: ignore[attr-defined]
    with pytest.raises(StoreUnavailableError, match="journal failed"):
        journal.record(day_of(NOW), ["outcome:answered"], None)
    assert breaker.open
    with pytest.raises(StoreUnavailableError, match="skipped"):
        journal.record(day_of(NOW), ["outcome:answered"], None)
    clock[0] += 1.0  # the cool-down is over: one call tries Redis again
    with pytest.raises(StoreUnavailableError, match="journal failed"):
        journal.record(day_of(NOW), ["outcome:answered"], None)
    journal.close()
    patient = open_journal(unreachable)  # the CLI's: no breaker, a second to answer
    options = patient._client.connection_pool.connection_kwargs  # type: ignore[attr-defined]
    assert options["socket_timeout"] == 1.0
    patient.close()
