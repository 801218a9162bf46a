"""Render an Answer as plain text for an 80-column terminal."""

from __future__ import annotations

from bot.answer import Answer, Section, SideBySide

WIDTH = 80


def render_text(answer: Answer, width: int = WIDTH) -> str:
    """Plain, readable text: title, sections, side-by-side rows, suggestions, sources."""
    parts = [_wrap(answer.title, width)]
    if answer.table is not None:
        parts.append(_table(answer.table, width))
    parts += [_section(section, width) for section in answer.sections]
    if answer.prompt is not None:
        options = [
            _wrap(f"{number}. {option}", width, "  ", "     ")
            for number, option in enumerate(answer.prompt.options, start=1)
        ]
        parts.append("\n".join(options))
    if answer.suggestions:
        parts.append(_wrap("Try: " + " | ".join(s.message for s in answer.suggestions), width))
    if answer.sources:
        # The address alone, one to a line: it names the page, a terminal makes it
        # clickable only when it is whole, and the titles would double the answer's length
        # (Slack shows each title as the link's text; JSON carries both).
        lines = ["Sources:"]
        lines += [f"  [{n}] {source.url}" for n, source in enumerate(answer.sources, start=1)]
        parts.append("\n".join(lines))
    return "\n\n".join(p for p in parts if p)


def _section(section: Section, width: int) -> str:
    lines: list[str] = []
    if section.heading:
        lines.append(_wrap(section.heading, width))
    if section.text:
        lines.append(_wrap(section.text, width))
    lines += [_wrap(bullet, width, "  - ", "    ") for bullet in section.bullets]
    return "\n".join(lines)


def _table(table: SideBySide, width: int) -> str:
    blocks = []
    for row in table.rows:
        lines = [row.label]
        for column, cell in zip(table.columns, row.cells, strict=True):
            lines.append(_wrap(f"{column}: {cell}", width, "  ", "    "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


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
