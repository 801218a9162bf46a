"""In-process store: the default, for the console and a single Slack process."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable

from bot.store.base import State


class MemoryStore:
    blocking_io = False

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_entries: int = 100_000):
        self._clock = clock
        self._max_entries = max_entries
        self._entries: dict[str, tuple[float, State]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> State | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, state = entry
            if expires <= self._clock():
                del self._entries[key]
                return None
            return copy.deepcopy(state)

    def put(self, key: str, state: State, ttl_seconds: float) -> None:
        with self._lock:
            now = self._clock()
            if len(self._entries) >= self._max_entries:
                # Drop expired entries first, then the oldest, so memory stays bounded.
                self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
                while len(self._entries) >= self._max_entries:
                    del self._entries[next(iter(self._entries))]
            self._entries[key] = (now + ttl_seconds, copy.deepcopy(state))

    def add(self, key: str, state: State, ttl_seconds: float) -> bool:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > self._clock():
                return False
            self._entries[key] = (self._clock() + ttl_seconds, copy.deepcopy(state))
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def close(self) -> None:
        with self._lock:
            self._entries.clear()
