"""Checks on a loaded knowledge base that are advice, not validity: quotes, freshness, gaps."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from knowledge.base import KnowledgeBase, facts_of
from knowledge.schema import Claim, Fact, Ranking

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Finding:
    framework_id: str
    text: str  # the fact's text, so a maintainer can find it
    message: str

    def __str__(self) -> str:
        return f"{self.framework_id}: {self.message}: {self.text[:70]!r}"


def _squeezed(text: str) -> str:
    """Compare quotes ignoring line breaks, runs of spaces and curly vs straight quotes."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


def _quoted(kb: KnowledgeBase) -> Iterator[tuple[str, Fact | Claim | Ranking]]:
    for aspect in kb.aspects.values():
        if aspect.ranking is not None:
            yield f"aspects.{aspect.id}", aspect.ranking
    for framework in kb.frameworks.values():
        for fact in dict.fromkeys(facts_of(framework)):
            yield framework.id, fact
            if fact.outdated is not None:
                yield framework.id, fact.outdated


def missing_quotes(kb: KnowledgeBase, source_text: str) -> list[Finding]:
    """Quotes of facts from `quoted` sources (the article) that are not in its text."""
    quoted_sources = {s.id for s in kb.sources.values() if s.quoted}
    haystack = _squeezed(source_text)
    return [
        Finding(framework_id, item.text, f"quote not found in the text: {item.quote!r}")
        for framework_id, item in _quoted(kb)
        if item.source in quoted_sources
        and item.quote is not None
        and _squeezed(item.quote) not in haystack
    ]


def stale_facts(kb: KnowledgeBase, months: int, today: date) -> list[Finding]:
    """Facts whose `as_of` is more than `months` months before `today`, oldest first."""
    cutoff = _months_before(today, months)
    stale = [
        (fact.as_of, framework_id, fact)
        for framework_id, fact in _quoted(kb)
        if isinstance(fact, Fact) and fact.as_of < cutoff
    ]
    stale.sort(key=lambda s: s[0])
    return [
        Finding(framework_id, fact.text, f"as of {as_of.isoformat()} ({fact.source})")
        for as_of, framework_id, fact in stale
    ]


def shifted_questions(kb: KnowledgeBase) -> list[Finding]:
    """Facts that share a question they answer (`asked`) with the fact before them: two facts
    next to each other rarely answer the same question, and a list of questions written for
    a run of facts and pasted one fact off gives every fact of the run its neighbour's."""
    found: list[Finding] = []
    for framework in kb.frameworks.values():
        facts = list(dict.fromkeys(facts_of(framework)))
        for before, fact in itertools.pairwise(facts):
            shared = {q.casefold() for q in before.asked} & {q.casefold() for q in fact.asked}
            if shared:
                question = sorted(shared)[0]
                message = f"answers {question!r} as the fact before it does"
                found.append(Finding(framework.id, fact.text, message))
    return found


def missing_cells(kb: KnowledgeBase) -> list[Finding]:
    """Feature-matrix cells no framework file fills in."""
    features = [t for t in kb.topics.values() if t.feature]
    return [
        Finding(framework.id, topic.name, f"no cell for the feature {topic.id!r}")
        for framework in kb.frameworks.values()
        for topic in features
        if topic.id not in framework.features
    ]


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


def unused_sources(kb: KnowledgeBase) -> list[str]:
    """Source ids no fact, claim or ranking cites (left behind when facts were rewritten)."""
    cited = {item.source for _, item in _quoted(kb)}
    return [source_id for source_id in kb.sources if source_id not in cited]
