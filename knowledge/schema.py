"""Pydantic models for the knowledge base's YAML files (the edge where data comes in)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Claim(Strict):
    """An older claim, kept and attributed, that a current fact corrects or updates."""

    text: Text
    source: Id


class Fact(Strict):
    """One statement the bot may make, always with the source it comes from."""

    text: Text
    source: Id
    as_of: date | None = None
    outdated: Claim | None = None


class Origin(Strict):
    creator: Fact
    released: Fact
    pattern: Fact


class FrameworkFile(Strict):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Fact
    origin: Origin
    current: list[Fact] = Field(default_factory=list)
    pros: list[Fact] = Field(min_length=1)
    cons: list[Fact] = Field(min_length=1)
    use_cases: list[Fact] = Field(min_length=1)
    verdict: Fact
    aspects: dict[Id, list[Fact]] = Field(default_factory=dict)


class Ranking(Strict):
    """Frameworks best first on one aspect, with the sentence and source that say so."""

    order: list[Id] = Field(min_length=1)
    text: Text
    source: Id


class AspectEntry(Strict):
    id: Id
    name: Text
    words: list[Text] = Field(min_length=1)
    ranking: Ranking | None = None
    # Named alone, with no framework or "which one", the aspect is a kind of tool being
    # chosen for itself ("the best database for a social network?"): not our question.
    names_other_tools: bool = False

    @property
    def in_sentence(self) -> str:
        """The name inside a sentence: "Database and ORM" -> "database and ORM"."""
        return " ".join(
            w if w.isupper() or w[1:2].isupper() else w.lower() for w in self.name.split()
        )


class AspectsFile(Strict):
    aspects: list[AspectEntry] = Field(min_length=1)


class SourceEntry(Strict):
    id: Id
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    date: date


class SourcesFile(Strict):
    sources: list[SourceEntry] = Field(min_length=1)


class AnswerOption(Strict):
    """One answer to a dialogue question and how much it favours each framework."""

    id: Id
    label: Text
    words: list[Text] = Field(default_factory=list)
    scores: dict[Id, float] = Field(default_factory=dict)
    aspect: Id | None = None


class Question(Strict):
    id: Id
    text: Text
    options: list[AnswerOption] = Field(min_length=2, max_length=5)


class RecommendationFile(Strict):
    """The guided recommendation: at most five questions, asked in order."""

    questions: list[Question] = Field(min_length=1, max_length=5)


class Premise(Strict):
    """A belief a question may rest on that the knowledge base contradicts.

    The premise is present when, for every group in `cues`, one of its words or phrases
    is in the message, and the message names `framework`. `topic` says which facts set
    it right: an aspect id (that framework's facts on it) or `origin.released`,
    `origin.creator`, `origin.pattern`.
    """

    id: Id
    framework: Id
    cues: list[list[Text]] = Field(min_length=1)
    topic: Text


class PremisesFile(Strict):
    premises: list[Premise] = Field(default_factory=list)
