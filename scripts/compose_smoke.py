"""Smoke-test deploy/compose.yaml: two containerised replicas sharing Redis, on this machine.

    .venv/bin/python scripts/compose_smoke.py [--compose "docker compose"]

Needs Docker 20.10+ (and the images' bases: python, redis). Starts a recording stub of
Slack's Web API on the host, brings the compose project up against it (with an override
that lets the containers reach the host as host.docker.internal), then checks
over signed HTTP requests what the multi-replica test checks with processes: a dialogue
started on replica 1 continues on replica 2, an event delivered to both is answered once,
and replica 1 stopped mid-dialogue loses nothing. Prints each container's memory use and
tears the project down.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from aiohttp import web

sys.path.insert(0, str(Path(__file__).parent))
from bench_slack import free_port, signed

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "deploy" / "compose.yaml"
REPLICAS = {"bot-1": 3001, "bot-2": 3002}
# The host as the containers see it. Docker resolves "host-gateway" to the host's address on
# the containers' network itself (Linux, Docker Desktop), whatever the network's subnet is.
HOST_FROM_CONTAINERS = "host.docker.internal"


def host_override(folder: Path) -> Path:
    """A compose override file that gives the replicas a name for this host."""
    services = {
        name: {"extra_hosts": [f"{HOST_FROM_CONTAINERS}:host-gateway"]} for name in REPLICAS
    }
    path = folder / "compose.smoke.yaml"
    path.write_text(json.dumps({"services": services}), encoding="utf-8")  # JSON is YAML
    return path


class RecordingSlack:
    """A Web API stub on the host that keeps the text of every chat.postMessage."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.posts: list[str] = []
        self._lock = threading.Lock()

    async def _answer(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "BBOT"})
        if method == "chat.postMessage":
            payload: dict[str, Any] = await request.json()
            with self._lock:
                self.posts.append(str(payload.get("text", "")))
        return web.json_response({"ok": True, "ts": "1.0"})

    def start(self) -> None:
        ready = threading.Event()

        def run() -> None:
            async def serve() -> None:
                application = web.Application()
                application.router.add_post("/api/{method}", self._answer)
                runner = web.AppRunner(application, access_log=None)
                await runner.setup()
                await web.TCPSite(runner, "0.0.0.0", self.port).start()
                ready.set()
                await asyncio.Event().wait()

            asyncio.run(serve())

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)

    def wait_for_posts(self, count: int, seconds: float = 20) -> list[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.posts) >= count:
                    return list(self.posts)
            time.sleep(0.1)
        raise AssertionError(f"expected {count} posts, got {self.posts}")


def send_dm(port: int, text: str, event_id: str, ts: str) -> int:
    body = json.dumps({
        "type": "event_callback", "team_id": "T1", "event_id": event_id,
        "event": {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1",
                  "text": text, "ts": ts},
    })  # fmt: skip
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=signed(body)
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


def wait_healthy(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            assert time.monotonic() < deadline, f"port {port} never became healthy"
            time.sleep(0.5)


def check_replicas(compose: list[str], env: dict[str, str], slack: RecordingSlack) -> None:
    for port in REPLICAS.values():
        wait_healthy(port)
    send_dm(REPLICAS["bot-1"], "help me choose a framework", "EvS1", "1.0")
    assert slack.wait_for_posts(1)[0].startswith("Question 1"), slack.posts
    send_dm(REPLICAS["bot-2"], "1", "EvS2", "2.0")
    second = slack.wait_for_posts(2)[1]
    assert second.startswith("Question 2"), slack.posts
    print("dialogue started on bot-1 continued on bot-2")

    for port in REPLICAS.values():
        send_dm(port, "what is flask", "EvSame", "3.0")
    send_dm(REPLICAS["bot-2"], "skip", "EvS4", "4.0")
    posts = slack.wait_for_posts(4)
    assert sum("Flask" in p and "What is" in p for p in posts) == 1, posts
    print("an event delivered to both replicas was answered once")

    subprocess.run([*compose, "stop", "bot-1"], env=env, check=True)
    send_dm(REPLICAS["bot-2"], "1", "EvS5", "5.0")
    after = slack.wait_for_posts(5)[4]
    assert after.startswith(("Question", "My recommendation")), slack.posts
    print("bot-1 stopped mid-dialogue; bot-2 carried on:", after.splitlines()[0])
    subprocess.run(
        ["docker", "stats", "--no-stream", "--format", "{{.Name}}: {{.MemUsage}}"],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compose", default="docker compose", help="the compose command")
    args = parser.parse_args()
    slack = RecordingSlack(free_port())
    slack.start()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-smoke",
        "SLACK_SIGNING_SECRET": "bench-secret",  # bench_slack.signed() signs with it
        "SLACK_API_URL": f"http://{HOST_FROM_CONTAINERS}:{slack.port}/api/",
    }
    with tempfile.TemporaryDirectory() as folder:
        compose = [*shlex.split(args.compose), "-f", str(COMPOSE_FILE),
                   "-f", str(host_override(Path(folder))), "-p", "fwbot-smoke"]  # fmt: skip
        subprocess.run([*compose, "up", "-d", "--build"], env=env, check=True)
        try:
            check_replicas(compose, env, slack)
        finally:
            # -v: the smoke test's Redis volume goes too, so each run starts empty.
            subprocess.run([*compose, "down", "-v"], env=env, check=False)


if __name__ == "__main__":
    main()
