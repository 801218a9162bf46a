from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.redis_server import free_port
from tests.slack.fake_slack import FakeSlack

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    fake.start()
    yield fake
    fake.stop()


@dataclass
class BotServer:
    url: str
    process: subprocess.Popen[str]

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
        timeout: float = 10,
    ) -> tuple[int, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        signature = (
            "v0="
            + hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
        )
        request = urllib.request.Request(
            f"{self.url}/slack/events", data=body.encode(), method="POST",
            headers={"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
                     "X-Slack-Signature": signature, **(headers or {})},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        """SIGTERM, as an orchestrator stops it: every event already acked is answered first
        (the drain), so after this what was posted to Slack is all there will ever be."""
        self.process.terminate()
        assert self.process.wait(timeout=15) == 0

    def metrics(self) -> str:
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=5) as response:
            text: str = response.read().decode()
            return text

    def event(self, event: dict[str, Any], event_id: str, **kwargs: Any) -> tuple[int, str]:
        body = {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(body), "application/json", **kwargs)

    def command(self, command: str, text: str, response_url: str) -> tuple[int, str]:
        form = {
            "command": command,
            "text": text,
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": "U1",
            "response_url": response_url,
            "trigger_id": "trig123",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self, action: dict[str, Any], response_url: str, channel: str | None = "C1"
    ) -> tuple[int, str]:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "U1"},
            "actions": [action],
            "response_url": response_url,
            "trigger_id": "t",
            "api_app_id": "A1",
            "token": "x",
        }
        if channel:
            payload["channel"] = {"id": channel}
            payload["container"] = {"type": "message", "channel_id": channel}
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )


def start_bot(env: dict[str, str], port: int, tmp_path: Path) -> subprocess.Popen[str]:
    log = (tmp_path / f"bot-{port}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env={**os.environ, **env},
        text=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(url: str, process: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert process.poll() is None, "the bot exited during start-up"
        assert time.monotonic() < deadline, "the bot did not become healthy"
        time.sleep(0.05)


@pytest.fixture
def bot_server(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[BotServer]:
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "FWBOT_STORE": "memory",
        "FWBOT_RETRY_SECONDS": "0.05",  # failed posts are retried after 25-50 ms, 50-100 ms...
    }
    process = start_bot(env, port, tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield BotServer(url, process)
    finally:
        process.terminate()
        process.wait(timeout=15)
