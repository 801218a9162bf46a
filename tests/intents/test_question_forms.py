"""A question's forms: found from its cues however few of them a message's words leave to
search for."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents.normalize import normalize
from intents.question_forms import QuestionForms


@pytest.fixture(scope="module")
def forms() -> QuestionForms:
    return QuestionForms()


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("how do i test a websocket endpoint in fastapi?", "how_to"),
        ("3 devs, six weeks: flask or django?", "own_situation"),  # a count slot
        ("two part time devs and a deadline", "own_situation"),
        ("im a junior dev, which one?", "own_situation"),  # two groups
        ("giving ops the django admin, good idea?", "advice"),
        # how far behind the newest release a pinned one is asks for the newest
        ("we pin django 4.2, how far behind are we?", "latest"),
        ("our lockfile says flask 2.2. what number is flask up to now?", "latest"),
        # what a thing an older release had became asks what changed
        ("the old tutorial's setting does nothing now, what replaced it?", "change"),
    ],
)
def test_a_message_has_the_form_its_cues_say(forms: QuestionForms, text: str, form: str) -> None:
    assert form in forms.forms_of(normalize(text).tokens)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("do i how test it", "how_to"),  # a cue's words, not in its order
        ("a few devs", "how_to"),
        ("devs everywhere", "own_situation"),  # no count before them
        ("im a fan of django", "own_situation"),  # one group of two
    ],
)
def test_a_message_without_a_cue_has_not_the_form(
    forms: QuestionForms, text: str, form: str
) -> None:
    assert form not in forms.forms_of(normalize(text).tokens)


def test_a_cue_of_a_count_alone_is_searched_for_in_every_message(tmp_path: Path) -> None:
    path = tmp_path / "forms.yaml"
    path.write_text(
        "forms:\n  - id: counted\n    all_of:\n      - ['{n}', 'several']\n"
        "  - id: plain\n    all_of:\n      - [good idea]\n",
        encoding="utf-8",
    )
    forms = QuestionForms(path)
    assert forms.forms_of(normalize("we have 4 of them").tokens) == ("counted",)
    assert forms.forms_of(normalize("several, good idea?").tokens) == ("counted", "plain")
    assert forms.forms_of(normalize("good ideas").tokens) == ()
