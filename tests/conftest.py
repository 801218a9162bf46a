from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Literal

import pytest

from bot.brain import Brain
from intents import Understander
from knowledge import KnowledgeBase, default_path, load_knowledge_base

DATA = Path(__file__).parent / "data"


# Code that runs while the fixtures below are built (mutmut's names for it).
_CONSTRUCTION = re.compile(r"^knowledge\.loader\.|ǁ__init__|ǁ_fact_names__|EntityExtractorǁ_add__")


def _shared(fixture_name: str, config: pytest.Config) -> Literal["session", "function"]:
    """Built once per session, except under mutation testing (mutmut sets MUTANT_UNDER_TEST)
    while it finds which tests run which code ("stats") and while a mutant of the code that
    builds them is tested: there every test builds its own, so every test that relies on the
    knowledge base or the understander is credited with, and run on, their construction."""
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    if mutant is None or (mutant not in ("stats", "") and not _CONSTRUCTION.search(mutant)):
        return "session"
    return "function"


@pytest.fixture(scope=_shared)
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope=_shared)
def understander(kb: KnowledgeBase) -> Understander:
    return Understander(kb)


@pytest.fixture(scope=_shared)
def brain(kb: KnowledgeBase, understander: Understander) -> Brain:
    return Brain(kb, understander)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(default_path(), target)
    return target
