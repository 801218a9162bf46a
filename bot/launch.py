"""The `fwbot` command's entry point (and `python -m bot`), kept apart from `bot.cli` so the
garbage collector can be held off before anything heavy is imported."""

from __future__ import annotations

import gc
import sys


def run() -> None:
    # Importing pydantic, the schema and the rest makes many objects and no garbage: the
    # collector's passes over them cost a start-up tens of milliseconds. (The brain's build
    # holds it off the same way; see bot.cli._brain.)
    gc.disable()
    try:
        from bot.cli import main  # noqa: PLC0415
    finally:
        gc.enable()
    sys.exit(main(exit_fast=True))
