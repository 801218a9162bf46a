"""The Slack listeners in-process: Bolt's arguments and the Web API faked, the brain, the
delivery and a memory store real.

Events are handed over as the delivery hands them (`answer_event(Job)`), commands and
clicks as Bolt calls them (`on_compare(ack, command, respond)`, `on_click(ack, body,
respond)`). What the bot sends to Slack is recorded, never timed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from slack_sdk.errors import SlackApiError

from bot.brain import Brain
from bot.conversations import Conversations
from bot.learning.journal_memory import MemoryJournal
from bot.learning.recorder import Learning, Note
from bot.metrics import Metrics
from bot.render.blocks import fallback_text
from bot.settings import LearningSettings
from bot.slack.app import ANSWER_EVENT_TYPE, SlackListeners, _with_thread, interactive_problem
from bot.slack.delivery import EVENT_SEEN_TTL_SECONDS, Job, LocalDelivery
from bot.slack.posting import Poster, PostingPolicy
from bot.store import ConversationKey, ConversationStore, StoreUnavailableError
from bot.store.memory import MemoryStore
from bot.store.sqlite import SQLiteStore

T = TypeVar("T")
THREAD = "1700000000.000100"


def run(scenario: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(scenario)


class Refusal(dict[str, Any]):
    """A Web API error answer, as a SlackApiError carries it."""

    def __init__(self, error: str, status_code: int = 200) -> None:
        super().__init__(ok=False, error=error)
        self.status_code = status_code
        self.headers: dict[str, str] = {}


def refused(error: str) -> SlackApiError:
    """What slack_sdk raises when the Web API answers {"ok": false, "error": error}."""
    return SlackApiError(error, Refusal(error))  # type: ignore[no-untyped-call]


@dataclass
class FakeClient:
    """The slice of AsyncWebClient the Poster and the listeners use (`api_call`): records
    posts and App Home views, and answers history reads with what it was sent. A method
    can be made to fail: with an error name (Slack's answer) or any exception."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[str | Exception]] = field(default_factory=dict)
    history_error: str | None = None
    history_hangs: bool = False
    answers_lost_on_the_way_back: int = 0  # posted, but the call times out all the same

    def fail(self, method: str, *failures: str | Exception) -> None:
        self.failures.setdefault(method, []).extend(failures)

    async def api_call(
        self, method: str, json: dict[str, Any] | None = None, data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        arguments = json or data or {}
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            if isinstance(failure, Exception):
                raise failure
            raise refused(failure)
        if method == "chat.postMessage":
            self.posts.append(arguments)
            if self.answers_lost_on_the_way_back:
                self.answers_lost_on_the_way_back -= 1
                raise TimeoutError
        elif method == "views.publish":
            self.views.append(arguments)
        elif method in ("conversations.replies", "conversations.history"):
            if self.history_error:
                raise refused(self.history_error)
            if self.history_hangs:
                await asyncio.Event().wait()
            return {"ok": True, "messages": self._history(method, arguments)}
        return {"ok": True}

    def _history(self, method: str, arguments: dict[str, Any]) -> list[dict[str, Any]]:
        """As Slack answers: a thread's replies (`ts` required), or a channel's messages
        outside threads since `oldest` (required here; these posts carry no ts to compare it
        with); message metadata only when asked for."""
        posts = [p for p in self.posts if p["channel"] == arguments["channel"]]
        if method == "conversations.replies":
            posts = [p for p in posts if p.get("thread_ts") == arguments["ts"]]
        else:
            float(arguments["oldest"])
            posts = [p for p in posts if p.get("thread_ts") is None]
        metadata = arguments.get("include_all_metadata") == "true"
        return [{"text": p["text"], **({"metadata": p.get("metadata")} if metadata else {})}
                for p in posts]  # fmt: skip


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
def client() -> FakeClient:
    return FakeClient()


def listeners_on(brain: Brain, store: ConversationStore, client: FakeClient) -> SlackListeners:
    """SlackListeners as `fwbot serve` builds them, posting through `client`."""
    metrics = Metrics()
    poster = Poster(client, metrics, PostingPolicy())  # type: ignore[arg-type]
    return SlackListeners(Conversations(brain, store), metrics, poster, LocalDelivery(metrics))


@pytest.fixture
def listeners(brain: Brain, store: MemoryStore, client: FakeClient) -> SlackListeners:
    return listeners_on(brain, store, client)


@pytest.fixture
def event_ids() -> Iterator[str]:
    return (f"Ev{n}" for n in itertools.count())


def job(
    event: dict[str, Any],
    event_id: str,
    team: str | None = "T1",
    *,
    deduplicated: bool = False,
    redelivered: bool = False,
) -> Job:
    """An accepted event as the delivery hands it to `answer_event`."""
    body: dict[str, Any] = {"type": "event_callback", "event_id": event_id, "event": event}
    if team is not None:
        body["team_id"] = team
    return Job(event_id, body, deduplicated=deduplicated, redelivered=redelivered)


def mention(text: str, ts: str, **fields: Any) -> dict[str, Any]:
    return {"type": "app_mention", "channel": "C1", "user": "U1", "ts": ts, "text": text,
            **fields}  # fmt: skip


def metric(listeners: SlackListeners, name: str, **labels: str) -> float:
    value = listeners.metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def thread_tags(blocks: list[dict[str, Any]]) -> set[str]:
    return {b["block_id"].partition("|")[2] for b in blocks if b["type"] == "actions"}


def click_body(action: dict[str, Any], channel: str | None = "C1") -> dict[str, Any]:
    body: dict[str, Any] = {"type": "block_actions", "team": {"id": "T1"},
                            "user": {"id": "U1"}, "actions": [action]}  # fmt: skip
    if channel is not None:
        body["channel"] = {"id": channel}
        body["response_url"] = "https://hooks.example/x"
    return body


def suggestion(value: str, thread: str) -> dict[str, Any]:
    return {"action_id": "suggestion_0", "block_id": f"suggestions|{thread}", "value": value}


# --- clicks -------------------------------------------------------------------------------


def test_a_click_in_a_thread_is_answered_in_that_thread_and_its_conversation(
    listeners: SlackListeners, client: FakeClient
) -> None:
    ack, respond = Recorder(), Recorder()
    key = ConversationKey("T1", "C1", THREAD, "U1")
    listeners.conversations.handle(key, "django vs flask")  # the thread's earlier turn
    body = click_body(suggestion("what about performance?", THREAD))
    run(listeners.on_click(ack, body, respond))
    assert ack.calls == [{}]
    assert respond.calls == []
    [post] = client.posts
    assert (post["channel"], post["thread_ts"]) == ("C1", THREAD)
    assert post["text"] == "Django vs Flask on performance"  # the thread's context carried on
    assert thread_tags(post["blocks"]) == {THREAD}
    assert post["unfurl_links"] is False and post["unfurl_media"] is False
    assert metric(listeners, "fwbot_intents_total", intent="compare") == 1


def test_the_more_button_pages_the_threads_last_answer(
    listeners: SlackListeners, client: FakeClient
) -> None:
    async def scenario() -> None:
        await listeners.answer_event(job(mention("<@UBOT> how do i deploy flask?", THREAD), "EvM"))
        [answer] = client.posts
        [buttons] = [b for b in answer["blocks"] if b.get("block_id", "").startswith("suggestions")]
        [more] = [e for e in buttons["elements"] if e["value"] == "more"]
        assert more["text"]["text"] == "More on this"
        action = {**more, "block_id": buttons["block_id"]}
        await listeners.on_click(Recorder(), click_body(action), Recorder())

    run(scenario())
    first, more = client.posts
    assert (more["channel"], more["thread_ts"]) == ("C1", THREAD)
    assert more["text"] == "Flask: more on deployment and servers"
    said = [json.dumps(post["blocks"]) for post in (first, more)]
    assert "WSGI servers Gunicorn" in said[0] and "WSGI servers Gunicorn" not in said[1]

    def sections(post: dict[str, Any]) -> set[str]:
        return {b["text"]["text"] for b in post["blocks"] if b.get("type") == "section"}

    # The next facts on the topic, none of the first page's.
    assert sections(more) and not sections(more) & sections(first)


def test_a_click_outside_a_thread_or_in_app_home_is_answered_where_it_was_made(
    listeners: SlackListeners, client: FakeClient
) -> None:
    async def scenario() -> None:
        dm = click_body(suggestion("what is flask", "dm"), channel="D1")
        await listeners.on_click(Recorder(), dm, Recorder())
        home = click_body(suggestion("what is fastapi", "home"), channel=None)
        await listeners.on_click(Recorder(), home, Recorder())

    run(scenario())
    in_dm, from_home = client.posts
    assert (in_dm["channel"], in_dm.get("thread_ts")) == ("D1", None)
    assert thread_tags(in_dm["blocks"]) <= {"dm"}
    assert "Flask" in in_dm["text"]
    assert (from_home["channel"], from_home.get("thread_ts")) == ("U1", None)  # the person's DM
    assert "FastAPI" in from_home["text"]


def test_a_dialogue_option_click_replaces_the_question_it_answers(
    listeners: SlackListeners, client: FakeClient
) -> None:
    first, second = Recorder(), Recorder()
    command = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "trigger_id": "trig-123"}

    async def scenario() -> None:
        await listeners.on_recommend(Recorder(), command, first)
        [actions] = [b for b in first.calls[0]["blocks"] if b["type"] == "actions"]
        button = actions["elements"][0]
        action = {**button, "block_id": actions["block_id"]}
        await listeners.on_click(Recorder(), click_body(action), second)

    run(scenario())
    assert client.posts == []
    [reply] = second.calls
    assert reply["replace_original"] is True
    assert reply["text"].startswith("Question 2 of")
    assert thread_tags(reply["blocks"]) == {"recommend-trig-123"}


def test_a_click_payload_that_cannot_be_answered_is_acked_and_ignored(
    listeners: SlackListeners, client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    ack, respond = Recorder(), Recorder()
    broken = click_body({"action_id": "suggestion_0", "value": 7})  # not a string
    with caplog.at_level(logging.WARNING):
        run(listeners.on_click(ack, broken, respond))
    assert ack.calls == [{}]  # Slack would only retry it
    assert (respond.calls, client.posts) == ([], [])
    [record] = caplog.records
    assert record.getMessage().startswith("interactive payload ignored: ")


def test_a_click_whose_answer_is_lost_is_counted_under_its_reason(
    listeners: SlackListeners, client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.fail("chat.postMessage", "channel_not_found")
    with caplog.at_level(logging.ERROR):
        run(listeners.on_click(Recorder(), click_body(suggestion("what is flask", THREAD)),
                               Recorder()))  # fmt: skip
    assert client.posts == []
    assert metric(listeners, "fwbot_answers_lost_total", reason="channel_not_found") == 1


def rateable(blocks: list[dict[str, Any]]) -> bool:
    return any(b.get("block_id", "").startswith("feedback|") for b in blocks)


def test_answers_to_clicks_carry_the_rating_buttons(
    listeners: SlackListeners, client: FakeClient
) -> None:
    """A suggestion's factual answer, and the recommendation a dialogue ends with."""
    command = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "trigger_id": "trig-9"}
    replies: list[dict[str, Any]] = []

    async def scenario() -> None:
        await listeners.on_click(Recorder(), click_body(suggestion("what is flask", THREAD)),
                                 Recorder())  # fmt: skip
        respond = Recorder()
        await listeners.on_recommend(Recorder(), command, respond)
        for _ in range(10):  # answer the first option of each question until it ends
            blocks = respond.calls[-1]["blocks"]
            options = [b for b in blocks if b["type"] == "actions" and
                       b["elements"][0]["action_id"].startswith("dialogue_option")]  # fmt: skip
            if not options:
                break
            action = {**options[0]["elements"][0], "block_id": options[0]["block_id"]}
            await listeners.on_click(Recorder(), click_body(action), respond)
        replies.extend(respond.calls)

    run(scenario())
    [post] = client.posts
    assert rateable(post["blocks"])
    assert not rateable(replies[0]["blocks"])  # a question
    assert replies[-1]["replace_original"] is True
    assert rateable(replies[-1]["blocks"])


def test_clicks_on_the_apps_own_buttons_are_the_only_ones_answered() -> None:
    def click(action_id: str) -> dict[str, Any]:
        return click_body({"action_id": action_id, "value": "v", "block_id": "b"})

    assert interactive_problem(click("suggestion_0")) is None
    assert interactive_problem(click("dialogue_option_2")) is None
    assert interactive_problem(click("feedback_up")) is None
    assert interactive_problem(click("x" * 50)) == f"click on an unknown action {'x' * 40!r}"
    assert interactive_problem({"type": "view_submission"}) == (
        "interactive payload of type view_submission is not handled"
    )


class NoteTaking(Learning):
    """Learning allowed to keep questions (FWBOT_KEEP_QUESTIONS=1) that also remembers the
    notes it records."""

    def __init__(self) -> None:
        super().__init__(MemoryJournal(), LearningSettings(keep_questions=True))
        self.recorded: list[Note] = []

    def record(self, note: Note) -> None:
        self.recorded.append(note)
        super().record(note)


def test_each_reply_notes_the_question_it_answered(
    brain: Brain, store: MemoryStore, client: FakeClient
) -> None:
    learning = NoteTaking()
    metrics = Metrics()
    poster = Poster(client, metrics, PostingPolicy())  # type: ignore[arg-type]
    listeners = SlackListeners(Conversations(brain, store), metrics, poster,
                               LocalDelivery(metrics), learning=learning)  # fmt: skip
    command = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "trigger_id": "t"}

    async def scenario() -> None:
        await listeners.on_compare(Recorder(), {"text": "django vs flask"}, Recorder())
        await listeners.on_recommend(Recorder(), command, Recorder())
        body = click_body(suggestion("what is flask", THREAD))
        await listeners.on_click(Recorder(), body, Recorder())
        await listeners.answer_event(job(mention("what is django", "9.0"), "EvQ"))

    run(scenario())
    questions = [note.question for note in learning.recorded]
    # /recommend asks nothing
    assert questions == ["django vs flask", None, "what is flask", "what is django"]


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
    listeners: SlackListeners, client: FakeClient, event_ids: Iterator[str]
) -> None:
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "4.0"}
    events = [
        mention("<@UBOT> what is flask", "2.0"),
        mention("hi", "2.5", thread_ts="1.0"),
        {**dm, "text": "what is django"},
        {**dm, "thread_ts": "3.0", "text": "thanks"},
    ]
    ignored = [
        mention("<@UBOT> flask?", "5.0", bot_id="B2"),
        mention("<@UBOT> flask?", "5.1", subtype="bot_message"),
        {**dm, "bot_id": "BOTHER", "text": "flask?"},
        {**dm, "bot_profile": {"id": "B3"}, "text": "flask?"},
        {**dm, "subtype": "bot_message", "text": "flask?"},
        {**dm, "subtype": "message_changed", "message": {"text": "edited"}},
        {**dm, "channel_type": "channel", "channel": "C1", "text": "flask?"},
        {"type": "reaction_added", "user": "U1", "reaction": "thumbsup"},
    ]

    async def scenario() -> None:
        for event in events + ignored:
            await listeners.answer_event(job(event, next(event_ids)))

    run(scenario())
    where = sorted((p["channel"], p.get("thread_ts") or "") for p in client.posts)
    assert where == [("C1", "1.0"), ("C1", "2.0"), ("D1", ""), ("D1", "3.0")]
    texts = {p.get("thread_ts"): p["text"] for p in client.posts}
    assert "Flask" in texts["2.0"] and "Django" in texts[None]
    stored = listeners.store.get(str(ConversationKey("T1", "D1", "dm", "U1")))
    assert stored is not None and stored["context"]["frameworks"] == ["django"]
    assert listeners.store.get(str(ConversationKey("T1", "C1", "2.0", "U1"))) is not None
    # Each answer names its event, so a replica taking the event over can find it posted.
    assert all(p["metadata"]["event_type"] == ANSWER_EVENT_TYPE for p in client.posts)


def test_the_team_comes_from_the_body_or_else_the_event(
    listeners: SlackListeners, event_ids: Iterator[str]
) -> None:
    event = mention("django vs flask", "5.0", team="T9")

    async def scenario() -> None:
        await listeners.answer_event(job(event, next(event_ids), team=None))
        no_user = {**event, "ts": "6.0", "user": None}
        await listeners.answer_event(job(no_user, next(event_ids), team=None))

    run(scenario())
    assert listeners.store.get(str(ConversationKey("T9", "C1", "5.0", "U1"))) is not None
    assert listeners.store.get(str(ConversationKey("T9", "C1", "6.0", "-"))) is not None


@pytest.mark.parametrize(
    ("failure", "reason", "logged"),
    [
        ("channel_not_found", "channel_not_found", "answer lost (channel_not_found)"),
        (RuntimeError("Slack is down"), "error", "answering failed"),
    ],
)
def test_a_failing_post_is_logged_and_counted_not_raised(
    listeners: SlackListeners,
    client: FakeClient,
    caplog: pytest.LogCaptureFixture,
    *,
    failure: str | Exception,
    reason: str,
    logged: str,
) -> None:
    client.fail("chat.postMessage", failure)
    with caplog.at_level(logging.ERROR):
        run(listeners.answer_event(job(mention("what is flask", "2.0"), "EvFail")))
    assert client.posts == []
    assert [r.getMessage() for r in caplog.records] == [logged]
    assert caplog.records[0].event_id == "EvFail"  # type: ignore[attr-defined]
    assert metric(listeners, "fwbot_answers_lost_total", reason=reason) == 1
    assert metric(listeners, "fwbot_intents_total", intent="describe") == 1  # it was answered
    # An answer never seen leaves the conversation as it was.
    assert listeners.store.get(str(ConversationKey("T1", "C1", "2.0", "U1"))) is None


def test_answers_that_fail_are_counted_and_the_delivery_goes_on(
    listeners: SlackListeners, client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.fail("chat.postMessage", *(RuntimeError("boom") for _ in range(5)))
    delivery = LocalDelivery(listeners.metrics, max_in_flight=2)

    async def scenario() -> None:
        async with delivery.running(listeners.answer_event, drain_seconds=10):
            for n in range(10):
                assert await delivery.accept(job(mention("what is flask", f"{n}.0"), f"Ev{n}"))

    with caplog.at_level(logging.ERROR):
        run(scenario())
    assert len(client.posts) == 5
    assert metric(listeners, "fwbot_errors_total", where="answer") == 5
    assert metric(listeners, "fwbot_answers_lost_total", reason="error") == 5
    assert caplog.text.count("answering failed") == 5
    assert delivery.depth() == 0


def test_app_home_shows_the_help_with_its_buttons_tagged(
    listeners: SlackListeners, client: FakeClient, event_ids: Iterator[str]
) -> None:
    async def scenario() -> None:
        for tab in ({"tab": "home"}, {}, {"tab": "messages"}):
            event = {"type": "app_home_opened", "user": "U1", **tab}
            await listeners.answer_event(job(event, next(event_ids)))

    run(scenario())
    assert [v["user_id"] for v in client.views] == ["U1", "U1"]
    view = client.views[0]["view"]
    assert view["type"] == "home"
    assert thread_tags(view["blocks"]) == {"home"}


def test_a_failing_app_home_publish_is_logged_and_counted(
    listeners: SlackListeners, client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.fail("views.publish", "invalid_arguments")
    with caplog.at_level(logging.ERROR):
        home = {"type": "app_home_opened", "user": "U1", "tab": "home"}
        run(listeners.answer_event(job(home, "EvHome")))
    assert [r.getMessage() for r in caplog.records] == ["answer lost (invalid_arguments)"]
    assert metric(listeners, "fwbot_web_api_errors_total", method="views.publish",
                  error="invalid_arguments") == 1  # fmt: skip


# --- de-duplication and counting --------------------------------------------------------


def test_each_event_is_answered_once_and_every_delivery_is_counted(
    brain: Brain,
    listeners: SlackListeners,
    store: MemoryStore,
    client: FakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = job(mention("what is flask", "1.0"), "Ev1")

    async def scenario() -> None:
        await listeners.accept_event(first.body)
        await listeners.accept_event(first.body)  # redelivered: dropped before it is queued
        await listeners.accept_event(job(mention("what is django", "2.0"), "Ev2").body)
        assert listeners.delivery.depth() == 2
        await listeners.answer_event(first)
        # Another replica on the same store got Ev1 too (each replica's in-process
        # de-dup knows only its own events): the store's record stops its answer.
        other = listeners_on(brain, store, client)
        await other.answer_event(job(mention("what is flask", "1.0"), "Ev1"))
        assert metric(other, "fwbot_duplicates_skipped_total") == 1

    with caplog.at_level(logging.INFO, logger="bot.slack.app"):
        run(scenario())
    # One line per delivery dropped: here, at accept, and at the other replica, at answer.
    assert [r.getMessage() for r in caplog.records].count("duplicate event ignored") == 2
    assert len(client.posts) == 1
    assert store.get("fwbot:event:Ev1") == {"seen": True}
    assert metric(listeners, "fwbot_requests_total", kind="event") == 3
    assert metric(listeners, "fwbot_duplicates_skipped_total") == 1


def test_a_job_the_redis_delivery_already_de_duplicated_is_not_checked_again(
    listeners: SlackListeners, store: MemoryStore, client: FakeClient
) -> None:
    # The Redis delivery records the event id (the same key) when it accepts the event.
    store.add("fwbot:event:EvR", {"seen": True}, EVENT_SEEN_TTL_SECONDS)
    run(listeners.answer_event(job(mention("what is flask", "1.0"), "EvR", deduplicated=True)))
    assert len(client.posts) == 1


def test_a_redelivered_job_already_answered_in_its_thread_is_not_answered_again(
    listeners: SlackListeners, client: FakeClient
) -> None:
    """A job taken over from a replica that stopped or died may have been answered: its
    answer, found in the thread by its metadata, is not posted twice."""

    async def scenario() -> None:
        await listeners.answer_event(job(mention("what is flask", "1.0"), "EvA"))
        again = job(mention("what is flask", "1.0"), "EvA", deduplicated=True, redelivered=True)
        await listeners.answer_event(again)
        other = job(mention("what is django", "1.0"), "EvB", deduplicated=True, redelivered=True)
        await listeners.answer_event(other)  # same thread, not answered yet

    run(scenario())
    assert [p["metadata"]["event_payload"]["event_id"] for p in client.posts] == ["EvA", "EvB"]
    assert metric(listeners, "fwbot_duplicates_skipped_total") == 1


def test_without_history_scopes_a_redelivered_job_is_answered_rather_than_lost(
    listeners: SlackListeners, client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.history_error = "missing_scope"  # no channels:history / groups:history
    redelivered = job(mention("what is flask", "1.0"), "EvS", deduplicated=True, redelivered=True)
    with caplog.at_level(logging.WARNING):
        run(listeners.answer_event(redelivered))
    assert len(client.posts) == 1
    assert "(missing_scope); posting it" in caplog.text


def test_a_redelivered_dm_already_answered_is_not_answered_again(
    listeners: SlackListeners, client: FakeClient
) -> None:
    """A DM outside a thread: its answer is looked for among the messages since it."""
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "4.0"}

    async def scenario() -> None:
        await listeners.answer_event(job({**dm, "text": "what is flask"}, "EvDm"))
        again = job({**dm, "text": "what is flask"}, "EvDm", deduplicated=True, redelivered=True)
        await listeners.answer_event(again)

    run(scenario())
    assert [p["metadata"]["event_payload"]["event_id"] for p in client.posts] == ["EvDm"]
    assert metric(listeners, "fwbot_duplicates_skipped_total") == 1


def test_a_hung_history_read_is_given_up_and_the_redelivered_job_answered(
    brain: Brain, store: MemoryStore, client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    metrics = Metrics()
    poster = Poster(client, metrics, PostingPolicy(call_timeout=0.05))  # type: ignore[arg-type]
    listeners = SlackListeners(Conversations(brain, store), metrics, poster, LocalDelivery(metrics))
    client.history_hangs = True
    redelivered = job(mention("what is flask", "1.0"), "EvH", deduplicated=True, redelivered=True)
    with caplog.at_level(logging.WARNING):
        run(listeners.answer_event(redelivered))
    assert len(client.posts) == 1
    [record] = caplog.records
    assert record.getMessage().endswith("already posted (TimeoutError); posting it")
    assert record.event_id == "EvH"  # type: ignore[attr-defined]


def test_an_answer_posted_though_its_call_timed_out_is_not_posted_again(
    listeners: SlackListeners, client: FakeClient
) -> None:
    """Slack took the post but its answer never came back: the answer is looked for in its
    conversation (its thread, or the DM) before a retry, and found."""
    client.answers_lost_on_the_way_back = 3
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "4.0"}

    async def scenario() -> None:
        await listeners.answer_event(job(mention("what is flask", "1.0"), "EvT1"))
        await listeners.answer_event(job({**dm, "text": "what is django"}, "EvT2"))
        in_thread = {**dm, "thread_ts": "3.0", "text": "what is fastapi"}
        await listeners.answer_event(job(in_thread, "EvT3"))

    run(scenario())
    assert [p["metadata"]["event_payload"]["event_id"] for p in client.posts] == [
        "EvT1",
        "EvT2",
        "EvT3",
    ]
    assert metric(listeners, "fwbot_answers_lost_total", reason="error") == 0
    assert metric(listeners, "fwbot_ack_to_post_seconds_count") == 3
    assert 0 < metric(listeners, "fwbot_ack_to_post_seconds_sum") < 3


def test_a_rate_limited_app_home_holds_up_only_that_persons_view(
    listeners: SlackListeners, client: FakeClient
) -> None:
    client.fail("views.publish", "ratelimited")  # then blocked for Slack's default wait

    def home(user: str) -> dict[str, Any]:
        return {"type": "app_home_opened", "user": user, "tab": "home"}

    async def scenario() -> None:
        first = asyncio.create_task(listeners.answer_event(job(home("U1"), "EvH1")))
        while not metric(listeners, "fwbot_web_api_retries_total", reason="rate_limited"):
            await asyncio.sleep(0)
        await asyncio.wait_for(listeners.answer_event(job(home("U2"), "EvH2")), 5)
        first.cancel()

    run(scenario())
    assert [v["user_id"] for v in client.views] == ["U2"]


def test_a_thread_and_a_dm_each_carry_their_conversation(
    listeners: SlackListeners, client: FakeClient, event_ids: Iterator[str]
) -> None:
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1"}
    events = [
        mention("django vs flask", "1.0"),
        mention("what about performance?", "1.5", thread_ts="1.0"),
        {**dm, "ts": "2.0", "text": "fastapi vs flask"},
        {**dm, "ts": "2.5", "text": "what about performance?"},
    ]

    async def scenario() -> None:
        for event in events:
            await listeners.answer_event(job(event, next(event_ids)))

    run(scenario())
    assert [p["text"] for p in client.posts][1::2] == [
        "Django vs Flask on performance",
        "FastAPI vs Flask on performance",
    ]
    assert 0 < metric(listeners, "fwbot_reply_seconds_sum") < 5
    # Outcomes are counted in the listeners' registry, with no learning store given.
    assert metric(listeners, "fwbot_outcomes_total", outcome="answered") == 4


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


def test_de_duplication_works_on_a_blocking_store(
    brain: Brain, client: FakeClient, tmp_path: Path
) -> None:
    listeners = listeners_on(brain, SQLiteStore(tmp_path / "s.db"), client)

    async def scenario() -> list[bool]:
        seen = [await listeners._first_time("fwbot:event:E") for _ in range(2)]
        await listeners.answer_event(job(mention("what is flask", "2.0"), "EvSql"))
        await listeners.answer_event(job(mention("what is flask", "2.0"), "EvSql"))
        return seen

    assert run(scenario()) == [True, False]
    [post] = client.posts
    assert "Flask" in post["text"]
    assert listeners.store.get(str(ConversationKey("T1", "C1", "2.0", "U1"))) is not None


def test_an_unreachable_store_lets_the_event_through(brain: Brain, client: FakeClient) -> None:
    listeners = listeners_on(brain, DownStore(), client)
    body = job(mention("what is flask", "1.0"), "Ev1").body

    async def scenario() -> None:
        for _ in range(2):
            await listeners.accept_event(body)  # the in-process de-dup still holds
        await listeners.answer_event(Job("Ev1", body))

    run(scenario())
    assert listeners.delivery.depth() == 1
    assert len(client.posts) == 1  # the store can't say it was seen: better answered than lost


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


def test_the_drain_waits_for_every_accepted_event() -> None:
    done: list[str] = []
    delivery = LocalDelivery(Metrics(), max_in_flight=4)

    async def slow(job: Job) -> None:
        for _ in range(5):  # needs a few turns of the loop: unfinished unless someone waits
            await asyncio.sleep(0)
        done.append(job.event_id)

    async def scenario() -> None:
        async with delivery.running(slow, drain_seconds=10):
            for n in range(12):  # more than may run at once
                await delivery.accept(Job(f"Ev{n}", {}))
        assert delivery._tasks == set()

    run(scenario())
    assert sorted(done) == sorted(f"Ev{n}" for n in range(12))


def test_the_drain_gives_up_after_its_time_counts_what_is_lost_and_stops_the_work(
    caplog: pytest.LogCaptureFixture,
) -> None:
    metrics = Metrics()
    delivery = LocalDelivery(metrics, max_in_flight=2)
    started: list[str] = []
    cancelled: list[str] = []

    async def stuck(job: Job) -> None:
        started.append(job.event_id)
        try:
            await asyncio.Event().wait()  # never set: the answer can't finish
        except asyncio.CancelledError:
            cancelled.append(job.event_id)
            raise

    async def scenario() -> None:
        async with delivery.running(stuck, drain_seconds=0.05):
            for n in range(5):
                await delivery.accept(Job(f"Ev{n}", {}))
        assert delivery._tasks == set()

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert sorted(cancelled) == sorted(started) and len(started) == 2
    assert metrics.registry.get_sample_value("fwbot_answers_lost_total",
                                             {"reason": "shutdown"}) == 5  # fmt: skip
    [record] = caplog.records
    assert record.getMessage() == "shutdown: 5 acknowledged events left unanswered after 0 s"
    assert record.count == 5  # type: ignore[attr-defined]


# --- odd payloads -------------------------------------------------------------------------


def test_payloads_missing_optional_fields_still_get_answers_under_fallback_keys(
    listeners: SlackListeners, client: FakeClient, brain: Brain, event_ids: Iterator[str]
) -> None:
    usage, recommend, clicked = Recorder(), Recorder(), Recorder()

    async def scenario() -> None:
        dm = {"type": "message", "channel_type": "im", "channel": "D1", "ts": "7.0"}
        await listeners.answer_event(job(dm, next(event_ids), team=None))
        bare = {"type": "app_mention", "channel": "C1", "ts": "8.0"}
        await listeners.answer_event(job(bare, next(event_ids), team=None))
        await listeners.on_compare(Recorder(), {}, usage)
        await listeners.on_recommend(Recorder(), {}, recommend)
        body = {"type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "C1"},
                "actions": [{"action_id": "suggestion_0"}]}  # fmt: skip
        await listeners.on_click(Recorder(), body, clicked)

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
    where = sorted((p["channel"], p.get("thread_ts") or "none") for p in client.posts)
    assert where == [("C1", "8.0"), ("C1", "none"), ("D1", "none")]  # "-" is not a thread


def test_a_blocking_store_keeps_the_conversation_and_times_each_reply(
    brain: Brain, client: FakeClient, tmp_path: Path
) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    listeners = listeners_on(brain, store, client)
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
