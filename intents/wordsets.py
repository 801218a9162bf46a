"""Word lists and patterns several understanding rules share, over templated tokens
(frameworks are `xfw`, other frameworks `xother`, aspects `xaspect`)."""

from __future__ import annotations

import re

# Our framework and another one joined by a comparing word, a few words apart at most.
_WORD = r"(?!xfw\b|xother\b)\S+"
_LINK = r"(?:vs|versus|or|than|over|against|compared to|compared with|instead of)"
_LINKED = rf"(?:{_WORD} ){{0,3}}?{_LINK}(?: {_WORD}){{0,3}}? "
COMPARISON = re.compile(rf"\bxfw {_LINKED}xother\b|\bxother {_LINKED}xfw\b")
# Words that point back at the frameworks of the previous turn.
REFERRING = frozenset(
    {"it", "its", "they", "them", "their", "one", "ones", "both", "either", "neither", "these",
     "those", "this", "that", "two", "three", "former", "latter", "which"}
)  # fmt: skip
# Words that put a message without framework or aspect names in our domain.
DOMAIN_WORDS = frozenset(
    {"framework", "frameworks", "web", "backend", "python", "stack", "library", "libraries",
     "server", "api", "apis", "app", "apps", "website", "project", "projects", "startup",
     "choose", "recommend", "tech", "technology", "site"}
)  # fmt: skip
FRAMEWORK_INTENTS = ("describe", "pros", "cons", "use_cases")
