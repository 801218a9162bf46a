"""`/compare` arguments: what parses, what doesn't, and the usage it answers with."""

from __future__ import annotations

import pytest

from bot.brain import Brain
from bot.slack.commands import compare_usage, parse_compare
from knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("text", "frameworks", "aspect", "public", "normalised"),
    [
        ("django flask", ("django", "flask"), None, False, "django flask"),
        ("Django vs FLASK public", ("django", "flask"), None, True, "django vs flask"),
        ("compare fastapi and django on performance", ("fastapi", "django"), "performance",
         False, "compare fastapi and django on performance"),
        ("django flask fastapi speed performance", ("django", "flask", "fastapi"), "performance",
         False, "django flask fastapi speed performance"),
        ("public djnago or flsk", ("django", "flask"), None, True, "djnago or flsk"),
        ("<!channel> django flask", ("django", "flask"), None, False, "django flask"),
    ],
)  # fmt: skip
def test_compare_arguments_that_parse(
    brain: Brain,
    text: str,
    frameworks: tuple[str, ...],
    aspect: str | None,
    *,
    public: bool,
    normalised: str,
) -> None:
    request = parse_compare(brain, text)
    assert request is not None
    u = request.understanding
    assert (u.intent, u.confidence, u.frameworks, u.aspect) == ("compare", 1.0, frameworks, aspect)
    assert (request.public, u.text) == (public, normalised)
    assert not u.unsure and u.alternatives == ()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "django",
        "django public",
        "django flask banana",
        "banana django flask",
        "django flask express",
        "django flask performance security",
    ],
)
def test_compare_arguments_that_do_not_parse(brain: Brain, text: str) -> None:
    assert parse_compare(brain, text) is None


def test_the_usage_lists_the_frameworks_and_aspects(kb: KnowledgeBase) -> None:
    assert compare_usage(kb).splitlines() == [
        f"Usage: /compare <two or more of: {' '.join(kb.frameworks)}> [aspect] [public]",
        f"Aspects: {', '.join(kb.aspects)}",
        "Example: /compare django fastapi performance public",
    ]
    assert "django fastapi flask" in compare_usage(
        kb
    ) and "performance, community" in compare_usage(kb)
