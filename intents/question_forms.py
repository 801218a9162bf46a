"""The form of a question (`question_forms.yaml`): structures that decide an answer's shape."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from intents.normalize import normalize
from knowledge.located_yaml import FAST_LOADER


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    all_of: list[list[str]] = Field(min_length=1)


class _FormsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    forms: list[_Form]
    # Chat spellings read as the words they stand for ("what would u use").
    spellings: dict[str, str] = Field(default_factory=dict)


# "{n}" in a cue stands for a count, in digits or words ("3 devs", "one part-time dev").
_COUNT_SLOT = "{n}"
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)"


def _cue_pattern(cue: str) -> str:
    """A cue as a padded whole-word pattern, its count slots matching any count."""
    parts = [re.escape(normalize(part).text) for part in cue.split(_COUNT_SLOT)]
    return f" {f' {_COUNT} '.join(parts).strip()} "


@dataclass(frozen=True)
class _Compiled:
    id: str
    # One pattern per group: any of its cues, padded with spaces (whole words).
    groups: tuple[re.Pattern[str], ...]


class QuestionForms:
    """Every cue normalised once; `forms_of` checks padded substrings of the message."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or Path(str(resources.files("intents") / "question_forms.yaml"))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
        parsed = _FormsFile.model_validate(data)
        self._forms = [
            _Compiled(
                f.id,
                tuple(re.compile("|".join(_cue_pattern(c) for c in group)) for group in f.all_of),
            )
            for f in parsed.forms
        ]
        self._spellings = dict(parsed.spellings)

    def has(self, form_id: str, tokens: Sequence[str]) -> bool:
        """Whether the message has the form `form_id`."""
        return form_id in self.forms_of(tokens)

    def forms_of(self, tokens: Sequence[str]) -> tuple[str, ...]:
        spelt = self._spellings
        padded = f" {' '.join(spelt.get(t, t) for t in tokens)} "
        # A form written as several entries (other structures saying the same) is had once.
        return tuple(
            dict.fromkeys(
                form.id
                for form in self._forms
                if all(group.search(padded) for group in form.groups)
            )
        )
