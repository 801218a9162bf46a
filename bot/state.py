"""The per-conversation state the brain reads and returns: small, versioned, serialisable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.dialogue import DialogueState
from intents.context import Context

STATE_VERSION = 1


@dataclass(frozen=True)
class ConversationState:
    """Follow-up context and, while it runs, the guided recommendation."""

    context: Context = field(default_factory=Context)
    dialogue: DialogueState | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "context": self.context.to_dict(),
            "dialogue": self.dialogue.to_dict() if self.dialogue else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ConversationState:
        """Rebuild state; anything from another version starts a fresh conversation."""
        if not data or data.get("version") != STATE_VERSION:
            return cls()
        return cls(
            context=Context.from_dict(data.get("context")),
            dialogue=DialogueState.from_dict(data.get("dialogue")),
        )
