"""POST /slack/events over HTTP: checked first, acknowledged next, handled after.

Every request's signature is checked over the raw bytes before anything parses the body:
an unsigned or stale request gets 401 and costs nothing more. A signed body that can't be
used gets 400 and one log line; a signed interactive payload that is well-formed JSON but
not something the app can answer is acknowledged (Slack would only retry it) and ignored,
with one log line.

Slack wants its HTTP 200 within 3 seconds and redelivers otherwise, but never redelivers
an event it got a 200 for. An event is acknowledged as soon as it is checked and accepted
by the delivery (bot/slack/delivery.py), which from then on owns answering it; commands and
interactivity go through Bolt directly: their ack may carry a body.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.metrics import Metrics
from bot.slack.payloads import MalformedError, SlackRequest, parse_http_body, signature_valid

log = logging.getLogger(__name__)

INVALID_REQUEST = {"error": "invalid request"}  # Bolt's own 401 body
MALFORMED_REQUEST = {"error": "malformed request"}
_REQUEST_KINDS = {"interactive": "action"}


def verified_bolt_request(body: dict[str, Any]) -> AsyncBoltRequest:
    """A Bolt request for a body already verified and parsed here. Bolt skips its own
    signature check and parsing only in its "socket_mode" mode; nothing else differs (no
    listener of commands or clicks reads the request's headers)."""
    return AsyncBoltRequest(body=body, mode="socket_mode")


class SlackEndpoint:
    """The aiohttp handler for /slack/events."""

    def __init__(
        self,
        app: AsyncApp,
        signing_secret: str,
        metrics: Metrics,
        accept_event: Callable[[dict[str, Any]], Awaitable[None]],
        interactive_problem: Callable[[dict[str, Any]], str | None],
    ) -> None:
        self.app = app
        self.signing_secret = signing_secret
        self.metrics = metrics
        self.accept_event = accept_event
        self.interactive_problem = interactive_problem

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        headers = request.headers
        if not signature_valid(
            self.signing_secret,
            raw,
            headers.get("X-Slack-Request-Timestamp"),
            headers.get("X-Slack-Signature"),
        ):
            self.metrics.signature_failures.inc()
            return web.json_response(INVALID_REQUEST, status=401)
        try:
            slack = parse_http_body(raw, request.content_type)
        except MalformedError as error:
            self.metrics.bad_requests.labels(reason="malformed").inc()
            log.warning(
                "malformed Slack request refused: %s",
                error,
                extra={"content_type": request.content_type, "length": len(raw)},
            )
            return web.json_response(MALFORMED_REQUEST, status=400)
        return await self._route(slack)

    async def _route(self, slack: SlackRequest) -> web.Response:
        if slack.kind == "event":
            await self.accept_event(slack.body)
            return web.Response(status=200)
        self.metrics.requests.labels(kind=_REQUEST_KINDS.get(slack.kind, slack.kind)).inc()
        if slack.kind == "url_verification":
            return web.json_response({"challenge": slack.body["challenge"]})
        if slack.kind == "ssl_check":
            return web.Response(status=200)
        if slack.kind == "other":
            log.info("Slack request of an unhandled type acknowledged",
                     extra={"payload_type": str(slack.body.get("type"))[:40]})  # fmt: skip
            return web.Response(status=200)
        if slack.kind == "interactive":
            problem = self.interactive_problem(slack.body)
            if problem is not None:
                self.metrics.bad_requests.labels(reason="interactive_ignored").inc()
                log.warning("interactive payload acknowledged and ignored: %s", problem)
                return web.Response(status=200)
        response = await self.app.async_dispatch(verified_bolt_request(slack.body))
        return await to_aiohttp_response(response)
