"""Answers about one framework at a time: describe, pros, cons, use cases."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer, Section, Suggestion
from bot.answers.citations import FACTS_PER_SIDE, Citations
from bot.answers.differences import DIFFERENCES_EACH, built_in_only
from bot.answers.suggestions import compare_with_others, recommend_me
from bot.answers.wording import joined
from knowledge import Fact, Framework, KnowledgeBase

# Facts listed per framework for its strengths, weaknesses or use cases.
MAX_LISTED = 5
# Facts on each side, when strengths and weaknesses are asked for together.
BOTH_SIDES_EACH = 3
# A description names the newest release or two; the rest of `current` answers questions
# about releases and support directly.
CURRENT_IN_DESCRIPTION = 2
# Facts under a description's summary: what it is made of and its status come first, so the
# history is what a long list loses.
DESCRIPTION_FACTS = 5
# Origin and status facts in a description that answers a question of its own ("who
# created Django?", "is Django MVC?"): the ones its words pick, not the whole story.
FACTS_IN_SHORT_DESCRIPTION = 2
LIST_TITLES = {"pros": "Strengths", "cons": "Weaknesses", "use_cases": "Use cases"}


def compose_description(
    kb: KnowledgeBase,
    framework_ids: Sequence[str],
    aspect_id: str | None,
    topic: str | None = None,
    *,
    short: bool = False,
) -> Answer:
    """What each framework is: summary, origin, pattern, current status and verdict; with
    `short` (the question says more than "what is X?"), only the origin and status facts
    its words pick first, and no verdict. Asked
    about a name the facts mention ("who is tiangolo?"), those facts lead; asked about one
    aspect ("is Flask async?"), the aspect's facts answer it (summary and verdict only
    when there are none: a specific question gets no generic description)."""
    cite = Citations(kb)
    frameworks = _frameworks(kb, framework_ids)
    named, _ = _topic_sections(kb, cite, framework_ids, topic)
    if named:
        title = f"{_names(kb, framework_ids)} and {_display_name(kb, framework_ids, topic)}"
        sections = [*named, *(_summary(cite, f) for f in frameworks)]
    elif aspect_id is not None:
        title = f"{_names(kb, framework_ids)} on {kb.aspect(aspect_id).in_sentence}"
        sections = []
        for framework in frameworks:
            on_aspect = _aspect_section(kb, cite, framework, aspect_id)
            if len(frameworks) == 1:  # the title already says it
                on_aspect = replace(on_aspect, heading=None)
            sections.append(on_aspect)
            if not on_aspect.bullets:  # nothing on the aspect: say what it is instead
                sections += [_summary(cite, framework), _verdict(cite, framework)]
    else:
        title = _names_title(kb, framework_ids, "What is")
        sections = []
        for framework in frameworks:
            sections.append(_whole_description(cite, framework, short=short))
            if not short:
                sections.append(_verdict(cite, framework))
    return Answer(
        title=title,
        sections=tuple(sections),
        suggestions=_per_framework_suggestions(kb, framework_ids),
        sources=cite.refs(),
    )


def _summary(cite: Citations, framework: Framework) -> Section:
    return Section(heading=framework.name, text=cite.say(framework.summary))


def _verdict(cite: Citations, framework: Framework) -> Section:
    return Section(heading="Verdict", text=cite.say(framework.verdict))


def _whole_description(cite: Citations, framework: Framework, *, short: bool = False) -> Section:
    """Summary, then what the framework is made of (its in-short facts and pattern), its
    current status, and last its history (creator, first release); `short`: the few of
    those the question's words put first. "What is Flask, and why choose it?" wants the
    microframework and its extensions before the April Fool's story."""
    origin = framework.origin
    text = cite.say(framework.summary)
    facts = [*cite.kb.in_short(framework.id), origin.pattern]
    facts += [*framework.current[:CURRENT_IN_DESCRIPTION], origin.creator, origin.released]
    facts = [f for i, f in enumerate(facts) if f is not framework.summary and f not in facts[:i]]
    facts = facts[:DESCRIPTION_FACTS]
    if short:
        facts = cite.kb.in_question_order(framework.id, facts)[:FACTS_IN_SHORT_DESCRIPTION]
    return Section(heading=framework.name, text=text, bullets=tuple(cite.say(f) for f in facts))


def compose_fact_list(
    kb: KnowledgeBase,
    kind: str,
    framework_ids: Sequence[str],
    aspect_id: str | None,
    topic: str | None = None,
    *,
    limit: int = MAX_LISTED,
) -> Answer:
    """Pros, cons or use cases of each framework, most important first (`limit` facts
    each, after what the feature matrix shows)."""
    cite = Citations(kb)
    sections, shown = _topic_sections(kb, cite, framework_ids, topic)
    for framework in _frameworks(kb, framework_ids):
        listed = limit
        if aspect_id is not None:  # asked about one aspect: its facts first, a shorter list
            sections.append(_aspect_section(kb, cite, framework, aspect_id))
            listed = min(limit, BOTH_SIDES_EACH)
        facts: list[Fact] = [f for f in getattr(framework, kind) if id(f) not in shown]
        facts = kb.in_question_order(framework.id, facts)  # the question's own words first
        heading = f"{LIST_TITLES[kind]} of {framework.name}"
        from_matrix = _from_the_matrix(kb, cite, framework.id, kind)
        bullets = (*from_matrix, *(cite.say(f) for f in facts[:listed]))
        sections.append(Section(heading=heading, bullets=bullets))
    return Answer(
        title=f"{_names(kb, framework_ids)}: {LIST_TITLES[kind].lower()}",
        sections=tuple(sections),
        suggestions=_per_framework_suggestions(kb, framework_ids, skip=kind),
        sources=cite.refs(),
    )


def compose_both_sides(
    kb: KnowledgeBase,
    framework_ids: Sequence[str],
    aspect_id: str | None,
    topic: str | None = None,
) -> Answer:
    """Strengths and weaknesses together ("Django pros and cons"), a few of each."""
    pros = compose_fact_list(kb, "pros", framework_ids, aspect_id, topic, limit=BOTH_SIDES_EACH)
    cons = compose_fact_list(kb, "cons", framework_ids, None, None, limit=BOTH_SIDES_EACH)
    sections = (*pros.sections, *cons.sections)
    return Answer(
        title=f"{_names(kb, framework_ids)}: strengths and weaknesses",
        sections=sections,
        suggestions=_per_framework_suggestions(kb, framework_ids, skip="pros"),
        sources=tuple(dict.fromkeys((*pros.sources, *cons.sources))),
    )


def _from_the_matrix(
    kb: KnowledgeBase, cite: Citations, framework_id: str, kind: str
) -> tuple[str, ...]:
    """A strength or weakness the feature matrix shows: built in here and not elsewhere,
    or built in elsewhere and not here."""
    others = [f for f in kb.frameworks if f != framework_id]
    if kind == "pros":
        gaps = built_in_only(kb, framework_id, others)
        if not gaps:
            return ()
        # Each gap said against the ones that lack it: Flask's type hints are built into
        # FastAPI too, so "unlike Django", not "unlike Django or FastAPI".
        lacking: dict[tuple[str, ...], list[str]] = {}
        for gap in gaps:
            cite.cite(gap.source)
            lacking.setdefault(tuple(gap.without), []).append(gap.topic.name)
        return tuple(
            f"Built in, unlike {joined((kb.framework(o).name for o in without), 'or')}: "
            f"{', '.join(features)}."
            for without, features in lacking.items()
        )
    if kind == "cons":
        missing: list[tuple[str, str]] = []  # (feature, the framework that has it built in)
        for topic in (t for t in kb.topics.values() if t.feature):
            cell = kb.feature(framework_id, topic.id)
            if cell is None or cell.status in ("built_in", "first_party"):
                continue
            having = [
                o for o in others if (c := kb.feature(o, topic.id)) and c.status == "built_in"
            ]
            if having:
                cite.cite(cell.source)
                missing.append((topic.name, kb.framework(having[0]).name))
            if len(missing) == DIFFERENCES_EACH:
                break
        if not missing:
            return ()
        where = joined(dict.fromkeys(name for _, name in missing), "or")
        return (f"Not built in, unlike in {where}: {', '.join(f for f, _ in missing)}.",)
    return ()


def _aspect_section(
    kb: KnowledgeBase, cite: Citations, framework: Framework, aspect_id: str
) -> Section:
    aspect = kb.aspect(aspect_id)
    facts = kb.facts_on(framework.id, aspect_id)[:FACTS_PER_SIDE]
    if not facts:
        return Section(
            heading=f"{framework.name} on {aspect.in_sentence}",
            text="My sources say nothing specific about this.",
        )
    return Section(
        heading=f"{framework.name} on {aspect.in_sentence}",
        bullets=tuple(cite.say(f) for f in facts),
    )


def _topic_sections(
    kb: KnowledgeBase, cite: Citations, framework_ids: Sequence[str], topic: str | None
) -> tuple[list[Section], set[int]]:
    """The facts that mention a name the question asked about ("Instagram"), and the ids
    of those facts, so that the rest of the answer does not say them again."""
    sections: list[Section] = []
    shown: set[int] = set()
    if topic is None:
        return sections, shown
    name = _display_name(kb, framework_ids, topic)
    for framework in _frameworks(kb, framework_ids):
        facts = kb.facts_naming(framework.id, topic)
        shown.update(id(f) for f in facts)
        if facts:
            heading = f"What my sources say about {name}"
            if len(framework_ids) > 1:
                heading += f" and {framework.name}"
            # The first few, so a much-mentioned name does not fill the answer on its own.
            named = tuple(cite.say(f) for f in facts[:FACTS_PER_SIDE])
            sections.append(Section(heading=heading, bullets=named))
    return sections, shown


def _display_name(kb: KnowledgeBase, framework_ids: Sequence[str], topic: str | None) -> str:
    """The name as the facts write it ("Instagram" for "instagram")."""
    word = re.compile(rf"\b{re.escape(topic or '')}\b", re.IGNORECASE)
    for framework_id in framework_ids:
        for fact in kb.facts_naming(framework_id, topic or ""):
            if found := word.search(fact.text):
                return found.group(0)
    return topic or ""


def _frameworks(kb: KnowledgeBase, framework_ids: Sequence[str]) -> list[Framework]:
    return [kb.framework(f) for f in framework_ids]


def _names(kb: KnowledgeBase, framework_ids: Sequence[str]) -> str:
    return joined(kb.framework(f).name for f in framework_ids)


def _names_title(kb: KnowledgeBase, framework_ids: Sequence[str], prefix: str) -> str:
    return f"{prefix} {_names(kb, framework_ids)}?"


def _per_framework_suggestions(
    kb: KnowledgeBase, framework_ids: Sequence[str], skip: str = ""
) -> tuple[Suggestion, ...]:
    first = kb.framework(framework_ids[0])
    options = [
        Suggestion(
            f"{LIST_TITLES[kind]} of {first.name}", f"{kind.replace('_', ' ')} of {first.id}"
        )
        for kind in ("pros", "cons", "use_cases")
        if kind != skip
    ]
    return (*options, *compare_with_others(kb, framework_ids), recommend_me())
