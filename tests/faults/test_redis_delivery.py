"""Delivery you can count on with Redis: an acknowledged event is answered exactly once even
when the replica that acknowledged it is SIGKILLed or SIGTERMed before answering."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.faults.helpers import FaultySlack, bot_log, launch_bot, mention, stop_bot, wait_until
from tests.redis_server import running_redis
from tests.slack.conftest import BotServer

STREAM, GROUP = "fwbot:events", "fwbot"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with running_redis(tmp_path) as url:
        yield url


def launch(slack: FaultySlack, url: str, tmp_path: Path, **extra: str) -> BotServer:
    return launch_bot(slack, tmp_path, url, FWBOT_RECLAIM_AFTER_SECONDS="1.5", **extra)


def another_replica_answers_each_once(
    slack: FaultySlack, redis_url: str, tmp_path: Path, count: int
) -> None:
    """A replica started now answers each of the `count` events left in the stream once."""
    other = launch(slack, redis_url, tmp_path)
    try:
        wait_until(lambda: all_done(redis_url), seconds=30, what="the stream to empty")
        answers = answers_per_thread(slack)
        assert sorted(answers) == sorted(f"{n}.0" for n in range(count))
        assert set(answers.values()) == {1}
    finally:
        stop_bot(other)


def all_done(url: str) -> bool:
    """Every entry in the stream answered (acknowledged and deleted)."""
    client = redis.Redis.from_url(url)
    try:
        pending = client.xpending(STREAM, GROUP)["pending"] if client.exists(STREAM) else 0
        return client.xlen(STREAM) == 0 and pending == 0
    finally:
        client.close()


def answers_per_thread(slack: FaultySlack) -> Counter[str]:
    return Counter(c.args["thread_ts"] for c in slack.calls_to("chat.postMessage"))


def test_a_replica_killed_mid_burst_leaves_every_event_answered_once(
    slack: FaultySlack, redis_url: str, tmp_path: Path
) -> None:
    first = launch(slack, redis_url, tmp_path)
    second = launch(slack, redis_url, tmp_path)
    try:
        slack.latency["chat.postMessage"] = 0.5  # answers are on their way at the kill
        acked = []
        for n in range(40):
            server = (first, second)[n % 2]
            if server.event(mention(f"what is flask {n}", f"{n}.0"), f"EvKill{n}")[0] == 200:
                acked.append(f"{n}.0")
        first.process.kill()  # SIGKILL: no drain, no hand-back
        first.process.wait(timeout=10)
        slack.latency["chat.postMessage"] = 0.0
        wait_until(lambda: set(answers_per_thread(slack)) >= set(acked), seconds=60)
        wait_until(lambda: all_done(redis_url), seconds=30, what="the stream to empty")
        answers = answers_per_thread(slack)
        assert sorted(answers) == sorted(acked)
        assert set(answers.values()) == {1}, [t for t, n in answers.items() if n > 1]
        # The killed replica had answers on their way: the survivor looked for them first.
        assert slack.calls_to("conversations.replies")
    finally:
        stop_bot(second)
    assert "taking over an unanswered event" in bot_log(tmp_path, second.url)


def test_a_restarted_replica_finishes_what_it_left_when_killed(
    slack: FaultySlack, redis_url: str, tmp_path: Path
) -> None:
    bot = launch(slack, redis_url, tmp_path)
    slack.latency["chat.postMessage"] = 0.5
    for n in range(10):
        assert bot.event(mention("what is django", f"{n}.0"), f"EvRestart{n}")[0] == 200
    bot.process.send_signal(signal.SIGKILL)
    bot.process.wait(timeout=10)
    slack.latency["chat.postMessage"] = 0.0
    another_replica_answers_each_once(slack, redis_url, tmp_path, 10)


def test_sigterm_hands_back_what_it_could_not_answer_and_another_replica_answers_it(
    slack: FaultySlack, redis_url: str, tmp_path: Path
) -> None:
    bot = launch(slack, redis_url, tmp_path, FWBOT_DRAIN_SECONDS="1")
    slack.stop()  # the Web API is down: nothing can be answered before the drain ends
    for n in range(10):
        assert bot.event(mention("what is fastapi", f"{n}.0"), f"EvTerm{n}")[0] == 200
    assert stop_bot(bot) == 0
    assert "handed back" in bot_log(tmp_path, bot.url)
    assert not all_done(redis_url)
    slack.start()
    another_replica_answers_each_once(slack, redis_url, tmp_path, 10)
