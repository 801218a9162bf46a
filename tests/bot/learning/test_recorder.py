"""`Learning`: each reply counted by outcome, ratings once per person per answer, and the
redacted text of badly answered questions kept only with FWBOT_KEEP_QUESTIONS=1."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import pytest
from prometheus_client import CollectorRegistry

from bot.brain import Brain
from bot.learning.journal import DAY_SECONDS, day_of, open_journal
from bot.learning.journal_memory import MemoryJournal
from bot.learning.recorder import Learning, LearningMetrics, Note
from bot.settings import LearningSettings
from bot.store.base import StoreUnavailableError
from tests.bot.learning.conftest import stored_bytes

KEEP = LearningSettings(keep_questions=True, keep_days=30)
PARTIAL = "does fastapi have lts? write to ann.lee@corp.example or call 555 123 4567"
ANSWERED = "django vs flask for a kumquat shop"


def reply_to(brain: Brain, learning: Learning, message: str) -> Note:
    turn = brain.handle(message)
    note = learning.note(turn.understanding, turn.answer, message)
    learning.record(note)
    return note


LearningFactory = Callable[[LearningSettings], Learning]


@pytest.fixture
def learning_for(shared_spec: str) -> Iterator[LearningFactory]:
    """Learning on one shared store, as each replica would have it."""
    opened: list[Learning] = []

    def make(settings: LearningSettings) -> Learning:
        learning = Learning(open_journal(shared_spec), settings)
        opened.append(learning)
        return learning

    yield make
    for learning in opened:
        learning.close()


def kept_texts(learning: Learning) -> list[str]:
    return [q.text for q in learning.journal.kept(since=0, now=time.time())]


def test_without_keep_questions_nothing_of_the_text_is_stored(
    brain: Brain, learning_for: LearningFactory, shared_spec: str
) -> None:
    learning = learning_for(LearningSettings())
    partial = reply_to(brain, learning, PARTIAL)
    answered = reply_to(brain, learning, ANSWERED)
    assert (partial.outcome, answered.outcome) == ("partial", "answered")
    assert partial.question is None and answered.question is None
    assert learning.rate(answered, up=False, voter="U1")
    assert kept_texts(learning) == []
    held = stored_bytes(shared_spec)
    # Whole words: digits alone also turn up in the keys' hex digests ("3dfc7555...").
    for word in (b"kumquat", b"lts", b"ann.lee", b"555 123 4567"):
        assert word not in held
    day = day_of(time.time())
    counts = learning.journal.counts(day, day)
    assert counts["outcome:partial"] == 1 and counts["rating:down"] == 1


def test_kept_questions_are_redacted_before_they_are_stored(
    brain: Brain, learning_for: LearningFactory, shared_spec: str
) -> None:
    learning = learning_for(KEEP)
    reply_to(brain, learning, PARTIAL)
    reply_to(brain, learning, ANSWERED)  # answered well: not kept
    [kept] = learning.journal.kept(since=0, now=time.time())
    assert kept.text == "does fastapi have lts? write to [email] or call [number]"
    assert (kept.outcome, kept.topic, kept.rated_down) == ("partial", "support", False)
    assert kept.expires_at == pytest.approx(kept.at + 30 * DAY_SECONDS)
    held = stored_bytes(shared_spec)
    assert b"ann.lee" not in held and b"corp.example" not in held and b"123 4567" not in held
    assert b"kumquat" not in held


def test_a_thumbs_down_is_counted_once_per_person_and_keeps_the_question(
    brain: Brain, learning_for: LearningFactory, shared_spec: str
) -> None:
    learning = learning_for(KEEP)
    other_replica = learning_for(KEEP)
    answered = reply_to(brain, learning, ANSWERED)
    assert learning.rate(answered, up=False, voter="U0123ALICE")
    assert not other_replica.rate(answered, up=False, voter="U0123ALICE")
    assert not learning.rate(answered, up=True, voter="U0123ALICE")  # one rating per person
    assert other_replica.rate(answered, up=True, voter="U0456BOB")
    day = day_of(time.time())
    counts = learning.journal.counts(day, day)
    assert (counts["rating:down"], counts["rating:up"], counts["outcome:feedback"]) == (1, 1, 2)
    against = {name: n for name, n in counts.items() if name.startswith("rated:down:")}
    assert against == {  # the rating is recorded against what the answer was
        "rated:down:outcome:answered": 1,
        "rated:down:intent:compare": 1,
        "rated:down:framework:django": 1,
        "rated:down:framework:flask": 1,
    }
    [kept] = learning.journal.kept(since=0, now=time.time())
    assert (kept.text, kept.outcome, kept.rated_down) == (ANSWERED, "answered", True)
    held = stored_bytes(shared_spec)
    assert b"ALICE" not in held and b"BOB" not in held  # voters only as one-way marks


def test_a_question_kept_as_partial_is_not_kept_again_when_rated_down(
    brain: Brain, learning_for: LearningFactory
) -> None:
    learning = learning_for(KEEP)
    partial = reply_to(brain, learning, PARTIAL)
    assert learning.rate(partial, up=False, voter="U1")
    assert len(kept_texts(learning)) == 1
    day = day_of(time.time())
    assert learning.journal.counts(day, day)["missed:support"] == 1  # one miss, counted once


def test_outcomes_and_ratings_are_counted_in_the_metrics(brain: Brain) -> None:
    registry = CollectorRegistry()
    learning = Learning(MemoryJournal(), metrics=LearningMetrics(registry))
    answered = reply_to(brain, learning, ANSWERED)
    reply_to(brain, learning, PARTIAL)
    reply_to(brain, learning, "what's the weather in Paris?")
    learning.rate(answered, up=True, voter="U1")
    learning.rate(answered, up=True, voter="U1")
    outcomes = {
        outcome: registry.get_sample_value("fwbot_outcomes_total", {"outcome": outcome})
        for outcome in ("answered", "partial", "clarify", "out_of_scope", "feedback")
    }
    assert outcomes == {
        "answered": 1, "partial": 1, "clarify": 0, "out_of_scope": 1, "feedback": 1,
    }  # fmt: skip
    assert registry.get_sample_value("fwbot_ratings_total", {"rating": "up"}) == 1
    assert registry.get_sample_value("fwbot_ratings_total", {"rating": "down"}) == 0


class DownJournal(MemoryJournal):
    def record(self, *args: object) -> None:
        raise StoreUnavailableError("down")

    def record_once(self, *args: object) -> bool:
        raise StoreUnavailableError("down")


def test_a_store_that_fails_never_stops_an_answer_or_a_thank_you(brain: Brain) -> None:
    registry = CollectorRegistry()
    learning = Learning(DownJournal(), KEEP, LearningMetrics(registry))
    note = reply_to(brain, learning, PARTIAL)
    assert learning.rate(note, up=True, voter="U1")
    assert registry.get_sample_value("fwbot_learning_failures_total") == 2


def test_a_journal_outage_is_one_log_line_without_a_traceback(
    brain: Brain, caplog: pytest.LogCaptureFixture
) -> None:
    """Every answer's recording fails while the store is down: one line says so, one says
    it is back, and the metric counts each failure."""
    journal = DownJournal()
    learning = Learning(journal, KEEP)
    with caplog.at_level(logging.DEBUG, logger="bot.learning.recorder"):
        for _ in range(3):
            reply_to(brain, learning, ANSWERED)
        learning.journal = MemoryJournal()
        reply_to(brain, learning, ANSWERED)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        "learning store unavailable: recording an outcome failed (down)",
        "learning store answers again",
    ]
    assert all(r.exc_info is None for r in caplog.records)
