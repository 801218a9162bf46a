"""Reading a message as a run of known phrases, the longest first."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

Found = TypeVar("Found")


def longest_phrases(
    tokens: Sequence[str],
    lookup: Callable[[tuple[str, ...]], Found | None],
    max_words: int,
    longest_from: Callable[[str], int] | None = None,
) -> Iterator[tuple[int, int, Found | None]]:
    """Left to right, the longest phrase `lookup` knows at each place, no word used twice:
    (start, words, what lookup gave); a word that starts no known phrase comes as
    (start, 1, None). `longest_from` (a word: the most words of a known phrase it starts,
    0 for none) spares the look-ups of phrases no word there can start: most words of a
    long text start none."""
    index = 0
    while index < len(tokens):
        longest = max_words if longest_from is None else longest_from(tokens[index])
        for size in range(min(longest, len(tokens) - index), 0, -1):
            found = lookup(tuple(tokens[index : index + size]))
            if found:
                yield index, size, found
                index += size
                break
        else:
            yield index, 1, None
            index += 1


def longest_from_each(phrases: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """For each word that opens one of the phrases, the most words of a phrase it opens
    (what `longest_phrases` reads as `longest_from`)."""
    longest: dict[str, int] = {}
    for phrase in phrases:
        longest[phrase[0]] = max(len(phrase), longest.get(phrase[0], 0))
    return longest
