"""The journal inside one process (FWBOT_STORE=memory): gone when the process ends, and
`fwbot gaps` in another process can't read it."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence

from bot.learning.journal import KeptQuestion

# Bounds, so a long-running process never grows without limit.
MAX_KEPT = 10_000
MAX_MARKS = 100_000


class MemoryJournal:
    blocking_io = False
    shared = False

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, Counter[str]] = {}
        self._kept: list[KeptQuestion] = []
        self._marks: dict[str, float] = {}

    def record(self, day: str, counters: Sequence[str], kept: KeptQuestion | None) -> None:
        with self._lock:
            self._record(day, counters, kept)

    def record_once(
        self,
        mark: str,
        mark_ttl_seconds: float,
        day: str,
        counters: Sequence[str],
        kept: KeptQuestion | None,
    ) -> bool:
        with self._lock:
            now = self._clock()
            if self._marks.get(mark, 0.0) > now:
                return False
            if len(self._marks) >= MAX_MARKS:
                self._marks = {m: t for m, t in self._marks.items() if t > now}
                while len(self._marks) >= MAX_MARKS:
                    del self._marks[next(iter(self._marks))]
            self._marks[mark] = now + mark_ttl_seconds
            self._record(day, counters, kept)
            return True

    def _record(self, day: str, counters: Sequence[str], kept: KeptQuestion | None) -> None:
        self._counts.setdefault(day, Counter()).update(counters)
        if kept is not None:
            self._kept.append(kept)
            del self._kept[:-MAX_KEPT]

    def counts(self, first_day: str, last_day: str) -> dict[str, int]:
        total: Counter[str] = Counter()
        with self._lock:
            for day, counts in self._counts.items():
                if first_day <= day <= last_day:
                    total.update(counts)
        return dict(total)

    def kept(self, since: float, now: float) -> list[KeptQuestion]:
        with self._lock:
            self._kept = [q for q in self._kept if q.expires_at > now]
            return sorted((q for q in self._kept if q.at >= since), key=lambda q: q.at)

    def purge(self) -> int:
        with self._lock:
            purged = len(self._kept)
            self._kept = []
            return purged

    def close(self) -> None:
        with self._lock:
            self._counts.clear()
            self._kept = []
            self._marks.clear()
