"""Posting answers: bounded concurrency, Retry-After per channel, per-call timeouts, retries
with backoff until the give-up time, lost answers counted; end to end through `fwbot serve`."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.metrics import Metrics
from bot.slack.posting import AnswerLostError, Poster, PostingPolicy
from tests.faults.helpers import FaultySlack, bot_log, get, mention, metric, wait_until
from tests.slack.conftest import BotServer

T = TypeVar("T")
FAST = PostingPolicy(concurrency=64, call_timeout=2.0, give_up_after=5.0,
                     backoff_base=0.05, backoff_cap=0.2)  # fmt: skip


def with_poster(
    slack: FaultySlack,
    policy: PostingPolicy,
    scenario: Callable[[Poster], Awaitable[T]],
    refused: list[str] | None = None,
) -> tuple[T, Metrics]:
    """Run `scenario` with a Poster against the fake Web API, in this process."""
    metrics = Metrics()

    async def run() -> T:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.api_url, retry_handlers=[])
        async with aiohttp.ClientSession() as session:
            client.session = session
            on_refusal = refused.append if refused is not None else None
            poster = Poster(client, metrics, policy, token_refused=on_refusal)
            return await scenario(poster)

    return asyncio.run(run()), metrics


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def test_the_defaults_are_patient_and_bounded() -> None:
    policy = PostingPolicy()
    assert policy.call_timeout <= 10
    assert 60 <= policy.give_up_after <= 120
    assert 16 <= policy.concurrency <= 256


def test_a_rate_limited_channel_waits_out_retry_after_alone(slack: FaultySlack) -> None:
    slack.fail_next("chat.postMessage", 429, {"Retry-After": "1"})

    async def scenario(poster: Poster) -> None:
        limited = asyncio.create_task(poster.post_message("CLIMITED", text="a"))
        await asyncio.to_thread(slack.wait_for, lambda: slack.timed_calls("chat.postMessage"))
        await poster.post_message("CHEALTHY", text="b")
        await poster.post_message("CHEALTHY", text="c")
        await limited

    with_poster(slack, FAST, scenario)
    calls = slack.timed_calls("chat.postMessage")
    assert [(c.channel, c.status) for c in calls] == [
        ("CLIMITED", 429), ("CHEALTHY", 200), ("CHEALTHY", 200), ("CLIMITED", 200)]  # fmt: skip
    assert calls[3].finished - calls[0].finished >= 1.0  # Retry-After honoured...
    assert calls[2].finished - calls[0].finished < 1.0  # ...by the limited channel only


def test_posts_run_concurrently_up_to_the_bound(slack: FaultySlack) -> None:
    slack.latency["chat.postMessage"] = 0.2
    policy = PostingPolicy(concurrency=5)

    async def scenario(poster: Poster) -> None:
        await asyncio.gather(*(poster.post_message(f"C{i}", text="x") for i in range(20)))

    with_poster(slack, policy, scenario)
    assert len(slack.calls_to("chat.postMessage")) == 20
    assert slack.max_in_flight == 5


def test_a_hung_call_times_out_and_is_retried(slack: FaultySlack) -> None:
    slack.latency["chat.postMessage"] = 3.0  # the first call hangs, for 10 call timeouts

    async def scenario(poster: Poster) -> float:
        started = time.monotonic()
        posting = asyncio.create_task(poster.post_message("C1", text="x"))
        await asyncio.to_thread(slack.wait_for, lambda: slack.calls_to("chat.postMessage"))
        slack.latency["chat.postMessage"] = 0.0
        await posting
        return time.monotonic() - started

    policy = PostingPolicy(call_timeout=0.3, backoff_base=0.05, backoff_cap=0.1)
    elapsed, metrics = with_poster(slack, policy, scenario)
    assert elapsed < 2
    assert len(slack.calls_to("chat.postMessage")) == 2
    errors = sample(metrics, "fwbot_web_api_errors_total", method="chat.postMessage",
                    error="timeout")  # fmt: skip
    assert errors == 1


def test_a_timed_out_call_that_reached_slack_is_not_posted_again(slack: FaultySlack) -> None:
    slack.latency["chat.postMessage"] = 3.0  # Slack has the call, its answer is late

    async def delivered() -> bool:
        return bool(slack.calls_to("chat.postMessage"))

    async def scenario(poster: Poster) -> None:
        await poster.post_message("C1", text="x", delivered=delivered)

    policy = PostingPolicy(call_timeout=0.3, backoff_base=0.05, backoff_cap=0.1)
    with_poster(slack, policy, scenario)
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_server_errors_are_retried_with_backoff_until_the_give_up_time(
    slack: FaultySlack,
) -> None:
    for _ in range(1000):
        slack.fail_next("chat.postMessage", 503)
    policy = PostingPolicy(give_up_after=1.5, backoff_base=0.05, backoff_cap=0.2)

    async def scenario(poster: Poster) -> str:
        with pytest.raises(AnswerLostError) as lost:
            await poster.post_message("C1", text="x")
        return lost.value.reason

    started = time.monotonic()
    reason, metrics = with_poster(slack, policy, scenario)
    assert reason == "gave_up"
    assert time.monotonic() - started >= 1.5 - 0.2
    attempts = slack.calls_to("chat.postMessage", ok_only=False)
    assert len(attempts) >= 6  # the old handler gave up after 3
    gaps = [b.finished - a.finished for a, b in zip(slack.timed, slack.timed[1:], strict=False)]
    assert max(gaps) > 2 * min(gaps)  # backing off, not hammering
    assert sample(metrics, "fwbot_web_api_errors_total", method="chat.postMessage",
                  error="failure") == len(attempts)  # fmt: skip


def test_an_error_retrying_cannot_fix_is_lost_at_once(slack: FaultySlack) -> None:
    slack.fail_next_with("chat.postMessage", "channel_not_found")
    slack.fail_next_with("chat.postMessage", "token_revoked")
    refused: list[str] = []

    async def scenario(poster: Poster) -> list[str]:
        reasons = []
        for _ in range(2):
            with pytest.raises(AnswerLostError) as lost:
                await poster.post_message("CGONE", text="x")
            reasons.append(lost.value.reason)
        return reasons

    reasons, _ = with_poster(slack, FAST, scenario, refused)
    assert reasons == ["channel_not_found", "token_revoked"]
    assert len(slack.calls_to("chat.postMessage", ok_only=False)) == 2
    assert refused == ["token_revoked"]


# --- through `fwbot serve` ---------------------------------------------------------------


def posted_texts(slack: FaultySlack) -> list[str]:
    return [c.args["text"] for c in slack.calls_to("chat.postMessage")]


def test_every_acknowledged_event_is_answered_after_a_web_api_outage(
    bot: BotServer, slack: FaultySlack
) -> None:
    slack.stop()  # Slack's Web API is down: connections are refused
    for n in range(10):
        assert bot.event(mention(f"what is flask {n}", f"{n}.0"), f"EvOutage{n}")[0] == 200
    wait_until(lambda: metric(bot.url, "fwbot_web_api_retries_total"
                              '{reason="connection"}') >= 10)  # fmt: skip
    slack.start()  # and back
    wait_until(lambda: len(slack.calls_to("chat.postMessage")) >= 10, seconds=30)
    threads = sorted(c.args["thread_ts"] for c in slack.calls_to("chat.postMessage"))
    assert threads == sorted(f"{n}.0" for n in range(10))
    assert metric(bot.url, 'fwbot_answers_lost_total{reason="gave_up"}') == 0
    assert metric(bot.url, "fwbot_ack_to_post_seconds_count") == 10


def test_a_rate_limited_channel_does_not_delay_another(bot: BotServer, slack: FaultySlack) -> None:
    slack.fail_next("chat.postMessage", 429, {"Retry-After": "2"})
    bot.event(mention("django vs flask", "1.0", channel="CBUSY"), "EvBusy")
    wait_until(lambda: slack.timed_calls("chat.postMessage"))
    bot.event(mention("what is fastapi", "2.0", channel="CQUIET"), "EvQuiet")
    # (a call's time is recorded after its answer, a moment after the call itself)
    wait_until(lambda: len(slack.timed_calls("chat.postMessage")) == 3)
    calls = slack.timed_calls("chat.postMessage")
    assert [(c.channel, c.status) for c in calls] == [
        ("CBUSY", 429), ("CQUIET", 200), ("CBUSY", 200)]  # fmt: skip
    assert calls[1].finished - calls[0].finished < 1.0
    assert calls[2].finished - calls[0].finished >= 2.0


def test_a_lost_answer_is_counted_and_logged_once(
    bot: BotServer, slack: FaultySlack, tmp_path: Path
) -> None:
    slack.fail_next_with("chat.postMessage", "channel_not_found")
    bot.event(mention("what is django", "1.0", channel="CGONE"), "EvGone")
    wait_until(lambda: metric(bot.url, 'fwbot_answers_lost_total{reason="channel_not_found"}'))
    errors = metric(bot.url, 'fwbot_web_api_errors_total{error="channel_not_found",'
                             'method="chat.postMessage"}')  # fmt: skip
    assert errors == 1
    lines = [line for line in bot_log(tmp_path, bot.url).splitlines() if "answer lost" in line]
    assert len(lines) == 1 and " ERROR " in lines[0]


def test_a_token_revoked_while_running_makes_the_bot_unready(
    bot: BotServer, slack: FaultySlack
) -> None:
    assert wait_until(lambda: get(f"{bot.url}/readyz")[0] == 200)
    slack.fail_next_with("chat.postMessage", "token_revoked")
    bot.event(mention("what is django", "1.0"), "EvRevoked")
    assert wait_until(lambda: get(f"{bot.url}/readyz")[0] == 503)
    assert "SLACK_BOT_TOKEN" in get(f"{bot.url}/readyz")[1]["problems"][0]


def test_sigterm_halfway_through_a_burst_with_a_slow_api_loses_nothing(
    bot: BotServer, slack: FaultySlack
) -> None:
    slack.latency["chat.postMessage"] = 0.5
    acked = []
    for n in range(150):
        if n == 100:
            bot.process.send_signal(signal.SIGTERM)
        try:
            # Slack waits 3 s for an acknowledgement. A request that reaches the bot just as
            # it stops accepting may get no answer at all until the client gives up.
            timeout = 3 if n >= 100 else 10
            status, _ = bot.event(
                mention(f"what is flask {n}", f"{n}.0"), f"EvTerm{n}", timeout=timeout
            )
        except OSError:
            break  # no longer accepting: never acknowledged, so Slack would retry it
        if status == 200:
            acked.append(f"{n}.0")
    assert bot.process.wait(timeout=30) == 0
    threads = [c.args["thread_ts"] for c in slack.calls_to("chat.postMessage")]
    assert len(acked) >= 100
    assert sorted(threads) == sorted(acked)  # every acknowledged event answered, once
