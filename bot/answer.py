"""One model for every reply the brain gives; renderers turn it into console text or Block Kit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRef:
    title: str
    url: str


@dataclass(frozen=True)
class Section:
    """A block of text: an optional heading, a paragraph and/or bullet points."""

    heading: str | None = None
    text: str | None = None
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class SideBySide:
    """Frameworks as columns, aspects as rows."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Suggestion:
    """A follow-up the person can take: a button in Slack, a hint in the console."""

    label: str
    message: str


@dataclass(frozen=True)
class Prompt:
    """A pending dialogue question and its options (buttons in Slack, numbered in the console)."""

    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """What an answer could not cover: a topic with no facts for some frameworks asked about."""

    topic: str
    frameworks: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    title: str
    sections: tuple[Section, ...] = ()
    table: SideBySide | None = None
    suggestions: tuple[Suggestion, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    prompt: Prompt | None = None
    recommendation: str | None = None
    # The framework a comparison or "best for" answer comes out for: the one a source ranks
    # first on the aspect (a recommendation's is `recommendation`).
    favoured: str | None = None
    # What the reply was, for learning from use (bot/learning/outcome.py): a topic the
    # knowledge base has no facts on for a framework asked about, or a question asked back.
    gap: Gap | None = None
    clarifies: bool = False
