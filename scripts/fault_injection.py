"""Fault injection against `fwbot serve` over HTTP: are acknowledged events lost or answered
twice?

    .venv/bin/python scripts/fault_injection.py [--scenario NAME ...] [--events 500]
        [--store memory|redis|both] [--outages 5,60] [--json]

Starts a stub of Slack's Web API on loopback (it records every chat.postMessage, can be
slow or down, and answers conversations.replies / .history from what was posted, with the
answers' metadata) and a redis-server of its own (needs `redis-server` on the PATH) for
the Redis runs. Each scenario sends signed `app_mention` events, each in a thread of its
own, counts those acknowledged with HTTP 200 (Slack never redelivers those), and when the
bot is done counts each acknowledged event's answers: none is lost, more than one is
duplicated.

Scenarios:
  sigterm-slow-api   Web API takes 150 ms a call; SIGTERM when half the events are
                     acknowledged. With Redis, a replica started afterwards finishes what
                     the stopped one handed back.
  sigkill-replica    Two replicas sharing Redis, events to both; one is SIGKILLed when half
                     are acknowledged (Redis only).
  api-outage         The Web API refuses connections for N seconds (--outages) while events
                     arrive, then comes back.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import redis
from aiohttp import web

sys.path.insert(0, str(Path(__file__).parent))
from bench_slack import SECRET, free_port, signed

ROOT = Path(__file__).resolve().parents[1]
RUN = os.urandom(3).hex()
SENDERS = 32  # events in flight from the load generator at once


class StubSlack:
    """The Web API on loopback: records answers; can be slow, or down (refusing)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.latency = 0.0
        self.posts: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._refusing = False
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        self._call(self._start_app())

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def _call(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(30)

    async def _start_app(self) -> None:
        application = web.Application()
        application.router.add_route("*", "/api/{method}", self._api)
        self._runner = web.AppRunner(application, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        await self._up()

    async def _up(self) -> None:
        assert self._runner is not None
        self._refusing = False
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()

    async def _down(self) -> None:
        self._refusing = True
        if self._site is not None:
            await self._site.stop()
            self._site = None

    def up(self) -> None:
        self._call(self._up())

    def down(self) -> None:
        """Refuse connections (connections already open are closed too)."""
        self._call(self._down())

    async def _api(self, request: web.Request) -> web.Response:
        if self._refusing:  # a connection kept alive from before the outage: drop it
            if request.transport is not None:
                request.transport.close()
            raise web.HTTPServiceUnavailable
        method = request.match_info["method"]
        if request.content_type == "application/json":
            args: dict[str, Any] = await request.json()
        else:
            args = dict(await request.post()) | dict(request.query)
        if method == "auth.test":
            return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "BBOT"})
        if method == "chat.postMessage":
            with self._lock:
                self.posts.append(args)  # Slack has it from here on, whatever happens next
            await asyncio.sleep(self.latency)
            return web.json_response({"ok": True, "ts": f"{time.time():.6f}"})
        if method in ("conversations.replies", "conversations.history"):
            with self._lock:
                found = [
                    p
                    for p in self.posts
                    if p.get("channel") == args.get("channel")
                    and (method == "conversations.history" or p.get("thread_ts") == args.get("ts"))
                ]
            return web.json_response(
                {
                    "ok": True,
                    "messages": [{"type": "message", "metadata": p.get("metadata")} for p in found],
                }
            )
        return web.json_response({"ok": True})

    def answers(self) -> Counter[str]:
        with self._lock:
            return Counter(str(p.get("thread_ts")) for p in self.posts)

    def close(self) -> None:
        if self._runner is not None:
            self._call(self._runner.cleanup())
        self._loop.call_soon_threadsafe(self._loop.stop)


@dataclass
class Bot:
    url: str
    process: subprocess.Popen[bytes]


def start_bot(store: str, api_url: str, logs: Path, **extra: str) -> Bot:
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-fault", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api_url, "FWBOT_STORE": store, "FWBOT_LOG_LEVEL": "WARNING",
           "FWBOT_RECLAIM_AFTER_SECONDS": "3", **extra}  # fmt: skip
    log = (logs / f"bot-{port}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    bot = Bot(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{bot.url}/readyz", timeout=1):
                return bot
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the bot did not become ready (log: {log.name})") from None
            time.sleep(0.05)


def event_body(scenario: str, n: int) -> str:
    return json.dumps({
        "type": "event_callback", "team_id": "T1", "event_id": f"Ev{scenario}{RUN}-{n}",
        "event": {"type": "app_mention", "user": f"U{n % 50}", "channel": f"C{RUN}",
                  "ts": f"{n}.{RUN}", "text": "<@UBOT> what is flask?"},
    })  # fmt: skip


async def send_events(
    bots: Callable[[int], Bot],
    scenario: str,
    count: int,
    on_acked: Callable[[int], None] = lambda _: None,
    spacing: float = 0.0,
) -> list[str]:
    """Send `count` events (`bots(n)` says to which bot); the threads acknowledged."""
    acked: list[str] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)

    async def sender(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            body = event_body(scenario, n)
            try:
                async with session.post(f"{bots(n).url}/slack/events", data=body.encode(),
                                        headers=signed(body)) as response:  # fmt: skip
                    if response.status == 200:
                        acked.append(f"{n}.{RUN}")
                        on_acked(len(acked))
            except (aiohttp.ClientError, OSError):
                pass  # not acknowledged: Slack would retry it, so it is not ours to lose
            if spacing:
                await asyncio.sleep(spacing)

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(sender(session) for _ in range(SENDERS if not spacing else 1)))
    return acked


@dataclass
class Result:
    scenario: str
    store: str
    acked: int
    answered_once: int = 0
    lost: int = 0
    duplicated: int = 0
    seconds_to_last_answer: float = 0.0
    notes: list[str] = field(default_factory=list)


def settle(stub: StubSlack, acked: list[str], seconds: float, result: Result, store: str) -> Result:
    """Wait until every acknowledged event has an answer (or `seconds` pass) and, with
    Redis, until the stream is empty (nothing left that could still be answered), then
    count."""
    started = time.monotonic()
    deadline = started + seconds
    while not set(acked) <= set(stub.answers()) and time.monotonic() < deadline:
        time.sleep(0.05)
    result.seconds_to_last_answer = round(time.monotonic() - started, 1)
    if store.startswith("redis"):
        while not stream_empty(store) and time.monotonic() < deadline:
            time.sleep(0.05)
    time.sleep(0.5)  # an answer already on its way arrives
    answers = stub.answers()
    result.answered_once = sum(1 for t in acked if answers[t] == 1)
    result.lost = sum(1 for t in acked if answers[t] == 0)
    result.duplicated = sum(1 for t in acked if answers[t] > 1)
    return result


def stop(bot: Bot, sig: int = signal.SIGTERM) -> int:
    if bot.process.poll() is None:
        bot.process.send_signal(sig)
    return bot.process.wait(timeout=120)


def sigterm_slow_api(store: str, events: int, logs: Path) -> Result:
    stub = StubSlack()
    stub.latency = 0.15
    bot = start_bot(store, stub.api_url, logs)
    halfway = events // 2

    def maybe_stop(acked: int) -> None:
        if acked == halfway:
            bot.process.send_signal(signal.SIGTERM)

    acked = asyncio.run(send_events(lambda _: bot, "Term", events, maybe_stop))
    result = Result("sigterm-slow-api", label(store), len(acked))
    code = stop(bot)
    result.notes.append(f"exit code {code}")
    if store != "memory":  # what the stopped replica handed back, a new one answers
        bot = start_bot(store, stub.api_url, logs)
        result.notes.append("a second replica started after the first exited")
    settle(stub, acked, 60, result, store)
    stop(bot)
    stub.close()
    return result


def sigkill_replica(store: str, events: int, logs: Path) -> Result:
    stub = StubSlack()
    stub.latency = 0.15
    first = start_bot(store, stub.api_url, logs)
    second = start_bot(store, stub.api_url, logs)
    halfway = events // 2

    def maybe_kill(acked: int) -> None:
        if acked == halfway:
            first.process.kill()

    def target(n: int) -> Bot:
        return first if n % 2 == 0 and first.process.poll() is None else second

    acked = asyncio.run(send_events(target, "Kill", events, maybe_kill))
    result = Result("sigkill-replica", label(store), len(acked))
    settle(stub, acked, 90, result, store)
    stop(first)
    stop(second)
    stub.close()
    return result


def api_outage(store: str, events: int, logs: Path, outage: float) -> Result:
    stub = StubSlack()
    bot = start_bot(store, stub.api_url, logs)
    stub.down()
    began = time.monotonic()
    spacing = outage / events  # events keep arriving through the outage
    acked = asyncio.run(send_events(lambda _: bot, f"Out{int(outage)}", events, spacing=spacing))
    time.sleep(max(0.0, outage - (time.monotonic() - began)))
    stub.up()
    result = Result(f"api-outage-{outage:g}s", label(store), len(acked))
    settle(stub, acked, 150, result, store)
    lost_metric = metric(bot, "fwbot_answers_lost_total")
    result.notes.append(f"fwbot_answers_lost_total {lost_metric:g}")
    stop(bot)
    stub.close()
    return result


def stream_empty(url: str) -> bool:
    client = redis.Redis.from_url(url)
    try:
        if not client.exists("fwbot:events"):
            return True
        return bool(client.xlen("fwbot:events") == 0
                    and client.xpending("fwbot:events", "fwbot")["pending"] == 0)  # fmt: skip
    finally:
        client.close()


def metric(bot: Bot, prefix: str) -> float:
    with urllib.request.urlopen(f"{bot.url}/metrics", timeout=5) as response:
        lines = response.read().decode().splitlines()
    return sum(float(line.split()[-1]) for line in lines if line.startswith(prefix))


def label(store: str) -> str:
    return "redis" if store.startswith("redis") else store


def start_redis(workdir: Path) -> tuple[str, subprocess.Popen[bytes]]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.3)
    return f"redis://127.0.0.1:{port}/0", process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", action="append",
                        choices=["sigterm-slow-api", "sigkill-replica", "api-outage"])  # fmt: skip
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--outage-events", type=int, default=100)
    parser.add_argument("--store", choices=["memory", "redis", "both"], default="both")
    parser.add_argument("--outages", default="5,60", help="seconds, comma-separated")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    scenarios = args.scenario or ["sigterm-slow-api", "sigkill-replica", "api-outage"]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="fwbot-faults-") as tmp:
        logs = Path(tmp)
        redis_url, redis_process = start_redis(logs) if args.store != "memory" else ("", None)
        stores = {"memory": ["memory"], "redis": [redis_url], "both": ["memory", redis_url]}
        try:
            for scenario in scenarios:
                for store in stores[args.store]:
                    before = len(results)
                    if scenario == "sigterm-slow-api":
                        results.append(sigterm_slow_api(store, args.events, logs))
                    elif scenario == "sigkill-replica" and store != "memory":
                        results.append(sigkill_replica(store, args.events, logs))
                    elif scenario == "api-outage":
                        for outage in (float(s) for s in args.outages.split(",")):
                            results.append(api_outage(store, args.outage_events, logs, outage))
                    if not args.json:
                        for result in results[before:]:
                            print(row(result), flush=True)
        finally:
            if redis_process is not None:
                redis_process.terminate()
                redis_process.wait(timeout=10)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    lost = sum(r.lost for r in results)
    duplicated = sum(r.duplicated for r in results)
    if not args.json:
        print(f"total: {lost} lost, {duplicated} duplicated")
    sys.exit(1 if lost or duplicated else 0)


def row(result: Result) -> str:
    notes = f" ({'; '.join(result.notes)})" if result.notes else ""
    return (
        f"{result.scenario:18} {result.store:7} acked {result.acked:4}  answered once "
        f"{result.answered_once:4}  lost {result.lost:3}  duplicated {result.duplicated:3}  "
        f"last answer after {result.seconds_to_last_answer:5.1f} s{notes}"
    )


if __name__ == "__main__":
    main()
