"""Redis store: shared by several bot processes or replicas; Redis expires the keys."""

from __future__ import annotations

import json
from typing import Any

import redis

from bot.store.base import State, StoreUnavailableError


class RedisStore:
    blocking_io = True

    def __init__(self, url: str, socket_timeout: float = 1.0) -> None:
        self._client: Any = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry_on_timeout=False,
        )

    def get(self, key: str) -> State | None:
        raw = self._call("get", key)
        if raw is None:
            return None
        state: State = json.loads(raw)
        return state

    def put(self, key: str, state: State, ttl_seconds: float) -> None:
        self._call("set", key, json.dumps(state), px=max(1, int(ttl_seconds * 1000)))

    def add(self, key: str, state: State, ttl_seconds: float) -> bool:
        stored = self._call(
            "set", key, json.dumps(state), px=max(1, int(ttl_seconds * 1000)), nx=True
        )
        return bool(stored)

    def delete(self, key: str) -> None:
        self._call("delete", key)

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._client, method)(*args, **kwargs)
        except redis.RedisError as error:
            raise StoreUnavailableError(f"Redis store failed: {error}") from error
