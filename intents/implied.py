"""The framework a message's code implies when it names none: "return jsonify(response)",
"app.mount('/', StaticFiles(...))", "on_event is deprecated". A name written as code
(snake_case, a dotted path, CamelCase, a call, backticks) that only one framework's facts
write points to that framework, as a posted traceback points to its repository. In a
message only code's own marks count (a call, a path, snake_case, backticks, an import
statement), and a name in the shape of a Python class, capitalised words run together
("HTTPBearer", "PlainTextResponse"); other CamelCase is as often a product's name ("NestJS",
"macOS", "IoT"), and so are the class-shaped ones the lexicon names ("PythonAnywhere")."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping

from intents.normalize import code_names, normalize, with_tails
from knowledge import KnowledgeBase
from knowledge.base import facts_of

# CamelCase with a capital inside ("StaticFiles", "APIRouter"), a name called ("jsonify(",
# "Depends("), a name in backticks; snake_case and dotted paths come from `code_names`.
_CAMEL = re.compile(r"(?<![\w.])(?:[A-Za-z]*[a-z][A-Z]\w*|[A-Z]{2,}[a-z]\w*)(?!\w)")
_CALLED = re.compile(r"(?<![\w.])([A-Za-z_]\w{2,})\(")
# A class's name: two or more capitalised words run together, each with lowercase letters
# after its capital (an acronym may lead: "HTTPBearer", "APIRouter"); "NestJS", "iOS",
# "CockroachDB" end or start otherwise.
_CLASS_NAME = re.compile(
    r"(?<![\w.])(?:[A-Z]{2,}|[A-Z][a-z][a-z0-9]*)(?:[A-Z][a-z][a-z0-9]*)+(?!\w)"
)
_STANDARD_LIBRARY = frozenset(sys.stdlib_module_names)
_TICKED = re.compile(r"`([A-Za-z_][\w.-]{2,})`")
# A package's name as facts write it ("python-multipart", "flask-login"): in a message it
# counts as code in backticks only, where "read-only" or "server-side" never are.
_HYPHENATED = re.compile(r"(?<![\w.-])([a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?![\w-])")
# A message a fact quotes ("'You cannot use ATOMIC_REQUESTS with async views.'", "raises
# RuntimeError: Working outside of application context"): an error or warning as the
# framework prints it. Shorter quotes are too often everyday words ("The view function for").
_QUOTED = re.compile(r"""(?<!\w)['"“‘]([^'"“”‘’]{12,200}?)['"”’](?!\w)""")
_ERROR_MESSAGE = re.compile(
    r"\b\w*(?:Error|Warning|Exception): ([^;:()\"']{10,160}?)(?=[.;)]\s|[.;)]?$|[\"'])"
)
MIN_MESSAGE_WORDS = 5
# A URL path's parameters as routes write them, "/items/{item_id}" (Starlette, FastAPI) or
# "/user/<int:id>" (Werkzeug, Django): a shape only one framework's facts write points to it
# as a name does ('@app.get("/items/{path}")' is FastAPI's, though Flask has app.get too).
_PATH_PARAMETERS = {
    "{path parameter}": re.compile(r"/[\w./-]*\{\w+(?::\w+)?\}"),
    "<path parameter>": re.compile(r"/[\w./-]*<(?:\w+:)?\w+>"),
}
# The names a Python import statement brings in ("from werkzeug.contrib.fixers import
# ProxyFix"): code, whatever their case.
_IMPORTED = re.compile(r"\bfrom\s+[A-Za-z_][\w.]*\s+import\s+\(?\s*(\w+(?:\s*,\s*\w+)*)")


def code_words(text: str, *, camel_case: bool = True) -> frozenset[str]:
    """The names a text writes as code, lowercase, but those of Python's own library
    ("asyncio.gather", "os.environ"): any framework's code uses them."""
    found = {*code_names(text)}
    if camel_case:
        found.update(m.lower() for m in _CAMEL.findall(text))
    found.update(m.lower() for m in _CALLED.findall(text))
    found.update(m.lower() for m in _TICKED.findall(text))
    found.update(
        name.strip().lower() for names in _IMPORTED.findall(text) for name in names.split(",")
    )
    found.update(shape for shape, written in _PATH_PARAMETERS.items() if written.search(text))
    return frozenset(w for w in with_tails(found) if w.partition(".")[0] not in _STANDARD_LIBRARY)


def printed_messages(text: str) -> frozenset[str]:
    """The errors and warnings a fact quotes, as normalised words joined by spaces."""
    found = (*_QUOTED.findall(text), *_ERROR_MESSAGE.findall(text))
    phrases = (normalize(m).tokens for m in found)
    return frozenset(" ".join(p) for p in phrases if len(p) >= MIN_MESSAGE_WORDS)


class CodeImplied:
    """Which framework's facts alone write each code name or quote each printed message."""

    def __init__(
        self,
        texts_by_framework: Mapping[str, Iterable[str]],
        *,
        ours: Iterable[str],
        products: Iterable[str] = (),
    ) -> None:
        """`ours`: our frameworks' names; `products`: names of other things (frameworks,
        tools, languages) that a message may write in a class's shape."""
        owners: dict[str, set[str]] = {}
        words_of: dict[str, set[str]] = {}
        quoting: dict[str, set[str]] = {}
        for framework_id, texts in texts_by_framework.items():
            words = words_of.setdefault(framework_id, set())
            for text in texts:
                words.update(normalize(text).tokens)
                for word in code_words(text) | set(_HYPHENATED.findall(text.lower())):
                    owners.setdefault(word, set()).add(framework_id)
                for message in printed_messages(text):
                    quoting.setdefault(message, set()).add(framework_id)
        # Padded with spaces, so a message is found only as whole words.
        self._printed = tuple(
            (f" {message} ", owner) for message, (owner, *rest) in quoting.items() if not rest
        )
        left_out = {name.lower() for name in ours}
        self._products = frozenset(name.lower() for name in products)
        # A name that another framework's facts use as a plain word ("index(", "get(",
        # "str") is an everyday name, whoever calls it.
        self._owner: dict[str, str] = {}
        for word, found in owners.items():
            if len(found) > 1 or word in left_out:
                continue
            (owner,) = found
            if not any(word in words_of[other] for other in words_of if other != owner):
                self._owner[word] = owner

    @classmethod
    def of(cls, kb: KnowledgeBase, products: Iterable[str] = ()) -> CodeImplied:
        """As the knowledge base's facts write code names."""
        return cls(
            {fid: [f.text for f in facts_of(fw)] for fid, fw in kb.frameworks.items()},
            ours=[name for fw in kb.frameworks.values() for name in (fw.id, fw.name)],
            products=products,
        )

    def framework(self, message: str) -> str | None:
        """The one framework the message's code names and quoted messages point to, if they
        point to one."""
        classes = {m.lower() for m in _CLASS_NAME.findall(message)} - self._products
        votes = Counter(
            owner
            for word in code_words(message, camel_case=False) | classes
            if (owner := self._owner.get(word)) is not None
        )
        # An error is often pasted as a code block, which understanding otherwise skips.
        words = f" {' '.join(normalize(message.replace('```', ' ')).tokens)} "
        votes.update(owner for printed, owner in self._printed if printed in words)
        if not votes:
            return None
        ranked = votes.most_common(2)
        if len(ranked) == 2 and ranked[1][1] == ranked[0][1]:
            return None
        return ranked[0][0]
