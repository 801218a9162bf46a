"""SocketModeClient in this process against the fake Slack's WebSocket: what it acknowledges,
what it ignores, when it reconnects and what it says (the `fwbot serve` tests with dropped
connections are in test_socket_mode_faults.py; mutmut sees only what runs in the test
process)."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.backoff import Backoff
from bot.slack.socket_mode import AppTokenRefusedError, SocketModeClient
from tests import polling
from tests.faults.helpers import FaultySlack
from tests.redis_server import free_port

APP_TOKEN = "xapp-test-token"


@dataclass
class AuthSlack(FaultySlack):
    """Also records the token each apps.connections.open call carried."""

    tokens: list[str] = field(default_factory=list)

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "apps.connections.open":
            with self._lock:
                self.tokens.append(request.headers.get("Authorization", ""))
        return await super()._api(request)


@pytest.fixture
def slack() -> Any:
    fake = AuthSlack()
    fake.start()
    yield fake
    fake.stop()


until = functools.partial(polling.until, seconds=5.0)


class Handler:
    """An envelope handler that records what it gets and answers `answers[kind]`, if any;
    `hold` keeps it from returning; a payload {"fail": true} makes it raise."""

    def __init__(self, answers: dict[str, dict[str, Any]] | None = None) -> None:
        self.answers = answers or {}
        self.got: list[tuple[str, dict[str, Any]]] = []
        self.hold = asyncio.Event()
        self.hold.set()

    async def __call__(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        self.got.append((kind, payload))
        await self.hold.wait()
        if payload.get("fail"):
            raise RuntimeError("handler failed")
        return self.answers.get(kind)


@asynccontextmanager
async def connected(
    slack: FaultySlack, handler: Handler, backoff: Backoff | None = None, url: str = ""
) -> AsyncIterator[SocketModeClient]:
    """A client running (and, unless the Web API is unreachable, connected) until the
    block ends; then stopped and closed."""
    async with aiohttp.ClientSession() as session:
        web_client = AsyncWebClient(token="xoxb-test", base_url=url or slack.api_url)
        web_client.session = session
        client = SocketModeClient(APP_TOKEN, web_client, handler, backoff)
        stop = asyncio.Event()
        running = asyncio.create_task(client.run(stop))
        try:
            yield client
        finally:
            stop.set()
            await running
            await client.close()


def envelope(envelope_id: str, kind: str = "events_api", payload: Any = None) -> dict[str, Any]:
    return {"envelope_id": envelope_id, "type": kind, "payload": payload or {"n": envelope_id}}


def send_raw(slack: FaultySlack, data: str | bytes) -> None:
    """Send a raw frame (text or binary) to every connected app."""
    assert slack._loop is not None

    async def send() -> None:
        for socket in list(slack._sockets):
            if not socket.closed:
                if isinstance(data, bytes):
                    await socket.send_bytes(data)
                else:
                    await socket.send_str(data)

    asyncio.run_coroutine_threadsafe(send(), slack._loop).result(10)


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.to_thread(function, *args)


def test_envelopes_are_acknowledged_with_the_handlers_answer_and_odd_frames_ignored(
    slack: AuthSlack,
) -> None:
    handler = Handler(answers={"slash_commands": {"text": "ok"}})

    async def scenario() -> tuple[list[bool], int]:
        states = []
        async with connected(slack, handler) as client:
            await until(slack.connected)
            await until(lambda: client.connected)
            states.append(client.connected)
            for frame in (b"\x00binary", "not json", "[1, 2]", json.dumps({"type": "hello"})):
                await in_thread(send_raw, slack, frame)  # each ignored; the socket stays
            await in_thread(slack.send_envelope, envelope("e1"))
            await in_thread(slack.send_envelope, envelope("e2", "slash_commands"))
            await in_thread(slack.send_envelope, envelope("e3", "interactive", {"fail": True}))
            await in_thread(slack.send_envelope, envelope("e4", "events_api", [1]))
            await in_thread(slack.send_envelope, envelope("e5", "hello_there"))
            await until(lambda: len(slack.socket_acks) == 4)
            await until(lambda: not client._envelopes)  # none kept once handled
        states.append(client.connected)
        return states, len(slack.calls_to("apps.connections.open"))

    states, connections = asyncio.run(scenario())
    assert states == [True, False]
    assert connections == 1
    assert slack.tokens == [f"Bearer {APP_TOKEN}"]
    assert [kind for kind, _ in handler.got] == ["events_api", "slash_commands", "interactive"]
    # The failed one is not acknowledged: Slack delivers it again.
    acks = sorted(slack.socket_ack_bodies, key=lambda ack: ack["envelope_id"])
    assert acks == [
        {"envelope_id": "e1"},
        {"envelope_id": "e2", "payload": {"text": "ok"}},  # a command's answer
        {"envelope_id": "e4"},
        {"envelope_id": "e5"},
    ]


def test_closing_waits_for_envelopes_being_handled(slack: AuthSlack) -> None:
    handler = Handler()
    handler.hold.clear()

    async def scenario() -> list[bool]:
        async with aiohttp.ClientSession() as session:
            web_client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url)
            web_client.session = session
            client = SocketModeClient(APP_TOKEN, web_client, handler)
            stop = asyncio.Event()
            running = asyncio.create_task(client.run(stop))
            await until(lambda: client.connected)
            await in_thread(slack.send_envelope, envelope("e1"))
            await until(lambda: handler.got)
            stop.set()
            await running
            closing = asyncio.create_task(client.close())
            await asyncio.sleep(0.05)
            done = [closing.done()]
            handler.hold.set()
            await closing
            done.append(closing.done())
            return done

    assert asyncio.run(scenario()) == [False, True]


def test_slack_asking_to_reconnect_gets_a_new_connection(
    slack: AuthSlack, caplog: pytest.LogCaptureFixture
) -> None:
    handler = Handler()

    async def scenario() -> None:
        async with connected(slack, handler) as client:
            await until(lambda: client.connected)
            slack.fail_next_with("apps.connections.open", "internal_error")  # once
            disconnect = {"type": "disconnect", "reason": "refresh_requested"}
            await in_thread(send_raw, slack, json.dumps(disconnect))
            await until(lambda: "attempt 1 failed" in caplog.text)
            assert not client.connected  # for /readyz, while reconnecting
            await until(lambda: len(slack.calls_to("apps.connections.open")) == 3)
            await until(lambda: client.connected)
            await in_thread(slack.send_envelope, envelope("after"))
            await until(lambda: "after" in slack.socket_acks)

    with caplog.at_level(logging.INFO, logger="bot.slack.socket_mode"):
        asyncio.run(scenario())
    closed = [r.getMessage() for r in caplog.records if "closed" in r.getMessage()]
    assert closed[0] == (
        "Socket Mode connection closed (Slack asked to reconnect: refresh_requested); reconnecting"
    )


def test_a_failed_connection_is_retried_after_a_backoff_and_says_why(
    slack: AuthSlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fail_next("apps.connections.open", 500)  # {"ok": false, "error": "failure"}
    slack.fail_next_with("apps.connections.open", "internal_error")
    handler = Handler()

    async def scenario() -> None:
        async with connected(slack, handler) as client:  # the default backoff: 0.5 s first
            await until(lambda: client.connected)
            await in_thread(slack.send_envelope, envelope("e1"))
            await until(lambda: slack.socket_acks)

    with caplog.at_level(logging.WARNING, logger="bot.slack.socket_mode"):
        asyncio.run(scenario())
    lines = [r.getMessage() for r in caplog.records]
    assert [line.split("; next")[0] for line in lines] == [
        "Socket Mode connection attempt 1 failed (apps.connections.open: failure)",
        "Socket Mode connection attempt 2 failed (apps.connections.open: internal_error)",
    ]
    assert [r.attempt for r in caplog.records] == [1, 2]  # type: ignore[attr-defined]


def test_an_unreachable_web_api_is_retried_and_says_why(
    slack: AuthSlack, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        url = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
        async with connected(slack, Handler(), Backoff(base=0.01, cap=0.01), url=url):
            await until(lambda: len(caplog.records) >= 2)

    with caplog.at_level(logging.WARNING, logger="bot.slack.socket_mode"):
        asyncio.run(scenario())
    assert "(ClientConnectorError: Cannot connect to host 127.0.0.1:" in caplog.records[0].message


@pytest.mark.parametrize("error", ["invalid_auth", "not_allowed_token_type"])
def test_a_refused_app_token_stops_the_client(slack: AuthSlack, error: str) -> None:
    slack.fail_next_with("apps.connections.open", error)

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            web_client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url)
            web_client.session = session
            client = SocketModeClient(APP_TOKEN, web_client, Handler())
            await asyncio.wait_for(client.run(asyncio.Event()), 5)

    with pytest.raises(AppTokenRefusedError) as refused:
        asyncio.run(scenario())
    assert str(refused.value) == (
        f"SLACK_APP_TOKEN was refused by Slack ({error}): set it to an app-level token "
        "(xapp-...) with the connections:write scope"
    )
