"""Beliefs the facts refute (their `refutes`), found in a message by the words they share."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.answers.retrieval import FactIndex, stem
from intents.normalize import is_number, normalize
from intents.scope import NEGATION_REACH
from knowledge import Fact, KnowledgeBase
from knowledge.base import facts_of

# A message states a belief when it has this share of the belief's word weight: most of
# what the belief says, in any order and with other words around it.
BELIEF_SHARE = 0.7
# ... and at least this many of its words (one rare word in common is a coincidence).
MIN_BELIEF_WORDS = 3
# ... and it is what the message is mostly about: this share of the message's own word
# weight is the belief's (a long post that mentions the belief's words says other things).
MESSAGE_SHARE = 0.3
# A word this near a version number in a message is said of that version ("5.2 LTS").
VERSION_REACH = 3


@dataclass(frozen=True)
class _Belief:
    fact: Fact
    framework: str
    weights: dict[str, int]
    total: int
    negated: bool
    # The version numbers the belief names ("Django 6.0 is an LTS release": 6.0).
    versions: frozenset[str]


@dataclass(frozen=True)
class BeliefFound:
    """A belief a message speaks of, and the fact on it: `agrees` when the message denies
    the belief ("django does NOT escape raw queries"), so it says what the fact says. A
    belief that is itself a negation is found only in a message that negates too."""

    fact: Fact
    agrees: bool


class BeliefFinder:
    """The beliefs of every fact's `refutes`, weighed once as the index weighs words."""

    def __init__(self, kb: KnowledgeBase, index: FactIndex, negations: frozenset[str]) -> None:
        self._index = index
        self._negations = negations
        self._beliefs: list[_Belief] = []
        for framework in kb.frameworks.values():
            for fact in facts_of(framework):
                for belief in fact.refutes:
                    tokens = normalize(belief).tokens
                    weights = index.word_weights(tokens)
                    self._beliefs.append(
                        _Belief(
                            fact=fact,
                            framework=framework.id,
                            weights=weights,
                            total=sum(weights.values()) or 1,
                            negated=not negations.isdisjoint(tokens),
                            versions=frozenset(t for t in tokens if is_number(t)),
                        )
                    )
        self._words = frozenset(w for belief in self._beliefs for w in belief.weights)
        # Which beliefs have each word, so a message is weighed against the few beliefs it
        # shares enough words with, not all of them one by one.
        self._having: dict[str, list[int]] = {}
        for order, weighed in enumerate(self._beliefs):
            for word in weighed.weights:
                self._having.setdefault(word, []).append(order)

    def found(self, tokens: Sequence[str], frameworks: Sequence[str]) -> list[BeliefFound]:
        """The beliefs about these frameworks that the (normalised) message states or
        denies, the best matched first, one per fact."""
        if not self._beliefs or not frameworks:
            return []
        # Most messages share no belief's words: they are told apart by plain stems before
        # the index reads them (its spelling corrections cost a reply's time).
        if len(self._words.intersection(stem(t) for t in tokens)) < MIN_BELIEF_WORDS:
            return []
        said = self._index.word_weights(tokens)
        # Where the message's version numbers are, for the beliefs that name one.
        numbers = [(i, t) for i, t in enumerate(tokens) if is_number(t)]
        message_weight = sum(said.values()) or 1
        scored: list[tuple[float, int, BeliefFound]] = []
        seen: set[int] = set()
        for order in self._sharing(said):
            belief = self._beliefs[order]
            if belief.framework not in frameworks or id(belief.fact) in seen:
                continue
            shared = [w for w in belief.weights if w in said]
            if belief.versions:
                shared = [w for w in shared if _said_of(tokens, numbers, w, belief.versions)]
            if len(shared) < min(MIN_BELIEF_WORDS, len(belief.weights)):
                continue
            share = sum(belief.weights[w] for w in shared) / belief.total
            about = sum(said[w] for w in shared) / message_weight
            if share < BELIEF_SHARE or about < MESSAGE_SHARE:
                continue
            negated = self._denies(tokens, belief)
            if belief.negated and not negated:
                # "Django can't do async" against "how do I write an async view in django?":
                # the same words without the negation may only be asking.
                continue
            seen.add(id(belief.fact))
            agrees = negated != belief.negated
            scored.append((-share, order, BeliefFound(belief.fact, agrees)))
        return [found for _, _, found in sorted(scored, key=lambda s: (s[0], s[1]))]

    def _sharing(self, said: Collection[str]) -> list[int]:
        """The positions of the beliefs that have enough of the message's words to be found
        (`MIN_BELIEF_WORDS`, or all of a shorter belief's), in order."""
        counts = Counter(itertools.chain.from_iterable(self._having.get(w, ()) for w in said))
        beliefs = self._beliefs
        return sorted(
            order
            for order, count in counts.items()
            if count >= min(MIN_BELIEF_WORDS, len(beliefs[order].weights))
        )

    def _denies(self, tokens: Sequence[str], belief: _Belief) -> bool:
        """Whether a negation stands just before one of the belief's words in the message
        ("flask can NOT only serve one request"); one elsewhere ("Do Django models support
        composite keys? No. Only single-column...") answers something else. Two such
        negations cancel out: "you can't return json without DRF" says that DRF is needed."""
        negating = {
            i
            for at, token in enumerate(tokens)
            if stem(token) in belief.weights
            for i in range(max(0, at - NEGATION_REACH), at)
            if tokens[i] in self._negations
        }
        return len(negating) % 2 == 1


def _said_of(
    tokens: Sequence[str], numbers: Sequence[tuple[int, str]], word: str, versions: frozenset[str]
) -> bool:
    """Whether the message says `word` of one of the belief's versions: somewhere the
    version number nearest to it (of `numbers`, the message's, with their positions), if one
    is near, is one of them ("we're on 5.2 LTS, going to 6.1 via 6.0?" says LTS of 5.2, not
    of 6.0)."""
    for at, token in enumerate(tokens):
        if token != word and stem(token) != word:
            continue
        near = [(abs(i - at), t) for i, t in numbers if 0 < abs(i - at) <= VERSION_REACH]
        if not near or min(near)[1] in versions or word in versions:
            return True
    return False
