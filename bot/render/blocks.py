"""Render an Answer as Slack Block Kit, within Slack's limits, with everything escaped."""

from __future__ import annotations

import re
from typing import Any

from bot.answer import Answer, Section, SideBySide

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS = 25
MAX_CONTEXT_ELEMENTS = 10
# Reserve room for the buttons and sources that close every message.
_CLOSING_BLOCKS = 3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

Block = dict[str, Any]


def escape(text: str) -> str:
    """Escape Slack's control characters so text can never form a mention or link."""
    if not text.isprintable():  # (every control character is unprintable: most text has none)
        text = _CONTROL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def render_blocks(answer: Answer) -> list[Block]:
    """Block Kit blocks: header, sections or fields, follow-up buttons, a sources context."""
    body: list[Block] = []
    if answer.table is not None:
        body += _table_blocks(answer.table)
    for section in answer.sections:
        body += _section_blocks(section)
    closing = _closing_blocks(answer)
    room = MAX_BLOCKS - 1 - len(closing)
    if len(body) > room:
        body = [*body[: room - 1], _mrkdwn_section("_(answer shortened to fit Slack)_")]
    header = {
        "type": "header",
        "text": {"type": "plain_text", "text": truncate(_plain(answer.title), MAX_HEADER_TEXT)},
    }
    return [header, *body, *closing]


def fallback_text(answer: Answer) -> str:
    """The notification/accessibility text that goes with the blocks."""
    return truncate(escape(answer.title), MAX_SECTION_TEXT)


def _plain(text: str) -> str:
    # Escaped like mrkdwn: whatever a client does with plain_text, no markup gets through.
    return escape(text) or " "


def _mrkdwn_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}}


def _section_blocks(section: Section) -> list[Block]:
    lines: list[str] = []
    if section.heading:
        lines.append(f"*{escape(section.heading)}*")
    if section.text:
        lines.append(escape(section.text))
    lines += [f"• {escape(bullet)}" for bullet in section.bullets]
    return [_mrkdwn_section(chunk) for chunk in _chunks(lines, MAX_SECTION_TEXT)]


def _table_blocks(table: SideBySide) -> list[Block]:
    blocks: list[Block] = []
    for row in table.rows:
        fields = [
            {
                "type": "mrkdwn",
                "text": truncate(f"*{escape(column)}*\n{escape(cell)}", MAX_FIELD_TEXT),
            }
            for column, cell in zip(table.columns, row.cells, strict=True)
        ][:MAX_FIELDS]
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": truncate(f"*{escape(row.label)}*", MAX_SECTION_TEXT),
                },
                "fields": fields,
            }
        )
    return blocks


def _closing_blocks(answer: Answer) -> list[Block]:
    blocks: list[Block] = []
    if answer.prompt is not None:
        options = [
            {
                "type": "button",
                "action_id": f"dialogue_option_{index}",
                "text": {"type": "plain_text", "text": truncate(_plain(label), MAX_BUTTON_TEXT)},
                "value": truncate(escape(label), MAX_BUTTON_VALUE),
            }
            for index, label in enumerate(answer.prompt.options[:MAX_BUTTONS])
        ]
        blocks.append({"type": "actions", "block_id": "dialogue", "elements": options})
    if answer.suggestions:
        buttons = [
            {
                "type": "button",
                "action_id": f"suggestion_{index}",
                "text": {"type": "plain_text", "text": truncate(_plain(s.label), MAX_BUTTON_TEXT)},
                "value": truncate(escape(s.message), MAX_BUTTON_VALUE),
            }
            for index, s in enumerate(answer.suggestions[:MAX_BUTTONS])
        ]
        blocks.append({"type": "actions", "block_id": "suggestions", "elements": buttons})
    if answer.sources:
        links = [
            {"type": "mrkdwn", "text": truncate(f"<{_safe_url(s.url)}|{escape(s.title)}>", 3000)}
            for s in answer.sources
        ]
        elements = [{"type": "mrkdwn", "text": "Sources:"}, *links]
        if len(elements) > MAX_CONTEXT_ELEMENTS:
            hidden = len(elements) - MAX_CONTEXT_ELEMENTS + 1
            elements = [
                *elements[: MAX_CONTEXT_ELEMENTS - 1],
                {"type": "mrkdwn", "text": f"and {hidden} more"},
            ]
        blocks.append({"type": "context", "elements": elements})
    return blocks[:_CLOSING_BLOCKS]


def _safe_url(url: str) -> str:
    return re.sub(r"[<>|\s]", "", url)


def _chunks(lines: list[str], limit: int) -> list[str]:
    """Join lines into texts of at most `limit` characters, splitting where lines end."""
    chunks: list[str] = []
    current = ""
    for raw_line in lines:
        line = truncate(raw_line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks
