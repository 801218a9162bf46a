"""Bad requests to /slack/events: refused or ignored cheaply, one log line each, no traceback."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from tests.faults.helpers import FaultySlack
from tests.slack.conftest import SIGNING_SECRET, BotServer

UNSIGNED_BODIES = [
    ("{not json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    (urlencode({"payload": "not json"}), "application/x-www-form-urlencoded"),
    ('{"type": "event_callback", "event_id": "Ev1", "event": {"type": "app_mention"}}',
     "application/json"),
]  # fmt: skip

MALFORMED_BODIES = [
    ("{not json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    ('"a string"', "application/json"),
    (urlencode({"payload": "not json"}), "application/x-www-form-urlencoded"),
    (urlencode({"payload": "[1]"}), "application/x-www-form-urlencoded"),
    (urlencode({"payload": '{"no": "type"}'}), "application/x-www-form-urlencoded"),
    (urlencode({"neither": "command nor payload"}), "application/x-www-form-urlencoded"),
    ("plain text", "text/plain"),
    ('{"type": "event_callback", "event": {"type": "app_mention"}}', "application/json"),
    ('{"type": "event_callback", "event_id": "Ev1", "event": [1]}', "application/json"),
    ('{"type": "event_callback", "event_id": "Ev1", "event": {"type": "app_mention", '
     '"channel": 5, "ts": "1.0"}}', "application/json"),
]  # fmt: skip


def log_of(server: BotServer, tmp_path: Path) -> str:
    port = server.url.rsplit(":", 1)[1]
    return (tmp_path / f"bot-{port}.log").read_text()


def metric(server: BotServer, name: str) -> float:
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
    return 0.0


def unsigned(server: BotServer, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(
        f"{server.url}/slack/events", data=body, method="POST",
        headers={"Content-Type": content_type},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_unsigned_requests_are_refused_before_the_body_is_read_as_json(
    bot: BotServer, tmp_path: Path
) -> None:
    for body, content_type in UNSIGNED_BODIES:
        assert unsigned(bot, body.encode(), content_type) == 401, body
        # A wrong signature too: refused whatever the body is.
        assert bot.post(body, content_type, secret="wrong")[0] == 401, body
    assert bot.post(UNSIGNED_BODIES[0][0], "application/json", timestamp=1)[0] == 401
    assert metric(bot, "fwbot_signature_failures_total") == 2 * len(UNSIGNED_BODIES) + 1
    log = log_of(bot, tmp_path)
    assert "Traceback" not in log
    assert " WARNING " not in log and " ERROR " not in log


def test_signed_malformed_bodies_get_400_and_one_log_line_each(
    bot: BotServer, slack: FaultySlack, tmp_path: Path
) -> None:
    for body, content_type in MALFORMED_BODIES:
        status, answer = bot.post(body, content_type)
        assert status == 400, body
        assert json.loads(answer) == {"error": "malformed request"}
    status, _ = post_bytes(bot, b"\xff\xfe{", "application/json")
    assert status == 400
    log = log_of(bot, tmp_path)
    assert "Traceback" not in log
    refused = [line for line in log.splitlines() if "malformed Slack request refused" in line]
    assert len(refused) == len(MALFORMED_BODIES) + 1
    assert all(" WARNING " in line for line in refused)
    assert metric(bot, 'fwbot_bad_requests_total{reason="malformed"}') == len(refused)
    assert slack.calls_to("chat.postMessage") == []


def post_bytes(server: BotServer, body: bytes, content_type: str) -> tuple[int, str]:
    """A signed request whose body is not text."""
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body,
                      hashlib.sha256).hexdigest()  # fmt: skip
    request = urllib.request.Request(
        f"{server.url}/slack/events", data=body, method="POST",
        headers={"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                 "X-Slack-Signature": "v0=" + digest},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def click_payload(**changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "response_url": "http://127.0.0.1:9/unused",
        "actions": [{"action_id": "suggestion_0", "block_id": "suggestions|7.0",
                     "value": "what is django", "type": "button"}],
    }  # fmt: skip
    payload.update(changes)
    return {k: v for k, v in payload.items() if v is not None}


def test_malformed_signed_interactive_payloads_are_acknowledged_and_ignored(
    bot: BotServer, slack: FaultySlack, tmp_path: Path
) -> None:
    action = {"action_id": "suggestion_0", "block_id": "suggestions|7.0", "value": "django?"}
    bad = [
        click_payload(user=None),
        click_payload(user={"id": 7}),
        click_payload(user="U1"),
        click_payload(response_url=5),
        click_payload(actions=[]),
        click_payload(actions="x"),
        click_payload(actions=[{**action, "value": 3}]),
        click_payload(actions=[{**action, "action_id": None}]),
        click_payload(actions=[{**action, "action_id": "somebody_elses_button"}]),
        click_payload(channel={"id": ["C1"]}),
        click_payload(type="view_submission"),
    ]
    for payload in bad:
        started = time.monotonic()
        form = urlencode({"payload": json.dumps(payload)})
        status, _ = bot.post(form, "application/x-www-form-urlencoded")
        assert status == 200, payload
        assert time.monotonic() - started < 1.0  # acknowledged at once, never Bolt's 3 s wait
    # A well-formed click still works afterwards, and is the only thing answered.
    good = click_payload(response_url=slack.response_url("ok"))
    bot.post(urlencode({"payload": json.dumps(good)}), "application/x-www-form-urlencoded")
    [post] = slack.wait_for(lambda: slack.calls_to("chat.postMessage"))
    assert "Django" in post.args["text"]
    log = log_of(bot, tmp_path)
    ignored = [line for line in log.splitlines() if "acknowledged and ignored" in line]
    assert len(ignored) == len(bad)
    assert "Traceback" not in log and " ERROR " not in log
    assert metric(bot, 'fwbot_bad_requests_total{reason="interactive_ignored"}') == len(bad)
