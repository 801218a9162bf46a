"""The HTTP side of `fwbot serve` in-process: aiohttp's test server, real Bolt, a fake Web API."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, make_mocked_request
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.brain import Brain
from bot.conversations import Conversations
from bot.metrics import Metrics
from bot.settings import SlackSettings
from bot.slack.app import SlackListeners, build_app, configure_web_client
from bot.slack.endpoint import SlackEndpoint
from bot.slack.server import (
    DRAIN_SECONDS,
    _check_store,
    _HttpSlack,
    _ProbeQuietAccessLogger,
    http_application,
)
from bot.store import StoreUnavailableError
from bot.store.memory import MemoryStore
from tests.redis_server import free_port
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.slack.fake_slack import BOT_USER_ID, FakeSlack


def settings_for(fake_slack: FakeSlack) -> SlackSettings:
    return SlackSettings(
        bot_token=BOT_TOKEN,
        app_token=None,
        signing_secret=SIGNING_SECRET,
        api_url=fake_slack.api_url,
        store="memory",
    )


def signed(body: str, secret: str = SIGNING_SECRET, stamp: str | None = None) -> dict[str, str]:
    stamp = stamp or str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}


def event_body(event_id: str, text: str, ts: str) -> str:
    event = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": ts,
             "text": f"<@{BOT_USER_ID}> {text}"}  # fmt: skip
    return json.dumps(
        {"type": "event_callback", "team_id": "T1", "event_id": event_id, "event": event}
    )


async def until(condition: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Wait for a condition the bot's work makes true (polled; bounded)."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)
    return value


@pytest.fixture
def listeners(brain: Brain) -> SlackListeners:
    return SlackListeners(Conversations(brain, MemoryStore()), Metrics())


@asynccontextmanager
async def serving(
    fake_slack: FakeSlack, listeners: SlackListeners
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    """`fwbot serve`'s HTTP application on a test server; leaving it shuts it down (drains)."""
    app = build_app(settings_for(fake_slack), listeners)
    slack = _HttpSlack(app, listeners, SlackEndpoint(app, SIGNING_SECRET))
    client = TestClient(TestServer(http_application(slack, listeners.metrics)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def post_event(
    client: TestClient[web.Request, web.Application], body: str, **headers: str
) -> tuple[int, str]:
    all_headers = {"Content-Type": "application/json", **signed(body), **headers}
    response = await client.post("/slack/events", data=body, headers=all_headers)
    return response.status, await response.text()


def test_an_event_is_acked_at_once_then_answered_in_its_thread(
    fake_slack: FakeSlack, listeners: SlackListeners, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("random.random", lambda: 0.0)  # Retry-After 0 waits 0 s
    fake_slack.fail_next("chat.postMessage", 429, {"Retry-After": "0"})

    async def scenario() -> tuple[int, str, dict[str, Any], str, str]:
        async with serving(fake_slack, listeners) as client:
            status, text = await post_event(client, event_body("Ev1", "djnago vs flask", "9.0"))
            health = await (await client.get("/healthz")).json()
            await until(lambda: fake_slack.calls_to("chat.postMessage"))
            scrape = await client.get("/metrics")
            metrics = await scrape.text()
        return status, text, health, metrics, scrape.headers["Content-Type"]

    status, text, health, metrics, content_type = asyncio.run(scenario())
    assert (status, text) == (200, "")
    assert health == {"status": "ok"}
    [post] = fake_slack.calls_to("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == ("C1", "9.0")
    assert post.args["text"] == "Django vs Flask"
    assert 'fwbot_requests_total{kind="event"} 1.0' in metrics
    assert 'fwbot_intents_total{intent="compare"} 1.0' in metrics
    assert 'fwbot_web_api_retries_total{reason="rate_limited"} 1.0' in metrics
    assert content_type == "text/plain; version=0.0.4; charset=utf-8"


def test_bolt_routes_dms_app_home_and_both_commands_and_checks_command_signatures(
    fake_slack: FakeSlack, listeners: SlackListeners
) -> None:
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "3.0",
          "text": "what is fastapi"}  # fmt: skip
    home = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}

    def command(name: str, url: str) -> str:
        return urlencode({"command": name, "text": "", "team_id": "T1", "channel_id": "C1",
                          "user_id": "U1", "trigger_id": "t1",
                          "response_url": fake_slack.response_url(url)})  # fmt: skip

    async def scenario() -> int:
        async with serving(fake_slack, listeners) as client:
            for n, event in enumerate((dm, home)):
                body = json.dumps({"type": "event_callback", "team_id": "T1",
                                   "event_id": f"EvR{n}", "event": event})  # fmt: skip
                assert (await post_event(client, body))[0] == 200
            form = command("/recommend", "rec")
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            response = await client.post(
                "/slack/events", data=form, headers={**headers, **signed(form)}
            )
            assert response.status == 200
            forged = command("/compare", "forged")
            refused = await client.post(
                "/slack/events", data=forged, headers={**headers, **signed(forged, secret="x")}
            )
            await until(lambda: fake_slack.calls_to("response:rec"))
            await until(lambda: fake_slack.calls_to("views.publish"))
            return refused.status

    assert asyncio.run(scenario()) == 401
    [post] = fake_slack.calls_to("chat.postMessage")
    assert (post.args["channel"], post.args["text"]) == ("D1", "What is FastAPI?")
    [rec] = fake_slack.calls_to("response:rec")
    assert rec.args["response_type"] == "ephemeral" and rec.args["text"].startswith("Question 1")
    assert fake_slack.calls_to("response:forged") == []


def test_unsigned_stale_or_malformed_requests_are_refused_before_bolt(
    fake_slack: FakeSlack, listeners: SlackListeners
) -> None:
    body = event_body("EvBad", "hi", "1.0")

    async def scenario() -> list[tuple[int, str]]:
        async with serving(fake_slack, listeners) as client:
            return [
                await post_event(client, body, **signed(body, secret="wrong")),
                await post_event(client, body, **signed(body, stamp=str(int(time.time()) - 600))),
                await post_event(client, body, **{"X-Slack-Request-Timestamp": "soon"}),
            ]

    refusals = asyncio.run(scenario())  # the server has drained: nothing is left to answer
    assert [status for status, _ in refusals] == [401, 401, 401]
    assert all(json.loads(text) == {"error": "invalid request"} for _, text in refusals)
    assert fake_slack.calls_to("chat.postMessage") == []
    assert (
        listeners.metrics.registry.get_sample_value("fwbot_requests_total", {"kind": "event"})
        is None
    )


def test_url_verification_and_commands_go_through_bolt_directly(
    fake_slack: FakeSlack, listeners: SlackListeners
) -> None:
    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    form = urlencode({"command": "/compare", "text": "django flask", "team_id": "T1",
                      "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
                      "response_url": fake_slack.response_url("cmp")})  # fmt: skip
    not_json = "{not json"

    async def scenario() -> tuple[tuple[int, str], tuple[int, str], int]:
        async with serving(fake_slack, listeners) as client:
            verified = await post_event(client, challenge)
            headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(form)}
            response = await client.post("/slack/events", data=form, headers=headers)
            command = response.status, await response.text()
            broken = await post_event(client, not_json)
            await until(lambda: fake_slack.calls_to("response:cmp"))
        return verified, command, broken[0]

    verified, command, broken = asyncio.run(scenario())
    assert verified[0] == 200 and json.loads(verified[1]) == {"challenge": "abc123"}
    assert command == (200, "")
    assert broken != 200
    [reply] = fake_slack.calls_to("response:cmp")
    assert (reply.args["response_type"], reply.args["text"]) == ("ephemeral", "Django vs Flask")


def test_an_event_bolt_does_not_handle_is_acked_and_logged(
    fake_slack: FakeSlack, listeners: SlackListeners, caplog: pytest.LogCaptureFixture
) -> None:
    reaction = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "EvX",
                           "event": {"type": "reaction_added", "user": "U1"}})  # fmt: skip

    async def scenario() -> int:
        async with serving(fake_slack, listeners) as client:
            status, _ = await post_event(client, reaction)
            ok, _ = await post_event(client, event_body("EvOk", "hi", "1.0"))
            assert ok == 200
        return status

    with caplog.at_level(logging.WARNING, logger="bot.slack.endpoint"):
        assert asyncio.run(scenario()) == 200  # acked: Slack must not redeliver it
    refused = [r for r in caplog.records if r.getMessage() == "Bolt refused an event"]
    assert [r.status for r in refused] == [404]  # type: ignore[attr-defined]
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_events_acked_before_shutdown_are_still_answered(
    fake_slack: FakeSlack, listeners: SlackListeners
) -> None:
    # Bolt's first Web API call (auth.test) is slow: at shutdown every acked event is still
    # waiting in the endpoint's queue or in Bolt; the drain must let them all finish.
    fake_slack.latency["auth.test"] = 1.0

    async def scenario() -> list[int]:
        async with serving(fake_slack, listeners) as client:
            return [
                (await post_event(client, event_body(f"EvT{n}", "what is flask", f"{n}.0")))[0]
                for n in range(6)
            ]

    assert asyncio.run(scenario()) == [200] * 6
    posts = fake_slack.calls_to("chat.postMessage")
    assert sorted(p.args["thread_ts"] for p in posts) == [f"{n}.0" for n in range(6)]
    assert DRAIN_SECONDS == 10.0  # README: "finishes the events and answers ... (up to 10 s)"


def test_web_api_retries_are_made_and_counted_by_reason(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("random.random", lambda: 0.0)  # no jitter: Retry-After 0 waits 0 s
    metrics = Metrics()
    settings = settings_for(fake_slack)

    def client_for(api_url: str) -> AsyncWebClient:
        client = AsyncWebClient(token=BOT_TOKEN)
        configure_web_client(client, SlackSettings(**{**vars(settings), "api_url": api_url}),
                             metrics)  # fmt: skip
        return client

    for _ in range(4):
        fake_slack.fail_next("chat.postMessage", 429, {"Retry-After": "0"})
    for _ in range(3):
        fake_slack.fail_next("chat.update", 500)

    async def scenario() -> list[str]:
        client = client_for(fake_slack.api_url)
        failures = []
        for call in (client.chat_postMessage(channel="C1", text="x"),
                     client.chat_update(channel="C1", ts="1.0", text="x")):  # fmt: skip
            try:
                await call
            except SlackApiError as error:
                failures.append(str(error.response.status_code))
        unreachable = client_for(f"http://127.0.0.1:{free_port()}/api/")
        try:
            await unreachable.auth_test()
        except Exception as error:  # whatever aiohttp raises for a refused connection
            failures.append(type(error).__name__)
        return failures

    failures = asyncio.run(scenario())
    assert failures[:2] == ["429", "500"] and len(failures) == 3
    attempts = [c.status for c in fake_slack.calls]
    assert attempts.count(429) == 4 and attempts.count(500) == 3  # 1 try + 3 and + 2 retries

    def retries(reason: str) -> float | None:
        return metrics.registry.get_sample_value("fwbot_web_api_retries_total", {"reason": reason})

    # slack_sdk's own connection-error handler (one retry, uncounted) comes first in the list;
    # ours adds the second of its two.
    assert (retries("rate_limited"), retries("server_error"), retries("connection")) == (3, 2, 1)


def test_configure_web_client_leaves_the_default_url_without_an_override() -> None:
    client = AsyncWebClient(token=BOT_TOKEN)
    default = client.base_url
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, None, "memory")
    configure_web_client(client, settings, Metrics())
    assert client.base_url == default == "https://slack.com/api/"


def test_an_unusable_store_is_reported_without_its_credentials(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Down(MemoryStore):
        def get(self, key: str) -> dict[str, Any] | None:
            raise StoreUnavailableError("connection refused")

    with caplog.at_level(logging.WARNING):
        _check_store(MemoryStore(), "memory")
        assert caplog.records == []
        _check_store(Down(), "redis://user:hunter2@redis.internal:6379/0")
    [record] = caplog.records
    assert record.getMessage().startswith("conversation store unusable")
    assert record.store == "redis.internal:6379/0"  # type: ignore[attr-defined]
    assert record.error == "connection refused"  # type: ignore[attr-defined]


def test_the_access_log_leaves_out_health_probes_and_metric_scrapes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    access = _ProbeQuietAccessLogger(logging.getLogger("access-test"), "%r %s")
    with caplog.at_level(logging.INFO, logger="access-test"):
        for path in ("/healthz", "/metrics", "/slack/events"):
            access.log(make_mocked_request("GET", path), web.Response(), 0.001)
    assert [r.getMessage() for r in caplog.records] == ["GET /slack/events HTTP/1.1 200"]


def test_without_slack_the_application_serves_only_health_and_metrics() -> None:
    application = http_application(None, Metrics())
    routes = sorted(
        (r.method, r.resource.canonical) for r in application.router.routes() if r.resource
    )
    assert routes == [("GET", "/healthz"), ("GET", "/metrics"), ("HEAD", "/healthz"),
                      ("HEAD", "/metrics")]  # fmt: skip
    assert application._client_max_size == 1024 * 1024
