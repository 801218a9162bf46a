"""One answer with every part, rendered exactly: Block Kit and console text, limits included."""

from __future__ import annotations

import pytest

from bot.answer import Answer, Prompt, Row, Section, SideBySide, SourceRef, Suggestion
from bot.render.blocks import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_BUTTONS,
    MAX_CONTEXT_ELEMENTS,
    MAX_FIELD_TEXT,
    MAX_FIELDS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    render_blocks,
    truncate,
)
from bot.render.text import for_terminal, render_text

ANSWER = Answer(
    title="Django vs <Flask>",
    table=SideBySide(
        columns=("Django", "Flask"),
        rows=(Row("Speed", ("slower", "fast & light")), Row("Size", ("big", "small"))),
    ),
    sections=(
        Section(heading="Verdict", text="Pick <one>.", bullets=("Django: sites", "Flask: APIs")),
        Section(text="Only text."),
    ),
    prompt=Prompt(question="Which?", options=("Django", "Flask <2>")),
    suggestions=(Suggestion("Performance", "compare django and flask on performance"),),
    sources=(SourceRef("The <article>", "https://example.com/a b|c<d>"),),
)


def test_every_part_of_an_answer_as_block_kit() -> None:
    assert render_blocks(ANSWER) == [
        {"type": "header", "text": {"type": "plain_text", "text": "Django vs &lt;Flask&gt;"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Speed*"},
            "fields": [
                {"type": "mrkdwn", "text": "*Django*\nslower"},
                {"type": "mrkdwn", "text": "*Flask*\nfast &amp; light"},
            ],
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Size*"},
            "fields": [
                {"type": "mrkdwn", "text": "*Django*\nbig"},
                {"type": "mrkdwn", "text": "*Flask*\nsmall"},
            ],
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*Verdict*\nPick &lt;one&gt;.\n• Django: sites\n• Flask: APIs",
            },
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": "Only text."}},
        {
            "type": "actions",
            "block_id": "dialogue",
            "elements": [
                {"type": "button", "action_id": "dialogue_option_0",
                 "text": {"type": "plain_text", "text": "Django"}, "value": "Django"},
                {"type": "button", "action_id": "dialogue_option_1",
                 "text": {"type": "plain_text", "text": "Flask &lt;2&gt;"},
                 "value": "Flask &lt;2&gt;"},
            ],
        },
        {
            "type": "actions",
            "block_id": "suggestions",
            "elements": [
                {"type": "button", "action_id": "suggestion_0",
                 "text": {"type": "plain_text", "text": "Performance"},
                 "value": "compare django and flask on performance"},
            ],
        },
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "Sources:"},
                {"type": "mrkdwn", "text": "<https://example.com/abcd|The &lt;article&gt;>"},
            ],
        },
    ]  # fmt: skip


def test_every_part_of_an_answer_as_console_text() -> None:
    assert render_text(ANSWER).split("\n") == [
        "Django vs <Flask>",
        "",
        "Speed",
        "  Django: slower",
        "  Flask: fast & light",
        "",
        "Size",
        "  Django: big",
        "  Flask: small",
        "",
        "Verdict",
        "Pick <one>.",
        "  - Django: sites",
        "  - Flask: APIs",
        "",
        "Only text.",
        "",
        "  1. Django",
        "  2. Flask <2>",
        "",
        "Try: compare django and flask on performance",
        "",
        "Sources:",
        "  [1] https://example.com/a b|c<d>",
    ]


def test_console_text_wraps_at_eighty_with_hanging_indents() -> None:
    long = "word " * 30
    answer = Answer(
        title=long,
        table=SideBySide(columns=("Django",), rows=(Row("Speed", (long,)),)),
        sections=(Section(bullets=(long,)),),
        prompt=Prompt(question="q", options=(long,)),
    )
    lines = render_text(answer, width=80).split("\n")
    assert all(len(line) <= 80 for line in lines)
    assert lines[:2] == ["word " * 15 + "word", "word " * 13 + "word"]
    assert lines[3:5] == ["Speed", "  Django: " + "word " * 13 + "word"]
    assert lines[5].startswith("    word ")  # a cell continues under its text, not its label
    assert lines[8].startswith("  - word ") and lines[9].startswith("    word ")
    assert lines[11].startswith("  1. word ") and lines[12].startswith("     word ")
    assert render_text(answer, width=40).split("\n")[0] == "word " * 7 + "word"
    assert for_terminal(render_text(answer), 80) == render_text(answer, width=80)


def test_the_reply_text_is_one_line_per_part_whatever_the_screen() -> None:
    """A script or a test reads whole sentences ("when creating the application"); the
    console wraps them to its terminal when it prints them."""
    long = "when creating the application " * 5
    answer = Answer(
        title=long, sections=(Section(text="a\n b", bullets=(long, "x  y")),),
        table=SideBySide(columns=("Django",), rows=(Row("Speed", (long,)),)),
    )  # fmt: skip
    assert render_text(answer).split("\n") == [
        long.strip(), "", "Speed", "  Django: " + long.strip(), "", "a b",
        "  - " + long.strip(), "  - x y",
    ]  # fmt: skip


def test_an_answer_with_only_a_title() -> None:
    assert render_text(Answer(title="Hi")) == "Hi"
    assert render_blocks(Answer(title="")) == [
        {"type": "header", "text": {"type": "plain_text", "text": " "}}
    ]


def test_truncate_keeps_the_limit_and_marks_the_cut() -> None:
    assert truncate("abc", 3) == "abc"
    assert truncate("abcd", 3) == "ab…"
    assert truncate("ab   cd", 5) == "ab…"
    assert len(truncate("x" * 10, 5)) == 5


def test_the_limits_are_slacks() -> None:
    assert (MAX_BLOCKS, MAX_SECTION_TEXT, MAX_FIELDS, MAX_FIELD_TEXT, MAX_HEADER_TEXT) == (
        50, 3000, 10, 2000, 150,
    )  # fmt: skip
    assert (MAX_BUTTON_TEXT, MAX_BUTTON_VALUE, MAX_BUTTONS, MAX_CONTEXT_ELEMENTS) == (
        75, 2000, 25, 10,
    )  # fmt: skip


def test_long_parts_are_cut_to_the_limits() -> None:
    answer = Answer(
        title="t" * 200,
        table=SideBySide(columns=tuple("c" * 12), rows=(Row("r", ("x" * 2500,) * 12),)),
        sections=(Section(text="y" * 3500), Section(bullets=("z" * 1000,) * 5)),
        prompt=Prompt(question="q", options=tuple(f"{n}" * 80 for n in range(30))),
        suggestions=tuple(Suggestion("s" * 80, "m" * 2100) for _ in range(3)),
        sources=(
            SourceRef("w" * 3100, "https://e.com/long"),
            *(SourceRef(f"source {n}", f"https://e.com/{n}") for n in range(11)),
        ),
    )
    blocks = render_blocks(answer)
    header, table, long_text, *bullets = blocks[:-3]
    assert header["text"]["text"] == "t" * 149 + "…"
    assert len(table["fields"]) == MAX_FIELDS
    assert table["fields"][0]["text"] == truncate("*c*\n" + "x" * 2500, MAX_FIELD_TEXT)
    assert long_text["text"]["text"] == "y" * 2999 + "…"
    # Five 1002-character bullets: two fit in 3000 characters, then two more, then one.
    assert [b["text"]["text"].count("•") for b in bullets] == [2, 2, 1]
    options, suggestions, sources = blocks[-3:]
    assert len(options["elements"]) == MAX_BUTTONS
    assert options["elements"][0]["text"]["text"] == "0" * 74 + "…"
    assert suggestions["elements"][0]["value"] == "m" * 1999 + "…"
    texts = [e["text"] for e in sources["elements"]]
    assert len(texts) == MAX_CONTEXT_ELEMENTS
    assert texts[0] == "Sources:" and texts[2] == "<https://e.com/0|source 0>"
    long_link = "<https://e.com/long|" + "w" * 3100 + ">"
    assert texts[1] == long_link[:2999] + "…"  # a context element holds 3000 characters
    assert texts[-1] == "and 4 more"  # 12 sources: 8 shown beside "Sources:"


@pytest.mark.parametrize("sections", [48, 60])
def test_a_long_answer_is_shortened_and_keeps_its_closing_blocks(sections: int) -> None:
    answer = Answer(
        title="t",
        sections=tuple(Section(text=f"part {n}") for n in range(sections)),
        suggestions=(Suggestion("s", "m"),),
        sources=(SourceRef("a", "https://e.com"),),
    )
    blocks = render_blocks(answer)
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-2]["block_id"] == "suggestions" and blocks[-1]["type"] == "context"
    assert blocks[-3]["text"]["text"] == "_(answer shortened to fit Slack)_"
    assert blocks[-4]["text"]["text"] == "part 45"


def test_an_answer_that_just_fits_is_not_shortened() -> None:
    answer = Answer(
        title="t",
        sections=tuple(Section(text=f"p{n}") for n in range(47)),
        suggestions=(Suggestion("s", "m"),),
        sources=(SourceRef("a", "https://e"),),
    )
    blocks = render_blocks(answer)
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-3]["text"]["text"] == "p46"


def test_a_row_that_does_not_fit_its_columns_is_a_bug_not_a_silent_cut() -> None:
    answer = Answer(title="t", table=SideBySide(columns=("A", "B"), rows=(Row("r", ("only",)),)))
    with pytest.raises(ValueError, match="zip"):
        render_text(answer)
    with pytest.raises(ValueError, match="zip"):
        render_blocks(answer)


def test_console_suggestions_and_hyphens_wrap_where_they_should_and_sources_never_do() -> None:
    title = "A very long source title " * 4
    answer = Answer(
        title="state-of-the-art " * 6 + "x" * 90,
        suggestions=(Suggestion("a", "what is flask"), Suggestion("b", "what is django")),
        sources=(SourceRef(title.strip(), "https://e.com/" + "p" * 90),),
    )
    lines = render_text(answer, width=80).split("\n")
    # hyphenated words are never split, and a long word is never broken
    words = "state-of-the-art"
    assert lines[:3] == [" ".join([words] * 4), " ".join([words] * 2), "x" * 90]
    assert "Try: what is flask | what is django" in lines
    # a source is its whole address on one line, however long; its title is Slack's link text
    assert lines[lines.index("Sources:") :] == ["Sources:", "  [1] https://e.com/" + "p" * 90]


@pytest.mark.parametrize(("count", "shown"), [(9, 9), (10, 8)])
def test_sources_fill_the_context_block_then_say_how_many_more(count: int, shown: int) -> None:
    answer = Answer(
        title="t", sources=tuple(SourceRef(f"s{n}", f"https://e/{n}") for n in range(count))
    )
    elements = render_blocks(answer)[-1]["elements"]
    assert len(elements) <= MAX_CONTEXT_ELEMENTS
    assert [e["text"] for e in elements[1 : shown + 1]] == [
        f"<https://e/{n}|s{n}>" for n in range(shown)
    ]
    if shown < count:
        assert elements[-1] == {"type": "mrkdwn", "text": f"and {count - shown} more"}
    else:
        assert len(elements) == count + 1
