"""What sets frameworks apart, read off the feature matrix: built into one, not the other."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import Answer, Section, Suggestion
from bot.answers.citations import Citations
from bot.answers.suggestions import recommend_me
from knowledge import KnowledgeBase
from knowledge.base import Topic

# Differences named per framework, in the matrix's order (topics.yaml lists what people
# ask about most first), so the answer stays short and its sources few.
DIFFERENCES_EACH = 4


def compose_differences(kb: KnowledgeBase, framework_ids: Sequence[str]) -> Answer:
    """The main differences (built in here, an add-on or missing there), then when to pick
    each; the full side-by-side table is one click away."""
    cite = Citations(kb)
    features = [t for t in kb.topics.values() if t.feature]
    bullets: list[str] = []
    for framework_id in framework_ids:
        framework = kb.framework(framework_id)
        others = [f for f in framework_ids if f != framework_id]
        # The starkest first: missing elsewhere, then a community package, then an official
        # add-on; the matrix order (what people ask about most) breaks ties.
        gaps: list[tuple[int, int, Topic, list[str], str]] = []
        for order, topic in enumerate(features):
            cell = kb.feature(framework_id, topic.id)
            if cell is None or cell.status != "built_in":
                continue
            without = [o for o in others if not _built_in(kb, o, topic.id)]
            if without:
                distance = max(_DISTANCE.get(_status(kb, o, topic.id), 0) for o in without)
                gaps.append((-distance, order, topic, without, cell.source))
        if not gaps:
            continue
        gaps.sort(key=lambda g: (g[0], g[1]))
        only_here = [topic for _, _, topic, _, _ in gaps[:DIFFERENCES_EACH]]
        lacking: dict[str, None] = {}
        for _, _, _, without, source in gaps[:DIFFERENCES_EACH]:
            cite.cite(source)
            lacking.update(dict.fromkeys(without))
        names = ", ".join(topic.name for topic in only_here)
        other_names = " or ".join(kb.framework(o).name for o in others)
        line = f"Built into {framework.name}, not {other_names}: {names}."
        bullets.append(line + _add_ons(kb, cite, list(lacking), only_here))
    verdicts = tuple(
        f"{kb.framework(f).name}: {cite.say(kb.framework(f).verdict)}" for f in framework_ids
    )
    names = " vs ".join(kb.framework(f).name for f in framework_ids)
    sections = [Section(heading="Main differences", bullets=tuple(bullets))] if bullets else []
    sections.append(Section(heading="When to pick each", bullets=verdicts))
    table = " vs ".join(framework_ids)
    return Answer(
        title=f"{names}: what sets them apart",
        sections=tuple(sections),
        suggestions=(Suggestion("Side by side", table), recommend_me()),
        sources=cite.refs(),
    )


_DISTANCE = {"none": 3, "third_party": 2, "first_party": 1}


def _status(kb: KnowledgeBase, framework_id: str, topic_id: str) -> str:
    cell = kb.feature(framework_id, topic_id)
    return cell.status if cell is not None else "none"


def _built_in(kb: KnowledgeBase, framework_id: str, topic_id: str) -> bool:
    cell = kb.feature(framework_id, topic_id)
    return cell is not None and cell.status == "built_in"


def _add_ons(kb: KnowledgeBase, cite: Citations, lacking: list[str], topics: list[Topic]) -> str:
    """ " Flask: admin interface via Flask-Admin, ORM via Flask-SQLAlchemy.": the packages
    the cells of the frameworks that lack them name."""
    parts: list[str] = []
    for other in lacking:
        packages = []
        for topic in topics:
            cell = kb.feature(other, topic.id)
            if cell is not None and cell.status != "built_in" and cell.package:
                cite.cite(cell.source)
                packages.append(f"{topic.name} via {cell.package}")
        if packages:
            parts.append(f"{kb.framework(other).name}: {', '.join(packages)}.")
    return " " + " ".join(parts) if parts else ""
