"""Every reply is classed answered, partial, clarify, out_of_scope or feedback, from what the
composer said it did (never by reading the answer's text)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answer import Answer, Gap, Section
from bot.brain import Brain
from bot.learning.outcome import classify, topic_of
from bot.reply import build_reply
from intents.understanding import Reading, Understanding


@pytest.mark.parametrize(
    ("message", "outcome"),
    [
        ("django vs flask", "answered"),
        ("what is fastapi?", "answered"),
        ("hi", "answered"),
        ("does fastapi have lts?", "partial"),  # no facts on support windows for FastAPI
        ("what's the weather in Paris?", "out_of_scope"),
        ("how do I make PDFs from flask?", "out_of_scope"),
        ("what are the pros?", "clarify"),  # which framework?
    ],
)
def test_replies_are_classed_by_outcome(brain: Brain, message: str, outcome: str) -> None:
    assert brain.handle(message).reply.outcome == outcome


def test_a_partial_answer_carries_the_topic_and_the_frameworks_it_has_no_facts_for(
    brain: Brain,
) -> None:
    turn = brain.handle("django vs fastapi: which has long term support?")
    assert turn.answer.gap == Gap("support", ("fastapi",))
    assert "I have no facts on support windows and LTS for FastAPI." in turn.reply.text
    assert turn.reply.outcome == "partial"
    assert topic_of(turn.answer, turn.understanding.topics) == "support"


def test_the_outcome_comes_from_the_answer_not_its_words() -> None:
    said_it = Answer(title="x", sections=(Section(text="I have no facts on ORM for Flask."),))
    assert classify("describe", said_it) == "answered"
    assert classify("describe", replace(said_it, gap=Gap("orm", ("flask",)))) == "partial"
    assert classify("describe", replace(said_it, clarifies=True)) == "clarify"
    assert classify("out_of_scope", said_it) == "out_of_scope"
    assert classify("feedback", said_it) == "feedback"


def test_an_unsure_reading_asks_back_with_did_you_mean_and_is_a_clarify(brain: Brain) -> None:
    readings = (Reading("compare", 0.3, ("django", "flask")), Reading("recommend", 0.25))
    unsure = Understanding(intent="compare", confidence=0.3, unsure=True, alternatives=readings)
    answer = brain.compose(unsure)
    assert answer.clarifies
    assert "Did you mean" in build_reply(unsure, answer).text
    assert build_reply(unsure, answer).outcome == "clarify"
