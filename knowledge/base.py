"""The validated, immutable knowledge base the brain reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.schema import (
    AspectEntry,
    Fact,
    FeatureCell,
    FrameworkFile,
    Premise,
    Question,
    SourceEntry,
    TopicEntry,
)

Framework = FrameworkFile
Aspect = AspectEntry
Source = SourceEntry
Topic = TopicEntry


@dataclass(frozen=True)
class KnowledgeBase:
    """Frameworks, aspects and sources, keyed by id, in file order."""

    path: Path
    frameworks: Mapping[str, Framework]
    aspects: Mapping[str, Aspect]
    sources: Mapping[str, Source]
    questions: tuple[Question, ...] = ()
    # Points per feature status for a feature the person needs (recommendation.yaml).
    feature_points: Mapping[str, float] = field(default_factory=dict)
    # Words for people: an answer's words right before one describe who the people are.
    people_words: tuple[str, ...] = ()
    premises: tuple[Premise, ...] = ()
    topics: Mapping[str, Topic] = field(default_factory=dict)
    # How one question orders a framework's facts on an aspect (see `focused`).
    fact_order: Callable[[str, list[Fact]], list[Fact]] | None = field(
        default=None, compare=False, repr=False
    )

    # Each framework's facts, once each, with their text in lower case (for `facts_naming`);
    # worked out once and carried over by `focused`.
    texts: Mapping[str, tuple[tuple[Fact, str], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # Each framework's line saying what it is (see `in_short`): many answers open with it,
    # and finding it walks every fact.
    short: Mapping[str, tuple[Fact, ...]] = field(default_factory=dict, compare=False, repr=False)
    # The facts naming each (framework, name) asked so far: a walk over every fact, and the
    # names are the few frameworks and tools the lexicon and the facts know. Shared by the
    # copies `focused` makes.
    naming: dict[tuple[str, str], tuple[Fact, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if not self.texts and self.frameworks:
            texts = {
                framework_id: tuple(
                    (fact, fact.text.lower())
                    for fact in {id(f): f for f in facts_of(framework)}.values()
                )
                for framework_id, framework in self.frameworks.items()
            }
            object.__setattr__(self, "texts", texts)
        if not self.short and self.frameworks:
            short = {
                framework_id: tuple(f for f in facts_of(framework) if f.in_short)
                or (framework.summary,)
                for framework_id, framework in self.frameworks.items()
            }
            object.__setattr__(self, "short", short)

    def focused(self, order: Callable[[str, list[Fact]], list[Fact]]) -> KnowledgeBase:
        """The same facts, with each aspect's listed in `order` (framework id, facts): a
        question's own words first, where the files keep the order they were written in."""
        return replace(self, fact_order=order)

    def framework(self, framework_id: str) -> Framework:
        return self.frameworks[framework_id]

    def aspect(self, aspect_id: str) -> Aspect:
        return self.aspects[aspect_id]

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def facts_on(self, framework_id: str, aspect_id: str) -> list[Fact]:
        """The framework's facts on one aspect (empty when no source says anything), in
        the question's order when the knowledge base is `focused` on one."""
        return self.in_question_order(
            framework_id, list(self.frameworks[framework_id].aspects.get(aspect_id, []))
        )

    def in_question_order(self, framework_id: str, facts: list[Fact]) -> list[Fact]:
        """`facts` of one framework as the question `focused` on orders them (else as is)."""
        return self.fact_order(framework_id, facts) if self.fact_order else facts

    def all_facts(self) -> Iterator[Fact]:
        for framework in self.frameworks.values():
            yield from facts_of(framework)

    def facts_on_topic(self, framework_id: str, topic: str) -> list[Fact]:
        """Facts for a premise topic: a topic id, an aspect id or `origin.<field>`."""
        framework = self.frameworks[framework_id]
        if topic.startswith("origin."):
            fact = getattr(framework.origin, topic.removeprefix("origin."), None)
            return [fact] if isinstance(fact, Fact) else []
        if topic in self.topics:
            return self.facts_tagged(framework_id, topic)
        return self.facts_on(framework_id, topic)

    def feature(self, framework_id: str, topic_id: str) -> FeatureCell | None:
        """The framework's cell for a topic (every one has a cell for a feature of the matrix;
        for other topics, where a source says), if it has one."""
        return self.frameworks[framework_id].features.get(topic_id)

    def facts_tagged(self, framework_id: str, topic_id: str) -> list[Fact]:
        """The framework's facts on a topic: its feature cell first, then facts tagged with it."""
        framework = self.frameworks[framework_id]
        cell = framework.features.get(topic_id)
        tagged = [f for f in facts_of(framework) if topic_id in f.topics and f is not cell]
        return [cell, *tagged] if cell is not None else tagged

    def topics_with_facts(self) -> dict[str, frozenset[str]]:
        """The topics each framework's facts are filed under: whether it has something on a
        topic outside the feature matrix ("does it reject 'abc' by itself?")."""
        return {
            f.id: frozenset(t for fact in facts_of(f) for t in fact.topics)
            for f in self.frameworks.values()
        }

    def in_short(self, framework_id: str) -> list[Fact]:
        """What the framework is, in a line: its facts marked `in_short`, else its summary."""
        return list(self.short[framework_id])

    def facts_naming(self, framework_id: str, name: str) -> list[Fact]:
        """The framework's facts that name `name` as a word, any case, however its parts
        are joined ("Node.js", "NodeJS", "django-ninja"), in file order."""
        found = self.naming.get((framework_id, name))
        if found is None:
            found = self.naming[(framework_id, name)] = self._naming(framework_id, name)
        return list(found)

    def _naming(self, framework_id: str, name: str) -> tuple[Fact, ...]:
        parts = [part for part in re.split(r"[\W_]+", name.lower()) if part]
        if not parts:
            return ()
        word = re.compile(r"\b" + r"[\W_]?".join(map(re.escape, parts)) + r"\b", re.IGNORECASE)
        return tuple(
            fact
            for fact, text in self.texts.get(framework_id, ())
            if parts[0] in text and word.search(fact.text)  # the cheap test first
        )

    def ranked(self, aspect_id: str) -> list[str]:
        """Framework ids best first on an aspect, as far as a source ranks them."""
        ranking = self.aspects[aspect_id].ranking
        if ranking is None:
            return []
        return [fid for fid in ranking.order if fid in self.frameworks]


def facts_of(framework: Framework) -> Iterator[Fact]:
    """Every fact of one framework, in file order."""
    yield framework.summary
    yield framework.origin.creator
    yield framework.origin.released
    yield framework.origin.pattern
    yield framework.verdict
    yield from framework.current
    yield from framework.pros
    yield from framework.cons
    yield from framework.use_cases
    for facts in framework.aspects.values():
        yield from facts
    yield from framework.features.values()
