"""What kind of reply the bot gave: the outcome every reply is counted under."""

from __future__ import annotations

from typing import Literal, get_args

from bot.answer import Answer

Outcome = Literal["answered", "partial", "clarify", "out_of_scope", "feedback"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
# The outcomes `fwbot gaps` reports (the reply to a rating is not an answer to a question).
QUESTION_OUTCOMES: tuple[Outcome, ...] = ("answered", "partial", "clarify", "out_of_scope")
# Questions answered this way are worth a maintainer's look (their text is kept, when allowed).
MISSED: frozenset[Outcome] = frozenset({"partial", "clarify", "out_of_scope"})
FEEDBACK_INTENT = "feedback"


def classify(intent: str, answer: Answer) -> Outcome:
    """The outcome of one reply, from its intent and what the composer said it did.

    - feedback: the reply to a rating (`/good`, `/bad`);
    - clarify: the bot asked back ("Did you mean ...?", "which framework?");
    - out_of_scope: the bot said it can't help with that;
    - partial: a topic asked about has no facts for a framework asked about;
    - answered: everything else.
    """
    if intent == FEEDBACK_INTENT:
        return "feedback"
    if answer.clarifies:
        return "clarify"
    if intent == "out_of_scope":
        return "out_of_scope"
    if answer.gap is not None:
        return "partial"
    return "answered"


def topic_of(answer: Answer, topics: tuple[str, ...]) -> str | None:
    """The knowledge-base topic a reply is filed under: the one it had no facts on, else the
    one the question was read as being about."""
    if answer.gap is not None:
        return answer.gap.topic
    return topics[0] if topics else None
