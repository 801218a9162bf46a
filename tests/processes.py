"""Environment for the tests that run `fwbot` in a subprocess."""

from __future__ import annotations

import os


def buffered_env(**extra: str) -> dict[str, str]:
    """This environment without PYTHONUNBUFFERED (which some machines set), plus `extra`:
    stdout to a pipe is then block-buffered, as for a script that runs the bot, so only an
    explicit flush gets a reply out in time."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, **extra}
