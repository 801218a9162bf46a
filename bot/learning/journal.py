"""Where learning from use is written: daily counters, kept questions and rating marks.

One protocol, one implementation per conversation store (`FWBOT_STORE`): memory (inside one
process), SQLite (a file several processes share) and Redis (shared by replicas). A journal
stores no user id and no question text but what `Learning` hands it (redacted, and only when
FWBOT_KEEP_QUESTIONS=1).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from bot.learning.outcome import Outcome
from bot.store.factory import check_store_spec
from bot.store.guard import Breaker

DAY_SECONDS = 24 * 60 * 60
# Daily counters hold no text; they are kept this long, then dropped.
COUNTS_DAYS = 400


@dataclass(frozen=True)
class KeptQuestion:
    """A question the bot answered badly, redacted, with when it stops being kept."""

    text: str
    outcome: Outcome
    intent: str
    topic: str | None
    at: float
    expires_at: float
    rated_down: bool = False


class Journal(Protocol):
    """Counters by day, kept questions with an expiry, and once-only rating marks."""

    # True when calls wait on disk or network, so async callers run them in a thread.
    blocking_io: bool
    # False when the journal lives inside one process (what `fwbot gaps` can't read).
    shared: bool

    def record(self, day: str, counters: Sequence[str], kept: KeptQuestion | None) -> None:
        """Add one to each counter of the day; keep the question, if any."""
        ...

    def record_once(
        self,
        mark: str,
        mark_ttl_seconds: float,
        day: str,
        counters: Sequence[str],
        kept: KeptQuestion | None,
    ) -> bool:
        """`record`, only if `mark` was not recorded before (atomically, across processes);
        True when this call recorded it."""
        ...

    def counts(self, first_day: str, last_day: str) -> dict[str, int]:
        """Every counter summed over the days from first_day to last_day (YYYY-MM-DD, both
        included)."""
        ...

    def kept(self, since: float, now: float) -> list[KeptQuestion]:
        """Kept questions asked at or after `since` and not expired at `now`, oldest first;
        expired ones are deleted."""
        ...

    def purge(self) -> int:
        """Delete every kept question; the number deleted."""
        ...

    def close(self) -> None: ...


def day_of(at: float) -> str:
    """The UTC day of an epoch time, as YYYY-MM-DD."""
    return datetime.fromtimestamp(at, UTC).date().isoformat()


def last_days(now: float, days: int) -> list[str]:
    """The last `days` UTC days up to `now`'s, oldest first."""
    return [day_of(now - back * DAY_SECONDS) for back in range(days - 1, -1, -1)]


def start_of_day(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()


def open_journal(
    spec: str | None, clock: Callable[[], float] = time.time, breaker: Breaker | None = None
) -> Journal:
    """The journal for a `FWBOT_STORE` value (memory, sqlite:///path, redis://...); `clock`
    (epoch seconds) decides what has expired when it writes. `breaker`: the serving bot's
    store breaker, which a Redis journal shares (same server: when one fails, both wait)."""
    spec = check_store_spec(spec)
    if spec == "memory":
        from bot.learning.journal_memory import MemoryJournal  # noqa: PLC0415

        return MemoryJournal(clock)
    if spec.startswith("sqlite:///"):
        from bot.learning.journal_sqlite import SQLiteJournal  # noqa: PLC0415

        return SQLiteJournal(spec.removeprefix("sqlite:///"), clock)
    from bot.learning.journal_redis import RedisJournal  # noqa: PLC0415

    return RedisJournal(spec, clock=clock, breaker=breaker)
