"""Slack's Socket Mode: a WebSocket that apps.connections.open hands out, envelopes in,
acknowledgements out. Written here rather than taken from slack_sdk so that it

- stops at once on SIGTERM/SIGINT whatever it is doing (connecting, waiting to retry,
  connected), since every wait races the stop event;
- reconnects with exponential backoff and jitter, writing one line per failed attempt
  (attempt number, error, next delay) and no traceback;
- says whether it is connected, for /readyz;
- acknowledges an event only once the delivery holds it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.backoff import Backoff
from bot.slack.readiness import TOKEN_REFUSALS

log = logging.getLogger(__name__)
T = TypeVar("T")

# Slack pings every few seconds; a connection that answers no ping for this long is dead.
HEARTBEAT_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 10.0
# After a failed connection: the first delay before the next (FWBOT_RETRY_SECONDS replaces
# it), doubling up to the cap.
RECONNECT_SECONDS = 0.5
RECONNECT_CAP_SECONDS = 30.0
ENVELOPE_TYPES = ("events_api", "slash_commands", "interactive")

# (envelope type, payload) -> the payload for the acknowledgement, if any.
EnvelopeHandler = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any] | None]]


class AppTokenRefusedError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(
            f"SLACK_APP_TOKEN was refused by Slack ({error}): set it to an app-level token "
            "(xapp-...) with the connections:write scope"
        )


class _StoppedError(Exception):
    """The stop event was set while waiting."""


class SocketModeClient:
    def __init__(
        self,
        app_token: str,
        web_client: AsyncWebClient,
        handle: EnvelopeHandler,
        backoff: Backoff | None = None,
    ) -> None:
        self.app_token = app_token
        self.web_client = web_client
        self.handle = handle
        self.backoff = backoff or Backoff(base=RECONNECT_SECONDS, cap=RECONNECT_CAP_SECONDS)
        self.connected = False
        self._envelopes: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        """Stay connected until `stop` is set. Raises AppTokenRefusedError when Slack
        refuses the app token (retrying can't help)."""
        try:
            while not stop.is_set():
                try:
                    socket = await self._until(stop, self._connect())
                except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError,
                        ValueError) as error:  # fmt: skip
                    await self._failed(error, stop)
                    continue
                try:
                    self.backoff.reset()
                    self.connected = True
                    log.info("connected to Slack over Socket Mode")
                    reason = await self._until(stop, self._receive(socket))
                finally:
                    self.connected = False
                    await socket.close()
                log.info("Socket Mode connection closed (%s); reconnecting", reason)
        except _StoppedError:
            pass
        finally:
            self.connected = False

    async def close(self) -> None:
        """Wait for envelopes being handled (their acks need the socket no longer)."""
        await asyncio.gather(*self._envelopes, return_exceptions=True)

    async def _connect(self) -> aiohttp.ClientWebSocketResponse:
        response = await asyncio.wait_for(
            self.web_client.apps_connections_open(app_token=self.app_token),
            CONNECT_TIMEOUT_SECONDS,
        )
        url = str(response["url"])
        session = self.web_client.session
        assert session is not None, "the Web API session is opened before Socket Mode"
        # aiohttp's default timeouts: none for receiving (the heartbeat finds a dead
        # connection), 10 s for closing.
        return await session.ws_connect(url, heartbeat=HEARTBEAT_SECONDS)

    async def _failed(self, error: Exception, stop: asyncio.Event) -> None:
        if isinstance(error, SlackApiError):
            code = str(error.response.get("error") or f"http_{error.response.status_code}")
            if code in TOKEN_REFUSALS:
                raise AppTokenRefusedError(code) from None
            detail = f"apps.connections.open: {code}"
        else:
            detail = f"{type(error).__name__}: {error}"[:200]
        delay = self.backoff.next_delay()
        log.warning(
            "Socket Mode connection attempt %d failed (%s); next attempt in %.2f s",
            self.backoff.attempts, detail, delay,
            extra={"attempt": self.backoff.attempts, "next_delay_seconds": round(delay, 2)},
        )  # fmt: skip
        try:
            await asyncio.wait_for(stop.wait(), delay)
        except TimeoutError:
            return

    async def _receive(self, socket: aiohttp.ClientWebSocketResponse) -> str:
        """Handle messages until the connection ends; why it ended."""
        async for message in socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            try:
                data = json.loads(message.data)
            except ValueError:
                log.warning("Socket Mode message that is not JSON ignored")
                continue
            if not isinstance(data, dict):
                continue
            if data.get("type") == "disconnect":
                return f"Slack asked to reconnect: {data.get('reason')}"
            if "envelope_id" in data:
                task = asyncio.create_task(self._envelope(socket, data))
                self._envelopes.add(task)
                task.add_done_callback(self._envelopes.discard)
        return f"closed by the server ({socket.close_code})"

    async def _envelope(
        self, socket: aiohttp.ClientWebSocketResponse, envelope: dict[str, Any]
    ) -> None:
        kind, payload = envelope.get("type"), envelope.get("payload")
        ack: dict[str, Any] = {"envelope_id": envelope["envelope_id"]}
        try:
            if kind in ENVELOPE_TYPES and isinstance(payload, dict):
                answer = await self.handle(str(kind), payload)
                if answer is not None:
                    ack["payload"] = answer
            else:
                log.warning(
                    "Socket Mode envelope acknowledged and ignored: type %s with a payload "
                    "that is not an object", str(kind)[:40],
                )  # fmt: skip
        except Exception:
            log.exception("handling a Socket Mode envelope failed")
            return  # unacknowledged: Slack delivers it again
        if not socket.closed:
            await socket.send_json(ack)

    async def _until(self, stop: asyncio.Event, work: Coroutine[Any, Any, T]) -> T:
        """`work`'s result; _StoppedError as soon as `stop` is set (`work` is cancelled)."""
        task = asyncio.ensure_future(work)
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise _StoppedError
        return task.result()
