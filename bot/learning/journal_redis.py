"""The journal in Redis: shared by every replica that uses the same FWBOT_STORE.

Keys: `fwbot:learn:day:<YYYY-MM-DD>` (a hash of counters, dropped after COUNTS_DAYS),
`fwbot:learn:questions` (a sorted set of kept questions scored by when each expires) and
`fwbot:learn:mark:<mark>` (once-only marks, expiring on their own).

Given the serving bot's store breaker (bot/store/guard.py), the journal fails like the
conversation store: calls time out as fast (redis-py's own retries off) and are skipped at
once while the breaker is open, so a frozen Redis costs an answer's recording no more than
it costs the answer. Without one (the CLI), calls wait up to a second.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.learning.journal import COUNTS_DAYS, DAY_SECONDS, KeptQuestion
from bot.store.base import StoreUnavailableError
from bot.store.guard import Breaker
from bot.store.redis_store import SOCKET_TIMEOUT_SECONDS

PREFIX = "fwbot:learn:"
QUESTIONS = PREFIX + "questions"


class RedisJournal:
    blocking_io = True
    shared = True

    def __init__(
        self,
        url: str,
        socket_timeout: float = 1.0,
        clock: Callable[[], float] = time.time,
        breaker: Breaker | None = None,
    ) -> None:
        self._clock = clock
        self._breaker = breaker
        if breaker is not None:
            socket_timeout = min(socket_timeout, SOCKET_TIMEOUT_SECONDS)
        self._client: Any = redis.Redis.from_url(
            url,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            retry=Retry(NoBackoff(), 0),
        )

    def record(self, day: str, counters: Sequence[str], kept: KeptQuestion | None) -> None:
        """One round trip: the counters and the kept question in one pipeline."""
        pipe = self._client.pipeline(transaction=False)
        self._queue(pipe, day, counters, kept)
        self._run(pipe.execute)

    def record_once(
        self,
        mark: str,
        mark_ttl_seconds: float,
        day: str,
        counters: Sequence[str],
        kept: KeptQuestion | None,
    ) -> bool:
        ttl = max(1, int(mark_ttl_seconds * 1000))
        if not self._run(self._client.set, PREFIX + "mark:" + mark, 1, px=ttl, nx=True):
            return False
        self.record(day, counters, kept)
        return True

    def _queue(
        self, pipe: Any, day: str, counters: Sequence[str], kept: KeptQuestion | None
    ) -> None:
        key = PREFIX + "day:" + day
        for name in counters:
            pipe.hincrby(key, name, 1)
        pipe.expire(key, COUNTS_DAYS * DAY_SECONDS)
        if kept is not None:
            member = json.dumps({
                "id": secrets.token_hex(8),  # two people asking the same words are two entries
                "text": kept.text, "outcome": kept.outcome, "intent": kept.intent,
                "topic": kept.topic, "at": kept.at, "rated_down": kept.rated_down,
            })  # fmt: skip
            pipe.zadd(QUESTIONS, {member: kept.expires_at})
            pipe.zremrangebyscore(QUESTIONS, "-inf", self._clock())
            # The set goes when its newest question would, even if nothing ever reads it.
            pipe.expireat(QUESTIONS, int(kept.expires_at) + 1)

    def counts(self, first_day: str, last_day: str) -> dict[str, int]:
        first, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        pipe = self._client.pipeline(transaction=False)
        for day in days:
            pipe.hgetall(PREFIX + "day:" + day.isoformat())
        total: dict[str, int] = {}
        for counts in self._run(pipe.execute):
            for name, n in counts.items():
                total[name.decode()] = total.get(name.decode(), 0) + int(n)
        return total

    def kept(self, since: float, now: float) -> list[KeptQuestion]:
        pipe = self._client.pipeline(transaction=False)
        pipe.zremrangebyscore(QUESTIONS, "-inf", now)
        pipe.zrangebyscore(QUESTIONS, f"({now}", "+inf", withscores=True)
        _, members = self._run(pipe.execute)
        kept = []
        for raw, expires_at in members:
            entry = json.loads(raw)
            if entry["at"] >= since:
                kept.append(
                    KeptQuestion(
                        text=entry["text"], outcome=entry["outcome"], intent=entry["intent"],
                        topic=entry["topic"], at=entry["at"], expires_at=float(expires_at),
                        rated_down=bool(entry.get("rated_down")),
                    )
                )  # fmt: skip
        return sorted(kept, key=lambda q: q.at)

    def purge(self) -> int:
        pipe = self._client.pipeline(transaction=True)
        pipe.zcard(QUESTIONS)
        pipe.delete(QUESTIONS)
        purged, _ = self._run(pipe.execute)
        return int(purged)

    def close(self) -> None:
        self._client.close()

    def _run(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        breaker = self._breaker
        if breaker is not None and not breaker.allow():
            raise StoreUnavailableError("Redis journal skipped: the store is down")
        try:
            result = call(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            if breaker is not None:  # Redis is away: the store fails fast too
                breaker.failed(error)
            raise StoreUnavailableError(f"Redis journal failed: {error}") from error
        except redis.RedisError as error:
            if breaker is not None:  # it answered (with an error): it is there
                breaker.succeeded()
            raise StoreUnavailableError(f"Redis journal failed: {error}") from error
        if breaker is not None:
            breaker.succeeded()
        return result
