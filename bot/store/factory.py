"""Pick the store from `FWBOT_STORE`: memory (default), sqlite:///path, redis://host:port/db."""

from __future__ import annotations

from bot.store.base import ConversationStore

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class StoreConfigError(ValueError):
    pass


def check_store_spec(spec: str | None) -> str:
    """The spec, validated without opening anything."""
    spec = (spec or "memory").strip()
    if spec == "memory" or spec.startswith(REDIS_SCHEMES):
        return spec
    if spec.startswith("sqlite:///") and spec.removeprefix("sqlite:///"):
        return spec
    raise StoreConfigError(
        f"FWBOT_STORE={spec!r} is not supported: use memory, sqlite:///path or redis://host:port/db"
    )


def open_store(spec: str | None) -> ConversationStore:
    spec = check_store_spec(spec)
    if spec == "memory":
        from bot.store.memory import MemoryStore  # noqa: PLC0415

        return MemoryStore()
    if spec.startswith("sqlite:///"):
        from bot.store.sqlite import SQLiteStore  # noqa: PLC0415

        return SQLiteStore(spec.removeprefix("sqlite:///"))
    from bot.store.redis_store import RedisStore  # noqa: PLC0415

    return RedisStore(spec)
