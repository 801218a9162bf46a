"""`fwbot serve`: HTTP (aiohttp: /slack/events) or Socket Mode, with /healthz, /readyz and
/metrics in both, a start-up token check and a clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.web_log import AccessLogger
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.brain import Brain
from bot.conversations import Conversations
from bot.learning.journal import open_journal
from bot.learning.recorder import Learning, LearningMetrics
from bot.metrics import CONTENT_TYPE, Metrics
from bot.settings import SlackSettings
from bot.slack.app import SlackListeners, add_listeners, build_app, interactive_problem
from bot.slack.backoff import Backoff
from bot.slack.delivery import Delivery, LocalDelivery
from bot.slack.endpoint import SlackEndpoint
from bot.slack.payloads import event_problem
from bot.slack.posting import Poster, PostingPolicy
from bot.slack.readiness import (
    TOKEN_RETRY_CAP_SECONDS,
    TOKEN_RETRY_SECONDS,
    Readiness,
    TokenCheckFailedError,
    TokenRefusedError,
    check_token,
    keep_checking_token,
)
from bot.slack.redis_delivery import RedisDelivery
from bot.slack.socket_mode import (
    RECONNECT_CAP_SECONDS,
    RECONNECT_SECONDS,
    AppTokenRefusedError,
    EnvelopeHandler,
    SocketModeClient,
)
from bot.store import StoreUnavailableError, open_store
from bot.store.factory import REDIS_SCHEMES
from bot.store.guard import GuardedStore
from knowledge import KnowledgeBase

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
_QUIET_PATHS = (HEALTH_PATH, READY_PATH, METRICS_PATH)
# aiohttp's default (128) drops connections in a burst of Slack deliveries; a dropped SYN
# is retried by the client a whole second later.
LISTEN_BACKLOG = 1024
# The first auth.test, before the server listens: a slow answer is retried in the background.
FIRST_TOKEN_CHECK_SECONDS = 5.0
TOKEN_REFUSED_EXIT = 2
STARTUP_CHECK_KEY = "fwbot:startup-check"


class _ProbeQuietAccessLogger(AccessLogger):
    """Access log without the probes and metric scrapes, which would drown it."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if request.path not in _QUIET_PATHS:
            super().log(request, response, time)


def http_application(
    endpoint: SlackEndpoint | None, metrics: Metrics, readiness: Readiness
) -> web.Application:
    """The aiohttp application: Slack's requests (HTTP mode only), probes and metrics."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def ready(_: web.Request) -> web.Response:
        problems = await readiness.problems()
        if problems:
            return web.json_response({"status": "not ready", "problems": problems}, status=503)
        return web.json_response({"status": "ready"})

    async def metrics_page(_: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE})

    application = web.Application(client_max_size=1024 * 1024)
    if endpoint is not None:
        application.router.add_post(EVENTS_PATH, endpoint.handle)
    application.router.add_get(HEALTH_PATH, health)
    application.router.add_get(READY_PATH, ready)
    application.router.add_get(METRICS_PATH, metrics_page)
    return application


@contextlib.asynccontextmanager
async def _web_api_session(client: AsyncWebClient, call_timeout: float) -> AsyncIterator[None]:
    """One keep-alive HTTP session for every Web API call (slack_sdk opens one per call
    otherwise, paying a new connection each time)."""
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=call_timeout))
    client.session = session
    try:
        yield
    finally:
        client.session = None
        await session.close()


class StoreStartupError(Exception):
    """FWBOT_STORE can't be used and waiting won't help; the message is one line."""


def _open_store(spec: str, metrics: Metrics) -> GuardedStore:
    """Open the store and try a write. A store that can't be used (a path that can't be
    created, a read-only file, a malformed URL, a refused password) stops start-up; one
    that can't be reached yet is reported, and the bot answers without memory until it is
    back (and is not ready meanwhile)."""
    shown = _without_credentials(spec)
    try:
        inner = open_store(spec)
    except StoreUnavailableError as error:
        raise StoreStartupError(f"FWBOT_STORE={shown} can't be used: {error}") from None

    def count(operation: str) -> None:
        metrics.store_errors.labels(operation=operation).inc()

    store = GuardedStore(inner, on_error=count)
    try:
        inner.put(STARTUP_CHECK_KEY, {"checked": True}, 60)
        inner.delete(STARTUP_CHECK_KEY)
    except StoreUnavailableError as error:
        if not error.transient:
            inner.close()
            raise StoreStartupError(f"FWBOT_STORE={shown} can't be used: {error}") from None
        log.warning(
            "conversation store unusable (FWBOT_STORE=%s); answering without memory "
            "until it is back", shown, extra={"store": shown, "error": str(error)},
        )  # fmt: skip
    return store


def _without_credentials(spec: str) -> str:
    scheme, separator, rest = spec.partition("://")
    if separator and "@" in rest:
        return f"{scheme}://***@{rest.rsplit('@', maxsplit=1)[1]}"
    return spec


def serve(settings: SlackSettings, kb: KnowledgeBase, host: str, port: int) -> int:
    metrics = Metrics()
    try:
        store = _open_store(settings.store, metrics)
    except StoreStartupError as error:
        print(f"fwbot serve: {error}", file=sys.stderr)
        return 2
    readiness = Readiness(store, settings.socket_mode)
    policy = PostingPolicy()
    if settings.retry_seconds is not None:
        policy = replace(policy, backoff_base=settings.retry_seconds)
    app = build_app(settings, policy)

    def token_refused(error: str) -> None:
        if readiness.token_verified:
            log.error("SLACK_BOT_TOKEN refused by Slack (%s): not ready", error)
        readiness.token_verified = False

    delivery: Delivery = LocalDelivery(metrics)
    if settings.store.startswith(REDIS_SCHEMES):
        delivery = RedisDelivery(
            settings.store, metrics, breaker=store.breaker, reclaim_after=settings.reclaim_after
        )
    metrics.queue_depth.set_function(delivery.depth)
    poster = Poster(app.client, metrics, policy, token_refused=token_refused)
    learning = Learning(
        open_journal(settings.store, breaker=store.breaker),
        settings.learning,
        LearningMetrics(metrics.registry),
    )
    listeners = SlackListeners(
        Conversations(Brain(kb), store), metrics, poster, delivery, learning=learning
    )
    add_listeners(app, listeners)
    bot = _Bot(settings, app, listeners, metrics, readiness, delivery)
    # The knowledge base, phrase tables and libraries live as long as the process: keep the
    # collector from re-scanning them, which otherwise stalls the loop for tens of ms.
    gc.freeze()
    try:
        return asyncio.run(_serve(bot, policy, host, port))
    except TokenRefusedError as error:
        print(f"fwbot serve: {error}", file=sys.stderr)
        return TOKEN_REFUSED_EXIT
    finally:
        learning.close()
        store.close()


@dataclass(frozen=True)
class _Bot:
    settings: SlackSettings
    app: AsyncApp
    listeners: SlackListeners
    metrics: Metrics
    readiness: Readiness
    delivery: Delivery


async def _serve(bot: _Bot, policy: PostingPolicy, host: str, port: int) -> int:
    """Check the token, listen, run until SIGTERM/SIGINT (or a refused token): stop
    accepting, then answer what was acknowledged (up to FWBOT_DRAIN_SECONDS)."""
    settings, app, listeners, readiness = bot.settings, bot.app, bot.listeners, bot.readiness
    stop = asyncio.Event()
    exit_code = 0

    def token_refused(error: TokenRefusedError) -> None:
        nonlocal exit_code
        log.error("fwbot serve: %s", error)
        exit_code = TOKEN_REFUSED_EXIT
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    background: list[asyncio.Task[None]] = []
    async with _web_api_session(app.client, policy.call_timeout):
        try:
            await check_token(app.client, FIRST_TOKEN_CHECK_SECONDS)
            readiness.token_verified = True
        except TokenCheckFailedError as error:
            backoff = _backoff(settings, TOKEN_RETRY_SECONDS, TOKEN_RETRY_CAP_SECONDS)
            checking = keep_checking_token(app.client, readiness, token_refused, error, backoff)
            background.append(asyncio.create_task(checking))
        endpoint = None
        if not settings.socket_mode:
            endpoint = SlackEndpoint(
                app, settings.signing_secret or "", bot.metrics, listeners.accept_event,
                interactive_problem,
            )  # fmt: skip
        runner = web.AppRunner(
            http_application(endpoint, bot.metrics, readiness),
            access_log_class=_ProbeQuietAccessLogger,
            shutdown_timeout=settings.drain_seconds,
        )
        async with bot.delivery.running(listeners.answer_event, settings.drain_seconds):
            await runner.setup()
            await web.TCPSite(runner, host, port, backlog=LISTEN_BACKLOG).start()
            try:
                if settings.socket_mode:
                    exit_code = await _socket_mode(bot, stop) or exit_code
                else:
                    log.info("serving Slack over HTTP", extra={"host": host, "port": port})
                    await stop.wait()
            finally:
                for task in background:
                    task.cancel()
                # Stops accepting first; the delivery then drains what was acknowledged.
                await runner.cleanup()
    return exit_code


def _backoff(settings: SlackSettings, base: float, cap: float) -> Backoff:
    """Retry delays from `base` (or FWBOT_RETRY_SECONDS, when set) doubling up to `cap`."""
    first = base if settings.retry_seconds is None else settings.retry_seconds
    return Backoff(base=first, cap=cap)


def envelope_handler(app: AsyncApp, listeners: SlackListeners, metrics: Metrics) -> EnvelopeHandler:
    """Socket Mode envelopes: events are accepted by the delivery before their envelope is
    acknowledged; malformed payloads are acknowledged and ignored with one log line;
    commands and clicks go through Bolt, whose response becomes the ack's payload."""

    async def handle(kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        if kind == "events_api":
            problem = event_problem(payload)
            if problem is None:
                await listeners.accept_event(payload)
                return None
        else:
            problem = interactive_problem(payload) if kind == "interactive" else None
        if problem is not None:
            metrics.bad_requests.labels(reason="socket_mode_ignored").inc()
            log.warning("Socket Mode payload acknowledged and ignored: %s", problem)
            return None
        metrics.requests.labels(kind="action" if kind == "interactive" else "command").inc()
        response = await app.async_dispatch(AsyncBoltRequest(body=payload, mode="socket_mode"))
        if response.status != 200:
            log.warning("Bolt did not handle a Socket Mode %s (%d)", kind, response.status)
            return None
        if not response.body:
            return None
        if response.body.startswith("{"):
            answer: dict[str, Any] = json.loads(response.body)
            return answer
        return {"text": response.body}

    return handle


async def _socket_mode(bot: _Bot, stop: asyncio.Event) -> int:
    """Socket Mode until `stop`; /healthz, /readyz and /metrics are served beside it."""
    assert bot.settings.app_token is not None
    client = SocketModeClient(
        bot.settings.app_token,
        bot.app.client,
        envelope_handler(bot.app, bot.listeners, bot.metrics),
        _backoff(bot.settings, RECONNECT_SECONDS, RECONNECT_CAP_SECONDS),
    )
    bot.readiness.socket_connected = lambda: client.connected
    try:
        await client.run(stop)
    except AppTokenRefusedError as error:
        log.error("fwbot serve: %s", error)
        return TOKEN_REFUSED_EXIT
    finally:
        await client.close()
    return 0
