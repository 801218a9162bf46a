"""Start-up token check and readiness: is this process able to answer right now?

`/healthz` says the process is alive (the event loop answers); `/readyz` says it can do
its job: the bot token was accepted by `auth.test`, the conversation store answers, and in
Socket Mode the WebSocket is connected. Kubernetes routes traffic only to ready replicas
and restarts only dead ones.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.backoff import Backoff
from bot.store import ConversationStore, StoreUnavailableError

log = logging.getLogger(__name__)

# auth.test answers that mean the token itself is wrong: retrying can't help.
TOKEN_REFUSALS = frozenset({
    "invalid_auth", "token_revoked", "not_authed", "account_inactive", "token_expired",
    "not_allowed_token_type", "no_permission", "ekm_access_denied", "team_access_not_granted",
})  # fmt: skip
STORE_PROBE_SECONDS = 1.0
# After a failed auth.test: the first delay before the next (FWBOT_RETRY_SECONDS replaces
# it), doubling up to the cap.
TOKEN_RETRY_SECONDS = 1.0
TOKEN_RETRY_CAP_SECONDS = 30.0
STORE_PROBE_KEY = "fwbot:readyz"


class TokenRefusedError(Exception):
    """Slack refused SLACK_BOT_TOKEN; the message is the one line to show."""

    def __init__(self, error: str) -> None:
        super().__init__(
            f"SLACK_BOT_TOKEN was refused by Slack ({error}): set it to the app's current "
            "Bot User OAuth Token (xoxb-...)"
        )
        self.error = error


class TokenCheckFailedError(Exception):
    """auth.test could not say either way (network, 5xx, rate limit): try again later."""


async def check_token(client: AsyncWebClient, timeout: float = 10.0) -> None:
    """One auth.test call. Raises TokenRefusedError or TokenCheckFailedError."""
    try:
        await asyncio.wait_for(client.auth_test(), timeout)
    except SlackApiError as error:
        code = str(error.response.get("error") or "")
        if error.response.status_code < 500 and code in TOKEN_REFUSALS:
            raise TokenRefusedError(code) from None
        raise TokenCheckFailedError(f"HTTP {error.response.status_code} {code}".strip()) from None
    except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as error:
        raise TokenCheckFailedError(f"{type(error).__name__}: {error}"[:200]) from None


@dataclass
class Readiness:
    """What /readyz reports; the parts are set by whoever knows them."""

    store: ConversationStore
    socket_mode: bool = False
    token_verified: bool = False
    socket_connected: Callable[[], bool] = field(default=lambda: False)

    async def problems(self) -> list[str]:
        """Why this process is not ready; empty when it is."""
        found = []
        if not self.token_verified:
            found.append("SLACK_BOT_TOKEN not verified with auth.test")
        if not await self._store_answers():
            found.append("conversation store (FWBOT_STORE) does not answer")
        if self.socket_mode and not self.socket_connected():
            found.append("Socket Mode is not connected")
        return found

    async def _store_answers(self) -> bool:
        try:
            if not self.store.blocking_io:
                self.store.get(STORE_PROBE_KEY)
            else:
                await asyncio.wait_for(
                    asyncio.to_thread(self.store.get, STORE_PROBE_KEY), STORE_PROBE_SECONDS
                )
        except (StoreUnavailableError, TimeoutError):
            return False
        return True


async def keep_checking_token(
    client: AsyncWebClient,
    readiness: Readiness,
    refused: Callable[[TokenRefusedError], None],
    first_failure: TokenCheckFailedError,
    backoff: Backoff | None = None,
) -> None:
    """After a failed first auth.test: retry with backoff until Slack answers. Ready when it
    accepts the token, `refused` when it refuses it. One log line per failed attempt."""
    backoff = backoff or Backoff(base=TOKEN_RETRY_SECONDS, cap=TOKEN_RETRY_CAP_SECONDS)
    failure: TokenCheckFailedError | None = first_failure
    while failure is not None:
        delay = backoff.next_delay()
        log.warning(
            "auth.test attempt %d failed (%s); not ready; next attempt in %.2f s",
            backoff.attempts, failure, delay,
            extra={"attempt": backoff.attempts, "next_delay_seconds": round(delay, 2)},
        )  # fmt: skip
        await asyncio.sleep(delay)
        try:
            await check_token(client)
            failure = None
        except TokenCheckFailedError as error:
            failure = error
        except TokenRefusedError as error:
            refused(error)
            return
    readiness.token_verified = True
    log.info("SLACK_BOT_TOKEN verified with auth.test", extra={"attempt": backoff.attempts + 1})
