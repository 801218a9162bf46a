"""Benchmark: `python -m intents.bench` prints median and p99 per message, start-up and RSS.

Understanding alone and the full reply (understanding, composing, rendering text and Block
Kit) are timed per message over several thousand messages built from the training phrases
with real framework spellings and typos filled in; the full reply again over questions people
posted (`intents/evaldata/real*.tsv`: longer, each new to the caches, as users' questions
are); `fwbot ask` start-up is timed as a subprocess, cold (the brain built from the YAML) and
warm (loaded as the previous run kept it, see `bot.warm_start`).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.brain import Brain
from bot.state import ConversationState
from bot.warm_start import CACHE_DIR_SETTING
from intents import Understander
from intents.evaluate import read_labelled_tsv
from intents.phrases import load_phrase_book
from knowledge import KnowledgeBase, load_knowledge_base

SPELLINGS = ("Django", "flask", "FastAPI", "fast api", "djnago", "flsk", "Fast-API", "DJango's")
ASPECT_WORDS = ("performance", "speed", "learning curve", "jobs", "community", "security")
EXTRA = ("", "hi", "<@U123> django vs flask?", "x" * 5000, "🙂 thanks!", "```code``` flask?")
REAL_QUESTIONS = Path(__file__).parent / "evaldata"


def sample_messages(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    book = load_phrase_book()
    phrases = [p for entry in book.intents.values() for p in (*entry.phrases, *entry.holdout)]
    messages = list(EXTRA)
    while len(messages) < count:
        phrase = rng.choice(phrases)
        while "{fw}" in phrase:
            phrase = phrase.replace("{fw}", rng.choice(SPELLINGS), 1)
        phrase = phrase.replace("{aspect}", rng.choice(ASPECT_WORDS))
        messages.append(phrase.replace("{other}", "Express"))
    return messages


def real_questions(count: int, seed: int = 7) -> list[str]:
    """`count` distinct questions people posted (the labelled real batches), in a random
    order: a question seen once is not asked again, so no cache a reply fills speeds it."""
    texts = {
        row.text: None
        for path in sorted(REAL_QUESTIONS.glob("real[0-9]*.tsv"))
        for row in read_labelled_tsv(path)
    }
    questions = list(texts)
    random.Random(seed).shuffle(questions)
    return questions[:count]


def time_each(
    function: Callable[[str], object],
    messages: Sequence[str],
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    timings = []
    for message in messages:
        start = clock()
        function(message)
        timings.append(clock() - start)
    return timings


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{name:<28} n={len(ordered):>5}  median {statistics.median(ordered) * 1e3:7.3f} ms"
        f"  p99 {p99 * 1e3:7.3f} ms  max {ordered[-1] * 1e3:7.3f} ms"
    )


def startup_times(runs: int, cache_dir: str) -> list[float]:
    """`fwbot ask` from process start to exit; `cache_dir` "off" builds the brain each time."""
    command = [sys.executable, "-m", "bot", "ask", "what is django?"]
    env = {**os.environ, CACHE_DIR_SETTING: cache_dir}
    subprocess.run(command, check=True, capture_output=True, env=env)  # keeps a warm brain
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        timings.append(time.perf_counter() - start)
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--real", type=int, default=1500, help="real questions timed")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="cpu: time each message by the CPU time it used (thread_time), which other "
        "processes on a busy machine do not inflate; wall (default): elapsed time",
    )
    args = parser.parse_args(argv)
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter

    kb: KnowledgeBase = load_knowledge_base()
    understander = Understander(kb)
    brain = Brain(kb, understander)
    messages = sample_messages(args.messages)
    posted = real_questions(args.real)

    # Each message as a conversation's first, as Slack and the console hand it over (with a
    # state, so the answer offers "more" where it can).
    def reply(message: str) -> object:
        return brain.handle(message, ConversationState())

    time_each(reply, messages[:200])  # warm caches as a running bot would have them
    # A running bot (`fwbot serve`, `fwbot ask`) freezes what it built at start-up out of
    # the collector's walks; so does the benchmark, to time replies as users get them.
    gc.freeze()
    print(summary("understanding", time_each(understander.understand, messages, clock)))
    print(summary("full reply (text + blocks)", time_each(reply, messages, clock)))
    if posted:
        print(summary("full reply, real questions", time_each(reply, posted, clock)))
    if args.startup_runs:
        print(summary("fwbot ask start-up, cold", startup_times(args.startup_runs, "off")))
        with tempfile.TemporaryDirectory() as cache_dir:
            warm = startup_times(args.startup_runs, cache_dir)
        print(summary("fwbot ask start-up, warm", warm))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: benchmark process {own:.1f} MB, fwbot ask {child:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
