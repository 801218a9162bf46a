"""Two `fwbot serve` replicas sharing one real Redis and the fake Web API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bot.store import ConversationKey
from tests.redis_server import free_port, running_redis
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, BotServer, start_bot, wait_healthy
from tests.slack.fake_slack import Call, FakeSlack


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with running_redis(tmp_path) as url:
        yield url


@pytest.fixture
def replicas(
    fake_slack: FakeSlack, redis_url: str, tmp_path: Path
) -> Iterator[tuple[BotServer, BotServer]]:
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "FWBOT_STORE": redis_url,
    }
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = start_bot(env, port, tmp_path)
            servers.append(BotServer(f"http://127.0.0.1:{port}", process))
        for server in servers:
            wait_healthy(server.url, server.process)
        yield servers[0], servers[1]
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.terminate()
                server.process.wait(timeout=15)


def dm(text: str, ts: str) -> dict[str, str]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": text,
        "ts": ts,
    }


def test_state_and_deduplication_are_shared_across_replicas(
    replicas: tuple[BotServer, BotServer], fake_slack: FakeSlack, redis_url: str
) -> None:
    first, second = replicas

    def posts() -> list[Call]:
        return fake_slack.calls_to("chat.postMessage")

    first.event(dm("help me choose a framework", "1.0"), "EvR1")
    question_1 = fake_slack.wait_for(lambda: posts()[0:1])[0].args["text"]
    assert question_1.startswith("Question 1")
    # A turn's state is saved once its answer is posted: the person answers after that.
    conversation = str(ConversationKey("T1", "D1", "dm", "U1"))
    client = redis.Redis.from_url(redis_url)
    try:
        fake_slack.wait_for(lambda: client.exists(conversation))
    finally:
        client.close()

    second.event(dm("1", "2.0"), "EvR2")  # answered through the other replica
    question_2 = fake_slack.wait_for(lambda: posts()[1:2])[0].args["text"]
    assert question_2.startswith("Question") and question_2 != question_1

    # The same event delivered to both replicas is answered once.
    first.event(dm("what is flask", "3.0"), "EvDup")
    second.event(dm("what is flask", "3.0"), "EvDup", headers={"X-Slack-Retry-Num": "1"})
    first.event(dm("skip", "4.0"), "EvR4")
    fake_slack.wait_for(lambda: len(posts()) >= 4)
    texts = [c.args["text"] for c in posts()]
    assert sum("Flask" in t and "What is" in t for t in texts) == 1

    # Replica 1 dies mid-dialogue; replica 2 carries on from where the person was.
    first.process.kill()
    first.process.wait(timeout=10)
    before = len(posts())
    second.event(dm("1", "5.0"), "EvR5")
    after = fake_slack.wait_for(lambda: posts()[before:])[0].args["text"]
    assert after.startswith(("Question", "My recommendation"))
