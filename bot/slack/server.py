"""`fwbot serve`: HTTP (aiohttp: /slack/events, /healthz) or Socket Mode, with clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from aiohttp.web_log import AccessLogger
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.brain import Brain
from bot.conversations import Conversations
from bot.learning.journal import open_journal
from bot.learning.recorder import Learning, LearningMetrics
from bot.metrics import CONTENT_TYPE, Metrics
from bot.settings import SlackSettings
from bot.slack.app import SlackListeners, build_app
from bot.slack.endpoint import SlackEndpoint
from bot.store import ConversationStore, StoreUnavailableError, open_store
from knowledge import KnowledgeBase

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
# aiohttp's default (128) drops connections in a burst of Slack deliveries; a dropped SYN
# is retried by the client a whole second later.
LISTEN_BACKLOG = 1024
# On SIGTERM, work already acknowledged to Slack gets this long to finish.
DRAIN_SECONDS = 10.0


class _ProbeQuietAccessLogger(AccessLogger):
    """Access log without the health probes and metric scrapes, which would drown it."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if request.path not in (HEALTH_PATH, METRICS_PATH):
            super().log(request, response, time)


def http_application(slack: _HttpSlack | None, metrics: Metrics) -> web.Application:
    """The aiohttp application: Slack's requests (HTTP mode only), health check and metrics."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def metrics_page(_: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE})

    application = web.Application(client_max_size=1024 * 1024)
    if slack is not None:
        application.cleanup_ctx.append(lambda _: slack.running())
        application.router.add_post(EVENTS_PATH, slack.endpoint.handle)
    application.router.add_get(HEALTH_PATH, health)
    application.router.add_get(METRICS_PATH, metrics_page)
    return application


@contextlib.asynccontextmanager
async def _web_api_session(app: AsyncApp) -> AsyncIterator[None]:
    """One keep-alive HTTP session for every Web API call (slack_sdk opens one per call
    otherwise, paying a new connection each time)."""
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    app.client.session = session
    try:
        yield
    finally:
        app.client.session = None
        await session.close()


@dataclass(frozen=True)
class _HttpSlack:
    """What HTTP mode runs beside aiohttp: the endpoint's dispatch workers, the answer
    workers and the Web API session, stopped in that order so nothing acked is lost."""

    app: AsyncApp
    listeners: SlackListeners
    endpoint: SlackEndpoint

    async def running(self) -> AsyncIterator[None]:
        async with _web_api_session(self.app):
            async with self.endpoint.running(DRAIN_SECONDS):
                yield
            await self.listeners.drain(DRAIN_SECONDS)


def _check_store(store: ConversationStore, spec: str) -> None:
    """Say at start-up when the store can't be used: the bot still answers, but forgets
    conversations and may answer a redelivered event twice until the store is back."""
    try:
        store.get("fwbot:startup-check")
    except StoreUnavailableError as error:
        log.warning(
            "conversation store unusable; answering without memory until it is back",
            extra={"store": spec.rsplit("@", maxsplit=1)[-1], "error": str(error)},
        )


def serve(settings: SlackSettings, kb: KnowledgeBase, host: str, port: int) -> int:
    store = open_store(settings.store)
    _check_store(store, settings.store)
    conversations = Conversations(Brain(kb), store)
    metrics = Metrics()
    learning = Learning(
        open_journal(settings.store), settings.learning, LearningMetrics(metrics.registry)
    )
    listeners = SlackListeners(conversations, metrics, learning=learning)
    app = build_app(settings, listeners)
    # The knowledge base, phrase tables and libraries live as long as the process: keep the
    # collector from re-scanning them, which otherwise stalls the loop for tens of ms.
    gc.freeze()
    try:
        if settings.socket_mode:
            side = http_application(None, metrics)
            asyncio.run(_socket_mode(app, listeners, settings, side, host=host, port=port))
        else:
            log.info("serving Slack over HTTP", extra={"host": host, "port": port})
            endpoint = SlackEndpoint(app, settings.signing_secret or "")
            web.run_app(
                http_application(_HttpSlack(app, listeners, endpoint), metrics),
                host=host,
                port=port,
                print=None,
                handle_signals=True,
                shutdown_timeout=DRAIN_SECONDS,
                backlog=LISTEN_BACKLOG,
                access_log_class=_ProbeQuietAccessLogger,
            )
    finally:
        learning.close()
        store.close()
    return 0


async def _socket_mode(
    app: AsyncApp,
    listeners: SlackListeners,
    settings: SlackSettings,
    side: web.Application,
    *,
    host: str,
    port: int,
) -> None:
    """Socket Mode, plus /healthz and /metrics over HTTP for probes and scraping."""
    assert settings.app_token is not None
    runner = web.AppRunner(side, access_log_class=_ProbeQuietAccessLogger)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    handler = AsyncSocketModeHandler(app, settings.app_token, web_client=app.client)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with _web_api_session(app):
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("connected to Slack over Socket Mode")
        await stop.wait()
        await handler.close_async()  # type: ignore[no-untyped-call]
        await listeners.drain(DRAIN_SECONDS)
    await runner.cleanup()
