"""Turn raw Slack or console text into clean lowercase tokens before any matching."""

from __future__ import annotations

import functools
import html
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_CHARS = 4000  # understanding needs the gist; a 100 KB paste must not cost 100 KB of work

_CODE_BLOCK = re.compile(r"```.*?(```|$)", re.DOTALL)
_INLINE_CODE = re.compile(r"`([^`]*)`")
_SLACK_LINK = re.compile(r"<(https?://|mailto:)[^>|]*\|([^>]*)>")
_SLACK_ANGLE = re.compile(r"<[^>]*>")
_EMOJI_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_URL = re.compile(r"https?://\S+")
# Lookarounds, not groups: a literal replacement is the cheaper substitution.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
# English contractions join up ("don't": "dont"); any other apostrophe inside a word parts
# a name from its ending or article ("Flask'ın", "Django'nun", "l'admin", "dell'ORM").
_CONTRACTION = re.compile(r"(?<=\w)['’](?=(?:t|re|ve|ll|d|m)\b)")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
# Where the combining marks of words are: the scripts whose vowel signs \w leaves out
# (Devanagari to Thai, Arabic, Hebrew ...), diacritics and kana voicing; not the variation
# selectors and enclosing keycaps of emoji ("☀️"), which stay out of words.
_MARK_BLOCKS = ((0x0300, 0x1DFF), (0x20D0, 0x20DC), (0x302A, 0x309A))


def _combining_marks() -> str:
    """The combining marks as regex ranges: a vowel sign is part of its word ("फायदे", not
    "फ यद"), though \\w does not match it (NFKC has already composed Latin accents)."""
    marks = [
        c
        for low, high in _MARK_BLOCKS
        for c in range(low, high + 1)
        if unicodedata.category(chr(c)).startswith("M")
    ]
    ranges: list[str] = []
    start = previous = marks[0]
    for code in [*marks[1:], -1]:
        if code != previous + 1:
            ranges.append(f"\\u{start:04x}-\\u{previous:04x}")
            start = code
        previous = code
    return "".join(ranges)


# Anything but letters, digits and dots; then a dot not inside a number: "5.2" and "3.1.3"
# stay one word each (a version), where "django." or "e.g." lose their dots.
_NON_WORD = re.compile(rf"[^\w.{_combining_marks()}]+")
_LOOSE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
# A letter typed three times or more ("hiiii", "thaaanks", "sooo").
_ELONGATED = re.compile(r"([a-zA-Z])\1{2,}")
_HYPHEN_MARK = " hyphenjoinmark "  # survives the punctuation pass as a word of its own
_UNDERSCORE_MARK = " underscorejoinmark "  # the same for "send_welcome_email"
_HYPHEN_MARK_WORD, _UNDERSCORE_MARK_WORD = _HYPHEN_MARK.strip(), _UNDERSCORE_MARK.strip()
# A word written as a call ("values()", "qs.count("): a mark after it survives as a word too.
_CALL = re.compile(r"(?<=\w)\(")
_CALL_MARK = " calljoinmark "
_CALL_MARK_WORD = _CALL_MARK.strip()
# A word written as a URL path ("/docs", "/api/docs"), not after "//" or "scheme:": a mark
# before it says so. A web address's host ("docs.djangoproject.com") is no path.
_PATH = re.compile(r"(?<![:/])/(?=[a-z_])")
_PATH_MARK = " pathjoinmark "
_PATH_MARK_WORD = _PATH_MARK.strip()
# Where a sentence or clause ends: ".", "!", "?", ";" or ":" before a space, a dash set apart, a
# line break ("yo @bot quick q — does fastapi come with an orm", "..., right? pretty sure").
_CLAUSE_BREAK = re.compile(r"[.!;:?]+(?=\s)|\s[—–-]+\s|[—–]|\n")
_CLAUSE_MARK = " clausebreakmark "
_CLAUSE_MARK_WORD = _CLAUSE_MARK.strip()
# A word in capitals, an abbreviation as a rule ("DI", "ORM").
_IN_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]+\b")
# Scripts written without spaces: each character is a word, so "用Django吗" still names Django.
_UNSPACED = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f])")


@dataclass(frozen=True)
class NormalizedText:
    """Lowercase words of a message, without markup, code, emoji or punctuation."""

    text: str
    tokens: tuple[str, ...]
    is_question: bool
    # Indices of tokens written with a hyphen to the next ("flask-login": the 0 of flask).
    hyphenated: frozenset[int] = frozenset()
    # Indices of tokens written with an underscore to the next, inside one identifier
    # ("customer_email": the 0 of customer).
    underscored: frozenset[int] = frozenset()
    # Indices of tokens written as code: a call, an opening parenthesis right after
    # ("values()"), or a field lookup after a double underscore ("__date", "created__year").
    as_code: frozenset[int] = frozenset()
    # Of those, the field lookups.
    lookups: frozenset[int] = frozenset()
    # Indices of tokens written in capitals, two letters or more ("DI", "ORM").
    capitals: frozenset[int] = frozenset()
    # Indices of tokens that start a sentence or clause after the first ("hi all. does...").
    clause_starts: frozenset[int] = frozenset()


def strip_slack_markup(raw: str) -> str:
    """Remove mentions, broadcasts, channel links and code; keep link labels; unescape.
    Each pass runs only when its mark is in the text: most messages (and every fact the
    index reads at start-up) have none of them."""
    text = raw[: MAX_CHARS * 2]
    if "`" in text:
        text = _CODE_BLOCK.sub(" ", text)
        text = _INLINE_CODE.sub(r" \1 ", text)
    if "<" in text:
        text = _SLACK_LINK.sub(r" \2 ", text)
        text = _SLACK_ANGLE.sub(" ", text)  # <@U123>, <#C1|general>, <!channel>, <!here>, <url>
    if "&" in text:
        text = html.unescape(text)
        text = _SLACK_ANGLE.sub(" ", text)  # markup that arrived escaped (&lt;!channel&gt;)
    if "://" in text:
        text = _URL.sub(" ", text)
    return _EMOJI_SHORTCODE.sub(" ", text) if ":" in text else text


_NO_POSITIONS: frozenset[int] = frozenset()


def _positions(found: set[int]) -> frozenset[int]:
    """Token positions, frozen; most messages have none, and those share one empty set
    (an empty frozenset is not a singleton: thousands of cached texts held their own)."""
    return frozenset(found) if found else _NO_POSITIONS


def _with_marks(text: str) -> str:
    """The text as words and marks: punctuation gone, but where a clause breaks, a word is
    hyphenated, underscored, called or a URL path, a mark word of its own says so."""
    text = _CLAUSE_BREAK.sub(_CLAUSE_MARK, text)
    if "-" in text:
        text = _HYPHEN.sub(_HYPHEN_MARK, text)
    if "(" in text:
        text = _CALL.sub(_CALL_MARK, text)
    if "/" in text:
        text = _PATH.sub(_PATH_MARK, text)
    text = _NON_WORD.sub(" ", text)
    if "." in text:
        text = _LOOSE_DOT.sub(" ", text)
    if "_" in text:
        text = text.replace("_", _UNDERSCORE_MARK)
    return text


@functools.lru_cache(maxsize=4096)  # pure; facts, phrases and topic words are read twice or more
def normalize(raw: str) -> NormalizedText:
    """Normalise a message: markup stripped, lowercase, possessives and punctuation removed."""
    text = strip_slack_markup(raw)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text[:MAX_CHARS]
    is_question = "?" in text
    in_capitals = frozenset(w.casefold() for w in _IN_CAPITALS.findall(text))
    text = text.casefold()
    if "'" in text or "’" in text:
        text = _POSSESSIVE.sub("", text)
        text = _CONTRACTION.sub("", text)  # don't -> dont
        text = _APOSTROPHE.sub(" ", text)
    if not text.isascii():
        text = _UNSPACED.sub(r" \1 ", text)
    text = _with_marks(text)
    tokens: list[str] = []
    hyphenated: set[int] = set()
    underscored: set[int] = set()
    as_code: set[int] = set()
    lookups: set[int] = set()
    clause_starts: set[int] = set()
    underscores = 0  # in a row before the word to come
    path = False  # the word to come is written as a URL path
    for word in text.split():
        if word == _CLAUSE_MARK_WORD:
            if tokens:
                clause_starts.add(len(tokens))
        elif word == _HYPHEN_MARK_WORD:
            if tokens:
                hyphenated.add(len(tokens) - 1)
        elif word == _UNDERSCORE_MARK_WORD:
            underscores += 1
            if tokens:
                underscored.add(len(tokens) - 1)
        elif word == _CALL_MARK_WORD:
            if tokens:
                as_code.add(len(tokens) - 1)
        elif word == _PATH_MARK_WORD:
            path = True
        else:
            if path:
                as_code.add(len(tokens))
                path = False
            if underscores >= 2:
                lookups.add(len(tokens))
            underscores = 0
            tokens.append(sys.intern(word))  # one string per word, however many texts
    return NormalizedText(
        text=" ".join(tokens),
        tokens=tuple(tokens),
        is_question=is_question,
        hyphenated=_positions(hyphenated),
        underscored=_positions(underscored),
        as_code=_positions(as_code | lookups),
        lookups=_positions(lookups),
        capitals=_positions({i for i, t in enumerate(tokens) if t in in_capitals})
        if in_capitals
        else _NO_POSITIONS,
        clause_starts=_positions({i for i in clause_starts if i < len(tokens)}),
    )


_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def one_word_names(names: Iterable[str]) -> frozenset[str]:
    """The names that normalise to a single word ("starlette", "djnago"), as that word."""
    return frozenset(tokens[0] for name in names if len(tokens := normalize(name).tokens) == 1)


# A name as code writes it, which the words lose: snake_case ("_request_ctx_stack",
# "AUTH_USER_MODEL") or a dotted path ("django.conf.urls", "werkzeug.utils").
_CODE_NAME = re.compile(
    r"(?<![\w.])(?:_*[a-z][a-z0-9]*(?:_+[a-z0-9]+)+_*|_*[a-z][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+)(?!\w)",
    re.IGNORECASE,
)
_NOT_CODE = frozenset({"e.g", "i.e", "etc.etc"})


def code_names(raw: str) -> tuple[str, ...]:
    """The snake_case names and dotted paths a text writes, lowercase, once each."""
    if "_" not in raw and "." not in raw:
        return ()
    found = (m.lower() for m in _CODE_NAME.findall(raw))
    return tuple(dict.fromkeys(sys.intern(n) for n in found if n not in _NOT_CODE))


def with_tails(names: Iterable[str]) -> frozenset[str]:
    """Code names and the paths they end with that are code names too
    ("self.request.is_ajax": also "request.is_ajax" and "is_ajax"): one writes a name
    through whatever object holds it."""
    found: set[str] = set()
    for name in names:
        found.add(name)
        parts = name.split(".")
        found.update(t for n in range(1, len(parts)) if is_code_name(t := ".".join(parts[n:])))
    return frozenset(found)


def is_code_name(token: str) -> bool:
    """Whether a word is a code name as `code_names` gives it (a normalised word has no
    underscore, and a dot only inside a number)."""
    return "_" in token or ("." in token and not is_number(token))


def is_number(token: str) -> bool:
    """A number or a version ("3", "5.2", "3.1.3")."""
    return _NUMBER.fullmatch(token) is not None


def without_elongation(message: str) -> str:
    """A message with each letter typed three times or more typed twice, as in the words
    ("Hiiii" -> "Hii", "thaaanks" -> "thaanks", a near spelling the matcher corrects).
    People type so; the facts and phrases the bot is built from do not, so it is applied
    to messages only."""
    return _ELONGATED.sub(r"\1\1", message)
