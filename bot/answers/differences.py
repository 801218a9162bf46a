"""What sets frameworks apart, read off the feature matrix: built into one, not the other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer import Answer, Section, Suggestion
from bot.answers.citations import Citations
from bot.answers.suggestions import recommend_me
from bot.answers.wording import joined
from knowledge import KnowledgeBase
from knowledge.base import Topic

# Differences named per framework, in the matrix's order (topics.yaml lists what people
# ask about most first), so the answer stays short and its sources few.
DIFFERENCES_EACH = 4
# ... and in all, shared between the frameworks compared: three frameworks get two each.
DIFFERENCES_IN_ALL = 6
# A comparison of fewer frameworks than this names the add-ons that fill each gap.
ADD_ONS_UP_TO = 3


def compose_differences(kb: KnowledgeBase, framework_ids: Sequence[str]) -> Answer:
    """What each is in a line and the main differences (built in here, an add-on or missing
    there); when to pick each and the full side-by-side table are one click away (the
    article's verdicts and their source were a fifth of a two-way comparison's 1,700
    characters)."""
    cite = Citations(kb)
    names = " vs ".join(kb.framework(f).name for f in framework_ids)
    sections = [what_each_is(kb, cite, framework_ids, "In short")]
    # Of three, the add-ons each lacks would double the lines and their sources.
    add_ons = len(framework_ids) < ADD_ONS_UP_TO
    differences = differences_section(kb, cite, framework_ids, add_ons=add_ons)
    if differences is not None:
        sections.append(differences)
    table = " vs ".join(framework_ids)
    return Answer(
        title=f"{names}: what sets them apart",
        sections=tuple(sections),
        suggestions=(
            Suggestion("When to pick each", f"when to pick {' or '.join(framework_ids)}"),
            Suggestion("Side by side", table),
            recommend_me(),
        ),
        sources=cite.refs(),
    )


def compose_trade_offs(kb: KnowledgeBase, framework_ids: Sequence[str]) -> Answer:
    """ "Moving from Django to FastAPI, what do we lose?": what is built into each and not
    the other, with the add-ons that fill the gap; nothing on what each is or when to pick
    it, which the person has decided past."""
    cite = Citations(kb)
    names = " vs ".join(kb.framework(f).name for f in framework_ids)
    differences = differences_section(kb, cite, framework_ids)
    if differences is None:
        return compose_differences(kb, framework_ids)
    table = " vs ".join(framework_ids)
    return Answer(
        title=f"{names}: what each has built in that the other lacks",
        sections=(Section(bullets=differences.bullets),),
        suggestions=(Suggestion("Side by side", table), recommend_me()),
        sources=cite.refs(),
    )


def what_each_is(
    kb: KnowledgeBase, cite: Citations, framework_ids: Sequence[str], heading: str
) -> Section:
    """One line per framework on what it is (its `in_short` facts, else its summary)."""
    lines = tuple(f"{kb.framework(f).name}: {cite.say_in_short(f)}" for f in framework_ids)
    return Section(heading=heading, bullets=lines)


def differences_section(
    kb: KnowledgeBase,
    cite: Citations,
    framework_ids: Sequence[str],
    aspect: str | None = None,
    *,
    add_ons: bool = True,
) -> Section | None:
    """One line per framework: what is built into it and not the others (and the packages
    the others name for it instead); with an `aspect`, only the features that belong to it,
    so a comparison on async support is not padded with the admin and the ORM; without
    `add_ons`, not the packages the others name for them (a shorter line, fewer sources)."""
    bullets: list[str] = []
    for framework_id in framework_ids:
        others = [f for f in framework_ids if f != framework_id]
        each = min(DIFFERENCES_EACH, DIFFERENCES_IN_ALL // len(framework_ids))
        gaps = built_in_only(kb, framework_id, others, limit=each, aspect=aspect)
        # One line per set of frameworks without them: of three, type hints are built into
        # Flask and FastAPI both, so Flask's line on them names Django only.
        lines: dict[tuple[str, ...], list[Gap]] = {}
        for gap in gaps:
            cite.cite(gap.source)
            lines.setdefault(gap.without, []).append(gap)
        for without, alike in lines.items():
            only_here = [gap.topic for gap in alike]
            names = ", ".join(topic.name for topic in only_here)
            other_names = joined((kb.framework(o).name for o in without), "or")
            line = f"Built into {kb.framework(framework_id).name}, not {other_names}: {names}."
            packages, sources = _add_ons(kb, list(without), only_here) if add_ons else ("", [])
            line += packages
            # Each source is cited with the line that says it: an answer cut to its budget
            # keeps the sources of the lines it keeps.
            for source in (*(gap.source for gap in alike), *sources):
                cite.cite(source, said=line)
            bullets.append(line)
    return Section(heading="Main differences", bullets=tuple(bullets)) if bullets else None


@dataclass(frozen=True)
class Gap:
    """A feature built into one framework that `without` lack (its cell's source)."""

    topic: Topic
    without: tuple[str, ...]
    source: str


def built_in_only(
    kb: KnowledgeBase,
    framework_id: str,
    others: Sequence[str],
    limit: int = DIFFERENCES_EACH,
    aspect: str | None = None,
) -> list[Gap]:
    """Features built into the framework and not into some of `others`, in the matrix's
    order (what people weigh most when comparing first); where the others have an official
    add-on for it, the difference is smaller and comes last. With an `aspect`, only its
    features."""
    features = [t for t in kb.topics.values() if t.feature and aspect in (None, t.aspect)]
    ranked: list[tuple[int, int, Gap]] = []
    for order, topic in enumerate(features):
        cell = kb.feature(framework_id, topic.id)
        if cell is None or cell.status != "built_in":
            continue
        without = tuple(o for o in others if not _built_in(kb, o, topic.id))
        if without:
            official = all(_status(kb, o, topic.id) == "first_party" for o in without)
            ranked.append((int(official), order, Gap(topic, without, cell.source)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [gap for _, _, gap in ranked[:limit]]


def _status(kb: KnowledgeBase, framework_id: str, topic_id: str) -> str:
    cell = kb.feature(framework_id, topic_id)
    return cell.status if cell is not None else "none"


def _built_in(kb: KnowledgeBase, framework_id: str, topic_id: str) -> bool:
    cell = kb.feature(framework_id, topic_id)
    return cell is not None and cell.status == "built_in"


def _add_ons(kb: KnowledgeBase, lacking: list[str], topics: list[Topic]) -> tuple[str, list[str]]:
    """ " Flask: admin interface via Flask-Admin, ORM via Flask-SQLAlchemy.": the packages
    the cells of the frameworks that lack them name, and the sources of those cells."""
    parts: list[str] = []
    sources: list[str] = []
    for other in lacking:
        packages = []
        for topic in topics:
            cell = kb.feature(other, topic.id)
            if cell is not None and cell.status != "built_in" and cell.package:
                sources.append(cell.source)
                packages.append(f"{topic.name} via {cell.package}")
        if packages:
            parts.append(f"{kb.framework(other).name}: {', '.join(packages)}.")
    return (" " + " ".join(parts) if parts else ""), sources
