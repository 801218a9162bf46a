"""'More': the next facts on what the last answer was about, after those it showed.

A topic or aspect answer shows the few facts that best answer the question; "more" (a
button in Slack, a suggestion in the console, or typed) pages through the rest, in the same
order the question ranks them: the facts it showed are read off its text, and page N is the
Nth run of the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer import Answer, Section, Suggestion
from bot.answers.citations import Citations
from bot.answers.retrieval import FactIndex
from bot.answers.suggestions import compare_with_others, recommend_me
from bot.answers.wording import joined
from knowledge import Fact, KnowledgeBase

# Facts on a page of "more": for the one framework asked about, or for each of several.
PAGE_ONE = 3
PAGE_EACH = 2
# Facts each framework's ranking is read for (the index keeps the best 40 per question).
READ_AT_MOST = 40
MORE = Suggestion("More on this", "more")
# What a page of a framework's list is "more" of.
LISTS = {"pros": "strengths", "cons": "weaknesses", "use_cases": "use cases"}


@dataclass(frozen=True)
class Asked:
    """What the previous answer was about, as its question was read."""

    frameworks: tuple[str, ...]
    topics: tuple[str, ...]
    aspect: str | None
    words: tuple[str, ...]
    # The aspect a topic answer's ranking weighed (the topic's own, or a second part asked).
    ranked_on: str | None = None
    # With no topic or aspect: the list asked for ("pros", "cons", "use_cases").
    listed: str | None = None


def shown_text(answer: Answer) -> str:
    """Everything an answer said, for telling which facts it showed."""
    parts = [answer.title]
    for section in answer.sections:
        parts += [section.text or "", *section.bullets]
    return "\n".join(parts)


class MoreAnswers:
    """Pages through the facts a question ranks, past the ones its answer showed."""

    def __init__(self, kb: KnowledgeBase, index: FactIndex) -> None:
        self.kb = kb
        self.index = index

    def has_more(self, asked: Asked, answer: Answer) -> bool:
        """Whether a page of "more" would show anything: a fact the answer did not show
        among the first few the question ranks (or, on an aspect or a list, any at all)."""
        said = shown_text(answer)
        look = sum(len(s.bullets) for s in answer.sections) + 1
        return any(
            fact.text not in said
            for framework_id in asked.frameworks or tuple(self.kb.frameworks)
            for fact in self._candidates(framework_id, asked, look)
        )

    def page(self, asked: Asked, answer: Answer, number: int) -> Answer:
        """Page `number` (1 for the first "more") of the facts `answer` did not show."""
        rest = self._rest(asked, answer)
        size = PAGE_ONE if len(rest) == 1 else PAGE_EACH
        start, end = (number - 1) * size, number * size
        cite = Citations(self.kb)
        sections = [
            Section(
                heading=self.kb.framework(f).name if len(rest) > 1 else None,
                bullets=tuple(cite.say(fact) for fact in facts[start:end]),
            )
            for f, facts in rest.items()
            if facts[start:end]
        ]
        names = joined(self.kb.framework(f).name for f in rest)
        subject = self._subject(asked)
        later = any(facts[end:] for facts in rest.values())
        suggestions = (
            *((MORE,) if later else ()),
            *compare_with_others(self.kb, list(rest)),
            recommend_me(),
        )
        if not sections:
            return Answer(
                title=f"{names}: nothing more on {subject}",
                sections=(Section(text=f"That is all my sources say on {subject} for {names}."),),
                suggestions=suggestions,
            )
        return Answer(
            title=f"{names}: more on {subject}",
            sections=tuple(sections),
            suggestions=suggestions,
            sources=cite.refs(),
        )

    def _subject(self, asked: Asked) -> str:
        if asked.topics and asked.topics[0] in self.kb.topics:
            return self.kb.topics[asked.topics[0]].name
        if asked.aspect is not None and asked.aspect in self.kb.aspects:
            return self.kb.aspect(asked.aspect).in_sentence
        return LISTS.get(asked.listed or "", "this")

    def _rest(self, asked: Asked, answer: Answer) -> dict[str, list[Fact]]:
        """Per framework, the facts the question ranks that the answer did not show, best
        first."""
        said = shown_text(answer)
        frameworks = asked.frameworks or tuple(self.kb.frameworks)
        return {
            f: [fact for fact in self._ranked(f, asked) if fact.text not in said]
            for f in frameworks
        }

    def _ranked(self, framework_id: str, asked: Asked) -> Sequence[Fact]:
        facts = self._candidates(framework_id, asked, READ_AT_MOST)
        # A topic's facts come ranked; an aspect's or a list's, in file order, are put in the
        # order of the question's words.
        return facts if asked.topics else self.index.in_word_order(framework_id, asked.words, facts)

    def _candidates(self, framework_id: str, asked: Asked, limit: int) -> Sequence[Fact]:
        """The facts a page is taken from: the `limit` best on the topics asked, or all of the
        framework's on the aspect or in the list asked."""
        if asked.topics:
            return self.index.relevant_on_topics(
                framework_id, asked.words, asked.topics, aspect=asked.ranked_on, limit=limit
            )
        framework = self.kb.framework(framework_id)
        if asked.aspect is not None:
            return framework.aspects.get(asked.aspect, [])
        if asked.listed is None:
            return ()
        listed: Sequence[Fact] = getattr(framework, asked.listed)  # pros, cons or use_cases
        return listed
