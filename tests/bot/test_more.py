""" "More": the next facts on what the last answer was about, page after page."""

from __future__ import annotations

import re

import pytest

from bot.brain import Brain, Turn
from bot.state import ConversationState
from intents.context import Context


def facts_in(turn: Turn) -> list[str]:
    """The bullets an answer shows, without the notes and dates added to them."""
    return [
        re.sub(r" \(as of [^)]*\)$", "", bullet)
        for section in turn.answer.sections
        for bullet in section.bullets
    ]


def test_more_pages_through_the_facts_the_answer_did_not_show(brain: Brain) -> None:
    first = brain.handle("how do i deploy flask?", ConversationState())
    assert "more" in [s.message for s in first.answer.suggestions]
    shown = set(facts_in(first))
    second = brain.handle("more", first.state)
    assert second.reply.frameworks == ["flask"]
    assert "more on deployment" in second.answer.title
    page = facts_in(second)
    assert page and not shown.intersection(page)
    third = brain.handle("what else?", second.state)
    assert facts_in(third) and not (shown | set(page)).intersection(facts_in(third))
    assert third.state.context.asked == "how do i deploy flask?"
    assert third.state.context.more == 2


def test_more_keeps_to_the_frameworks_the_question_was_about(brain: Brain) -> None:
    """A follow-up ("and for websockets?" after Flask) is paged for the framework the
    context gave it, though the question alone names none."""
    flask = brain.handle("is flask good for apis?", ConversationState())
    websockets = brain.handle("and for websockets?", flask.state)
    assert brain.understander.understand("and for websockets?").frameworks == ()
    more = brain.handle("more", websockets.state)
    assert more.reply.frameworks == ["flask"]
    assert facts_in(more) and all("Flask" in fact or "Quart" in fact for fact in facts_in(more))


def test_once_everything_is_shown_more_says_so_and_offers_no_more(brain: Brain) -> None:
    turn = brain.handle("does django have a built in admin panel?", ConversationState())
    for _ in range(60):
        if "more" not in [s.message for s in turn.answer.suggestions]:
            break
        turn = brain.handle("more", turn.state)
    last = brain.handle("more", turn.state)
    assert "That is all my sources say on admin interface for Django." in last.reply.text
    assert "more" not in [s.message for s in last.answer.suggestions]


@pytest.mark.parametrize("message", ["more", "tell me more", "anything else?"])
def test_more_with_nothing_asked_before_says_what_the_bot_does(brain: Brain, message: str) -> None:
    reply = brain.handle(message).reply
    assert reply.intent == "help"
    assert "Sorry" not in reply.text


def test_a_question_naming_more_is_not_a_request_for_more(brain: Brain) -> None:
    first = brain.handle("how do i deploy flask?", ConversationState())
    reply = brain.handle("which has more jobs?", first.state).reply
    assert reply.intent in ("best_for", "compare")
    assert reply.aspect == "jobs"


def test_answers_that_are_no_topic_or_aspect_are_not_paged(brain: Brain) -> None:
    turn = brain.handle("what is django?", ConversationState())
    assert "more" not in [s.message for s in turn.answer.suggestions]
    assert turn.state.context.asked is None


def test_the_question_and_its_pages_survive_the_store(brain: Brain) -> None:
    first = brain.handle("how do i deploy flask?", ConversationState())
    second = brain.handle("more", first.state)
    stored = ConversationState.from_dict(second.state.to_dict())
    assert stored.context == second.state.context
    assert Context.from_dict({"intent": "describe"}).more == 0
    damaged = Context.from_dict({"intent": "describe", "asked": 7, "more": "x"})
    assert (damaged.asked, damaged.more) == (None, 0)
    third = brain.handle("more", stored)
    assert facts_in(third) and not set(facts_in(second)).intersection(facts_in(third))


def test_the_question_kept_for_more_is_redacted(brain: Brain) -> None:
    turn = brain.handle("how do i deploy flask? ping me at ann@example.com", ConversationState())
    assert turn.state.context.asked is not None
    assert "ann@example.com" not in turn.state.context.asked
    assert "[email]" in turn.state.context.asked
    assert facts_in(brain.handle("more", turn.state))


def test_more_pages_a_frameworks_strengths_past_the_ones_listed(brain: Brain) -> None:
    first = brain.handle("pros of django", ConversationState())
    assert "more" in [s.message for s in first.answer.suggestions]
    second = brain.handle("more", first.state)
    assert second.answer.title == "Django: more on strengths"
    strengths = {f.text for f in brain.kb.framework("django").pros}
    page = facts_in(second)
    assert page and all(fact in strengths for fact in page)
    assert not set(facts_in(first)).intersection(page)


def test_a_message_on_its_own_is_offered_no_more(brain: Brain) -> None:
    """`fwbot ask` answers one message with nothing after it: "more" could not follow."""
    turn = brain.handle("how do i deploy flask?")
    assert "more" not in [s.message for s in turn.answer.suggestions]
    in_conversation = brain.handle("how do i deploy flask?", ConversationState())
    assert "more" in [s.message for s in in_conversation.answer.suggestions]


def test_an_answer_that_shows_all_there_is_offers_no_more(brain: Brain) -> None:
    """Flask's weaknesses all fit in the list: "more" would find nothing."""
    turn = brain.handle("what are the cons of flask?", ConversationState())
    shown = set(facts_in(turn))
    assert {f.text for f in brain.kb.framework("flask").cons} <= shown
    assert "more" not in [s.message for s in turn.answer.suggestions]
