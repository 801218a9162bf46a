"""Posting answers through the Web API: concurrent but bounded, fair between channels, and
patient before an answer counts as lost.

- At most `concurrency` calls are in flight; a call waiting out a rate limit or a backoff
  holds no slot, so one slow channel never starves the others.
- A 429 blocks only its own channel (or user, for App Home) for `Retry-After` seconds.
- Each call has its own timeout, well under Slack's 30 s.
- 5xx answers, timeouts and connection failures are retried with exponential backoff and
  jitter until `give_up_after` seconds since the work started; only then, or on an answer
  that retrying can't fix (channel_not_found, a refused token), is the answer lost. A lost
  answer raises AnswerLostError; the caller counts it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.metrics import Metrics
from bot.slack.backoff import Backoff
from bot.slack.readiness import TOKEN_REFUSALS

log = logging.getLogger(__name__)

# Slack errors that say "not now" rather than "never".
TRANSIENT_ERRORS = frozenset({
    "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited",
})  # fmt: skip
DEFAULT_RETRY_AFTER_SECONDS = 1.0


class AnswerLostError(Exception):
    """The answer could not be delivered; `reason` is the metric label."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PostingPolicy:
    concurrency: int = 64
    call_timeout: float = 10.0
    give_up_after: float = 120.0
    backoff_base: float = 0.5
    backoff_cap: float = 10.0


@dataclass(frozen=True)
class _Failed:
    """A call worth retrying: after a rate limit's Retry-After, or else after a backoff.
    `maybe_delivered`: the request may have reached Slack (a timeout, a dropped
    connection), so a retry could post the answer twice."""

    rate_limited_for: float | None = None
    maybe_delivered: bool = False


class Poster:
    """Web API calls that deliver answers, with the policy above."""

    def __init__(
        self,
        client: AsyncWebClient,
        metrics: Metrics,
        policy: PostingPolicy | None = None,
        token_refused: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.metrics = metrics
        self.policy = policy or PostingPolicy()
        self.token_refused = token_refused
        self.clock = clock
        self._slots = asyncio.Semaphore(self.policy.concurrency)
        self._blocked_until: dict[str, float] = {}

    async def post_message(
        self,
        channel: str,
        *,
        started: float | None = None,
        delivered: Callable[[], Awaitable[bool]] | None = None,
        **arguments: Any,
    ) -> None:
        """chat.postMessage to `channel`; AnswerLostError when it can't be delivered."""
        await self.call("chat.postMessage", channel, started=started, delivered=delivered,
                        channel=channel, **arguments)  # fmt: skip

    async def call(
        self,
        method: str,
        gate: str,
        *,
        started: float | None = None,
        delivered: Callable[[], Awaitable[bool]] | None = None,
        **arguments: Any,
    ) -> None:
        """Call `method` until it succeeds; `gate` is what a 429 blocks (a channel or user).
        After a failure that may have reached Slack, `delivered()` says whether it did,
        so a retry never posts twice."""
        deadline = (self.clock() if started is None else started) + self.policy.give_up_after
        backoff = Backoff(self.policy.backoff_base, self.policy.backoff_cap)
        arguments = {k: v for k, v in arguments.items() if v is not None}
        while True:
            await self._wait_for_gate(gate)
            async with self._slots:
                failure = await self._attempt(method, gate, arguments)
            if failure is None:
                return
            if failure.maybe_delivered and delivered is not None and await delivered():
                return
            # A rate limit is waited out at the gate; anything else backs off here.
            wait = failure.rate_limited_for
            if wait is None:
                wait = backoff.next_delay()
            if self.clock() + wait > deadline:
                raise AnswerLostError("gave_up")
            if failure.rate_limited_for is None:
                await asyncio.sleep(wait)

    async def _attempt(self, method: str, gate: str, arguments: dict[str, Any]) -> _Failed | None:
        """One call: None on success, _Failed for a failure worth retrying; raises
        AnswerLostError for one that is not."""
        try:
            await asyncio.wait_for(
                self.client.api_call(method, json=arguments), self.policy.call_timeout
            )
            return None
        except SlackApiError as error:
            status = error.response.status_code
            code = str(error.response.get("error") or f"http_{status}")
            self.metrics.web_api_errors.labels(method=method, error=code).inc()
            if status == 429 or code == "ratelimited":
                seconds = _retry_after(error.response.headers)
                self._block(gate, seconds)
                self.metrics.web_api_retries.labels(reason="rate_limited").inc()
                return _Failed(rate_limited_for=seconds)
            if status >= 500 or code in TRANSIENT_ERRORS:
                self.metrics.web_api_retries.labels(reason="server_error").inc()
                return _Failed()
            if code in TOKEN_REFUSALS and self.token_refused is not None:
                self.token_refused(code)
            raise AnswerLostError(code) from None
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            kind = "timeout" if isinstance(error, TimeoutError) else "connection"
            self.metrics.web_api_errors.labels(method=method, error=kind).inc()
            self.metrics.web_api_retries.labels(reason=kind).inc()
            # A refused connection never carried the request; anything later may have.
            return _Failed(maybe_delivered=not isinstance(error, aiohttp.ClientConnectorError))

    def _block(self, gate: str, seconds: float) -> None:
        now = self.clock()
        if len(self._blocked_until) > 1000:  # forget gates whose wait is long over
            self._blocked_until = {g: t for g, t in self._blocked_until.items() if t > now}
        self._blocked_until[gate] = now + seconds

    async def _wait_for_gate(self, gate: str) -> None:
        while True:
            until = self._blocked_until.get(gate)
            if until is None:
                return
            wait = until - self.clock()
            if wait <= 0:
                self._blocked_until.pop(gate, None)
                return
            await asyncio.sleep(wait)


def _retry_after(headers: Any) -> float:
    """Retry-After in seconds (any case, a value or a list of them); else the default."""
    for name, found in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            try:
                return max(0.0, float(found[0] if isinstance(found, list) else found))
            except (TypeError, ValueError, IndexError):
                break
    return DEFAULT_RETRY_AFTER_SECONDS
