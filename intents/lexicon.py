"""The entity lexicon (`lexicon.yaml`): other frameworks and words that are not ours."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field


class OtherFramework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: list[str] = Field(min_length=1)
    ambiguous: bool = False


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    other_frameworks: list[OtherFramework]
    not_framework_words: list[str] = Field(default_factory=list)


def load_lexicon(path: Path | None = None) -> Lexicon:
    source = path or Path(str(resources.files("intents") / "lexicon.yaml"))
    return Lexicon.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
