"""👍 / 👎 under an answer in Slack: the buttons, what a click carries, the thank-you.

A button's value carries what the rating is recorded against (the answer's id, outcome,
intent, frameworks and topic), so rating needs nothing stored when the answer is sent. With
FWBOT_KEEP_QUESTIONS=1 it also carries the redacted question of an answer that went well,
so a 👎 can keep it: that text goes back to the thread it was asked in, and nowhere else.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.learning.outcome import MISSED, Outcome
from bot.learning.recorder import Note
from bot.learning.redact import MAX_KEPT_CHARS
from bot.render.blocks import MAX_BLOCKS, MAX_BUTTON_VALUE

Block = dict[str, Any]

FEEDBACK_ACTION = re.compile(r"^feedback_(up|down)$")
BLOCK_ID = "feedback"
THANKS = {
    True: "👍 Thanks for the feedback!",
    False: "👎 Thanks for the feedback: it helps improve the answers.",
}
# Characters JSON may keep that Slack would read as markup; \u escapes survive the trip.
_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


# Intent, framework and topic ids: they become counter names in the journal.
_Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,79}$")]


class _Value(BaseModel):
    """The button's value, read back from a click (never trusted beyond these limits)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    a: str = Field(pattern=r"^[0-9a-f]{16}$")
    o: Outcome
    i: _Id
    f: list[_Id] = Field(default_factory=list, max_length=10)
    t: _Id | None = None
    q: str | None = Field(default=None, max_length=MAX_KEPT_CHARS + 2)


def feedback_value(note: Note) -> str:
    """The button value: compact JSON, no markup characters, within Slack's limit."""
    value: dict[str, Any] = {"a": note.answer_id, "o": note.outcome, "i": note.intent}
    if note.frameworks:
        value["f"] = list(note.frameworks)
    if note.topic is not None:
        value["t"] = note.topic
    encoded = _encode(value)
    # A question answered badly is kept when it is answered; only others ride along.
    if note.question and note.outcome not in MISSED:
        with_question = _encode({**value, "q": note.question})
        if len(with_question) <= MAX_BUTTON_VALUE:
            encoded = with_question
    return encoded


def _encode(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_MARKUP)


def read_feedback(value: str) -> Note | None:
    """The noted answer a click rates, or None when the value is not one of ours."""
    if len(value) > MAX_BUTTON_VALUE:
        return None
    try:
        parsed = _Value.model_validate_json(value)
    except ValidationError:
        return None
    return Note(
        answer_id=parsed.a,
        outcome=parsed.o,
        intent=parsed.i,
        frameworks=tuple(parsed.f),
        topic=parsed.t,
        question=parsed.q,
        rateable=True,
    )


def feedback_block(note: Note) -> Block:
    value = feedback_value(note)
    return {
        "type": "actions",
        "block_id": BLOCK_ID,
        "elements": [
            _button("feedback_up", "👍", "Helpful", value),
            _button("feedback_down", "👎", "Not helpful", value),
        ],
    }


def _button(action_id: str, emoji: str, label: str, value: str) -> Block:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": emoji, "emoji": True},
        "accessibility_label": label,
        "value": value,
    }


def with_feedback(blocks: list[Block], note: Note | None) -> list[Block]:
    """The blocks with 👍 / 👎 last, when the noted answer is rateable; within Slack's 50
    blocks (the last body block before the closing ones gives way)."""
    if note is None or not note.rateable:
        return blocks
    blocks = list(blocks)
    excess = len(blocks) + 1 - MAX_BLOCKS
    if excess > 0:
        body_end = len(blocks)
        while body_end > 1 and blocks[body_end - 1]["type"] in ("actions", "context"):
            body_end -= 1
        # The last body block stays: it says the answer was shortened, when it was.
        del blocks[max(1, body_end - 1 - excess) : body_end - 1]
    return [*blocks, feedback_block(note)]


def is_feedback(block: Block) -> bool:
    return block.get("type") == "actions" and str(block.get("block_id", "")).startswith(BLOCK_ID)


def thanked(blocks: list[Block], up: bool) -> list[Block]:
    """The message's blocks with the 👍 / 👎 buttons turned into a short thank-you."""
    thanks = {"type": "context", "elements": [{"type": "mrkdwn", "text": THANKS[up]}]}
    return [thanks if is_feedback(block) else block for block in blocks]
