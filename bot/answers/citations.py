"""Turn knowledge-base facts into sentences, remembering which sources they came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.answer import Section, SourceRef
from knowledge import Fact, KnowledgeBase

# Facts one framework gets on one aspect in an answer; the knowledge base lists the most
# important first, and the rest is one "More" away.
FACTS_PER_SIDE = 3


@dataclass
class Citations:
    """Collects the sources of every fact an answer states, in first-use order."""

    kb: KnowledgeBase
    _ids: dict[str, None] = field(default_factory=dict)
    # Each sentence said, with the sources it cites: an answer cut to its budget lists only
    # the sources of the sentences it kept.
    _said: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def cite(self, source_id: str, said: str | None = None) -> None:
        """Cite a source; `said`: the sentence of it the answer says (see `refs_in`)."""
        self._ids.setdefault(source_id)
        if said is not None:
            self._said[said] = (*self._said.get(said, ()), source_id)

    def say(self, fact: Fact) -> str:
        """The fact as a sentence; a corrected claim adds what the older source said, and when."""
        self.cite(fact.source)
        cited = [fact.source]
        text = fact.text
        if self.dated(fact):
            text = f"{text} (as of {fact.as_of:%B %Y})"
        if fact.outdated is not None:
            self.cite(fact.outdated.source)
            cited.append(fact.outdated.source)
            older = self.kb.source(fact.outdated.source)
            said = f'"{older.title}" ({older.date:%b %Y}) said: "{fact.outdated.text}"'
            wrong = fact.outdated.wrong
            verdict = "that was not right even then" if wrong else "that is out of date"
            text = f"{text} Note: {said}; {verdict}."
        self._said[text] = tuple(cited)
        return text

    def say_in_short(self, framework_id: str) -> str:
        """What the framework is, in a line (its `in_short` facts, else its summary)."""
        return " ".join(self.say(fact) for fact in self.kb.in_short(framework_id))

    def dated(self, fact: Fact) -> bool:
        """Facts on topics that change over time (versions, support, popularity) show their date."""
        return any(t in self.kb.topics and self.kb.topics[t].dated for t in fact.topics)

    def refs(self) -> tuple[SourceRef, ...]:
        return tuple(self._ref(i) for i in self._ids)

    def refs_in(self, sections: Iterable[Section]) -> tuple[SourceRef, ...]:
        """The sources of the sentences these sections still say, in first-use order."""
        kept = [t for s in sections for t in (*s.bullets, s.text or "", s.heading or "")]
        used = {i for said, ids in self._said.items() if any(said in k for k in kept) for i in ids}
        return tuple(self._ref(i) for i in self._ids if i in used)

    def _ref(self, source_id: str) -> SourceRef:
        source = self.kb.source(source_id)
        return SourceRef(title=source.title, url=source.url)
