"""The recommendation's state machine on questions written here, so every number is known."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.dialogue import (
    DIALOGUE_TTL_SECONDS,
    Dialogue,
    DialogueState,
    numbered,
    option_labels,
)
from knowledge import KnowledgeBase
from knowledge.schema import AnswerOption, Question


def option(id_: str, label: str, words: list[str], **scores: float) -> AnswerOption:
    return AnswerOption(id=id_, label=label, words=words, scores=scores)


QUESTIONS = (
    Question(id="kind", text="What are you building?", options=[
        option("site", "A full website", ["website", "admin panel"], django=3, flask=1),
        option("api", "An API or microservice", ["api", "rest api"], fastapi=3, flask=2),
        option("proto", "A quick prototype", ["prototype"], flask=3),
    ]),
    Question(id="speed", text="How much does speed matter?", options=[
        option("fast", "Speed is critical", ["speed is critical", "fast"], fastapi=2),
        option("normal", "Normal speed is fine", ["normal speed"]),
    ]),
    Question(id="team", text="What does your team know?", options=[
        option("new", "New to Python web development", ["beginners"], flask=1, django=1),
        option("knows_django", "We know Django", ["know django"], django=2),
        option("knows_flask", "We know Flask", ["know flask"], flask=2, bottle=9),
    ]),
    Question(id="size", text="How big will it get?", options=[
        option("large", "Large", ["large", "huge"], django=1),
        option("small", "Small", ["small", "tiny"], flask=1),
    ]),
    # Labels that are not among their own words, to tell the label matches apart.
    Question(id="deploy", text="Where will it run?", options=[
        option("serverless", "Serverless functions", ["lambda"], flask=1),
        option("vm", "Use a tiny VM or two", ["virtual machine"], django=0.5),
        option("quick", "Quick small prototype", ["throwaway"], flask=1),
    ]),
)  # fmt: skip
NOW = 5000.0


@pytest.fixture
def dialogue(kb: KnowledgeBase) -> Dialogue:
    assert list(kb.frameworks)[:3] == ["django", "fastapi", "flask"]
    return Dialogue(replace(kb, questions=QUESTIONS))


def state(
    *answers: tuple[str, str], skipped: tuple[str, ...] = (), pending: str | None = None
) -> DialogueState:
    return DialogueState(answers=answers, skipped=skipped, pending=pending, updated_at=1.0)


# --- outcome ------------------------------------------------------------------------------


def test_points_add_up_and_the_reasons_are_the_answers_that_favour_the_winner(
    dialogue: Dialogue,
) -> None:
    outcome = dialogue.outcome(state(("kind", "site"), ("speed", "fast"), ("team", "knows_django")))
    assert outcome.scores == {"django": 5.0, "fastapi": 2.0, "flask": 1.0}
    assert (outcome.winner, outcome.runner_up) == ("django", "fastapi")
    # site: 3 over the next best 1 -> margin 2; knows_django: 2 over 0 -> 2; fast: 0 for Django.
    assert [r.option.id for r in outcome.reasons] == ["site", "knows_django"]
    assert outcome.runner_up_reason is not None
    assert outcome.runner_up_reason.option.id == "fast"
    assert [r.option.id for r in outcome.chosen] == ["site", "fast", "knows_django"]
    assert outcome.reasons[0].question.id == "kind"


def test_the_strongest_reasons_come_first_and_at_most_three(dialogue: Dialogue) -> None:
    answers = (("kind", "site"), ("speed", "normal"), ("team", "new"), ("size", "large"))
    outcome = dialogue.outcome(state(*answers))
    assert outcome.scores == {"django": 5.0, "fastapi": 0.0, "flask": 2.0}
    # margins for Django: site 2, new 0 (a tie still counts), large 1; normal gives none.
    assert [r.option.id for r in outcome.reasons] == ["site", "large", "new"]
    assert outcome.runner_up == "flask"
    assert outcome.runner_up_reason is None  # no answer favours Flask over the others


def test_more_than_three_reasons_keep_the_three_strongest(dialogue: Dialogue) -> None:
    answers = (("kind", "proto"), ("team", "knows_flask"), ("size", "small"), ("deploy", "quick"))
    outcome = dialogue.outcome(state(*answers))
    assert outcome.scores == {"django": 0.0, "fastapi": 0.0, "flask": 7.0}  # "bottle" ignored
    # margins 3, 2, 1 and 1: the fourth reason (a tie with the third) is left out
    assert [r.option.id for r in outcome.reasons] == ["proto", "knows_flask", "small"]
    assert outcome.runner_up == "django"


def test_a_tie_goes_to_the_knowledge_base_order_and_nothing_is_a_reason(
    dialogue: Dialogue,
) -> None:
    outcome = dialogue.outcome(state())
    assert outcome.scores == {"django": 0.0, "fastapi": 0.0, "flask": 0.0}
    assert (outcome.winner, outcome.runner_up) == ("django", "fastapi")
    assert outcome.reasons == () and outcome.runner_up_reason is None and outcome.chosen == ()


def test_answers_to_questions_no_longer_asked_are_ignored(dialogue: Dialogue) -> None:
    outcome = dialogue.outcome(state(("retired", "x"), ("kind", "api")))
    assert outcome.scores == {"django": 0.0, "fastapi": 3.0, "flask": 2.0}
    assert [r.option.id for r in outcome.chosen] == ["api"]
    assert outcome.runner_up_reason is None  # "api" favours FastAPI more than Flask


def test_the_runner_up_reason_is_the_answer_that_favours_it_most(dialogue: Dialogue) -> None:
    outcome = dialogue.outcome(state(("kind", "api"), ("team", "knows_flask"), ("size", "small")))
    assert outcome.scores == {"django": 0.0, "fastapi": 3.0, "flask": 5.0}
    assert (outcome.winner, outcome.runner_up) == ("flask", "fastapi")
    assert [r.option.id for r in outcome.reasons] == ["knows_flask", "small"]
    assert outcome.runner_up_reason is not None
    assert outcome.runner_up_reason.option.id == "api"


def test_a_single_framework_has_no_runner_up(kb: KnowledgeBase) -> None:
    only_django = {"django": kb.frameworks["django"]}
    dialogue = Dialogue(replace(kb, frameworks=only_django, questions=QUESTIONS))
    outcome = dialogue.outcome(state(("kind", "site"), ("deploy", "vm")))
    assert outcome.scores == {"django": 3.5}
    assert (outcome.winner, outcome.runner_up, outcome.runner_up_reason) == ("django", None, None)
    assert [r.option.id for r in outcome.reasons] == ["site", "vm"]  # nothing to beat: margin 0.5


def test_two_frameworks_have_a_runner_up(kb: KnowledgeBase) -> None:
    two = {f: kb.frameworks[f] for f in ("django", "flask")}
    outcome = Dialogue(replace(kb, frameworks=two, questions=QUESTIONS)).outcome(state())
    assert (outcome.winner, outcome.runner_up) == ("django", "flask")


# --- moving through the questions ---------------------------------------------------------


def test_start_fills_in_what_the_opening_message_already_says(dialogue: Dialogue) -> None:
    started = dialogue.start("help me choose: a rest api, speed is critical", NOW)
    assert started.answers == (("kind", "api"), ("speed", "fast"))
    assert (started.pending, started.updated_at, started.skipped) == ("team", NOW, ())
    assert dialogue.start("help me choose", NOW).pending == "kind"


def test_an_answer_moves_on_and_fills_later_questions_it_also_answers(
    dialogue: Dialogue,
) -> None:
    current = state(pending="kind")
    after = dialogue.answer(current, "an api, and a huge one", NOW)
    assert after is not None
    assert after.answers == (("kind", "api"), ("size", "large"))
    assert (after.pending, after.updated_at) == ("speed", NOW)
    assert dialogue.answer(current, "what is django?", NOW) is None
    assert dialogue.answer(state(), "1", NOW) is None  # nothing pending


def test_an_answer_replaces_the_earlier_one_and_skipped_questions_stay_skipped(
    dialogue: Dialogue,
) -> None:
    current = state(("kind", "site"), skipped=("size",), pending="kind")
    after = dialogue.answer(current, "2 - and it will be huge", NOW)
    assert after is None  # "2 - and it ..." is not a bare number, label or own words
    after = dialogue.answer(current, "prototype, huge", NOW)
    assert after is not None
    assert after.answers == (("kind", "proto"),)
    assert (after.skipped, after.pending) == (("size",), "speed")


def test_skip_moves_on_and_remembers_what_was_skipped(dialogue: Dialogue) -> None:
    after = dialogue.skip(state(("kind", "site"), pending="speed"), NOW)
    assert (after.skipped, after.pending, after.updated_at) == (("speed",), "team", NOW)
    done = dialogue.skip(state(("kind", "site"), pending=None), NOW)
    assert (done.skipped, done.pending) == ((), "speed")


def test_the_last_question_leaves_nothing_pending(dialogue: Dialogue) -> None:
    answers = (("kind", "site"), ("speed", "fast"), ("team", "new"), ("size", "small"))
    after = dialogue.answer(state(*answers, pending="deploy"), "lambda", NOW)
    assert after is not None and after.pending is None


def test_back_reopens_the_question_answered_or_skipped_last(dialogue: Dialogue) -> None:
    answered = state(("kind", "site"), ("speed", "fast"), pending="team")
    back = dialogue.back(answered, NOW)
    assert (back.pending, back.answers, back.updated_at) == ("speed", (("kind", "site"),), NOW)
    skipped = state(("kind", "site"), skipped=("speed",), pending="team")
    back = dialogue.back(skipped, NOW)
    assert (back.pending, back.skipped, back.answers) == ("speed", (), (("kind", "site"),))
    finished = state(("kind", "site"), ("speed", "fast"), ("team", "new"), ("size", "small"))
    back = dialogue.back(finished, NOW)
    assert (back.pending, len(back.answers)) == ("size", 3)


def test_back_at_the_first_question_stays_there(dialogue: Dialogue) -> None:
    first = state(pending="kind")
    assert dialogue.back(first, NOW) == replace(first, updated_at=NOW)
    # A later question answered early (from the opening) is not "before" the first one.
    early = state(("team", "new"), pending="kind")
    assert dialogue.back(early, NOW) == replace(early, updated_at=NOW)


def test_back_skips_over_the_pending_question_itself(dialogue: Dialogue) -> None:
    reopened = state(("kind", "site"), ("speed", "fast"), skipped=("speed",), pending="speed")
    back = dialogue.back(reopened, NOW)
    assert back.pending == "kind"
    assert back.answers == (("speed", "fast"),) and back.skipped == ("speed",)


# --- reading answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("2", "api"), ("3", "proto"), ("0", None), ("4", None), ("second", "api"),
        ("the first one", "site"), ("option 3", "proto"), ("number two", "api"),
        ("no 1", "site"), ("three", "proto"), ("fifth", None), ("first option", "site"),
        ("A full website", "site"), ("a full websit", "site"), ("an API or microservice", "api"),
        ("prototype", "proto"), ("my admin panel", "site"), ("full website", "site"),
        ("quick prototype please", "proto"), ("", None), ("   ", None),
        ("something else entirely", None), ("a rest api or a website", "api"),
        ("an api for a website", None),
    ],
)  # fmt: skip
def test_an_option_by_number_label_or_own_words(
    dialogue: Dialogue, message: str, expected: str | None
) -> None:
    assert dialogue.parse_option("kind", message) == expected


def test_a_loose_label_match_needs_a_short_message(dialogue: Dialogue) -> None:
    assert dialogue.parse_option("team", "python web") == "new"
    assert dialogue.parse_option("team", "we are all quite new to python web dev") is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("use a tiny vm or two", "vm"),  # the label itself (not among its words)
        ("use a tina vm ox twa", "vm"),  # 85 % like the label: enough
        ("use a tina vx ox twa", None),  # 80 %, six words: not enough
        ("prototype smal", "quick"),  # word sets 80 % alike, two words: enough
        ("prototype smal x", None),  # 75 %
        ("quick small prototype pleeeease", "quick"),  # all the label's words, four words
        ("quick small prototype please now", None),  # five words: too long to guess
    ],
)
def test_the_thresholds_for_an_answer_like_a_label(
    dialogue: Dialogue, message: str, expected: str | None
) -> None:
    assert dialogue.parse_option("deploy", message) == expected


@pytest.mark.parametrize(
    ("message", "command"),
    [
        ("back", "back"), ("go back please", "back"), ("Previous question!", "back"),
        ("skip", "skip"), ("no idea", "skip"), ("i dont know", "skip"),
        ("start over", "restart"), ("reset", "restart"), ("cancel", "cancel"),
        ("never mind", "cancel"), ("forget it", "cancel"), ("hmm ok forget it then", "cancel"),
        ("backend", None), ("a website with a back office", None), ("", None),
        ("could you please go back to the previous one", None),  # too long to be a command
        ("skipping", None),
    ],
)  # fmt: skip
def test_control_words_count_only_in_short_messages(
    dialogue: Dialogue, message: str, command: str | None
) -> None:
    assert dialogue.control(message) == command


def test_the_state_survives_a_round_trip_and_expires_after_thirty_minutes() -> None:
    current = DialogueState(
        answers=(("kind", "api"),), skipped=("speed",), pending="team", updated_at=100.0
    )
    data = current.to_dict()
    assert data == {
        "answers": [["kind", "api"]],
        "skipped": ["speed"],
        "pending": "team",
        "updated_at": 100.0,
    }
    assert DialogueState.from_dict(data) == current
    assert DialogueState.from_dict({}) is None and DialogueState.from_dict(None) is None
    assert DialogueState.from_dict({"pending": "kind"}) == DialogueState(pending="kind")
    assert DIALOGUE_TTL_SECONDS == 30 * 60
    assert not current.expired(100.0 + DIALOGUE_TTL_SECONDS)
    assert current.expired(100.0 + DIALOGUE_TTL_SECONDS + 0.001)
    assert current.answered() == {"kind": "api"}


def test_numbered_options_and_labels() -> None:
    assert numbered(["Django", "Flask"]) == ("1. Django", "2. Flask")
    assert numbered([]) == ()
    assert option_labels(QUESTIONS[1]) == ["Speed is critical", "Normal speed is fine"]


def test_question_looks_up_by_id(dialogue: Dialogue) -> None:
    assert dialogue.question("speed") is QUESTIONS[1]
    with pytest.raises(KeyError):
        dialogue.question("nope")


def test_a_tie_goes_to_what_the_team_knows_when_that_question_breaks_ties(
    kb: KnowledgeBase,
) -> None:
    """Speed (FastAPI 2) against knowing Flask (Flask 2): a tie, which goes to the framework
    the tie-breaking answer favours alone; without the flag, to the framework listed first."""
    tied = state(("speed", "fast"), ("team", "knows_flask"))
    plain = Dialogue(replace(kb, questions=QUESTIONS)).outcome(tied)
    team = QUESTIONS[2].model_copy(update={"breaks_ties": True})
    breaking = (*QUESTIONS[:2], team, *QUESTIONS[3:])
    decided = Dialogue(replace(kb, questions=breaking)).outcome(tied)
    assert plain.scores["fastapi"] == plain.scores["flask"] == 2
    assert (plain.winner, decided.winner) == ("fastapi", "flask")


def test_equal_points_all_round_decide_nothing(kb: KnowledgeBase) -> None:
    """An answer worth the same to every framework ("a bit of everything") leaves all three
    level: an opening that says only that gets no recommendation; one point more for one of
    them decides."""
    even = Question(id="mix", text="What matters?", options=[
        option("all", "A bit of everything", ["everything"], django=2, fastapi=2, flask=2),
        option("none", "Nothing in particular", ["nothing"]),
    ])  # fmt: skip
    dialogue = Dialogue(replace(kb, questions=(*QUESTIONS, even)))
    level = dialogue.outcome(state(("mix", "all")))
    assert set(level.scores.values()) == {2.0} and level.undecided
    assert dialogue.outcome(state()).undecided
    ahead = dialogue.outcome(state(("mix", "all"), ("speed", "fast")))
    assert ahead.winner == "fastapi" and not ahead.undecided
