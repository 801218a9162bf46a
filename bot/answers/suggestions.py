"""Follow-up suggestions shared by several composers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import Suggestion
from knowledge import KnowledgeBase


def recommend_me() -> Suggestion:
    return Suggestion("Recommend for me", "help me choose a framework")


def compare_with_others(kb: KnowledgeBase, framework_ids: Sequence[str]) -> tuple[Suggestion, ...]:
    """ "Compare X with Y" for the first framework named and one it was not compared with."""
    others = [f for f in kb.frameworks if f not in framework_ids]
    if not framework_ids or not others:
        return ()
    first, other = kb.framework(framework_ids[0]), kb.framework(others[0])
    return (Suggestion(f"Compare {first.name} with {other.name}", f"{first.id} vs {other.id}"),)


def compare_on(kb: KnowledgeBase, framework_ids: Sequence[str], aspect_id: str) -> Suggestion:
    aspect = kb.aspect(aspect_id)
    return Suggestion(
        f"Compare on {aspect.in_sentence}", f"compare {' and '.join(framework_ids)} on {aspect_id}"
    )
