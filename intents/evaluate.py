"""`fwbot eval`: score the understanding on a labelled TSV (see the contract for columns)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from intents.phrases import PhraseBook
from intents.understand import Understander
from intents.understanding import Understanding

NOT_SCORED = "*"
FRAMEWORKS_NOT_SCORED = "?"
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class LabelledRow:
    text: str
    intents: frozenset[str]  # empty: intent not scored
    frameworks: frozenset[str] | None  # None: not scored
    aspects: frozenset[str]  # empty: not scored


class IntentScore(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class Misread(BaseModel):
    text: str
    expected: str
    got: str
    confidence: float
    what: list[str]


class Rate(BaseModel):
    correct: int
    total: int

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


class EvalReport(BaseModel):
    rows: int
    intent: Rate
    scope: Rate
    frameworks: Rate
    aspect: Rate
    # Rows answered "Did you mean ...?": how often a right reading was among the offers.
    did_you_mean: Rate = Rate(correct=0, total=0)
    per_intent: dict[str, IntentScore]
    confusion: dict[str, dict[str, int]]
    misread: list[Misread]


def read_labelled_tsv(path: Path) -> list[LabelledRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [_row(record) for record in reader if (record.get("text") or "").strip()]


def _split(value: str | None, sep: str) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(sep) if part.strip())


def _row(record: dict[str, str]) -> LabelledRow:
    intent = (record.get("intent") or "").strip()
    frameworks = (record.get("frameworks") or "").strip()
    return LabelledRow(
        text=record["text"],
        intents=frozenset() if intent == NOT_SCORED else _split(intent, "|"),
        frameworks=None if frameworks == FRAMEWORKS_NOT_SCORED else _split(frameworks, ","),
        aspects=_split(record.get("aspect"), "|"),
    )


def evaluate(rows: list[LabelledRow], understander: Understander) -> EvalReport:
    intent, scope, frameworks, aspect = (
        Counter[str](),
        Counter[str](),
        Counter[str](),
        Counter[str](),
    )
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    misread: list[Misread] = []
    offered = Counter[str]()
    for row in rows:
        u = understander.understand(row.text)
        wrong: list[str] = []
        if row.intents and u.unsure:
            offers = {a.intent for a in u.alternatives}
            offered["total"] += 1
            offered["correct"] += bool(offers & row.intents)
        if row.intents:
            gold = u.intent if u.intent in row.intents else sorted(row.intents)[0]
            confusion[gold][u.intent] += 1
            _tally(intent, u.intent in row.intents, wrong, "intent")
            if len({i == OUT_OF_SCOPE for i in row.intents}) == 1:
                expected_out = OUT_OF_SCOPE in row.intents
                _tally(scope, (u.intent == OUT_OF_SCOPE) == expected_out, wrong, "scope")
        if row.frameworks is not None:
            _tally(frameworks, set(u.frameworks) == row.frameworks, wrong, "frameworks")
        if row.aspects:
            _tally(aspect, u.aspect in row.aspects, wrong, "aspect")
        if wrong:
            misread.append(_misread(row, u, wrong))
    return EvalReport(
        rows=len(rows),
        intent=_rate(intent),
        scope=_rate(scope),
        frameworks=_rate(frameworks),
        aspect=_rate(aspect),
        did_you_mean=_rate(offered),
        per_intent=_per_intent(confusion),
        confusion={gold: dict(got) for gold, got in sorted(confusion.items())},
        misread=misread,
    )


def evaluate_file(path: Path, understander: Understander) -> EvalReport:
    return evaluate(read_labelled_tsv(path), understander)


_FILL = {"{fw}": ("Django", "flask", "FastAPI"), "{aspect}": ("performance", "job market"),
         "{other}": ("Express", "Laravel")}  # fmt: skip


def holdout_rows(book: PhraseBook) -> list[LabelledRow]:
    """The phrase book's held-out phrases as labelled rows, slots filled in by turn."""
    rows = []
    for intent, entry in book.intents.items():
        for number, phrase in enumerate(entry.holdout):
            text, frameworks = phrase, list[str]()
            for slot, values in _FILL.items():
                while slot in text:
                    value = values[(number + len(frameworks)) % len(values)]
                    text = text.replace(slot, value, 1)
                    if slot == "{fw}":
                        frameworks.append(value.lower())
            rows.append(
                LabelledRow(
                    text=text,
                    intents=frozenset({intent}),
                    frameworks=frozenset(frameworks),
                    aspects=frozenset(),
                )
            )
    return rows


def _tally(counter: Counter[str], ok: bool, wrong: list[str], what: str) -> None:
    counter["total"] += 1
    if ok:
        counter["correct"] += 1
    else:
        wrong.append(what)


def _rate(counter: Counter[str]) -> Rate:
    return Rate(correct=counter["correct"], total=counter["total"])


def _misread(row: LabelledRow, u: Understanding, wrong: list[str]) -> Misread:
    expected = "|".join(sorted(row.intents)) or NOT_SCORED
    fws = ",".join(sorted(row.frameworks)) if row.frameworks is not None else "?"
    got = f"{u.intent} [{','.join(u.frameworks)}] {u.aspect or '-'}"
    return Misread(
        text=row.text,
        expected=f"{expected} [{fws}] {'|'.join(sorted(row.aspects)) or '-'}",
        got=got,
        confidence=round(u.confidence, 3),
        what=wrong,
    )


def _per_intent(confusion: dict[str, Counter[str]]) -> dict[str, IntentScore]:
    labels = sorted(set(confusion) | {p for got in confusion.values() for p in got})
    scores: dict[str, IntentScore] = {}
    for label in labels:
        true_positive = confusion.get(label, Counter())[label]
        predicted = sum(got[label] for got in confusion.values())
        support = sum(confusion.get(label, Counter()).values())
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = IntentScore(
            precision=round(precision, 3), recall=round(recall, 3), f1=round(f1, 3), support=support
        )
    return scores


def format_report(report: EvalReport) -> str:
    lines = ["Misread rows:"]
    for m in report.misread:
        lines.append(f"  [{', '.join(m.what)}] {m.text[:100]!r}")
        lines.append(f"      expected {m.expected}; got {m.got} ({m.confidence:.2f})")
    labels = sorted(report.per_intent)
    lines += ["", "Confusion matrix (rows: expected, columns: predicted):"]
    short = [label[:6] for label in labels]
    lines.append(" " * 14 + " ".join(f"{s:>6}" for s in short))
    for gold in labels:
        row = report.confusion.get(gold, {})
        lines.append(f"{gold[:13]:<14}" + " ".join(f"{row.get(p, 0):>6}" for p in labels))
    lines += ["", f"{'intent':<14}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}"]
    for label, score in report.per_intent.items():
        lines.append(
            f"{label:<14}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
            f"{score.support:>9}"
        )
    lines.append("")
    lines.append(f"rows: {report.rows}")
    for name in ("intent", "scope", "frameworks", "aspect"):
        rate: Rate = getattr(report, name)
        lines.append(f"{name + ' accuracy:':<22}{rate.value:7.1%}  ({rate.correct}/{rate.total})")
    offers = report.did_you_mean
    if offers.total:
        lines.append(
            f"{'did you mean right:':<22}{offers.value:7.1%}  ({offers.correct}/{offers.total} "
            "rows asked back; a right reading among the offers)"
        )
    else:
        lines.append(f"{'did you mean right:':<22}    n/a  (no row asked back)")
    return "\n".join(lines)
