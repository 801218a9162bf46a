"""Redis store: shared by several bot processes or replicas; Redis expires the keys."""

from __future__ import annotations

import json
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.store.base import State, StoreUnavailableError

# Redis answers in well under a millisecond on a healthy network; a frozen or unreachable
# server must cost each call no more than this (and redis-py's own retries are off).
SOCKET_TIMEOUT_SECONDS = 0.15


class RedisStore:
    blocking_io = True

    def __init__(self, url: str, socket_timeout: float = SOCKET_TIMEOUT_SECONDS) -> None:
        try:
            self._client: Any = redis.Redis.from_url(
                url,
                socket_timeout=socket_timeout,
                socket_connect_timeout=socket_timeout,
                retry=Retry(NoBackoff(), 0),
            )
        except ValueError as error:  # a malformed URL: port, db number, scheme
            raise StoreUnavailableError(f"bad Redis URL: {error}", transient=False) from None

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
        except (redis.AuthenticationError, redis.exceptions.AuthorizationError) as error:
            raise StoreUnavailableError(f"Redis store failed: {error}", transient=False) from error
        except (redis.ConnectionError, redis.TimeoutError) as error:
            raise StoreUnavailableError(f"Redis store failed: {error}") from error
        except redis.RedisError as error:  # refused: a password, a read-only replica, ...
            raise StoreUnavailableError(f"Redis store failed: {error}", transient=False) from error
