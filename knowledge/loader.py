"""Load a knowledge base directory, reporting every problem as `file:line: message`."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge.base import KnowledgeBase
from knowledge.located_yaml import LocatedDocument, YamlSyntaxError, load_located
from knowledge.schema import (
    AspectsFile,
    Claim,
    Fact,
    FrameworkFile,
    PremisesFile,
    RecommendationFile,
    SourceEntry,
    SourcesFile,
    TopicsFile,
)

SOURCES_FILE = "sources.yaml"
# More source files, one per maintainer's area (sources/django.yaml, ...), merged with it.
SOURCES_DIR = "sources"
TOPICS_FILE = "topics.yaml"
ASPECTS_FILE = "aspects.yaml"
RECOMMENDATION_FILE = "recommendation.yaml"
PREMISES_FILE = "premises.yaml"
FRAMEWORKS_DIR = "frameworks"

ModelT = TypeVar("ModelT", bound=BaseModel)
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeBaseError(Exception):
    """The knowledge base is invalid; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def default_path() -> Path:
    """The knowledge base shipped inside the package."""
    return Path(str(resources.files("knowledge") / "data"))


def load_knowledge_base(path: Path | None = None) -> KnowledgeBase:
    """Parse and validate a knowledge base; raise `KnowledgeBaseError` listing all problems."""
    return _Loader(path or default_path()).load()


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def load(self) -> KnowledgeBase:
        if not self.root.is_dir():
            raise KnowledgeBaseError([Problem(self.root, 1, "not a directory")])
        source_files = [self._parse(self.root / SOURCES_FILE, SourcesFile)]
        source_files += [
            self._parse(p, SourcesFile) for p in sorted((self.root / SOURCES_DIR).glob("*.yaml"))
        ]
        aspects = self._parse(self.root / ASPECTS_FILE, AspectsFile)
        topics = self._parse(self.root / TOPICS_FILE, TopicsFile)
        framework_paths = sorted((self.root / FRAMEWORKS_DIR).glob("*.yaml"))
        if not framework_paths:
            self._report(self.root / FRAMEWORKS_DIR, 1, "no framework files (*.yaml)")
        parsed_frameworks = [self._parse(p, FrameworkFile) for p in framework_paths]
        recommendation = self._parse(self.root / RECOMMENDATION_FILE, RecommendationFile)
        premises = self._parse(self.root / PREMISES_FILE, PremisesFile)
        # A file that does not parse is a problem, so past this every file parsed.
        if (
            self.problems
            or aspects is None
            or topics is None
            or recommendation is None
            or premises is None
        ):
            raise KnowledgeBaseError(self.problems)
        frameworks = [parsed for parsed in parsed_frameworks if parsed is not None]

        all_sources = self._merge_sources([f for f in source_files if f is not None])
        source_ids = set(all_sources)
        aspect_ids = self._unique_ids(aspects, ("aspects",), [a.id for a in aspects[1].aspects])
        self._check_aspect_words(aspects)
        for index, aspect in enumerate(aspects[1].aspects):
            for over in aspect.asked_over:
                self._require(aspects[0], ("aspects", index, "asked_over"), over, aspect_ids,
                              "aspect id")  # fmt: skip
        topic_ids = self._unique_ids(topics, ("topics",), [t.id for t in topics[1].topics])
        for index, topic in enumerate(topics[1].topics):
            if topic.aspect is not None:
                self._require(topics[0], ("topics", index, "aspect"), topic.aspect, aspect_ids,
                              "aspect id")  # fmt: skip
        quoted = {s.id for s in all_sources.values() if s.quoted}
        framework_ids: dict[str, Path] = {}
        names: dict[str, tuple[Path, str]] = {}
        for document, framework in frameworks:
            self._check_framework(document, framework, framework_ids, names)
            located = list(_framework_facts(framework))
            self._check_sources(document, iter(located), source_ids)
            self._check_fact_topics(document, located, topic_ids, quoted)
            for aspect_id in framework.aspects:
                self._require(document, ("aspects", aspect_id), aspect_id, aspect_ids, "aspect id")
            for feature_id in framework.features:
                # (a topic outside the matrix may have cells too, where a source says)
                self._require(document, ("features", feature_id), feature_id, topic_ids,
                              "topic id")  # fmt: skip
        self._check_rankings(aspects, set(framework_ids), source_ids, quoted)
        self._check_recommendation(recommendation, set(framework_ids), aspect_ids)
        kb = KnowledgeBase(
            path=self.root,
            frameworks={framework.id: framework for _, framework in frameworks},
            aspects={a.id: a for a in aspects[1].aspects},
            sources=all_sources,
            topics={t.id: t for t in topics[1].topics},
            questions=tuple(recommendation[1].questions),
            feature_points={str(k): v for k, v in recommendation[1].feature_points.items()},
            people_words=tuple(recommendation[1].people_words),
            premises=tuple(premises[1].premises),
        )
        self._check_premises(premises, kb)
        if self.problems:
            raise KnowledgeBaseError(self.problems)
        return kb

    def _report(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def _require(
        self, document: LocatedDocument, loc: Loc, value: str, known: Collection[str], what: str
    ) -> None:
        """Report `unknown <what>` on the line of `loc` unless `value` is one of `known`."""
        if value not in known:
            self._report(document.path, document.line_of(loc), f"unknown {what} {value!r}")

    def _parse(self, path: Path, model: type[ModelT]) -> tuple[LocatedDocument, ModelT] | None:
        if not path.is_file():
            self._report(path, 1, "file is missing")
            return None
        try:
            document = load_located(path)
        except YamlSyntaxError as error:
            self._report(path, error.line, error.message)
            return None
        if not isinstance(document.data, dict):
            self._report(path, 1, "expected a mapping at the top level")
            return None
        try:
            return document, model.model_validate(document.data)
        except ValidationError as error:
            for item in error.errors():
                loc = tuple(item["loc"])
                self._report(path, document.line_of(loc), _describe_error(loc, item))
            return None

    def _unique_ids(
        self, parsed: tuple[LocatedDocument, Any], loc: Loc, ids: list[str]
    ) -> set[str]:
        document = parsed[0]
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                line = document.line_of((*loc, index, "id"))
                self._report(document.path, line, f"duplicate id {item_id!r}")
            seen.add(item_id)
        return seen

    def _merge_sources(
        self, parsed_files: list[tuple[LocatedDocument, SourcesFile]]
    ) -> dict[str, SourceEntry]:
        """Sources from every sources file, each id defined once across all of them."""
        merged: dict[str, SourceEntry] = {}
        where: dict[str, Path] = {}
        for document, sources_file in parsed_files:
            for index, source in enumerate(sources_file.sources):
                if source.id in merged:
                    line = document.line_of(("sources", index, "id"))
                    message = f"duplicate source id {source.id!r} (also in {where[source.id].name})"
                    self._report(document.path, line, message)
                    continue
                merged[source.id] = source
                where[source.id] = document.path
        return merged

    def _check_fact_topics(
        self,
        document: LocatedDocument,
        located: list[tuple[Loc, Fact | Claim]],
        topic_ids: set[str],
        quoted: set[str],
    ) -> None:
        """Topic tags name known topics, each led by one fact at most; facts from a quoted
        source carry their quote."""
        led: dict[str, Loc] = {}  # topic id -> where its lead fact is
        for loc, fact in located:
            if fact.source in quoted and fact.quote is None:
                message = f"a fact from {fact.source!r} needs a verbatim 'quote'"
                self._report(document.path, document.line_of(loc), message)
            if isinstance(fact, Fact):
                for index, topic_id in enumerate(fact.topics):
                    self._require(document, (*loc, "topics", index), topic_id, topic_ids,
                                  "topic id")  # fmt: skip
                for index, topic_id in enumerate(fact.leads):
                    at = (*loc, "leads", index)
                    if topic_id not in fact.topics:
                        message = f"a fact leads only topics it is filed under, not {topic_id!r}"
                        self._report(document.path, document.line_of(at), message)
                    elif topic_id in led:
                        first = document.line_of(led[topic_id])
                        message = f"topic {topic_id!r} already has its lead fact (line {first})"
                        self._report(document.path, document.line_of(at), message)
                    else:
                        led[topic_id] = at

    def _check_aspect_words(self, parsed: tuple[LocatedDocument, AspectsFile]) -> None:
        document, aspects = parsed
        owner: dict[str, str] = {}
        for a_index, aspect in enumerate(aspects.aspects):
            for w_index, word in enumerate(aspect.words):
                key = word.casefold()
                if key in owner and owner[key] != aspect.id:
                    line = document.line_of(("aspects", a_index, "words", w_index))
                    message = f"word {word!r} already belongs to aspect {owner[key]!r}"
                    self._report(document.path, line, message)
                owner.setdefault(key, aspect.id)

    def _check_framework(
        self,
        document: LocatedDocument,
        framework: FrameworkFile,
        framework_ids: dict[str, Path],
        names: dict[str, tuple[Path, str]],
    ) -> None:
        path = document.path
        if framework.id in framework_ids:
            message = (
                f"framework id {framework.id!r} already defined in {framework_ids[framework.id]}"
            )
            self._report(path, document.line_of(("id",)), message)
        framework_ids.setdefault(framework.id, path)
        if path.stem != framework.id:
            message = f"file name should match the framework id ({framework.id}.yaml)"
            self._report(path, document.line_of(("id",)), message)
        spellings: list[tuple[Loc, str]] = [(("name",), framework.name)]
        spellings += [(("aliases", i), alias) for i, alias in enumerate(framework.aliases)]
        for loc, spelling in spellings:
            key = " ".join(spelling.casefold().split())
            claimed = names.get(key)
            if claimed is not None and claimed[1] != framework.id:
                message = (
                    f"alias {spelling!r} is already claimed by {claimed[1]!r} ({claimed[0].name})"
                )
                self._report(path, document.line_of(loc), message)
            names.setdefault(key, (path, framework.id))

    def _check_sources(
        self,
        document: LocatedDocument,
        facts: Iterator[tuple[Loc, Fact | Claim]],
        source_ids: set[str],
    ) -> None:
        for loc, fact in facts:
            self._require(document, (*loc, "source"), fact.source, source_ids, "source")

    def _check_rankings(
        self,
        parsed: tuple[LocatedDocument, AspectsFile],
        framework_ids: set[str],
        source_ids: set[str],
        quoted: set[str],
    ) -> None:
        document, aspects = parsed
        for index, aspect in enumerate(aspects.aspects):
            ranking = aspect.ranking
            if ranking is None:
                continue
            loc: Loc = ("aspects", index, "ranking")
            for o_index, framework_id in enumerate(ranking.order):
                self._require(
                    document, (*loc, "order", o_index), framework_id, framework_ids, "framework id"
                )
            self._require(document, (*loc, "source"), ranking.source, source_ids, "source")
            if ranking.source in quoted and ranking.quote is None:
                message = f"a ranking from {ranking.source!r} needs a verbatim 'quote'"
                self._report(document.path, document.line_of(loc), message)

    def _check_recommendation(
        self,
        parsed: tuple[LocatedDocument, RecommendationFile],
        framework_ids: set[str],
        aspect_ids: set[str],
    ) -> None:
        document, recommendation = parsed
        self._unique_ids(parsed, ("questions",), [q.id for q in recommendation.questions])
        for q_index, question in enumerate(recommendation.questions):
            for o_index, option in enumerate(question.options):
                loc: Loc = ("questions", q_index, "options", o_index)
                for framework_id in option.scores:
                    self._require(
                        document, (*loc, "scores", framework_id), framework_id, framework_ids,
                        "framework id",
                    )  # fmt: skip
                if option.aspect is not None:
                    self._require(document, (*loc, "aspect"), option.aspect, aspect_ids,
                                  "aspect id")  # fmt: skip

    def _check_premises(
        self, parsed: tuple[LocatedDocument, PremisesFile], kb: KnowledgeBase
    ) -> None:
        document, premises = parsed
        for index, premise in enumerate(premises.premises):
            loc: Loc = ("premises", index)
            self._require(
                document, (*loc, "framework"), premise.framework, kb.frameworks, "framework id"
            )
            if premise.framework in kb.frameworks and not kb.facts_on_topic(
                premise.framework, premise.topic
            ):
                line = document.line_of((*loc, "topic"))
                message = f"topic {premise.topic!r} has no facts for {premise.framework!r}"
                self._report(document.path, line, message)


def _framework_facts(framework: FrameworkFile) -> Iterator[tuple[Loc, Fact | Claim]]:
    """Every fact (and outdated claim) in a framework file, with its location."""
    located: list[tuple[Loc, Fact]] = [
        (("summary",), framework.summary),
        (("verdict",), framework.verdict),
        (("origin", "creator"), framework.origin.creator),
        (("origin", "released"), framework.origin.released),
        (("origin", "pattern"), framework.origin.pattern),
    ]
    for field in ("current", "pros", "cons", "use_cases"):
        facts: list[Fact] = getattr(framework, field)
        located += [((field, i), fact) for i, fact in enumerate(facts)]
    for aspect_id, facts in framework.aspects.items():
        located += [(("aspects", aspect_id, i), fact) for i, fact in enumerate(facts)]
    located += [(("features", topic_id), cell) for topic_id, cell in framework.features.items()]
    for loc, fact in located:
        yield loc, fact
        if fact.outdated is not None:
            yield (*loc, "outdated"), fact.outdated


def _describe_error(loc: Loc, item: Any) -> str:
    where = ".".join(str(part) for part in loc) or "(top level)"
    kind = item.get("type")
    if kind == "extra_forbidden":
        return f"unknown key {where!r}"
    if kind == "missing":
        return f"missing key {where!r}"
    if kind == "string_too_short" and item.get("ctx", {}).get("min_length") == 1:
        return f"{where}: empty text"
    if kind == "string_type" and isinstance(item.get("input"), bool):
        return f"{where}: expected text, got a boolean (YAML reads yes/no/on/off so; quote it)"
    return f"{where}: {item.get('msg', 'invalid value')}"
