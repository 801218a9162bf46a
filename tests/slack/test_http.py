"""The Slack app over HTTP: signed requests to a running `fwbot serve`, a fake Web API."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.redis_server import free_port
from tests.slack.conftest import (
    BOT_TOKEN,
    SIGNING_SECRET,
    BotServer,
    start_bot,
    wait_healthy,
)
from tests.slack.fake_slack import BOT_ID, BOT_USER_ID, Call, FakeSlack


def _calls_after(fake_slack: FakeSlack, method: str, seen: int) -> list[Call]:
    return fake_slack.calls_to(method)[seen:]


def mention(text: str, ts: str = "1700000000.000100", **extra: str) -> dict[str, str]:
    return {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": "C1",
        "event_ts": ts,
        **extra,
    }


def test_a_mention_gets_a_threaded_reply_naming_the_frameworks(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    status, _ = bot_server.event(mention("djnago vs flask?"), "Ev1")
    assert status == 200
    [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    assert post.args["channel"] == "C1"
    assert post.args["thread_ts"] == "1700000000.000100"
    assert "Django" in post.args["text"] and "Flask" in post.args["text"]
    assert any(b["type"] == "context" for b in post.args["blocks"])  # sources


def test_a_reply_in_a_thread_stays_in_that_thread(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    bot_server.event(mention("django vs flask", ts="2.0", thread_ts="1.0"), "Ev2")
    [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    assert post.args["thread_ts"] == "1.0"


def test_a_direct_message_gets_a_reply_in_the_dm(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": "what is fastapi?",
        "ts": "3.0",
    }
    bot_server.event(event, "Ev3")
    [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    assert post.args["channel"] == "D1"
    assert "FastAPI" in post.args["text"]


def test_a_redelivered_event_is_answered_once(bot_server: BotServer, fake_slack: FakeSlack) -> None:
    assert bot_server.event(mention("what is flask"), "EvSame")[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert bot_server.event(mention("what is flask"), "EvSame", headers=retry)[0] == 200
    assert bot_server.event(mention("what is django", ts="2.0"), "EvOther")[0] == 200
    bot_server.stop()  # everything acked is answered before it exits
    texts = sorted(c.args["text"] for c in fake_slack.calls_to("chat.postMessage"))
    assert texts == ["What is Django?", "What is Flask?"]


def test_bad_and_stale_signatures_are_rejected(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    assert bot_server.event(mention("hi"), "EvBad", secret="wrong")[0] == 401
    stale = int(time.time()) - 600
    assert bot_server.event(mention("hi"), "EvStale", timestamp=stale)[0] == 401
    bot_server.stop()
    # Only the start-up token check, made before the server listened: nothing reached Bolt.
    assert [call.method for call in fake_slack.calls] == ["auth.test"]


def test_a_malformed_timestamp_is_rejected(bot_server: BotServer) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "EvTs", "event": mention("hi")})
    request = urllib.request.Request(
        f"{bot_server.url}/slack/events", data=body.encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Slack-Request-Timestamp": "soon",
                 "X-Slack-Signature": "v0=00"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401


def test_events_acked_before_sigterm_are_still_answered(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    fake_slack.latency["chat.postMessage"] = 0.5  # answers are in flight at SIGTERM
    for n in range(6):
        assert bot_server.event(mention("what is flask", ts=f"{n}.0"), f"EvTerm{n}")[0] == 200
    bot_server.process.send_signal(signal.SIGTERM)
    assert bot_server.process.wait(timeout=15) == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == 6


def test_bot_messages_and_edits_are_ignored(bot_server: BotServer, fake_slack: FakeSlack) -> None:
    base = {"type": "message", "channel_type": "im", "channel": "D1", "ts": "4.0"}
    bot_server.event({**base, "bot_id": BOT_ID, "user": BOT_USER_ID, "text": "django?"}, "EvB1")
    bot_server.event({**base, "bot_id": "BOTHER", "text": "flask?"}, "EvB2")
    bot_server.event(
        {**base, "subtype": "message_changed", "user": "U1", "message": {"text": "edited"}}, "EvB3"
    )
    bot_server.event({**base, "subtype": "message_deleted", "user": "U1"}, "EvB4")
    bot_server.event({**base, "user": "U1", "text": "what is fastapi"}, "EvB5")
    bot_server.stop()
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.args["text"] == "What is FastAPI?"


def test_compare_command_is_acked_fast_and_answered(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    started = time.monotonic()
    status, _ = bot_server.command(
        "/compare", "django fastapi performance", fake_slack.response_url("cmp")
    )
    assert status == 200
    assert time.monotonic() - started < 3
    [reply] = fake_slack.wait_for(lambda: fake_slack.calls_to("response:cmp"))
    assert reply.args["response_type"] == "ephemeral"
    assert "performance" in reply.args["text"].lower()
    bot_server.command("/compare", "django flask public", fake_slack.response_url("pub"))
    [public] = fake_slack.wait_for(lambda: fake_slack.calls_to("response:pub"))
    assert public.args["response_type"] == "in_channel"


def test_compare_with_bad_arguments_gets_usage(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    bot_server.command("/compare", "django <!channel>", fake_slack.response_url("bad"))
    [reply] = fake_slack.wait_for(lambda: fake_slack.calls_to("response:bad"))
    assert reply.args["text"].startswith("Usage: /compare")
    assert "<!channel>" not in json.dumps(reply.args)


def test_a_dialogue_driven_by_button_clicks_reaches_a_recommendation(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    url = fake_slack.response_url("rec")
    bot_server.command("/recommend", "", url)
    [opening] = fake_slack.wait_for(lambda: fake_slack.calls_to("response:rec"))
    assert opening.args["response_type"] == "ephemeral"  # only the person who asked sees it
    assert opening.args["text"].startswith("Question 1 of")
    for step in range(6):
        replies = fake_slack.wait_for(partial(_calls_after, fake_slack, "response:rec", step))
        blocks = replies[0].args["blocks"]
        options = [
            b for b in blocks if b["type"] == "actions" and b["block_id"].startswith("dialogue")
        ]
        if not options:
            break
        button = options[0]["elements"][0]
        bot_server.click({**button, "block_id": options[0]["block_id"]}, url)
    final = fake_slack.calls_to("response:rec")[-1]
    assert final.args["text"].startswith("My recommendation")
    assert final.args.get("replace_original") is True


def test_rate_limited_post_is_retried_after_retry_after(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    fake_slack.fail_next("chat.postMessage", 429, {"Retry-After": "1"})
    bot_server.event(mention("django vs flask"), "Ev429")
    fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    attempts = fake_slack.calls_to("chat.postMessage", ok_only=False)
    assert [c.status for c in attempts] == [429, 200]
    assert 'fwbot_web_api_retries_total{reason="rate_limited"} 1.0' in bot_server.metrics()


def test_a_failing_web_api_is_survived(bot_server: BotServer, fake_slack: FakeSlack) -> None:
    for _ in range(3):
        fake_slack.fail_next("chat.postMessage", 500)
    bot_server.event(mention("django vs flask"), "Ev500")
    fake_slack.wait_for(lambda: len(fake_slack.calls_to("chat.postMessage", ok_only=False)) >= 3)
    bot_server.event(mention("what is flask"), "Ev501")
    fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    assert bot_server.process.poll() is None


def test_hostile_text_is_escaped(bot_server: BotServer, fake_slack: FakeSlack) -> None:
    bot_server.event(
        mention("<!channel> <script>alert(1)</script> flask vs <!here> django"), "EvHostile"
    )
    [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    dumped = json.dumps(post.args)
    for needle in ("<!channel>", "<!here>", "<script>"):
        assert needle not in dumped


def test_app_home_is_published(bot_server: BotServer, fake_slack: FakeSlack) -> None:
    bot_server.event(
        {
            "type": "app_home_opened",
            "user": "U1",
            "channel": "D1",
            "tab": "home",
            "event_ts": "5.0",
        },
        "EvHome",
    )
    [publish] = fake_slack.wait_for(lambda: fake_slack.calls_to("views.publish"))
    assert publish.args["user_id"] == "U1"
    assert publish.args["view"]["type"] == "home"


def test_missing_token_stops_start_up_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "fwbot serve: SLACK_BOT_TOKEN is not set: export SLACK_BOT_TOKEN=..."
    ]


def test_metrics_are_served_in_prometheus_format(
    bot_server: BotServer, fake_slack: FakeSlack
) -> None:
    bot_server.event(mention("django vs flask"), "EvMetrics")
    fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    with urllib.request.urlopen(f"{bot_server.url}/metrics", timeout=5) as response:
        text = response.read().decode()
    assert 'fwbot_requests_total{kind="event"} 1.0' in text
    assert 'fwbot_intents_total{intent="compare"} 1.0' in text
    assert "fwbot_reply_seconds_bucket" in text


def test_an_unreachable_store_is_reported_at_start_up_and_the_bot_still_answers(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "FWBOT_STORE": f"redis://user:hunter2@127.0.0.1:{free_port()}/0",  # nothing listens
    }
    process = start_bot(env, port, tmp_path)
    server = BotServer(f"http://127.0.0.1:{port}", process)
    try:
        wait_healthy(server.url, process)
        assert server.event(mention("what is flask"), "EvNoStore")[0] == 200
        [post] = fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
        assert "Flask" in post.args["text"]
    finally:
        process.terminate()
        process.wait(timeout=15)
    log = (tmp_path / f"bot-{port}.log").read_text()
    assert "conversation store unusable" in log
    assert "hunter2" not in log


def test_messages_stay_out_of_info_logs(
    bot_server: BotServer, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    private = "my confidential question about django"
    bot_server.event(mention(private), "EvLog")
    form = urlencode({"command": "/compare", "text": private, "team_id": "T1", "user_id": "U1"})
    # A forged request reaches Bolt, which logs the body of a bad signature at INFO.
    assert bot_server.post(form, "application/x-www-form-urlencoded", secret="wrong")[0] == 401
    fake_slack.wait_for(lambda: fake_slack.calls_to("chat.postMessage"))
    bot_server.process.terminate()
    bot_server.process.wait(timeout=15)
    port = bot_server.url.rsplit(":", 1)[1]
    log = (tmp_path / f"bot-{port}.log").read_text()
    assert "POST /slack/events" in log  # INFO lines are there...
    assert "confidential" not in log  # ...but not what people wrote
