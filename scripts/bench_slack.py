"""Ack latency of `fwbot serve` over HTTP: N concurrent signed event requests on loopback.

    .venv/bin/python scripts/bench_slack.py [--requests 200] [--store memory|redis://...]

Starts a stub Slack Web API and `fwbot serve` on free loopback ports, fires the requests
all at once, and prints p50/p99 of the time to Slack's HTTP 200 (the ack), the throughput,
and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from aiohttp import ClientSession, TCPConnector, web

SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def stub_web_api(port: int) -> web.AppRunner:
    async def answer(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
            )
        return web.json_response({"ok": True, "ts": "1.0"})

    application = web.Application()
    application.router.add_post("/api/{method}", answer)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }


def event_body(index: int) -> str:
    questions = ("django vs flask?", "what is fastapi", "which is fastest", "cons of flask")
    return json.dumps({
        "type": "event_callback", "team_id": "T1", "event_id": f"EvBench{index}",
        "event": {"type": "app_mention", "user": f"U{index}", "channel": "C1",
                  "ts": f"{index}.0", "text": f"<@UBOT> {questions[index % len(questions)]}"},
    })  # fmt: skip


async def fire(url: str, count: int, first_id: int) -> tuple[list[float], float]:
    # One connection per request, so the client never queues a request behind another.
    async with ClientSession(connector=TCPConnector(limit=0)) as session:

        async def one(index: int) -> float:
            body = event_body(first_id + index)
            started = time.perf_counter()
            async with session.post(url, data=body, headers=signed(body)) as response:
                assert response.status == 200, response.status
                await response.read()
            return time.perf_counter() - started

        started = time.perf_counter()
        latencies = await asyncio.gather(*(one(i) for i in range(count)))
        return list(latencies), time.perf_counter() - started


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return (
        f"{name}: p50 {statistics.median(ordered) * 1e3:.1f} ms, "
        f"p99 {p99 * 1e3:.1f} ms, max {ordered[-1] * 1e3:.1f} ms"
    )


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", default="memory")
    parser.add_argument(
        "--server-cpu",
        type=int,
        default=None,
        help="pin the server to this CPU and the load generator to the rest",
    )
    args = parser.parse_args()

    api_port, bot_port = free_port(), free_port()
    stub = await stub_web_api(api_port)
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"http://127.0.0.1:{api_port}/api/",
        "FWBOT_STORE": args.store,
        "FWBOT_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(bot_port)]
    if args.server_cpu is not None:
        # Server on one core, this load generator on the others: they don't steal each
        # other's CPU, as with a load balancer in front of a real replica.
        command = ["taskset", "-c", str(args.server_cpu), *command]
        others = set(range(os.cpu_count() or 1)) - {args.server_cpu}
        if others:
            os.sched_setaffinity(0, others)
    server = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{bot_port}/healthz", timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                await asyncio.sleep(0.05)
        url = f"http://127.0.0.1:{bot_port}/slack/events"
        await fire(url, 20, 10_000_000)  # warm-up
        all_latencies: list[float] = []
        for round_number in range(args.rounds):
            latencies, elapsed = await fire(url, args.requests, round_number * args.requests)
            await asyncio.sleep(1)  # let the round's answers finish before the next burst
            all_latencies += latencies
            print(
                f"round {round_number + 1}: {args.requests} concurrent requests in "
                f"{elapsed * 1e3:.0f} ms ({args.requests / elapsed:.0f} req/s)"
            )
        print(summary(f"burst ack latency ({len(all_latencies)} requests)", all_latencies))
        one_by_one: list[float] = []
        for index in range(args.requests):
            latencies, _ = await fire(url, 1, 5_000_000 + index)
            one_by_one += latencies
        print(summary(f"one-at-a-time ack latency ({len(one_by_one)} requests)", one_by_one))
        print(f"server peak RSS: {peak_rss_mb(server.pid):.1f} MB (store: {args.store})")
    finally:
        server.terminate()
        server.wait(timeout=15)
        await stub.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
