"""A fake Slack: Web API over HTTP and a Socket Mode WebSocket, on loopback, recording calls."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from aiohttp import WSMsgType, web

from tests.redis_server import free_port

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    status: int
    token: str | None = None  # the bearer token the call carried


@dataclass
class FakeSlack:
    """Records every Web API call; can answer 429 (with Retry-After) or 500 on demand."""

    port: int = field(default_factory=free_port)
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    socket_acks: list[str] = field(default_factory=list)
    socket_ack_bodies: list[dict[str, Any]] = field(default_factory=list)
    latency: dict[str, float] = field(default_factory=dict)  # seconds before answering a method
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _loop: asyncio.AbstractEventLoop | None = None
    _runner: web.AppRunner | None = None
    _stopping: asyncio.Event | None = None  # set by stop(): slow answers go out at once
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def fail_next(self, method: str, status: int, headers: dict[str, str] | None = None) -> None:
        with self._lock:
            self.failures.setdefault(method, []).append((status, headers or {}))

    def calls_to(self, method: str, ok_only: bool = True) -> list[Call]:
        with self._lock:
            return [
                c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)
            ]

    def wait_for(self, condition: Callable[[], Any], seconds: float = 10.0) -> Any:
        deadline = time.monotonic() + seconds
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls]}")
            time.sleep(0.01)

    # --- server ---------------------------------------------------------------------------

    def start(self) -> None:
        ready = threading.Event()
        thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        thread.start()
        assert ready.wait(10), "fake Slack did not start"

    def stop(self) -> None:
        if self._loop is not None and self._runner is not None:
            # The runner's clean-up waits for every call in flight: answer the slow ones now
            # rather than after their whole latency (a hung call would hold up each test).
            if self._stopping is not None:
                self._loop.call_soon_threadsafe(self._stopping.set)
            future = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
            future.result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)

    def _run(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._stopping = asyncio.Event()
        application = web.Application()
        application.router.add_post("/api/{method}", self._api)
        application.router.add_post("/response/{name}", self._response_url)
        application.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(application)
        loop.run_until_complete(self._runner.setup())
        loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
        ready.set()
        loop.run_forever()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or None
        with self._lock:
            queued = self.failures.get(method)
            failure = queued.pop(0) if queued else None
        if failure is not None:
            status, headers = failure
            with self._lock:
                self.calls.append(Call(method, args, status, token))
            return web.json_response(
                {"ok": False, "error": "failure"}, status=status, headers=headers
            )
        with self._lock:
            self.calls.append(Call(method, args, 200, token))
        # A slow Web API, to catch the bot with calls in flight (e.g. at shutdown).
        # Until stop(), which answers every call still waiting.
        assert self._stopping is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), self.latency.get(method, 0.0))
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "team_id": TEAM_ID,
                "user": "fwbot",
                "team": "Test",
                "url": "https://test.slack.com/",
            }
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method in ("chat.postMessage", "chat.update"):
            return {"ok": True, "channel": args.get("channel"), "ts": f"{time.time():.6f}"}
        return {"ok": True}

    async def _response_url(self, request: web.Request) -> web.Response:
        args = await _arguments(request)
        with self._lock:
            self.calls.append(Call(f"response:{request.match_info['name']}", args, 200))
        return web.json_response({"ok": True})

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake"},
                "connection_info": {"app_id": "A1"},
            }
        )
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if "envelope_id" in data:
                    with self._lock:
                        self.socket_acks.append(data["envelope_id"])
                        self.socket_ack_bodies.append(data)
        return socket

    def send_envelope(self, envelope: dict[str, Any]) -> None:
        """Push a Socket Mode envelope to every connected app."""
        assert self._loop is not None

        async def send() -> None:
            for socket in list(self._sockets):
                if not socket.closed:
                    await socket.send_json(envelope)

        asyncio.run_coroutine_threadsafe(send(), self._loop).result(10)

    def connected(self) -> bool:
        return any(not s.closed for s in self._sockets)


async def _arguments(request: web.Request) -> dict[str, Any]:
    body = await request.text()
    if request.content_type == "application/json":
        data: dict[str, Any] = json.loads(body or "{}")
        return data
    form = {k: v[0] for k, v in parse_qs(body).items()}
    for key in ("blocks", "view"):
        if isinstance(form.get(key), str):
            form[key] = json.loads(form[key])
    return form
