"""Training phrases (`phrases/*.yaml`): what people say for each intent, as data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from knowledge.located_yaml import FAST_LOADER

INTENT_IDS = (
    "greet", "thanks", "help", "describe", "pros", "cons", "use_cases",
    "compare", "best_for", "recommend", "out_of_scope",
)  # fmt: skip


class IntentPhrases(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    phrases: list[str] = Field(min_length=1)
    holdout: list[str] = Field(default_factory=list)


class Followups(BaseModel):
    """Messages that only make sense after a previous answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    aspect_only: list[str] = Field(default_factory=list)
    framework_only: list[str] = Field(default_factory=list)
    pronoun: list[str] = Field(default_factory=list)


class PhraseBook(BaseModel):
    model_config = ConfigDict(frozen=True)

    intents: dict[str, IntentPhrases]
    followups: Followups


def default_phrases_path() -> Path:
    return Path(str(resources.files("intents") / "phrases"))


def load_phrase_book(path: Path | None = None) -> PhraseBook:
    """Read every `<intent>.yaml` and `followups.yaml` in the phrases folder."""
    folder = path or default_phrases_path()
    intents: dict[str, IntentPhrases] = {}
    followups = Followups()
    for file in sorted(folder.glob("*.yaml")):
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=FAST_LOADER)
        if file.stem == "followups":
            followups = Followups.model_validate(data.get("followups", data))
            continue
        entry = IntentPhrases.model_validate(data)
        if entry.intent not in INTENT_IDS:
            raise ValueError(f"{file}: unknown intent {entry.intent!r}")
        intents[entry.intent] = entry
    return PhraseBook(intents=intents, followups=followups)
