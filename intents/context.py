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
        )

    @property
    def empty(self) -> bool:
        return self.intent is None and not self.frameworks
