"""`fwbot eval --answers`: key-point probes judge the reply text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer_eval import Probe, ProbeFileError, judge, read_probes
from tests.processes import buffered_env


def test_every_need_group_must_match_and_no_avoid_pattern() -> None:
    probe = Probe(q="q", need=[["alpha", "beta"], ["gamma"]], avoid=["delta"], max_chars=40)
    assert judge(probe, "Beta then GAMMA").passed
    assert not judge(probe, "beta only").passed
    assert judge(probe, "beta gamma delta").failures == ("says 'delta'",)
    assert "over 40" in judge(probe, "beta gamma " + "x" * 40).failures[0]


def test_dot_matches_newlines() -> None:
    assert judge(Probe(q="q", need=[["flask.*celery"]]), "Flask\nuse Celery").passed


def test_a_bad_regex_is_reported_with_its_probe(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"q": "x", "need": [["("]]}]), encoding="utf-8")
    with pytest.raises(ProbeFileError, match="probe 1: bad regex"):
        read_probes(path)


def test_the_command_prints_failures_and_the_score(tmp_path: Path) -> None:
    path = tmp_path / "probes.json"
    probes = [
        {"q": "what is django?", "need": [["django"]]},
        {"q": "what is django?", "need": [["zebra-striped-nonsense"]]},
    ]
    path.write_text(json.dumps(probes), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "eval", "--answers", str(path)],
        text=True, capture_output=True, timeout=60, check=False, env=buffered_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "answered the point 1/2"
    assert "FAIL what is django?" in result.stdout
    as_json = subprocess.run(
        [sys.executable, "-m", "bot", "eval", "--answers", str(path), "--json"],
        text=True, capture_output=True, timeout=60, check=False, env=buffered_env(),
    )  # fmt: skip
    assert json.loads(as_json.stdout)["passed"] == 1
