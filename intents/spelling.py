"""Which words a misspelt word can be read as, by length alone.

`fuzz.ratio` is 100 * (1 - d / n): n the two words' lengths added, d their Indel distance
(insertions and deletions). Two different words of lengths a and b are at least |a - b|
apart, and two of the same length at least 2 (one letter out, another in), so most lengths
are too far from a word's for any word of them to reach a cutoff: only the rest need be
compared with it.
"""

from __future__ import annotations

# Far below any difference between two ratios: a length at the cutoff is kept.
_ROUNDING = 1e-9


def lengths_within(length: int, cutoff: float) -> tuple[int, ...]:
    """The lengths of the words other than a word of `length` letters whose fuzz.ratio with
    it can be `cutoff` or more, shortest first."""
    found = []
    # d >= |length - other| >= 1, so n * (1 - cutoff / 100) >= 1 bounds the other's length.
    longest = length + int(2 * length / max(_ROUNDING, 1 - cutoff / 100)) + 1
    for other in range(longest + 1):
        if other + length == 0:
            continue
        apart = abs(length - other) or 2
        if 100 * (1 - apart / (length + other)) >= cutoff - _ROUNDING:
            found.append(other)
    return tuple(found)
