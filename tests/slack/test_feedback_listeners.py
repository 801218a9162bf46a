"""The listeners in-process: what learning adds happens after the answer is sent, never on
the path that acknowledges Slack; factual answers carry 👍 / 👎, questions asked back don't."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.brain import Brain
from bot.conversations import Conversations
from bot.learning.journal import KeptQuestion, day_of
from bot.learning.journal_memory import MemoryJournal
from bot.learning.recorder import Learning
from bot.metrics import Metrics
from bot.slack.app import SlackListeners
from bot.slack.delivery import Job, LocalDelivery
from bot.slack.posting import Poster, PostingPolicy
from bot.store.memory import MemoryStore


@dataclass
class Timeline:
    events: list[str] = field(default_factory=list)


class WatchedJournal(MemoryJournal):
    """A journal that waits on disk or network, as SQLite and Redis do; says when it is used."""

    blocking_io = True

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.timeline = timeline

    def record(self, day: str, counters: Sequence[str], kept: KeptQuestion | None) -> None:
        self.timeline.events.append("record")
        super().record(day, counters, kept)


@dataclass
class Client:
    timeline: Timeline
    posts: list[dict[str, Any]] = field(default_factory=list)

    async def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:  # noqa: N802
        self.timeline.events.append("post")
        self.posts.append(kwargs)
        return {"ok": True}

    async def api_call(self, method: str, json: dict[str, Any] | None = None) -> dict[str, Any]:
        """The Poster's way in (one method for every Web API call)."""
        assert method == "chat.postMessage"
        return await self.chat_postMessage(**(json or {}))


@dataclass
class Respond:
    timeline: Timeline
    calls: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, **kwargs: Any) -> None:
        self.timeline.events.append("respond")
        self.calls.append(kwargs)


async def ack() -> None:
    return None


def listeners_with(brain: Brain, timeline: Timeline) -> SlackListeners:
    metrics = Metrics()
    poster = Poster(Client(timeline), metrics, PostingPolicy())  # type: ignore[arg-type]
    return SlackListeners(
        Conversations(brain, MemoryStore()), metrics, poster, LocalDelivery(metrics),
        learning=Learning(WatchedJournal(timeline)),
    )  # fmt: skip


def feedback_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in blocks if str(b.get("block_id", "")).startswith("feedback")]


def test_an_answer_is_posted_before_it_is_recorded_and_the_ack_path_records_nothing(
    brain: Brain,
) -> None:
    timeline = Timeline()
    listeners = listeners_with(brain, timeline)
    client = listeners.poster.client
    event = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1.0",
             "text": "what is flask?"}  # fmt: skip
    body = {"type": "event_callback", "event_id": "Ev1", "team_id": "T1", "event": event}

    async def scenario() -> None:
        await listeners.accept_event(body)  # what happens before the ack
        assert timeline.events == []  # acknowledged: nothing recorded, nothing answered yet
        await listeners.answer_event(Job("Ev1", body))  # the delivery's handler

    asyncio.run(scenario())
    assert timeline.events == ["post", "record"]
    [post] = client.posts  # type: ignore[attr-defined]
    [buttons] = feedback_blocks(post["blocks"])
    assert buttons["block_id"] == "feedback|1.0"


def test_compare_commands_carry_feedback_and_a_dialogue_question_does_not(brain: Brain) -> None:
    timeline = Timeline()
    listeners = listeners_with(brain, timeline)
    compare, recommend = Respond(timeline), Respond(timeline)
    command = {"text": "django flask performance", "team_id": "T1", "channel_id": "C1",
               "user_id": "U1", "trigger_id": "trig"}  # fmt: skip

    async def scenario() -> None:
        await listeners.on_compare(ack, command, compare)
        await listeners.on_recommend(ack, command, recommend)

    asyncio.run(scenario())
    assert timeline.events == ["respond", "record", "respond", "record"]
    assert len(feedback_blocks(compare.calls[0]["blocks"])) == 1
    assert feedback_blocks(recommend.calls[0]["blocks"]) == []


def test_a_rating_of_an_ephemeral_answer_is_thanked_beside_it(brain: Brain) -> None:
    """Slack sends no message with a click on an ephemeral answer (/compare): the thanks
    goes through response_url, and the rating still counts once per person."""
    timeline = Timeline()
    listeners = listeners_with(brain, timeline)
    compare = Respond(timeline)
    command = {"text": "django flask", "team_id": "T1", "channel_id": "C1", "user_id": "U1"}
    thanks = Respond(timeline)

    async def scenario() -> None:
        await listeners.on_compare(ack, command, compare)
        [buttons] = feedback_blocks(compare.calls[0]["blocks"])
        down = buttons["elements"][1]
        container = {"type": "message", "is_ephemeral": True, "channel_id": "C1"}
        body = {"type": "block_actions", "user": {"id": "U1"}, "response_url": "https://x",
                "container": container}  # fmt: skip
        for _ in range(2):
            await listeners.feedback.on_click(ack, body, down, thanks, Client(timeline))  # type: ignore[arg-type]

    asyncio.run(scenario())
    assert [call["text"] for call in thanks.calls] == [
        "👎 Thanks for the feedback: it helps improve the answers."
    ] * 2
    assert all(call["replace_original"] is False for call in thanks.calls)
    today = day_of(time.time())
    assert listeners.learning.journal.counts(today, today)["rating:down"] == 1
