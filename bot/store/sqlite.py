"""SQLite store: a file that survives a restart; safe for several processes on one host."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.store.base import State, StoreUnavailableError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at REAL NOT NULL
)
"""


class SQLiteStore:
    blocking_io = True

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                str(path), timeout=5.0, check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: no fsync per write; a power cut may lose the last few states,
            # which costs a person one re-asked question, not corrupt data.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as error:
            raise StoreUnavailableError(
                f"cannot open SQLite store {path}: {error}", transient=_transient(error)
            ) from error

    def get(self, key: str) -> State | None:
        row = self._run("SELECT state, expires_at FROM conversations WHERE key = ?", (key,))
        if row is None or row[1] <= self._clock():
            return None
        state: State = json.loads(row[0])
        return state

    def put(self, key: str, state: State, ttl_seconds: float) -> None:
        self._run(
            "INSERT INTO conversations (key, state, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
            "expires_at = excluded.expires_at",
            (key, json.dumps(state), self._clock() + ttl_seconds),
        )

    def add(self, key: str, state: State, ttl_seconds: float) -> bool:
        now = self._clock()
        try:
            with self._lock:
                cursor = self._db.execute(
                    "INSERT INTO conversations (key, state, expires_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
                    "expires_at = excluded.expires_at WHERE conversations.expires_at <= ?",
                    (key, json.dumps(state), now + ttl_seconds, now),
                )
                return cursor.rowcount == 1
        except sqlite3.Error as error:
            raise StoreUnavailableError(
                f"SQLite store failed: {error}", transient=_transient(error)
            ) from error

    def delete(self, key: str) -> None:
        self._run("DELETE FROM conversations WHERE key = ?", (key,))

    def purge_expired(self) -> None:
        self._run("DELETE FROM conversations WHERE expires_at <= ?", (self._clock(),))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, parameters: tuple[object, ...]) -> tuple[str, float] | None:
        try:
            with self._lock:
                row: tuple[str, float] | None = self._db.execute(sql, parameters).fetchone()
                return row
        except sqlite3.Error as error:
            raise StoreUnavailableError(
                f"SQLite store failed: {error}", transient=_transient(error)
            ) from error


def _transient(error: sqlite3.Error) -> bool:
    """Only a lock held by another process passes; anything else (a read-only file, a path
    that can't be created, a corrupt file) needs a person. SQLite says "database is locked"
    for SQLITE_BUSY and "database table is locked" for SQLITE_LOCKED."""
    return "locked" in str(error)
