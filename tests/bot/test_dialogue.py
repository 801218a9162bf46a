"""The guided recommendation, written as chat logs through the brain."""

from __future__ import annotations

import pytest

from bot.brain import Brain
from bot.dialogue import DIALOGUE_TTL_SECONDS
from bot.reply import Reply
from bot.state import ConversationState


class Chat:
    """Talks to the brain like a person in one conversation; `now` is a controllable clock."""

    def __init__(self, brain: Brain) -> None:
        self.brain = brain
        self.state = ConversationState()
        self.now = 1_000_000.0

    def say(self, message: str) -> Reply:
        turn = self.brain.handle(message, self.state, now=self.now)
        self.state = turn.state
        return turn.reply


@pytest.fixture
def chat(brain: Brain) -> Chat:
    return Chat(brain)


def answer_until_done(chat: Chat, answers: dict[str, str], limit: int = 6) -> tuple[Reply, int]:
    """Answer each pending question from `answers` (by words in the question); count answers."""
    reply = chat.say("help me choose a framework")
    count = 0
    while reply.dialogue.active:
        assert count < limit
        question = (reply.dialogue.question or "").lower()
        choice = next((a for k, a in answers.items() if k in question), "skip")
        reply = chat.say(choice)
        count += 1
    return reply, count


def test_the_dialogue_asks_numbered_questions_with_options(chat: Chat) -> None:
    reply = chat.say("which framework should I use?")
    assert reply.intent == "recommend"
    assert reply.dialogue.active
    assert reply.dialogue.question
    assert 2 <= len(reply.dialogue.options) <= 5
    assert f"1. {reply.dialogue.options[0]}" in reply.text
    buttons = [b for b in reply.blocks if b.get("block_id") == "dialogue"]
    assert len(buttons) == 1


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"building": "a full website with users and an admin", "speed": "normal is fine",
          "team": "we are new to this", "matters": "the job market", "big": "medium"}, "django"),
        ({"building": "serving an ML model", "speed": "speed is critical",
          "team": "we know fastapi", "matters": "easy to learn", "big": "large"}, "fastapi"),
        ({"building": "a quick prototype", "speed": "2", "team": "we know flask",
          "matters": "flexibility", "big": "small"}, "flask"),
    ],
)  # fmt: skip
def test_three_personas_reach_the_expected_recommendation(
    chat: Chat, answers: dict[str, str], expected: str
) -> None:
    reply, _ = answer_until_done(chat, answers)
    assert reply.recommendation == expected
    assert reply.sources
    assert "Runner-up" in reply.text
    assert not reply.dialogue.active


@pytest.mark.parametrize(
    "opening",
    [
        "help me choose: I'm building a REST API for my ML model and speed is critical",
        "help me choose: a big e-commerce website, hiring matters most to us",
        "guide me through it: a small prototype, we know flask",
    ],
)
def test_asked_to_guide_prefilled_openings_need_at_most_three_answers(
    chat: Chat, opening: str
) -> None:
    reply = chat.say(opening)
    assert reply.dialogue.active
    count = 0
    while reply.dialogue.active:
        reply = chat.say("1")
        count += 1
    assert count <= 3
    assert reply.recommendation is not None


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("I'm building a REST API for my ML model and speed is critical, what should I use?",
         "fastapi"),
        ("which framework should I pick for a small prototype? we know flask", "flask"),
        ("a big e-commerce website, hiring matters most to us. which one should we use?",
         "django"),
        # staff who manage the records need a back office: the built-in admin
        ("clinic booking site, receptionists manage the calendar. 2 devs. django or fastapi?",
         "django"),
    ],
)  # fmt: skip
def test_an_opening_that_states_enough_is_answered_at_once(
    chat: Chat, opening: str, expected: str
) -> None:
    reply = chat.say(opening)
    assert not reply.dialogue.active
    assert reply.recommendation == expected
    assert "From what you told me" in reply.text
    assert reply.sources


def test_back_skip_restart_and_cancel(chat: Chat) -> None:
    first = chat.say("help me choose").dialogue.question
    second = chat.say("2").dialogue.question
    assert second != first
    assert chat.say("back").dialogue.question == first
    assert chat.say("skip").dialogue.question == second
    assert chat.say("start over").dialogue.question == first
    cancelled = chat.say("cancel")
    assert not cancelled.dialogue.active
    assert chat.say("django vs flask").intent == "compare"


def test_a_side_question_is_answered_then_the_question_is_asked_again(chat: Chat) -> None:
    question = chat.say("help me choose").dialogue.question
    reply = chat.say("wait, what is Django?")
    assert reply.intent == "describe"
    assert reply.text.startswith("What is Django?")
    assert reply.dialogue.active and reply.dialogue.question == question


def test_gibberish_gets_the_question_again(chat: Chat) -> None:
    question = chat.say("help me choose").dialogue.question
    reply = chat.say("zzzz qqqq")
    assert reply.dialogue.active and reply.dialogue.question == question
    assert "didn't catch" in reply.text


def test_an_answer_after_the_ttl_gets_a_friendly_note(chat: Chat) -> None:
    chat.say("help me choose")
    chat.now += DIALOGUE_TTL_SECONDS + 1
    late = chat.say("1")
    assert not late.dialogue.active
    assert "timed out" in late.text
    assert chat.say("help me choose").dialogue.active


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # (a back office is a website with an admin; its models are its tables)
        ("a back office app: about 40 models, staff search and edit records", "website"),
        ("our data models live in sqlalchemy already", None),
        ("serving my pytorch model", "ml"),
        ("an ml model behind an endpoint", "ml"),
    ],
)
def test_models_alone_are_tables_not_machine_learning(
    brain: Brain, message: str, expected: str | None
) -> None:
    """ "40 models" in a back office are tables; "my pytorch model" is machine learning."""
    assert brain.dialogue.parse_option("building", message) == expected


def test_jobs_in_a_description_are_work_the_app_does_but_a_reply_picks_the_job_market(
    brain: Brain,
) -> None:
    """ "background jobs" or "a job board" say nothing of what matters most to the person;
    "jobs" said in reply to that question picks the job market (its `reply_words`)."""
    for opening in ("a job board: one moderator approves listings", "nightly background jobs"):
        assert dict(brain.dialogue.start(opening, 0).answers).get("priority") is None, opening
    assert dict(brain.dialogue.start("the job market matters most", 0).answers)["priority"] == (
        "jobs"
    )
    assert brain.dialogue.parse_option("priority", "jobs") == "jobs"


def test_easy_in_an_opening_is_about_what_it_names_but_in_a_reply_it_is_learning(
    brain: Brain,
) -> None:
    """ "makes db tests easy" says nothing of what matters most to the person ("Easy to
    learn" had FastAPI recommended for tests that roll back); "easy to learn" does, and so
    does "easy" in reply to that question."""
    opening = brain.dialogue.start("which framework makes db tests easy, each one rolled back?", 0)
    assert dict(opening.answers).get("priority") is None
    said = brain.dialogue.start("we want something easy to learn", 0)
    assert dict(said.answers)["priority"] == "learning"
    assert brain.dialogue.parse_option("priority", "easy") == "learning"


def test_who_the_people_are_is_not_what_they_build(brain: Brain) -> None:
    """ "2 backend devs and zero frontend people" say who builds, not that an API is built
    (a back office for five dispatchers had FastAPI recommended); "a backend for our app"
    is one."""
    opening = "5 dispatchers edit shipment records all day, we have 2 backend devs"
    assert dict(brain.dialogue.start(opening, 0).answers).get("building") is None
    built = brain.dialogue.start("a backend for our mobile app", 0)
    assert dict(built.answers)["building"] == "api"


def test_a_word_that_is_also_a_verb_says_nothing_of_the_project_in_an_opening(
    brain: Brain,
) -> None:
    """ "store uploaded files" is no online store; "an online store" is, and "store" in reply
    to "what are you building?" too; the same for "fine" and the speed question."""
    assert dict(brain.dialogue.start("we need to store uploaded files in s3", 0).answers) == {}
    assert dict(brain.dialogue.start("an online store with a cart", 0).answers)["building"] == (
        "website"
    )
    assert brain.dialogue.parse_option("building", "a store") == "website"
    # "fine" or "ok" in an opening is about anything; in reply to the speed question, speed.
    opening = brain.dialogue.start("is it fine to run our api on one vm?", 0)
    assert "performance" not in dict(opening.answers)
    assert brain.dialogue.parse_option("performance", "fine") == "normal"


@pytest.mark.parametrize(
    "opening",
    [
        "a small newspaper: journalists write articles, an editor publishes them",
        "our magazine needs an editorial workflow for its writers",
    ],
)
def test_a_site_of_articles_and_editors_is_a_full_website(brain: Brain, opening: str) -> None:
    """What a newsroom says of its work (articles, editors, publishing) describes a content
    site: a full website, the first question answered from the opening."""
    assert dict(brain.dialogue.start(opening, 0).answers).get("building") == "website"
