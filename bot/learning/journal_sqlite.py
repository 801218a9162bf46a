"""The journal in a SQLite file (the conversation store's file, tables of its own): shared
by every process on the host that opens it."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import cast

from bot.learning.journal import COUNTS_DAYS, DAY_SECONDS, KeptQuestion, day_of
from bot.learning.outcome import Outcome
from bot.store.base import StoreUnavailableError

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS learning_counts (
        day TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (day, name)) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS learning_questions (
        id INTEGER PRIMARY KEY, at REAL NOT NULL, expires_at REAL NOT NULL, text TEXT NOT NULL,
        outcome TEXT NOT NULL, intent TEXT NOT NULL, topic TEXT,
        rated_down INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS learning_questions_expiry ON learning_questions (expires_at)",
    """CREATE TABLE IF NOT EXISTS learning_marks (
        mark TEXT PRIMARY KEY, expires_at REAL NOT NULL) WITHOUT ROWID""",
)
_COUNT = (
    "INSERT INTO learning_counts (day, name, n) VALUES (?, ?, 1) "
    "ON CONFLICT(day, name) DO UPDATE SET n = n + 1"
)
_KEEP = (
    "INSERT INTO learning_questions (at, expires_at, text, outcome, intent, topic, rated_down) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class SQLiteJournal:
    blocking_io = True
    shared = True

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                str(path), timeout=5.0, check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # Deleted questions are overwritten, not left in free pages of the file.
            self._db.execute("PRAGMA secure_delete=ON")
            for statement in _SCHEMA:
                self._db.execute(statement)
        except sqlite3.Error as error:
            raise StoreUnavailableError(f"cannot open SQLite journal {path}: {error}") from error

    def record(self, day: str, counters: Sequence[str], kept: KeptQuestion | None) -> None:
        with self._transaction() as db:
            expired = self._record(db, day, counters, kept)
        if expired:
            self._checkpoint()

    def record_once(
        self,
        mark: str,
        mark_ttl_seconds: float,
        day: str,
        counters: Sequence[str],
        kept: KeptQuestion | None,
    ) -> bool:
        now = self._clock()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO learning_marks (mark, expires_at) VALUES (?, ?) "
                "ON CONFLICT(mark) DO UPDATE SET expires_at = excluded.expires_at "
                "WHERE learning_marks.expires_at <= ?",
                (mark, now + mark_ttl_seconds, now),
            )
            if cursor.rowcount != 1:
                return False
            expired = self._record(db, day, counters, kept)
        if expired:
            self._checkpoint()
        return True

    def _record(
        self, db: sqlite3.Connection, day: str, counters: Sequence[str], kept: KeptQuestion | None
    ) -> int:
        """The number of expired questions deleted on the way."""
        db.executemany(_COUNT, [(day, name) for name in counters])
        if kept is None:
            return 0
        db.execute(
            _KEEP,
            (kept.at, kept.expires_at, kept.text, kept.outcome, kept.intent, kept.topic,
             int(kept.rated_down)),
        )  # fmt: skip
        return self._forget_expired(db, self._clock())

    def counts(self, first_day: str, last_day: str) -> dict[str, int]:
        with self._transaction() as db:
            rows = db.execute(
                "SELECT name, SUM(n) FROM learning_counts WHERE day BETWEEN ? AND ? GROUP BY name",
                (first_day, last_day),
            ).fetchall()
        return {str(name): int(n) for name, n in rows}

    def kept(self, since: float, now: float) -> list[KeptQuestion]:
        with self._transaction() as db:
            expired = self._forget_expired(db, now)
            rows = db.execute(
                "SELECT text, outcome, intent, topic, at, expires_at, rated_down "
                "FROM learning_questions WHERE at >= ? ORDER BY at, id",
                (since,),
            ).fetchall()
        if expired:
            self._checkpoint()
        return [
            KeptQuestion(text, cast(Outcome, outcome), intent, topic, at, expires, bool(down))
            for text, outcome, intent, topic, at, expires, down in rows
        ]

    def purge(self) -> int:
        with self._transaction() as db:
            purged = db.execute("DELETE FROM learning_questions").rowcount
        self._checkpoint()
        return int(purged)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _forget_expired(self, db: sqlite3.Connection, now: float) -> int:
        """Delete what has expired; the number of questions deleted."""
        deleted = db.execute("DELETE FROM learning_questions WHERE expires_at <= ?", (now,))
        db.execute("DELETE FROM learning_marks WHERE expires_at <= ?", (now,))
        oldest = day_of(now - COUNTS_DAYS * DAY_SECONDS)
        db.execute("DELETE FROM learning_counts WHERE day < ?", (oldest,))
        return int(deleted.rowcount)

    def _checkpoint(self) -> None:
        """Copy the write-ahead log into the file and empty it, so deleted text does not
        linger in the log's old frames (best effort while other connections read)."""
        try:
            with self._lock:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            raise StoreUnavailableError(f"SQLite journal failed: {error}") from error

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction under the connection's lock; a sqlite3 error becomes
        StoreUnavailableError."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreUnavailableError(f"SQLite journal failed: {error}") from error
