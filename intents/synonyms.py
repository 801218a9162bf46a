"""Replace words that mean the same for intent ("downsides", "drawbacks") by one canonical word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from intents.normalize import normalize


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
        self.canonical_words = frozenset(self._table.values())

    def single_words(self, canonical: str) -> frozenset[str]:
        """The one-word spellings that read as `canonical` ("errors", "crash": "error")."""
        return frozenset(
            key[0] for key, word in self._table.items() if word == canonical and len(key) == 1
        )

    def apply(self, tokens: Sequence[str]) -> tuple[str, ...]:
        out: list[str] = []
        index = 0
        while index < len(tokens):
            for length in range(min(self._longest, len(tokens) - index), 0, -1):
                canonical = self._table.get(tuple(tokens[index : index + length]))
                if canonical is not None:
                    out.append(canonical)
                    index += length
                    break
            else:
                out.append(tokens[index])
                index += 1
        return tuple(out)
