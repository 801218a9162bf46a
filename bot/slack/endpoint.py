"""POST /slack/events over HTTP: Events API deliveries acknowledged first, handled by Bolt next.

Slack wants its HTTP 200 within 3 seconds and redelivers otherwise. Bolt acknowledges an
event only after its whole middleware chain has run, so under a burst each ack waits behind
every earlier request's middleware. Here an event is acknowledged as soon as its signature
checks out, and the same request then goes through Bolt (which verifies it again, de-dups
it and runs the listeners) from a queue. Commands and interactivity go through Bolt
directly: their ack may carry a body.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.slack.draining import drain

log = logging.getLogger(__name__)

# Events handed to Bolt at once; the rest wait in the queue, already acknowledged.
DISPATCH_WORKERS = 4
INVALID_REQUEST = {"error": "invalid request"}  # Bolt's own 401 body


class SlackEndpoint:
    """The aiohttp handler for /slack/events, with its dispatch workers' lifecycle."""

    def __init__(self, app: AsyncApp, signing_secret: str) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)
        self._queue: asyncio.Queue[AsyncBoltRequest] = asyncio.Queue()

    async def handle(self, request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        if not _is_event(request, bolt_request.raw_body):
            return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))
        if not self._signed(bolt_request.raw_body, request):
            return web.json_response(INVALID_REQUEST, status=401)
        self._queue.put_nowait(bolt_request)
        return web.Response(status=200)

    def _signed(self, body: str, request: web.Request) -> bool:
        try:
            return self.verifier.is_valid(
                body,
                request.headers.get("X-Slack-Request-Timestamp"),
                request.headers.get("X-Slack-Signature"),
            )
        except ValueError:  # a timestamp that is not a number
            return False

    async def _dispatch(self) -> None:
        while True:
            bolt_request = await self._queue.get()
            try:
                response = await self.app.async_dispatch(bolt_request)
                if response.status != 200:
                    log.warning("Bolt refused an event", extra={"status": response.status})
            except Exception:
                log.exception("handling an event failed")
            finally:
                self._queue.task_done()
            # Let requests already waiting on the loop be acknowledged before the next one.
            await asyncio.sleep(0)

    @contextlib.asynccontextmanager
    async def running(self, drain_seconds: float) -> AsyncIterator[None]:
        """Dispatch workers for the server's lifetime; on shutdown, events already
        acknowledged are handled (up to `drain_seconds`) before the workers stop."""
        workers = [asyncio.create_task(self._dispatch()) for _ in range(DISPATCH_WORKERS)]
        try:
            yield
        finally:
            await drain(self._queue, workers, drain_seconds, "acknowledged events")


def _is_event(request: web.Request, body: str) -> bool:
    """An Events API delivery (not a URL verification, command or interaction)."""
    if request.content_type != "application/json":
        return False
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    return isinstance(payload, dict) and payload.get("type") == "event_callback"
