from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intents import Understander, Understanding
from intents.evaluate import LabelledRow, Rate, evaluate
from intents.understanding import Reading
from tests.conftest import DATA
from tests.processes import buffered_env


def fwbot_eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "eval", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=buffered_env(),
    )


def test_eval_reports_accuracy_per_intent_scores_and_misreads() -> None:
    result = fwbot_eval(str(DATA / "small_eval.tsv"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 7
    # Six rows have a scored intent; "what is fastapi" is labelled pros, so it is a misread.
    assert report["intent"] == {"correct": 5, "total": 6}
    assert report["scope"]["total"] == 6
    assert report["frameworks"] == {"correct": 7, "total": 7}
    assert report["aspect"] == {"correct": 2, "total": 2}
    assert report["per_intent"]["pros"]["recall"] == 0.0
    assert report["confusion"]["pros"] == {"describe": 1}
    [misread] = report["misread"]
    assert misread["text"] == "what is fastapi" and misread["what"] == ["intent"]


def test_eval_text_output_has_the_confusion_matrix_and_totals() -> None:
    result = fwbot_eval(str(DATA / "small_eval.tsv"))
    assert result.returncode == 0
    assert "Confusion matrix" in result.stdout
    assert "intent accuracy:" in result.stdout and "83.3%" in result.stdout


def test_eval_on_a_missing_file_says_so(tmp_path: Path) -> None:
    result = fwbot_eval(str(tmp_path / "nope.tsv"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_did_you_mean_counts_how_often_a_right_reading_was_offered(
    understander: Understander, monkeypatch: pytest.MonkeyPatch
) -> None:
    offers = (Reading("describe", 0.3, ("django",)), Reading("pros", 0.2, ("django",)))
    readings = {
        "asked back, pros offered": Understanding(
            "describe", 0.3, unsure=True, alternatives=offers
        ),
        "asked back, cons not offered": Understanding(
            "describe", 0.3, unsure=True, alternatives=offers
        ),
        "sure": Understanding("describe", 0.9),
    }
    monkeypatch.setattr(understander, "understand", lambda text, context=None: readings[text])
    rows = [
        LabelledRow("asked back, pros offered", frozenset({"pros"}), None, frozenset()),
        LabelledRow("asked back, cons not offered", frozenset({"cons"}), None, frozenset()),
        LabelledRow("sure", frozenset({"describe"}), None, frozenset()),
    ]
    assert evaluate(rows, understander).did_you_mean == Rate(correct=1, total=2)
