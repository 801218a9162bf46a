"""The guided recommendation: a pure state machine over the questions in the knowledge base."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from intents.normalize import normalize
from knowledge import KnowledgeBase
from knowledge.schema import AnswerOption, Question

DIALOGUE_TTL_SECONDS = 30 * 60
_SHORT = 5  # control words ("back", "start over") only count in short messages

CONTROL_WORDS = {
    "back": ("back", "go back", "previous", "undo", "previous question"),
    "skip": ("skip", "pass", "next", "dont know", "not sure", "no idea", "no preference",
             "doesnt matter", "dunno", "idk", "skip it", "skip this"),
    "restart": ("restart", "start over", "start again", "reset", "begin again", "from scratch"),
    "cancel": ("cancel", "stop", "quit", "exit", "never mind", "nevermind", "abort",
               "forget it", "no thanks"),
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "one": 1,
             "two": 2, "three": 3, "four": 4, "five": 5}  # fmt: skip
_NUMBER = re.compile(
    r"^(?:option |number |no |the )?(\d|first|second|third|fourth|fifth|one"
    r"|two|three|four|five)(?: one| option)?$"
)


@dataclass(frozen=True)
class DialogueState:
    """Answers so far (question id -> option id), skipped questions and the pending one."""

    answers: tuple[tuple[str, str], ...] = ()
    skipped: tuple[str, ...] = ()
    pending: str | None = None
    updated_at: float = 0.0

    def answered(self) -> dict[str, str]:
        return dict(self.answers)

    def expired(self, now: float) -> bool:
        return now - self.updated_at > DIALOGUE_TTL_SECONDS

    def to_dict(self) -> dict[str, Any]:
        return {
            "answers": [list(pair) for pair in self.answers],
            "skipped": list(self.skipped),
            "pending": self.pending,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueState | None:
        if not data:
            return None
        return cls(
            answers=tuple((str(q), str(o)) for q, o in data.get("answers", [])),
            skipped=tuple(data.get("skipped", [])),
            pending=data.get("pending"),
            updated_at=float(data.get("updated_at", 0.0)),
        )


@dataclass(frozen=True)
class Reason:
    question: Question
    option: AnswerOption


@dataclass(frozen=True)
class Outcome:
    """The recommendation: points per framework, the winner and runner-up, and why."""

    scores: dict[str, float]
    winner: str
    runner_up: str | None
    reasons: tuple[Reason, ...]
    runner_up_reason: Reason | None
    chosen: tuple[Reason, ...] = field(default=())
    # Features the person said they need (topic ids), and those the winner provides best.
    needs: tuple[str, ...] = ()
    needs_met: tuple[str, ...] = ()
    # Every framework weighed has the same points and no answer breaks the tie ("We know
    # Flask"): what was said decides nothing.
    undecided: bool = False


class Dialogue:
    """Questions from the knowledge base; parses answers given as label, number or own words."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.questions = {q.id: q for q in kb.questions}
        self._order = [q.id for q in kb.questions]
        self._words = {
            q.id: [(o.id, [normalize(w).text for w in o.words]) for o in q.options]
            for q in kb.questions
        }
        people = sorted((normalize(w).text for w in kb.people_words), key=len, reverse=True)
        # The word right before a word for people ("backend" in "2 backend devs").
        self._before_people = (
            re.compile(rf"\S+ (?=(?:{'|'.join(map(re.escape, people))})\b)") if people else None
        )
        # A reply to a question may also use the words that only answer it when asked.
        self._reply_words = {
            q.id: [
                (o.id, [normalize(w).text for w in (*o.words, *o.reply_words)]) for o in q.options
            ]
            for q in kb.questions
        }

    def question(self, question_id: str) -> Question:
        return self.questions[question_id]

    def start(self, opening: str, now: float, using: Sequence[str] = ()) -> DialogueState:
        """A new dialogue, with every question the opening message already answers filled in;
        `using` names frameworks the person already works with (options with their id)."""
        text = normalize(opening).text
        answers = []
        for question_id in self._order:
            option = self._by_words(question_id, text)
            if option is None:
                ids = {o.id for o in self.questions[question_id].options}
                option = next((f for f in using if f in ids), None)
            if option is not None:
                answers.append((question_id, option))
        return self._advance(DialogueState(answers=tuple(answers), updated_at=now))

    def control(self, message: str) -> str | None:
        """ "back", "skip", "restart" or "cancel" when the message says so, else None."""
        norm = normalize(message)
        if not norm.tokens or len(norm.tokens) > _SHORT:
            return None
        text = norm.text
        for command, words in CONTROL_WORDS.items():
            if text in words or any(f" {w} " in f" {text} " for w in words if " " in w):
                return command
        return None

    def answer(self, state: DialogueState, message: str, now: float) -> DialogueState | None:
        """The state after the person answers the pending question; None if not an answer."""
        if state.pending is None:
            return None
        option = self.parse_option(state.pending, message)
        if option is None:
            return None
        answers = (
            *[(q, o) for q, o in state.answers if q != state.pending],
            (state.pending, option),
        )
        # Extra details in the same message ("an API, and speed is critical") fill later questions.
        text = normalize(message).text
        answered = {q for q, _ in answers}
        for question_id in self._order:
            if question_id not in answered and question_id not in state.skipped:
                extra = self._by_words(question_id, text)
                if extra is not None:
                    answers = (*answers, (question_id, extra))
        return self._advance(replace(state, answers=answers, updated_at=now))

    def skip(self, state: DialogueState, now: float) -> DialogueState:
        skipped = (*state.skipped, state.pending) if state.pending else state.skipped
        return self._advance(replace(state, skipped=skipped, updated_at=now))

    def back(self, state: DialogueState, now: float) -> DialogueState:
        """Reopen the question answered or skipped last before the pending one."""
        done = [q for q in self._order if q in state.answered() or q in state.skipped]
        if state.pending in done:
            done.remove(state.pending)
        before = [
            q
            for q in done
            if state.pending is None or self._order.index(q) < self._order.index(state.pending)
        ]
        if not before:
            return replace(state, updated_at=now)
        target = before[-1]
        return replace(
            state,
            answers=tuple((q, o) for q, o in state.answers if q != target),
            skipped=tuple(q for q in state.skipped if q != target),
            pending=target,
            updated_at=now,
        )

    def parse_option(self, question_id: str, message: str) -> str | None:
        question = self.questions[question_id]
        text = normalize(message).text
        if not text:
            return None
        number = _NUMBER.match(text)
        if number is not None:
            value = number.group(1)
            index = int(value) if value.isdigit() else _ORDINALS[value]
            return question.options[index - 1].id if 1 <= index <= len(question.options) else None
        for option in question.options:
            label = normalize(option.label).text
            if text == label or fuzz.ratio(text, label) >= 85:
                return option.id
        by_words = self._by_words(question_id, text, replying=True)
        if by_words is not None:
            return by_words
        best = max(
            question.options, key=lambda o: fuzz.token_set_ratio(text, normalize(o.label).text)
        )
        if len(text.split()) <= 4 and fuzz.token_set_ratio(text, normalize(best.label).text) >= 80:
            return best.id
        return None

    def _by_words(self, question_id: str, text: str, *, replying: bool = False) -> str | None:
        """The option whose own-words list matches the text best, if one clearly does;
        `replying`: the text answers this question, so its reply words count too."""
        # ("2 backend devs": who the people are, no API built)
        padded = f" {self._before_people.sub('| ', text)} " if self._before_people else f" {text} "
        hits = []
        for option_id, words in (self._reply_words if replying else self._words)[question_id]:
            score = sum(len(w.split()) for w in words if w and f" {w} " in padded)
            if score:
                hits.append((score, option_id))
        hits.sort(reverse=True)
        if not hits or (len(hits) > 1 and hits[0][0] == hits[1][0]):
            return None
        return hits[0][1]

    def _advance(self, state: DialogueState) -> DialogueState:
        answered = state.answered()
        for question_id in self._order:
            if question_id not in answered and question_id not in state.skipped:
                return replace(state, pending=question_id)
        return replace(state, pending=None)

    def outcome(
        self, state: DialogueState, needs: Sequence[str] = (), among: Sequence[str] = ()
    ) -> Outcome:
        """Add up the points of every answer, and of every feature in `needs` (topic ids)
        by how each framework provides it; explain the winner and the runner-up. `among`:
        the frameworks the person chooses between ("flask or django?"), else all of them."""
        chosen = [
            Reason(self.questions[q], _option(self.questions[q], o))
            for q, o in state.answers
            if q in self.questions
        ]
        scores = dict.fromkeys(among or self.kb.frameworks, 0.0)
        for reason in chosen:
            for framework_id, points in reason.option.scores.items():
                if framework_id in scores:
                    scores[framework_id] += points
        provides: dict[str, dict[str, float]] = {}
        for topic in needs:
            provides[topic] = {
                f: self.kb.feature_points.get(cell.status, 0.0)
                for f in scores
                if (cell := self.kb.feature(f, topic)) is not None
            }
            for framework_id, points in provides[topic].items():
                scores[framework_id] += points
        known = _known(chosen, scores)
        ranked = sorted(scores, key=lambda f: (scores[f], f == known), reverse=True)
        winner = ranked[0]
        needs_met = tuple(
            t
            for t, points in provides.items()
            if points.get(winner, 0.0) > 0 and points[winner] == max(points.values())
        )
        runner_up = ranked[1] if len(ranked) > 1 else None

        def margin(reason: Reason, framework_id: str) -> float:
            points = reason.option.scores
            others = [points.get(f, 0.0) for f in scores if f != framework_id]
            return points.get(framework_id, 0.0) - max(others, default=0.0)

        reasons = sorted(
            (r for r in chosen if margin(r, winner) >= 0 and r.option.scores.get(winner, 0) > 0),
            key=lambda r: margin(r, winner),
            reverse=True,
        )
        runner_up_reason = None
        if runner_up is not None:
            favour = sorted(chosen, key=lambda r: margin(r, runner_up), reverse=True)
            runner_up_reason = favour[0] if favour and margin(favour[0], runner_up) > 0 else None
        return Outcome(
            scores=scores,
            winner=winner,
            runner_up=runner_up,
            reasons=tuple(reasons[:3]),
            runner_up_reason=runner_up_reason,
            chosen=tuple(chosen),
            needs=tuple(provides),
            needs_met=needs_met,
            undecided=known is None and len(set(scores.values())) == 1,
        )


def _option(question: Question, option_id: str) -> AnswerOption:
    return next(o for o in question.options if o.id == option_id)


def option_labels(question: Question) -> list[str]:
    return [option.label for option in question.options]


def numbered(options: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{i}. {label}" for i, label in enumerate(options, start=1))


def _known(chosen: Sequence[Reason], frameworks: Collection[str]) -> str | None:
    """The framework an answer to a tie-breaking question favours alone ("We know Flask"),
    if any, of these frameworks."""
    for reason in chosen:
        if not reason.question.breaks_ties:
            continue
        points = {f: p for f, p in reason.option.scores.items() if f in frameworks}
        best = max(points.values(), default=0.0)
        favoured = [f for f, p in points.items() if p == best and p > 0]
        if len(favoured) == 1:
            return favoured[0]
    return None
