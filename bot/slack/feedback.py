"""The 👍 / 👎 buttons' listener: record the rating, then thank the person in place."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.buttons import THANKS, read_feedback, thanked
from bot.learning.recorder import Learning

log = logging.getLogger(__name__)


class FeedbackListener:
    def __init__(self, learning: Learning) -> None:
        self.learning = learning

    async def on_click(
        self,
        ack: Any,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Any,
        client: AsyncWebClient,
    ) -> None:
        """Record the rating (once per person per answer), then turn the buttons into a
        thank-you."""
        await ack()
        note = read_feedback(str(action.get("value", "")))
        user = (body.get("user") or {}).get("id")
        if note is None or not isinstance(user, str) or not user:
            log.warning("feedback click ignored: not a rating of one of this app's answers")
            return
        up = action.get("action_id") == "feedback_up"
        if self.learning.blocking_io:
            await asyncio.to_thread(self.learning.rate, note, up, user)
        else:
            self.learning.rate(note, up, user)
        await _thank(body, client, respond, up)


async def _thank(body: dict[str, Any], client: AsyncWebClient, respond: Any, up: bool) -> None:
    """The rated message, updated in place (in its thread) with a thank-you for buttons; an
    ephemeral message, whose blocks a click does not carry, gets the thank-you beside it."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    ts = message.get("ts") or container.get("message_ts")
    try:
        if isinstance(message.get("blocks"), list) and channel and ts:
            await client.chat_update(
                channel=channel,
                ts=ts,
                text=str(message.get("text") or THANKS[up]),
                blocks=thanked(message["blocks"], up),
            )
        elif body.get("response_url"):
            await respond(text=THANKS[up], response_type="ephemeral", replace_original=False)
    except Exception:
        log.exception("thanking for feedback failed", extra={"channel": channel})
