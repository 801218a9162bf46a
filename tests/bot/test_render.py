from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.answer import Answer, Row, Section, SideBySide, SourceRef, Suggestion
from bot.answers.framework_facts import MAX_LISTED
from bot.brain import Brain
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_FIELD_TEXT,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    escape,
    fallback_text,
    render_blocks,
)
from bot.render.text import for_terminal, render_text
from knowledge import load_knowledge_base

HOSTILE = "<!channel> <@U123> <script>alert(1)</script> & <https://evil.example|click>"


def assert_valid_slack_blocks(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for parsed in Block.parse_all(blocks):
        parsed.validate_json()
    action_ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(action_ids) == len(set(action_ids))


def huge_answer(text: str) -> Answer:
    return Answer(
        title=text * 10,
        sections=tuple(
            Section(heading=text, text=text * 50, bullets=(text * 40,) * 20) for _ in range(80)
        ),
        table=SideBySide(
            columns=(text, text, text), rows=tuple(Row(text, (text * 90,) * 3) for _ in range(30))
        ),
        suggestions=tuple(Suggestion(text * 5, text * 100) for _ in range(40)),
        sources=tuple(SourceRef(text, "https://example.com/x") for _ in range(30)),
    )


def test_escape_neutralises_slack_markup() -> None:
    escaped = escape(HOSTILE)
    assert "<" not in escaped and ">" not in escaped
    assert "&lt;!channel&gt;" in escaped
    assert escape("a\u202eb\u200bc\x00d") == "abcd"


def test_the_notification_text_is_escaped_and_within_limits() -> None:
    answer = Answer(title="<!channel> & <@U123> <https://evil.example|click>\u202e")
    assert fallback_text(answer) == (
        "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt;"
    )
    long = fallback_text(Answer(title="<" * 5000))
    assert len(long) == MAX_SECTION_TEXT and long.startswith("&lt;") and long.endswith("…")


def test_a_huge_answer_stays_within_slack_limits() -> None:
    blocks = render_blocks(huge_answer("Long text with <!here> markup. "))
    assert_valid_slack_blocks(blocks)
    assert len(blocks[0]["text"]["text"]) <= MAX_HEADER_TEXT
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
            for field in block.get("fields", []):
                assert len(field["text"]) <= MAX_FIELD_TEXT
        if block["type"] == "actions":
            for button in block["elements"]:
                assert len(button["text"]["text"]) <= MAX_BUTTON_TEXT
    assert "<!here>" not in json.dumps(blocks)


@pytest.mark.parametrize("message", [
    "django vs flask", "what is fastapi", "cons of flask", "which is fastest", "hi", "help",
    "thanks", "what is the capital of france", "help me choose",
    "compare django and fastapi on security",
])  # fmt: skip
def test_every_reply_renders_valid_blocks_and_readable_text(brain: Brain, message: str) -> None:
    turn = brain.handle(message)
    assert_valid_slack_blocks(turn.reply.blocks)
    for line in for_terminal(turn.reply.text, 80).splitlines():
        # Only a source URL may run past 80 columns: it is never broken, so it stays clickable.
        assert len(line) <= 80 or re.fullmatch(r"  \[\d+\] https://\S+", line), line
    assert turn.reply.text == render_text(turn.answer)


def test_hostile_user_text_never_reaches_blocks_unescaped(brain: Brain) -> None:
    for message in (HOSTILE, HOSTILE * 2000, "flask \u202e<!everyone>\u200b vs django"):
        blocks = brain.handle(message).reply.blocks
        assert_valid_slack_blocks(blocks)
        dumped = json.dumps(blocks)
        for needle in ("<!channel>", "<!everyone>", "<@U123>", "<script>"):
            assert needle not in dumped


def test_a_huge_knowledge_base_entry_renders_within_limits(kb_copy: Path) -> None:
    flask = kb_copy / "frameworks" / "flask.yaml"
    data = yaml.safe_load(flask.read_text(encoding="utf-8"))
    long_fact = {
        "text": "Flask <b>&</b> " + "a very long fact " * 300,
        "source": "article-markdown",
        "as_of": "2021-01-04",
    }
    data["pros"] = [long_fact] * 120
    data["aspects"]["performance"] = [long_fact] * 60
    flask.write_text(yaml.safe_dump(data), encoding="utf-8")
    brain = Brain(load_knowledge_base(kb_copy))
    for message in ("pros of flask", "flask vs django", "flask vs django on performance"):
        reply = brain.handle(message).reply
        assert_valid_slack_blocks(reply.blocks)
        if message == "pros of flask":  # 120 of them: the answer lists the first few
            assert reply.text.count("Flask <b>&</b>") <= MAX_LISTED


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_any_text_gets_a_valid_reply(brain: Brain, text: str) -> None:
    reply = brain.handle(text).reply
    assert reply.text
    assert 0.0 <= reply.confidence <= 1.0
    assert_valid_slack_blocks(reply.blocks)
    dumped = json.dumps(reply.blocks)
    assert "<!" not in dumped and "<@" not in dumped


def test_console_text_never_breaks_a_url_across_lines() -> None:
    url = "https://docs.example.org/en/stable/a/very/long/path/that/would/not/fit/in/one/line/x"
    answer = Answer(
        title="t", sections=(Section(bullets=(f"See the deployment guide at {url} for more.",)),)
    )
    text = render_text(answer)
    assert any(url in line for line in text.splitlines())
