"""The built brain kept between runs: the same answers, and never a stale or broken one."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from bot.brain import Brain
from bot.warm_start import BrainCache, default_cache_dir, fingerprint
from knowledge import load_knowledge_base

QUESTIONS = (
    "is flask dead?",
    "does fastapi have an admin?",
    "django vs flask for a blog",
    # ordered by the question's words: facts are looked up by identity
    "is there a community around django ninja? I see one big maintainer",
    "giving our customers the django admin as their dashboard, good idea?",
)


@pytest.fixture
def cache(tmp_path: Path, kb_copy: Path) -> BrainCache:
    return BrainCache(tmp_path / "cache", kb_copy)


def test_a_kept_brain_answers_exactly_as_a_freshly_built_one(
    cache: BrainCache, brain: Brain
) -> None:
    assert cache.load() is None
    cache.save(Brain(load_knowledge_base(cache.kb_path)))
    kept = cache.load()
    assert kept is not None
    for question in QUESTIONS:
        assert kept.handle(question, now=0).reply == brain.handle(question, now=0).reply


def test_a_changed_knowledge_base_is_never_answered_from_the_old_build(
    cache: BrainCache, kb_copy: Path
) -> None:
    cache.save(Brain(load_knowledge_base(kb_copy)))
    old_file = cache.file
    topics = kb_copy / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.file != old_file
    assert cache.load() is None
    cache.save(Brain(load_knowledge_base(kb_copy)))
    assert [p.name for p in cache.directory.iterdir()] == [cache.file.name]


def test_a_damaged_file_is_rebuilt_not_loaded(cache: BrainCache) -> None:
    cache.directory.mkdir()
    cache.file.write_bytes(b"not a pickle")
    assert cache.load() is None
    cache.file.write_bytes(pickle.dumps({"a": "dict, not a brain"}))
    assert cache.load() is None


def test_a_directory_that_cannot_be_written_only_costs_the_cache(
    tmp_path: Path, kb_copy: Path, brain: Brain
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    cache = BrainCache(blocked / "cache", kb_copy)
    cache.save(brain)  # no exception
    assert cache.load() is None


def test_the_setting_chooses_the_directory_or_turns_the_cache_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FWBOT_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.setenv("FWBOT_CACHE_DIR", "off")
    assert default_cache_dir() is None
    assert BrainCache.from_environment(tmp_path) is None
    monkeypatch.delenv("FWBOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "framework-advisor"


def test_the_fingerprint_covers_the_knowledge_base(kb_copy: Path) -> None:
    before = fingerprint(kb_copy)
    (kb_copy / "frameworks" / "flask.yaml").write_text("id: flask\n", encoding="utf-8")
    assert fingerprint(kb_copy) != before


def test_fwbot_ask_keeps_its_brain_and_answers_the_same_from_it(tmp_path: Path) -> None:
    env = {**os.environ, "FWBOT_CACHE_DIR": str(tmp_path)}

    def ask() -> str:
        command = [sys.executable, "-m", "bot", "ask", "--json"]
        stdin = "\n".join(QUESTIONS) + "\n"
        done = subprocess.run(
            command, env=env, input=stdin, capture_output=True, text=True, check=True
        )
        return done.stdout

    first = ask()
    kept = list(tmp_path.glob("brain-*.pickle"))
    assert len(kept) == 1
    assert oct(kept[0].stat().st_mode & 0o777) == oct(0o600)
    assert ask() == first


def test_a_run_keeps_its_brain_under_the_files_it_started_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, kb_copy: Path
) -> None:
    """The files are fingerprinted once per run: a file edited while the brain was being
    built does not give the old build the new files' name."""
    monkeypatch.setenv("FWBOT_CACHE_DIR", str(tmp_path / "cache"))
    cache = BrainCache.from_environment(kb_copy)
    assert cache is not None
    started_as = cache.file
    topics = kb_copy / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.file == started_as
    assert started_as.name != f"brain-{fingerprint(kb_copy)}.pickle"
