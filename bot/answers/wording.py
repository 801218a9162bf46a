"""How lists of names read in a sentence."""

from __future__ import annotations

from collections.abc import Iterable


def joined(items: Iterable[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C": the way a person lists things."""
    names = list(items)
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
