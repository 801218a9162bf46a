"""The form of a question (`question_forms.yaml`): structures that decide an answer's shape."""

from __future__ import annotations

import itertools
import re
from collections import Counter
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


def _written_words(cue: str) -> list[str]:
    """The words a cue's pattern matches only as whole words of a message: all but its
    count slots'."""
    return [w for part in cue.split(_COUNT_SLOT) for w in normalize(part).text.split()]


def _groups_by_key(forms: Sequence[_Form]) -> dict[str, frozenset[int]]:
    """Per key word, the groups (numbered over all forms, in order) with a cue it is the
    key word of. A cue's key word is the one of its written words the fewest cues have
    (then the longest); a group with a cue of a count alone has none."""
    cue_words = {c: _written_words(c) for f in forms for group in f.all_of for c in group}
    in_cues = Counter(w for words in cue_words.values() for w in set(words))
    found: dict[str, set[int]] = {}
    groups = (group for f in forms for group in f.all_of)
    for number, group in enumerate(groups):
        keys = [
            min(cue_words[c], key=lambda w: (in_cues[w], -len(w), w), default="") for c in group
        ]
        if "" not in keys:
            for key in keys:
                found.setdefault(key, set()).add(number)
    return {key: frozenset(numbers) for key, numbers in found.items()}


@dataclass(frozen=True)
class _Compiled:
    id: str
    # One pattern per group: any of its cues, padded with spaces (whole words).
    groups: tuple[re.Pattern[str], ...]
    # Its groups (numbered over all forms) that a message must have a key word of to have
    # them (`_groups_by_key`): all but those with a cue of a count alone.
    keyed: frozenset[int]


class QuestionForms:
    """Every cue normalised once; `forms_of` checks padded substrings of the message."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or Path(str(resources.files("intents") / "question_forms.yaml"))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
        parsed = _FormsFile.model_validate(data)
        # A cue is in a message only if its key word is, so a message can have only the
        # forms whose groups all have a key word of it: a few set look-ups tell most forms
        # out, where searching for every cue of every form took some 35 us a message (and
        # a reply reads the forms twice: of the message, and of the words it is answered by).
        self._groups_by_key = _groups_by_key(parsed.forms)
        keyed = frozenset().union(*self._groups_by_key.values())
        self._forms: list[_Compiled] = []
        numbers = itertools.count()
        for f in parsed.forms:
            ours = [next(numbers) for _ in f.all_of]
            self._forms.append(
                _Compiled(
                    f.id,
                    tuple(re.compile("|".join(_cue_pattern(c) for c in g)) for g in f.all_of),
                    keyed.intersection(ours),
                )
            )
        self._spellings = dict(parsed.spellings)

    def has(self, form_id: str, tokens: Sequence[str]) -> bool:
        """Whether the message has the form `form_id`."""
        return form_id in self.forms_of(tokens)

    def forms_of(self, tokens: Sequence[str]) -> tuple[str, ...]:
        spelt = self._spellings
        padded = f" {' '.join(spelt.get(t, t) for t in tokens)} "
        keyed: set[int] = set()  # the groups with a key word of the message
        for word in padded.split():
            keyed.update(self._groups_by_key.get(word, ()))
        # A form written as several entries (other structures saying the same) is had once.
        return tuple(
            dict.fromkeys(
                form.id
                for form in self._forms
                if form.keyed <= keyed and all(group.search(padded) for group in form.groups)
            )
        )
