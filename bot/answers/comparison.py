"""Answers that weigh frameworks against each other: compare and best_for."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.answer import Answer, Row, Section, SideBySide, Suggestion
from bot.answers.budget import within_budget
from bot.answers.citations import FACTS_PER_SIDE, Citations
from bot.answers.differences import differences_section
from bot.answers.suggestions import compare_on, recommend_me
from knowledge import Fact, KnowledgeBase

# Facts per framework on the aspect compared; the main differences follow them.
FACTS_PER_SIDE_COMPARED = 2
# The topic of the facts that say how a framework relates to one it is built on.
RELATIONSHIP_TOPIC = "foundations"
# The article's six comparison dimensions, in the article's order.
GENERAL_ASPECTS = ("packages", "community", "performance", "flexibility", "jobs", "learning")
# The side-by-side table's rows after "What it is". Packages and flexibility are left out:
# "What it is" says them from current sources (batteries included, a micro-framework with
# extensions), where the article's rows only restate full-stack against minimalistic.
TABLE_ASPECTS = ("performance", "learning", "community", "jobs")


def compose_comparison(
    kb: KnowledgeBase, framework_ids: Sequence[str], aspect_id: str | None
) -> Answer:
    """Side by side: what each is and the article's main dimensions (or one aspect in
    depth), then when to pick each."""
    if aspect_id is not None:
        return _compare_on_aspect(kb, framework_ids, aspect_id)
    cite = Citations(kb)
    names = tuple(kb.framework(f).name for f in framework_ids)
    # What each is comes first: the article's six dimensions read differently once you
    # know one is an ASGI API framework and another a WSGI micro-framework.
    rows = [Row(label="What it is", cells=tuple(cite.say_in_short(f) for f in framework_ids))]
    for aspect in (a for a in TABLE_ASPECTS if a in kb.aspects):
        cells = []
        for framework_id in framework_ids:
            facts = kb.facts_on(framework_id, aspect)
            cells.append(cite.say(facts[0]) if facts else "No source says.")
        rows.append(Row(label=kb.aspect(aspect).name, cells=tuple(cells)))
    verdicts = tuple(
        f"{kb.framework(f).name}: {cite.say(kb.framework(f).verdict)}" for f in framework_ids
    )
    suggestions = [
        compare_on(kb, framework_ids, a) for a in ("performance", "learning") if a in kb.aspects
    ]
    return Answer(
        title=" vs ".join(names),
        table=SideBySide(columns=names, rows=tuple(rows)),
        sections=(Section(heading="Verdict", bullets=verdicts),),
        suggestions=(*suggestions, recommend_me()),
        sources=cite.refs(),
    )


def _compare_on_aspect(kb: KnowledgeBase, framework_ids: Sequence[str], aspect_id: str) -> Answer:
    cite = Citations(kb)
    aspect = kb.aspect(aspect_id)
    sections: list[Section] = []
    ranking = aspect.ranking
    leader = _leader(kb, aspect_id, framework_ids)
    if ranking is not None and leader is not None:
        cite.cite(ranking.source, said=ranking.text)
        winner = kb.framework(leader).name
        sections.append(Section(heading=f"Of these, {winner} comes out ahead", text=ranking.text))
    sides: list[Section] = []
    for framework_id in framework_ids:
        framework = kb.framework(framework_id)
        facts = kb.facts_on(framework_id, aspect_id)[:FACTS_PER_SIDE_COMPARED]
        if facts:
            # Choosing on one aspect still turns on what each framework is ("batteries
            # included" against a micro-framework with extensions): said after its facts on
            # the aspect where there is room, unless one of them is it.
            what_it_is = [f for f in kb.in_short(framework_id) if f not in facts][:1]
            said = [*facts, *what_it_is]
            sides.append(Section(heading=framework.name, bullets=tuple(map(cite.say, said))))
        else:
            sides.append(
                Section(
                    heading=framework.name,
                    text=f"My sources say nothing about its {aspect.in_sentence}.",
                )
            )
    differences = differences_section(kb, cite, framework_ids, aspect_id)
    if differences is not None:  # what sets them apart on this aspect
        sides.append(differences)
    names = " vs ".join(kb.framework(f).name for f in framework_ids)
    title = f"{names} on {aspect.in_sentence}"
    # Each side's best fact first, then each one's next while they fit.
    sections += within_budget(title, sides, each=True)
    others = [a for a in GENERAL_ASPECTS if a != aspect_id and a in kb.aspects][:2]
    return Answer(
        title=title,
        sections=tuple(sections),
        suggestions=(*(compare_on(kb, framework_ids, a) for a in others), recommend_me()),
        sources=cite.refs_in(sections),
        favoured=leader,
    )


def _leader(kb: KnowledgeBase, aspect_id: str, framework_ids: Sequence[str]) -> str | None:
    """The one of `framework_ids` a source ranks first on an aspect, if one ranks them."""
    if kb.aspect(aspect_id).ranking is None:
        return None
    return next((f for f in kb.ranked(aspect_id) if f in framework_ids), None)


# Facts of the one of ours built on another framework that speak for it in a comparison.
FOUNDATION_FACTS = 2


def compose_one_side(
    kb: KnowledgeBase,
    framework_id: str,
    aspect_id: str | None,
    others: Sequence[str],
    *,
    by_words: bool = False,
    foundations: Mapping[str, str] | None = None,
) -> Answer:
    """A comparison with only one of our frameworks in it ("Flask vs Express?"): say what we
    don't cover, give our side of it, and offer comparisons we can make. `foundations`: the
    other frameworks ours are built on, each with the one of ours built on it (Starlette:
    FastAPI), whose facts speak for it ("switch from flask to starlette?")."""
    cite = Citations(kb)
    framework = kb.framework(framework_id)
    sections: list[Section] = []
    # What the framework's own facts say of the other ("FastAPI vs Starlette": FastAPI is
    # built on it), closest to the question first.
    mentioned = {o: facts_naming(kb, framework_id, o, by_words=by_words) for o in others}
    unknown = [o for o, facts in mentioned.items() if not facts]
    through = {
        other: (home, naming)
        for other in unknown
        if (home := (foundations or {}).get(other)) is not None
        and home != framework_id
        and (naming := facts_naming(kb, home, other, by_words=by_words))
    }
    unknown = [o for o in unknown if o not in through]
    if unknown:
        names = [f.name for f in kb.frameworks.values()]
        covered = ", ".join(names[:-1]) + f" and {names[-1]}"
        sections.append(
            Section(
                text=f"I only cover {covered}, so I can't speak for "
                f"{', '.join(unknown)}. Here is {framework.name}'s side."
            )
        )
    for other, (home, naming) in through.items():
        built_on_it = kb.framework(home).name
        sections.append(
            Section(
                heading=f"{other}, which {built_on_it} is built on: what my {built_on_it} "
                "facts say of it",
                bullets=tuple(cite.say(f) for f in naming[:FOUNDATION_FACTS]),
            )
        )
    known = [o for o, facts in mentioned.items() if facts]
    for other in known:
        bullets = tuple(cite.say(f) for f in mentioned[other][:FACTS_PER_SIDE])
        heading = other if len(known) > 1 else None  # else the title says it
        sections.append(Section(heading=heading, bullets=bullets))
    # A choice between two of its add-ons ("DRF or Django Ninja?") gives them the room.
    if aspect_id is not None and len(known) < 2 and kb.facts_on(framework_id, aspect_id):
        aspect = kb.aspect(aspect_id)
        sections.append(
            Section(
                heading=f"{framework.name} on {aspect.in_sentence}",
                bullets=tuple(
                    cite.say(f) for f in kb.facts_on(framework_id, aspect_id)[:FACTS_PER_SIDE]
                ),
            )
        )
        ranking = aspect.ranking
        if ranking is not None:
            cite.cite(ranking.source)
            sections.append(Section(heading="How it ranks", text=ranking.text))
    elif not known:  # (what its facts say of the other says enough without a description)
        sections.append(Section(heading=framework.name, text=cite.say(framework.summary)))
        sections.append(Section(heading="Verdict", text=cite.say(framework.verdict)))
    rivals = [f for f in kb.frameworks if f != framework_id]
    suggestions = tuple(
        Suggestion(
            f"Compare {framework.name} with {kb.framework(r).name}",
            f"{framework_id} vs {r}" + (f" on {aspect_id}" if aspect_id else ""),
        )
        for r in rivals
    )
    return Answer(
        title=_one_side_title(framework.name, [*known, *through]),
        sections=tuple(sections),
        suggestions=(*suggestions, recommend_me()),
        sources=cite.refs(),
    )


def compose_best_for(
    kb: KnowledgeBase, aspect_id: str | None, framework_ids: Sequence[str] = ()
) -> Answer:
    """The winner for an aspect, why, and the runner-up and when it would be better."""
    if aspect_id is None:
        return _which_aspect(kb)
    aspect = kb.aspect(aspect_id)
    cite = Citations(kb)
    candidates = list(framework_ids) if len(framework_ids) >= 2 else list(kb.frameworks)
    order = [f for f in kb.ranked(aspect_id) if f in candidates]
    sections: list[Section] = []
    favoured: str | None = None
    if aspect.ranking is not None and order:
        cite.cite(aspect.ranking.source)
        winner = kb.framework(order[0])
        favoured = winner.id
        why = tuple(cite.say(f) for f in kb.facts_on(winner.id, aspect_id)[:2])
        sections.append(
            Section(
                heading=f"Best for {aspect.in_sentence}: {winner.name}",
                text=aspect.ranking.text,
                bullets=why,
            )
        )
        if len(order) > 1:
            runner_up = kb.framework(order[1])
            when = kb.facts_on(runner_up.id, aspect_id)[:1]
            sections.append(
                Section(
                    heading=f"Runner-up: {runner_up.name}", bullets=tuple(cite.say(f) for f in when)
                )
            )
    else:
        sections.append(
            Section(
                text=f"No source I have ranks them on {aspect.in_sentence}; "
                "here is what each offers."
            )
        )
        for framework_id in candidates:
            facts = kb.facts_on(framework_id, aspect_id)
            if facts:
                sections.append(
                    Section(
                        heading=kb.framework(framework_id).name,
                        bullets=tuple(cite.say(f) for f in facts[:2]),
                    )
                )
    return Answer(
        title=f"Which is best for {aspect.in_sentence}?",
        sections=tuple(sections),
        suggestions=(compare_on(kb, candidates, aspect_id), recommend_me()),
        sources=cite.refs(),
        favoured=favoured,
    )


def _which_aspect(kb: KnowledgeBase) -> Answer:
    options = tuple(
        Suggestion(f"Best for {kb.aspect(a).in_sentence}", f"which is best for {a}")
        for a in GENERAL_ASPECTS
        if a in kb.aspects
    )
    return Answer(
        title="Best for what?",
        sections=(
            Section(text="Each framework wins on something different. Which matters most to you?"),
        ),
        suggestions=(*options[:4], recommend_me()),
    )


def facts_naming(
    kb: KnowledgeBase, framework_id: str, name: str, *, by_words: bool = False
) -> list[Fact]:
    """The framework's facts that name `name`: those on what it is built on first (they say
    how the two relate), of them what it is ("Django Ninja is ..."), then those on features
    (what one adds over the other, before a licence or a release history), then those about
    it (that start with its name), then those that only mention it, each in the question's
    order."""
    # One fact filed in two lists (a strength and an aspect's) is one fact here.
    naming = list({f.text: f for f in kb.facts_naming(framework_id, name)}.values())
    ordered = kb.in_question_order(framework_id, naming)
    if by_words:
        return ordered
    lowered = name.lower()

    def rank(fact: Fact) -> tuple[bool, bool, bool, bool]:
        text = fact.text.lower()
        about = text.startswith(lowered)
        defined = about and _DEFINITION.match(text, len(lowered)) is not None
        on_features = any(t in kb.topics and kb.topics[t].feature for t in fact.topics)
        return RELATIONSHIP_TOPIC not in fact.topics, not defined, not on_features, not about

    return sorted(ordered, key=rank)


# What follows a name in a sentence that says what it is: "Django Ninja is a web framework",
# "Django REST Framework (DRF) is a flexible toolkit".
_DEFINITION = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:is|are)\b")


def _one_side_title(name: str, known: Sequence[str]) -> str:
    if not known:
        return f"{name} compared"
    if len(known) == 1:
        return f"{name} and {known[0]}"
    return f"{' or '.join(known)}, on {name}"
