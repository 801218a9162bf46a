"""👍 / 👎 in Block Kit: within Slack's limits, escaped, and read back only when they are ours."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.answer import Answer, Section, SourceRef
from bot.learning.buttons import (
    feedback_block,
    feedback_value,
    read_feedback,
    thanked,
    with_feedback,
)
from bot.learning.recorder import Note
from bot.render.blocks import MAX_BLOCKS, MAX_BUTTON_VALUE, render_blocks

NOTE = Note(
    answer_id="0123456789abcdef", outcome="answered", intent="compare",
    frameworks=("django", "flask"), topic="orm", question="django <b>&amp</b> vs flask?",
    rateable=True,
)  # fmt: skip


def test_a_button_carries_what_the_rating_is_recorded_against() -> None:
    value = feedback_value(NOTE)
    assert not set("<>&") & set(value)  # nothing Slack could read as markup
    back = read_feedback(value)
    assert back == NOTE
    [up, down] = feedback_block(NOTE)["elements"]
    assert (up["action_id"], down["action_id"]) == ("feedback_up", "feedback_down")
    assert up["value"] == down["value"] == value


def test_only_a_question_answered_well_rides_along_and_only_when_it_fits() -> None:
    assert "q" not in json.loads(feedback_value(replace(NOTE, question=None)))
    assert "q" not in json.loads(feedback_value(replace(NOTE, outcome="partial")))  # kept already
    hostile = replace(NOTE, question="&" * 500)
    value = feedback_value(hostile)
    assert len(value) <= MAX_BUTTON_VALUE and "q" not in json.loads(value)
    assert read_feedback(value) == replace(hostile, question=None)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not json",
        '{"a":"forged","o":"answered","i":"compare"}',
        '{"a":"0123456789abcdef","o":"loved","i":"compare"}',
        '{"a":"0123456789abcdef","o":"answered","i":"' + "x" * 100 + '"}',
        "[1, 2]",
        '{"a":"0123456789abcdef","o":"answered","i":"compare","t":"x:y\\nz"}',
        '{"a":"0123456789abcdef","o":"answered","i":"compare","f":["Django!"]}',
        '{"a":"0123456789abcdef","o":"answered","i":"c","q":"' + "x" * 3000 + '"}',
    ],
)
def test_values_that_are_not_ours_are_refused(value: str) -> None:
    assert read_feedback(value) is None


def long_answer(sections: int) -> Answer:
    return Answer(
        title="Long",
        sections=tuple(Section(text=f"part {n}") for n in range(sections)),
        sources=(SourceRef("A source", "https://example.org"),),
    )


def test_feedback_comes_last_within_fifty_blocks() -> None:
    short = render_blocks(long_answer(3))
    assert with_feedback(short, NOTE) == [*short, feedback_block(NOTE)]
    full = render_blocks(long_answer(200))
    assert len(full) == MAX_BLOCKS
    rated = with_feedback(full, NOTE)
    assert len(rated) == MAX_BLOCKS
    assert rated[-1] == feedback_block(NOTE)
    assert rated[-2] == full[-1]  # the sources stay
    assert "shortened to fit Slack" in json.dumps(rated[-3])


def test_answers_that_state_no_facts_get_no_buttons() -> None:
    blocks = render_blocks(long_answer(2))
    assert with_feedback(blocks, replace(NOTE, rateable=False)) == blocks
    assert with_feedback(blocks, None) == blocks


def test_the_buttons_become_a_thank_you_and_nothing_else_changes() -> None:
    blocks = [*render_blocks(long_answer(2)), {**feedback_block(NOTE), "block_id": "feedback|1.0"}]
    after = thanked(blocks, up=False)
    assert after[:-1] == blocks[:-1]
    assert after[-1]["type"] == "context"
    assert "Thanks for the feedback" in after[-1]["elements"][0]["text"]
