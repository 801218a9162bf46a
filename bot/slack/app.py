"""The Slack app: turns Slack payloads into messages for the brain and delivers its answers.

Everything here is transport: keys, threads, acks and rendering calls. All understanding and
answering happens in the brain, behind `Conversations`. Events are acknowledged once a
`Delivery` holds them and answered from there (bot/slack/delivery.py); slash commands and
clicks go through the Bolt AsyncApp, whose ack may carry a body.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

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
from bot.slack.delivery import EVENT_SEEN_TTL_SECONDS, Delivery, Job, KeyedLocks
from bot.slack.feedback import FeedbackListener
from bot.slack.payloads import parse_click
from bot.slack.posting import AnswerLostError, Poster, PostingPolicy
from bot.state import ConversationState
from bot.store import ConversationKey, StoreUnavailableError

log = logging.getLogger(__name__)

ANSWER_EVENT_TYPE = "fwbot_answer"
# Answers being loaded, composed or saved at once (posting, which waits on Slack, is
# bounded by the Poster instead): the rest wait their turn, so a burst's answering never
# crowds out its acknowledgements.
PREPARING = 4
_ACTION = re.compile(r"^(suggestion|dialogue_option)_\d+$")
# Actions blocks carry the conversation's thread so a click continues the right one.
_THREAD_SEPARATOR = "|"


def build_app(settings: SlackSettings, policy: PostingPolicy) -> AsyncApp:
    """Bolt for slash commands and clicks (requests reach it already verified), and the one
    Web API client: SLACK_API_URL, a per-call timeout, and no retries inside a call (the
    Poster retries, so waits hold no connection slot and are counted). Bolt builds the
    client itself: handing it one makes Bolt warn that SLACK_BOT_TOKEN is unused."""
    app = AsyncApp(
        token=settings.bot_token,
        signing_secret="verified-before-bolt",
        request_verification_enabled=False,
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("fwbot.slack.bolt"),
    )
    if settings.api_url:
        app.client.base_url = settings.api_url
    app.client.timeout = int(policy.call_timeout)
    app.client.retry_handlers.clear()
    return app


def add_listeners(app: AsyncApp, listeners: SlackListeners) -> None:
    app.command("/compare")(listeners.on_compare)
    app.command("/recommend")(listeners.on_recommend)
    app.action(_ACTION)(listeners.on_click)
    app.action(FEEDBACK_ACTION)(listeners.feedback.on_click)
    app.error(listeners.on_error)


class SlackListeners:
    """Event handling for the Delivery, and Bolt listeners (Bolt passes each the arguments
    it names: ack, respond, body...)."""

    def __init__(
        self,
        conversations: Conversations,
        metrics: Metrics,
        poster: Poster,
        delivery: Delivery,
        *,
        learning: Learning | None = None,
    ) -> None:
        self.conversations = conversations
        self.metrics = metrics
        self.poster = poster
        self.delivery = delivery
        # Outcomes, ratings and (when allowed) kept questions; in-process unless given one.
        self.learning = learning or Learning(
            MemoryJournal(), metrics=LearningMetrics(self.metrics.registry)
        )
        self.feedback = FeedbackListener(self.learning)
        self.brain = conversations.brain
        self.store = conversations.store
        self._turns = KeyedLocks()
        self._composing = asyncio.Lock()
        self._preparing = asyncio.Semaphore(PREPARING)

    # --- events: accepted (then acknowledged), answered from the delivery ------------------

    async def accept_event(self, body: dict[str, Any]) -> None:
        """Hand an Events API delivery (already checked) to the delivery; return when it is
        safe to acknowledge."""
        self.metrics.requests.labels(kind="event").inc()
        if not await self.delivery.accept(Job(body["event_id"], body)):
            log.info("duplicate event ignored", extra={"event_id": body["event_id"]})

    async def answer_event(self, job: Job) -> None:
        """Answer one accepted event; a lost answer is counted and logged, never raised."""
        try:
            await self._answer_event(job)
        except AnswerLostError as lost:
            self.metrics.answers_lost.labels(reason=lost.reason).inc()
            log.error(
                "answer lost (%s)", lost.reason,
                extra={"event_id": job.event_id, "reason": lost.reason},
            )  # fmt: skip
        except Exception:
            self.metrics.answers_lost.labels(reason="error").inc()
            self.metrics.errors.labels(where="answer").inc()
            log.exception("answering failed", extra={"event_id": job.event_id})

    async def _answer_event(self, job: Job) -> None:
        if not job.deduplicated and not await self._first_time(f"fwbot:event:{job.event_id}"):
            self.metrics.duplicates_skipped.inc()
            log.info("duplicate event ignored", extra={"event_id": job.event_id})
            return
        event: dict[str, Any] = job.body["event"]
        kind = event["type"]
        if kind == "app_home_opened":
            await self._publish_home(event)
            return
        if _from_a_bot(event) or kind not in ("app_mention", "message"):
            return
        if kind == "message" and (event.get("channel_type") != "im" or event.get("subtype")):
            return  # edits, deletions, joins and other bots' messages are not questions
        channel = event["channel"]
        if kind == "app_mention":
            conversation: str = event.get("thread_ts") or event["ts"]
            thread: str | None = conversation
        else:
            thread = event.get("thread_ts")
            conversation = thread or "dm"
        user = event.get("user") or "-"
        key = ConversationKey(_team(job.body, event), channel, conversation, user)
        async with self._turns.hold(key):
            if job.redelivered and await self._already_answered(job, channel, thread):
                self.metrics.duplicates_skipped.inc()
                log.info("event already answered", extra={"event_id": job.event_id})
                return
            question = event.get("text") or ""
            async with self._preparing:
                started = time.perf_counter()
                state = await self._load(key)
                turn = await self._compose(question, state)
                self.metrics.record_reply(turn.reply.intent, time.perf_counter() - started)
            note = self.learning.note(turn.understanding, turn.answer, question)
            await self.poster.post_message(
                channel,
                metadata=_answer_metadata(job.event_id),
                delivered=lambda: self._already_answered(job, channel, thread),
                **_message(turn, thread, note),
            )
            await job.answered()
            self.metrics.ack_to_post_seconds.observe(max(0.0, time.time() - job.received))
            # Saved and recorded only once posted: an answer never seen leaves the
            # conversation as it was, and the ack path never waits on the journal.
            async with self._preparing:
                await self._save(key, turn)
                await self._record(note)

    async def _compose(self, text: str, state: ConversationState | None) -> Turn:
        """The brain's answer, one at a time: the brain is pure CPU on the loop (a thread
        would only fight it for the GIL), so each answer holds the turn for one pass of
        the loop after composing. A burst's answers then take turns with its
        acknowledgements instead of running back to back while they wait."""
        async with self._composing:
            turn = self.conversations.answer(text, state)
            await asyncio.sleep(0)
        return turn

    async def _already_answered(self, job: Job, channel: str, thread: str | None) -> bool:
        """Is this event's answer already in its conversation? (A replica that died with
        it on its way, or a call that timed out, may have got it posted.) Reading a
        channel thread needs channels:history or groups:history; without them, or when
        Slack can't be asked, the event is answered (a rare duplicate, never a loss)."""
        if thread:
            method, arguments = "conversations.replies", {"ts": thread}
        else:  # a DM outside a thread: the answer follows the question
            method, arguments = "conversations.history", {"oldest": job.body["event"]["ts"]}
        try:
            response = await asyncio.wait_for(
                self.poster.client.api_call(method, data={
                    "channel": channel, "include_all_metadata": "true", "limit": 200,
                    **arguments,
                }),
                self.poster.policy.call_timeout,
            )  # fmt: skip
        except SlackApiError as error:  # missing_scope, not_in_channel: answer it
            self._could_not_check(job, str(error.response.get("error")))
            return False
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            self._could_not_check(job, type(error).__name__)
            return False
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            if (metadata.get("event_payload") or {}).get("event_id") == job.event_id:
                return True
        return False

    def _could_not_check(self, job: Job, reason: str) -> None:
        log.warning(
            "could not check whether an event's answer is already posted (%s); posting it",
            reason, extra={"event_id": job.event_id},
        )  # fmt: skip

    async def _first_time(self, key: str) -> bool:
        """Record the key in the store; False when it was already recorded (by any
        replica). When the store fails, the in-process de-dup at accept stands alone."""
        try:
            if not self.store.blocking_io:
                return self.store.add(key, {"seen": True}, EVENT_SEEN_TTL_SECONDS)
            return await asyncio.to_thread(
                self.store.add, key, {"seen": True}, EVENT_SEEN_TTL_SECONDS
            )
        except StoreUnavailableError:
            return True

    async def _load(self, key: ConversationKey) -> ConversationState | None:
        if self.store.blocking_io:
            return await asyncio.to_thread(self.conversations.load, key)
        return self.conversations.load(key)

    async def _save(self, key: ConversationKey, turn: Turn) -> None:
        if self.store.blocking_io:
            await asyncio.to_thread(self.conversations.save, key, turn)
        else:
            self.conversations.save(key, turn)

    async def _publish_home(self, event: dict[str, Any]) -> None:
        if event.get("tab") not in (None, "home"):
            return
        blocks = render_blocks(compose_help(self.brain.kb))
        view = {"type": "home", "blocks": _with_thread(blocks, "home")}
        await self.poster.call("views.publish", f"user:{event['user']}",
                               user_id=event["user"], view=view)  # fmt: skip

    async def _record(self, note: Note) -> None:
        """Record what an answer was: after it is posted, so recording never holds up an
        answer or an acknowledgement."""
        if self.learning.blocking_io:
            await asyncio.to_thread(self.learning.record, note)
        else:
            self.learning.record(note)

    # --- Bolt: commands and clicks ------------------------------------------------------

    async def handle(self, key: ConversationKey, text: str) -> Turn:
        """Load, answer, save: for commands and clicks, answered while Bolt holds them."""
        started = time.perf_counter()
        async with self._turns.hold(key):
            turn = await self._compose(text, await self._load(key))
            await self._save(key, turn)
        self.metrics.record_reply(turn.reply.intent, time.perf_counter() - started)
        return turn

    async def on_compare(self, ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()
        text = command.get("text", "")
        request = parse_compare(self.brain, text)
        if request is None:
            await respond(text=compare_usage(self.brain.kb), response_type="ephemeral")
            return
        answer = self.brain.compose(request.understanding)
        note = self.learning.note(request.understanding, answer, text)
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

    async def on_click(self, ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        click = parse_click(body)
        if isinstance(click, str):  # checked before Bolt; never trust a payload twice
            log.warning("interactive payload ignored: %s", click)
            return
        thread = click.block_id.partition(_THREAD_SEPARATOR)[2] or "-"
        channel = click.channel or click.user
        key = ConversationKey(click.team, channel, thread, click.user)
        turn = await self.handle(key, click.value)
        note = self.learning.note(turn.understanding, turn.answer, click.value)
        if click.response_url and click.action_id.startswith("dialogue_option"):
            await respond(
                text=fallback_text(turn.answer), blocks=_blocks(turn, thread, note),
                replace_original=True,
            )  # fmt: skip
        else:  # in the channel's thread; App Home has no channel: in the person's DM
            target, in_thread = (channel, _is_ts(thread)) if click.channel else (click.user, False)
            try:
                await self.poster.post_message(
                    target, **_message(turn, thread if in_thread else None, note)
                )
            except AnswerLostError as lost:
                self.metrics.answers_lost.labels(reason=lost.reason).inc()
                log.error("answer to a click lost (%s)", lost.reason)
                return
        await self._record(note)

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        self.metrics.errors.labels(where="listener").inc()
        log.error("Slack listener failed", exc_info=error, extra={"payload_type": body.get("type")})


def _answer_metadata(event_id: str) -> dict[str, Any]:
    """Message metadata naming the event an answer is for (see _already_answered)."""
    return {"event_type": ANSWER_EVENT_TYPE, "event_payload": {"event_id": event_id}}


def _message(turn: Turn, thread: str | None, note: Note | None = None) -> dict[str, Any]:
    """chat.postMessage arguments for a turn (besides the channel); with a note, a factual
    answer carries 👍 / 👎."""
    return {
        "text": fallback_text(turn.answer),
        "blocks": _blocks(turn, thread or "dm", note),
        "thread_ts": thread,
        "unfurl_links": False,
        "unfurl_media": False,
    }


def interactive_problem(payload: dict[str, Any]) -> str | None:
    """Why an interactive payload can't be answered (it is then acknowledged and ignored),
    or None when it is a click on one of the app's buttons (answers' and 👍 / 👎)."""
    click = parse_click(payload)
    if isinstance(click, str):
        return click
    if not (_ACTION.match(click.action_id) or FEEDBACK_ACTION.match(click.action_id)):
        return f"click on an unknown action {click.action_id[:40]!r}"
    return None


def _blocks(turn: Turn, thread: str, note: Note | None = None) -> list[dict[str, Any]]:
    return _with_thread(with_feedback(render_blocks(turn.answer), note), thread)


def _with_thread(blocks: list[dict[str, Any]], thread: str) -> list[dict[str, Any]]:
    def tag(block: dict[str, Any]) -> dict[str, Any]:
        if block.get("type") != "actions":
            return block
        return {
            **block,
            "block_id": f"{block.get('block_id', 'actions')}{_THREAD_SEPARATOR}{thread}",
        }

    return [tag(block) for block in blocks]


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(
        event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message"
    )


def _team(body: dict[str, Any], event: dict[str, Any]) -> str:
    return str(body.get("team_id") or event.get("team") or "-")


def _is_ts(value: str) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+", value))
