"""`fwbot serve`: HTTP (aiohttp: /slack/events, /healthz) or Socket Mode, with clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.brain import Brain
from bot.conversations import Conversations
from bot.metrics import CONTENT_TYPE, Metrics
from bot.settings import SlackSettings
from bot.slack.app import build_app
from bot.store import open_store
from knowledge import KnowledgeBase

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


def http_application(app: AsyncApp | None, metrics: Metrics) -> web.Application:
    """The aiohttp application: Slack's requests (HTTP mode only), health check and metrics."""

    async def slack_events(request: web.Request) -> web.Response:
        assert app is not None
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def metrics_page(_: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE})

    application = web.Application(client_max_size=1024 * 1024)
    if app is not None:
        application.cleanup_ctx.append(lambda _: _shared_web_api_session(app))
        application.router.add_post(EVENTS_PATH, slack_events)
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


async def _shared_web_api_session(app: AsyncApp) -> AsyncIterator[None]:
    async with _web_api_session(app):
        yield


def serve(settings: SlackSettings, kb: KnowledgeBase, host: str, port: int) -> int:
    store = open_store(settings.store)
    conversations = Conversations(Brain(kb), store)
    metrics = Metrics()
    app = build_app(settings, conversations, metrics)
    try:
        if settings.socket_mode:
            asyncio.run(_socket_mode(app, settings, http_application(None, metrics), host, port))
        else:
            log.info("serving Slack over HTTP", extra={"host": host, "port": port})
            web.run_app(
                http_application(app, metrics),
                host=host,
                port=port,
                print=None,
                handle_signals=True,
                shutdown_timeout=10,
            )
    finally:
        store.close()
    return 0


async def _socket_mode(
    app: AsyncApp, settings: SlackSettings, side: web.Application, host: str, port: int
) -> None:
    """Socket Mode, plus /healthz and /metrics over HTTP for probes and scraping."""
    assert settings.app_token is not None
    runner = web.AppRunner(side)
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
    await runner.cleanup()
