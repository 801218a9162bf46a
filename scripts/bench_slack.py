"""Ack latency of `fwbot serve` over HTTP: N concurrent signed event requests on loopback.

    .venv/bin/python scripts/bench_slack.py [--requests 200] [--rounds 5]
        [--store memory|sqlite:PATH|redis://...] [--server-cpu N]

Starts a stub Slack Web API (its own process) and `fwbot serve` on free loopback ports.
Each round opens N connections at once, sends one signed `app_mention` event on each (every
event distinct, so each is answered in full) and times each from `connect()` to the first
byte of Slack's HTTP 200 (the ack), and each round until the stub has received every
answer's chat.postMessage. The load generator is plain non-blocking sockets, so its own
cost stays small beside the server's. Prints ack p50/p99 over all rounds, the answering
throughput, the ack latency of requests one at a time, and the server's peak RSS.

`--server-cpu 0` pins the server to CPU 0 and everything else to the other CPUs, as when a
load balancer sends a replica its traffic from elsewhere.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import multiprocessing
import os
import selectors
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from aiohttp import web

SECRET = "bench-secret"
# Event ids differ between runs: a Redis store keeps de-dup keys for an hour.
RUN = os.urandom(4).hex()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def stub_web_api(port: int) -> web.AppRunner:
    posts = 0

    async def answer(request: web.Request) -> web.Response:
        nonlocal posts
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
            )
        posts += method == "chat.postMessage"
        return web.json_response({"ok": True, "ts": "1.0"})

    async def count(_: web.Request) -> web.Response:
        return web.json_response({"posts": posts})

    application = web.Application()
    application.router.add_post("/api/{method}", answer)
    application.router.add_get("/count", count)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def _run_stub(port: int) -> None:
    async def forever() -> None:
        await stub_web_api(port)
        await asyncio.Event().wait()

    asyncio.run(forever())


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
        "type": "event_callback", "team_id": "T1", "event_id": f"EvBench{RUN}-{index}",
        "event": {"type": "app_mention", "user": f"U{index}", "channel": "C1",
                  "ts": f"{index}.0", "text": f"<@UBOT> {questions[index % len(questions)]}"},
    })  # fmt: skip


def http_request(port: int, body: str) -> bytes:
    head = [
        "POST /slack/events HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Content-Length: {len(body.encode())}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in signed(body).items()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n" + body).encode()


def burst(port: int, requests: list[bytes]) -> list[float]:
    """Open one connection per request at once; seconds from connect to the response."""
    selector = selectors.DefaultSelector()
    started: dict[socket.socket, float] = {}
    pending: dict[socket.socket, bytes] = {}
    for request in requests:
        sock = socket.socket()
        sock.setblocking(False)
        started[sock] = time.perf_counter()
        sock.connect_ex(("127.0.0.1", port))
        pending[sock] = request
        selector.register(sock, selectors.EVENT_WRITE, data=sock)
    latencies: list[float] = []
    while len(latencies) < len(requests):
        for key, _ in selector.select(timeout=10):
            ready: socket.socket = key.data
            if ready in pending:
                ready.sendall(pending.pop(ready))
                selector.modify(ready, selectors.EVENT_READ, data=ready)
                continue
            status = ready.recv(64)
            latencies.append(time.perf_counter() - started[ready])
            assert status.startswith(b"HTTP/1.1 200"), status
            selector.unregister(ready)
            ready.close()
    selector.close()
    return latencies


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


def posts_seen(api_port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/count", timeout=5) as response:
        return int(json.load(response)["posts"])


def wait_for_posts(api_port: int, count: int) -> None:
    deadline = time.monotonic() + 60
    while posts_seen(api_port) < count:
        assert time.monotonic() < deadline, "the answers never all arrived"
        time.sleep(0.005)


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--store", default="memory")
    parser.add_argument(
        "--server-cpu",
        type=int,
        default=None,
        help="pin the server to this CPU and the load generator to the rest",
    )
    args = parser.parse_args()

    api_port, bot_port = free_port(), free_port()
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
        command = ["taskset", "-c", str(args.server_cpu), *command]
        others = set(range(os.cpu_count() or 1)) - {args.server_cpu}
        if others:
            os.sched_setaffinity(0, others)
    stub = multiprocessing.Process(target=_run_stub, args=(api_port,), daemon=True)
    stub.start()
    server = subprocess.Popen(command, env=env)
    try:
        wait_healthy(bot_port)
        burst(bot_port, [http_request(bot_port, event_body(10_000_000 + i)) for i in range(20)])
        wait_for_posts(api_port, 20)  # warm-up done and answered
        all_latencies: list[float] = []
        answered: list[float] = []
        for round_number in range(args.rounds):
            first = round_number * args.requests
            requests = [http_request(bot_port, event_body(first + i)) for i in range(args.requests)]
            before = posts_seen(api_port)
            began = time.perf_counter()
            latencies = burst(bot_port, requests)
            acked = time.perf_counter() - began
            wait_for_posts(api_port, before + args.requests)
            answered.append(time.perf_counter() - began)
            all_latencies += latencies
            print(
                f"round {round_number + 1}: {args.requests} concurrent events acked in "
                f"{acked * 1e3:.0f} ms, all answered in {answered[-1] * 1e3:.0f} ms"
            )
            time.sleep(0.2)
        print(summary(f"burst ack latency ({len(all_latencies)} requests)", all_latencies))
        rate = args.requests * len(answered) / sum(answered)
        print(f"answering throughput: {rate:.0f} events/s (acked, composed and posted)")
        one_by_one: list[float] = []
        for index in range(args.requests):
            one_by_one += burst(bot_port, [http_request(bot_port, event_body(5_000_000 + index))])
        print(summary(f"one-at-a-time ack latency ({len(one_by_one)} requests)", one_by_one))
        print(f"server peak RSS: {peak_rss_mb(server.pid):.1f} MB (store: {args.store})")
    finally:
        server.terminate()
        server.wait(timeout=15)
        stub.terminate()


if __name__ == "__main__":
    main()
