"""The reply object of the contract (`--json`), built from an understanding and an answer."""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.answer import Answer
from bot.learning.outcome import Outcome, classify
from bot.render.blocks import render_blocks
from bot.render.text import render_text
from intents.understanding import Understanding


class DialogueStatus(BaseModel):
    active: bool = False
    question: str | None = None
    options: list[str] = Field(default_factory=list)


class SourceOut(BaseModel):
    title: str
    url: str


class Reply(BaseModel):
    intent: str
    confidence: float = Field(ge=0.0, le=1.0)
    frameworks: list[str]
    aspect: str | None
    text: str
    blocks: list[dict[str, object]]
    dialogue: DialogueStatus = Field(default_factory=DialogueStatus)
    recommendation: str | None = None
    sources: list[SourceOut]
    other_frameworks: list[str] = Field(default_factory=list)
    # answered | partial | clarify | out_of_scope | feedback (bot/learning/outcome.py)
    outcome: Outcome = "answered"


def build_reply(understanding: Understanding, answer: Answer) -> Reply:
    return Reply(
        intent=understanding.intent,
        confidence=round(understanding.confidence, 3),
        frameworks=list(understanding.frameworks),
        aspect=understanding.aspect,
        text=render_text(answer),
        blocks=render_blocks(answer),
        sources=[SourceOut(title=s.title, url=s.url) for s in answer.sources],
        dialogue=DialogueStatus(
            active=answer.prompt is not None,
            question=answer.prompt.question if answer.prompt else None,
            options=list(answer.prompt.options) if answer.prompt else [],
        ),
        recommendation=answer.recommendation,
        other_frameworks=list(understanding.other_frameworks),
        outcome=classify(understanding.intent, answer),
    )
