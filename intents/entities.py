"""Find frameworks, other frameworks and aspects in normalised tokens, tolerating typos."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from intents.lexicon import Lexicon
from intents.normalize import is_number, normalize
from intents.phrase_scan import longest_from_each
from knowledge import KnowledgeBase

# Words this short are too easily another word with one typo ("flak", "fast").
_MIN_FUZZY_LENGTH = 4
_MIN_FUZZY_ASPECT_LENGTH = 7


class Kind(StrEnum):
    FRAMEWORK = "framework"
    OTHER = "other"
    ASPECT = "aspect"


@dataclass(frozen=True)
class Mention:
    """An entity found in the message: which one, and the token span it covers."""

    kind: Kind
    id: str
    start: int
    end: int
    ambiguous: bool = False


@dataclass(frozen=True)
class Entities:
    mentions: tuple[Mention, ...]

    def ids(self, kind: Kind) -> list[str]:
        """Ids of one kind in the order first named, without repeats."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            if mention.kind is kind:
                seen.setdefault(mention.id)
        return list(seen)

    @property
    def frameworks(self) -> list[str]:
        return self.ids(Kind.FRAMEWORK)

    def framework_positions(self) -> set[int]:
        """The positions of the words that name one of our frameworks."""
        return {i for m in self.mentions if m.kind is Kind.FRAMEWORK for i in range(m.start, m.end)}

    @property
    def others(self) -> list[str]:
        return self.ids(Kind.OTHER)

    @property
    def aspects(self) -> list[str]:
        """Aspect ids, the most mentioned first (ties: the one named first)."""
        named = self.ids(Kind.ASPECT)
        counts = {a: sum(m.id == a for m in self.mentions if m.kind is Kind.ASPECT) for a in named}
        return sorted(named, key=lambda a: -counts[a])


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    id: str
    ambiguous: bool = False


class EntityExtractor:
    """Precomputes spelling tables from the knowledge base once; `extract` is cheap."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        self._exact: dict[tuple[str, ...], _Entry] = {}
        self._implied_aspects: dict[tuple[str, ...], str] = {}
        # A framework's alias that also names an add-on to it ("DRF": Django, and Django
        # REST framework in particular), so a choice between add-ons sees both.
        self._implied_others: dict[tuple[str, ...], _Entry] = {}
        self._add_on_of = lexicon.builds_on
        # After these, an ambiguous name is the verb or noun it also is ("can't express").
        self._before_a_verb = frozenset(lexicon.before_a_verb)
        # Word beginnings naming an aspect in any ending (tried by length, longest first).
        self._stems: dict[str, _Entry] = {}
        for aspect in kb.aspects.values():
            spellings = [aspect.id, aspect.name, *aspect.words]  # normalize reads "_" as a space
            self._add(spellings, _Entry(Kind.ASPECT, aspect.id))
            for stem in aspect.stems:
                self._stems[" ".join(normalize(stem).tokens)] = _Entry(Kind.ASPECT, aspect.id)
        self._stem_lengths = sorted({len(s) for s in self._stems}, reverse=True)
        for other in lexicon.other_frameworks:
            self._add(other.aliases, _Entry(Kind.OTHER, other.name, other.ambiguous))
        # Our frameworks last: their spellings win over anything above.
        for framework in kb.frameworks.values():
            self._add(
                [framework.id, framework.name, *framework.aliases],
                _Entry(Kind.FRAMEWORK, framework.id),
            )
        self._ignored = {normalize(p).tokens for p in lexicon.not_entity_phrases} - {()}
        # The longest name or ignored phrase opening with each word: most words open none,
        # and a message's words are each tried as an opening.
        self._longest_from = longest_from_each((*self._exact, *self._ignored))
        # Typos keep the first letter in practice; grouping by it keeps lookups short.
        self._fuzzy_targets: dict[str, list[tuple[str, _Entry]]] = {}
        for key, entry in self._exact.items():
            if len(key) == 1 and len(key[0]) >= _MIN_FUZZY_LENGTH and entry.kind is not Kind.OTHER:
                self._fuzzy_targets.setdefault(key[0][0], []).append((key[0], entry))
        # Words never read as a typo (a word that is itself a spelling matches before typos).
        self._blocked = {w.casefold() for w in lexicon.not_framework_words}
        self._fuzzy = lru_cache(maxsize=4096)(self._fuzzy_lookup)

    def __getstate__(self) -> dict[str, object]:
        # The cache wraps a bound method, which pickle cannot store; it is rebuilt empty.
        return {key: value for key, value in self.__dict__.items() if key != "_fuzzy"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._fuzzy = lru_cache(maxsize=4096)(self._fuzzy_lookup)

    def _add(self, spellings: Iterable[str], entry: _Entry) -> None:
        for spelling in spellings:
            key = normalize(spelling).tokens
            if not key:
                continue
            replaced = self._exact.get(key)
            if replaced is not None and replaced.kind is Kind.ASPECT:
                # A framework's alias that is also an aspect's word ("DRF" for Django and
                # for building APIs) names both.
                self._implied_aspects[key] = replaced.id
            elif replaced is not None and self._add_on_of.get(replaced.id) == entry.id:
                self._implied_others[key] = replaced
            # A name that is also an ordinary word ("rails") is ambiguous; its spelling of
            # several words ("ruby on rails", "spring boot") is no ordinary phrase.
            self._exact[key] = replace(entry, ambiguous=False) if len(key) > 1 else entry

    def extract(self, tokens: Sequence[str]) -> Entities:
        mentions: list[Mention] = []
        index = 0
        while index < len(tokens):
            entry, length = self._match_at(tokens, index)
            if entry is None:
                index += length
                continue
            mentions.append(Mention(entry.kind, entry.id, index, index + length, entry.ambiguous))
            span = tuple(tokens[index : index + length])
            implied = self._implied_aspects.get(span)
            if implied is not None and entry.kind is Kind.FRAMEWORK:
                mentions.append(Mention(Kind.ASPECT, implied, index, index + length))
            add_on = self._implied_others.get(span)
            if add_on is not None and entry.kind is Kind.FRAMEWORK:
                mentions.append(Mention(Kind.OTHER, add_on.id, index, index + length))
            index += length
        named = [
            # A name with a version after it ("falcon 4", "rails 8") is the framework's.
            replace(m, ambiguous=False)
            if m.ambiguous and m.end < len(tokens) and is_number(tokens[m.end])
            else m
            for m in mentions
            if not (m.ambiguous and m.start > 0 and tokens[m.start - 1] in self._before_a_verb)
        ]
        return Entities(tuple(self._drop_unlikely(named)))

    def _match_at(self, tokens: Sequence[str], index: int) -> tuple[_Entry | None, int]:
        """The entity at `index` and its length in tokens; (None, n) for n tokens that
        name nothing (n = 1 when no entity starts here)."""
        longest = self._longest_from.get(tokens[index], 0)
        for length in range(min(longest, len(tokens) - index), 0, -1):
            key = tuple(tokens[index : index + length])
            if key in self._ignored:
                return None, length
            entry = self._exact.get(key)
            if entry is not None:
                return entry, length
        token = tokens[index]
        if len(token) > _MIN_FUZZY_LENGTH and token.endswith("s"):
            entry = self._exact.get((token[:-1],))
            if entry is not None and entry.kind in (Kind.FRAMEWORK, Kind.ASPECT):
                # "djangos", "flasks" (plural or possessive without '); "which scales
                # better" (an aspect's word as a verb)
                return entry, 1
        for length in self._stem_lengths:
            if len(token) >= length and (entry := self._stems.get(token[:length])) is not None:
                return entry, 1  # "новичка", "skaliert": an inflected aspect word
        return self._fuzzy(token), 1

    def _fuzzy_lookup(self, token: str) -> _Entry | None:
        """The framework or aspect a misspelt word most likely means, if any."""
        if len(token) < _MIN_FUZZY_LENGTH or token in self._blocked or is_number(token):
            return None
        best: tuple[int, _Entry] | None = None
        for spelling, entry in self._fuzzy_targets.get(token[0], ()):
            if entry.kind is Kind.ASPECT and len(token) < _MIN_FUZZY_ASPECT_LENGTH:
                continue
            if abs(len(spelling) - len(token)) > 2:
                continue
            allowed = 1 if len(spelling) <= 6 else 2
            if entry.kind is Kind.ASPECT:
                allowed = 1
            distance = OSA.distance(token, spelling, score_cutoff=allowed)
            if distance <= allowed and (best is None or distance < best[0]):
                best = (distance, entry)
        return best[1] if best else None

    @staticmethod
    def _drop_unlikely(mentions: list[Mention]) -> list[Mention]:
        """Ambiguous other-framework names ("express") count only beside another framework."""
        others = {m.id for m in mentions if m.kind is Kind.OTHER}
        about_frameworks = len(others) >= 2 or any(
            m.kind is Kind.FRAMEWORK or (m.kind is Kind.OTHER and not m.ambiguous) for m in mentions
        )
        return [m for m in mentions if not m.ambiguous or about_frameworks]
