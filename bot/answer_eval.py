"""`fwbot eval --answers`: key-point probes. Does each answer make the point it must make?

A probe (format in the contract) names regex groups the reply text must match, one regex of
each group at least, patterns it must not match, and an optional length limit. Each probe is
asked on its own, with no context, as `fwbot ask` would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

_FLAGS = re.IGNORECASE | re.DOTALL


class Probe(BaseModel):
    q: str
    need: list[list[str]] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    max_chars: int | None = None
    source: str | None = None  # where a real question was found (not scored)


class ProbeFileError(Exception):
    """A probe file that cannot be read, parsed or compiled; the message says where."""


@dataclass(frozen=True)
class ProbeResult:
    probe: Probe
    text: str
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


class ProbeFailure(BaseModel):
    q: str
    why: list[str]
    text: str


class AnswersReport(BaseModel):
    passed: int
    total: int
    failures: list[ProbeFailure]


def read_probes(path: Path) -> list[Probe]:
    """Probes from a JSON file, every regex compiled once to catch mistakes up front."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        probes = TypeAdapter(list[Probe]).validate_python(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as error:
        raise ProbeFileError(f"cannot read probes from {path}: {error}") from error
    for index, probe in enumerate(probes):
        for pattern in [p for group in probe.need for p in group] + probe.avoid:
            try:
                re.compile(pattern, _FLAGS)
            except re.error as error:
                message = f"{path}: probe {index + 1}: bad regex {pattern!r}: {error}"
                raise ProbeFileError(message) from error
    return probes


def judge(probe: Probe, text: str) -> ProbeResult:
    """Why the text misses the probe's point (nothing when it makes it)."""
    failures: list[str] = []
    for group in probe.need:
        if not any(re.search(p, text, _FLAGS) for p in group):
            failures.append(f"needs one of {group}")
    failures += [f"says {p!r}" for p in probe.avoid if re.search(p, text, _FLAGS)]
    if probe.max_chars is not None and len(text) > probe.max_chars:
        failures.append(f"{len(text)} characters, over {probe.max_chars}")
    return ProbeResult(probe, text, tuple(failures))


def run_probes(probes: Sequence[Probe], answer: Callable[[str], str]) -> list[ProbeResult]:
    return [judge(probe, answer(probe.q)) for probe in probes]


def report(results: Sequence[ProbeResult]) -> AnswersReport:
    return AnswersReport(
        passed=sum(r.passed for r in results),
        total=len(results),
        failures=[
            ProbeFailure(q=r.probe.q, why=list(r.failures), text=r.text)
            for r in results
            if not r.passed
        ],
    )


def format_report(answers: AnswersReport) -> str:
    lines: list[str] = []
    for failure in answers.failures:
        lines.append(f"FAIL {failure.q}")
        lines += [f"  - {why}" for why in failure.why]
    lines.append(f"answered the point {answers.passed}/{answers.total}")
    return "\n".join(lines)
