"""Turn knowledge-base facts into sentences, remembering which sources they came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answer import SourceRef
from knowledge import Fact, KnowledgeBase

# Facts one framework gets on one aspect in an answer; the knowledge base lists the most
# important first, and the rest is one "More" away.
FACTS_PER_SIDE = 3


@dataclass
class Citations:
    """Collects the sources of every fact an answer states, in first-use order."""

    kb: KnowledgeBase
    _ids: dict[str, None] = field(default_factory=dict)

    def cite(self, source_id: str) -> None:
        self._ids.setdefault(source_id)

    def say(self, fact: Fact) -> str:
        """The fact as a sentence; a corrected claim adds what the older source said, and when."""
        self.cite(fact.source)
        text = fact.text
        if self.dated(fact):
            text = f"{text} (as of {fact.as_of:%B %Y})"
        if fact.outdated is not None:
            self.cite(fact.outdated.source)
            older = self.kb.source(fact.outdated.source)
            said = f'"{older.title}" ({older.date:%b %Y}) said: "{fact.outdated.text}"'
            wrong = fact.outdated.wrong
            verdict = "that was not right even then" if wrong else "that is out of date"
            text = f"{text} Note: {said}; {verdict}."
        return text

    def dated(self, fact: Fact) -> bool:
        """Facts on topics that change over time (versions, support, popularity) show their date."""
        return any(t in self.kb.topics and self.kb.topics[t].dated for t in fact.topics)

    def refs(self) -> tuple[SourceRef, ...]:
        return tuple(
            SourceRef(title=self.kb.source(i).title, url=self.kb.source(i).url) for i in self._ids
        )
