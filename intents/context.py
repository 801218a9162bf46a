"""Conversation context for follow-ups: a plain, serialisable record of the last turn."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Context:
    """What the previous turn was about, so "and Flask?" or "its downsides?" make sense."""

    intent: str | None = None
    frameworks: tuple[str, ...] = ()
    aspect: str | None = None
    # The framework the previous answer came out for (a recommendation, the one a source
    # ranks first), so "why?" asks for its strengths.
    favoured: str | None = None
    # The message a topic or aspect answer answered, and how many pages of "more" of it
    # followed, so "more" gives the next facts on it.
    asked: str | None = None
    more: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["frameworks"] = list(self.frameworks)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Context:
        if not data:
            return cls()
        return cls(
            intent=data.get("intent"),
            frameworks=tuple(data.get("frameworks") or ()),
            aspect=data.get("aspect"),
            favoured=data.get("favoured"),
            asked=asked if isinstance(asked := data.get("asked"), str) else None,
            # A page count that is not one (a damaged or hand-edited state) starts over.
            more=more if isinstance(more := data.get("more"), int) and more > 0 else 0,
        )

    @property
    def empty(self) -> bool:
        return self.intent is None and not self.frameworks
