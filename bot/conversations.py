"""Conversations: load state from the store, let the brain answer, save the new state."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.answer import Section
from bot.brain import Brain, Turn
from bot.reply import build_reply
from bot.state import ConversationState
from bot.store import ConversationKey, ConversationStore, StoreUnavailableError

log = logging.getLogger(__name__)

# How long a conversation's context is kept after its last message.
STATE_TTL_SECONDS = 24 * 60 * 60
# Said when the store can't be reached: the conversation is not over, just not remembered.
NO_MEMORY = "I can't remember our conversation right now; this answer stands on its own."


class Conversations:
    """The one place transports go through: state in, brain, state out."""

    def __init__(
        self, brain: Brain, store: ConversationStore, ttl_seconds: float = STATE_TTL_SECONDS
    ) -> None:
        self.brain = brain
        self.store = store
        self.ttl_seconds = ttl_seconds

    def handle(self, key: ConversationKey, message: str, now: float | None = None) -> Turn:
        """Load the state, answer, save the new state."""
        state = self.load(key)
        turn = self.answer(message, state, now)
        self.save(key, turn)
        return turn

    # The three steps apart, so an async transport can run only the store's I/O in a thread.

    def load(self, key: ConversationKey) -> ConversationState | None:
        """The stored state (a fresh one if none); None when the store can't be reached."""
        try:
            return ConversationState.from_dict(self.store.get(str(key)))
        except StoreUnavailableError as error:
            log.debug("conversation store unavailable on read: %s", error)
            return None

    def answer(
        self, message: str, state: ConversationState | None, now: float | None = None
    ) -> Turn:
        turn = self.brain.handle(message, state or ConversationState(), now)
        return turn if state is not None else _with_note(turn, NO_MEMORY)

    def save(self, key: ConversationKey, turn: Turn) -> None:
        try:
            self.store.put(str(key), turn.state.to_dict(), self.ttl_seconds)
        except StoreUnavailableError as error:
            log.debug("conversation store unavailable on write: %s", error)

    def forget(self, key: ConversationKey) -> None:
        try:
            self.store.delete(str(key))
        except StoreUnavailableError as error:
            log.debug("conversation store unavailable on delete: %s", error)


def _with_note(turn: Turn, note: str) -> Turn:
    answer = replace(turn.answer, sections=(Section(text=note), *turn.answer.sections))
    return replace(turn, answer=answer, reply=build_reply(turn.understanding, answer))
