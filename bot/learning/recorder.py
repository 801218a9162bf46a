"""Learning from use, for the transports: what each reply was (counted), ratings (once per
person per answer) and, only with FWBOT_KEEP_QUESTIONS=1, the redacted text of questions
answered badly, kept for FWBOT_KEEP_DAYS.

`note` is pure CPU (call it when the answer is ready); `record` and `rate` write to the
journal (call them after the reply is sent, off the event loop when `blocking_io`).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter

from bot.answer import Answer
from bot.learning.journal import DAY_SECONDS, Journal, KeptQuestion, day_of
from bot.learning.outcome import MISSED, OUTCOMES, Outcome, classify, topic_of
from bot.learning.redact import redact
from bot.settings import LearningSettings
from bot.store.base import StoreUnavailableError
from intents.understanding import Understanding

log = logging.getLogger(__name__)

# A person's rating of an answer is remembered this long (as a one-way mark, never their id).
RATING_MARK_DAYS = 90


@dataclass(frozen=True)
class Note:
    """What is recorded about one reply: never who asked; the question's text only when kept
    questions are allowed, and then redacted."""

    answer_id: str
    outcome: Outcome
    intent: str
    frameworks: tuple[str, ...] = ()
    topic: str | None = None
    question: str | None = None
    # The answer states facts (it has sources) and asks nothing: it gets 👍 / 👎.
    rateable: bool = False
    at: float = 0.0


class LearningMetrics:
    """Outcome and rating counters on the app's Prometheus registry (GET /metrics)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.outcomes = Counter(
            "fwbot_outcomes_total", "Replies by outcome", ["outcome"], registry=registry
        )
        self.ratings = Counter(
            "fwbot_ratings_total",
            "Ratings of answers, once per person per answer",
            ["rating"],
            registry=registry,
        )
        self.failures = Counter(
            "fwbot_learning_failures_total",
            "Outcomes or ratings the store could not take",
            registry=registry,
        )
        for outcome in OUTCOMES:  # every series from the start, zeros included
            self.outcomes.labels(outcome=outcome)
        for rating in ("up", "down"):
            self.ratings.labels(rating=rating)


class Learning:
    """Notes replies, records them in the journal, takes ratings."""

    def __init__(
        self,
        journal: Journal,
        settings: LearningSettings | None = None,
        metrics: LearningMetrics | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.journal = journal
        self.settings = settings or LearningSettings()
        self.metrics = metrics
        self._clock = clock
        self._failing = False  # the journal's last call failed (for one log line per outage)

    @property
    def blocking_io(self) -> bool:
        return self.journal.blocking_io

    def note(self, understanding: Understanding, answer: Answer, question: str) -> Note:
        """What one reply was; counted in the metrics at once (no I/O)."""
        outcome = classify(understanding.intent, answer)
        if self.metrics is not None:
            self.metrics.outcomes.labels(outcome=outcome).inc()
        kept = redact(question) if self.settings.keep_questions else ""
        return Note(
            answer_id=secrets.token_hex(8),
            outcome=outcome,
            intent=understanding.intent,
            frameworks=understanding.frameworks,
            topic=topic_of(answer, understanding.topics),
            question=kept or None,
            rateable=bool(answer.sources) and answer.prompt is None,
            at=self._clock(),
        )

    def record(self, note: Note) -> None:
        """Count the reply by day; keep its question when it was answered badly (and that is
        allowed). A store that fails is logged, never raised: answering goes on."""
        counters = [f"outcome:{note.outcome}", f"intent:{note.intent}"]
        if note.topic is not None:
            counters.append(f"topic:{note.topic}")
            if note.outcome in MISSED:
                counters.append(f"missed:{note.topic}")
        kept = self._kept(note, note.at) if note.outcome in MISSED else None
        try:
            self.journal.record(day_of(note.at), counters, kept)
        except StoreUnavailableError as error:
            self._failed("recording an outcome", error)
        else:
            self._worked()

    def rate(self, note: Note, up: bool, voter: str) -> bool:
        """Record a rating of the noted answer, once per voter; True unless this voter had
        already rated it. The voter's id is stored only as a one-way mark."""
        now = self._clock()
        mark = hashlib.sha256(f"{note.answer_id}\0{voter}".encode()).hexdigest()[:32]
        rating = "up" if up else "down"
        # Against the answer rated: its outcome, intent, topic and frameworks.
        counters = [
            "outcome:feedback",
            f"rating:{rating}",
            f"rated:{rating}:outcome:{note.outcome}",
            f"rated:{rating}:intent:{note.intent}",
            *(f"rated:{rating}:framework:{f}" for f in note.frameworks),
        ]
        if note.topic is not None:
            counters.append(f"rated:{rating}:topic:{note.topic}")
        if not up and note.topic is not None and note.outcome not in MISSED:
            counters.append(f"missed:{note.topic}")  # (a miss is counted once)
        # A question answered badly was kept when it was answered; one rated down, now.
        kept = None if up or note.outcome in MISSED else self._kept(note, now, rated_down=True)
        try:
            first = self.journal.record_once(
                mark, RATING_MARK_DAYS * DAY_SECONDS, day_of(now), counters, kept
            )
        except StoreUnavailableError as error:
            self._failed("recording a rating", error)
            first = True  # thank the person; the rating is lost, not refused
        else:
            self._worked()
        if first and self.metrics is not None:
            self.metrics.outcomes.labels(outcome="feedback").inc()
            self.metrics.ratings.labels(rating=rating).inc()
        return first

    def close(self) -> None:
        self.journal.close()

    def _kept(self, note: Note, at: float, rated_down: bool = False) -> KeptQuestion | None:
        if not self.settings.keep_questions or not note.question:
            return None
        return KeptQuestion(
            text=note.question,
            outcome=note.outcome,
            intent=note.intent,
            topic=note.topic,
            at=at,
            expires_at=at + self.settings.keep_days * DAY_SECONDS,
            rated_down=rated_down,
        )

    def _failed(self, what: str, error: StoreUnavailableError) -> None:
        """Counted every time; one WARNING line (no traceback) when failures start, since
        an outage fails every answer's recording and would flood the log."""
        if self.metrics is not None:
            self.metrics.failures.inc()
        level = logging.DEBUG if self._failing else logging.WARNING
        self._failing = True
        log.log(level, "learning store unavailable: %s failed (%s)", what, error)

    def _worked(self) -> None:
        if self._failing:
            self._failing = False
            log.warning("learning store answers again")
