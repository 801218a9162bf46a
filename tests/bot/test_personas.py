"""People who say enough in their first message to decide get the framework their own
stated needs point to: the right answer for each persona follows from the facts (the
feature matrix and what each framework is for), not from the weights alone."""

from __future__ import annotations

import pytest

from bot.brain import Brain
from bot.render.text import one_line

PERSONAS = [
    # Pages, users and an admin for staff: only Django ships all of them.
    ("we're a small team building a large e-commerce platform with many pages, user "
     "accounts, payments and a staff admin; what should we use?", "django"),
    # Async, generated OpenAPI docs and validation from type hints: FastAPI's design.
    ("which framework: high-performance async REST API with automatic OpenAPI docs and "
     "request validation from type hints", "fastapi"),
    # Live updates over WebSockets, async everywhere: built into FastAPI, an add-on elsewhere.
    ("realtime dashboard pushing live updates over websockets to many clients, async "
     "everywhere, which framework?", "fastapi"),
    # A few endpoints for a hackathon: the article's case for Flask's quick prototyping.
    ("tiny prototype for a hackathon, just a couple of endpoints, which one?", "flask"),
    # Non-technical editors managing pages through an admin (the editors are people, not IDEs).
    ("which framework for a content-heavy website where non-technical editors manage pages "
     "through an admin, with user logins?", "django"),
    # Hiring for a site with an admin: Django has the job market and the admin.
    ("we need to hire quickly so the job market matters, building an online shop with an "
     "admin for staff, which framework?", "django"),
    # Every option listed is the same as "which one?": decided from the opening too.
    ("company blog and landing pages, content editors publish posts, server-rendered for "
     "SEO - django, flask or fastapi?", "django"),
    # One answer (the team knows type hints) and a feature they need make two constraints.
    ("our devs came from spring, they like type hints and want dependency injection: "
     "django, flask or fastapi?", "fastapi"),
    # Years of Flask in the team and a new API: staying costs nothing to learn ("new" is the
    # API, not the team).
    ("starting a new REST API, our team writes flask every day. keep flask or go fastapi?",
     "flask"),
]  # fmt: skip


@pytest.mark.parametrize(("opening", "framework"), PERSONAS)
def test_a_persona_gets_the_framework_their_needs_point_to(
    brain: Brain, opening: str, framework: str
) -> None:
    reply = brain.handle(opening).reply
    assert reply.intent == "recommend"
    assert reply.recommendation == framework
    assert "Question 1" not in reply.text  # decided from the opening, no quiz


def test_a_needed_feature_is_a_reason_for_the_winner(brain: Brain) -> None:
    reply = brain.handle(PERSONAS[2][0]).reply
    assert "You need WebSockets" in one_line(reply.text)


def test_a_need_the_winner_meets_only_with_an_extension_is_said_with_how(brain: Brain) -> None:
    """Flask wins on what the team knows, but they said they need OpenAPI docs: the answer
    says how Flask gets them instead of leaving the need out."""
    opening = (
        "our team writes flask every day; new public REST API with OpenAPI docs. "
        "stay with flask or switch to fastapi?"
    )
    reply = brain.handle(opening).reply
    assert reply.recommendation == "flask"
    text = one_line(reply.text)
    assert "You need OpenAPI docs: Flask does not generate OpenAPI docs itself" in text
