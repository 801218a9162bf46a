"""Which facts answer a question: ranked over the whole knowledge base, not one aspect.

A fact scores for the topics it is filed under (its feature cell or `topics` tags), for the
aspect it sits in, and for the question's own words found in its text, each word weighted by
how rare it is across the facts (so "admin" counts for much, "the" for nothing).
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.answers.repeats import near_repeat
from intents.normalize import (
    code_names,
    is_code_name,
    is_number,
    normalize,
    one_word_names,
    with_tails,
)
from intents.spelling import lengths_within
from knowledge import Fact, KnowledgeBase
from knowledge.base import facts_of

# For being filed under a topic asked (chosen on the probes, 3,142: 1.5 1,986, 2.0 1,987,
# 2.25 and 2.5 1,986, 3.0 1,982; below 2.5 an aspect's weight lifts an off-topic fact over
# the advice asked for): enough to put the topic's facts first, not so much that a fact on
# it sharing little of the question beats one a little off it sharing much more.
TOPIC_WEIGHT = 2.5
FIRST_TOPIC_BONUS = 0.5
ASPECT_WEIGHT = 0.5
WORDS_WEIGHT = 10.0
# For having all the question's adjacent word pairs ("select related") side by side too,
# when a question on no topic is matched by its words alone.
PAIRS_WEIGHT = 1.0
# For being of a kind of fact a question's form asks for: advice, when it asks whether to
# do something ("good idea?"); a date or a length of time, when it asks when or how long
# ("how long will django 6.1 get fixes?": the dates of its support, not the fixes in 6.1.3;
# chosen on the probes: 1.0 967, 2.0 969 and 3.5 968 of 1,688, 967 without); the newest
# release, when it asks for the latest version (1.0: +1 -1 of 3,557; 2.0: -3).
KIND_WEIGHTS = {
    "advice": 0.5,
    "time": 2.0,
    "change": 1.0,
    "default": 0.5,
    "latest": 1.0,
    "maintained": 1.0,
}
ADVICE = "advice"
# Kinds of fact that answer the question asking for them whatever topic it is read on: the
# newest release, whether it is maintained.
ANSWERING_KINDS = frozenset({"latest", "maintained"})
# For naming the version ("4.2") a question names.
VERSION_WEIGHT = 0.5
# A code name asked that a fact writes too ("_request_ctx_stack"), if at most this many
# facts of the framework write it (a common one, "manage.py", tells none apart).
CODE_NAME_WEIGHT = 2.0
MAX_CODE_NAME_FACTS = 6
# For answering the topic asked first in general (a fact that `leads` it): enough to open
# an answer when the question's words tell the topic's facts apart no further.
LEAD_WEIGHT = 0.5
# A fact moves up a list kept in its own order (an aspect's) for the question's words only
# when it shares this share of their weight (chosen on the probes: 0.1 854, 0.2 857, 0.25
# 858, 0.3 857 and 0.4 856 of 1,451 against 854 for any word shared).
REORDER_SHARE = 0.25
# The fact that shares most of the question's own words, ranked by them alone, takes this
# place among a topic's facts (after the best on the topic) when it is not shown already
# and scores at least this share of WORDS_WEIGHT: the topics read can miss what a question
# is about ("uvicorn + gunicorn for django"; an error it quotes). Chosen on the probes
# (3,401; 2,243 without): place 0 at 0.5 2,249, at 0.4 2,254; place 1 at 0.4 2,259, at
# 0.3 2,262, at 0.25 2,267, at 0.2 2,264; place 2 at 0.3 2,262.
WORDS_BEST_SHARE = 0.25
WORDS_BEST_PLACE = 1
# A fact must share at least this much with the question to be called relevant at all.
MIN_SCORE = 0.5
# A word in this share of the facts or more is too common to make a fact a candidate.
COMMON_SHARE = 0.1
# With no topic to go on, a fact answers only with this share of the question's content,
# and with at least this many of its words (or all, when it has fewer).
STRONG_SHARE = 0.5
# ... or, with less, when it is this far ahead of the next fact.
CLEAR_SHARE = 0.35
CLEAR_LEAD = 1.25
MIN_SHARED_WORDS = 2
# Shortest root a suffix is taken from ("uses" stays, "tests" -> "test").
MIN_STEM = 3
# Word weights are kept as whole millionths (see FactIndex._weight).
WEIGHT_SCALE = 1_000_000
# How many of the best facts a ranking keeps: more than any answer reads.
RANKED_KEPT = 40
# A question asking for several kinds of fact ("how far behind current are we, and what was
# the big breaking change?": the newest release and a change) has the best of each kind
# among this many first.
KINDS_SHOWN = 3
# The topics a question asks about first: its answer is drawn from the facts on these.
TOPICS_ANSWERED = 2
# How much a word's spread over many topics damps its weight (chosen on the probes: 0.25
# and 0.5 answered 730 of 1,213 against 726 undamped, both halves of the files up; 1.0 723).
SPREAD = 0.25
# What a word of a question a fact answers (its `asked`) weighs against a word of its text
# (chosen on the probes, two questions a fact, before the gate in `_ranked`: 0.3 771, 0.6
# 776, 1.0 782, 1.5 768 and 2.0 756 of 1,313; 772 without them): as much, since both say
# what the fact is about.
ASKED_SHARE = 1.0
# A question put nearly as one a fact answers is put (rapidfuzz's token_set_ratio of the two
# at least ASKED_LIKE: every word of the one asked in it, give or take a word) lifts that fact
# by up to ASKED_LIKE_WEIGHT, among the best ASKED_LIKE_READ. Chosen on the probes (1,876),
# against the questions as written: 1,109 without; weight 1.0 at 75 or 80 1,114, at 85
# 1,110; 2.0 at 80 1,109; 0.5 at 80 1,110; token_sort_ratio or ratio at 60 no change; the
# best 10 or 20 read, the same as 40. Normalised as here, 1,116; with most of the words
# asked in the question too (ASKED_WORDS_SAID), 1,116 at 0.5 and 0.6, 1,117 at 0.7, 1,114
# at 0.75, 1,109 at 0.8. With three questions a fact (3,361 probes): 1.0 at 80 2,147, at 75
# 2,147, at 85 2,141; 0.5 2,141; 1.5 2,149; 2.0 and 3.0 2,151 (+7 -3): 2.0.
ASKED_LIKE = 80
ASKED_WORDS_SAID = 0.7
ASKED_LIKE_WEIGHT = 2.0
ASKED_LIKE_READ = 10
# A word no fact has is read as the fact word it is this similar to ("concurent"), if any;
# shorter words are too easily another word, and a long post's many unknown words
# (identifiers, names) are looked up only up to a limit, to keep a reply fast.
MIN_CORRECTED_LENGTH = 5
CORRECTION_CUTOFF = 85
MAX_CORRECTED = 6
# The bits of the Bloom filter of the words of the questions a fact answers (`_Indexed`):
# with some 30 words a fact, one word in 18 not among them still finds its bit set.
ASKED_BITS = 512


_VOWELS = "aeiou"
# Plurals that add "es" (the rest add "s": "cores", "caches", "routes").
_ES_AFTER = ("x", "z", "ch", "sh", "ss")


@functools.lru_cache(maxsize=16384)  # a pure function of a small vocabulary
def stem(word: str) -> str:
    """A word without its inflection, so "pinning" finds "pin" and "workers" "worker": a few
    English suffix rules, enough for matching a question's words to a fact's."""
    if len(word) > MIN_STEM + 1 and word.endswith("ies"):
        return word[:-2]  # "batteries", "queries" -> "batteri", "queri", as their singulars
    if len(word) > MIN_STEM and (
        (word.endswith("y") and word[-2] not in _VOWELS) or word.endswith("ie")
    ):
        # "battery", "query", "cookie": a final y or ie is read as i, so a plural in "ies"
        # ("batteries", "cookies") finds its singular and the singular its plural.
        return word[:-2] + "i" if word.endswith("ie") else word[:-1] + "i"
    noun = word[:-1] if word.endswith("ations") else word
    if len(noun) > MIN_STEM + 5 and noun.endswith("ation"):
        # "deprecation", "validations" -> "deprecat", "validat", as "deprecated" is
        return noun[:-3]
    for suffix in ("ing", "ed", "es", "s"):
        root = word[: -len(suffix)]
        # The "s" of "class" or "bases" is not a plural's; "accessing" and "classes" are
        # "access" and "class" inflected.
        not_a_plural = root.endswith("s") and (suffix == "s" or not root.endswith("ss"))
        if (
            word.endswith(suffix)
            and len(root) >= MIN_STEM
            and not (suffix in ("es", "s") and not_a_plural)
        ):
            if suffix == "es" and not root.endswith(_ES_AFTER):
                return word[:-1]  # "cores" -> "core", but "matches" -> "match"
            if len(root) > MIN_STEM and root[-1] == root[-2] and root[-1] not in "lsz":
                root = root[:-1]  # "pinn" -> "pin"
            return root
    return word


@dataclass(frozen=True, slots=True)
class _Postings:
    """One framework's entry positions by topic, topic led, aspect, word of the text and
    word of the questions it answers. (One map per kind: keys like "w:<word>" made tens of
    thousands of extra strings at start-up.) And, by position, the entries' file order,
    words and kinds, which `_ranked` reads for each of its hundreds of candidates (as list
    items, not attributes of the entries, a sixth of its time less)."""

    topics: dict[str, list[int]] = field(default_factory=dict)
    leads: dict[str, list[int]] = field(default_factory=dict)
    aspects: dict[str, frozenset[int]] = field(default_factory=dict)
    words: dict[str, list[int]] = field(default_factory=dict)
    asked: dict[str, list[int]] = field(default_factory=dict)
    code_names: dict[str, list[int]] = field(default_factory=dict)
    answering: dict[str, list[int]] = field(default_factory=dict)
    orders: list[int] = field(default_factory=list)
    words_of: list[frozenset[str]] = field(default_factory=list)
    kinds_of: list[frozenset[str]] = field(default_factory=list)

    def answering_any(self, kinds: Collection[str]) -> frozenset[int]:
        """The entries that answer a question asking for these kinds of fact, whatever
        topic it is read on (`ANSWERING_KINDS`)."""
        return frozenset().union(*(self.answering.get(k, ()) for k in kinds))


def _postings(entries: list[_Indexed], dated: frozenset[str]) -> _Postings:
    """The postings of one framework's entries; `dated`: the topics of its releases and
    support, whose facts of an `ANSWERING_KINDS` kind answer a question asking for it."""
    postings = _Postings(
        orders=[e.order for e in entries],
        words_of=[e.words for e in entries],
        kinds_of=[e.kinds for e in entries],
    )
    aspects: dict[str, list[int]] = {}
    for position, entry in enumerate(entries):
        for kind, keys in (
            (postings.topics, entry.topics),
            (postings.leads, entry.leads),
            (postings.words, entry.words),
            (postings.asked, entry.asked_words),
            (postings.code_names, entry.code_names),
            (postings.answering, entry.kinds & ANSWERING_KINDS if entry.topics & dated else ()),
        ):
            for key in keys:
                kind.setdefault(key, []).append(position)
        if entry.aspect is not None:
            aspects.setdefault(entry.aspect, []).append(position)
    postings.aspects.update((aspect, frozenset(at)) for aspect, at in aspects.items())
    return postings


def _naming_in_code(postings: _Postings, question_words: Sequence[str]) -> frozenset[int]:
    """The entries writing a code name the question writes that few facts do
    ("_request_ctx_stack"): it names the point more surely than the words, on the topics
    asked or not."""
    naming: set[int] = set()
    for name in with_tails(filter(is_code_name, question_words)):
        having = postings.code_names.get(name, ())
        if len(having) <= MAX_CODE_NAME_FACTS:
            naming.update(having)
    return frozenset(naming)


def _with_leading_paths(names: Iterable[str]) -> frozenset[str]:
    """Code names and the paths they start with ("django.conf.urls.url": also
    "django.conf.urls" and "django.conf"; "_app_ctx_stack.top": "_app_ctx_stack"): a
    question names a module as often as a name in it."""
    found: set[str] = set()
    for name in names:
        parts = name.split(".")
        leading = (".".join(parts[:n]) for n in range(1, len(parts) + 1))
        found.update(path for path in leading if is_code_name(path))
    return frozenset(found)


def _best_grouped(scored: list[tuple[float, int, str, Fact]], limit: int) -> dict[str, list[Fact]]:
    """The `limit` best of (score, framework order, framework, fact), grouped by framework,
    the framework of the best fact first."""
    scored.sort(key=lambda s: (-s[0], s[1]))
    grouped: dict[str, list[Fact]] = {}
    for _, _, framework_id, fact in scored[:limit]:
        grouped.setdefault(framework_id, []).append(fact)
    return grouped


def _pairs(stems: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset(itertools.pairwise(stems))


# A fact's adjacent word pairs are kept as one string, each pair between two of these: a
# set of tuples per fact took 4.5 MB of a build's peak memory for 1,900 facts.
_PAIR_MARK = "\x00"
# One empty set for every fact with no question words of its own beyond its text.
_NOTHING: frozenset[str] = frozenset()


def _pairs_text(stems: Sequence[str]) -> str:
    """All adjacent pairs of words in one string, each pair found as its `_pair_key`."""
    return (
        _PAIR_MARK + _PAIR_MARK.join(f"{a} {b}" for a, b in itertools.pairwise(stems)) + _PAIR_MARK
    )


def _pair_key(pair: tuple[str, str]) -> str:
    return f"{_PAIR_MARK}{pair[0]} {pair[1]}{_PAIR_MARK}"


@dataclass(frozen=True)
class _Indexed:
    fact: Fact
    topics: frozenset[str]
    aspect: str | None
    words: frozenset[str]
    order: int
    # Adjacent words ("response model"): a phrase shared is stronger than its words apart.
    pairs: str = ""
    # The kinds of fact it is (`KIND_WEIGHTS`): says what to do or not to do ("not intended
    # for", "recommends"), for advice asked; states a date or a length of time.
    kinds: frozenset[str] = frozenset()
    # The topics it answers in general (the fact's `leads`).
    leads: frozenset[str] = frozenset()
    # Words of the questions it answers (its `asked`) that its text does not use.
    asked_words: frozenset[str] = frozenset()
    # Those questions, normalised as a question is.
    asked_texts: tuple[str, ...] = ()
    # The code names its text writes ("_request_ctx_stack", "django.conf.urls.url" and
    # the paths it starts with), lowercase.
    code_names: frozenset[str] = frozenset()
    # The words of `asked_texts` as a Bloom filter (`_word_bit`), and the fewest distinct
    # words of them a question must have for any one of those questions to pass the words
    # gate of `_asked_like`: `_asked_lift` skips at once a fact whose questions share too
    # few of the question's words, as nearly all do. (A set of their words per fact took
    # 6 MB of fwbot ask's peak memory, one string of them 0.8 MB; this, about 0.25 MB.)
    asked_bits: int = field(init=False, default=0)
    asked_least: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        # Derived here, so a copy with other questions (`dataclasses.replace`) has its own.
        said = [asked.split() for asked in self.asked_texts]
        if said:
            bits = _words_bits({word for words in said for word in words})
            object.__setattr__(self, "asked_bits", bits)
            object.__setattr__(self, "asked_least", min(map(_distinct_needed, said)))


def _word_bit(word: str) -> int:
    """The word's bit of ASKED_BITS, the same in every process (a pickled brain keeps the
    bits it was built with; `hash` differs between processes)."""
    return 1 << (zlib.crc32(word.encode()) % ASKED_BITS)


def _words_bits(words: Iterable[str]) -> int:
    return functools.reduce(operator.or_, map(_word_bit, words), 0)


def _distinct_needed(said: Sequence[str]) -> float:
    """The fewest distinct words of `said` a question can have and still pass the words gate
    of `_asked_like`: each word said twice counts twice there."""
    return ASKED_WORDS_SAID * len(said) - (len(said) - len(set(said)))


def _any_phrase(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern for any of the phrases as whole words of normalised text (one pass over
    a fact, not one per phrase); None for no phrases."""
    spelled = sorted({" ".join(t) for p in phrases if (t := normalize(p).tokens)}, key=len)
    if not spelled:
        return None
    alternatives = "|".join(re.escape(p) for p in reversed(spelled))
    return re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)")


class FactIndex:
    """Every fact of every framework, with its topics, aspect and words, built once."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        function_words: frozenset[str] = frozenset(),
        short_forms: Mapping[str, str] | None = None,
        kinds_given: Mapping[str, Sequence[str]] | None = None,
        kinds_asked: Callable[[Sequence[str]], Collection[str]] | None = None,
        how_asked: frozenset[str] = frozenset(),
        versioned_names: frozenset[str] = frozenset(),
    ) -> None:
        """`kinds_given`: per kind of fact (`KIND_WEIGHTS`), the phrases of a fact of that
        kind; `kinds_asked`: the kinds a question's normalised words ask for (its question
        forms, "advice" for "good idea?");
        `how_asked`: words that say how a question is put ("work", "support", "need"),
        which choose no fact ("which python does it work with" is not about a fact that
        says something "still worked"); `versioned_names`: names whose version numbers are
        theirs ("Starlette 1.0"), kept apart from the same numbers of ours ("FastAPI
        1.0")."""
        self.kb = kb
        self.versioned_names = versioned_names
        # Our frameworks' names of one word ("fastapi", "djnago"): a number after one is
        # that framework's own.
        self._our_names = one_word_names(
            name for f in kb.frameworks.values() for name in (f.id, f.name, *f.aliases)
        )
        self.function_words = function_words
        self.how_asked = how_asked
        self.short_forms = dict(short_forms or {})
        self._kinds_asked = kinds_asked
        kind_phrases = {
            kind: pattern
            for kind, phrases in (kinds_given or {}).items()
            if kind in KIND_WEIGHTS and (pattern := _any_phrase(phrases)) is not None
        }
        self._by_framework: dict[str, list[_Indexed]] = {}
        # Which entries carry each topic, aspect and word: a question scores only those.
        self._postings: dict[str, _Postings] = {}
        document_frequency: Counter[str] = Counter()
        text_words: set[str] = set()
        # Facts filed under the same topics share one set of them (most share a few sets).
        same: dict[frozenset[str], frozenset[str]] = {}
        same_kinds: dict[frozenset[str], frozenset[str]] = {}
        dated = frozenset(t for t, topic in kb.topics.items() if topic.dated)
        for framework in kb.frameworks.values():
            aspect_of = {id(f): a for a, facts in framework.aspects.items() for f in facts}
            # Where scores tie, a framework's current status comes before its history.
            current = {id(f) for f in framework.current}
            feature_of = {id(cell): t for t, cell in framework.features.items()}
            entries: list[_Indexed] = []
            for order, fact in enumerate(dict.fromkeys(facts_of(framework))):
                topics = set(fact.topics)
                if id(fact) in feature_of:
                    topics.add(feature_of[id(fact)])
                tokens = normalize(fact.text).tokens
                stems = self._stems(tokens)
                words = frozenset(stems)
                # The questions a fact answers find it in their askers' words too, and are
                # kept whole for the lift (`_lifting_questions_asked`): each normalised once.
                asked = [normalize(question) for question in fact.asked]
                asked_words = (
                    frozenset(self._stems([t for q in asked for t in q.tokens])) - words
                    if asked
                    else _NOTHING
                )
                document_frequency.update(words | asked_words)
                text_words.update(words)
                rank = order - (10_000 if id(fact) in current else 0)
                aspect = aspect_of.get(id(fact))
                if aspect is None and id(fact) in feature_of:
                    # a cell is filed under its topic, and so under the topic's aspect
                    aspect = kb.topics[feature_of[id(fact)]].aspect
                spaced = " ".join(tokens)
                kinds = frozenset(k for k, phrase in kind_phrases.items() if phrase.search(spaced))
                entries.append(
                    _Indexed(
                        fact,
                        same.setdefault(frozenset(topics), frozenset(topics)),
                        aspect,
                        words,
                        rank,
                        _pairs_text(stems),
                        same_kinds.setdefault(kinds, kinds),
                        same.setdefault(frozenset(fact.leads), frozenset(fact.leads)),
                        asked_words or _NOTHING,
                        tuple(q.text for q in asked),
                        _with_leading_paths(with_tails(code_names(fact.text))) or _NOTHING,
                    )
                )
            self._by_framework[framework.id] = entries
            self._postings[framework.id] = _postings(entries, dated)
        self._index_by_identity()
        # Words only the questions facts answer use: no fact says them.
        self._only_asked = frozenset(document_frequency.keys() - text_words)
        # Fact words by length: a word within the cutoff is at most a few letters longer
        # or shorter, so a misspelt word is compared with those only.
        # (the words of the facts' texts: the questions they answer add everyday words that
        # would only slow the look-up down)
        self._by_length: dict[int, list[str]] = {}
        for word in document_frequency:
            if word in text_words and len(word) >= MIN_CORRECTED_LENGTH and not is_number(word):
                self._by_length.setdefault(len(word), []).append(word)
        total = max(1, sum(len(e) for e in self._by_framework.values()))
        self._idf = {w: math.log(1 + total / n) for w, n in document_frequency.items()}
        # The same weights as whole numbers (in millionths): a sum of them is exact whatever
        # order a set gives the words in, so equal scores stay equal from one process to the
        # next (set order depends on the hash seed), and it is cheaper than math.fsum.
        # A word found in facts on many topics ("show", "days") tells a fact apart less than
        # one as rare that belongs to one topic ("csrf"): its weight is damped by the spread.
        spread = self._topics_per_word()
        self._weight = {
            w: round(idf * WEIGHT_SCALE / (1 + SPREAD * math.log1p(spread[w])))
            for w, idf in self._idf.items()
        }
        # Words in a tenth of the facts or more ("django", "run"): they still count in a
        # candidate's score, but do not make every fact that has them a candidate.
        self._common = frozenset(
            w for w, n in document_frequency.items() if n >= COMMON_SHARE * total
        )

    def _topics_per_word(self) -> dict[str, int]:
        """How many topics the facts with each word are filed under: each topic one bit of
        a number per word (an int per word, not a set, keeps a build's peak memory low)."""
        bit: dict[str, int] = {}
        masks: dict[str, int] = {}
        for entries in self._by_framework.values():
            for entry in entries:
                mask = 0
                for topic in entry.topics:
                    mask |= bit.setdefault(topic, 1 << len(bit))
                for word in entry.words | entry.asked_words:
                    masks[word] = masks.get(word, 0) | mask
        return {w: m.bit_count() for w, m in masks.items()}

    def _index_by_identity(self) -> None:
        """Maps from each fact object (its id: facts are unhashable models) to what is known
        of it, for ordering a list of facts the composers already hold."""
        entries = [e for framework in self._by_framework.values() for e in framework]
        self._kinds_of = {id(e.fact): e.kinds for e in entries if e.kinds}
        self._words_of = {id(e.fact): e.words for e in entries}
        self._topics_of = {id(e.fact): e.topics for e in entries}

    def filed_under(self, fact: Fact, topic_id: str) -> bool:
        """Whether a fact is filed under a topic (where it sits or by its `topics` tag)."""
        return topic_id in self._topics_of.get(id(fact), ())

    def __getstate__(self) -> dict[str, object]:
        # Ids are not kept across processes: the maps keyed by them are built again.
        return {
            k: v
            for k, v in self.__dict__.items()
            if k not in ("_kinds_of", "_words_of", "_topics_of")
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._index_by_identity()

    def relevant_on_topics(
        self,
        framework_id: str,
        question_words: Sequence[str],
        topics: Sequence[str],
        *,
        aspect: str | None = None,
        limit: int = 3,
        exclude: Collection[Fact] = (),
    ) -> list[Fact]:
        """Of the facts filed under one of the first two topics (a feature cell or a `topics`
        tag), or filed elsewhere but saying much of what is asked (`_candidates`), and not
        in `exclude`, the `limit` that best answer the question, best first."""
        ranked = self._on_topic(
            framework_id,
            question_words,
            topics,
            aspect,
            limit=limit,
            exclude=exclude,
            best_by_words=True,
        )
        return [fact for fact, _ in ranked]

    def tells_apart(
        self, framework_id: str, question_words: Sequence[str], topics: Sequence[str], count: int
    ) -> bool:
        """Whether the question's words rank the best of the facts on its topics above the
        `count`-th best: the same score all the way down says they tell them apart not at all."""
        ranked = self._on_topic(framework_id, question_words, topics, None, limit=count)
        return len(ranked) < count or ranked[0][1] > ranked[-1][1]

    def relevant_across(
        self,
        framework_ids: Sequence[str],
        question_words: Sequence[str],
        topics: Sequence[str],
        *,
        aspect: str | None = None,
        limit: int = 4,
    ) -> dict[str, list[Fact]]:
        """For a question that names no framework: the `limit` best facts on its topics
        over all these frameworks together, grouped by framework (the framework of the best
        fact first), so a framework with nothing close to the question gets no space."""
        scored = [
            (score, order, framework_id, fact)
            for order, framework_id in enumerate(framework_ids)
            for fact, score in self._on_topic(
                framework_id, question_words, topics, aspect, limit=limit
            )
        ]
        return _best_grouped(scored, limit)

    def matching_words(
        self,
        framework_ids: Sequence[str],
        content_words: Sequence[str],
        *,
        limit: int = 3,
        quoted: Sequence[str] = (),
        share: float = STRONG_SHARE,
    ) -> dict[str, list[Fact]]:
        """For a question on no known topic ("what is OAuth2PasswordBearer?"): the facts
        that hold at least half the weight of its content words (the words that are not
        how a question is put), at most `limit` over these frameworks, grouped by framework
        (the framework of the best fact first). Empty when nothing matches that well."""
        strong = WORDS_WEIGHT * share
        said = set(self._question_stems(tuple(content_words)))
        if all(_is_count(w) for w in said):
            # "what's 5 + 5": a bare number shared with a fact ("August 5") is a coincidence.
            return {}
        asked = said & self._idf.keys()
        # One rare word in common ("a blog with django, any tips?" and a fact whose example
        # says entry.blog_id) is a coincidence when the question has more to say, in words
        # the facts have or not ("tips").
        least = min(MIN_SHARED_WORDS, len(said))
        if quoted and asked & set(self._question_stems(tuple(quoted))):
            # ... unless it is the term the question quotes ("what is this 'battery'?").
            least = 1
        candidates = [
            (score, order, framework_id, entry.fact)
            for order, framework_id in enumerate(framework_ids)
            for score, entry in self._ranked(framework_id, tuple(content_words), (), None)
            if len(asked & entry.words) + len(asked & entry.asked_words) >= least
        ]
        scored = [c for c in candidates if c[0] >= strong]
        if not scored and candidates:
            # A long question says more than its point ("a couple of internal endpoints ...
            # but keep them working"): one fact well ahead of the rest on its rarer words
            # answers it still.
            candidates.sort(key=lambda s: (-s[0], s[1]))
            best = candidates[0][0]
            runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
            if best >= WORDS_WEIGHT * CLEAR_SHARE and best >= CLEAR_LEAD * runner_up:
                scored = candidates[:1]
        return _best_grouped(scored, limit)

    def known_share(self, content_words: Sequence[str]) -> float:
        """The share of a message's content words that some fact has (after spelling
        corrections): a remark mostly in words no fact has is not about what the facts say,
        however well its one known word matches."""
        distinct = set(self._question_stems(tuple(content_words)))
        known = (distinct & self._idf.keys()) - self._only_asked
        return len(known) / len(distinct) if distinct else 0.0

    def in_word_order(
        self, framework_id: str, question_words: Sequence[str], facts: Sequence[Fact]
    ) -> list[Fact]:
        """`facts` (one framework's) with those sharing the question's rarest words first;
        the rest keep their order. An aspect's list is in file order, which says nothing of
        what a question on it asks ("what security does django give me out of the box?")."""
        asked, total, _, kinds_asked, _ = self._asked(tuple(question_words))
        asked -= self._common  # words in a tenth of the facts or more tell none apart
        if not asked and not kinds_asked:
            return list(facts)
        # A word or two a long post shares with a fact by chance ("after all the
        # conversations" and a fact on the session "after a test request") moves it no
        # further up than the list's own order.
        least = REORDER_SHARE * total

        def weight(fact: Fact) -> tuple[bool, float]:
            # (most facts share none of the words: told by one look-up, not a sum)
            words = self._words_of.get(id(fact), frozenset())
            found = 0 if asked.isdisjoint(words) else sum(self._weight[w] for w in asked & words)
            of_kind = bool(kinds_asked) and not kinds_asked.isdisjoint(
                self._kinds_of.get(id(fact), ())
            )
            return of_kind, found if found >= least else 0

        return sorted(facts, key=weight, reverse=True)  # stable: ties keep file order

    def shares_rarer_words(self, question_words: Sequence[str], fact: Fact) -> bool:
        """Whether a fact's text has a word of the question's that is not among the most
        common ("django", "use")."""
        asked = self._asked(tuple(question_words))[0] - self._common
        return not asked.isdisjoint(self._words_of.get(id(fact), frozenset()))

    def word_weights(self, words: Sequence[str]) -> dict[str, int]:
        """Words as the index keeps them (stemmed, spelling corrected, without the words of
        how a question is put), each with its weight; words no fact has are left out."""
        asked = self._asked(tuple(words))[0]  # cached: the ranking reads the same words
        return {w: self._weight[w] for w in asked}

    def asks_advice(self, question_words: Sequence[str]) -> bool:
        """Whether the question asks whether to do something ("ok to leave debug on?")."""
        return ADVICE in self._asked(tuple(question_words))[3]

    def _on_topic(
        self,
        framework_id: str,
        question_words: Sequence[str],
        topics: Sequence[str],
        aspect: str | None,
        *,
        limit: int,
        exclude: Collection[Fact] = (),
        best_by_words: bool = False,
    ) -> list[tuple[Fact, float]]:
        """The best facts on the first two topics (or saying much of what is asked), with
        their scores. `best_by_words`: with the one that shares most of the question's words
        among them (`_with_best_by_words`)."""
        if not topics:  # with none, `_ranked` would rank facts by their words alone
            return []
        ranked = self._ranked(framework_id, tuple(question_words), tuple(topics), aspect)
        if best_by_words:
            ranked = self._with_best_by_words(framework_id, tuple(question_words), ranked, limit)
        # A fact that says again what one chosen (or shown already) says is not chosen.
        said = [self._words_of.get(id(f), frozenset()) for f in exclude]
        on_topic: list[tuple[Fact, float]] = []
        for score, entry in ranked:
            if entry.fact in exclude:
                continue
            if any(near_repeat(entry.words, earlier) for earlier in said):
                continue
            on_topic.append((entry.fact, score))
            said.append(entry.words)
            if len(on_topic) >= limit:
                break
        return on_topic[:limit]

    def _with_best_by_words(
        self,
        framework_id: str,
        question_words: tuple[str, ...],
        ranked: tuple[tuple[float, _Indexed], ...],
        limit: int,
    ) -> tuple[tuple[float, _Indexed], ...]:
        """The ranking with the fact that its words alone rank first at `WORDS_BEST_PLACE`,
        if it shares enough of them and is not among the `limit` shown already."""
        if not ranked:  # nothing on the topics asked: that gap is the answer
            return ranked
        found = self._best_by_words(framework_id, question_words)
        if found is None or found[0] < WORDS_WEIGHT * WORDS_BEST_SHARE:
            return ranked
        best = found[1]
        if any(entry is best for _, entry in ranked[:limit]):
            return ranked
        rest = [scored for scored in ranked if scored[1] is not best]
        # Scored as the fact it follows, for callers that compare scores.
        score = rest[0][0] if rest else found[0]
        return (*rest[:WORDS_BEST_PLACE], (score, best), *rest[WORDS_BEST_PLACE:])

    def _rare_word_weights(
        self, postings: _Postings, asked: frozenset[str]
    ) -> tuple[dict[int, int], dict[int, int]]:
        """Per entry, the weight of the question's rarer words its text has, and of those the
        questions it answers have (from the postings: short lists)."""
        shared_weight: dict[int, int] = {}
        asked_weight: dict[int, int] = {}
        for word in asked - self._common:
            weight = self._weight[word]
            for i in postings.words.get(word, ()):
                shared_weight[i] = shared_weight.get(i, 0) + weight
            # Only the rarer words of the questions facts answer count: the common ones
            # ("django", "use") told no fact apart and cost every candidate a look-up (one
            # probe of 1,313, and 0.1 ms of the full reply's p99).
            weight = round(ASKED_SHARE * weight)
            for i in postings.asked.get(word, ()):
                asked_weight[i] = asked_weight.get(i, 0) + weight
        return shared_weight, asked_weight

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one index per process, kept for its life
    def _best_by_words(
        self, framework_id: str, question_words: tuple[str, ...]
    ) -> tuple[float, _Indexed] | None:
        """The fact the question's words alone rank first, with its score, as `_ranked`
        with no topic scores it. Only the first is wanted: every fact sharing a rarer word
        gets the cheap part of its score, and only those that the rest (shared word pairs,
        the lift of a question put as one it answers) could still put first are scored in
        full (a full ranking by words cost the reply's p99 a third more)."""
        asked, weight, pairs, kinds_asked, asking = self._asked(question_words)
        weight_of = self._weight
        entries = self._by_framework.get(framework_id, [])
        postings = self._postings.get(framework_id) or _Postings()
        shared, asked_weight = self._rare_word_weights(postings, asked)
        for i, weight_asked in asked_weight.items():
            if i in shared:  # as in `_ranked`: once the text shares a rarer word
                shared[i] += weight_asked
        named_in_code = _naming_in_code(postings, question_words)
        common = [(w, weight_of[w]) for w in asked & self._common]
        versions = {w for w in asked if "." in w and is_number(w.rpartition(" ")[2])}
        words_factor = WORDS_WEIGHT / weight
        cheap: list[tuple[float, int, int]] = []
        orders, words_of, kinds_of = postings.orders, postings.words_of, postings.kinds_of
        for i in shared.keys() | named_in_code if named_in_code else shared:
            found = shared.get(i, 0)
            if common:
                words = words_of[i]
                for word, word_weight in common:
                    if word in words:
                        found += word_weight
            score = words_factor * found
            if kinds_asked and kinds_of[i]:
                score += sum(KIND_WEIGHTS[k] for k in kinds_asked & kinds_of[i])
            if versions and not versions.isdisjoint(words_of[i]):
                score += VERSION_WEIGHT
            if named_in_code and i in named_in_code:
                score += CODE_NAME_WEIGHT
            cheap.append((-score, orders[i], i))
        cheap.sort()
        pair_keys = [_pair_key(p) for p in pairs]
        best: tuple[float, int, _Indexed] | None = None
        for negative, order, i in cheap:
            if best is not None and -negative + PAIRS_WEIGHT + ASKED_LIKE_WEIGHT < best[0]:
                break
            entry = entries[i]
            score = -negative
            if pair_keys:
                score += _pairs_share(entry, pair_keys)
            if entry.asked_texts and (best is None or score + ASKED_LIKE_WEIGHT >= best[0]):
                lift = _asked_lift(asking, entry)
                if lift is not None:
                    score += lift
            if best is None or (score, -order) > (best[0], -best[1]):
                best = (score, order, entry)
        return (best[0], best[2]) if best is not None else None

    def _stems(
        self, tokens: Sequence[str], unmatched: Collection[str] = (), *, loose: bool = False
    ) -> list[str]:
        """Words as matched: short forms spelt out ("env": "environment"), then stemmed. A
        version number after another thing's name, or after one of its numbers ("Python
        3.11, 3.12 or 3.13"), is kept with the name: "is fastapi 1.0 out?" is not answered
        by Starlette's 1.0.0. Words in `unmatched` are left out but still own the numbers
        after them ("which python does it work with": "python" chooses no fact). `loose`
        (a question, worded more loosely than a fact): a number after no name may be that
        of any such name in it ("starlette went 1.0", "python version 3.6")."""
        stems: list[str] = []
        owner = ""
        after_ours = False
        named = [t for t in tokens if t in self.versioned_names] if loose else []
        for token in tokens:
            if token in self.function_words:
                continue  # "3.11, 3.12 or 3.13": the list keeps its owner
            word = self.short_forms.get(token, token)
            if is_number(word) and "." in word:
                versions = _shorter_versions(word)
                if owner:
                    stems += (f"{owner} {v}" for v in versions)
                else:
                    stems += versions
                    if not after_ours:
                        stems += (f"{name} {v}" for name in named for v in versions)
                continue
            owner = word if word in self.versioned_names else ""
            after_ours = word in self._our_names
            # (a word of how a question is put, inflected, is one still: "the team wants")
            if token not in unmatched and stem(token) not in unmatched:
                stems += (s for s in _shorter_versions(word) if s not in self.function_words)
        return stems

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one index per process, kept for its life
    def _question_stems(self, question_words: tuple[str, ...]) -> tuple[str, ...]:
        """A question's words as the facts' words are kept: without the words of how it is
        put, normalised, short forms spelt out, stemmed, misspellings corrected."""
        tokens = normalize(" ".join(question_words)).tokens
        return tuple(self._corrected(self._stems(tokens, self.how_asked, loose=True)))

    def _corrected(self, stems: list[str]) -> list[str]:
        """Misspelt words as the fact words they are closest to ("concurent" ->
        "concurrent"); known words, numbers and short words as they are."""
        unknown = [
            w
            for w in dict.fromkeys(stems)
            if w not in self._idf
            and len(w) >= MIN_CORRECTED_LENGTH
            and not is_number(w.rpartition(" ")[2])  # "3.15", "python 3.15"
        ]
        fixed = {w: self._nearest(w) for w in unknown[:MAX_CORRECTED]}
        return [fixed.get(w) or w for w in stems]

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one index per process, kept for its life
    def _nearest(self, word: str) -> str | None:
        candidates = self._near_in_length(len(word))
        found = process.extractOne(
            word, candidates, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF
        )
        return str(found[0]) if found else None

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one index per process, kept for its life
    def _near_in_length(self, length: int) -> list[str]:
        """The fact words at most two letters longer or shorter, of the lengths that can be
        within the cutoff of a word of this length that no fact has (`lengths_within`: a
        five-letter word is compared with those of four and six letters only), gathered
        once per length."""
        reachable = lengths_within(length, CORRECTION_CUTOFF)
        return [
            w
            for n in range(length - 2, length + 3)
            if n in reachable
            for w in self._by_length.get(n, ())
        ]

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one index per process, kept for its life
    def _asked(
        self, question_words: tuple[str, ...]
    ) -> tuple[frozenset[str], int, frozenset[tuple[str, str]], frozenset[str], _Asking]:
        """The question's words as the index knows them, their total weight, its adjacent
        word pairs, the kinds of fact it asks for, and the question as it is compared with
        those facts answer: worked out once per question, not once per framework."""
        stems = self._question_stems(question_words)
        # (a frozenset: the result is cached and shared, and `frozenset & dict.keys()` would
        # give a set, which one caller's `asked -= ...` changed for every later caller; built
        # from the few words asked, not by walking every word the facts have)
        asked = frozenset(w for w in stems if w in self._idf)
        tokens = normalize(" ".join(question_words)).tokens  # cached: as _question_stems read it
        kinds = self._kinds_asked(tokens) if self._kinds_asked is not None else ()
        kinds_asked = frozenset(kinds).intersection(KIND_WEIGHTS.keys())
        weight = sum(self._weight[w] for w in asked) or 1
        return asked, weight, _pairs(stems), kinds_asked, _Asking.of(" ".join(question_words))

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one index per process, kept for its life
    def _ranked(
        self,
        framework_id: str,
        question_words: tuple[str, ...],
        topics: tuple[str, ...],
        aspect: str | None,
    ) -> tuple[tuple[float, _Indexed], ...]:
        """The best `RANKED_KEPT` entries with their scores, best first (one answer ranks
        the same framework's facts for the same question several times: worked out once),
        of the `_candidates`."""
        asked, weight, pairs, kinds_asked, asking = self._asked(question_words)
        weight_of = self._weight
        entries = self._by_framework.get(framework_id, [])
        postings = self._postings.get(framework_id) or _Postings()
        candidates = self._candidates(postings, asked, topics, aspect)
        # "what's flask at now?" read on its versioning: the newest release answers it,
        # filed on whatever topic.
        answers_it = postings.answering_any(kinds_asked)
        if answers_it:
            candidates = sorted(answers_it.union(candidates))
        named_in_code = _naming_in_code(postings, question_words)
        if named_in_code:
            candidates = sorted(set(candidates) | named_in_code)
        # A version named ("django 4.2") is what the question is about.
        versions = {w for w in asked if "." in w and is_number(w.rpartition(" ")[2])}
        # The rarer words' weights are added up from their postings (short lists); only the
        # few common words asked are looked up fact by fact.
        common = [(w, weight_of[w]) for w in asked & self._common]
        shared_weight, asked_weight = self._rare_word_weights(postings, asked)
        static = _topic_scores(postings, topics, leads=not versions)
        # The questions a fact answers speak for it once it is on the topic asked or the
        # question's rarer words reach its text: with neither, their words are often a
        # coincidence ("who created ... and where did it come from?").
        found = dict(shared_weight)
        for i, weight_asked in asked_weight.items():
            if i in static or i in shared_weight:
                found[i] = found.get(i, 0) + weight_asked
        # (-score, file order, position): sorted as plain tuples, best first, ties in file order.
        scored: list[tuple[float, int, int]] = []
        words_factor = WORDS_WEIGHT / weight
        # With no topic, the words alone must tell facts apart: their pairs weigh in too.
        pair_keys = [] if topics else [_pair_key(p) for p in pairs]
        of_aspect = postings.aspects.get(aspect, frozenset()) if aspect is not None else ()
        static_score, found_weight = static.get, found.get
        orders, words_of, kinds_of = postings.orders, postings.words_of, postings.kinds_of
        least = WORDS_WEIGHT * CLEAR_SHARE
        for i in candidates:
            score = static_score(i, 0.0)
            if i in of_aspect:
                score += ASPECT_WEIGHT
            if kinds_asked and kinds_of[i]:
                score += sum(KIND_WEIGHTS[k] for k in kinds_asked & kinds_of[i])
            if versions and not versions.isdisjoint(words_of[i]):
                score += VERSION_WEIGHT
            shared = found_weight(i, 0)
            if common:
                words = words_of[i]
                for word, word_weight in common:
                    if word in words:
                        shared += word_weight
            score += words_factor * shared
            if named_in_code and i in named_in_code:
                score += CODE_NAME_WEIGHT
            elif topics and score < least and i not in static and i not in answers_it:
                continue  # off the topics, only a fact with much of what is asked competes
            if pair_keys:
                score += _pairs_share(entries[i], pair_keys)
            if score >= MIN_SCORE:
                scored.append((-score, orders[i], i))
        # Callers read the best few (a topic's answer, a strong match): only they are kept.
        # (a sort of a hundred tuples in C is quicker than heapq.nsmallest picking 40)
        scored.sort()
        ranked = _lifting_questions_asked(
            asking, [(-score, entries[i]) for score, _, i in scored[:RANKED_KEPT]]
        )
        if not (len(kinds_asked) > 1 or answers_it):
            return ranked
        return _each_kind_shown(
            ranked,
            ((-score, entries[i]) for score, _, i in scored[RANKED_KEPT:]),
            kinds_asked,
            {id(entries[i]) for i in answers_it},
        )

    def _candidates(
        self,
        postings: _Postings,
        asked: frozenset[str],
        topics: tuple[str, ...],
        aspect: str | None,
    ) -> list[int]:
        """The positions of the entries `_ranked` scores, in file order: with topics, those
        on the first `TOPICS_ANSWERED` and those sharing two of the question's rarer words;
        with none, those sharing a word with the question (or in its aspect)."""
        rare = asked - self._common
        lists: list[Collection[int]]
        if topics:
            lists = [postings.topics.get(t, ()) for t in topics[:TOPICS_ANSWERED]]
            # A fact filed elsewhere that has more of the question's rarer words competes
            # too, without the topic's weight ("flask sorts my json keys, can i keep my dict
            # order?" reads as on APIs; the fact on the JSON provider's sort_keys answers
            # it). Two words at least: one in common is often a coincidence ("equivalent").
            # (A question with fewer rarer words shares that many with no fact.)
            if len(rare) >= MIN_SHARED_WORDS:
                sharing = Counter(
                    itertools.chain.from_iterable(postings.words.get(w, ()) for w in rare)
                )
                lists.append([i for i, n in sharing.items() if n >= MIN_SHARED_WORDS])
        else:
            # (a fact only the questions it answers share words with is no candidate: their
            # words count once its own text shares the question's rarer words; nor is one
            # sharing only words in a tenth of the facts, "django" or "use": hundreds each,
            # and none of them ever scored enough to answer)
            lists = [postings.words.get(w, ()) for w in rare]
            if aspect:
                lists.append(postings.aspects.get(aspect, ()))
        return sorted(set().union(*lists))


def _topic_scores(postings: _Postings, topics: Sequence[str], *, leads: bool) -> dict[int, float]:
    """What is the same for many facts, added from postings: the weight of the topics asked
    each entry is on (each a multiple of a half, so the sums are exact in any order); with
    `leads`, of answering the first in general too (a version named is more specific)."""
    static: dict[int, float] = {}
    if topics:
        first_topic = topics[0]
        for topic in dict.fromkeys(topics):
            static.update(dict.fromkeys(postings.topics.get(topic, ()), TOPIC_WEIGHT))
        first = TOPIC_WEIGHT + FIRST_TOPIC_BONUS
        static.update(dict.fromkeys(postings.topics.get(first_topic, ()), first))
        if leads:
            for i in postings.leads.get(first_topic, ()):
                static[i] += LEAD_WEIGHT
    return static


def _lifting_questions_asked(
    asking: _Asking, ranked: list[tuple[float, _Indexed]]
) -> tuple[tuple[float, _Indexed], ...]:
    """The ranking with each of the best few facts lifted by how nearly the question is put
    as one it answers ("how often does django release a new version"): said so, it is the
    question that fact was written for, whatever other words a long question shares with
    the rest."""
    lifted = False
    for at, (score, entry) in enumerate(ranked[:ASKED_LIKE_READ]):
        if not entry.asked_texts:
            continue
        lift = _asked_lift(asking, entry)
        if lift is not None:
            ranked[at] = (score + lift, entry)
            lifted = True
    if lifted:
        ranked.sort(key=lambda scored: (-scored[0], scored[1].order))
    return tuple(ranked)


@dataclass(frozen=True, slots=True)
class _Asking:
    """A question as `_asked_lift` compares it with the questions facts answer."""

    text: str
    words: frozenset[str]
    # Its words' bits (`_word_bit`), and how many of its words share a bit with another:
    # the bits shared with an entry's `asked_bits`, plus those, are at least as many as
    # the words shared with its questions.
    bits: int
    collided: int

    @classmethod
    def of(cls, question: str) -> _Asking:
        words = frozenset(question.split())
        bits = _words_bits(words)
        return cls(question, words, bits, len(words) - bits.bit_count())


def _asked_lift(asking: _Asking, entry: _Indexed) -> float | None:
    """How much being put nearly as a question the entry answers lifts it; None when the
    question is not put so (`_asked_like` under ASKED_LIKE)."""
    if (entry.asked_bits & asking.bits).bit_count() + asking.collided < entry.asked_least:
        return None  # too few of the words of any question it answers for `_asked_like`
    question, words = asking.text, asking.words
    like = max(_asked_like(question, words, asked) for asked in entry.asked_texts)
    if like < ASKED_LIKE:
        return None
    return ASKED_LIKE_WEIGHT * (like - ASKED_LIKE) / (100 - ASKED_LIKE)


def _pairs_share(entry: _Indexed, pair_keys: Sequence[str]) -> float:
    """PAIRS_WEIGHT times the share of the question's adjacent word pairs the entry has."""
    shared_pairs = sum(map(entry.pairs.__contains__, pair_keys))
    return PAIRS_WEIGHT * shared_pairs / len(pair_keys)


def _asked_like(question: str, words: frozenset[str], asked: str) -> float:
    """How nearly `question` (its `words`) is put as `asked`, 0-100: rapidfuzz's
    token_set_ratio, once most of the words asked (ASKED_WORDS_SAID) are in the question.
    The ratio alone is as high for a question whose words are all in the one asked: "how do
    I add authentication?" is not "how do I add API key authentication?"."""
    said = asked.split()
    if sum(map(words.__contains__, said)) < ASKED_WORDS_SAID * len(said):
        return 0.0
    return fuzz.token_set_ratio(question, asked)


def _is_count(word: str) -> bool:
    """A whole number ("5"), not a version ("5.2")."""
    return is_number(word) and "." not in word


@functools.lru_cache(maxsize=16384)  # a pure function of a small vocabulary
def _shorter_versions(word: str) -> tuple[str, ...]:
    """A word as matched: stemmed, or a version with its shorter forms too ("3.1.3" is
    also "3.1": a question on Flask 3.1 is about its fix releases)."""
    if not is_number(word) or "." not in word:
        return (stem(word),)
    parts = word.split(".")
    return tuple(".".join(parts[:n]) for n in range(2, len(parts) + 1))


def _each_kind_shown(
    ranked: tuple[tuple[float, _Indexed], ...],
    beyond: Iterable[tuple[float, _Indexed]],
    kinds_asked: frozenset[str],
    answering: Collection[int],
) -> tuple[tuple[float, _Indexed], ...]:
    """The ranking with the best fact of each kind asked (in it or `beyond` it, the rest of
    the ranking, best first) moved up to the last of the first `KINDS_SHOWN` places when
    none there is of that kind; the rest keep their order. Of an `ANSWERING_KINDS` kind,
    only the entries that answer it (`answering`, by identity) count; any other kind only
    when more than one is asked (one alone weighs in the scores already)."""
    moved = list(ranked)
    rest = list(beyond)
    for kind in sorted(kinds_asked):
        answers = kind in ANSWERING_KINDS
        if not answers and len(kinds_asked) == 1:
            continue

        def of_kind(entry: _Indexed, kind: str = kind, answers: bool = answers) -> bool:
            return kind in entry.kinds and (not answers or id(entry) in answering)

        if any(of_kind(entry) for _, entry in moved[:KINDS_SHOWN]):
            continue
        at = next((i for i in range(KINDS_SHOWN, len(moved)) if of_kind(moved[i][1])), None)
        if at is not None:
            moved.insert(KINDS_SHOWN - 1, moved.pop(at))
        elif (found := next((e for e in rest if of_kind(e[1])), None)) is not None:
            moved.insert(KINDS_SHOWN - 1, found)
    return tuple(moved)
