"""The Slack app over Socket Mode: a loopback WebSocket speaking Slack's envelope protocol."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.redis_server import free_port
from tests.slack.conftest import BOT_TOKEN, start_bot
from tests.slack.fake_slack import BOT_USER_ID, FakeSlack


@pytest.fixture
def socket_bot(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": "xapp-test-token",
        "SLACK_API_URL": fake_slack.api_url,
    }
    process = start_bot(env, free_port(), tmp_path)
    try:
        fake_slack.wait_for(fake_slack.connected, seconds=30)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_events_commands_and_clicks_over_socket_mode(
    socket_bot: subprocess.Popen[str], fake_slack: FakeSlack
) -> None:
    assert fake_slack.calls_to("apps.connections.open")
    event = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "EvS1",
        "event_time": 1,
        "event": {
            "type": "app_mention",
            "user": "U1",
            "channel": "C1",
            "ts": "7.0",
            "text": f"<@{BOT_USER_ID}> flask vs fastapi",
        },
    }
    fake_slack.send_envelope(
        {
            "envelope_id": "env-1",
            "type": "events_api",
            "payload": event,
            "accepts_response_payload": False,
            "retry_attempt": 0,
        }
    )
    [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    assert post.args["thread_ts"] == "7.0"
    assert "Flask" in post.args["text"] and "FastAPI" in post.args["text"]

    command = {
        "command": "/compare",
        "text": "django flask",
        "team_id": "T1",
        "channel_id": "C1",
        "user_id": "U1",
        "response_url": fake_slack.response_url("s"),
        "trigger_id": "t",
    }
    fake_slack.send_envelope(
        {
            "envelope_id": "env-2",
            "type": "slash_commands",
            "payload": command,
            "accepts_response_payload": True,
        }
    )
    [compared] = fake_slack.wait_for(lambda: fake_slack.calls_to("response:s"))
    assert (compared.args["response_type"], compared.args["text"]) == (
        "ephemeral",
        "Django vs Flask",
    )

    click = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "response_url": fake_slack.response_url("c"),
        "actions": [
            {
                "type": "button",
                "action_id": "suggestion_0",
                "block_id": "suggestions|7.0",
                "value": "what is django",
                "text": {"type": "plain_text", "text": "x"},
            }
        ],
    }
    fake_slack.send_envelope(
        {
            "envelope_id": "env-3",
            "type": "interactive",
            "payload": click,
            "accepts_response_payload": False,
        }
    )
    # The click on a button of the thread's answer is answered in that thread.
    clicked = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage")[1:])[0]
    assert (clicked.args["channel"], clicked.args["thread_ts"]) == ("C1", "7.0")
    assert clicked.args["text"] == "What is Django?"

    everything = {"env-1", "env-2", "env-3"}
    fake_slack.wait_for(lambda: set(fake_slack.socket_acks) >= everything)
    socket_bot.terminate()  # SIGTERM: what was acknowledged is finished first
    assert socket_bot.wait(timeout=15) == 0
    assert sorted(fake_slack.socket_acks) == ["env-1", "env-2", "env-3"]  # each acked once
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
