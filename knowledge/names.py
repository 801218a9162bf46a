"""Proper names the knowledge base's facts mention: people, companies, building blocks.

"Who is tiangolo?" or "which framework does Instagram use?" name no framework, yet a fact
answers each. This index maps such names, as normalised words, to the facts that mention
them, per framework.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge.base import Framework, KnowledgeBase, facts_of
from knowledge.schema import Fact

# A capitalised word inside a sentence, or a word in parentheses ("(tiangolo)").
_NAME = re.compile(r"(?<=[\w,;:] )([A-Z][\w\-]+)|\(([\w\-]+)\)")
_LOWERCASE_WORD = re.compile(r"\b[a-z][\w\-]*")
_PARENTHESES = re.compile(r"\([^)]*\)")
# Code written in backticks (`CORSMiddleware`) and paths (tiangolo/uvicorn) name no one.
_CODE = re.compile(r"`[^`]*`")
_PATH = re.compile(r"\S*/\S*")
_MIN_LENGTH = 4


@dataclass(frozen=True)
class NamedFact:
    framework_id: str
    fact: Fact


def fact_names(kb: KnowledgeBase, ignore: Iterable[str] = ()) -> Mapping[str, list[NamedFact]]:
    """Lowercase name -> the facts that mention it, in knowledge-base order. Names in
    `ignore` (framework names, aspect words, common words) are left out."""
    # A word the facts also write in lowercase is an ordinary word in a title ("REST
    # Framework"), not a name.
    ordinary = {
        word
        for fact in kb.all_facts()
        for word in _LOWERCASE_WORD.findall(_without_paths(_without_code(fact.text)))
    }
    ignored = {word.casefold() for word in ignore} | ordinary
    # A tool a topic names (Celery, peewee, Channels) is asked about through its topic;
    # it stays a name only where the framework's own description mentions it (Jinja).
    topic_words = {w.casefold() for topic in kb.topics.values() for w in topic.words}
    index: dict[str, list[NamedFact]] = {}
    listed: set[tuple[str, int]] = set()  # (name, id of fact): each fact once per name
    for framework in kb.frameworks.values():
        core = {id(f) for f in story_facts(framework)}
        for fact in facts_of(framework):
            for match in _NAME.finditer(_without_path(_without_code(fact.text))):
                written = match.group(1) or match.group(2)
                name = written.casefold()
                # An acronym (CRUD, HSTS, UUID) is a technical term, not a name to ask about.
                acronym = written.isupper()
                if len(name) < _MIN_LENGTH or name in ignored or name.isdigit() or acronym:
                    continue
                if name in topic_words and id(fact) not in core:
                    continue
                if (name, id(fact)) not in listed:
                    listed.add((name, id(fact)))
                    index.setdefault(name, []).append(NamedFact(framework.id, fact))
    return index


def _without_code(text: str) -> str:
    # Each pass only where its mark is: most facts have none (a build reads them all).
    return _CODE.sub(" ", text) if "`" in text else text


def _without_path(text: str) -> str:
    return _PATH.sub(" ", text) if "/" in text else text


def _without_paths(text: str) -> str:
    """Text without parenthesised asides and paths, where an ordinary word may be written
    capitalised or not."""
    return _without_path(_PARENTHESES.sub(" ", text) if "(" in text else text)


def story_facts(framework: Framework) -> tuple[Fact, ...]:
    """The framework's own story: its summary and its origin (creator, first release,
    pattern), where the names that belong to it are told."""
    origin = framework.origin
    return (framework.summary, origin.creator, origin.released, origin.pattern)
