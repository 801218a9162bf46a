"""The Slack listeners in-process: Bolt's arguments faked, the brain and a memory store real.

Each test runs one asyncio scenario; what the bot sends to Slack is recorded, never timed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from slack_bolt.response import BoltResponse

from bot.brain import Brain
from bot.conversations import Conversations
from bot.metrics import Metrics
from bot.render.blocks import fallback_text
from bot.slack.app import EVENT_SEEN_TTL_SECONDS, SlackListeners, _with_thread
from bot.slack.draining import drain
from bot.store import ConversationKey, StoreUnavailableError
from bot.store.memory import MemoryStore

T = TypeVar("T")
THREAD = "1700000000.000100"


def run(scenario: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(scenario)


@dataclass
class FakeClient:
    """The slice of AsyncWebClient the listeners use, recording each call."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    fail: bool = False

    async def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:  # noqa: N802
        if self.fail:
            raise RuntimeError("Slack is down")
        self.posts.append(kwargs)
        return {"ok": True}

    async def views_publish(self, **kwargs: Any) -> dict[str, Any]:
        if self.fail:
            raise RuntimeError("Slack is down")
        self.views.append(kwargs)
        return {"ok": True}


def fake_client(fail: bool = False) -> Any:
    """A FakeClient where the listeners expect an AsyncWebClient."""
    return FakeClient(fail=fail)


@dataclass
class Recorder:
    """`ack` or `respond`: records the keyword arguments of every call."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


class DownStore(MemoryStore):
    def add(self, key: str, state: dict[str, Any], ttl_seconds: float) -> bool:
        raise StoreUnavailableError("down")


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def listeners(brain: Brain, store: MemoryStore) -> SlackListeners:
    return SlackListeners(Conversations(brain, store), Metrics())


def metric(listeners: SlackListeners, name: str, **labels: str) -> float:
    value = listeners.metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def thread_tags(blocks: list[dict[str, Any]]) -> set[str]:
    return {b["block_id"].partition("|")[2] for b in blocks if b["type"] == "actions"}


def click_body(channel: str | None = "C1") -> dict[str, Any]:
    body: dict[str, Any] = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"}}
    if channel is not None:
        body["channel"] = {"id": channel}
        body["response_url"] = "https://hooks.example/x"
    return body


def suggestion(value: str, thread: str) -> dict[str, Any]:
    return {"action_id": "suggestion_0", "block_id": f"suggestions|{thread}", "value": value}


# --- clicks -------------------------------------------------------------------------------


def test_a_click_in_a_thread_is_answered_in_that_thread_and_its_conversation(
    listeners: SlackListeners,
) -> None:
    client, ack, respond = fake_client(), Recorder(), Recorder()
    key = ConversationKey("T1", "C1", THREAD, "U1")
    listeners.conversations.handle(key, "django vs flask")  # the thread's earlier turn

    async def scenario() -> None:
        action = suggestion("what about performance?", THREAD)
        await listeners.on_click(ack, click_body(), action, respond, client)

    run(scenario())
    assert ack.calls == [{}]
    assert respond.calls == []
    [post] = client.posts
    assert (post["channel"], post["thread_ts"]) == ("C1", THREAD)
    assert post["text"] == "Django vs Flask on performance"  # the thread's context carried on
    assert thread_tags(post["blocks"]) == {THREAD}
    assert post["unfurl_links"] is False and post["unfurl_media"] is False
    assert metric(listeners, "fwbot_intents_total", intent="compare") == 1


def test_a_click_outside_a_thread_or_in_app_home_is_answered_where_it_was_made(
    listeners: SlackListeners,
) -> None:
    client = fake_client()

    async def scenario() -> None:
        dm = suggestion("what is flask", "dm")
        await listeners.on_click(Recorder(), click_body("D1"), dm, Recorder(), client)
        home = suggestion("what is fastapi", "home")
        await listeners.on_click(Recorder(), click_body(None), home, Recorder(), client)

    run(scenario())
    in_dm, from_home = client.posts
    assert (in_dm["channel"], in_dm["thread_ts"]) == ("D1", None)
    assert thread_tags(in_dm["blocks"]) <= {"dm"}
    assert "Flask" in in_dm["text"]
    assert (from_home["channel"], from_home["thread_ts"]) == ("U1", None)  # the person's DM
    assert "FastAPI" in from_home["text"]


def test_a_dialogue_option_click_replaces_the_question_it_answers(
    listeners: SlackListeners,
) -> None:
    client, first, second = fake_client(), Recorder(), Recorder()
    command = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "trigger_id": "trig-123"}

    async def scenario() -> None:
        await listeners.on_recommend(Recorder(), command, first)
        [actions] = [b for b in first.calls[0]["blocks"] if b["type"] == "actions"]
        button = actions["elements"][0]
        action = {**button, "block_id": actions["block_id"]}
        await listeners.on_click(Recorder(), click_body(), action, second, client)

    run(scenario())
    assert client.posts == []
    [reply] = second.calls
    assert reply["replace_original"] is True
    assert reply["text"].startswith("Question 2 of")
    assert thread_tags(reply["blocks"]) == {"recommend-trig-123"}


# --- slash commands -----------------------------------------------------------------------


def test_recommend_is_answered_only_to_the_person_who_asked(listeners: SlackListeners) -> None:
    ack, respond = Recorder(), Recorder()
    command = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "trigger_id": "t" * 40}
    run(listeners.on_recommend(ack, command, respond))
    assert ack.calls == [{}]
    [reply] = respond.calls
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Question 1 of")
    assert thread_tags(reply["blocks"]) == {"recommend-" + "t" * 24}
    saved = listeners.store.get(str(ConversationKey("T1", "C1", "recommend-" + "t" * 24, "U1")))
    assert saved is not None and saved["dialogue"]["pending"]


@pytest.mark.parametrize(
    ("text", "response_type", "title"),
    [
        ("django fastapi performance", "ephemeral", "Django vs FastAPI on performance"),
        ("django vs flask public", "in_channel", "Django vs Flask"),
    ],
)
def test_compare_is_private_unless_public(
    listeners: SlackListeners, text: str, response_type: str, title: str
) -> None:
    ack, respond = Recorder(), Recorder()
    run(listeners.on_compare(ack, {"text": text}, respond))
    assert ack.calls == [{}]
    [reply] = respond.calls
    assert (reply["response_type"], reply["text"]) == (response_type, title)
    assert reply["blocks"][0]["type"] == "header"


def test_compare_that_does_not_parse_gets_the_usage_privately(listeners: SlackListeners) -> None:
    respond = Recorder()
    run(listeners.on_compare(Recorder(), {"text": "django <!channel>"}, respond))
    [reply] = respond.calls
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Usage: /compare")
    assert set(reply) == {"text", "response_type"}


# --- events -------------------------------------------------------------------------------


def test_mentions_and_dms_are_answered_where_they_were_asked_and_the_rest_ignored(
    listeners: SlackListeners,
) -> None:
    client = fake_client()
    body = {"team_id": "T1"}
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "4.0"}

    async def scenario() -> None:
        mention = {"channel": "C1", "user": "U1", "ts": "2.0", "text": "<@UBOT> what is flask"}
        await listeners.on_mention(mention, body, client)
        await listeners.on_mention({**mention, "thread_ts": "1.0", "text": "hi"}, body, client)
        await listeners.on_mention({**mention, "bot_id": "B2"}, body, client)
        await listeners.on_message({**dm, "text": "what is django"}, body, client)
        await listeners.on_message({**dm, "thread_ts": "3.0", "text": "thanks"}, body, client)
        for ignored in (
            {**dm, "bot_id": "BOTHER", "text": "flask?"},
            {**dm, "bot_profile": {"id": "B3"}, "text": "flask?"},
            {**dm, "subtype": "bot_message", "text": "flask?"},
            {**dm, "subtype": "message_changed", "message": {"text": "edited"}},
            {**dm, "channel_type": "channel", "channel": "C1", "text": "flask?"},
        ):
            await listeners.on_message(ignored, body, client)
        await listeners.drain(10)

    run(scenario())
    where = sorted((p["channel"], p["thread_ts"] or "") for p in client.posts)
    assert where == [("C1", "1.0"), ("C1", "2.0"), ("D1", ""), ("D1", "3.0")]
    texts = {p["thread_ts"]: p["text"] for p in client.posts}
    assert "Flask" in texts["2.0"] and "Django" in texts[None]
    stored = listeners.store.get(str(ConversationKey("T1", "D1", "dm", "U1")))
    assert stored is not None and stored["context"]["frameworks"] == ["django"]
    assert listeners.store.get(str(ConversationKey("T1", "C1", "2.0", "U1"))) is not None


def test_the_team_comes_from_the_body_or_else_the_event(listeners: SlackListeners) -> None:
    client = fake_client()
    event = {"channel": "C1", "ts": "5.0", "text": "django vs flask", "team": "T9", "user": "U1"}

    async def scenario() -> None:
        await listeners.on_mention(event, {}, client)
        await listeners.on_mention({**event, "ts": "6.0", "user": None}, {}, client)
        await listeners.drain(10)

    run(scenario())
    assert listeners.store.get(str(ConversationKey("T9", "C1", "5.0", "U1"))) is not None
    assert listeners.store.get(str(ConversationKey("T9", "C1", "6.0", "-"))) is None


def test_a_failing_post_is_logged_and_counted_not_raised(
    listeners: SlackListeners, caplog: pytest.LogCaptureFixture
) -> None:
    client = fake_client(fail=True)

    async def scenario() -> None:
        event = {"channel": "C1", "user": "U1", "ts": "2.0", "text": "what is flask"}
        await listeners.on_mention(event, {"team_id": "T1"}, client)
        await listeners.drain(10)

    with caplog.at_level(logging.ERROR):
        run(scenario())
    assert "chat.postMessage failed" in caplog.text
    assert metric(listeners, "fwbot_intents_total", intent="describe") == 1


def test_answering_work_that_fails_is_counted_and_the_workers_go_on(
    listeners: SlackListeners, caplog: pytest.LogCaptureFixture
) -> None:
    done: list[int] = []

    async def broken() -> None:
        raise RuntimeError("boom")

    async def fine(n: int) -> None:
        done.append(n)

    async def scenario() -> None:
        for _ in range(5):
            listeners.later(broken())
        for n in range(5):
            listeners.later(fine(n))
        await listeners.drain(10)

    with caplog.at_level(logging.ERROR):
        run(scenario())
    assert sorted(done) == [0, 1, 2, 3, 4]
    assert metric(listeners, "fwbot_errors_total", where="answer") == 5
    assert "answering failed" in caplog.text


def test_app_home_shows_the_help_with_its_buttons_tagged(listeners: SlackListeners) -> None:
    client = fake_client()

    async def scenario() -> None:
        await listeners.on_home({"user": "U1", "tab": "home"}, client)
        await listeners.on_home({"user": "U1"}, client)
        await listeners.on_home({"user": "U1", "tab": "messages"}, client)

    run(scenario())
    assert [v["user_id"] for v in client.views] == ["U1", "U1"]
    view = client.views[0]["view"]
    assert view["type"] == "home"
    assert thread_tags(view["blocks"]) == {"home"}


def test_a_failing_app_home_publish_is_logged(
    listeners: SlackListeners, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        run(listeners.on_home({"user": "U1", "tab": "home"}, fake_client(fail=True)))
    assert "views.publish failed" in caplog.text


# --- de-duplication and counting --------------------------------------------------------


def test_each_event_is_answered_once_and_every_request_is_counted(
    listeners: SlackListeners, store: MemoryStore
) -> None:
    passed: list[str] = []

    def onward(name: str) -> Callable[[], Awaitable[None]]:
        async def next_() -> None:
            passed.append(name)

        return next_

    async def scenario() -> list[BoltResponse | None]:
        event = {"type": "event_callback", "event_id": "Ev1"}
        return [
            await listeners.answer_each_event_once(event, onward("first")),
            await listeners.answer_each_event_once(event, onward("again")),
            await listeners.answer_each_event_once({**event, "event_id": "Ev2"}, onward("other")),
            await listeners.answer_each_event_once({"type": "event_callback"}, onward("no id")),
            await listeners.answer_each_event_once({"command": "/compare"}, onward("cmd")),
            await listeners.answer_each_event_once({"type": "block_actions"}, onward("click")),
            await listeners.answer_each_event_once({"type": "view_submission"}, onward("view")),
            await listeners.answer_each_event_once({}, onward("unknown")),
        ]

    results = run(scenario())
    assert passed == ["first", "other", "no id", "cmd", "click", "view", "unknown"]
    duplicate = results[1]
    assert isinstance(duplicate, BoltResponse) and (duplicate.status, duplicate.body) == (200, "")
    assert [r for i, r in enumerate(results) if i != 1] == [None] * 7
    assert store.get("fwbot:event:Ev1") == {"seen": True}
    counts = {
        kind: metric(listeners, "fwbot_requests_total", kind=kind)
        for kind in ("event", "command", "action", "view_submission", "unknown")
    }
    assert counts == {"event": 4, "command": 1, "action": 1, "view_submission": 1, "unknown": 1}


def test_an_event_seen_is_remembered_for_an_hour(listeners: SlackListeners) -> None:
    now = [1000.0]
    listeners.store = MemoryStore(clock=lambda: now[0])

    async def seen_first(event_id: str) -> bool:
        return await listeners._first_time(f"fwbot:event:{event_id}")

    assert run(seen_first("Ev1"))
    now[0] += EVENT_SEEN_TTL_SECONDS - 1
    assert not run(seen_first("Ev1"))
    now[0] += 1
    assert run(seen_first("Ev1"))
    assert EVENT_SEEN_TTL_SECONDS == 3600


def test_de_duplication_uses_a_thread_for_a_blocking_store(brain: Brain, tmp_path: Any) -> None:
    from bot.store.sqlite import SQLiteStore  # noqa: PLC0415

    listeners = SlackListeners(Conversations(brain, SQLiteStore(tmp_path / "s.db")), Metrics())
    client = fake_client()

    async def scenario() -> list[bool]:
        seen = [await listeners._first_time("fwbot:event:E") for _ in range(2)]
        event = {"channel": "C1", "user": "U1", "ts": "2.0", "text": "what is flask"}
        await listeners.on_mention(event, {"team_id": "T1"}, client)
        await listeners.drain(10)
        return seen

    assert run(scenario()) == [True, False]
    [post] = client.posts
    assert "Flask" in post["text"]
    assert listeners.store.get(str(ConversationKey("T1", "C1", "2.0", "U1"))) is not None


def test_an_unreachable_store_lets_every_event_through(brain: Brain) -> None:
    listeners = SlackListeners(Conversations(brain, DownStore()), Metrics())
    passed: list[int] = []

    async def next_() -> None:
        passed.append(1)

    async def scenario() -> None:
        for _ in range(2):
            event = {"type": "event_callback", "event_id": "Ev1"}
            assert await listeners.answer_each_event_once(event, next_) is None

    run(scenario())
    assert passed == [1, 1]  # better a rare duplicate than a lost answer


def test_listener_errors_are_counted_and_logged(
    listeners: SlackListeners, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        run(listeners.on_error(ValueError("bad"), {"type": "block_actions"}))
    assert metric(listeners, "fwbot_errors_total", where="listener") == 1
    [record] = caplog.records
    assert record.getMessage() == "Slack listener failed"
    assert record.payload_type == "block_actions"  # type: ignore[attr-defined]
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "bad"


# --- shutdown -----------------------------------------------------------------------------


async def _yields(done: list[int], n: int) -> None:
    for _ in range(5):  # needs a few turns of the loop: unfinished unless someone waits
        await asyncio.sleep(0)
    done.append(n)


def test_drain_waits_for_the_queued_answers(listeners: SlackListeners) -> None:
    done: list[int] = []

    async def scenario() -> None:
        for n in range(12):  # more than there are workers
            listeners.later(_yields(done, n))
        await listeners.drain(10)
        assert listeners._workers == []

    run(scenario())
    assert sorted(done) == list(range(12))


def test_drain_gives_up_after_its_time_and_stops_the_workers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> tuple[list[asyncio.Task[None]], int]:
        queue: asyncio.Queue[int] = asyncio.Queue()
        blocked = asyncio.Event()

        async def worker() -> None:
            while True:
                await queue.get()
                await blocked.wait()  # never set: the work can't finish

        workers = [asyncio.create_task(worker()) for _ in range(2)]
        for n in range(5):
            queue.put_nowait(n)
        await drain(queue, workers, 0.05, "answers")
        return workers, queue.qsize()

    with caplog.at_level(logging.WARNING):
        workers, left = run(scenario())
    assert all(w.cancelled() for w in workers)
    assert left == 3
    [record] = caplog.records
    assert record.getMessage() == "shutdown: answers left unfinished"
    assert record.count == 3  # type: ignore[attr-defined]


def test_payloads_missing_optional_fields_still_get_answers_under_fallback_keys(
    listeners: SlackListeners, brain: Brain
) -> None:
    client, usage, recommend, clicked = fake_client(), Recorder(), Recorder(), Recorder()

    async def scenario() -> None:
        await listeners.on_message({"channel_type": "im", "channel": "D1"}, {}, client)
        await listeners.on_mention({"channel": "C1", "ts": "8.0"}, {}, client)
        await listeners.on_compare(Recorder(), {}, usage)
        await listeners.on_recommend(Recorder(), {}, recommend)
        action = {"action_id": "suggestion_0"}
        body = {"user": {"id": "U1"}, "channel": {"id": "C1"}}
        await listeners.on_click(Recorder(), body, action, clicked, client)
        await listeners.drain(10)

    run(scenario())
    empty = fallback_text(brain.handle("").answer)
    assert [p["text"] for p in client.posts] == [empty, empty, empty]
    store = listeners.store
    for key in (
        ConversationKey("-", "D1", "dm", "-"),
        ConversationKey("-", "C1", "8.0", "-"),
        ConversationKey("-", "-", "recommend-", "-"),
        ConversationKey("-", "C1", "-", "U1"),
    ):
        assert store.get(str(key)) is not None, key
    assert usage.calls[0]["text"].startswith("Usage: /compare")
    assert recommend.calls[0]["text"].startswith("Question 1 of")
    where = sorted((p["channel"], p["thread_ts"] or "none") for p in client.posts)
    assert where == [("C1", "8.0"), ("C1", "none"), ("D1", "none")]  # "-" is not a thread


def test_a_blocking_store_keeps_the_conversation_and_times_each_reply(
    brain: Brain, tmp_path: Any
) -> None:
    from bot.store.sqlite import SQLiteStore  # noqa: PLC0415

    store = SQLiteStore(tmp_path / "s.db")
    listeners = SlackListeners(Conversations(brain, store), Metrics())
    key = ConversationKey("T1", "C1", "1.0", "U1")

    async def scenario() -> list[str]:
        first = await listeners.handle(key, "django vs flask")
        second = await listeners.handle(key, "what about performance?")
        return [fallback_text(first.answer), fallback_text(second.answer)]

    assert run(scenario()) == ["Django vs Flask", "Django vs Flask on performance"]
    assert run(listeners._first_time("fwbot:event:E9"))
    assert store.get("fwbot:event:E9") == {"seen": True}
    seconds = metric(listeners, "fwbot_reply_seconds_sum")
    assert 0 < seconds < 5
    assert metric(listeners, "fwbot_reply_seconds_count") == 2


def test_drain_gives_up_on_answers_that_never_finish(
    listeners: SlackListeners, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        never = asyncio.Event()

        async def stuck() -> None:
            await never.wait()

        listeners.later(stuck())
        await listeners.drain(0.05)
        assert listeners._workers == []

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert [r.getMessage() for r in caplog.records] == ["shutdown: answers left unfinished"]


def test_other_bots_and_only_events_api_deliveries_are_de_duplicated(
    listeners: SlackListeners,
) -> None:
    client = fake_client()
    passed: list[int] = []

    async def next_() -> None:
        passed.append(1)

    async def scenario() -> None:
        event = {"channel": "C1", "user": "U2", "ts": "2.0", "text": "what is flask"}
        await listeners.on_mention({**event, "subtype": "bot_message"}, {}, client)
        await listeners.drain(10)
        for _ in range(2):
            await listeners.answer_each_event_once(
                {"type": "block_actions", "event_id": "X"}, next_
            )

    run(scenario())
    assert client.posts == []
    assert passed == [1, 1]


def test_action_blocks_are_tagged_with_their_thread() -> None:
    blocks = [
        {"type": "section", "block_id": "s"},
        {"type": "actions", "block_id": "dialogue"},
        {"type": "actions"},
    ]
    assert _with_thread(blocks, "1.0") == [
        {"type": "section", "block_id": "s"},
        {"type": "actions", "block_id": "dialogue|1.0"},
        {"type": "actions", "block_id": "actions|1.0"},
    ]
