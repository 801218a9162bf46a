"""The console transport: a chat prompt for people, or JSON lines for scripts."""

from __future__ import annotations

import contextlib
import sys
from typing import TextIO

from bot.conversations import Conversations
from bot.learning.console_ratings import ConsoleConversation
from bot.learning.journal_memory import MemoryJournal
from bot.learning.recorder import Learning
from bot.render.text import for_terminal, terminal_width
from bot.store import ConversationKey

PROMPT = "you> "
QUIT_WORDS = frozenset({"quit", "exit", ":q", "/quit", "bye!"})


def _enable_history() -> None:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401, PLC0415  (importing it gives input() history and editing)


def run_interactive(
    conversations: Conversations,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    learning: Learning | None = None,
) -> int:
    """Chat until quit, Ctrl-D or Ctrl-C; one conversation, context carried between turns;
    `/good` or `/bad` rates the previous answer."""
    interactive = stdin.isatty()
    if interactive:
        _enable_history()
    names = ", ".join(f.name for f in conversations.brain.kb.frameworks.values())
    print(f"Framework Advisor ({names}). Type 'help' for ideas, 'quit' to leave.", file=stdout)
    chat = ConsoleConversation(
        conversations, learning or Learning(MemoryJournal()), ConversationKey()
    )
    while True:
        try:
            line = input(PROMPT) if interactive else _read_line(stdin, stdout)
        except (EOFError, KeyboardInterrupt):
            print(file=stdout)
            return 0
        if line is None:
            return 0
        if line.strip().casefold() in QUIT_WORDS:
            return 0
        reply = chat.say(line)
        print(f"\n{for_terminal(reply.text, terminal_width(stdout))}\n", file=stdout, flush=True)


def _read_line(stdin: TextIO, stdout: TextIO) -> str | None:
    print(PROMPT, end="", file=stdout, flush=True)
    line = stdin.readline()
    return line.rstrip("\n") if line else None


def run_json_lines(
    conversations: Conversations,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    learning: Learning | None = None,
) -> int:
    """One message per input line, one JSON reply per output line; context carries over."""
    key = ConversationKey(channel="console-json")
    chat = ConsoleConversation(conversations, learning or Learning(MemoryJournal()), key)
    try:
        for line in stdin:
            reply = chat.say(line.rstrip("\n"))
            stdout.write(reply.model_dump_json() + "\n")
            stdout.flush()
    except KeyboardInterrupt:
        return 130
    return 0
