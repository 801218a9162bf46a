"""What learning from use costs: per reply, and per record in each store.

    .venv/bin/python scripts/bench_learning.py [--messages 3000] [--ops 2000]

Per reply: the full reply (`Brain.handle`, as `python -m intents.bench` times it), then the
same plus `Learning.note` with FWBOT_KEEP_QUESTIONS=1 (the worst case: every question is
redacted) and the 👍 / 👎 block. Per record: `Learning.record` of a partial answer with a kept
question, the write the Slack worker makes after posting, in memory, SQLite and Redis (a
real redis-server on a free loopback port; skipped when the binary is missing).
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

from bot.brain import Brain
from bot.learning.buttons import feedback_block
from bot.learning.journal import open_journal
from bot.learning.recorder import Learning
from bot.settings import LearningSettings
from intents import Understander
from intents.bench import sample_messages, summary, time_each
from knowledge import load_knowledge_base

KEEP = LearningSettings(keep_questions=True)


def per_reply(messages: int) -> None:
    kb = load_knowledge_base()
    brain = Brain(kb, Understander(kb))
    learning = Learning(open_journal("memory"), KEEP)
    sample = sample_messages(messages)

    def with_learning(message: str) -> None:
        turn = brain.handle(message)
        feedback_block(learning.note(turn.understanding, turn.answer, message))

    time_each(with_learning, sample[:200])  # warm caches as a running bot would have them
    # Interleaved, so a busy machine weighs on both alike.
    plain, learnt = [], []
    for message in sample:
        plain += time_each(brain.handle, [message])
        learnt += time_each(with_learning, [message])
    print(summary("full reply", plain))
    print(summary("full reply + learning note", learnt))


def per_record(name: str, spec: str, ops: int) -> None:
    kb = load_knowledge_base()
    brain = Brain(kb, Understander(kb))
    learning = Learning(open_journal(spec), KEEP)
    turn = brain.handle("does fastapi have lts?")  # partial: counted, and its question kept
    note = learning.note(turn.understanding, turn.answer, "does fastapi have lts?")
    timings = []
    for _ in range(ops):
        start = time.perf_counter()
        learning.record(note)
        timings.append(time.perf_counter() - start)
    ordered = sorted(timings)
    print(
        f"record, {name:<7} median {statistics.median(ordered) * 1e6:7.1f} µs"
        f"  p99 {ordered[int(len(ordered) * 0.99) - 1] * 1e6:7.1f} µs  (n={ops})"
    )
    learning.close()


def with_redis(folder: str, run: Callable[[str], None]) -> None:
    binary = shutil.which("redis-server")
    if binary is None:
        print("record, redis   skipped: redis-server is not installed")
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", folder],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"redis://127.0.0.1:{port}/0"
        journal = open_journal(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                journal.counts("2026-01-01", "2026-01-01")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
        journal.close()
        run(url)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--ops", type=int, default=2000)
    args = parser.parse_args()
    per_reply(args.messages)
    per_record("memory", "memory", args.ops)
    with tempfile.TemporaryDirectory() as folder:
        per_record("sqlite", f"sqlite:///{Path(folder) / 'state.db'}", args.ops)
        with_redis(folder, lambda url: per_record("redis", url, args.ops))


if __name__ == "__main__":
    main()
