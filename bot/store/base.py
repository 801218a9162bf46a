"""The store protocol and the conversation key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

State = dict[str, Any]


class StoreUnavailableError(Exception):
    """The store cannot be used; the conversation goes on without its state. `transient`
    is False when waiting can't help (a bad URL or password, a read-only file)."""

    def __init__(self, message: str, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class ConversationKey:
    """Who is talking where: state is never shared across teams, channels, threads or users."""

    team: str = "local"
    channel: str = "console"
    thread: str = "-"
    user: str = "me"

    def __str__(self) -> str:
        parts = (self.team, self.channel, self.thread, self.user)
        # ':' separates the parts, so it is escaped inside them to keep keys unambiguous.
        return "fwbot:conv:" + ":".join(p.replace("%", "%25").replace(":", "%3A") for p in parts)


class ConversationStore(Protocol):
    """get / put with TTL / delete of one JSON-serialisable state per key."""

    # True when calls wait on disk or network, so async callers run them in a thread.
    blocking_io: bool

    def get(self, key: str) -> State | None: ...

    def put(self, key: str, state: State, ttl_seconds: float) -> None: ...

    def add(self, key: str, state: State, ttl_seconds: float) -> bool:
        """Store only if the key is absent (atomically); True when this call stored it."""
        ...

    def delete(self, key: str) -> None: ...

    def close(self) -> None: ...
