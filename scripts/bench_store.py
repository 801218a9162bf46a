"""Conversation store latency: median and p99 of get and put for memory, SQLite and Redis.

    .venv/bin/python scripts/bench_store.py [--ops 5000]

Redis is measured against a real redis-server started on a free loopback port (skipped
when the binary is missing). The state is a real conversation state mid-dialogue.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.dialogue import DialogueState
from bot.state import ConversationState
from bot.store import ConversationKey, ConversationStore, open_store
from intents.context import Context

STATE = ConversationState(
    context=Context(intent="compare", frameworks=("django", "flask"), aspect="performance"),
    dialogue=DialogueState(
        answers=(("building", "api"), ("performance", "critical")),
        pending="experience",
        updated_at=time.time(),
    ),
).to_dict()


def timed(operation: Callable[[], object], ops: int) -> list[float]:
    timings = []
    for _ in range(ops):
        start = time.perf_counter()
        operation()
        timings.append(time.perf_counter() - start)
    return timings


def report(name: str, store: ConversationStore, ops: int) -> None:
    keys = [str(ConversationKey("T1", "C1", f"{i}.0", f"U{i}")) for i in range(ops)]
    counter = iter(range(10 * ops))

    def put() -> None:
        store.put(keys[next(counter) % ops], STATE, 3600)

    def get() -> None:
        store.get(keys[next(counter) % ops])

    puts, gets = timed(put, ops), timed(get, ops)
    for label, values in (("put", puts), ("get", gets)):
        ordered = sorted(values)
        p99 = ordered[int(len(ordered) * 0.99) - 1]
        print(
            f"{name:<7} {label}: median {statistics.median(ordered) * 1e6:8.1f} µs"
            f"  p99 {p99 * 1e6:8.1f} µs  (n={len(ordered)})"
        )
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=5000)
    args = parser.parse_args()
    report("memory", open_store("memory"), args.ops)
    with tempfile.TemporaryDirectory() as folder:
        report("sqlite", open_store(f"sqlite:///{Path(folder) / 'state.db'}"), args.ops)
        binary = shutil.which("redis-server")
        if binary is None:
            print("redis   skipped: redis-server is not installed")
            return
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                folder,
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            store = open_store(f"redis://127.0.0.1:{port}/0")
            deadline = time.monotonic() + 10
            while True:
                try:
                    store.get("ping")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
            report("redis", store, args.ops)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
