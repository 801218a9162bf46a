"""Conversation state storage: one protocol, in-memory, SQLite and Redis implementations."""

from bot.store.base import ConversationKey, ConversationStore, StoreUnavailableError
from bot.store.factory import open_store

__all__ = ["ConversationKey", "ConversationStore", "StoreUnavailableError", "open_store"]
