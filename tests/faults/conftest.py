"""Fixtures for the fault tests: a fake Slack that can misbehave and `fwbot serve` against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.helpers import FaultySlack, env_for, stop_bot
from tests.redis_server import free_port
from tests.slack.conftest import BotServer, start_bot, wait_healthy


@pytest.fixture
def slack() -> Iterator[FaultySlack]:
    fake = FaultySlack()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def bot(slack: FaultySlack, tmp_path: Path) -> Iterator[BotServer]:
    """`fwbot serve` over HTTP with the memory store, healthy."""
    port = free_port()
    process = start_bot(env_for(slack.api_url), port, tmp_path)
    server = BotServer(f"http://127.0.0.1:{port}", process)
    try:
        wait_healthy(server.url, process)
        yield server
    finally:
        stop_bot(server)
