"""Waiting, inside an event loop, for a condition the code under test makes true."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


async def until(condition: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Poll `condition`, yielding to the loop, until it is truthy; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {condition}"
        await asyncio.sleep(0.01)
    return value
