from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Literal

import pytest

from bot.brain import Brain
from intents import Understander
from knowledge import KnowledgeBase, default_path, load_knowledge_base

DATA = Path(__file__).parent / "data"


def _shared(fixture_name: str, config: pytest.Config) -> Literal["session", "function"]:
    """Built once per session, except under mutation testing (mutmut sets MUTANT_UNDER_TEST):
    there every test builds its own, so each test that relies on the knowledge base or the
    understander is credited with running their construction, and is run on its mutants."""
    return "function" if "MUTANT_UNDER_TEST" in os.environ else "session"


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
