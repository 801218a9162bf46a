"""What the understanding layer concludes about one message."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reading:
    """One way to read a message: an intent with the frameworks and aspect it applies to."""

    intent: str
    confidence: float
    frameworks: tuple[str, ...] = ()
    aspect: str | None = None


@dataclass(frozen=True)
class Understanding:
    """The chosen reading, the runners-up (for "Did you mean ...?") and what was seen."""

    intent: str
    confidence: float
    frameworks: tuple[str, ...] = ()
    aspect: str | None = None
    text: str = ""  # the normalised message
    other_frameworks: tuple[str, ...] = ()
    # A proper name the knowledge base's facts mention ("instagram", "tiangolo"), lowercase.
    topic: str | None = None
    alternatives: tuple[Reading, ...] = ()
    from_context: bool = False
    unsure: bool = False
    debug: dict[str, float] = field(default_factory=dict)
