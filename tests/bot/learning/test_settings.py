"""FWBOT_KEEP_QUESTIONS and FWBOT_KEEP_DAYS: read and validated in bot/settings.py; a bad
value stops start-up with one line naming the variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import (
    LearningSettings,
    SettingsError,
    load_learning_settings,
    load_slack_settings,
)

SLACK = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_questions_are_not_kept_unless_asked_for() -> None:
    assert load_learning_settings({}) == LearningSettings(keep_questions=False, keep_days=30)
    assert load_learning_settings({"FWBOT_KEEP_QUESTIONS": ""}).keep_questions is False
    assert load_learning_settings({"FWBOT_KEEP_QUESTIONS": "0"}).keep_questions is False
    kept = load_learning_settings({"FWBOT_KEEP_QUESTIONS": "1", "FWBOT_KEEP_DAYS": "7"})
    assert kept == LearningSettings(keep_questions=True, keep_days=7)
    assert load_slack_settings({**SLACK, "FWBOT_KEEP_QUESTIONS": "1"}).learning.keep_questions


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FWBOT_KEEP_QUESTIONS", "yes"),
        ("FWBOT_KEEP_QUESTIONS", "2"),
        ("FWBOT_KEEP_DAYS", "0"),
        ("FWBOT_KEEP_DAYS", "366"),
        ("FWBOT_KEEP_DAYS", "thirty"),
        ("FWBOT_KEEP_DAYS", "-5"),
        ("FWBOT_KEEP_DAYS", "²"),
    ],
)
def test_a_bad_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{variable} must be"):
        load_learning_settings({variable: value})
    with pytest.raises(SettingsError, match=f"^{variable} must be"):
        load_slack_settings({**SLACK, variable: value})


@pytest.mark.parametrize("command", ["serve", "console"])
def test_a_bad_value_stops_start_up_with_one_line(command: str) -> None:
    env = {"PATH": "/usr/bin:/bin", **SLACK, "FWBOT_KEEP_DAYS": "forever"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", command],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        input="",
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"fwbot {command}: FWBOT_KEEP_DAYS must be a whole number of days from 1 to 365"
    ]
