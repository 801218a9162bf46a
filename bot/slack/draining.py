"""Stopping a pool of queue workers without dropping what Slack was already told about."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)


async def drain(
    queue: asyncio.Queue[Any], workers: Sequence[asyncio.Task[None]], seconds: float, what: str
) -> None:
    """Let the workers finish the queued items (up to `seconds`), then stop them."""
    try:
        await asyncio.wait_for(queue.join(), seconds)
    except TimeoutError:
        log.warning("shutdown: %s left unfinished", what, extra={"count": queue.qsize()})
    for worker in workers:
        worker.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
