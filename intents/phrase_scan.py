"""Reading a message as a run of known phrases, the longest first."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Found = TypeVar("Found")


def longest_phrases(
    tokens: Sequence[str],
    lookup: Callable[[tuple[str, ...]], Found | None],
    max_words: int,
) -> Iterator[tuple[int, int, Found | None]]:
    """Left to right, the longest phrase `lookup` knows at each place, no word used twice:
    (start, words, what lookup gave); a word that starts no known phrase comes as
    (start, 1, None)."""
    index = 0
    while index < len(tokens):
        for size in range(min(max_words, len(tokens) - index), 0, -1):
            found = lookup(tuple(tokens[index : index + size]))
            if found:
                yield index, size, found
                index += size
                break
        else:
            yield index, 1, None
            index += 1
