"""Intent evidence from training phrases: fuzzy nearest phrases and word statistics.

Both work on *templated* text, where entities are replaced by slot words
("django vs flask" -> "xfw vs xfw"), so a phrase written once covers every framework.

- `PhraseMatcher` finds the nearest training phrases with rapidfuzz. Each word is encoded
  as one character, so rapidfuzz's C++ edit-distance scorers compare word sequences
  (word order, insertions, omissions) at the speed of short strings; misspelt words are
  first mapped to the nearest known word.
- `WordEvidence` is a multinomial naive Bayes over words and word pairs: the cue words
  ("downsides", "used for", "error") that generalise beyond the phrases' exact wording.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import compress, pairwise
from operator import add

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from intents.entities import Entities, EntityExtractor, Kind
from intents.normalize import is_number, normalize
from intents.spelling import lengths_within
from intents.synonyms import SynonymMapper

SLOT_TOKENS = {Kind.FRAMEWORK: "xfw", Kind.OTHER: "xother", Kind.ASPECT: "xaspect"}
_SLOTS = {"{fw}": " xfw ", "{other}": " xother ", "{aspect}": " xaspect "}
_SLOT_WORDS = frozenset(SLOT_TOKENS.values())
_FIRST_CODE_POINT = 0x4E00  # word codes: a block of single characters no scorer treats specially
# How many of the nearest phrases each of the matcher's two passes keeps.
NEAREST_KEPT = 40
# How similar (fuzz.ratio) a known word must be to a word no phrase has to be read for it.
CORRECTION_CUTOFF = 85
_BIT_BYTES = bytes.maketrans(b"01", b"\x00\x01")
_UNKNOWN = chr(0xE000)  # every unknown word: a private-use character that matches no phrase word


def template(tokens: Sequence[str], entities: Entities) -> tuple[str, ...]:
    """The tokens with each entity replaced by its slot ("django vs flask" -> xfw vs xfw)."""
    out: list[str] = []
    index = 0
    for mention in entities.mentions:
        out += tokens[index : mention.start]
        out.append(SLOT_TOKENS[mention.kind])
        index = mention.end
    out += tokens[index:]
    return tuple(out)


def template_phrase(
    phrase: str, extractor: EntityExtractor, synonyms: SynonymMapper
) -> tuple[str, ...]:
    """A training phrase in the same form as a templated message."""
    for slot, token in _SLOTS.items():
        phrase = phrase.replace(slot, token)
    tokens = normalize(phrase).tokens
    return synonyms.apply(template(tokens, extractor.extract(tokens)))


class PhraseMatcher:
    """Scores a templated message against labelled, templated phrases (0..1 per label)."""

    def __init__(
        self,
        labelled: Iterable[tuple[str, tuple[str, ...]]],
        key_words: Iterable[str] = (),
    ) -> None:
        pairs = sorted({(tokens, label) for label, tokens in labelled if tokens})
        vocabulary = sorted({word for tokens, _ in pairs for word in tokens})
        # Slots (a framework, an aspect) and key words (the synonym table's canonical words:
        # "weakness", "usecase") say more than any other word: they weigh double.
        heavy = _SLOT_WORDS | set(key_words)
        self._codes = {
            word: chr(_FIRST_CODE_POINT + i) * (2 if word in heavy else 1)
            for i, word in enumerate(vocabulary)
        }
        self._vocabulary = [w for w in vocabulary if len(w) >= 5]
        self._encoded = [self._encode_known(tokens) for tokens, _ in pairs]
        self._labels = [label for _, label in pairs]
        self.labels = sorted(set(self._labels))
        # Which phrases have each word: a phrase sharing no word with a message scores 0 on
        # both passes, so only the others are compared (in index order, as before).
        # Kept as a bit mask per word (bit i: phrase i), so the phrases sharing any of a
        # message's words are one OR of a few integers, picked out in index order in C.
        having: dict[str, int] = {}
        for index, encoded in enumerate(self._encoded):
            for code in set(encoded):
                having[code] = having.get(code, 0) | (1 << index)
        self._having = having
        # Per word code, the phrases with at least k of it (k = 1, 2, ...): a phrase shares
        # with a message no more of a code in order than either has, which bounds its scores
        # (`_nearest`).
        at_least: dict[str, list[int]] = {}
        for index, encoded in enumerate(self._encoded):
            for code, count in Counter(encoded).items():
                masks = at_least.setdefault(code, [])
                masks += [0] * (count - len(masks))
                for k in range(count):
                    masks[k] |= 1 << index
        self._at_least = at_least
        self._indices = list(range(len(self._encoded)))
        self._lengths = [len(encoded) for encoded in self._encoded]
        # How much a phrase's coverage counts: short phrases are weak evidence ("xfw" is in
        # every message that names a framework).
        self._coverage_weights = [min(1.0, 0.5 + 0.1 * length) for length in self._lengths]
        self._correct = lru_cache(maxsize=8192)(self._nearest_word)

    def __getstate__(self) -> dict[str, object]:
        # The cache wraps a bound method, which pickle cannot store; it is rebuilt empty.
        return {key: value for key, value in self.__dict__.items() if key != "_correct"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._correct = lru_cache(maxsize=8192)(self._nearest_word)

    def _encode_known(self, tokens: Sequence[str]) -> str:
        return "".join(self._codes[word] for word in tokens)

    def correct(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """Misspelt words become the known word they are closest to; others stay as they are."""
        return tuple(word if word in self._codes else self._correct(word) for word in tokens)

    def encode(self, tokens: Sequence[str]) -> str:
        """One character per word; words no phrase has are all one unmatched character."""
        return "".join(self._codes.get(word, _UNKNOWN) for word in tokens)

    def _nearest_word(self, word: str) -> str:
        if len(word) < 5 or is_number(word):
            return word
        candidates = self._vocabulary_near(len(word))
        found = process.extractOne(
            word, candidates, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF
        )
        return str(found[0]) if found else word

    @lru_cache(maxsize=64)  # noqa: B019 - one matcher per process, kept for its life
    def _vocabulary_near(self, length: int) -> list[str]:
        """The known words of the lengths that can be within the cutoff of a word of this
        length that is none of them (`lengths_within`), in the vocabulary's order (the
        first of equal scores is the one read), gathered once per length."""
        reachable = lengths_within(length, CORRECTION_CUTOFF)
        return [w for w in self._vocabulary if len(w) in reachable]

    def _nearest(self, tokens: Sequence[str]) -> list[tuple[int, float, float]]:
        """(phrase index, score, whole-message similarity) of the nearest phrases, each scored
        by whole-message similarity or phrase coverage."""
        query = self.encode(tokens)
        # Two cheap C++ passes pick candidates: similar as a whole, or sharing the most words.
        # Each compares the phrases that share a word with the message, but a phrase whose
        # bound (`_bounds`) is below what the NEAREST_KEPT-th of the others scores can be
        # neither kept nor tied with it: the others are tried first, the phrases with the
        # highest bounds that NEAREST_KEPT reach and those one below (some 280 of 580 for a
        # long message), then, if the kept ones do not all score above the bound of the rest,
        # those whose bound is high enough for that score.
        bounds = self._bounds(query)
        least = _highest_reaching(bounds, len(query), NEAREST_KEPT) - 1
        first = self._phrases(bounds, least)
        similar = process.extract(query, first[1], scorer=fuzz.ratio, limit=NEAREST_KEPT)
        shared = process.extract(query, first[1], scorer=LCSseq.similarity, limit=NEAREST_KEPT)
        ratio_phrases = common_phrases = first[0]
        # Outside the phrases of bound `least` or more, the LCS is at most least - 1 and the
        # ratio (200 LCS / the two lengths' sum) at most 200 (least - 1) / (len(query) +
        # least - 1).
        # (With `least` 1 or less, the first were every phrase sharing a word already.)
        ratio_least = least
        while ratio_least > 1 and _ratio_at_most(len(query), ratio_least - 1) >= similar[-1][1]:
            ratio_least -= 1
        if ratio_least < least:
            ratio_phrases, compared = self._phrases(bounds, ratio_least)
            similar = process.extract(query, compared, scorer=fuzz.ratio, limit=NEAREST_KEPT)
        if least > 1 and shared[-1][1] < least:
            common_phrases, compared = self._phrases(bounds, int(shared[-1][1]))
            shared = process.extract(query, compared, scorer=LCSseq.similarity, limit=NEAREST_KEPT)
        # Each pass has scored its own candidates already; the other score follows from it:
        # fuzz.ratio is 100 * (1 - (n - 2 * common) / n), n the two lengths' sum (exactly
        # as rapidfuzz computes it), common the longest common subsequence.
        ratio_of = {ratio_phrases[at]: score for _, score, at in similar}
        common_of = {common_phrases[at]: score for _, score, at in shared}
        lengths = self._lengths
        coverage_weights = self._coverage_weights
        query_length = len(query)
        nearest = []
        for index in ratio_of.keys() | common_of.keys():
            length = lengths[index]
            both = query_length + length
            ratio = ratio_of.get(index)
            common = common_of.get(index)
            if common is None:
                common = round(both * (ratio or 0.0) / 200)
            if ratio is None:
                ratio = 100 * (1.0 - (both - 2 * common) / both)
            whole = ratio / 100
            # How much of the phrase appears, in order, in the message.
            covered = common / length * coverage_weights[index]
            nearest.append((index, covered if covered > whole else whole, whole))
        return nearest

    def _bounds(self, query: str) -> list[int]:
        """Per phrase, how many of the query's codes it could share in order (per code, the
        fewer of the query's and its own), bit-sliced: bit j of it in the j-th number."""
        at_least = self._at_least
        planes: list[int] = []
        for code, count in Counter(query).items():
            for having in at_least.get(code, ())[:count]:
                carry = having
                for j, plane in enumerate(planes):
                    planes[j] = plane ^ carry
                    carry &= plane
                    if not carry:
                        break
                else:
                    planes.append(carry)
        return planes

    def _phrases(self, bounds: list[int], least: int) -> tuple[list[int], list[str]]:
        """The indices and codes of the phrases whose bound is `least` or more, or that
        share a word with the query at all (a bound of 1 or more), whichever are more."""
        mask = _at_least(bounds, max(least, 1))
        # One selector byte per phrase, lowest bit (phrase 0) first.
        selectors = format(mask, "b")[::-1].encode().translate(_BIT_BYTES)
        return list(compress(self._indices, selectors)), list(compress(self._encoded, selectors))

    def scores_and_likeness(
        self, tokens: Sequence[str]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Best score per label over the nearest phrases, and per label the whole-message
        similarity of its most similar phrase."""
        found: dict[str, float] = dict.fromkeys(self.labels, 0.0)
        likeness: dict[str, float] = dict.fromkeys(self.labels, 0.0)
        labels = self._labels
        for index, score, whole in self._nearest(tokens):
            label = labels[index]
            # (comparisons, not max(): this runs for some eighty phrases a message)
            if score > found[label]:  # noqa: PLR1730
                found[label] = score
            if whole > likeness[label]:  # noqa: PLR1730
                likeness[label] = whole
        return found, likeness


# Far above the rounding of a ratio, far below any difference between two ratios.
_ROUNDING = 1e-9


def _ratio_at_most(query_length: int, common: int) -> float:
    """Above the highest fuzz.ratio of the query with any phrase sharing at most `common`
    of its codes in order (the phrase as long as that, the least that it can be)."""
    return 200 * common / (query_length + common) + _ROUNDING


def _highest_reaching(planes: Sequence[int], most: int, count: int) -> int:
    """The highest value up to `most` that `count` of the bit-sliced numbers reach, or 0."""
    low, high = 0, most  # reached by `count`: low (0 by all), maybe high
    while low < high:
        middle = (low + high + 1) // 2
        if _at_least(planes, middle).bit_count() >= count:
            low = middle
        else:
            high = middle - 1
    return low


def _at_least(planes: Sequence[int], value: int) -> int:
    """The phrases whose bit-sliced number (bit j of it in planes[j]) is at least `value`
    (1 or more)."""
    if value >= 1 << len(planes):
        return 0
    greater = 0
    equal = -1  # every phrase; a value of 1 or more leaves only phrases' bits
    for j in range(len(planes) - 1, -1, -1):
        if value >> j & 1:
            equal &= planes[j]
        else:
            greater |= equal & planes[j]
            equal &= ~planes[j]
    return greater | equal


class WordEvidence:
    """Multinomial naive Bayes over words and adjacent word pairs, trained on the phrases."""

    def __init__(self, labelled: Iterable[tuple[str, tuple[str, ...]]], alpha: float = 0.3):
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        documents: Counter[str] = Counter()
        for label, tokens in labelled:
            counts[label].update(_features(tokens))
            documents[label] += 1
        vocabulary = {f for counter in counts.values() for f in counter}
        self.labels = sorted(counts)
        total_documents = sum(documents.values())
        log_prob: dict[str, dict[str, float]] = defaultdict(dict)
        unseen: dict[str, float] = {}
        for label in self.labels:
            total = sum(counts[label].values()) + alpha * (len(vocabulary) + 1)
            unseen[label] = math.log(alpha / total)
            # A feature the label never has scores log(alpha / total), the same as an unseen
            # one.
            for feature, count in counts[label].items():
                log_prob[feature][label] = math.log((count + alpha) / total)
        # Per feature one row of log probabilities in `labels` order, so a message's scores
        # are a few element-wise sums in C rather than a loop over every label per word.
        self._rows = {
            feature: tuple(per_label.get(label, unseen[label]) for label in self.labels)
            for feature, per_label in log_prob.items()
        }
        self._prior_row = tuple(
            math.log(documents[label] / total_documents) for label in self.labels
        )

    def knows(self, word: str) -> bool:
        """Whether the word is in any training phrase."""
        return word in self._rows

    def probabilities(self, tokens: Sequence[str]) -> dict[str, float]:
        """P(label | words), ignoring words never seen in training."""
        scores = self._prior_row
        rows = self._rows
        for feature in _features(tokens):
            row = rows.get(feature)
            if row is not None:
                scores = tuple(map(add, scores, row))
        top = max(scores)
        exp = [math.exp(score - top) for score in scores]
        total = sum(exp)
        return {label: value / total for label, value in zip(self.labels, exp, strict=True)}


def _features(tokens: Sequence[str]) -> list[str]:
    return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]
