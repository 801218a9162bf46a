"""A store that fails fast while it is down, so a dead or frozen store costs each message
little: after a failed call, calls fail at once for a cool-down (doubling up to a cap),
then one call at a time tries again; the first success closes the breaker."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from bot.store.base import ConversationStore, State, StoreUnavailableError

log = logging.getLogger(__name__)
T = TypeVar("T")


class Breaker:
    """Thread-safe: store calls run in worker threads."""

    def __init__(
        self,
        cooldown: float = 0.5,
        max_cooldown: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        what: str = "conversation store (FWBOT_STORE)",
    ) -> None:
        self.cooldown = cooldown
        self.max_cooldown = max_cooldown
        self.clock = clock
        self.what = what
        self._lock = threading.Lock()
        self._failures = 0
        self._retry_at = 0.0
        self._probing = False

    @property
    def open(self) -> bool:
        with self._lock:
            return self._failures > 0

    def allow(self) -> bool:
        """May a call go through now? While open, one call per cool-down tries."""
        with self._lock:
            if self._failures == 0:
                return True
            if self._probing or self.clock() < self._retry_at:
                return False
            self._probing = True
            return True

    def succeeded(self) -> None:
        with self._lock:
            was_open, self._failures, self._probing = self._failures > 0, 0, False
        if was_open:
            log.warning("%s answers again", self.what)

    def failed(self, error: Exception) -> None:
        with self._lock:
            self._failures += 1
            self._probing = False
            wait = min(self.max_cooldown, self.cooldown * 2 ** min(self._failures - 1, 16))
            self._retry_at = self.clock() + wait
            first = self._failures == 1
        if first:
            log.warning(
                "%s unavailable (%s); answering without memory, retrying every few seconds",
                self.what, error,
            )  # fmt: skip


class GuardedStore:
    """Wraps a store with a Breaker; `on_error(operation)` is told about every failure."""

    def __init__(
        self,
        inner: ConversationStore,
        breaker: Breaker | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.inner = inner
        self.breaker = breaker or Breaker()
        self.on_error = on_error
        self.blocking_io = inner.blocking_io

    def get(self, key: str) -> State | None:
        return self._call("get", self.inner.get, key)

    def put(self, key: str, state: State, ttl_seconds: float) -> None:
        self._call("put", self.inner.put, key, state, ttl_seconds)

    def add(self, key: str, state: State, ttl_seconds: float) -> bool:
        return self._call("add", self.inner.add, key, state, ttl_seconds)

    def delete(self, key: str) -> None:
        self._call("delete", self.inner.delete, key)

    def close(self) -> None:
        self.inner.close()

    def _call(self, operation: str, method: Callable[..., T], *args: Any) -> T:
        if not self.breaker.allow():
            if self.on_error is not None:
                self.on_error(operation)
            raise StoreUnavailableError("store unavailable (failing fast while it is down)")
        try:
            result = method(*args)
        except StoreUnavailableError as error:
            self.breaker.failed(error)
            if self.on_error is not None:
                self.on_error(operation)
            raise
        except Exception:
            # The store answered (with something unusable, e.g. a corrupt state): it is
            # up. Left unsaid, a probe would stay taken and the breaker open for good.
            self.breaker.succeeded()
            raise
        self.breaker.succeeded()
        return result
