"""Answers of the guided recommendation: the questions and the final recommendation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answer import Answer, Prompt, Section, Suggestion
from bot.answers.citations import Citations
from bot.answers.repeats import NEAR_REPEAT_WORDS, near_repeat, words_of
from bot.dialogue import Outcome
from knowledge import KnowledgeBase
from knowledge.schema import Fact, Question

# Characters of a recommendation's sections past which facts on what the message described
# are left out: the reasons and the runner-up come first.
RECOMMENDATION_BUDGET = 1100

CONTROLS_HINT = 'Answer with a number, an option, or your own words; "skip", "back", "cancel".'


def compose_question(
    question: Question, number: int, total: int, intro: str | None = None
) -> Answer:
    sections = (Section(text=intro),) if intro else ()
    return Answer(
        title=f"Question {number} of {total}: {question.text}",
        sections=(*sections, Section(text=CONTROLS_HINT)),
        prompt=Prompt(question=question.text, options=tuple(o.label for o in question.options)),
    )


def with_question(answer: Answer, question_answer: Answer) -> Answer:
    """An answer to a side question, followed by the pending question asked again."""
    again = Section(
        heading=f"Back to my question: {question_answer.prompt.question}"
        if question_answer.prompt
        else None
    )
    return replace(
        answer, sections=(*answer.sections, again), prompt=question_answer.prompt, suggestions=()
    )


def compose_outcome(
    kb: KnowledgeBase,
    outcome: Outcome,
    from_opening: bool = False,
    described: Sequence[Fact] = (),
    runner_up_on_asked: Sequence[Fact] = (),
) -> Answer:
    """The recommendation: the framework, points per framework, reasons with sources, runner-up.
    `from_opening`: decided from what the first message said, without asking the questions;
    `described`: the winner's facts on what that message describes, said after the reasons;
    `runner_up_on_asked`: the runner-up's facts on the aspect the message asks about, the
    best first ("we want async for a few endpoints: rewrite our flask app in fastapi?": what
    Flask offers on async is the other side of the choice)."""
    cite = Citations(kb)
    winner = kb.framework(outcome.winner)
    # Best first; on a tie of points the one recommended (its tie broken, see Dialogue).
    points = sorted(outcome.scores.items(), key=lambda kv: (-kv[1], kv[0] != outcome.winner))
    score_line = ", ".join(f"{kb.framework(f).name} {p:g}" for f, p in points)
    why: list[str] = []
    # A need the winner meets best is a reason for it; one it meets less well (an extension,
    # not built in) is said too, with how it is met: the person weighed it.
    unmet = [t for t in outcome.needs if t not in outcome.needs_met]
    for topic_id in (*outcome.needs_met, *unmet):
        cell = kb.feature(winner.id, topic_id)
        if cell is not None:
            why.append(f"You need {kb.topics[topic_id].name}: {cite.say(cell)}")
    for reason in outcome.reasons:
        facts = kb.facts_on(winner.id, reason.option.aspect) if reason.option.aspect else []
        if facts:
            why.append(f"You chose \u201c{reason.option.label}\u201d: {cite.say(facts[0])}")
    if len(why) < 2:
        why.append(cite.say(winner.verdict))
    sections = [
        Section(heading="Points from your answers", text=score_line),
        Section(heading=f"Why {winner.name}", bullets=tuple(why[:3])),
    ]
    if from_opening:
        said = "; ".join(
            [f"\u201c{r.option.label}\u201d" for r in outcome.chosen]
            + [f"you need {kb.topics[t].name}" for t in outcome.needs]
        )
        sections[0] = Section(
            heading="From what you told me", text=f"{said}. Points: {score_line}."
        )
    if outcome.runner_up is not None:
        runner = kb.framework(outcome.runner_up)
        edge = outcome.runner_up_reason
        facts = list(runner_up_on_asked) or (
            kb.facts_on(runner.id, edge.option.aspect)
            if edge is not None and edge.option.aspect
            else []
        )
        detail = cite.say(facts[0]) if facts else cite.say(runner.verdict)
        when = (
            f"If \u201c{edge.option.label}\u201d mattered most, {runner.name} would win. "
            if edge is not None
            else ""
        )
        sections.append(Section(heading=f"Runner-up: {runner.name}", text=when + detail))
    on_what_said = _described_within_budget(cite, described, sections)
    if on_what_said:
        # After the points and the reasons, before the runner-up: the pick first, then
        # what it offers there.
        sections.insert(
            2, Section(heading=f"{winner.name} on what you describe", bullets=on_what_said)
        )
    rival = outcome.runner_up or next((f for f, _ in points if f != winner.id), None)
    compare = (
        Suggestion(
            f"Compare {winner.name} and {kb.framework(rival).name}", f"{winner.id} vs {rival}"
        )
        if rival is not None
        else None
    )
    restart = Suggestion(
        "Answer all the questions" if from_opening else "Start over", "help me choose"
    )
    suggestions = tuple(s for s in (compare, restart) if s)
    return Answer(
        title=f"My recommendation: {winner.name}",
        sections=tuple(sections),
        suggestions=suggestions,
        sources=cite.refs(),
        recommendation=winner.id,
    )


def _described_within_budget(
    cite: Citations, described: Sequence[Fact], sections: Sequence[Section]
) -> tuple[str, ...]:
    """The facts on what was described that are not said already, while the answer stays
    short enough to read in Slack at a glance."""
    said = " ".join(b for s in sections for b in (*s.bullets, s.text or ""))
    used = len(said) + sum(len(s.heading or "") for s in sections)
    kept: list[str] = []
    worded = [words_of(b) for s in sections for b in s.bullets]
    for fact in described:
        words = words_of(fact.text)
        if fact.text in said or any(
            near_repeat(words, earlier, NEAR_REPEAT_WORDS) for earlier in worded
        ):
            continue  # said already, or the same point in other words
        # Measured before it is said: saying a fact cites its source.
        if used + len(fact.text) > RECOMMENDATION_BUDGET:
            break
        kept.append(cite.say(fact))
        worded.append(words)
        used += len(kept[-1])
    return tuple(kept)


def compose_note(title: str, text: str, suggestions: tuple[Suggestion, ...] = ()) -> Answer:
    return Answer(title=title, sections=(Section(text=text),), suggestions=suggestions)
