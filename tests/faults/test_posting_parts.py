"""The Poster's decisions, one Web API answer at a time, against a scripted client: which
answers are retried, waited out, looked for, or lost (test_posting.py covers the timing
against the fake Slack)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.metrics import Metrics
from bot.slack.posting import (
    DEFAULT_RETRY_AFTER_SECONDS,
    AnswerLostError,
    Poster,
    PostingPolicy,
    _retry_after,
)

QUICK = PostingPolicy(call_timeout=1.0, give_up_after=5.0, backoff_base=0.001, backoff_cap=0.002)


def slack_error(
    code: str | None, status: int = 200, headers: dict[str, Any] | None = None
) -> Exception:
    data: dict[str, Any] = {"ok": False} if code is None else {"ok": False, "error": code}
    response = AsyncSlackResponse(client=None, http_verb="POST", api_url="https://slack/api",
                                  req_args={}, data=data, headers=headers or {},
                                  status_code=status)  # fmt: skip
    return SlackApiError(f"error {code}", response)  # type: ignore[no-untyped-call]


class ScriptedClient:
    """Answers each api_call with the next outcome: an exception to raise, or success."""

    def __init__(self, *outcomes: Exception | None) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def api_call(self, method: str, json: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((method, json))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return {"ok": True}


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def post(
    client: ScriptedClient,
    policy: PostingPolicy = QUICK,
    clock: Callable[[], float] | None = None,
    **arguments: Any,
) -> tuple[Metrics, str | None]:
    """Post once through a Poster on `client`; (metrics, the lost reason or None)."""
    metrics = Metrics()

    async def run() -> str | None:
        extra = {} if clock is None else {"clock": clock}
        poster = Poster(client, metrics, policy, **extra)  # type: ignore[arg-type]
        try:
            await poster.post_message("C1", **arguments)
        except AnswerLostError as lost:
            return lost.reason
        return None

    return metrics, asyncio.run(run())


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        (None, DEFAULT_RETRY_AFTER_SECONDS),
        ({}, DEFAULT_RETRY_AFTER_SECONDS),
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": ["2.5"]}, 2.5),  # aiohttp's lower case, a list of values
        ({"RETRY-AFTER": "0"}, 0.0),
        ({"Retry-After": "-4"}, 0.0),
        ({"Retry-After": "soon"}, DEFAULT_RETRY_AFTER_SECONDS),
        ({"Retry-After": None}, DEFAULT_RETRY_AFTER_SECONDS),
        ({"X-Other": "9"}, DEFAULT_RETRY_AFTER_SECONDS),
        ({"Retry-After": []}, DEFAULT_RETRY_AFTER_SECONDS),
    ],
)
def test_retry_after_is_read_whatever_its_case_and_shape(headers: Any, seconds: float) -> None:
    assert _retry_after(headers) == seconds


@pytest.mark.parametrize(
    "code", ["internal_error", "fatal_error", "service_unavailable", "request_timeout"]
)
def test_errors_that_mean_not_now_are_retried(code: str) -> None:
    client = ScriptedClient(slack_error(code))
    metrics, lost = post(client, text="x")
    assert lost is None and len(client.calls) == 2
    assert sample(metrics, "fwbot_web_api_retries_total", reason="server_error") == 1
    errors = sample(metrics, "fwbot_web_api_errors_total", method="chat.postMessage", error=code)
    assert errors == 1


def test_a_5xx_without_an_error_code_is_retried_and_counted_by_status() -> None:
    client = ScriptedClient(slack_error(None, status=502))
    metrics, lost = post(client, text="x")
    assert lost is None and len(client.calls) == 2
    errors = sample(metrics, "fwbot_web_api_errors_total", method="chat.postMessage",
                    error="http_502")  # fmt: skip
    assert errors == 1


def test_a_4xx_without_an_error_code_is_lost_at_once() -> None:
    client = ScriptedClient(slack_error(None, status=404))
    _, lost = post(client, text="x")
    assert lost == "http_404" and len(client.calls) == 1


def test_ratelimited_in_the_body_is_waited_out_like_a_429() -> None:
    client = ScriptedClient(slack_error("ratelimited", headers={"Retry-After": "0"}))
    metrics, lost = post(client, text="x")
    assert lost is None and len(client.calls) == 2
    assert sample(metrics, "fwbot_web_api_retries_total", reason="rate_limited") == 1


def test_a_rate_limit_longer_than_the_time_left_gives_up_at_once() -> None:
    client = ScriptedClient(slack_error("ratelimited", 429, {"Retry-After": "60"}))
    _, lost = post(client, PostingPolicy(give_up_after=5.0), text="x")
    assert lost == "gave_up" and len(client.calls) == 1


def test_the_give_up_time_counts_from_when_the_work_started() -> None:
    now = [1000.0]
    client = ScriptedClient(slack_error("internal_error"), slack_error("internal_error"))
    _, lost = post(client, QUICK, lambda: now[0], started=1000.0 - 4.9999, text="x")
    assert lost == "gave_up" and len(client.calls) == 1
    client = ScriptedClient(slack_error("internal_error"))
    _, lost = post(client, QUICK, lambda: now[0], started=1000.0 - 4.9, text="x")
    assert lost is None and len(client.calls) == 2


def test_arguments_left_unset_are_not_sent() -> None:
    client = ScriptedClient()
    post(client, text="x", thread_ts=None, unfurl_links=False)
    assert client.calls == [("chat.postMessage", {"channel": "C1", "text": "x",
                                                  "unfurl_links": False})]  # fmt: skip


def connector_error() -> Exception:
    return aiohttp.ClientConnectorError(None, OSError(111, "Connection refused"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "kind", "looked"),
    [
        (connector_error(), "connection", False),  # never reached Slack: just retried
        (aiohttp.ServerDisconnectedError(), "connection", True),  # may have reached it
        (TimeoutError(), "timeout", True),
        (OSError("reset"), "connection", True),
    ],
)
def test_a_failure_that_may_have_reached_slack_is_looked_for_before_a_retry(
    error: Exception, kind: str, looked: bool
) -> None:
    asked: list[bool] = []

    async def delivered() -> bool:
        asked.append(True)
        return True  # it had: no retry

    client = ScriptedClient(error)
    metrics, lost = post(client, delivered=delivered, text="x")
    assert lost is None
    assert bool(asked) is looked
    assert len(client.calls) == (1 if looked else 2)
    assert sample(metrics, "fwbot_web_api_retries_total", reason=kind) == 1
    assert sample(metrics, "fwbot_web_api_errors_total", method="chat.postMessage",
                  error=kind) == 1  # fmt: skip


def test_a_failure_not_found_in_the_conversation_is_retried() -> None:
    async def delivered() -> bool:
        return False

    client = ScriptedClient(TimeoutError())
    _, lost = post(client, delivered=delivered, text="x")
    assert lost is None and len(client.calls) == 2


def test_a_refused_token_is_reported_only_for_token_errors() -> None:
    refused: list[str] = []

    async def run(code: str) -> str:
        poster = Poster(ScriptedClient(slack_error(code)), Metrics(), QUICK,  # type: ignore[arg-type]
                        token_refused=refused.append)  # fmt: skip
        with pytest.raises(AnswerLostError) as lost:
            await poster.call("views.publish", "user:U1", user_id="U1")
        return lost.value.reason

    assert asyncio.run(run("channel_not_found")) == "channel_not_found"
    assert asyncio.run(run("invalid_auth")) == "invalid_auth"
    assert refused == ["invalid_auth"]


def test_gates_whose_wait_is_over_are_forgotten_once_there_are_many() -> None:
    now = [0.0]
    poster = Poster(ScriptedClient(), Metrics(), QUICK, clock=lambda: now[0])  # type: ignore[arg-type]
    for n in range(999):
        poster._block(f"C{n}", 1.0)
    now[0] = 4.0
    poster._block("CEDGE", 1.0)  # its wait ends at 5.0
    now[0] = 5.0
    poster._block("CNEW", 1.0)  # 1,000 gates: all kept
    assert len(poster._blocked_until) == 1001
    poster._block("CNEWER", 1.0)  # more than 1,000: those whose wait is over go
    assert poster._blocked_until == {"CNEW": 6.0, "CNEWER": 6.0}


def test_a_lost_answer_says_why() -> None:
    assert str(AnswerLostError("gave_up")) == "gave_up"


def test_backoff_delays_stay_under_the_policys_cap() -> None:
    """The clock stands still, so only the delays count against the give-up time: capped at
    2 ms, six of them never pass 3 ms; uncapped, the fifth alone would."""
    client = ScriptedClient(*(slack_error("internal_error") for _ in range(6)))
    policy = PostingPolicy(give_up_after=0.003, backoff_base=0.001, backoff_cap=0.002)
    _, lost = post(client, policy, lambda: 100.0, text="x")
    assert lost is None and len(client.calls) == 7


def test_a_wait_that_ends_exactly_at_the_give_up_time_is_still_made() -> None:
    client = ScriptedClient(slack_error("ratelimited", 429, {"Retry-After": "0"}))
    metrics = Metrics()

    async def run() -> dict[str, float]:
        poster = Poster(client, metrics, QUICK, clock=lambda: 100.0)  # type: ignore[arg-type]
        await poster.post_message("C1", started=100.0 - QUICK.give_up_after, text="x")
        return poster._blocked_until

    assert asyncio.run(run()) == {}  # posted, and the gate forgotten once its wait was over
    assert len(client.calls) == 2
