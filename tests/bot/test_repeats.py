"""Nothing said twice: in one reply, no statement is made a second time."""

from __future__ import annotations

import json
from pathlib import Path

from bot.answer import Answer, Section
from bot.answers.repeats import without_repeats
from bot.brain import Brain

EVALDATA = Path(__file__).resolve().parents[2] / "intents" / "evaldata"
FIRST = "Zebra framework is built on a striped toolkit for all of its parts."
SECOND = "Zebra framework runs on an ASGI server such as a striped one."


def test_a_repeated_bullet_is_dropped_and_a_repeated_part_taken_out() -> None:
    answer = Answer(
        title="t",
        sections=(
            Section(heading="Correction", bullets=(FIRST,)),
            Section(heading="In short", bullets=(f"Zebra: {FIRST} {SECOND}", "Other: short.")),
            Section(heading="Again", bullets=(f"Zebra: {FIRST}",)),
            Section(heading="Once more", bullets=(SECOND,)),
        ),
    )
    cleaned = without_repeats(answer)
    assert [s.heading for s in cleaned.sections] == ["Correction", "In short"]
    assert cleaned.sections[1].bullets == (f"Zebra: {SECOND}", "Other: short.")


def test_an_answer_without_repeats_is_left_as_it_is() -> None:
    answer = Answer(title="t", sections=(Section(bullets=(FIRST, SECOND)),))
    assert without_repeats(answer) is answer


def test_no_reply_to_our_probe_questions_says_a_fact_twice(brain: Brain) -> None:
    facts = list(dict.fromkeys(f.text for f in brain.kb.all_facts() if len(f.text) > 40))
    questions = [
        probe["q"]
        for path in sorted(EVALDATA.glob("answers-*.json"))
        for probe in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert len(questions) > 300
    repeated = []
    for question in questions:
        text = " ".join(brain.handle(question).reply.text.split())
        repeated += [(question, f) for f in facts if text.count(f) > 1]
    assert not repeated
