"""Pydantic models for the knowledge base's YAML files (the edge where data comes in)."""

from __future__ import annotations

import datetime
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.dataclasses import dataclass

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A word's beginning short enough to be in many words ("pro") would name too much.
MIN_STEM_LENGTH = 4
Stem = Annotated[str, StringConstraints(pattern=r"^\S+$", min_length=MIN_STEM_LENGTH)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Records there are thousands of (facts, sources) are slotted dataclasses, validated as the
# models are: a model instance carries a dict and a set of the fields given besides, which
# took 2 MB of the built brain's memory and more at its peak while it was kept on disk.
record = dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))


@record
class Claim:
    """An older claim, kept and attributed, that a current fact corrects or updates.

    `quote` is the source's own words, verbatim (checked by `kb check --quotes-from`)."""

    text: Text
    source: Id
    quote: Text | None = None
    # True when the claim was never right (not merely overtaken by later releases).
    wrong: bool = False


@record
class Fact:
    """One statement the bot may make, with the source it comes from and the date it was
    last checked against that source (`as_of`).

    `topics` files the fact under topics of `topics.yaml` beyond the place it sits in, so
    that a question about that topic finds it wherever it is. `quote` is a short verbatim
    excerpt of the source backing the statement (required for sources marked `quoted`).
    `in_short` marks the facts that together say what the framework is in a line: a
    comparison opens with them, before any detail. `leads` names topics (of its `topics`)
    that this fact answers in general, as a feature cell answers its feature: asked about
    the topic with nothing more specific ("how does FastAPI handle concurrency?"), the
    framework's answer opens with it. `refutes` holds beliefs people state that this fact
    shows wrong, in their words ("Django escapes raw() queries for you"): a message that
    states one is set right with the fact, one that denies it is agreed with. `asked` holds
    questions this fact answers, in the words of someone who doesn't know the answer ("users
    get logged out every time flask restarts" for a fact on SECRET_KEY signing the session):
    their words find the fact as its own do, and are never shown."""

    text: Text
    source: Id
    as_of: date
    quote: Text | None = None
    topics: tuple[Id, ...] = ()
    outdated: Claim | None = None
    in_short: bool = False
    leads: tuple[Id, ...] = ()
    refutes: tuple[Text, ...] = ()
    asked: tuple[Text, ...] = ()


FeatureStatus = Literal["built_in", "partial", "first_party", "third_party", "none"]


@record
class FeatureCell(Fact):
    """One cell of the feature matrix: how a framework offers a feature.

    built_in: part of the framework (`since`: the version it arrived in, where a source
    says); partial: some of what the feature covers is built in and some is not (the
    text says which; "CSRF, XSS and clickjacking protection" with XSS escaping only);
    first_party: an add-on from the framework's own maintainers (`package`); third_party:
    a named community package (`package`); none: not available."""

    status: FeatureStatus
    since: Text | None = None
    package: Text | None = None


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
    # The feature matrix row of this framework: topic id (a `feature` topic) -> its cell.
    features: dict[Id, FeatureCell] = Field(default_factory=dict)


class Ranking(Strict):
    """Frameworks best first on one aspect, with the sentence and source that say so. Only
    the frameworks the source places are listed ("Flask is the most flexible": just Flask)."""

    order: list[Id] = Field(min_length=1)
    text: Text
    source: Id
    quote: Text | None = None


def _check_weak_words(weak_words: list[str], words: list[str], owner: str) -> None:
    """An aspect's or a topic's weak words must be among its words."""
    unknown = sorted(set(weak_words) - set(words))
    if unknown:
        raise ValueError(f"weak_words not among the {owner}'s words: {', '.join(unknown)}")


class AspectEntry(Strict):
    id: Id
    name: Text
    words: list[Text] = Field(min_length=1)
    ranking: Ranking | None = None
    # Named alone, with no framework or "which one", the aspect is a kind of tool being
    # chosen for itself ("the best database for a social network?"): not our question.
    names_other_tools: bool = False
    # Several features needed at once ("user accounts + an admin + emails") are what the
    # aspect is about: each feature topic named beyond the first counts for it.
    gathers_features: bool = False
    # Aspects of what is built ("api", "fullstack") this one is asked over when a message
    # names both: "an API with lots of traffic" asks how it performs, not about APIs.
    asked_over: list[Text] = Field(default_factory=list)
    # Words (of `words`) that name the aspect weakly: they as often describe something else
    # ("easy to document the API", "a simple web service"), so another aspect's word outweighs
    # them, unless the quality is what is claimed or asked ("simplest option?"); alone, they
    # still name it ("is flask easy?").
    weak_words: list[Text] = Field(default_factory=list)
    # Beginnings of words that name the aspect in any ending, for languages that inflect
    # ("новичк": новичок, новичка, новичку; "skalier": skaliert, skalieren, skalierbar).
    stems: list[Stem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weak_words_are_its_words(self) -> AspectEntry:
        _check_weak_words(self.weak_words, self.words, "aspect")
        return self

    @property
    def in_sentence(self) -> str:
        """The name inside a sentence: "Database and ORM" -> "database and ORM"."""
        return " ".join(
            w if w.isupper() or w[1:2].isupper() else w.lower() for w in self.name.split()
        )


class AspectsFile(Strict):
    aspects: list[AspectEntry] = Field(min_length=1)


class TopicEntry(Strict):
    """Something specific people ask about (an admin, LTS releases, WebSockets).

    `words` are how people name it; `aspect` is the broader comparison aspect it belongs
    to, if any; a `feature` topic is a column of the feature matrix, where every framework
    should have a cell; a `dated` topic changes over time, so its facts show their date;
    `version_numbers`: a framework named with a version number ("Django 6.1") is about it;
    `numbered`: words that, followed by any version number, name it ("python" for "Python
    3.15", a version no list of words can hold in advance)."""

    id: Id
    name: Text
    words: list[Text] = Field(min_length=1)
    aspect: Id | None = None
    feature: bool = False
    dated: bool = False
    version_numbers: bool = False
    numbered: list[Text] = Field(default_factory=list)
    # Topics that deal in errors (error handling, validation): errors a question on one
    # names are what to handle or show ("a proper form error"), not a failure it reports.
    handles_errors: bool = False
    # Words that name it only between the names of two of our frameworks ("FastAPI inside a
    # Django project"): alone ("inside", "with") they name nothing.
    between_frameworks: list[Text] = Field(default_factory=list)
    # Words (of `words`) that name it weakly, as a figure of speech as often as the topic
    # ("is it still all sync under the hood"): they count as one word, so a topic named
    # plainly beside them ("async views") comes first; alone, they still name it.
    weak_words: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weak_words_are_its_words(self) -> TopicEntry:
        _check_weak_words(self.weak_words, self.words, "topic")
        return self


class TopicsFile(Strict):
    topics: list[TopicEntry] = Field(default_factory=list)


@record
class SourceEntry:
    id: Id
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    date: datetime.date  # (the type by its full name: a slot named `date` hides it)
    # Facts citing this source must carry a verbatim `quote` from it (the article).
    quoted: bool = False


class SourcesFile(Strict):
    sources: list[SourceEntry] = Field(min_length=1)


class AnswerOption(Strict):
    """One answer to a dialogue question and how much it favours each framework."""

    id: Id
    label: Text
    words: list[Text] = Field(default_factory=list)
    # Words that pick the option as a reply to its question ("jobs" to "what matters most?")
    # but say nothing of it in an opening message ("background jobs", "a job board").
    reply_words: list[Text] = Field(default_factory=list)
    scores: dict[Id, float] = Field(default_factory=dict)
    aspect: Id | None = None


class Question(Strict):
    """A question of the guided recommendation. `breaks_ties`: the framework its answer
    favours alone ("We know Flask") wins a tie, since switching has a cost of its own."""

    id: Id
    text: Text
    options: list[AnswerOption] = Field(min_length=2, max_length=5)
    breaks_ties: bool = False


class RecommendationFile(Strict):
    """The guided recommendation: at most five questions, asked in order, and the points a
    feature the person says they need gives each framework by how it provides it."""

    questions: list[Question] = Field(min_length=1, max_length=5)
    feature_points: dict[FeatureStatus, float] = Field(default_factory=dict)
    # Words for people ("devs", "engineers"): an option's words right before one name who
    # the people are, not the project ("2 backend devs", "zero frontend people").
    people_words: list[Text] = Field(default_factory=list)


class Premise(Strict):
    """A belief a question may rest on that the knowledge base contradicts.

    The premise is present when, for every group in `cues`, one of its words or phrases
    is in the message, and the message names `framework`. `topic` says which facts set
    it right: an aspect id (that framework's facts on it) or `origin.released`,
    `origin.creator`, `origin.pattern`; `verdict` says how wrong the belief is.
    """

    id: Id
    framework: Id
    cues: list[list[Text]] = Field(min_length=1)
    topic: Text
    # How wrong the belief is, said first: "Not true" when the facts refute it, "Not
    # necessarily" when they show it depends.
    verdict: Literal["Not true", "Not necessarily"] = "Not true"


class PremisesFile(Strict):
    premises: list[Premise] = Field(default_factory=list)
