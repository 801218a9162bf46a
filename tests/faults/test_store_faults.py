"""Store faults: an unusable FWBOT_STORE stops start-up with one line; a store that fails
later costs each event little, redelivered events are still answered once, and people are
told plainly that the bot can't remember the conversation right now."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import redis

from bot.conversations import NO_MEMORY
from tests.faults.helpers import (
    FaultySlack,
    env_for,
    get,
    mention,
    metric,
    running_bot,
    wait_until,
)
from tests.redis_server import free_port, running_redis

NOTE = json.dumps(NO_MEMORY)[1:-1]  # as it appears in a posted message's JSON


def serve_once(store: str, slack: FaultySlack) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", str(free_port()), "--host", "127.0.0.1"],
        env={**os.environ, **env_for(slack.api_url, store)},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def read_only_sqlite(path: Path) -> None:
    """A database whose writes fail, as a read-only file's do (root ignores file modes)."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE conversations (key TEXT PRIMARY KEY, state TEXT NOT NULL, "
               "expires_at REAL NOT NULL)")  # fmt: skip
    refuse = "SELECT RAISE(ABORT, 'attempt to write a readonly database')"
    db.execute(f"CREATE TRIGGER read_only BEFORE INSERT ON conversations BEGIN {refuse}; END")
    db.commit()
    db.close()
    path.chmod(0o444)


def test_an_unusable_store_stops_start_up_with_one_line_naming_it(
    slack: FaultySlack, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    read_only_sqlite(tmp_path / "ro.db")
    with running_redis(tmp_path) as url:
        redis.Redis.from_url(url).config_set("requirepass", "the-real-one")
        wrong_password = url.replace("redis://", "redis://:hunter2@")
        specs = [
            f"sqlite:///{tmp_path / 'a-file' / 'state.db'}",  # a path that can't be created
            f"sqlite:///{tmp_path / 'ro.db'}",  # a read-only database
            "redis://127.0.0.1:notaport/0",  # a malformed URL
            wrong_password,  # a password the server refuses
        ]
        for spec in specs:
            result = serve_once(spec, slack)
            assert result.returncode == 2, (spec, result.stderr)
            [line] = result.stderr.strip().splitlines()
            assert line.startswith("fwbot serve: FWBOT_STORE="), line
            assert "can't be used" in line
            assert "hunter2" not in line


def answered(slack: FaultySlack, thread: str) -> str:
    """The answer posted in `thread` (text and blocks, as JSON), or ""."""
    posts = [c for c in slack.calls_to("chat.postMessage") if c.args.get("thread_ts") == thread]
    return json.dumps(posts[0].args) if posts else ""


def test_a_frozen_redis_costs_little_per_event_and_people_are_told(
    slack: FaultySlack, tmp_path: Path
) -> None:
    with running_redis(tmp_path) as url, running_bot(slack, tmp_path, url) as bot:
        pid = int(redis.Redis.from_url(url).info("server")["process_id"])
        os.kill(pid, signal.SIGSTOP)  # frozen: connections are accepted, nothing answers
        try:
            started = time.monotonic()
            for n in range(20):
                assert bot.event(mention("what is flask", f"{n}.0"), f"EvFrozen{n}")[0] == 200
                thread = f"{n}.0"
                text = wait_until(lambda: answered(slack, thread))  # noqa: B023
                assert NOTE in text
                assert "start again" not in text
            per_event = (time.monotonic() - started) / 20
            assert per_event < 0.2, per_event
            assert get(f"{bot.url}/readyz")[0] == 503
            assert metric(bot.url, 'fwbot_store_errors_total{operation="get"}') >= 20
        finally:
            os.kill(pid, signal.SIGCONT)
        # Redis answers again: the bot remembers again.
        assert wait_until(lambda: get(f"{bot.url}/readyz")[0] == 200, what="ready")
        bot.event(mention("what is django", "99.0"), "EvThawed")
        assert NOTE not in wait_until(lambda: answered(slack, "99.0"))


def test_redelivered_events_are_answered_once_while_the_store_is_down(
    slack: FaultySlack, tmp_path: Path
) -> None:
    with running_redis(tmp_path) as url:
        bot_context = running_bot(slack, tmp_path, url)
        bot = bot_context.__enter__()
    try:  # Redis is gone now
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        assert bot.event(mention("what is flask", "1.0"), "EvTwice")[0] == 200
        assert bot.event(mention("what is flask", "1.0"), "EvTwice", headers=retry)[0] == 200
        assert metric(bot.url, "fwbot_duplicates_skipped_total") == 1
        bot.event(mention("what is django", "2.0"), "EvAfter")
        wait_until(lambda: answered(slack, "2.0") and answered(slack, "1.0"))
        threads = [c.args["thread_ts"] for c in slack.calls_to("chat.postMessage")]
        assert sorted(threads) == ["1.0", "2.0"]
        assert NOTE in answered(slack, "1.0")
    finally:
        bot_context.__exit__(None, None, None)


def test_a_store_that_works_gives_no_note(slack: FaultySlack, tmp_path: Path) -> None:
    with running_bot(slack, tmp_path, f"sqlite:///{tmp_path / 'state.db'}") as bot:
        bot.event(mention("what is flask", "1.0"), "EvOk")
        assert NOTE not in wait_until(lambda: answered(slack, "1.0"))
        assert metric(bot.url, 'fwbot_store_errors_total{operation="get"}') == 0
