"""Nothing said twice: in one reply, no statement is made a second time."""

from __future__ import annotations

import json
from pathlib import Path

from bot.answer import Answer, Section
from bot.answers.repeats import without_repeats
from bot.brain import Brain
from bot.render.text import one_line

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
        text = one_line(brain.handle(question).reply.text)
        repeated += [(question, f) for f in facts if text.count(f) > 1]
    assert not repeated


ONE_WORDING = (
    "The striped article says Zebra scales perfectly for deploying production-ready"
    " models, which work best wrapped in an API as a microservice."
)
OTHER_WORDING = (
    "The striped article says Zebra scales perfectly for deploying production-ready"
    " models wrapped in an API and deployed as a microservice."
)


def test_one_point_in_two_wordings_is_said_once_in_a_section() -> None:
    answer = Answer(title="t", sections=(Section(bullets=(ONE_WORDING, OTHER_WORDING)),))
    assert without_repeats(answer).sections[0].bullets == (ONE_WORDING,)


def test_parallel_lines_and_other_versions_are_not_repeats() -> None:
    """Short lines share their few words by design; the same sentence about another release
    is another statement; and each framework's section may word its point alike."""
    short = ("What Zebra is", "What Zebra is used for")
    releases = (
        "Zebra 6.0.10, released on November 3, 2026, is the latest patch release of Zebra 6.0.",
        "Zebra 5.2.19, released on November 3, 2026, is the latest patch release of Zebra 5.2.",
    )
    answer = Answer(
        title="t",
        sections=(
            Section(bullets=short),
            Section(bullets=releases),
            Section(heading="Zebra", bullets=(ONE_WORDING,)),
            Section(heading="Okapi", bullets=(OTHER_WORDING.replace("Zebra", "Okapi"),)),
        ),
    )
    assert without_repeats(answer) is answer


def test_a_recommendation_makes_each_point_once(brain: Brain) -> None:
    text = brain.handle("django or fastapi for a REST API with a small team?").reply.text
    assert text.count("scales perfectly for deploying production-ready") <= 1
