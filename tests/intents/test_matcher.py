from __future__ import annotations

import math
from itertools import pairwise

import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from intents.matcher import NEAREST_KEPT, PhraseMatcher, WordEvidence

PHRASES = [
    ("compare", ("xfw", "vs", "xfw")),
    ("compare", ("difference", "between", "xfw", "and", "xfw")),
    ("weakness", ("what", "are", "the", "weakness", "of", "xfw")),
    ("weakness", ("why", "is", "xfw", "so", "slow")),
    ("describe", ("what", "is", "xfw")),
    ("describe", ("tell", "me", "about", "xfw", "please")),
    ("greet", ("hello", "there")),
]


# Phrases of every length from 1 to 12 words over a small vocabulary, more than the matcher
# keeps from each pass, so that a phrase can be found by one pass and not the other.
WORDS = ("what", "is", "xfw", "vs", "slow", "why", "the", "weakness", "of", "tell", "me")
MANY = [
    (f"label{n % 5}", tuple(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(1 + n % 12)))
    for n in range(300)
]


@pytest.fixture
def matcher() -> PhraseMatcher:
    return PhraseMatcher([*PHRASES, *MANY], key_words=("weakness",))


@pytest.mark.parametrize(
    "message",
    [
        ("what", "is", "the", "weakness", "of", "xfw", "vs", "xfw"),
        ("xfw", "vs", "xfw"),
        ("hello", "what", "is", "xfw"),
        ("so", "slow", "why"),
        ("unknownword", "tell", "about", "xfw"),
    ],
)
def test_each_nearest_phrase_is_scored_as_rapidfuzz_scores_it(
    matcher: PhraseMatcher, message: tuple[str, ...]
) -> None:
    """Each pass gives only one of the two scores; the other is derived from it and must be
    what rapidfuzz itself computes for that pair."""
    query = matcher.encode(message)
    nearest = matcher._nearest(message)
    assert nearest
    for index, score, whole in nearest:
        phrase = matcher._encoded[index]
        assert whole == fuzz.ratio(query, phrase) / 100
        coverage = LCSseq.similarity(query, phrase) / len(phrase)
        assert score == max(whole, coverage * min(1.0, 0.5 + 0.1 * len(phrase)))


def test_only_phrases_sharing_a_word_are_compared(matcher: PhraseMatcher) -> None:
    found = {matcher._labels[index] for index, _, _ in matcher._nearest(("hello",))}
    assert found == {"greet"}
    assert len(matcher._nearest(("why", "is", "xfw", "slow"))) > NEAREST_KEPT
    assert matcher._nearest(("nothing", "known")) == []


def test_word_evidence_is_naive_bayes_over_words_and_pairs() -> None:
    evidence = WordEvidence(PHRASES, alpha=0.3)
    message = ("why", "is", "xfw", "slow", "never-seen")
    found = evidence.probabilities(message)
    assert math.isclose(sum(found.values()), 1.0)
    assert max(found, key=found.__getitem__) == "weakness"
    # By hand: prior times each known feature's smoothed likelihood, per label.
    counts: dict[str, dict[str, int]] = {}
    for label, tokens in PHRASES:
        features = [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]
        for feature in features:
            counts.setdefault(label, {}).setdefault(feature, 0)
            counts[label][feature] += 1
    vocabulary = {f for per_label in counts.values() for f in per_label}
    known = [f for f in ("why", "is", "xfw", "slow", "why is", "is xfw") if f in vocabulary]
    scores = {}
    for label, per_label in counts.items():
        documents = sum(1 for lab, _ in PHRASES if lab == label)
        total = sum(per_label.values()) + 0.3 * (len(vocabulary) + 1)
        scores[label] = math.log(documents / len(PHRASES)) + sum(
            math.log((per_label.get(f, 0) + 0.3) / total) for f in known
        )
    top = max(scores.values())
    norm = sum(math.exp(s - top) for s in scores.values())
    for label, score in scores.items():
        assert math.isclose(found[label], math.exp(score - top) / norm)
    assert evidence.knows("slow") and not evidence.knows("never-seen")
