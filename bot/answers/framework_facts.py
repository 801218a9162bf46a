"""Answers about one framework at a time: describe, pros, cons, use cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer, Section, Suggestion
from bot.answers.citations import Citations
from bot.answers.suggestions import compare_with_others, recommend_me
from knowledge import Fact, Framework, KnowledgeBase

LIST_TITLES = {"pros": "Strengths", "cons": "Weaknesses", "use_cases": "Use cases"}


def compose_description(
    kb: KnowledgeBase, framework_ids: Sequence[str], aspect_id: str | None
) -> Answer:
    """What each framework is: summary, origin, pattern, current status and verdict. Asked
    about one aspect ("is Flask async?"), the aspect's facts lead and the rest is the
    summary and verdict."""
    cite = Citations(kb)
    sections: list[Section] = []
    for framework in _frameworks(kb, framework_ids):
        if aspect_id is not None:
            on_aspect = _aspect_section(kb, cite, framework, aspect_id)
            if len(framework_ids) == 1:  # the title already says it
                on_aspect = replace(on_aspect, heading=None)
            sections.append(on_aspect)
            sections.append(Section(heading=framework.name, text=cite.say(framework.summary)))
        else:
            origin = framework.origin
            bullets = [cite.say(origin.creator), cite.say(origin.released)]
            bullets += [cite.say(origin.pattern), *(cite.say(f) for f in framework.current)]
            sections.append(
                Section(
                    heading=framework.name,
                    text=cite.say(framework.summary),
                    bullets=tuple(bullets),
                )
            )
        sections.append(Section(heading="Verdict", text=cite.say(framework.verdict)))
    title = _names_title(kb, framework_ids, "What is")
    if aspect_id is not None:
        title = f"{_names(kb, framework_ids)} on {kb.aspect(aspect_id).name.lower()}"
    return Answer(
        title=title,
        sections=tuple(sections),
        suggestions=_per_framework_suggestions(kb, framework_ids),
        sources=cite.refs(),
    )


def compose_fact_list(
    kb: KnowledgeBase, kind: str, framework_ids: Sequence[str], aspect_id: str | None
) -> Answer:
    """Pros, cons or use cases of each framework, most important first."""
    cite = Citations(kb)
    sections: list[Section] = []
    for framework in _frameworks(kb, framework_ids):
        if aspect_id is not None:  # asked about one aspect: its facts first
            sections.append(_aspect_section(kb, cite, framework, aspect_id))
        facts: list[Fact] = list(getattr(framework, kind))
        heading = f"{LIST_TITLES[kind]} of {framework.name}"
        sections.append(Section(heading=heading, bullets=tuple(cite.say(f) for f in facts)))
    return Answer(
        title=f"{_names(kb, framework_ids)}: {LIST_TITLES[kind].lower()}",
        sections=tuple(sections),
        suggestions=_per_framework_suggestions(kb, framework_ids, skip=kind),
        sources=cite.refs(),
    )


def _aspect_section(
    kb: KnowledgeBase, cite: Citations, framework: Framework, aspect_id: str
) -> Section:
    aspect = kb.aspect(aspect_id)
    facts = kb.facts_on(framework.id, aspect_id)
    if not facts:
        return Section(
            heading=f"{framework.name} on {aspect.name.lower()}",
            text="My sources say nothing specific about this.",
        )
    return Section(
        heading=f"{framework.name} on {aspect.name.lower()}",
        bullets=tuple(cite.say(f) for f in facts),
    )


def _frameworks(kb: KnowledgeBase, framework_ids: Sequence[str]) -> list[Framework]:
    return [kb.framework(f) for f in framework_ids]


def _names(kb: KnowledgeBase, framework_ids: Sequence[str]) -> str:
    return " and ".join(kb.framework(f).name for f in framework_ids)


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
