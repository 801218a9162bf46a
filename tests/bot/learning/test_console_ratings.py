"""The console: `/good` and `/bad` rate the previous answer; the reply's intent is `feedback`."""

from __future__ import annotations

import io
import json
import time

from bot.brain import Brain
from bot.console import run_interactive, run_json_lines
from bot.conversations import Conversations
from bot.learning.journal import day_of
from bot.learning.journal_memory import MemoryJournal
from bot.learning.recorder import Learning
from bot.settings import LearningSettings
from bot.store.memory import MemoryStore


def chat(brain: Brain, learning: Learning, *lines: str) -> list[dict[str, object]]:
    out = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    run_json_lines(Conversations(brain, MemoryStore()), stdin, out, learning=learning)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_good_and_bad_rate_the_previous_answer_once(brain: Brain) -> None:
    journal = MemoryJournal()
    replies = chat(
        brain,
        Learning(journal),
        "/good",
        "django vs flask",
        "/bad",
        "/BAD ",
        "what is fastapi?",
        "/good",
    )
    assert [r["intent"] for r in replies] == [
        "feedback", "compare", "feedback", "feedback", "describe", "feedback",
    ]  # fmt: skip
    assert [r["outcome"] for r in replies][:2] == ["feedback", "answered"]
    texts = [str(r["text"]) for r in replies]
    assert texts[0].startswith("There is no answer to rate yet.")
    assert texts[2].startswith("Thanks for telling me.")
    assert texts[3] == "You already rated that answer."
    assert texts[5] == "Thanks! Glad that helped."
    today = day_of(time.time())
    counts = journal.counts(today, today)
    assert (counts["rating:down"], counts["rating:up"]) == (1, 1)
    assert counts["outcome:answered"] == 2 and counts["outcome:feedback"] == 2


def test_the_interactive_console_takes_ratings_too(brain: Brain) -> None:
    journal = MemoryJournal()
    learning = Learning(journal, LearningSettings(keep_questions=True))
    out = io.StringIO()
    run_interactive(
        Conversations(brain, MemoryStore()), io.StringIO("flask vs django\n/bad\nquit\n"), out,
        learning=learning,
    )  # fmt: skip
    assert "The question is kept, redacted" in out.getvalue()
    [kept] = journal.kept(since=0, now=time.time())
    assert (kept.text, kept.rated_down) == ("flask vs django", True)
