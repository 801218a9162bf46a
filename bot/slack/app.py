"""The Bolt AsyncApp: turns Slack payloads into messages for the brain and posts its answers.

Everything here is transport: keys, threads, acks and rendering calls. All understanding and
answering happens in the brain, behind `Conversations`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.answers.conversation import compose_help
from bot.brain import Turn
from bot.conversations import Conversations
from bot.learning.buttons import FEEDBACK_ACTION, with_feedback
from bot.learning.journal_memory import MemoryJournal
from bot.learning.recorder import Learning, LearningMetrics, Note
from bot.metrics import Metrics
from bot.render.blocks import fallback_text, render_blocks
from bot.settings import SlackSettings
from bot.slack.commands import compare_usage, parse_compare
from bot.slack.draining import drain
from bot.slack.feedback import FeedbackListener
from bot.store import ConversationKey, StoreUnavailableError

log = logging.getLogger(__name__)

EVENT_SEEN_TTL_SECONDS = 60 * 60
# Answers composed at once; more queue up behind them while acks stay immediate.
ANSWER_WORKERS = 4
_ACTION = re.compile(r"^(suggestion|dialogue_option)_\d+$")
# Actions blocks carry the conversation's thread so a click continues the right one.
_THREAD_SEPARATOR = "|"


def configure_web_client(client: AsyncWebClient, settings: SlackSettings, metrics: Metrics) -> None:
    """Point Bolt's Web API client at SLACK_API_URL and retry rate limits (Retry-After), 5xx
    and connection errors. Bolt builds the client itself: handing it one instead makes Bolt
    warn that SLACK_BOT_TOKEN is unused."""
    if settings.api_url:
        client.base_url = settings.api_url
    client.retry_handlers.extend([
        _counted(AsyncRateLimitErrorRetryHandler(max_retry_count=3), metrics, "rate_limited"),
        _counted(AsyncServerErrorRetryHandler(max_retry_count=2), metrics, "server_error"),
        _counted(AsyncConnectionErrorRetryHandler(max_retry_count=2), metrics, "connection"),
    ])  # fmt: skip


def _counted(handler: AsyncRetryHandler, metrics: Metrics, reason: str) -> AsyncRetryHandler:
    """Count each retry the handler decides to make."""
    prepare = handler.prepare_for_next_attempt_async

    async def prepare_and_count(**kwargs: Any) -> None:
        metrics.web_api_retries.labels(reason=reason).inc()
        log.warning("retrying a Slack Web API call", extra={"reason": reason})
        await prepare(**kwargs)

    handler.prepare_for_next_attempt_async = prepare_and_count  # type: ignore[method-assign]
    return handler


def build_app(settings: SlackSettings, listeners: SlackListeners) -> AsyncApp:
    app = AsyncApp(
        token=settings.bot_token,
        signing_secret=settings.signing_secret or "socket-mode-does-not-sign",
        request_verification_enabled=not settings.socket_mode,
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("fwbot.slack.bolt"),
    )
    configure_web_client(app.client, settings, listeners.metrics)
    app.middleware(listeners.answer_each_event_once)
    app.event("app_mention")(listeners.on_mention)
    app.event("message")(listeners.on_message)
    app.event("app_home_opened")(listeners.on_home)
    app.command("/compare")(listeners.on_compare)
    app.command("/recommend")(listeners.on_recommend)
    app.action(_ACTION)(listeners.on_click)
    app.action(FEEDBACK_ACTION)(listeners.feedback.on_click)
    app.error(listeners.on_error)
    return app


class SlackListeners:
    """Bolt listeners; Bolt passes each the arguments it names (event, ack, respond, ...)."""

    def __init__(
        self,
        conversations: Conversations,
        metrics: Metrics | None = None,
        *,
        learning: Learning | None = None,
    ) -> None:
        self.conversations = conversations
        self.metrics = metrics or Metrics()
        # Outcomes, ratings and (when allowed) kept questions; in-process unless given one.
        self.learning = learning or Learning(
            MemoryJournal(), metrics=LearningMetrics(self.metrics.registry)
        )
        self.feedback = FeedbackListener(self.learning)
        # In Socket Mode the envelope's ack waits on the duplicate check: it gets threads of
        # its own, never queued behind the answers' store calls.
        self._dedupe_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fwbot-dedupe")
        self._queue: asyncio.Queue[Coroutine[Any, Any, None]] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []
        self.brain = conversations.brain
        self.store = conversations.store

    async def handle(self, key: ConversationKey, text: str) -> Turn:
        # The brain is fast, pure CPU: it runs on the loop, since a thread would only fight
        # the loop for the GIL. Store calls that wait on disk or network go to a thread.
        started = time.perf_counter()
        conversations = self.conversations
        if self.store.blocking_io:
            state = await asyncio.to_thread(conversations.load, key)
            turn = conversations.answer(text, state)
            await asyncio.to_thread(conversations.save, key, turn)
        else:
            turn = conversations.handle(key, text)
        self.metrics.record_reply(turn.reply.intent, time.perf_counter() - started)
        return turn

    async def answer_each_event_once(
        self, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        self.metrics.requests.labels(kind=_request_kind(body)).inc()
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and event_id:
            try:
                first = await self._first_time(f"fwbot:event:{event_id}")
            except StoreUnavailableError:
                first = True  # better a rare duplicate than a lost answer
            if not first:
                log.info("duplicate event ignored", extra={"event_id": event_id})
                return BoltResponse(status=200, body="")
        await next()
        return None

    async def _first_time(self, key: str) -> bool:
        """Record the key; False when it was already recorded (by any replica)."""
        if not self.store.blocking_io:
            return self.store.add(key, {"seen": True}, EVENT_SEEN_TTL_SECONDS)
        return await asyncio.get_running_loop().run_in_executor(
            self._dedupe_pool, self.store.add, key, {"seen": True}, EVENT_SEEN_TTL_SECONDS
        )

    async def on_mention(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if _from_a_bot(event):
            return
        thread = event.get("thread_ts") or event["ts"]
        key = ConversationKey(_team(body, event), event["channel"], thread, event.get("user", "-"))
        self.later(self._answer(client, key, event.get("text", ""), event["channel"], thread))

    async def _answer(
        self,
        client: AsyncWebClient,
        key: ConversationKey,
        text: str,
        channel: str,
        thread: str | None,
    ) -> None:
        await self._reply(client, channel, await self.handle(key, text), thread, text)

    async def _reply(
        self,
        client: AsyncWebClient,
        channel: str,
        turn: Turn,
        thread: str | None,
        question: str,
    ) -> None:
        """Post the answer (with 👍 / 👎 when it states facts), then record what it was:
        after posting, so recording never holds up an answer or an acknowledgement."""
        note = self.learning.note(turn.understanding, turn.answer, question)
        await _post(client, channel, turn, thread, note)
        await self._record(note)

    async def _record(self, note: Note) -> None:
        if self.learning.blocking_io:
            await asyncio.to_thread(self.learning.record, note)
        else:
            self.learning.record(note)

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        """Queue answering work, so acknowledging Slack never waits behind it."""
        if not self._workers:
            self._workers = [asyncio.create_task(self._work()) for _ in range(ANSWER_WORKERS)]
        self._queue.put_nowait(work)

    async def drain(self, seconds: float) -> None:
        """On shutdown: finish the answers already queued (up to `seconds`), then stop."""
        await drain(self._queue, self._workers, seconds, "answers")
        self._workers = []

    async def _work(self) -> None:
        while True:
            work = await self._queue.get()
            try:
                await work
            except Exception:
                self.metrics.errors.labels(where="answer").inc()
                log.exception("answering failed")
            finally:
                self._queue.task_done()

    async def on_message(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if event.get("channel_type") != "im" or _from_a_bot(event) or event.get("subtype"):
            return  # edits, deletions, joins and other bots' messages are not questions
        thread = event.get("thread_ts")
        key = ConversationKey(
            _team(body, event), event["channel"], thread or "dm", event.get("user", "-")
        )
        self.later(self._answer(client, key, event.get("text", ""), event["channel"], thread))

    async def on_compare(self, ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()
        request = parse_compare(self.brain, command.get("text", ""))
        if request is None:
            await respond(text=compare_usage(self.brain.kb), response_type="ephemeral")
            return
        answer = self.brain.compose(request.understanding)
        note = self.learning.note(request.understanding, answer, command.get("text", ""))
        await respond(
            text=fallback_text(answer),
            blocks=with_feedback(render_blocks(answer), note),
            response_type="in_channel" if request.public else "ephemeral",
        )
        await self._record(note)

    async def on_recommend(self, ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()
        thread = f"recommend-{command.get('trigger_id', '')[:24]}"
        key = ConversationKey(
            command.get("team_id", "-"), command.get("channel_id", "-"), thread,
            command.get("user_id", "-"),
        )  # fmt: skip
        turn = await self.handle(key, "help me choose a framework")
        await respond(
            text=fallback_text(turn.answer), blocks=_blocks(turn, thread),
            response_type="ephemeral",
        )  # fmt: skip
        await self._record(self.learning.note(turn.understanding, turn.answer, ""))

    async def on_click(
        self,
        ack: Any,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Any,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        thread = action.get("block_id", "").partition(_THREAD_SEPARATOR)[2] or "-"
        channel = (body.get("channel") or {}).get("id") or body["user"]["id"]
        team = (body.get("team") or {}).get("id") or "-"
        key = ConversationKey(team, channel, thread, body["user"]["id"])
        turn = await self.handle(key, action.get("value", ""))
        if body.get("response_url") and action["action_id"].startswith("dialogue_option"):
            note = self.learning.note(turn.understanding, turn.answer, action.get("value", ""))
            blocks = _with_thread(with_feedback(render_blocks(turn.answer), note), thread)
            await respond(text=fallback_text(turn.answer), blocks=blocks, replace_original=True)
            await self._record(note)
        elif body.get("channel"):
            thread_ts = thread if _is_ts(thread) else None
            await self._reply(client, channel, turn, thread_ts, action.get("value", ""))
        else:  # App Home has no channel: answer in the person's DM
            await self._reply(client, body["user"]["id"], turn, None, action.get("value", ""))

    async def on_home(self, event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        blocks = render_blocks(compose_help(self.brain.kb))
        try:
            await client.views_publish(
                user_id=event["user"], view={"type": "home", "blocks": _with_thread(blocks, "home")}
            )
        except Exception:
            log.exception("views.publish failed")

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        self.metrics.errors.labels(where="listener").inc()
        log.error("Slack listener failed", exc_info=error, extra={"payload_type": body.get("type")})


async def _post(
    client: AsyncWebClient, channel: str, turn: Turn, thread: str | None, note: Note | None = None
) -> None:
    try:
        await client.chat_postMessage(
            channel=channel,
            text=fallback_text(turn.answer),
            blocks=_with_thread(with_feedback(render_blocks(turn.answer), note), thread or "dm"),
            thread_ts=thread,
            unfurl_links=False,
            unfurl_media=False,
        )
    except Exception:
        log.exception("chat.postMessage failed", extra={"channel": channel})


def _blocks(turn: Turn, thread: str) -> list[dict[str, Any]]:
    return _with_thread(render_blocks(turn.answer), thread)


def _with_thread(blocks: list[dict[str, Any]], thread: str) -> list[dict[str, Any]]:
    def tag(block: dict[str, Any]) -> dict[str, Any]:
        if block.get("type") != "actions":
            return block
        return {
            **block,
            "block_id": f"{block.get('block_id', 'actions')}{_THREAD_SEPARATOR}{thread}",
        }

    return [tag(block) for block in blocks]


def _request_kind(body: dict[str, Any]) -> str:
    if "command" in body:
        return "command"
    kind = str(body.get("type") or "unknown")
    return {"event_callback": "event", "block_actions": "action"}.get(kind, kind)


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(
        event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message"
    )


def _team(body: dict[str, Any], event: dict[str, Any]) -> str:
    return str(body.get("team_id") or event.get("team") or "-")


def _is_ts(value: str) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+", value))
