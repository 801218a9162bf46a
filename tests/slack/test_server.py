"""The HTTP side of `fwbot serve` in-process: aiohttp's test server, real Bolt, the real
endpoint, delivery and Poster, a fake Web API."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import ANY
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer, make_mocked_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.brain import Brain
from bot.conversations import Conversations
from bot.metrics import Metrics
from bot.settings import SettingsError, SlackSettings, load_slack_settings
from bot.slack import server
from bot.slack.app import SlackListeners, add_listeners, build_app, interactive_problem
from bot.slack.backoff import Backoff
from bot.slack.delivery import LocalDelivery
from bot.slack.endpoint import SlackEndpoint
from bot.slack.posting import AnswerLostError, Poster, PostingPolicy
from bot.slack.readiness import Readiness
from bot.slack.server import (
    STARTUP_CHECK_KEY,
    StoreStartupError,
    _backoff,
    _open_store,
    _ProbeQuietAccessLogger,
    _without_credentials,
    envelope_handler,
    http_application,
)
from bot.slack.socket_mode import EnvelopeHandler
from bot.store import StoreUnavailableError
from bot.store.guard import GuardedStore
from bot.store.memory import MemoryStore
from tests.polling import until
from tests.redis_server import free_port
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.slack.fake_slack import BOT_USER_ID, FakeSlack

README = Path(__file__).parents[2] / "README.md"
Client = TestClient[web.Request, web.Application]


def settings_for(fake_slack: FakeSlack) -> SlackSettings:
    return SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory")


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


@dataclass(frozen=True)
class Wired:
    """Bolt and the listeners as `fwbot serve` wires them: memory store, local delivery,
    the Poster on Bolt's Web API client."""

    app: AsyncApp
    listeners: SlackListeners

    def sample(self, name: str, **labels: str) -> float | None:
        return self.listeners.metrics.registry.get_sample_value(name, labels)


@pytest.fixture
def bot(brain: Brain, fake_slack: FakeSlack) -> Wired:
    metrics, policy = Metrics(), PostingPolicy(backoff_base=0.01, backoff_cap=0.05)
    app = build_app(settings_for(fake_slack), policy)
    poster = Poster(app.client, metrics, policy)
    listeners = SlackListeners(
        Conversations(brain, MemoryStore()), metrics, poster, LocalDelivery(metrics)
    )
    add_listeners(app, listeners)
    return Wired(app, listeners)


@asynccontextmanager
async def serving(bot: Wired, drain_seconds: float = 10.0) -> AsyncIterator[Client]:
    """`fwbot serve`'s HTTP application on a test server. Leaving stops it as SIGTERM does:
    it stops accepting, then the delivery answers what was acknowledged (the drain)."""
    listeners = bot.listeners
    endpoint = SlackEndpoint(bot.app, SIGNING_SECRET, listeners.metrics, listeners.accept_event,
                             interactive_problem)  # fmt: skip
    readiness = Readiness(listeners.store, token_verified=True)
    client = TestClient(TestServer(http_application(endpoint, listeners.metrics, readiness)))
    async with listeners.delivery.running(listeners.answer_event, drain_seconds):
        await client.start_server()
        try:
            yield client
        finally:
            await client.close()


async def post_event(client: Client, body: str, **headers: str) -> tuple[int, str]:
    all_headers = {"Content-Type": "application/json", **signed(body), **headers}
    response = await client.post("/slack/events", data=body, headers=all_headers)
    return response.status, await response.text()


async def post_form(client: Client, form: str, secret: str = SIGNING_SECRET) -> tuple[int, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(form, secret)}
    response = await client.post("/slack/events", data=form, headers=headers)
    return response.status, await response.text()


def test_an_event_is_acked_at_once_then_answered_in_its_thread(
    fake_slack: FakeSlack, bot: Wired
) -> None:
    fake_slack.fail_next("chat.postMessage", 429, {"Retry-After": "0"})

    async def scenario() -> tuple[int, str, Any, Any, str, str]:
        async with serving(bot) as client:
            status, text = await post_event(client, event_body("Ev1", "djnago vs flask", "9.0"))
            health = await (await client.get("/healthz")).json()
            ready = await (await client.get("/readyz")).json()
            await until(lambda: fake_slack.calls_to("chat.postMessage"))
            await until(lambda: bot.sample("fwbot_ack_to_post_seconds_count"))
            scrape = await client.get("/metrics")
            metrics = await scrape.text()
        return status, text, health, ready, metrics, scrape.headers["Content-Type"]

    status, text, health, ready, metrics, content_type = asyncio.run(scenario())
    assert (status, text) == (200, "")
    assert (health, ready) == ({"status": "ok"}, {"status": "ready"})
    [post] = fake_slack.calls_to("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == ("C1", "9.0")
    assert post.args["text"] == "Django vs Flask"
    assert 'fwbot_requests_total{kind="event"} 1.0' in metrics
    assert 'fwbot_intents_total{intent="compare"} 1.0' in metrics
    assert 'fwbot_web_api_retries_total{reason="rate_limited"} 1.0' in metrics
    assert "fwbot_ack_to_post_seconds_count 1.0" in metrics
    assert content_type == "text/plain; version=0.0.4; charset=utf-8"


def test_dms_app_home_and_commands_are_routed_and_command_signatures_checked(
    fake_slack: FakeSlack, bot: Wired
) -> None:
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "3.0",
          "text": "what is fastapi"}  # fmt: skip
    home = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}

    def command(name: str, url: str) -> str:
        return urlencode({"command": name, "text": "", "team_id": "T1", "channel_id": "C1",
                          "user_id": "U1", "trigger_id": "t1",
                          "response_url": fake_slack.response_url(url)})  # fmt: skip

    async def scenario() -> int:
        async with serving(bot) as client:
            for n, event in enumerate((dm, home)):
                body = json.dumps({"type": "event_callback", "team_id": "T1",
                                   "event_id": f"EvR{n}", "event": event})  # fmt: skip
                assert (await post_event(client, body))[0] == 200
            assert await post_form(client, command("/recommend", "rec")) == (200, "")
            refused, _ = await post_form(client, command("/compare", "forged"), secret="x")
            await until(lambda: fake_slack.calls_to("response:rec"))
            await until(lambda: fake_slack.calls_to("views.publish"))
            await until(lambda: fake_slack.calls_to("chat.postMessage"))
            return refused

    assert asyncio.run(scenario()) == 401
    [post] = fake_slack.calls_to("chat.postMessage")
    assert (post.args["channel"], post.args["text"]) == ("D1", "What is FastAPI?")
    [rec] = fake_slack.calls_to("response:rec")
    assert rec.args["response_type"] == "ephemeral" and rec.args["text"].startswith("Question 1")
    assert fake_slack.calls_to("response:forged") == []


def test_unsigned_stale_or_malformed_requests_are_refused_before_anything_reads_them(
    fake_slack: FakeSlack, bot: Wired
) -> None:
    body = event_body("EvBad", "hi", "1.0")

    async def scenario() -> list[tuple[int, str]]:
        async with serving(bot) as client:
            return [
                await post_event(client, body, **signed(body, secret="wrong")),
                await post_event(client, body, **signed(body, stamp=str(int(time.time()) - 600))),
                await post_event(client, body, **{"X-Slack-Request-Timestamp": "soon"}),
            ]

    refusals = asyncio.run(scenario())  # the server has drained: nothing is left to answer
    assert [status for status, _ in refusals] == [401, 401, 401]
    assert all(json.loads(text) == {"error": "invalid request"} for _, text in refusals)
    assert fake_slack.calls == []  # neither answered nor handed to Bolt (its auth.test)
    assert bot.sample("fwbot_requests_total", kind="event") is None
    assert bot.sample("fwbot_signature_failures_total") == 3


def test_url_verification_commands_and_clicks_are_answered_and_counted(
    fake_slack: FakeSlack, bot: Wired
) -> None:
    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    form = urlencode({"command": "/compare", "text": "django flask", "team_id": "T1",
                      "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
                      "response_url": fake_slack.response_url("cmp")})  # fmt: skip
    action = {"action_id": "suggestion_0", "block_id": "suggestions|4.0", "value": "what is flask"}
    click = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"},
             "channel": {"id": "C1"}, "actions": [action],
             "response_url": fake_slack.response_url("click")}  # fmt: skip
    dialog = {"type": "view_submission", "user": {"id": "U1"}, "view": {}}

    async def scenario() -> list[tuple[int, str]]:
        async with serving(bot) as client:
            answers = [
                await post_event(client, challenge),
                await post_form(client, form),
                await post_form(client, urlencode({"payload": json.dumps(click)})),
                await post_form(client, urlencode({"payload": json.dumps(dialog)})),
                await post_event(client, "{not json"),
                await post_form(client, urlencode({"ssl_check": "1", "token": "x"})),
                await post_event(client, json.dumps({"type": "app_rate_limited", "token": "x"})),
            ]
            await until(lambda: fake_slack.calls_to("response:cmp"))
            await until(lambda: fake_slack.calls_to("chat.postMessage"))
        return answers

    verified, command, clicked, ignored, broken, ssl_check, other = asyncio.run(scenario())
    assert verified[0] == 200 and json.loads(verified[1]) == {"challenge": "abc123"}
    assert ssl_check == other == (200, "")  # nothing to answer: acked, not retried
    assert command == clicked == ignored == (200, "")  # a view Slack would only retry: acked
    assert broken[0] == 400 and json.loads(broken[1]) == {"error": "malformed request"}
    [reply] = fake_slack.calls_to("response:cmp")
    assert (reply.args["response_type"], reply.args["text"]) == ("ephemeral", "Django vs Flask")
    [post] = fake_slack.calls_to("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"], post.args["text"]) == (
        "C1", "4.0", "What is Flask?")  # fmt: skip
    kinds = ("url_verification", "command", "action", "event", "ssl_check", "other")
    counts = {kind: bot.sample("fwbot_requests_total", kind=kind) for kind in kinds}
    assert counts == {"url_verification": 1, "command": 1, "action": 2, "event": None,
                      "ssl_check": 1, "other": 1}  # fmt: skip
    assert bot.sample("fwbot_bad_requests_total", reason="interactive_ignored") == 1
    assert bot.sample("fwbot_bad_requests_total", reason="malformed") == 1


def test_an_event_of_a_type_the_bot_does_not_answer_is_acked_and_ignored(
    fake_slack: FakeSlack, bot: Wired
) -> None:
    reaction = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "EvX",
                           "event": {"type": "reaction_added", "user": "U1"}})  # fmt: skip

    async def scenario() -> list[int]:
        async with serving(bot) as client:
            return [
                (await post_event(client, reaction))[0],
                (await post_event(client, event_body("EvOk", "hi", "1.0")))[0],
            ]

    assert asyncio.run(scenario()) == [200, 200]  # acked: Slack must not redeliver it
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.args["thread_ts"] == "1.0"


def test_events_acked_before_shutdown_are_still_answered(fake_slack: FakeSlack, bot: Wired) -> None:
    # A slow Web API: at shutdown the acked events are still queued or being posted; the
    # drain must let every one of them finish.
    fake_slack.latency["chat.postMessage"] = 0.5

    async def scenario() -> list[int]:
        async with serving(bot) as client:
            return [
                (await post_event(client, event_body(f"EvT{n}", "what is flask", f"{n}.0")))[0]
                for n in range(6)
            ]

    assert asyncio.run(scenario()) == [200] * 6
    posts = fake_slack.calls_to("chat.postMessage")
    assert sorted(p.args["thread_ts"] for p in posts) == [f"{n}.0" for n in range(6)]
    assert bot.sample("fwbot_ack_to_post_seconds_count") == 6  # each post finished
    assert bot.sample("fwbot_answers_lost_total", reason="shutdown") == 0


def test_the_drain_time_defaults_to_what_readme_and_the_grace_period_say() -> None:
    settings = load_slack_settings({"SLACK_BOT_TOKEN": BOT_TOKEN,
                                    "SLACK_SIGNING_SECRET": SIGNING_SECRET})  # fmt: skip
    assert settings.drain_seconds == 20.0
    assert "| `FWBOT_DRAIN_SECONDS` | on SIGTERM, how long acknowledged work gets to finish " \
           "(default 20) |" in README.read_text(encoding="utf-8")  # fmt: skip


def test_retry_delays_keep_their_defaults_unless_fwbot_retry_seconds_is_set() -> None:
    base = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    settings = load_slack_settings(base)
    assert settings.retry_seconds is None
    assert _backoff(settings, 0.5, 30.0) == Backoff(base=0.5, cap=30.0, rng=ANY)
    fast = load_slack_settings({**base, "FWBOT_RETRY_SECONDS": "0.05"})
    assert _backoff(fast, 0.5, 30.0) == Backoff(base=0.05, cap=30.0, rng=ANY)
    for bad in ("0", "61", "soon"):
        with pytest.raises(SettingsError, match=r"^FWBOT_RETRY_SECONDS "):
            load_slack_settings({**base, "FWBOT_RETRY_SECONDS": bad})
    assert "| `FWBOT_RETRY_SECONDS` |" in README.read_text(encoding="utf-8")


def test_web_api_retries_are_made_and_counted_by_reason(fake_slack: FakeSlack) -> None:
    metrics = Metrics()
    policy = PostingPolicy(give_up_after=0.5, backoff_base=0.01, backoff_cap=0.05)
    for _ in range(2):
        fake_slack.fail_next("chat.postMessage", 429, {"Retry-After": "0"})
    for _ in range(2):
        fake_slack.fail_next("chat.postMessage", 500)

    def client_for(api_url: str) -> AsyncWebClient:
        """Bolt's client as `fwbot serve` builds it (no retries of its own)."""
        settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, api_url, "memory")
        return build_app(settings, policy).client

    async def scenario() -> str:
        await Poster(client_for(fake_slack.api_url), metrics, policy).post_message("C1", text="x")
        gone = client_for(f"http://127.0.0.1:{free_port()}/api/")  # refuses connections
        with pytest.raises(AnswerLostError) as lost:
            await Poster(gone, metrics, policy).post_message("C1", text="x")
        return lost.value.reason

    assert asyncio.run(scenario()) == "gave_up"
    attempts = [c.status for c in fake_slack.calls]
    assert attempts == [429, 429, 500, 500, 200]

    def retries(reason: str) -> float | None:
        return metrics.registry.get_sample_value("fwbot_web_api_retries_total", {"reason": reason})

    assert (retries("rate_limited"), retries("server_error")) == (2, 2)
    connection = retries("connection")
    assert connection is not None and connection >= 2  # retried until it gave up


def test_the_web_api_client_is_built_for_the_poster(fake_slack: FakeSlack) -> None:
    policy = PostingPolicy(call_timeout=7.0)
    default = build_app(SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, None, "memory"), policy)
    assert default.client.base_url == "https://slack.com/api/"
    app = build_app(settings_for(fake_slack), policy)
    assert app.client.base_url == fake_slack.api_url
    assert app.client.timeout == 7
    assert app.client.retry_handlers == []  # the Poster retries, and counts each retry


def test_an_unreachable_store_is_reported_without_its_credentials(
    caplog: pytest.LogCaptureFixture,
) -> None:
    where = f"127.0.0.1:{free_port()}/0"  # nothing listens there
    with caplog.at_level(logging.WARNING):
        _open_store("memory", Metrics()).close()
        assert caplog.records == []
        store = _open_store(f"redis://user:hunter2@{where}", Metrics())
    store.close()
    assert isinstance(store, GuardedStore)  # the bot starts, answering without memory
    [record] = caplog.records
    assert record.getMessage().startswith(
        f"conversation store unusable (FWBOT_STORE=redis://***@{where})"
    )
    assert record.store == f"redis://***@{where}"  # type: ignore[attr-defined]
    assert "Connection refused" in record.error  # type: ignore[attr-defined]
    assert "hunter2" not in str(vars(record))


def test_the_access_log_leaves_out_probes_and_metric_scrapes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    access = _ProbeQuietAccessLogger(logging.getLogger("access-test"), "%r %s")
    with caplog.at_level(logging.INFO, logger="access-test"):
        for path in ("/healthz", "/readyz", "/metrics", "/slack/events"):
            access.log(make_mocked_request("GET", path), web.Response(), 0.001)
    assert [r.getMessage() for r in caplog.records] == ["GET /slack/events HTTP/1.1 200"]


def test_without_slack_the_application_serves_only_probes_and_metrics() -> None:
    application = http_application(None, Metrics(), Readiness(MemoryStore()))
    routes = sorted(
        (r.method, r.resource.canonical) for r in application.router.routes() if r.resource
    )
    paths = ("/healthz", "/metrics", "/readyz")
    assert routes == sorted((method, path) for method in ("GET", "HEAD") for path in paths)
    assert application._client_max_size == 1024 * 1024


@pytest.mark.parametrize(("spec", "shown"), [
    ("redis://user:hunter2@cache:6379/0", "redis://***@cache:6379/0"),
    ("redis://user:p@ss@cache:6379/0", "redis://***@cache:6379/0"),  # an @ in the password
    ("redis://cache:6379/0", "redis://cache:6379/0"),
    ("sqlite:///var/lib/fwbot/state.db", "sqlite:///var/lib/fwbot/state.db"),
    ("memory", "memory"),
])  # fmt: skip
def test_a_store_spec_is_shown_without_its_credentials(spec: str, shown: str) -> None:
    assert _without_credentials(spec) == shown


def test_a_store_that_cannot_be_used_stops_start_up_with_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    spec = f"sqlite:///{blocker}/state.db"  # its directory is a file
    with pytest.raises(StoreStartupError) as stopped:
        _open_store(spec, Metrics())
    assert str(stopped.value).startswith(f"FWBOT_STORE={spec} can't be used: ")


class RefusingStore(MemoryStore):
    """Opens, then refuses every write for good (a read-only file, a refused password)."""

    closed = False

    def put(self, key: str, state: dict[str, Any], ttl_seconds: float) -> None:
        raise StoreUnavailableError("read-only", transient=False)

    def close(self) -> None:
        self.closed = True


def test_a_store_that_refuses_writes_stops_start_up_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refusing = RefusingStore()
    monkeypatch.setattr(server, "open_store", lambda spec: refusing)
    with pytest.raises(StoreStartupError) as refused:
        _open_store("memory", Metrics())
    assert str(refused.value) == "FWBOT_STORE=memory can't be used: read-only"
    assert refusing.closed


def test_the_start_up_store_check_leaves_nothing_and_later_failures_are_counted() -> None:
    metrics = Metrics()
    store = _open_store("memory", metrics)
    assert store.inner.get(STARTUP_CHECK_KEY) is None
    store.close()
    where = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    down = _open_store(where, metrics)
    with pytest.raises(StoreUnavailableError):
        down.get("fwbot:some-key")
    down.close()
    assert metrics.registry.get_sample_value("fwbot_store_errors_total", {"operation": "get"}) == 1


def socket_mode_handler(bot: Wired) -> EnvelopeHandler:
    return envelope_handler(bot.app, bot.listeners, bot.listeners.metrics)


def test_socket_mode_envelopes_are_handled_as_http_requests_are(
    fake_slack: FakeSlack, bot: Wired
) -> None:
    handle = socket_mode_handler(bot)
    event = json.loads(event_body("EvSock", "what is flask", "5.0"))
    command = {"command": "/compare", "text": "django flask", "team_id": "T1",
               "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
               "response_url": fake_slack.response_url("cmp")}  # fmt: skip
    action = {"action_id": "suggestion_0", "block_id": "suggestions|5.0", "value": "what is flask"}
    click = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"},
             "channel": {"id": "C1"}, "actions": [action]}  # fmt: skip
    unknown = {**click, "actions": [{**action, "action_id": "someone_elses"}]}

    async def scenario() -> list[Any]:
        listeners = bot.listeners
        async with listeners.delivery.running(listeners.answer_event, 10):
            answers = [
                await handle("events_api", event),
                await handle("events_api", {**event, "event_id": ""}),  # malformed
                await handle("slash_commands", command),
                await handle("interactive", click),
                await handle("interactive", click),
                await handle("interactive", unknown),
                await handle("interactive", {"type": "view_submission"}),
            ]
            await until(lambda: len(fake_slack.calls_to("chat.postMessage")) == 3)
            await until(lambda: fake_slack.calls_to("response:cmp"))
        return answers

    assert asyncio.run(scenario()) == [None] * 7  # Bolt's acks here carry no body
    [reply] = fake_slack.calls_to("response:cmp")
    assert reply.args["text"] == "Django vs Flask"
    kinds = ("event", "command", "action")
    assert [bot.sample("fwbot_requests_total", kind=kind) for kind in kinds] == [1, 1, 2]
    assert bot.sample("fwbot_bad_requests_total", reason="socket_mode_ignored") == 3


def test_socket_mode_acks_carry_what_bolts_ack_carries(bot: Wired) -> None:
    """A listener's ack with text or blocks becomes the envelope ack's payload; a request
    Bolt has no listener for is acked without one."""

    async def echo(ack: Any, command: dict[str, Any]) -> None:
        await ack(command["text"])

    async def blocks(ack: Any) -> None:
        await ack(blocks=[{"type": "divider"}])

    bot.app.command("/echo")(echo)
    bot.app.command("/blocks")(blocks)
    handle = socket_mode_handler(bot)

    def command(name: str, text: str = "") -> dict[str, Any]:
        return {"command": name, "text": text, "team_id": "T1", "channel_id": "C1",
                "user_id": "U1", "trigger_id": "t"}  # fmt: skip

    async def scenario() -> list[Any]:
        return [
            await handle("slash_commands", command("/echo", "hello")),
            await handle("slash_commands", command("/blocks")),
            await handle("slash_commands", command("/nobody-listens")),
        ]

    assert asyncio.run(scenario()) == [
        {"text": "hello"},
        {"text": "", "blocks": [{"type": "divider"}]},
        None,
    ]
