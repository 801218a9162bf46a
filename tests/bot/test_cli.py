"""The command line, through subprocesses, as a user or script runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CONTRACT_KEYS = {
    "intent",
    "confidence",
    "frameworks",
    "aspect",
    "text",
    "blocks",
    "dialogue",
    "recommendation",
    "sources",
}


def fwbot(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
        cwd=cwd,
        check=False,
    )


def test_ask_json_answers_from_the_knowledge_base_with_sources(tmp_path: Path) -> None:
    result = fwbot("ask", "--json", "what is django?", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert set(reply) >= CONTRACT_KEYS
    assert reply["intent"] == "describe"
    assert reply["frameworks"] == ["django"]
    assert "Adrian Holovaty" in reply["text"]
    assert reply["sources"] and all(s["url"].startswith("http") for s in reply["sources"])
    assert reply["blocks"][0]["type"] == "header"
    assert reply["dialogue"] == {"active": False, "question": None, "options": []}


def test_ask_reads_stdin_one_reply_per_line_without_context() -> None:
    result = fwbot("ask", "--json", stdin="django vs flask\n\nwhat about performance?\n")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    first, blank, followup = (json.loads(line) for line in lines)
    assert first["intent"] == "compare"
    assert blank["frameworks"] == []
    # No context between lines: the follow-up cannot know which frameworks were meant.
    assert followup["frameworks"] == []


def test_console_json_carries_context_between_lines() -> None:
    result = fwbot("console", "--json", stdin="django vs flask\nwhat about performance?\n")
    assert result.returncode == 0, result.stderr
    first, followup = (json.loads(line) for line in result.stdout.splitlines())
    assert first["frameworks"] == ["django", "flask"]
    assert followup["intent"] == "compare"
    assert followup["frameworks"] == ["django", "flask"]
    assert followup["aspect"] == "performance"


def test_console_reads_until_quit_and_prints_plain_text() -> None:
    result = fwbot("console", stdin="tell me about flask\nquit\nwhat is django\n")
    assert result.returncode == 0
    assert "Armin Ronacher" in result.stdout
    assert "Adrian Holovaty" not in result.stdout  # nothing after quit is answered
    assert "<" not in result.stdout.replace("you> ", "")  # no Slack markup in the console
    assert result.stderr == ""


def test_console_ends_cleanly_at_end_of_input() -> None:
    result = fwbot("console", stdin="hi\n")
    assert result.returncode == 0
    assert "Traceback" not in result.stderr


def test_kb_check_passes_on_the_shipped_kb_and_fails_on_a_broken_copy(kb_copy: Path) -> None:
    ok = fwbot("kb", "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK" in ok.stdout
    broken = kb_copy / "frameworks" / "flask.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n  bad: [unclosed\n", "utf-8")
    failed = fwbot("kb", "check", str(kb_copy))
    assert failed.returncode == 1
    assert f"{broken}:" in failed.stdout
    assert "Traceback" not in failed.stderr


def test_ask_does_not_import_slack_bolt() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', 'hi']); "
        "print('slack_bolt' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


ODD_INPUTS = [
    "",
    "🙂🙂🙂",
    "<!channel> <@U123> hi",
    "```print(1)```",
    "x" * 100_000,
    "\x00\x1b[31m",
    "؟ما هو جانغو",
    "\u202e\u200bflask",
]


def test_ask_never_crashes_on_odd_input() -> None:
    result = fwbot("ask", "--json", stdin="".join(m + "\n" for m in ODD_INPUTS))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == len(ODD_INPUTS)
    for reply in replies:
        assert reply["text"]
        assert "<!channel>" not in json.dumps(reply["blocks"])
    assert fwbot("ask", "x" * 100_000).returncode == 0


def test_console_json_runs_the_whole_recommendation_dialogue() -> None:
    lines = ["help me choose: I'm building a REST API for my ML model and speed is critical",
             "wait, what is Django?", "back", "1", "skip", "4", "large"]  # fmt: skip
    result = fwbot("console", "--json", stdin="".join(m + "\n" for m in lines))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == len(lines)
    opening, side, back = replies[0], replies[1], replies[2]
    assert opening["dialogue"]["active"] and opening["intent"] == "recommend"
    assert side["intent"] == "describe" and side["dialogue"] == opening["dialogue"]
    assert back["dialogue"]["active"]
    final = replies[-1]
    assert not final["dialogue"]["active"]
    assert final["recommendation"] == "fastapi"
    assert final["sources"]
    assert all(r["recommendation"] is None for r in replies[:-1])
