"""Render an Answer as plain text, and wrap plain text for a terminal.

The reply's text has one line per title, paragraph, bullet, row and source: a script, a log
or a test reads whole sentences, whatever the width of the screen that shows them. The
console wraps it to its terminal's width when it prints it (`for_terminal`).
"""

from __future__ import annotations

import re
import shutil
from typing import TextIO

from bot.answer import Answer, Section, SideBySide

WIDTH = 80
# A wide terminal gets lines this long at most: longer ones are hard to read.
MAX_WIDTH = 100
# What starts a list item, kept clear of the text that wraps under it: "- ", "1. ", "[1] ".
_MARKER = re.compile(r"(?:- |\d+\. |\[\d+\] )")


def render_text(answer: Answer, width: int | None = None) -> str:
    """Plain, readable text: title, sections, side-by-side rows, suggestions, sources; one
    line each, or wrapped to `width` columns."""
    parts = [one_line(answer.title)]
    if answer.table is not None:
        parts.append(_table(answer.table))
    parts += [_section(section) for section in answer.sections]
    if answer.prompt is not None:
        options = [
            f"  {n}. {one_line(option)}" for n, option in enumerate(answer.prompt.options, start=1)
        ]
        parts.append("\n".join(options))
    if answer.suggestions:
        parts.append(one_line("Try: " + " | ".join(s.message for s in answer.suggestions)))
    if answer.sources:
        # The address alone, one to a line: it names the page, a terminal makes it
        # clickable only when it is whole, and the titles would double the answer's length
        # (Slack shows each title as the link's text; JSON carries both).
        lines = ["Sources:"]
        lines += [f"  [{n}] {source.url}" for n, source in enumerate(answer.sources, start=1)]
        parts.append("\n".join(lines))
    text = "\n\n".join(p for p in parts if p)
    return text if width is None else for_terminal(text, width)


def for_terminal(text: str, width: int = WIDTH) -> str:
    """Each line wrapped to `width` columns under its own indent: a list item's text hangs
    under its first word, an indented row's two columns further in. Words are never broken,
    so an address stays whole and clickable."""
    wrapped = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        indent = line[: len(line) - len(body)]
        marker = _MARKER.match(body) if indent else None
        if marker is not None:  # the marker stays with the item's first word
            first, body = indent + marker.group(), body[marker.end() :]
            hang = " " * len(first)
        else:
            first, hang = indent, indent + "  " if indent else ""
        wrapped.append(_wrap(body, width, first, hang) if line.strip() else line)
    return "\n".join(wrapped)


def terminal_width(stream: TextIO) -> int:
    """The columns of the terminal `stream` writes to (at most MAX_WIDTH), else WIDTH."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return WIDTH
    return max(WIDTH // 2, min(MAX_WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns))


def _section(section: Section) -> str:
    lines: list[str] = []
    if section.heading:
        lines.append(one_line(section.heading))
    if section.text:
        lines.append(one_line(section.text))
    lines += [f"  - {one_line(bullet)}" for bullet in section.bullets]
    return "\n".join(lines)


def _table(table: SideBySide) -> str:
    blocks = []
    for row in table.rows:
        lines = [one_line(row.label)]
        for column, cell in zip(table.columns, row.cells, strict=True):
            lines.append(f"  {one_line(column)}: {one_line(cell)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def one_line(text: str) -> str:
    """A piece of an answer on one line, its runs of spaces and line breaks one space."""
    return " ".join(text.split())


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    """Greedy word wrap: words are never broken, at hyphens or anywhere else, so a URL
    stays whole and clickable (textwrap.fill does the same, several times slower)."""
    lines: list[str] = []
    line = first
    empty = True  # nothing but the indent on the line yet
    for word in text.split():
        if not empty and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, empty = rest, True
        line = line + word if empty else f"{line} {word}"
        empty = False
    if not empty:
        lines.append(line)
    return "\n".join(lines)
