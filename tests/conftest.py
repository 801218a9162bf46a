from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.brain import Brain
from intents import Understander
from knowledge import KnowledgeBase, default_path, load_knowledge_base

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="session")
def understander(kb: KnowledgeBase) -> Understander:
    return Understander(kb)


@pytest.fixture(scope="session")
def brain(kb: KnowledgeBase, understander: Understander) -> Brain:
    return Brain(kb, understander)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(default_path(), target)
    return target
