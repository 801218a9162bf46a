"""Direct answers: the answer to the question asked first, then the few facts that matter.

The shape follows the question: a feature question gets yes / no / "via <package>" per
framework; a question on a topic (releases, deployment, why it is slow) gets the facts filed
under that topic, dated where they change over time; "when would you pick each" gets one
line per framework. Every sentence comes from a fact and keeps its source.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from bot.answer import Answer, Gap, Section, Suggestion
from bot.answers.budget import fits_budget, within_budget
from bot.answers.citations import Citations
from bot.answers.differences import differences_section, what_each_is
from bot.answers.retrieval import STRONG_SHARE, FactIndex
from bot.answers.suggestions import compare_with_others, recommend_me
from bot.answers.wording import joined
from knowledge import Fact, KnowledgeBase
from knowledge.base import Topic
from knowledge.schema import FeatureCell

# Facts per framework under the direct answer when one framework is asked about.
MORE_FACTS_ONE = 3
# ... and when it asks about two or three, for each of them.
MORE_FACTS_EACH = 1
# Facts in all on a topic question that names no framework, wherever they are best.
UNNAMED_FACTS = 4
# Facts in all for a question on no known topic, matched by its words alone.
WORD_MATCHED_FACTS = 3


def feature_status(cell: FeatureCell, topic: Topic) -> str:
    """The yes / no / "via <package>" part of a feature answer."""
    match cell.status:
        case "built_in":
            since = f" (since {cell.since})" if cell.since else ""
            return f"yes, built in{since}"
        case "partial":
            return "partly built in"
        case "first_party":
            return (
                f"not built in; via the official add-on {cell.package}"
                if cell.package
                else "not built in; via an add-on"
            )
        case "third_party":
            return f"not built in; use {cell.package}" if cell.package else "not built in"
        case _:
            return f"no built-in {topic.name}"


class DirectAnswers:
    """Composes the direct answers; the fact index is built once per knowledge base."""

    def __init__(self, kb: KnowledgeBase, index: FactIndex | None = None) -> None:
        self.kb = kb
        self.index = index or FactIndex(kb)

    def on_topic(
        self,
        topics: Sequence[str],
        framework_ids: Sequence[str],
        words: Sequence[str],
        aspect: str | None = None,
        *,
        how_to: bool = False,
        choosing: bool = False,
        joined: bool = False,
        yes_or_no: bool = True,
        asks_feature: bool = False,
    ) -> Answer | None:
        """The answer to a question about one topic, or None when the topic is unknown.
        `how_to`: the question is about working with the feature, not whether a framework
        has it, so the facts closest to its words lead, not the feature's own fact.
        `choosing`: it asks which framework, so each one gets its say even unnamed.
        `joined`: it asks about its first two topics together ("an ORM and migrations?").
        `yes_or_no`: it can be answered yes or no, so a feature's own fact is said among the
        rest ("since which version ...?" is past whether it has it).
        `asks_feature`: it asks whether a framework has it ("is it built in?")."""
        topic = self.kb.topics.get(topics[0]) if topics else None
        if topic is None:
            return None
        frameworks = list(framework_ids) or list(self.kb.frameworks)
        # Outside the matrix a topic has cells where a source says whether a framework has
        # it ("Django does not include CORS"): when that is what is asked ("built in or do I
        # need a package?", "which of django/fastapi can take it?"), the yes or no leads too.
        asks_whether = asks_feature or (choosing and len(frameworks) > 1)
        if topic.feature or (
            asks_whether and all(self.kb.feature(f, topic.id) for f in frameworks)
        ):
            answer = self._feature(
                topic,
                topics,
                frameworks,
                words,
                named=bool(framework_ids),
                how_to=how_to,
                joined=joined,
                choosing=choosing,
                yes_or_no=yes_or_no,
                asks_feature=asks_feature,
            )
        else:
            answer = self._topic_facts(
                topic,
                topics,
                frameworks,
                words,
                aspect,
                each=bool(framework_ids) or choosing,
                named=bool(framework_ids),
            )
        if aspect is None or aspect == topic.aspect or aspect not in self.kb.aspects:
            return answer
        if asks_feature:
            # "built in or do I need a package?": its aspect words ask whether the feature is
            # built in, which the yes or no answers; they are no second part.
            return answer
        return self._also_on(answer, aspect, frameworks)

    def _also_on(self, answer: Answer, aspect_id: str, frameworks: Sequence[str]) -> Answer:
        """A question with a second part on an aspect ("is Django dying? any jobs?"): the
        aspect's first fact per framework too, unless the answer has said it already."""
        cite = Citations(self.kb)
        aspect = self.kb.aspect(aspect_id)
        said = " ".join(part for s in answer.sections for part in (s.text or "", *s.bullets))
        fresh = {
            f: next((x for x in self.kb.facts_on(f, aspect_id) if x.text not in said), None)
            for f in frameworks
        }
        bullets = tuple(
            f"{self.kb.framework(f).name}: {cite.say(fact)}"
            for f, fact in fresh.items()
            if fact is not None
        )
        also = Section(heading=f"And on {aspect.in_sentence}", bullets=bullets)
        if not bullets or not fits_budget(answer.title, [*answer.sections, also]):
            # A second part only where both fit the budget: the first part is the point (an
            # aspect its words also touch, "endpoint" for APIs, is most often no question).
            return answer
        sources = tuple(dict.fromkeys((*answer.sources, *cite.refs())))
        return replace(answer, sections=(*answer.sections, also), sources=sources)

    def _feature(
        self,
        topic: Topic,
        topics: Sequence[str],
        frameworks: list[str],
        words: Sequence[str],
        *,
        named: bool,
        how_to: bool = False,
        joined: bool = False,
        choosing: bool = False,
        yes_or_no: bool = True,
        asks_feature: bool = False,
    ) -> Answer:
        """Yes / no / "via <package>" per framework in the title; under it the cell's fact
        and what else bears on the question, or for a how-to the facts closest to its
        words, the cell's among them only if it is one of those."""
        cite = Citations(self.kb)
        cells = {f: self.kb.feature(f, topic.id) for f in frameworks}
        if not named:  # "which of them has X?": the ones that have it built in first
            order = {"built_in": 0, "partial": 1, "first_party": 2, "third_party": 3, "none": 4}
            frameworks.sort(key=lambda f: order[c.status] if (c := cells[f]) else 4)
        # "what do people use for db access and migrations?": a second feature asked gets
        # its yes or no beside the first, and its fact among the rest.
        second = self.kb.topics.get(topics[1]) if joined and len(topics) > 1 else None
        if second is None or not second.feature or second.id == topic.id or how_to:
            second = None
        lines: list[str] = []
        sections: list[Section] = []
        missing: list[str] = []
        # Of three, the second feature's yes or no gets a line of its own under the title.
        second_lines: list[str] = []
        for framework_id in frameworks:
            name = self.kb.framework(framework_id).name
            cell = cells[framework_id]
            if cell is None:
                missing.append(framework_id)
                continue
            also = self.kb.feature(framework_id, second.id) if second is not None else None
            line = f"{name}: {feature_status(cell, topic)}"
            if also is not None and second is not None:
                if len(frameworks) <= 2:
                    line += f"; {second.name}: {feature_status(also, second)}"
                else:
                    second_lines.append(f"{name}: {feature_status(also, second)}")
            lines.append(line)
            room = MORE_FACTS_ONE if len(frameworks) == 1 else MORE_FACTS_EACH
            if how_to:
                shown = self._how_to_facts(framework_id, topics, words, cell, room)
            else:  # room for what else bears on the question, for each framework asked
                shown = self._facts_beside_cell(
                    framework_id,
                    topics,
                    words,
                    (cell, also),
                    room,
                    topic_id=topic.id,
                    yes_or_no=yes_or_no,
                    asks_feature=asks_feature,
                )
            said = [cite.say(f) for f in shown]
            sections.append(Section(heading=name if len(frameworks) > 1 else None,
                                    bullets=tuple(said)))  # fmt: skip
        if second is not None and second_lines:
            sections.insert(0, Section(text=_feature_title(second, second_lines)))
        if named and (beside := self._built_in_elsewhere(topic, cells, cite)) is not None:
            sections.append(beside)
        # "which of the three lets me mix sync and async views?": when every one asked has it
        # built in, that is the answer, before each one's line.
        everyone = (
            choosing
            and not missing
            and len(frameworks) > 1
            and all((c := cells[f]) is not None and c.status == "built_in" for f in frameworks)
        )
        title = _feature_title(topic, lines, everyone=everyone)
        if (
            how_to
            and lines
            and all((c := cells[f]) is None or c.status == "built_in" for f in frameworks)
        ):
            # "how do I set the author in the admin?": working with a feature every one
            # asked has built in; that it has it is no answer, so the title names the topic.
            title = _topic_title(
                (self.kb.framework(f).name for f in frameworks if cells[f] is not None), topic
            )
        return self._answer(
            title,
            sections,
            frameworks=frameworks,
            missing=missing,
            topic=topic,
            cite=cite,
            each=named,
        )

    def _how_to_facts(
        self,
        framework_id: str,
        topics: Sequence[str],
        words: Sequence[str],
        cell: Fact,
        room: int,
    ) -> list[Fact]:
        """For a how-to on a feature: the facts closest to its words, the cell's among them
        only if it is one of those, or when the words tell the topic's facts apart not at all."""
        facts = self._more(framework_id, topics, words, exclude=(), limit=room + 1)
        if cell not in facts and not self.index.tells_apart(framework_id, words, topics, room + 2):
            # "how do I add authentication to FastAPI?": words that every fact on the topic
            # shares rank none above the rest (file order, release notes first, would
            # decide); the feature's own fact is the general answer.
            facts = [cell, *facts[:room]]
        return facts or [cell]

    def _facts_beside_cell(
        self,
        framework_id: str,
        topics: Sequence[str],
        words: Sequence[str],
        cells: tuple[Fact, Fact | None],
        room: int,
        *,
        topic_id: str,
        yes_or_no: bool,
        asks_feature: bool,
    ) -> list[Fact]:
        """The feature's cell (and the second feature's, `cells`) with what else bears on
        the question. The cell's fact leads unless others share more of the question's
        rarer words ("what is the debugger PIN for?" is past whether it has a CLI); of three,
        each one's next fact comes while the answer has room."""
        cell, also = cells
        more = self._more(framework_id, topics, words, exclude=(cell,), limit=room + 1)
        # The cell goes where the question's rarer words put it among the rest, which keep
        # the order their ranking gave them.
        ordered = self.index.in_word_order(framework_id, words, [cell, *more])
        # ... but not past one filed elsewhere, which may share only the words a question is
        # put in ("the three names in one table" and a fact naming three model inheritance
        # styles): it comes right after.
        filed = [f for f in more if self.index.filed_under(f, topic_id)]
        ahead = filed[: sum(1 for _ in itertools.takewhile(filed.__contains__, ordered))]
        facts = [*ahead, cell, *(f for f in more if f not in ahead)]
        shown = facts[: room + 1]
        # The cell is the yes or no asked; advice asked, or what a question opening
        # "which"/"what"/"since" asks, is past whether it is; and unless whether it is built
        # in is asked, a cell that shares none of the question's rarer words answers another
        # question ("flask can't parse json??" is not whether Flask validates requests).
        said_of_it = asks_feature or self.index.shares_rarer_words(words, cell)
        if cell not in shown and yes_or_no and said_of_it and not self.index.asks_advice(words):
            shown = [shown[0], cell, *shown[1:room]]
        if also is not None and also not in shown:
            # In place of the last fact that is not the first feature's own.
            drop = max(i for i, f in enumerate(shown) if f is not cell)
            shown = [*shown[:drop], *shown[drop + 1 :], also]
        return shown

    def _built_in_elsewhere(
        self, topic: Topic, cells: Mapping[str, FeatureCell | None], cite: Citations
    ) -> Section | None:
        """ "flask or fastapi for an internal tool where ops edit rows?": when two or more of
        ours are set side by side on a feature none of them has built in, the one not asked
        that has it, in its own fact (Django's admin); None otherwise."""
        if len(cells) < 2 or any(c is not None and c.status == "built_in" for c in cells.values()):
            return None
        for framework_id in self.kb.frameworks:
            cell = self.kb.feature(framework_id, topic.id)
            if framework_id not in cells and cell is not None and cell.status == "built_in":
                name = self.kb.framework(framework_id).name
                return Section(
                    heading=f"Not asked, but {name} has it built in",
                    bullets=(cite.say(cell),),
                )
        return None

    def _topic_facts(
        self,
        topic: Topic,
        topics: Sequence[str],
        frameworks: list[str],
        words: Sequence[str],
        aspect: str | None,
        *,
        each: bool,
        named: bool = False,
    ) -> Answer:
        cite = Citations(self.kb)
        sections: list[Section] = []
        missing: list[str] = []
        aspect = aspect or topic.aspect
        if each:
            per_framework = MORE_FACTS_ONE + 1 if len(frameworks) == 1 else 2
            found = {
                f: self.index.relevant_on_topics(
                    f, words, topics, aspect=aspect, limit=per_framework
                )
                for f in frameworks
            }
        else:  # "uvicorn or daphne?": the best facts wherever they are
            found = self.index.relevant_across(
                frameworks, words, topics, aspect=aspect, limit=UNNAMED_FACTS
            )
            frameworks = [*found] or frameworks
        for framework_id in frameworks:
            name = self.kb.framework(framework_id).name
            facts = found.get(framework_id, [])
            if not facts:
                missing.append(framework_id)
                continue
            sections.append(
                Section(
                    heading=name if len(frameworks) > 1 else None,
                    bullets=tuple(cite.say(f) for f in facts),
                )
            )
        title = _topic_title((self.kb.framework(f).name for f in frameworks), topic)
        return self._answer(
            title,
            sections,
            frameworks=frameworks,
            missing=missing,
            topic=topic,
            cite=cite,
            each=named,
        )

    def on_words(
        self,
        framework_ids: Sequence[str],
        content_words: Sequence[str],
        quoted: Sequence[str] = (),
        share: float = STRONG_SHARE,
    ) -> Answer | None:
        """The answer to a question on no known topic from the facts that share most of its
        content words ("what does OAuth2PasswordBearer do?"), or None when none does.
        `quoted`: the words of a term it quotes, the one it asks about."""
        frameworks = list(framework_ids) or list(self.kb.frameworks)
        found = self.index.matching_words(
            frameworks, content_words, limit=WORD_MATCHED_FACTS, quoted=quoted, share=share
        )
        if not found:
            return None
        cite = Citations(self.kb)
        sections = [
            Section(
                heading=self.kb.framework(f).name if len(found) > 1 else None,
                bullets=tuple(cite.say(fact) for fact in facts),
            )
            for f, facts in found.items()
        ]
        names = joined(self.kb.framework(f).name for f in found)
        title = f"{names}: what my sources say on that"
        kept = within_budget(title, sections)
        suggestions = (*compare_with_others(self.kb, list(found)), recommend_me())
        return Answer(
            title=title, sections=kept, suggestions=suggestions, sources=cite.refs_in(kept)
        )

    def when_each(self, framework_ids: Sequence[str]) -> Answer:
        """One line per framework on when to choose it (its verdict), then what each is and
        what the feature matrix says sets them apart."""
        cite = Citations(self.kb)
        frameworks = list(framework_ids) or list(self.kb.frameworks)
        bullets = []
        for framework_id in frameworks:
            framework = self.kb.framework(framework_id)
            bullets.append(f"Pick {framework.name} when: {cite.say(framework.verdict)}")
        names = joined((self.kb.framework(f).name for f in frameworks), "or")
        # What each is and what the feature matrix says sets them apart back each line up.
        # (what each is already says where the rest comes from: extensions, add-ons)
        differences = differences_section(self.kb, cite, frameworks, add_ons=False)
        return Answer(
            title=f"{names}: when to pick each",
            sections=(
                Section(bullets=tuple(bullets)),
                what_each_is(self.kb, cite, frameworks, "What each is"),
                *((differences,) if differences else ()),
            ),
            suggestions=(
                *(
                    Suggestion(f"Use cases of {self.kb.framework(f).name}", f"use cases of {f}")
                    for f in frameworks[:2]
                ),
                recommend_me(),
            ),
            sources=cite.refs(),
        )

    def _more(
        self,
        framework_id: str,
        topics: Sequence[str],
        words: Sequence[str],
        exclude: tuple[Fact, ...],
        limit: int = MORE_FACTS_ONE,
    ) -> list[Fact]:
        return self.index.relevant_on_topics(
            framework_id, words, topics, limit=limit, exclude=exclude
        )

    def _answer(
        self,
        title: str,
        sections: list[Section],
        *,
        frameworks: Sequence[str],
        missing: list[str],
        topic: Topic,
        cite: Citations,
        each: bool = False,
    ) -> Answer:
        """A topic answer: its sections within budget, then the frameworks it has no facts
        on for the topic, named (the gap is data too, for counting what goes unanswered).
        `each`: the frameworks were asked about by name, so each one gets its say."""
        if missing:
            sections.append(self._gap(topic, missing))
        kept = within_budget(title, sections, each=each and len(frameworks) > 1)
        return Answer(
            title=title,
            sections=kept,
            suggestions=self._suggestions(frameworks, topic),
            sources=cite.refs_in(kept),
            gap=Gap(topic.id, tuple(missing)) if missing else None,
        )

    def _gap(self, topic: Topic, framework_ids: list[str]) -> Section:
        names = joined((self.kb.framework(f).name for f in framework_ids), "or")
        return Section(text=f"I have no facts on {topic.name} for {names}.")

    def _suggestions(self, frameworks: Sequence[str], topic: Topic) -> tuple[Suggestion, ...]:
        more: list[Suggestion] = []
        if topic.aspect is not None and topic.aspect in self.kb.aspects:
            aspect = self.kb.aspect(topic.aspect)
            others = [f for f in self.kb.frameworks if f not in frameworks]
            fws = list(frameworks) if len(frameworks) > 1 else [*frameworks, *others[:1]]
            more.append(
                Suggestion(
                    f"More on {aspect.in_sentence}", f"compare {' and '.join(fws)} on {aspect.id}"
                )
            )
        return (*more, *compare_with_others(self.kb, frameworks), recommend_me())


_ALL_OF = {2: "both", 3: "all three"}


def _topic_title(names: Iterable[str], topic: Topic) -> str:
    """ "Django and Flask: sessions": the frameworks and the topic their facts are on."""
    return f"{joined(names)}: {topic.name}"


def _feature_title(topic: Topic, lines: list[str], *, everyone: bool = False) -> str:
    name = topic.name[0].upper() + topic.name[1:]
    if not lines:
        return name
    if len(lines) == 1:
        return f"{name} in {lines[0]}"
    if everyone:
        return f"{name}: {_ALL_OF.get(len(lines), 'all of them')} have it built in - " + "; ".join(
            lines
        )
    return f"{name}: " + "; ".join(lines)
