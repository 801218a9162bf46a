"""Parsing of `/compare` arguments into an understanding the brain can answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.brain import Brain
from intents.normalize import normalize
from intents.understanding import Understanding
from knowledge import KnowledgeBase

_FILLER = frozenset({"vs", "versus", "and", "or", "on", "with", "for", "compare", "to"})


@dataclass(frozen=True)
class CompareRequest:
    understanding: Understanding
    public: bool


def parse_compare(brain: Brain, text: str) -> CompareRequest | None:
    """`django flask [aspect] [public]` -> a compare understanding; None when it doesn't parse."""
    tokens = [t for t in normalize(text).tokens]
    public = "public" in tokens
    tokens = [t for t in tokens if t != "public"]
    entities = brain.understander.extractor.extract(tokens)
    covered = {i for m in entities.mentions for i in range(m.start, m.end)}
    leftovers = [t for i, t in enumerate(tokens) if i not in covered and t not in _FILLER]
    frameworks = tuple(entities.frameworks)
    if len(frameworks) < 2 or leftovers or entities.others or len(entities.aspects) > 1:
        return None
    aspect = entities.aspects[0] if entities.aspects else None
    understanding = Understanding(
        intent="compare",
        confidence=1.0,
        frameworks=frameworks,
        aspect=aspect,
        text=" ".join(tokens),
        bare=True,  # `/compare` asks for the side-by-side table, nothing more specific
    )
    return CompareRequest(understanding, public)


def compare_usage(kb: KnowledgeBase) -> str:
    ids = " ".join(kb.frameworks)
    aspects = ", ".join(kb.aspects)
    return (
        f"Usage: /compare <two or more of: {ids}> [aspect] [public]\n"
        f"Aspects: {aspects}\n"
        "Example: /compare django fastapi performance public"
    )
