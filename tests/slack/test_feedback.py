"""👍 / 👎 under answers in Slack: signed clicks to a running `fwbot serve` against the fake
Web API, with the store shared by replicas (SQLite, a real redis-server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.learning.buttons import read_feedback
from tests.bot.learning.conftest import learned_bytes, store_spec, stored_bytes
from tests.redis_server import free_port
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, BotServer, start_bot, wait_healthy
from tests.slack.fake_slack import BOT_USER_ID, FakeSlack

QUESTION = "django vs flask for our kumquat shop? reply to ann.lee@corp.example"
MESSAGE_TS = "1700000000.000900"  # the ts Slack gave the bot's answer


@pytest.fixture(params=["sqlite", "redis"])
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_spec(request.param, tmp_path) as value:
        yield value


@pytest.fixture
def server(fake_slack: FakeSlack, tmp_path: Path, spec: str) -> Iterator[BotServer]:
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "FWBOT_STORE": spec,
        "FWBOT_KEEP_QUESTIONS": "1",
    }
    process = start_bot(env, port, tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield BotServer(url, process)
    finally:
        process.terminate()
        process.wait(timeout=15)


def click(server: BotServer, post: dict[str, Any], action_id: str, user: str) -> int:
    """A click on a button of the posted answer, as Slack sends it: the message with its
    blocks, the container, the channel."""
    [block] = [b for b in post["blocks"] if b.get("block_id", "").startswith("feedback")]
    [button] = [e for e in block["elements"] if e["action_id"] == action_id]
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user},
        "api_app_id": "A1",
        "token": "x",
        "trigger_id": "t",
        "channel": {"id": "C1"},
        "container": {"type": "message", "message_ts": MESSAGE_TS, "channel_id": "C1"},
        "message": {"type": "message", "ts": MESSAGE_TS, "thread_ts": post["thread_ts"],
                    "text": post["text"], "blocks": post["blocks"]},
        "response_url": "http://127.0.0.1:9/unused",
        "actions": [{**button, "block_id": block["block_id"], "type": "button"}],
    }  # fmt: skip
    body = urlencode({"payload": json.dumps(payload)})
    return server.post(body, "application/x-www-form-urlencoded")[0]


def metric_lines(server: BotServer) -> list[str]:
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=5) as response:
        text: str = response.read().decode()
    return text.splitlines()


def gaps(spec: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "gaps", "--json"],
        env={**os.environ, "FWBOT_STORE": spec},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def until(condition: Any, seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, "condition not met in time"
    return value


def test_a_click_rates_once_per_person_and_the_buttons_become_a_thank_you(
    server: BotServer, fake_slack: FakeSlack, spec: str
) -> None:
    mention = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1700000000.000100",
               "event_ts": "1700000000.000100", "text": f"<@{BOT_USER_ID}> {QUESTION}"}  # fmt: skip
    assert server.event(mention, "EvRate1")[0] == 200
    [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    answer = post.args
    [buttons] = [b for b in answer["blocks"] if b["type"] == "actions" and b["block_id"] ==
                 "feedback|1700000000.000100"]  # fmt: skip
    assert [e["text"]["text"] for e in buttons["elements"]] == ["👍", "👎"]
    rated = read_feedback(buttons["elements"][0]["value"])
    assert rated is not None and (rated.intent, rated.frameworks) == (
        "compare",
        ("django", "flask"),
    )
    assert rated.outcome == "answered"
    assert "ann.lee" not in json.dumps(answer)  # the question rides along redacted, or not at all

    assert click(server, answer, "feedback_down", "U1") == 200
    [update] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.update"))
    assert (update.args["channel"], update.args["ts"]) == ("C1", MESSAGE_TS)
    thanked = update.args["blocks"]
    assert not [
        b
        for b in thanked
        if b.get("block_id", "").startswith("feedback") and b["type"] == "actions"
    ]
    assert thanked[-1]["type"] == "context" and "Thanks for the feedback" in json.dumps(thanked[-1])
    assert thanked[:-1] == answer["blocks"][:-1]  # the answer itself is untouched

    click(server, answer, "feedback_down", "U1")  # the same person again: not counted
    click(server, answer, "feedback_up", "U1")  # changing their mind: not counted either
    click(server, answer, "feedback_up", "U2")  # someone else: counted
    until(lambda: len(fake_slack.calls_to("chat.update")) == 4)
    lines = metric_lines(server)
    assert 'fwbot_ratings_total{rating="down"} 1.0' in lines
    assert 'fwbot_ratings_total{rating="up"} 1.0' in lines
    assert 'fwbot_outcomes_total{outcome="answered"} 1.0' in lines

    report = until(lambda: (r := gaps(spec))["outcomes"]["answered"] == 1 and r)
    assert report["ratings"] == {"up": 1, "down": 1}
    [group] = report["groups"]  # the question rated 👎, kept redacted
    assert group["example"] == "django vs flask for our kumquat shop? reply to [email]"
    assert b"ann.lee" not in stored_bytes(spec)
    learned = learned_bytes(spec)
    assert b"kumquat" in learned  # the kept question...
    assert b"U1" not in learned and b"U2" not in learned  # ...and no one's user id


def test_a_click_that_is_not_one_of_our_ratings_is_ignored(
    server: BotServer, fake_slack: FakeSlack
) -> None:
    post = {"blocks": [{"type": "actions", "block_id": "feedback|1.0", "elements": [
        {"type": "button", "action_id": "feedback_up", "value": '{"a":"forged"}'}]}],
        "thread_ts": "1.0", "text": "x"}  # fmt: skip
    assert click(server, post, "feedback_up", "U1") == 200
    server.event({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "2.0",
                  "text": "hi"}, "EvAfterForged")  # fmt: skip
    fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    assert fake_slack.calls_to("chat.update") == []
    assert 'fwbot_ratings_total{rating="up"} 0.0' in metric_lines(server)
