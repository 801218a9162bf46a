"""Exponential backoff with jitter, for everything that retries: the token check, Socket
Mode reconnects and posting answers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays that double from `base` up to `cap`, each drawn from [50 %, 100 %] of that
    ("equal jitter"), so replicas that failed together do not retry together."""

    base: float = 0.5
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)
    attempts: int = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2.0 ** min(self.attempts, 32))
        self.attempts += 1
        return ceiling * self.rng.uniform(0.5, 1.0)

    def reset(self) -> None:
        self.attempts = 0
