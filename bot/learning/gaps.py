"""`fwbot gaps`: what people asked that the bot could not answer well, and where to add facts.

Kept questions (redacted, only with FWBOT_KEEP_QUESTIONS=1) are grouped by similarity:
their words that carry the topic (no function words, no framework names, plurals and -ing
folded, plus the knowledge-base topic they were filed under) are scored against each other
with rapidfuzz's `process.cdist`, and each group gathers around the question most others
resemble. Each group is named by the
knowledge-base topic its questions are nearest to, if any. Without kept text, the daily
counters still say what was asked and how it went, by outcome, intent and topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict
from rapidfuzz import distance, fuzz, process

from bot.learning.journal import Journal, KeptQuestion, last_days, start_of_day
from bot.learning.outcome import QUESTION_OUTCOMES
from intents.lexicon import load_lexicon
from intents.normalize import normalize
from intents.topics import TopicSpotter
from knowledge import KnowledgeBase

# Two questions whose topic words score at least this (token_set_ratio, 0-100) are alike.
SIMILAR = 50
# The most recent questions grouped at most (cdist is quadratic).
MAX_QUESTIONS = 2000
# A word within a typo of a topic's one-word name ("celary") points at that topic: one edit
# (OSA distance) in words of 5 to 7 letters, two in longer ones.
MIN_TYPO_WORD = 5
LONG_WORD = 8
# Words that say how people ask, not what about.
GENERIC_WORDS = frozenset(
    """best good better great way ways work works working want need needs like make know
    tell recommend recommended right easy easiest simple proper correct go look looking guide
    tutorial example examples question possible anybody somebody everyone else something
    anything idea ideas thoughts advice help does dont cant wont im ive youre whats hows
    library libraries package packages framework frameworks app apps application applications
    project projects python web""".split()  # noqa: SIM905
)
_TOPIC_WORD = "kbtopic_"  # never a word of a question (normalised text has no "_")
_PLACEHOLDER = re.compile(r"\[(?:email|url|mention|channel|token|id|number)\]")
# "e-mail" and "e mail" are one word.
_SPLIT_WORDS = {("e", "mail"): "email", ("web", "socket"): "websocket"}


class OutcomeCounts(BaseModel):
    answered: int = 0
    partial: int = 0
    clarify: int = 0
    out_of_scope: int = 0


class RatingCounts(BaseModel):
    up: int = 0
    down: int = 0


class Group(BaseModel):
    count: int
    outcomes: OutcomeCounts
    example: str
    topic: str | None


class GapsReport(BaseModel):
    """`fwbot gaps --json`: exactly the contract's shape."""

    model_config = ConfigDict(extra="forbid")

    since_days: int
    outcomes: OutcomeCounts
    ratings: RatingCounts
    groups: list[Group]


@dataclass(frozen=True)
class Usage:
    """The report and what the text output adds: counts by intent and topic, and the topics
    of replies that missed (partial, clarify, out of scope or rated 👎)."""

    report: GapsReport
    first_day: str
    last_day: str
    intents: dict[str, int]
    topics: dict[str, int]
    missed_topics: dict[str, int]
    # Ratings by what the rated answers were: {"intent": {"compare": (up, down)}, ...}
    ratings_by: dict[str, dict[str, tuple[int, int]]]
    kept: int
    rated_down: list[int]  # per group


class QuestionGrouper:
    """Groups questions by their topic words; finds the knowledge-base topic nearest each group."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.spotter = TopicSpotter(kb)
        names: set[str] = set()
        for framework in kb.frameworks.values():
            for name in (framework.id, framework.name, *framework.aliases):
                names.update(normalize(name).tokens)
        self.ignored = frozenset(load_lexicon().function_words) | names | GENERIC_WORDS
        # One-word names of topics, for questions that misspell them.
        self._topic_words: dict[str, str] = {}
        for topic in kb.topics.values():
            for spelling in (topic.name, *topic.words):
                tokens = normalize(spelling).tokens
                if len(tokens) == 1 and len(tokens[0]) >= MIN_TYPO_WORD:
                    self._topic_words.setdefault(tokens[0], topic.id)

    def topic_words(self, text: str) -> str:
        """The words of a question that carry its topic, folded, in order."""
        tokens = list(normalize(_PLACEHOLDER.sub(" ", text)).tokens)
        joined: list[str] = []
        for token in tokens:
            pair = (joined[-1], token) if joined else None
            if pair in _SPLIT_WORDS:
                joined[-1] = _SPLIT_WORDS[pair]
            else:
                joined.append(token)
        return " ".join(_fold(t) for t in joined if t not in self.ignored and not t.isdigit())

    def _similarity_text(self, question: KeptQuestion) -> str:
        """Its topic words, and the knowledge-base topic it was filed under as one more word:
        "does fastapi have lts?" and "fastapi long term support?" share no word but a topic."""
        words = self.topic_words(question.text)
        topic = question.topic
        if topic is None:
            spotted = self.spotter.spot(normalize(_PLACEHOLDER.sub(" ", question.text)).tokens)
            topic = spotted[0] if spotted else None
        return f"{words} {_TOPIC_WORD}{topic}" if topic is not None else words

    def group(self, questions: Sequence[KeptQuestion]) -> list[list[int]]:
        """Indices of the questions, in groups, biggest first; each group's first index is
        its most representative question."""
        if not questions:
            return []
        texts = [self._similarity_text(q) for q in questions]
        scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR)
        alike = scores >= SIMILAR
        # A question with no topic words is alike only to itself: a group of one.
        alike |= np.eye(len(texts), dtype=bool)
        # Per question, over those not yet grouped: how many it resembles, and how closely.
        sizes = alike.sum(axis=1, dtype=np.int64)
        closeness = scores.sum(axis=1, dtype=np.float64)
        at = np.array([q.at for q in questions])
        ungrouped = np.ones(len(texts), dtype=bool)
        groups: list[list[int]] = []
        while ungrouped.any():
            candidates = np.flatnonzero(ungrouped)
            if sizes[candidates].max() == 1:  # the rest resemble nothing: one group each
                groups += [[int(j)] for j in candidates[np.argsort(-at[candidates])]]
                break
            # The question most others resemble leads (ties: the closest to them, then the
            # most recent).
            order = np.lexsort((at[candidates], closeness[candidates], sizes[candidates]))
            leader = int(candidates[order[-1]])
            others = np.flatnonzero(ungrouped & alike[leader])
            members = [leader, *(int(j) for j in others if j != leader)]
            groups.append(members)
            ungrouped[members] = False
            sizes -= alike[:, members].sum(axis=1, dtype=np.int64)
            closeness -= scores[:, members].sum(axis=1, dtype=np.float64)
        return sorted(groups, key=len, reverse=True)

    def nearest_topic(self, questions: Iterable[KeptQuestion]) -> str | None:
        """The topic the questions point at most: the one each was filed under, the topics
        their words name, or a topic word within a typo of theirs."""
        votes: Counter[str] = Counter()
        for question in questions:
            if question.topic is not None and question.topic in self.kb.topics:
                votes[question.topic] += 2
            tokens = normalize(_PLACEHOLDER.sub(" ", question.text)).tokens
            spotted = self.spotter.spot(tokens)
            votes.update(spotted[:1])
            if not spotted:
                words = [w for w in tokens if len(w) >= MIN_TYPO_WORD and w not in self.ignored]
                for word in words:
                    match = process.extractOne(
                        word,
                        self._topic_words.keys(),
                        scorer=distance.OSA.distance,
                        score_cutoff=2 if len(word) >= LONG_WORD else 1,
                    )
                    if match is not None:
                        votes[self._topic_words[match[0]]] += 1
        return votes.most_common(1)[0][0] if votes else None


def _fold(word: str) -> str:
    """Plural and -ing endings off, so "emails", "emailing" and "email" are one word."""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def gaps_report(journal: Journal, grouper: QuestionGrouper, since_days: int, now: float) -> Usage:
    """What the journal says about the last `since_days` UTC days, today included."""
    days = last_days(now, since_days)
    counts = journal.counts(days[0], days[-1])
    kept = journal.kept(start_of_day(days[0]), now)[-MAX_QUESTIONS:]
    groups = grouper.group(kept)
    report = GapsReport(
        since_days=since_days,
        outcomes=OutcomeCounts(**{o: counts.get(f"outcome:{o}", 0) for o in QUESTION_OUTCOMES}),
        ratings=RatingCounts(up=counts.get("rating:up", 0), down=counts.get("rating:down", 0)),
        groups=[
            Group(
                count=len(members),
                outcomes=_outcomes(kept[i] for i in members),
                example=kept[members[0]].text,
                topic=grouper.nearest_topic(kept[i] for i in members),
            )
            for members in groups
        ],
    )
    return Usage(
        report=report,
        first_day=days[0],
        last_day=days[-1],
        intents=_by_prefix(counts, "intent:"),
        topics=_by_prefix(counts, "topic:"),
        missed_topics=_by_prefix(counts, "missed:"),
        ratings_by={
            dimension: _ratings(counts, dimension)
            for dimension in ("outcome", "intent", "topic", "framework")
        },
        kept=len(kept),
        rated_down=[sum(kept[i].rated_down for i in members) for members in groups],
    )


def _ratings(counts: dict[str, int], dimension: str) -> dict[str, tuple[int, int]]:
    """(up, down) per name of one dimension, the most rated first."""
    up = _by_prefix(counts, f"rated:up:{dimension}:")
    down = _by_prefix(counts, f"rated:down:{dimension}:")
    both = {name: (up.get(name, 0), down.get(name, 0)) for name in {*up, *down}}
    return dict(sorted(both.items(), key=lambda kv: (-sum(kv[1]), -kv[1][1], kv[0])))


def _outcomes(questions: Iterable[KeptQuestion]) -> OutcomeCounts:
    mix = Counter(q.outcome for q in questions)
    return OutcomeCounts(**{o: mix[o] for o in QUESTION_OUTCOMES})


def _by_prefix(counts: dict[str, int], prefix: str) -> dict[str, int]:
    found = {k.removeprefix(prefix): n for k, n in counts.items() if k.startswith(prefix)}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def format_gaps(usage: Usage, kb: KnowledgeBase, top: int = 10) -> str:
    """The report for people: counts, then the groups of questions answered badly."""
    report = usage.report
    o, r = report.outcomes, report.ratings
    lines = [
        f"Last {report.since_days} day(s), {usage.first_day} to {usage.last_day} (UTC)",
        f"Replies: {o.answered} answered, {o.partial} partial, {o.clarify} clarify, "
        f"{o.out_of_scope} out of scope. Ratings: {r.up} 👍, {r.down} 👎.",
    ]
    lines += _ranked("By intent", usage.intents, top)
    lines += _ranked("By topic", {_topic_name(kb, t): n for t, n in usage.topics.items()}, top)
    lines += _ranked(
        "Topics of replies that missed (partial, clarify, out of scope, rated 👎)",
        {_topic_name(kb, t): n for t, n in usage.missed_topics.items()},
        top,
    )
    for dimension, ratings in usage.ratings_by.items():
        if ratings:
            shown = ", ".join(
                f"{_topic_name(kb, name) if dimension == 'topic' else name} {up} 👍 {down} 👎"
                for name, (up, down) in list(ratings.items())[:top]
            )
            lines.append(f"Ratings by {dimension}: {shown}")
    if not report.groups:
        lines += [
            "",
            "No kept questions in this window. Only with FWBOT_KEEP_QUESTIONS=1 does the bot "
            "keep the redacted text of questions it answered badly, for this report to group.",
        ]
        return "\n".join(lines)
    lines += [
        "",
        f"Questions answered badly: {usage.kept} kept, in {len(report.groups)} group(s), "
        "biggest first",
    ]
    for group, down in zip(report.groups, usage.rated_down, strict=True):
        mix = ", ".join(
            f"{n} {name.replace('_', ' ')}"
            for name, n in group.outcomes.model_dump().items()
            if n and name != "answered"
        )
        if down:
            mix = ", ".join(part for part in (mix, f"{down} rated 👎") if part)
        topic = _topic_name(kb, group.topic) if group.topic else "none"
        lines += [f"{group.count:>5}  {group.example}", f"       {mix}; nearest topic: {topic}"]
    lines += [
        "",
        "Next: add the missing facts under the nearest topic (or a new topic in "
        "knowledge/data/topics.yaml), then run `fwbot kb check`.",
    ]
    return "\n".join(lines)


def _ranked(title: str, counts: dict[str, int], top: int) -> list[str]:
    if not counts:
        return []
    shown = ", ".join(f"{name} {n}" for name, n in list(counts.items())[:top])
    more = f" (+{len(counts) - top} more)" if len(counts) > top else ""
    return [f"{title}: {shown}{more}"]


def _topic_name(kb: KnowledgeBase, topic_id: str) -> str:
    topic = kb.topics.get(topic_id)
    return (
        f"{topic_id} ({topic.name})" if topic is not None and topic.name != topic_id else topic_id
    )
