"""Fixtures for the fault tests: a fake Slack that can misbehave and `fwbot serve` against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.helpers import FaultySlack, running_bot
from tests.slack.conftest import BotServer


@pytest.fixture
def slack() -> Iterator[FaultySlack]:
    fake = FaultySlack()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def bot(slack: FaultySlack, tmp_path: Path) -> Iterator[BotServer]:
    """`fwbot serve` over HTTP with the memory store, healthy."""
    with running_bot(slack, tmp_path) as server:
        yield server
