"""Premise checks: set a question's mistaken belief right before answering it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer, Section
from bot.answers.beliefs import BeliefFound
from bot.answers.citations import Citations
from intents.normalize import normalize
from knowledge import Fact, KnowledgeBase
from knowledge.schema import Premise

# Beliefs set right or agreed with in one answer: the best matched, as a premise is one.
BELIEFS_SAID = 1


class PremiseChecker:
    """Finds the knowledge base's premises in a message (cue words precomputed once)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # Topics that change over time: a belief on one is set right by the current facts.
        self._dated = frozenset(t.id for t in kb.topics.values() if t.dated)
        self._cues: list[tuple[Premise, list[list[str]]]] = [
            (p, [[f" {normalize(c).text} " for c in group] for group in p.cues])
            for p in kb.premises
        ]
        # Each framework's names as a message writes them, to tell a cue said of the
        # framework from one said of a thing named after it ("a brand new django project").
        self._names: dict[str, tuple[str, ...]] = {
            f.id: tuple(
                dict.fromkeys(
                    f"{text} " for n in (f.id, f.name, *f.aliases) if (text := normalize(n).text)
                )
            )
            for f in kb.frameworks.values()
        }
        # The fact that sets each premise right, chosen the first time it is needed (the
        # facts do not change; choosing scans all of a framework's facts).
        self._correction_of: dict[str, Fact | None] = {}

    def matched(self, text: str, frameworks: Sequence[str]) -> list[Premise]:
        """The premises the (normalised) message rests on."""
        padded = f" {text} "
        return [
            premise
            for premise, groups in self._cues
            if premise.framework in frameworks
            and all(self._group_said(padded, group, premise.framework) for group in groups)
        ]

    def _group_said(self, padded: str, group: list[str], framework: str) -> bool:
        """Whether a cue of the group is said of the framework: only the cues the message
        has at all are looked at closely (most have none of a group's dozen or so)."""
        return any(self._said_of_it(padded, cue, framework) for cue in group if cue in padded)

    def _said_of_it(self, padded: str, cue: str, framework: str) -> bool:
        """Whether the cue is in the message somewhere other than right before the
        framework's name, where it describes a thing of the asker's ("starting a brand new
        django project" says nothing of Django's age)."""
        start = padded.find(cue)
        while start != -1:
            after = padded[start + len(cue) :]
            if not after.startswith(self._names[framework]):
                return True
            start = padded.find(cue, start + 1)
        return False

    def corrections(self, text: str, frameworks: Sequence[str]) -> list[Fact]:
        """Facts that contradict what the (normalised) message takes for granted."""
        return self._corrections(self.matched(text, frameworks))

    def _corrections(self, premises: Sequence[Premise]) -> list[Fact]:
        """The first fact on each premise's topic, of those filed first under it: a fact
        that only touches the topic ("since 2.3, setting up a registered blueprint is an
        error", a release note first) does not set a belief about it right; and of those,
        the framework's current status before its history ("Flask is dying" is not
        answered with its first release of 2010)."""
        facts: list[Fact] = []
        for premise in premises:
            if premise.id not in self._correction_of:
                self._correction_of[premise.id] = self._correction(premise)
            fact = self._correction_of[premise.id]
            if fact is not None and fact not in facts:
                facts.append(fact)
        return facts

    def _correction(self, premise: Premise) -> Fact | None:
        current = frozenset(id(f) for f in self.kb.framework(premise.framework).current)
        fit = functools.partial(self._fit, topic=premise.topic, current=current)
        on_topic = sorted(self.kb.facts_on_topic(premise.framework, premise.topic), key=fit)
        return on_topic[0] if on_topic else None

    def _fit(self, fact: Fact, *, topic: str, current: frozenset[int]) -> tuple[bool, bool]:
        """How well a fact sets a belief on `topic` right: lower is better."""
        touches_only = bool(fact.topics) and fact.topics[0] != topic
        return touches_only, id(fact) not in current and topic in self._dated

    def correct(
        self,
        answer: Answer,
        text: str,
        frameworks: Sequence[str],
        topics: Sequence[str] = (),
        beliefs: Sequence[BeliefFound] = (),
        *,
        asked: bool = False,
    ) -> Answer:
        """The answer with a kind correction first, when the question rests on a wrong premise;
        of several beliefs found, those on the topics asked, if any are. `beliefs`: those of
        the facts' `refutes` the message states (set right) or denies (agreed with), said
        when no premise is found. `asked`: the message asks it as a yes-or-no question ("does
        flask come with an orm?"), so the facts answer no, not correct a claim."""
        premises = self.matched(text, frameworks)
        on_topics = [p for p in premises if p.topic in topics]
        premises = on_topics or premises
        facts = self._corrections(premises)
        # "Not true" only when every belief found is refuted outright.
        hedged = any(p.verdict == "Not necessarily" for p in premises)
        if asked:
            heading = f"{'Not necessarily' if hedged else 'No'}, going by my sources"
        else:
            heading = f"{'Not necessarily' if hedged else 'Not true'}. A quick correction first"
        if not facts and beliefs:
            facts = [b.fact for b in beliefs[:BELIEFS_SAID]]
            agreed = all(b.agrees for b in beliefs[:BELIEFS_SAID])
            heading = "Right, that is what my sources say" if agreed else heading
        if not facts:
            return answer
        cite = Citations(self.kb)
        corrections = tuple(cite.say(f) for f in facts)
        note = Section(heading=heading, bullets=corrections)
        # Said once, up front: the same facts are dropped from the rest of the answer.
        rest = tuple(
            replace(s, bullets=tuple(b for b in s.bullets if b not in corrections))
            for s in answer.sections
        )
        rest = tuple(s for s in rest if s.bullets or s.text or s.heading is None)
        sources = tuple(dict.fromkeys((*cite.refs(), *answer.sources)))
        return replace(answer, sections=(note, *rest), sources=sources)
