from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from intents.spelling import lengths_within

# Few letters, so that random words are often near each other.
WORDS = st.text(alphabet="abcd", min_size=1, max_size=16)


@given(WORDS, WORDS)
def test_a_word_within_the_cutoff_is_of_a_length_kept(word: str, other: str) -> None:
    if word != other and fuzz.ratio(word, other) >= 85:
        assert len(other) in lengths_within(len(word), 85)


def test_most_lengths_are_too_far_from_a_short_word() -> None:
    assert lengths_within(5, 85) == (4, 6)  # one letter in or out; a five-letter swap is 80
    assert lengths_within(7, 85) == (6, 7, 8, 9)
