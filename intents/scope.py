"""Questions that name at most one of our frameworks but are not about choosing one:
editors, a choice inside one framework, its add-ons and parts, databases, frontend tools."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from intents.normalize import is_number, normalize
from intents.signals import AMONG_THEM, Signals
from intents.wordsets import COMPARISON, DOMAIN_WORDS, REFERRING
from knowledge import KnowledgeBase
from knowledge.located_yaml import FAST_LOADER

# The same framework on both sides ("DRF or Django class-based views?").
_SIDE_WORD = r"(?!not\b|no\b)\S+"  # "Django or not Django?" is a real choice
_SAME_FRAMEWORK_TWICE = re.compile(
    rf"\bxfw (?:{_SIDE_WORD} ){{0,2}}?(?:vs|versus|or) (?:{_SIDE_WORD} ){{0,2}}?xfw\b"
)
_VERSUS = frozenset({"vs", "versus"})
# "What are Flask blueprints?" (a part of a framework), unless the next word is about the
# framework itself ("what is Django good for", "what is FastAPI exactly").
_WHAT_IS_FRAMEWORK_PART = re.compile(r"^(?:what is|what are|whats|what s) xfw (\w+)")


class ScopeWords(BaseModel):
    """`scope.yaml`: the word evidence of the scope rules (what each list is for is there)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    framework_sides: frozenset[str]
    plain_follow_words: frozenset[str]
    other_domain_words: frozenset[str]
    backend_words: frozenset[str]
    web_need_words: frozenset[str]
    other_tool_words: frozenset[str]
    framework_words: frozenset[str]
    whole_set: frozenset[str]
    editor_words: frozenset[str]
    choosing_words: frozenset[str]
    project_words: frozenset[str]
    running_with_words: frozenset[str]
    job_post_employer_phrases: tuple[str, ...]
    job_post_phrases: tuple[str, ...]


def load_scope_words(path: Path | None = None) -> ScopeWords:
    path = path or Path(str(resources.files("intents") / "scope.yaml"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    return ScopeWords.model_validate(data)


# How many words before a word a negation denies it ("no custom UI").
NEGATION_REACH = 3
# Phrases of a job advert a message must have, one of them an employer's, to be one.
JOB_POST_EVIDENCE = 2
# How near a framework word a word of another domain makes it a framework of that domain:
# this many words before it ("best css framework") and one more after ("framework for a
# mobile game").
DOMAIN_REACH = 3


def denied(tokens: Sequence[str], at: int, negations: frozenset[str]) -> bool:
    """Whether a negation comes just before the word at `at` ("no WebSocket support")."""
    return bool(negations.intersection(tokens[max(0, at - NEGATION_REACH) : at]))


class ScopeRules:
    """Knows which other frameworks build on ours and which words are intent words."""

    def __init__(
        self,
        kb: KnowledgeBase,
        builds_on: Mapping[str, str],
        intent_words: frozenset[str],
        words: ScopeWords | None = None,
        *,
        negations: frozenset[str] = frozenset(),
        topic_words: Mapping[str, frozenset[str]] | None = None,
        function_words: frozenset[str] = frozenset(),
        backgrounds: frozenset[tuple[str, ...]] = frozenset(),
    ) -> None:
        """`negations`: words that say something is absent ("no", "without", "zero"): a
        domain word they deny ("zero custom UI") is not what the message is about.
        `backgrounds`: phrases after which a word is what the asker knows ("coming from
        javascript"), not what the message is about.
        `topic_words`: each topic's words, as the topic spotter reads them ("asgi vs wsgi"
        sets two words of one topic side by side)."""
        self.kb = kb
        self.negations = negations
        self.backgrounds = backgrounds
        self.builds_on = builds_on
        self.intent_words = intent_words
        self.function_words = function_words
        self.words = words or load_scope_words()
        self._employer_phrases = _any_of(self.words.job_post_employer_phrases)
        self._advert_phrases = _any_of(self.words.job_post_phrases)
        self._topic_words = topic_words or {}

    def is_job_post(self, message: str, tokens: Sequence[str]) -> bool:
        """A job advert: it names frameworks as skills wanted or asks the channel for people,
        not us for anything (`message` as written, for its question marks; `tokens`
        normalised)."""
        spaced = f" {' '.join(tokens)} "
        employer = set(self._employer_phrases.findall(spaced))
        if not employer:  # (one search: most messages stop here)
            return False
        advert = set(self._advert_phrases.findall(spaced))
        # A question takes more evidence: "we're looking for a framework ...?" asks us one;
        # "anyone hiring? we need a senior django dev, DM me" asks the channel for people.
        needed = JOB_POST_EVIDENCE + (1 if "?" in message else 0)
        return len(employer) + len(advert) >= needed

    def not_a_framework_choice(self, s: Signals, fws: tuple[str, ...], aspect: str | None) -> bool:
        """True for a question about something else than choosing between frameworks."""
        words = set(s.templated)
        if self.asks_about_an_editor(s):
            return True
        if len(fws) == 1:
            return (
                fws[0] in s.only_as_packages
                or self._names_a_part(s)
                or self._inside_one_framework(s, fws[0])
            )
        if fws:
            return False
        names_tools = aspect is not None and self.kb.aspect(aspect).names_other_tools
        plain_words = not words & (DOMAIN_WORDS | REFERRING | self.words.whole_set)
        return bool(
            (names_tools and not words & (DOMAIN_WORDS | REFERRING))
            # "What's the difference between WSGI and ASGI?": concepts, not frameworks.
            # ("difference between" is one synonym word by now).
            or ({"difference", "and"} <= words and not s.entities.others and plain_words)
            or (
                self._affirmed(s, words & self.words.other_domain_words)
                # "the mobile devs want openapi docs for our json api": the backend asked
                # for is named, if only in words an aspect took ("api"); so is a web
                # framework asked for ("a school library's books: which framework?").
                and not self.words.backend_words.intersection(s.tokens)
                and not self._asks_for_a_plain_framework(s)
            )
            or (words & self.words.other_tool_words and not words & self.words.framework_words)
        )

    def asks_about_an_editor(self, s: Signals) -> bool:
        """ "which IDE for Django?", "pycharm or vscode?"; but "which framework ... where
        editors manage pages", "which of the three makes roles easiest? admin / editor /
        viewer" are about frameworks, the editors being people."""
        words = set(s.templated)
        return (
            bool(words & self.words.editor_words)
            and not words & self.words.framework_words
            and AMONG_THEM not in s.forms
        )

    def _asks_for_a_plain_framework(self, s: Signals) -> bool:
        """Whether the message asks for a framework of no other domain: "a school library's
        books ... which framework?" (the books are the app's), not "best css framework",
        "which framework for a mobile game" (a domain word beside it)."""
        tokens = s.tokens
        return any(
            word in self.words.framework_words
            and not self.words.other_domain_words.intersection(
                tokens[max(0, i - DOMAIN_REACH) : i + DOMAIN_REACH + 2]
            )
            for i, word in enumerate(tokens)
        )

    def _affirmed(self, s: Signals, said: set[str]) -> set[str]:
        """Of these words, those used at least once without a negation just before them
        ("a back office, basically zero custom UI" does not build a UI), nor as the asker's
        background ("easiest to learn coming from javascript"). A word not found as written
        (a synonym's canonical form) counts as said."""
        positions: dict[str, list[int]] = {}
        for i, token in enumerate(s.tokens):
            if token in said:
                positions.setdefault(token, []).append(i)
        return {
            w
            for w in said
            if w not in positions
            or not all(
                denied(s.tokens, i, self.negations) or self._background_at(s.tokens, i)
                for i in positions[w]
            )
        }

    def _background_at(self, tokens: Sequence[str], at: int) -> bool:
        """Whether a background phrase ends right before `at` ("coming from [javascript]")."""
        return any(tuple(tokens[max(0, at - len(p)) : at]) == p for p in self.backgrounds)

    @staticmethod
    def asks_what_a_part_is(s: Signals) -> bool:
        """ "What are Flask blueprints?": what one part of a framework is."""
        return _WHAT_IS_FRAMEWORK_PART.match(s.templated_text) is not None

    def _names_a_part(self, s: Signals) -> bool:
        """ "What are Flask blueprints?": the framework's name used as an adjective for a
        part of it the knowledge base knows nothing about."""
        match = _WHAT_IS_FRAMEWORK_PART.match(s.templated_text)
        if match is None:
            return False
        part = match.group(1)
        if s.topics:  # "which Django release is LTS?": a topic the knowledge base covers
            return False
        plain = self.words.plain_follow_words
        return not (is_number(part) or part in self.intent_words or part in plain)

    def _inside_one_framework(self, s: Signals, framework: str) -> bool:
        """A choice between two things of one framework: its own parts ("DRF or Django
        CBVs?"), an add-on built on it ("Ninja vs DRF"), or two non-framework options
        ("Django project structure: traditional vs service-repository")."""
        text = s.templated_text
        if _SAME_FRAMEWORK_TWICE.search(text):
            return True
        others = s.entities.others
        if others and all(self.builds_on.get(o) == framework for o in others):
            return bool(COMPARISON.search(text))
        if others:
            return False
        words = s.templated
        if words[0] == "howto" and not self.words.choosing_words.intersection(words):
            return True
        # Two things set side by side are named by content words on both sides of the "vs":
        # "FastAPI pros vs cons", "what's django good at vs what's it bad at" set the two
        # sides of one verdict against each other, not two options.
        return not self.compares_within_a_topic(s) and any(
            word in _VERSUS
            and 0 < i < len(words) - 1
            and self._names_an_option(words[i - 1])
            and self._names_an_option(words[i + 1])
            for i, word in enumerate(words)
        )

    def _names_an_option(self, word: str) -> bool:
        """Whether a word beside a "vs" can name one side of a choice: not a version number
        ("django 4.2 vs 5.2" sets two releases of the one framework side by side)."""
        return not (
            is_number(word)
            or word in self.words.framework_sides
            or word in self.intent_words
            or word in self.function_words
        )

    def compares_within_a_topic(self, s: Signals) -> bool:
        """Whether the two sides of a "vs" are words of one topic asked about ("Django: ASGI
        vs WSGI"): a question its facts answer, not a choice between add-ons."""
        tokens = s.tokens
        # ("Django vs SQLAlchemy": the framework itself on one side is a comparison)
        named = s.entities.framework_positions()
        return any(
            {tokens[i - 1], tokens[i + 1]} <= self._topic_words.get(topic, frozenset())
            for i in range(1, len(tokens) - 1)
            if tokens[i] in _VERSUS and not {i - 1, i + 1} & named
            for topic in s.topics
        )


def _any_of(phrases: Sequence[str]) -> re.Pattern[str]:
    """One pattern for phrases as normalised whole words, in a text of words between spaces."""
    spelt = sorted({" ".join(normalize(p).tokens) for p in phrases}, key=len, reverse=True)
    return re.compile(rf"(?<= )(?:{'|'.join(map(re.escape, spelt))})(?= )")
