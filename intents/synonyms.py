"""Replace words that mean the same for intent ("downsides", "drawbacks") by one canonical word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from intents.normalize import normalize
from intents.phrase_scan import longest_from_each, longest_phrases


class SynonymMapper:
    """Longest-first replacement of variant words and phrases by their canonical word."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]]) -> None:
        self._table: dict[tuple[str, ...], str] = {}
        for canonical, variants in synonyms.items():
            for variant in (canonical, *variants):
                key = normalize(str(variant)).tokens
                if key:
                    self._table[key] = canonical
        self._longest = max((len(key) for key in self._table), default=0)
        # The most words of a variant each word opens (0 for most words).
        self._longest_from = longest_from_each(self._table)
        self.canonical_words = frozenset(self._table.values())

    def single_words(self, canonical: str) -> frozenset[str]:
        """The one-word spellings that read as `canonical` ("errors", "crash": "error")."""
        return frozenset(
            key[0] for key, word in self._table.items() if word == canonical and len(key) == 1
        )

    def apply(self, tokens: Sequence[str]) -> tuple[str, ...]:
        found = longest_phrases(tokens, self._table.get, self._longest, self._opens)
        return tuple(tokens[at] if canonical is None else canonical for at, _, canonical in found)

    def _opens(self, word: str) -> int:
        return self._longest_from.get(word, 0)
