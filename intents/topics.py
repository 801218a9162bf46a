"""Which topics of the knowledge base a message is about, from all the topic words in it.

A topic ("admin", "releases", "deployment") is named by words and phrases in `topics.yaml`.
Every occurrence counts, a longer phrase more than a single word, so a message about one
thing that mentions another in passing is read as being about the first.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from intents.normalize import is_number, normalize
from intents.phrase_scan import longest_from_each, longest_phrases
from knowledge import KnowledgeBase

MAX_PHRASE_WORDS = 5
# At most this many words between two frameworks' names for the words between them to name
# a topic of `between_frameworks` ("FastAPI [inside of a] Django project").
MAX_BETWEEN = 5
# "gunicorns" is a plural, "gis" or "ms" are not.
SHORTEST_PLURAL = 3
# What a topic named as the setting of another ("CSRF [on] form posts") weighs less: the
# other is what is asked about.
SETTING_DISCOUNT = 0.5
# A topic's weak words (figures of speech as often as the topic: "in prod", "going live")
# count half a word, once however many are said: the scene set twice is still the scene.
WEAK_HIT = 0.5
# At most this many words between a topic and the setting named after it ("on our django").
MAX_SETTING_GAP = 4


@dataclass(frozen=True)
class TopicHit:
    topic: str
    start: int
    words: int
    # Named by one of the topic's weak words (a figure of speech): weighs as one word.
    weak: bool = False


# The shortest phrase written as one word that still names its topic: shorter ones are
# everyday words ("setup", "backend").
MIN_JOINED_LENGTH = 8


class TopicSpotter:
    """Precomputes every topic phrase as normalised words once; `spot` is a few dict lookups."""

    def __init__(self, kb: KnowledgeBase, short_forms: Mapping[str, str] | None = None) -> None:
        # Short forms are read as spelt out, in the phrases and the messages alike ("which
        # dbs" is "which databases").
        self._spelt = dict(short_forms or {})
        self._phrases: dict[tuple[str, ...], list[str]] = {}
        # Each topic's words as written in its phrases (not its name), for telling what a
        # question says about a topic from what it says about the aspect.
        self.words_of: dict[str, frozenset[str]] = {}
        # Words that a version number after them makes a topic's ("python 3.15").
        self._numbered: dict[str, list[str]] = {}
        # One word a topic names only where it is written as code ("values()", "latest()":
        # a queryset method, "__year": a field lookup, where "values", "latest" and "year"
        # alone are everyday words), with the topics it names so.
        self._as_code: dict[tuple[str, ...], set[str]] = {}
        # One word a topic names only where it is written in capitals, as its words list
        # writes it ("DI": "di" is "of" in Italian and "in" in Indonesian).
        self._in_capitals: dict[tuple[str, ...], set[str]] = {}
        written_plainly: set[tuple[tuple[str, ...], str]] = set()
        written_in_lowercase: set[tuple[tuple[str, ...], str]] = set()
        # Phrases that name a topic only between two of our frameworks' names.
        self._between: dict[tuple[str, ...], list[str]] = {}
        # Each topic's weak words, as phrases ("under the hood").
        self._weak = {
            (self._spell(normalize(w).tokens), topic.id)
            for topic in kb.topics.values()
            for w in topic.weak_words
        }
        for topic in kb.topics.values():
            for phrase in topic.between_frameworks:
                tokens = self._spell(normalize(phrase).tokens)
                self._between.setdefault(tokens, []).append(topic.id)
            for word in topic.numbered:
                for token in self._spell(normalize(word).tokens):
                    self._numbered.setdefault(token, []).append(topic.id)
            name, *words = (normalize(s) for s in (topic.name, *topic.words))
            self.words_of[topic.id] = frozenset(w for n in words for w in n.tokens)
            for written in (name, *words):
                tokens = self._spell(written.tokens)
                if tokens and len(tokens) <= MAX_PHRASE_WORDS:
                    owners = self._phrases.setdefault(tokens, [])
                    if topic.id not in owners:
                        owners.append(topic.id)
                    if len(tokens) == 1 and written.as_code:
                        self._as_code.setdefault(tokens, set()).add(topic.id)
                    else:
                        written_plainly.add((tokens, topic.id))
                    if len(tokens) == 1 and written.capitals and written is not name:
                        self._in_capitals.setdefault(tokens, set()).add(topic.id)
                    else:
                        written_in_lowercase.add((tokens, topic.id))
        for tokens, topic_id in written_plainly:
            self._as_code.get(tokens, set()).discard(topic_id)
        for tokens, topic_id in written_in_lowercase:
            self._in_capitals.get(tokens, set()).discard(topic_id)
        # A phrase written as one word, as code names it ("BackgroundTasks", "StaticFiles",
        # "StreamingResponse"), names its topics too, where no phrase is that word already;
        # not one with a part of a single letter ("req/s" is no "requests").
        for tokens, owners in list(self._phrases.items()):
            joined = "".join(tokens)
            no_single_letters = all(len(t) > 1 for t in tokens)
            if (
                len(tokens) > 1
                and len(joined) >= MIN_JOINED_LENGTH
                and joined.isalpha()
                and no_single_letters
            ):
                self._phrases.setdefault((joined,), list(owners))
        self._starting = longest_from_each(self._phrases)

    def hits(
        self,
        tokens: Sequence[str],
        names: Collection[int] = (),
        as_code: Collection[int] = (),
        capitals: Collection[int] = (),
    ) -> list[TopicHit]:
        """Longest phrases first, left to right, no word used twice; and the phrases a
        framework's name splits ("connect [fastapi] to postgres", "run [flask] in
        production"), read with the names (`names`: their positions) left out. A word a
        topic names only as code or in capitals counts for it where it is written so (`as_code`,
        `capitals`: positions)."""
        tokens = self._spell(tokens)
        weak = self._weak
        found = [
            TopicHit(topic, start, words, (tuple(tokens[start : start + words]), topic) in weak)
            for start, words, owners in longest_phrases(
                tokens, self._owners, MAX_PHRASE_WORDS, self._longest_from
            )
            for topic in owners or ()
            if words > 1
            or (
                (start in as_code or topic not in self._only_as(self._as_code, tokens[start]))
                and (
                    start in capitals
                    or topic not in self._only_as(self._in_capitals, tokens[start])
                )
            )
        ]
        found += self._numbered_hits(tokens, {h.start for h in found})
        if not names:
            return found
        kept = [i for i in range(len(tokens)) if i not in names]
        rest = [tokens[i] for i in kept]
        split: list[TopicHit] = []
        used: set[int] = set()  # the words of the phrases the names split
        for start, words, owners in longest_phrases(
            rest, self._owners, MAX_PHRASE_WORDS, self._longest_from
        ):
            first, last = kept[start], kept[start + words - 1]
            if owners and any(first < i < last for i in names):
                split += [TopicHit(topic, first, last - first + 1) for topic in owners]
                used.update(kept[start : start + words])
        if not split:
            return found
        # No word used twice here either: "the migration from [django] to [fastapi]" is the
        # move, not also the "migration" of database migrations.
        plain = [h for h in found if used.isdisjoint(range(h.start, h.start + h.words))]
        return [*plain, *split]

    def between_hits(
        self,
        tokens: Sequence[str],
        names: Sequence[tuple[int, int, str]],
        set_apart: Callable[[Sequence[str], int, int], bool],
    ) -> list[TopicHit]:
        """Topics named by the words between two different frameworks' names (`names`:
        start, end and framework of each), a hit spanning both names: the two together are
        what it is about ("[FastAPI inside of a Django] project"), unless `set_apart` (the
        tokens, where the first name starts and the second) says the words around them set
        one against the other ("compare django with fastapi")."""
        tokens = self._spell(tokens)
        found = []
        for (begin, end, first), (start, finish, second) in itertools.pairwise(sorted(names)):
            if first == second or start - end > MAX_BETWEEN or set_apart(tokens, begin, start):
                continue
            gap = tokens[end:start]
            topics = {
                topic
                for _, _, owners in longest_phrases(gap, self._between.get, MAX_PHRASE_WORDS)
                for topic in owners or ()
            }
            found += [TopicHit(topic, begin, finish - begin) for topic in sorted(topics)]
        return found

    def _numbered_hits(self, tokens: Sequence[str], taken: Collection[int]) -> list[TopicHit]:
        """A word of `numbered` followed by a version number, where no phrase starts."""
        return [
            TopicHit(topic, i, 2)
            for i, token in enumerate(tokens[:-1])
            if i not in taken and is_number(tokens[i + 1])
            for topic in self._numbered.get(token, ())
        ]

    @staticmethod
    def _only_as(written: Mapping[tuple[str, ...], set[str]], word: str) -> Collection[str]:
        """The topics a word names only where it is written one way (`written`: as code, in
        capitals), as `_owners` reads it (a plural too: "dates" is not "__date")."""
        found = written.get((word,))
        if found is None and (singular := _singular(word)) is not None:
            found = written.get((singular,))
        return found or ()

    def _longest_from(self, word: str) -> int:
        """The most words of a topic phrase starting with this word (as `_owners` reads a
        one-word phrase, its singular too); 0 for none."""
        longest = self._starting.get(word, 0)
        if not longest and (singular := _singular(word)) is not None:
            longest = self._starting.get(singular, 0)
        return longest

    def _spell(self, tokens: Sequence[str]) -> tuple[str, ...]:
        return tuple(self._spelt.get(t, t) for t in tokens)

    def _owners(self, phrase: tuple[str, ...]) -> list[str] | None:
        """The topics a phrase names, its plural too ("asgi servers" for "asgi server")."""
        owners = self._phrases.get(phrase)
        if owners is None and (singular := _singular(phrase[-1])) is not None:
            owners = self._phrases.get((*phrase[:-1], singular))
        return owners

    def spot(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """Topic ids, the best evidenced first (ties: the one named first)."""
        return self.rank(self.hits(tokens))

    @staticmethod
    def rank(
        hits: Sequence[TopicHit],
        failing: Collection[int] = (),
        settings: Collection[int] = (),
        likened: Collection[int] = (),
    ) -> tuple[str, ...]:
        """The topics of some hits, the best evidenced first (ties: the one named first).
        A phrase with an error word in it or beside it (`failing`: their positions) is what
        a bug report is about ("dev server ... CORS error"): it counts one more; so does one
        a likening points to (`likened`: where such a phrase may start, "anything like
        django's /admin for my sqlalchemy models?": the admin is asked for). One named as the
        setting of another (`settings`: where they start, see `named_as_settings`) counts
        less, and a topic's weak words count once (`WEAK_HIT`)."""
        weight: dict[str, float] = {}
        first: dict[str, int] = {}
        weakly: set[str] = set()
        for hit in hits:
            near = range(hit.start - 1, hit.start + hit.words + 1)
            stressed = 1.0 if any(i in failing for i in near) or hit.start in likened else 0.0
            if hit.weak and hit.topic in weakly:
                continue
            named = WEAK_HIT if hit.weak else 1.0 + 0.5 * (hit.words - 1)
            if hit.weak:
                weakly.add(hit.topic)
            setting = SETTING_DISCOUNT if hit.start in settings else 0.0
            weight[hit.topic] = weight.get(hit.topic, 0.0) + named + stressed - setting
            first.setdefault(hit.topic, hit.start)
        return tuple(sorted(weight, key=lambda t: (-weight[t], first[t])))


def named_as_settings(
    hits: Sequence[TopicHit],
    tokens: Sequence[str],
    setting_words: Collection[str],
    passed_over: Collection[str],
    names: Collection[int],
) -> frozenset[int]:
    """Where the topics named as the setting of another start: right after another topic,
    past a word of `setting_words` ("CSRF on form posts", "pagination in the admin") and
    only words of `passed_over` ("the", "our") or our frameworks' names (`names`) besides."""
    ends = {h.start + h.words for h in hits}
    found: set[int] = set()
    for hit in hits:
        for end in ends:
            gap = range(end, hit.start)
            if not 0 < len(gap) <= MAX_SETTING_GAP:
                continue
            words = [tokens[i] for i in gap if i not in names]
            if any(w in setting_words for w in words) and all(
                w in setting_words or w in passed_over for w in words
            ):
                found.add(hit.start)
    return frozenset(found)


def _singular(word: str) -> str | None:
    """The singular of a word read as a plural ("servers"), or None."""
    return word[:-1] if len(word) > SHORTEST_PLURAL and word.endswith("s") else None
