"""The listeners in-process: what learning adds happens after the answer is sent, never on
the path that acknowledges Slack; factual answers carry 👍 / 👎, questions asked back don't."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.brain import Brain
from bot.conversations import Conversations
from bot.learning.buttons import THANKS, thanked
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
        container = {"type": "message", "is_ephemeral": True, "channel_id": "C1",
                     "message_ts": "9.0"}  # fmt: skip
        body = {"type": "block_actions", "user": {"id": "U1"}, "response_url": "https://x",
                "container": container}  # fmt: skip
        for _ in range(2):
            await listeners.feedback.on_click(ack, body, down, thanks, Client(timeline))  # type: ignore[arg-type]

    asyncio.run(scenario())
    assert [call["text"] for call in thanks.calls] == [
        "👎 Thanks for the feedback: it helps improve the answers."
    ] * 2
    assert all(call["replace_original"] is False for call in thanks.calls)
    assert all(call["response_type"] == "ephemeral" for call in thanks.calls)
    today = day_of(time.time())
    assert listeners.learning.journal.counts(today, today)["rating:down"] == 1


@dataclass
class Updates:
    """The Web API client a click listener gets: records chat.update; can fail it."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    fail: bool = False

    async def chat_update(self, **kwargs: Any) -> dict[str, Any]:
        if self.fail:
            raise RuntimeError("Slack is down")
        self.calls.append(kwargs)
        return {"ok": True}


@pytest.mark.parametrize("blocking", [True, False], ids=["blocking journal", "in memory"])
def test_ratings_of_a_posted_answer_count_once_per_person_and_turn_its_buttons_into_thanks(
    brain: Brain, *, blocking: bool
) -> None:
    timeline = Timeline()
    listeners = listeners_with(brain, timeline)
    if not blocking:
        listeners.feedback.learning = listeners.learning = Learning(MemoryJournal())
    answered = Respond(timeline)
    command = {"text": "django flask", "team_id": "T1", "channel_id": "C1", "user_id": "U1"}
    client, thanks = Updates(), Respond(timeline)

    async def scenario() -> list[dict[str, Any]]:
        await listeners.on_compare(ack, command, answered)
        blocks: list[dict[str, Any]] = answered.calls[0]["blocks"]
        [buttons] = feedback_blocks(blocks)
        up, down = ({**e, "block_id": buttons["block_id"]} for e in buttons["elements"])
        message = {"ts": "9.0", "text": "Django vs Flask", "blocks": blocks}
        posted = {"type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "C1"},
                  "message": message}  # fmt: skip
        # Another person's click: only the container says where; no fallback text.
        other = {"type": "block_actions", "user": {"id": "U2"},
                 "container": {"channel_id": "C2", "message_ts": "8.0"},
                 "message": {"blocks": blocks}}  # fmt: skip
        on_click = listeners.feedback.on_click
        await on_click(ack, posted, up, thanks, client)  # type: ignore[arg-type]
        await on_click(ack, posted, down, thanks, client)  # type: ignore[arg-type]  # changed mind
        await on_click(ack, other, down, thanks, client)  # type: ignore[arg-type]
        for ignored in (
            {**up, "value": '{"a": "forged"}'},
            {key: value for key, value in up.items() if key != "value"},
        ):
            await on_click(ack, posted, ignored, thanks, client)  # type: ignore[arg-type]
        for nobody in ({}, {"id": ""}, {"id": 7}):
            await on_click(ack, {**posted, "user": nobody}, up, thanks, client)  # type: ignore[arg-type]
        # Blocks, but nothing says where the message is: thanked beside it.
        nowhere = {"type": "block_actions", "user": {"id": "U3"}, "message": {"blocks": blocks},
                   "response_url": "https://hooks.example/x"}  # fmt: skip
        await on_click(ack, nowhere, up, thanks, client)  # type: ignore[arg-type]
        return blocks

    blocks = asyncio.run(scenario())
    assert client.calls == [
        {"channel": "C1", "ts": "9.0", "text": "Django vs Flask", "blocks": thanked(blocks, True)},
        {"channel": "C1", "ts": "9.0", "text": "Django vs Flask", "blocks": thanked(blocks, False)},
        {"channel": "C2", "ts": "8.0", "text": THANKS[False], "blocks": thanked(blocks, False)},
    ]
    assert [call["text"] for call in thanks.calls] == [THANKS[True]]
    today = day_of(time.time())
    counts = listeners.learning.journal.counts(today, today)
    assert (counts.get("rating:up"), counts.get("rating:down")) == (2, 1)


def test_a_thank_you_that_fails_is_logged_not_raised(
    brain: Brain, caplog: pytest.LogCaptureFixture
) -> None:
    timeline = Timeline()
    listeners = listeners_with(brain, timeline)
    answered = Respond(timeline)
    command = {"text": "django flask", "team_id": "T1", "channel_id": "C1", "user_id": "U1"}

    async def scenario() -> None:
        await listeners.on_compare(ack, command, answered)
        blocks = answered.calls[0]["blocks"]
        [buttons] = feedback_blocks(blocks)
        body = {"type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "C1"},
                "message": {"ts": "9.0", "text": "x", "blocks": blocks}}  # fmt: skip
        up = {**buttons["elements"][0], "block_id": buttons["block_id"]}
        await listeners.feedback.on_click(ack, body, up, Respond(timeline), Updates(fail=True))  # type: ignore[arg-type]

    with caplog.at_level(logging.ERROR):
        asyncio.run(scenario())
    [record] = caplog.records
    assert record.getMessage() == "thanking for feedback failed"
    assert record.channel == "C1"  # type: ignore[attr-defined]
