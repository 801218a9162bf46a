"""The benchmark script runs and reports what README's speed table quotes."""

from __future__ import annotations

import gc

import pytest

from intents import bench


def test_the_benchmark_reports_median_and_p99_for_both_timings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        assert bench.main(["--messages", "40", "--real", "20", "--startup-runs", "0"]) == 0
    finally:
        gc.unfreeze()  # the benchmark freezes what it built, as a running bot does
    lines = capsys.readouterr().out.splitlines()
    timed = [line for line in lines if "median" in line and "p99" in line]
    assert [line.split("  ")[0].strip() for line in timed] == [
        "understanding",
        "full reply (text + blocks)",
        "full reply, real questions",
    ]
    assert any(line.startswith("peak RSS") for line in lines)


def test_real_questions_are_distinct_posts_from_the_labelled_real_batches() -> None:
    questions = bench.real_questions(300)
    assert len(questions) == len(set(questions)) == 300
    # Posts, not the phrases the matcher was built from: most are longer than a phrase.
    assert sum(len(q.split()) > 12 for q in questions) > 100
