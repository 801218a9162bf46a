"""Readiness and the token check in this process (test_readiness.py runs `fwbot serve` as a
process, which mutmut cannot credit): what /readyz reports and how auth.test is retried."""

from __future__ import annotations

import asyncio
import logging
import random
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.slack import readiness as readiness_module
from bot.slack.backoff import Backoff
from bot.slack.readiness import (
    Readiness,
    TokenCheckFailedError,
    TokenRefusedError,
    check_token,
    keep_checking_token,
)
from bot.store.base import State, StoreUnavailableError
from bot.store.memory import MemoryStore
from tests.faults.helpers import FaultySlack

T = TypeVar("T")


class ProbedStore(MemoryStore):
    """Records the keys it is asked for; `down` fails, `frozen` hangs until released."""

    def __init__(self, blocking_io: bool, down: bool = False, frozen: bool = False) -> None:
        super().__init__()
        self.blocking_io = blocking_io
        self.down, self.frozen = down, frozen
        self.released = threading.Event()
        self.keys: list[str] = []
        self.in_main_thread: list[bool] = []

    def get(self, key: str) -> State | None:
        self.keys.append(key)
        self.in_main_thread.append(threading.current_thread() is threading.main_thread())
        if self.frozen:
            self.released.wait(5)
        if self.down:
            raise StoreUnavailableError("down")
        return super().get(key)


def problems(readiness: Readiness) -> list[str]:
    return asyncio.run(readiness.problems())


def test_ready_only_with_a_verified_token_a_store_that_answers_and_a_socket() -> None:
    store = ProbedStore(blocking_io=False, down=True)
    readiness = Readiness(store, socket_mode=True)
    assert problems(readiness) == [
        "SLACK_BOT_TOKEN not verified with auth.test",
        "conversation store (FWBOT_STORE) does not answer",
        "Socket Mode is not connected",
    ]
    assert store.keys == ["fwbot:readyz"]  # a key no conversation uses
    assert store.in_main_thread == [True]  # memory: asked on the loop, no thread needed
    store.down = False
    readiness.token_verified = True
    readiness.socket_connected = lambda: True
    assert problems(readiness) == []
    assert problems(Readiness(MemoryStore(), token_verified=True)) == []  # HTTP: no socket


@pytest.mark.parametrize("down", [False, True])
def test_a_store_that_waits_on_io_is_probed_in_a_thread(down: bool) -> None:
    store = ProbedStore(blocking_io=True, down=down)
    readiness = Readiness(store, token_verified=True)
    expected = ["conversation store (FWBOT_STORE) does not answer"] if down else []
    assert problems(readiness) == expected
    assert store.keys == ["fwbot:readyz"] and store.in_main_thread == [False]


def test_a_frozen_store_is_not_ready_after_the_probe_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readiness_module, "STORE_PROBE_SECONDS", 0.05)
    store = ProbedStore(blocking_io=True, frozen=True)
    try:
        assert problems(Readiness(store, token_verified=True)) == [
            "conversation store (FWBOT_STORE) does not answer"
        ]
    finally:
        store.released.set()


def with_client(slack: FaultySlack, scenario: Callable[[AsyncWebClient], Awaitable[T]]) -> T:
    async def run() -> T:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])
        async with aiohttp.ClientSession() as session:
            client.session = session
            return await scenario(client)

    return asyncio.run(run())


def test_a_refused_token_names_the_error_and_the_fix(slack: FaultySlack) -> None:
    slack.auth_error = "token_revoked"
    with pytest.raises(TokenRefusedError) as refused:
        with_client(slack, check_token)
    assert refused.value.error == "token_revoked"
    assert str(refused.value) == (
        "SLACK_BOT_TOKEN was refused by Slack (token_revoked): set it to the app's current "
        "Bot User OAuth Token (xoxb-...)"
    )


def test_the_token_check_is_retried_until_slack_accepts_it(
    slack: FaultySlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fail_next("auth.test", 503)
    slack.fail_next("auth.test", 503)
    readiness = Readiness(MemoryStore())
    refused: list[TokenRefusedError] = []

    async def scenario(client: AsyncWebClient) -> None:
        backoff = Backoff(base=0.01, cap=0.02, rng=random.Random(1))
        await keep_checking_token(client, readiness, refused.append,
                                  TokenCheckFailedError("HTTP 503"), backoff)  # fmt: skip

    with caplog.at_level(logging.INFO, logger="bot.slack.readiness"):
        with_client(slack, scenario)
    assert readiness.token_verified and refused == []
    assert len(slack.calls_to("auth.test", ok_only=False)) == 3  # two 503s, then accepted
    attempts = [r.attempt for r in caplog.records if hasattr(r, "attempt")]
    assert attempts == [1, 2, 3, 4]  # three failures (the first one given), then verified
    assert caplog.records[0].getMessage().startswith("auth.test attempt 1 failed (HTTP 503)")


def test_a_token_refused_on_a_retry_is_reported_and_not_ready(slack: FaultySlack) -> None:
    slack.auth_error = "invalid_auth"
    readiness = Readiness(MemoryStore())
    refused: list[TokenRefusedError] = []

    async def scenario(client: AsyncWebClient) -> None:
        await keep_checking_token(client, readiness, refused.append,
                                  TokenCheckFailedError("timeout"), Backoff(base=0.01))  # fmt: skip

    with_client(slack, scenario)
    assert [r.error for r in refused] == ["invalid_auth"] and not readiness.token_verified
    assert len(slack.calls_to("auth.test", ok_only=False)) == 1


def test_the_token_check_waits_a_second_or_so_then_up_to_thirty(
    slack: FaultySlack, caplog: pytest.LogCaptureFixture
) -> None:
    """The default backoff, read from the log line each attempt writes before waiting."""

    async def scenario(client: AsyncWebClient) -> None:
        checking = keep_checking_token(
            client, Readiness(MemoryStore()), lambda _: None, TokenCheckFailedError("x")
        )
        task = asyncio.create_task(checking)
        for _ in range(500):  # up to 5 s for the first attempt's line
            if caplog.records:
                break
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    with caplog.at_level(logging.WARNING, logger="bot.slack.readiness"):
        with_client(slack, scenario)
    first = caplog.records[0]
    assert 0.5 <= first.next_delay_seconds <= 1.0  # type: ignore[attr-defined]


class RefusingAuth:
    """auth.test that raises `error` (or hangs, for a TimeoutError)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def auth_test(self) -> None:
        if isinstance(self.error, TimeoutError):
            await asyncio.Event().wait()
        raise self.error


def slack_error(code: str | None, status: int) -> Exception:
    data: dict[str, Any] = {"ok": False} if code is None else {"ok": False, "error": code}
    response = AsyncSlackResponse(
        client=None, http_verb="POST", api_url="https://slack/api", req_args={}, data=data,
        headers={}, status_code=status,
    )  # fmt: skip
    return SlackApiError("refused", response)  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    ("error", "refused", "message"),
    [
        (slack_error("token_revoked", 401), True, "token_revoked"),
        (slack_error("invalid_auth", 200), True, "invalid_auth"),
        (slack_error("invalid_auth", 500), False, "HTTP 500 invalid_auth"),  # Slack's trouble
        (slack_error(None, 502), False, "HTTP 502"),
        (slack_error("ratelimited", 429), False, "HTTP 429 ratelimited"),
        (TimeoutError(), False, "TimeoutError: "),
        (OSError("unreachable"), False, "OSError: unreachable"),
        (ValueError("x" * 300), False, "ValueError: " + "x" * 188),  # cut at 200
    ],
)
def test_what_auth_test_answers_says_whether_the_token_was_refused(
    error: Exception, refused: bool, message: str
) -> None:
    client = RefusingAuth(error)
    expected = TokenRefusedError if refused else TokenCheckFailedError
    with pytest.raises(expected) as raised:
        asyncio.run(check_token(client, timeout=0.05))  # type: ignore[arg-type]
    if refused:
        assert raised.value.error == message  # type: ignore[attr-defined]
    else:
        assert str(raised.value) == message
