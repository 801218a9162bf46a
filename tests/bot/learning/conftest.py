"""Stores for the learning tests: SQLite files and a real redis-server, and a way to read
back every byte a store holds (to prove what is not in it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.redis_server import running_redis


@contextmanager
def store_spec(kind: str, tmp_path: Path) -> Iterator[str]:
    """A FWBOT_STORE value of one kind; a redis-server runs while it is in use."""
    if kind == "memory":
        yield "memory"
    elif kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.db'}"
    else:
        with running_redis(tmp_path) as url:
            yield url


@pytest.fixture(params=["memory", "sqlite", "redis"])
def any_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_spec(request.param, tmp_path) as spec:
        yield spec


@pytest.fixture(params=["sqlite", "redis"])
def shared_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A FWBOT_STORE value several processes share."""
    with store_spec(request.param, tmp_path) as spec:
        yield spec


def stored_bytes(spec: str, redis_keys: str = "*") -> bytes:
    """Everything the store holds: the SQLite files byte for byte (free pages and the
    write-ahead log included), or every Redis key (matching `redis_keys`) with its value."""
    if spec.startswith("sqlite:///"):
        path = Path(spec.removeprefix("sqlite:///"))
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    client: Any = redis.Redis.from_url(spec)
    try:
        chunks: list[bytes] = []
        for key in client.keys(redis_keys):
            chunks.append(key)
            kind = client.type(key)
            if kind == b"string":
                chunks.append(client.get(key) or b"")
            elif kind == b"hash":
                for field, value in client.hgetall(key).items():
                    chunks += [field, value]
            elif kind == b"zset":
                chunks += client.zrange(key, 0, -1)
            elif kind == b"set":
                chunks += list(client.smembers(key))
            elif kind == b"list":
                chunks += client.lrange(key, 0, -1)
            else:
                chunks.append(client.dump(key) or b"")
        return b"\n".join(chunks)
    finally:
        client.close()


def learned_bytes(spec: str) -> bytes:
    """What the learning journal holds (its own tables or keys), rows and values included."""
    if spec.startswith("sqlite:///"):
        db = sqlite3.connect(spec.removeprefix("sqlite:///"))
        try:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'learning%'"
                )
            ]
            rows = [repr(row) for t in tables for row in db.execute(f"SELECT * FROM {t}")]
        finally:
            db.close()
        return "\n".join(rows).encode()
    return stored_bytes(spec, "fwbot:learn:*")
