from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Literal

import pytest

from bot.brain import Brain
from intents import Understander
from knowledge import KnowledgeBase, default_path, load_knowledge_base

DATA = Path(__file__).parent / "data"

# CI sets these (.ci/run): a test that skips there is a test that did not run, so it fails
# the session. FWBOT_REQUIRE_REDIS=1: no Redis test may skip; FWBOT_NO_SKIPS=1: no test may.
_SKIPPED: list[tuple[str, str]] = []


def _skip_forbidden(reason: str) -> bool:
    if os.environ.get("FWBOT_NO_SKIPS") == "1":
        return True
    return os.environ.get("FWBOT_REQUIRE_REDIS") == "1" and "redis" in reason.lower()


def pytest_configure(config: pytest.Config) -> None:
    # Built brains go to a directory of this run's own, never the user's cache; every
    # process the tests start inherits it. A test that needs another sets its own.
    if "FWBOT_CACHE_DIR" not in os.environ:
        os.environ["FWBOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="fwbot-cache-")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    expected_failure = hasattr(report, "wasxfail")
    if report.skipped and not expected_failure and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        if _skip_forbidden(reason):
            _SKIPPED.append((report.nodeid, reason))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _SKIPPED and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _SKIPPED:
        terminalreporter.section("skipped where every test must run (CI)", red=True)
        for nodeid, reason in _SKIPPED:
            terminalreporter.line(f"FAILED (skipped) {nodeid}: {reason}")


def _shared(fixture_name: str, config: pytest.Config) -> Literal["session", "function"]:
    """Built once per session, except while mutmut (it sets MUTANT_UNDER_TEST) finds which
    tests run which code ("stats"): there every test builds its own, so every test that relies
    on the knowledge base or the understander is credited with their construction, and so is
    run on each mutant of it. A mutant's own run builds them once, under that mutant."""
    if os.environ.get("MUTANT_UNDER_TEST") in ("stats", ""):
        return "function"
    return "session"


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
