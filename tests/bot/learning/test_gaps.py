"""`fwbot gaps`: kept questions grouped by similarity, biggest first, each with its outcome
mix, a representative question and the nearest knowledge-base topic; counts without text;
`--purge`. Through the command line, against SQLite and a real redis-server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.learning.gaps import GapsReport, QuestionGrouper, gaps_report
from bot.learning.journal import DAY_SECONDS, KeptQuestion, day_of
from bot.learning.journal_memory import MemoryJournal
from knowledge import KnowledgeBase
from tests.bot.learning.conftest import stored_bytes

PDF_QUESTIONS = [
    "how do I make PDFs from flask? ask ann.lee@corp.example if unsure",
    "what's the best way to make pdf-reports in django",
    "how to make a pdf with fastapi",
]
CONTRACT_KEYS = {"since_days", "outcomes", "ratings", "groups"}
OUTCOME_KEYS = {"answered", "partial", "clarify", "out_of_scope"}


def fwbot(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **env},
        input=stdin,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


def console(lines: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    result = fwbot("console", "--json", env=env, stdin="".join(f"{x}\n" for x in lines))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def gaps_json(env: dict[str, str], *args: str) -> dict[str, Any]:
    result = fwbot("gaps", "--json", *args, env=env)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    assert set(report) == CONTRACT_KEYS
    assert set(report["outcomes"]) == OUTCOME_KEYS and set(report["ratings"]) == {"up", "down"}
    return report


CONVERSATION = [
    *PDF_QUESTIONS,
    "does fastapi have lts?",  # partial: no facts on support windows for FastAPI
    "django vs flask for a kumquat shop",  # answered...
    "/bad",  # ...and rated down
    "what is flask?",
    "/good",
]


def test_questions_on_one_uncovered_topic_come_out_as_one_group(shared_spec: str) -> None:
    env = {"FWBOT_STORE": shared_spec, "FWBOT_KEEP_QUESTIONS": "1"}
    replies = console(CONVERSATION, env)
    assert [r["outcome"] for r in replies[:3]] == ["out_of_scope"] * 3
    report = gaps_json(env)
    assert report["since_days"] == 7
    assert report["outcomes"] == {"answered": 2, "partial": 1, "clarify": 0, "out_of_scope": 3}
    assert report["ratings"] == {"up": 1, "down": 1}
    first, *rest = report["groups"]
    assert first["count"] == 3
    assert first["outcomes"] == {"answered": 0, "partial": 0, "clarify": 0, "out_of_scope": 3}
    assert first["topic"] is None
    assert first["example"] in [*PDF_QUESTIONS[1:], PDF_QUESTIONS[0].replace(
        "ann.lee@corp.example", "[email]")]  # fmt: skip
    assert sorted((g["count"], g["example"], g["topic"]) for g in rest) == [
        (1, "django vs flask for a kumquat shop", None),
        (1, "does fastapi have lts?", "support"),
    ]
    held = stored_bytes(shared_spec)
    assert b"ann.lee" not in held and b"corp.example" not in held
    assert b"make pdf-reports in django" in held  # kept, so the check above means something


def test_purge_deletes_every_kept_question(shared_spec: str) -> None:
    env = {"FWBOT_STORE": shared_spec, "FWBOT_KEEP_QUESTIONS": "1"}
    console(PDF_QUESTIONS, env)
    assert gaps_json(env)["groups"]
    purged = fwbot("gaps", "--json", "--purge", env=env)
    assert "deleted 3 kept question(s)" in purged.stderr
    assert json.loads(purged.stdout)["groups"] == []
    assert gaps_json(env)["groups"] == []
    assert gaps_json(env)["outcomes"]["out_of_scope"] == 3  # counts hold no text and stay
    assert b"pdf-reports" not in stored_bytes(shared_spec)


def test_without_keep_questions_no_text_is_stored_and_counts_are_reported(
    shared_spec: str,
) -> None:
    env = {"FWBOT_STORE": shared_spec}
    console(CONVERSATION, env)
    report = gaps_json(env)
    assert report["groups"] == []
    assert report["ratings"] == {"up": 1, "down": 1}
    assert report["outcomes"]["out_of_scope"] == 3
    held = stored_bytes(shared_spec)
    for words in (b"pdf-reports", b"PDFs", b"kumquat", b"ann.lee", b"make a pdf"):
        assert words not in held
    text = fwbot("gaps", env=env).stdout
    assert "Replies: 2 answered, 1 partial, 0 clarify, 3 out of scope." in text
    assert "By intent: out_of_scope 3, describe 2, compare 1" in text
    assert "Topics of replies that missed (partial, clarify, out of scope, rated 👎): " in text
    assert "Ratings by intent: compare 0 👍 1 👎, describe 1 👍 0 👎" in text
    assert "Ratings by framework: flask 1 👍 1 👎, django 0 👍 1 👎" in text
    assert "No kept questions in this window." in text


def test_the_text_report_shows_the_groups_and_what_to_do_next(tmp_path: Path) -> None:
    env = {"FWBOT_STORE": f"sqlite:///{tmp_path / 's.db'}", "FWBOT_KEEP_QUESTIONS": "1"}
    console(PDF_QUESTIONS, env)
    text = fwbot("gaps", "--since", "1", env=env).stdout
    assert "Questions answered badly: 3 kept, in 1 group(s), biggest first" in text
    assert "    3  " in text and "3 out of scope; nearest topic: none" in text
    assert "then run `fwbot kb check`" in text


def test_the_memory_store_is_per_process_and_says_so() -> None:
    result = fwbot("gaps", "--json", env={"FWBOT_STORE": "memory"})
    assert result.returncode == 0
    assert "FWBOT_STORE=memory keeps what each bot process learns inside that process" in (
        result.stderr
    )
    assert json.loads(result.stdout)["groups"] == []


def test_a_missing_sqlite_file_is_an_error_not_an_empty_report(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = fwbot("gaps", env={"FWBOT_STORE": f"sqlite:///{missing}"})
    assert result.returncode == 1
    assert result.stderr.strip() == f"fwbot gaps: no SQLite store at {missing}"
    assert not missing.exists()


@pytest.mark.parametrize("since", ["0", "401", "-3"])
def test_since_is_checked(since: str) -> None:
    result = fwbot("gaps", "--since", since, env={})
    assert result.returncode == 2
    assert "--since must be 1 to 400 days" in result.stderr


# --- grouping, in-process ----------------------------------------------------------------


def kept(text: str, at: float, topic: str | None = None) -> KeptQuestion:
    return KeptQuestion(text, "out_of_scope", "out_of_scope", topic, at, at + 30 * DAY_SECONDS)


def test_groups_gather_around_the_question_most_others_resemble(kb: KnowledgeBase) -> None:
    now = time.time()
    texts = [
        "how to integrate stripe payments in django",
        "what's the best way to make pdf-reports in django",
        "payment processing with fastapi and stripe",
        "how do I deploy flask to aws lambda",
        "how do I make PDFs from flask?",
        "accept credit card payments in flask",
        "how to make a pdf with fastapi",
        "[email] asked how to make pdfs with django",
        "tell me about it",
        "celary with flask?",
    ]
    grouper = QuestionGrouper(kb)
    questions = [kept(t, now - 100 + i) for i, t in enumerate(texts)]
    groups = [[texts[i] for i in g] for g in grouper.group(questions)]
    assert [len(g) for g in groups] == [4, 3, 1, 1, 1]
    assert set(groups[0]) == {texts[1], texts[4], texts[6], texts[7]}
    assert set(groups[1]) == {texts[0], texts[2], texts[5]}
    assert groups[0][0] != "[email] asked how to make pdfs with django"  # central, not newest
    by_text = {g[0]: g for g in groups}
    assert grouper.nearest_topic([questions[9]]) == "background-tasks"  # "celery", misspelt
    assert grouper.nearest_topic([questions[3]]) == "deployment"
    assert grouper.nearest_topic(questions[i] for i in (1, 4, 6)) is None
    assert "tell me about it" in by_text


def test_questions_filed_under_one_topic_group_together_whatever_their_words(
    kb: KnowledgeBase,
) -> None:
    now = time.time()
    questions = [
        kept("does fastapi have lts?", now, topic="support"),
        kept("how do I make PDFs from flask?", now),
        kept("fastapi long term support?", now, topic="support"),
        kept("for how long will fastapi 0.100 get security fixes", now, topic="support"),
    ]
    groups = QuestionGrouper(kb).group(questions)
    assert sorted(map(sorted, groups)) == [[0, 2, 3], [1]]


def test_the_report_counts_by_day_and_keeps_to_its_window(kb: KnowledgeBase) -> None:
    now = time.time()
    journal = MemoryJournal(lambda: now)
    journal.record(day_of(now), ["outcome:partial", "topic:support"], kept("lts for fastapi?", now))
    old = now - 10 * DAY_SECONDS
    journal.record(day_of(old), ["outcome:partial"], kept("old question", old))
    usage = gaps_report(journal, QuestionGrouper(kb), since_days=7, now=now)
    assert isinstance(usage.report, GapsReport)
    assert usage.report.outcomes.partial == 1
    assert [g.example for g in usage.report.groups] == ["lts for fastapi?"]
    assert usage.report.groups[0].topic == "support"
    assert usage.topics == {"support": 1}
