"""What one message yields before any rule: entities, templated words, phrase scores."""

from __future__ import annotations

from dataclasses import dataclass

from intents.entities import Entities, Kind
from intents.normalize import NormalizedText

NEAREST_WEIGHT = 0.6
WORDS_WEIGHT = 0.4
EXACT_MATCH = 0.97
EXACT_TRUST = 0.95
# Words that make "Django-<word>" the framework itself rather than an add-on package.
_COMPOUND_WORDS = frozenset(
    {"based", "powered", "like", "style", "styled", "only", "specific", "friendly", "ready",
     "compatible", "native", "first", "heavy", "free", "related", "oriented", "centric",
     "driven", "backed", "built", "made", "ish", "esque", "app", "apps", "project", "projects",
     "site", "sites", "dev", "devs", "developer", "developers", "team", "teams", "world",
     "community", "way", "code", "backend", "server", "stack", "api", "apis", "vs", "or"}
)  # fmt: skip


# The form of "which of the three ...?", "which of these do i go with": a pick among ours.
AMONG_THEM = "among_them"
# The whole set of frameworks, named without names ("all three", "3つの中").
ALL_THREE = "all_three"


@dataclass(frozen=True)
class Signals:
    entities: Entities
    templated: tuple[str, ...]
    nearest: dict[str, float]
    scores: dict[str, float]
    is_question: bool
    text: str
    # Frameworks named only as the prefix of an add-on package ("Flask-Login").
    only_as_packages: frozenset[str] = frozenset()
    # Proper names from the knowledge base's facts ("instagram"), in the order written.
    kb_names: tuple[str, ...] = ()
    # The framework such a name points to when the message names none ("tiangolo": FastAPI).
    named_by_fact: tuple[str, ...] = ()
    # Knowledge-base topics the message is about, best evidenced first ("admin", "releases").
    topics: tuple[str, ...] = ()
    # Question forms found in it ("when_each").
    forms: tuple[str, ...] = ()
    # Aspects named only by words inside a topic's phrase ("pydantic" in "pydantic v1").
    aspects_within_topics: frozenset[str] = frozenset()
    # Aspect ids, the best evidenced first, from aspect words and the topics' aspects.
    aspects: tuple[str, ...] = ()
    # The normalised words as written (the chat, tone and direction rules read them).
    tokens: tuple[str, ...] = ()
    # Where a topic phrase starts in `tokens` ("django [admin]": a part of Django).
    topic_starts: frozenset[int] = frozenset()
    # Ours named with a version number ("django 6.1", "fastapi v1"): about a release of it.
    released: tuple[str, ...] = ()
    # A job advert naming frameworks as skills ("We're looking for a senior ... engineer").
    advert: bool = False
    # A claim put up for confirmation in one of its sentences, not only the last ("fastapi
    # can't serve static files, right? pretty sure i read that"), or in so many words ("is
    # it true that ...").
    checks_claim: bool = False
    # Where the message's last sentence or clause starts in `tokens` (0 for one clause), and
    # whether that one asks (ends in a question mark).
    last_clause: int = 0
    ends_asking: bool = False
    # Where each sentence or clause after the first starts in `tokens`.
    clause_starts: frozenset[int] = frozenset()

    @property
    def templated_text(self) -> str:
        return " ".join(self.templated)

    @property
    def names_a_release(self) -> bool:
        return bool(self.released)


def combine(nearest: float, words: float, likeness: float) -> float:
    """Phrase similarity and word evidence; a message that is a training phrase, word for
    word (`likeness`: the whole message's similarity to its most similar phrase), is that
    phrase's intent whatever the word statistics say. A phrase found inside a longer
    message is not that: "does flask have request validation" holds "flask request
    timeout" of a bug report, give or take a word."""
    blended = NEAREST_WEIGHT * nearest + WORDS_WEIGHT * words
    return max(blended, nearest * EXACT_TRUST) if likeness >= EXACT_MATCH else blended


def only_as_packages(norm: NormalizedText, entities: Entities) -> frozenset[str]:
    """Frameworks named only as a hyphenated prefix: "Flask-Login", "django-allauth" are
    add-ons, so a question about them is not about choosing a framework ("Flask-based" and
    aliases such as "django-rest-framework" still name the framework)."""
    as_package: set[str] = set()
    standalone: set[str] = set()
    for mention in entities.mentions:
        if mention.kind is not Kind.FRAMEWORK:
            continue
        last = mention.end - 1
        follows = norm.tokens[mention.end] if mention.end < len(norm.tokens) else ""
        if last in norm.hyphenated and follows and follows not in _COMPOUND_WORDS:
            as_package.add(mention.id)
        else:
            standalone.add(mention.id)
    return frozenset(as_package - standalone)
