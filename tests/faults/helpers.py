"""Helpers for the fault tests: a fake Slack that can refuse the token, probes, logs, metrics."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.redis_server import free_port
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, BotServer, start_bot, wait_healthy
from tests.slack.fake_slack import FakeSlack, _arguments


@dataclass
class Timed:
    method: str
    channel: str | None
    status: int
    finished: float  # time.monotonic() when the answer was sent


@dataclass
class FaultySlack(FakeSlack):
    """FakeSlack whose auth.test can answer an error such as invalid_auth, that can answer
    one error for the next call to a method, and that records when each call finished and
    how many were in flight at once."""

    auth_error: str | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    timed: list[Timed] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def fail_next_with(self, method: str, error: str) -> None:
        """The next call to `method` gets HTTP 200 with {"ok": false, "error": error}."""
        with self._lock:
            self.errors.setdefault(method, []).append(error)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            queued = self.errors.get(method)
            error = queued.pop(0) if queued else None
        if error is None and method == "auth.test" and self.auth_error:
            error = self.auth_error
        if error is not None:
            return {"ok": False, "error": error}
        if method in ("conversations.replies", "conversations.history"):
            return {"ok": True, "messages": self._messages(method, args)}
        return super()._answer(method, args)

    def _messages(self, method: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        """What the bot has posted in a channel (history) or a thread (replies)."""
        with self._lock:
            posts = [c.args for c in self.calls
                     if c.method == "chat.postMessage" and c.status == 200]  # fmt: skip
        in_channel = [p for p in posts if p.get("channel") == args.get("channel")]
        if method == "conversations.replies":
            in_channel = [p for p in in_channel if p.get("thread_ts") == args.get("ts")]
        return [{"type": "message", "text": p.get("text"), "metadata": p.get("metadata"),
                 "thread_ts": p.get("thread_ts")} for p in in_channel]  # fmt: skip

    async def _api(self, request: web.Request) -> web.Response:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            response = await super()._api(request)
        finally:
            with self._lock:
                self.in_flight -= 1
        channel = (await _arguments(request)).get("channel")  # the body is cached
        with self._lock:
            self.timed.append(
                Timed(request.match_info["method"], channel, response.status, time.monotonic())
            )
        return response

    def stop(self) -> None:
        """Stop, closing Socket Mode connections first (aiohttp waits for their handlers)."""
        loop = self._loop
        if loop is not None and loop.is_running():

            async def close_sockets() -> None:
                for socket in list(self._sockets):
                    await socket.close()

            asyncio.run_coroutine_threadsafe(close_sockets(), loop).result(10)
        super().stop()

    def timed_calls(self, method: str) -> list[Timed]:
        with self._lock:
            return [t for t in self.timed if t.method == method]


def get(url: str) -> tuple[int, Any]:
    """GET a URL; (status, parsed JSON or text). Connection failures are status 0."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status, raw = int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read().decode()
    except OSError:
        return 0, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def wait_until(condition: Callable[[], Any], seconds: float = 20.0, what: str = "") -> Any:
    """Poll `condition` until it is truthy (a wait for a state, not a timed guess)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what or condition}"
        time.sleep(0.02)


def bot_log(tmp_path: Path, url_or_port: str | int) -> str:
    port = str(url_or_port).rsplit(":", 1)[-1]
    path = tmp_path / f"bot-{port}.log"
    return path.read_text() if path.exists() else ""


def metric(url: str, name: str) -> float:
    """One sample from /metrics (0 when the series is absent)."""
    status, text = get(f"{url}/metrics")
    assert status == 200
    for line in str(text).splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def env_for(api_url: str, store: str = "memory", **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "FWBOT_STORE": store,
        **extra,
    }


@contextmanager
def running_bot(
    slack: FaultySlack, tmp_path: Path, store: str = "memory", **extra: str
) -> Iterator[BotServer]:
    """`fwbot serve` over HTTP against the fake Slack, healthy; stopped on the way out."""
    server = launch_bot(slack, tmp_path, store, **extra)
    try:
        yield server
    finally:
        stop_bot(server)


def launch_bot(
    slack: FaultySlack, tmp_path: Path, store: str = "memory", **extra: str
) -> BotServer:
    """`fwbot serve` over HTTP against the fake Slack, once healthy; the caller stops it
    (stopped here if it never gets healthy)."""
    port = free_port()
    process = start_bot(env_for(slack.api_url, store, **extra), port, tmp_path)
    server = BotServer(f"http://127.0.0.1:{port}", process)
    try:
        wait_healthy(server.url, process)
    except BaseException:
        stop_bot(server)
        raise
    return server


def stop_bot(server: BotServer, seconds: float = 20) -> int:
    """SIGTERM, then wait; SIGKILL if it does not stop."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            return server.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
            raise
    return server.process.returncode


def mention(text: str, ts: str, channel: str = "C1", user: str = "U1") -> dict[str, str]:
    return {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
