"""Adding a framework is a data change: one YAML file, no code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bot.brain import Brain
from bot.render.text import one_line
from knowledge import load_knowledge_base
from tests.conftest import DATA


def add_bottle(kb_dir: Path) -> None:
    shutil.copy(DATA / "bottle.yaml", kb_dir / "frameworks" / "bottle.yaml")
    sources_file = kb_dir / "sources.yaml"
    sources = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    sources["sources"].append(
        {
            "id": "bottle-docs",
            "title": "Bottle: Python Web Framework",
            "url": "https://bottlepy.org/docs/dev/",
            "date": "2024-01-01",
        }
    )
    sources_file.write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")


def test_a_new_framework_file_is_recognised_described_and_compared(kb_copy: Path) -> None:
    add_bottle(kb_copy)
    brain = Brain(load_knowledge_base(kb_copy))

    described = brain.handle("what is bottle?").reply
    assert described.intent == "describe"
    assert described.frameworks == ["bottle"]
    assert "Marcel Hellkamp" in described.text
    assert {"title": "Bottle: Python Web Framework", "url": "https://bottlepy.org/docs/dev/"} in [
        s.model_dump() for s in described.sources
    ]

    compared = brain.handle("bottle vs flask").reply
    assert compared.intent == "compare"
    assert compared.frameworks == ["bottle", "flask"]
    said = one_line(compared.text)
    assert "Bottle: Bottle is a fast, simple and lightweight WSGI micro web-framework" in said
    assert "Bottle is a fast WSGI framework with very little overhead." in said
    assert "Flask" in compared.text


def test_a_new_framework_alias_is_tolerant_of_typos(kb_copy: Path) -> None:
    add_bottle(kb_copy)
    brain = Brain(load_knowledge_base(kb_copy))
    assert brain.handle("tell me about bottlepy").reply.frameworks == ["bottle"]
