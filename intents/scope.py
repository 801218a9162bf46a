"""Questions that name at most one of our frameworks but are not about choosing one:
editors, a choice inside one framework, its add-ons and parts, databases, frontend tools."""

from __future__ import annotations

import re
from collections.abc import Mapping

from intents.signals import Signals
from intents.wordsets import COMPARISON, DOMAIN_WORDS, REFERRING
from knowledge import KnowledgeBase

# The same framework on both sides ("DRF or Django class-based views?").
_SIDE_WORD = r"(?!not\b|no\b)\S+"  # "Django or not Django?" is a real choice
_SAME_FRAMEWORK_TWICE = re.compile(
    rf"\bxfw (?:{_SIDE_WORD} ){{0,2}}?(?:vs|versus|or) (?:{_SIDE_WORD} ){{0,2}}?xfw\b"
)
_VERSUS = frozenset({"vs", "versus"})
# A side of "A vs B" that is still about choosing a framework ("Django vs the rest").
_FRAMEWORK_SIDES = frozenset(
    {"xfw", "xother", "xaspect", "the", "other", "others", "alternatives", "something", "rest",
     "anything", "them", "it", "that", "this"}
)  # fmt: skip
# "What are Flask blueprints?" (a part of a framework), unless the next word is about the
# framework itself ("what is Django good for", "what is FastAPI exactly").
_WHAT_IS_FRAMEWORK_PART = re.compile(r"^(?:what is|what are|whats|what s) xfw (\w+)")
_PLAIN_FOLLOW_WORDS = frozenset(
    {"good", "used", "like", "for", "about", "and", "or", "exactly", "really", "actually",
     "anyway", "all", "then", "now", "today", "in", "xfw", "xaspect", "xother", "is", "are",
     "framework", "web", "python", "bad", "great", "known", "best", "better", "worse",
     "mostly", "typically", "usually", "even", "so", "still", "these", "nowadays", "meant",
     "supposed", "designed", "intended", "made", "built", "trying", "doing", "version",
     "vs", "versus", "compared", "itself", "at", "on", "to", "as"}
)  # fmt: skip
# Words that put a message about "frameworks" outside ours, unless a backend word is there too.
_OTHER_DOMAIN_WORDS = frozenset(
    {"frontend", "javascript", "js", "css", "mobile", "android", "ios", "game", "games",
     "desktop", "visualisation", "visualization", "gui", "ui", "keyboard", "laptop", "phone",
     "monitor", "chair", "headphones", "car", "movie", "movies", "book", "books", "restaurant",
     "song", "music", "recipe"}
)  # fmt: skip
_BACKEND_WORDS = frozenset({"backend", "python", "api", "apis", "server", "rest"})
# Other kinds of tools ("the best Python templating engine?"): ours only about a framework.
_OTHER_TOOL_WORDS = frozenset({"engine", "engines", "templating"})
_FRAMEWORK_WORDS = frozenset({"framework", "frameworks", "backend", "api", "apis", "server"})
_WHOLE_SET = frozenset({"three", "3", "all", "each", "every"})
# Tools for writing code, whatever it is written with ("which IDE for Django?").
_EDITOR_WORDS = frozenset(
    {"ide", "ides", "editor", "editors", "linter", "linters", "vscode", "pycharm", "vim"}
)
# "How do I ... in Django?" is a programming question, unless it is about choosing.
_CHOOSING_WORDS = frozenset(
    {"versus", "choose", "decide", "better", "recommend", "difference", "worth", "learn",
     "should", "which", "or", "right", "fit", "fits", "good", "enough", "know", "usecase"}
)  # fmt: skip


class ScopeRules:
    """Knows which other frameworks build on ours and which words are intent words."""

    def __init__(
        self, kb: KnowledgeBase, builds_on: Mapping[str, str], intent_words: frozenset[str]
    ) -> None:
        self.kb = kb
        self.builds_on = builds_on
        self.intent_words = intent_words

    def not_a_framework_choice(self, s: Signals, fws: tuple[str, ...], aspect: str | None) -> bool:
        """True for a question about something else than choosing between frameworks."""
        words = set(s.templated)
        if words & _EDITOR_WORDS:
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
        plain_words = not words & (DOMAIN_WORDS | REFERRING | _WHOLE_SET)
        return bool(
            (names_tools and not words & (DOMAIN_WORDS | REFERRING))
            # "What's the difference between WSGI and ASGI?": concepts, not frameworks.
            # ("difference between" is one synonym word by now).
            or ({"difference", "and"} <= words and not s.entities.others and plain_words)
            or (words & _OTHER_DOMAIN_WORDS and not words & _BACKEND_WORDS)
            or (words & _OTHER_TOOL_WORDS and not words & _FRAMEWORK_WORDS)
        )

    def _names_a_part(self, s: Signals) -> bool:
        """ "What are Flask blueprints?": the framework's name used as an adjective for a
        part of it the knowledge base knows nothing about."""
        match = _WHAT_IS_FRAMEWORK_PART.match(s.templated_text)
        if match is None:
            return False
        part = match.group(1)
        if s.topics:  # "which Django release is LTS?": a topic the knowledge base covers
            return False
        return not (part.isdigit() or part in self.intent_words or part in _PLAIN_FOLLOW_WORDS)

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
        if words[0] == "howto" and not _CHOOSING_WORDS.intersection(words):
            return True
        return any(
            word in _VERSUS
            and 0 < i < len(words) - 1
            and words[i - 1] not in _FRAMEWORK_SIDES
            and words[i + 1] not in _FRAMEWORK_SIDES
            for i, word in enumerate(words)
        )
