"""Redaction of a question before its text is kept: nothing that points at a person or a
secret survives (e-mail addresses, URLs, Slack mentions, tokens, long digit runs)."""

from __future__ import annotations

import re

# A kept question is a reminder of what was asked, not a transcript.
MAX_KEPT_CHARS = 500

# Order matters: Slack's own markup first (a mailto link holds an address, a link a URL).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<mailto:[^<>]*>", re.IGNORECASE), "[email]"),
    (re.compile(r"<[@!][^<>]*>"), "[mention]"),  # <@U123>, <@W1|ann>, <!channel>, <!subteam^S1>
    (re.compile(r"<#[^<>]*>"), "[channel]"),  # <#C123|general>
    (re.compile(r"<[a-z][a-z0-9+.\-]*+:[^<>]*>", re.IGNORECASE), "[url]"),  # <https://x|label>
    (re.compile(r"xox[a-z]-[A-Za-z0-9\-]*|xapp-[A-Za-z0-9\-]*"), "[token]"),
    # Runs are matched from their first character only and never backtracked, so a long
    # paste without spaces costs linear time.
    (
        re.compile(r"(?<![\w.%+\-])[\w.%+\-]++@[\w\-]+(?:\.[\w\-]+)+"),
        "[email]",
    ),
    (
        re.compile(r"(?<![a-z0-9+.\-])(?:[a-z][a-z0-9+.\-]*+://|www\.)\S+", re.IGNORECASE),
        "[url]",
    ),
    # Bare Slack user, channel, team and bot ids (U0123ABCD: they have digits; words don't).
    (re.compile(r"\b[UWCGDTB](?=[A-Z]*[0-9])[A-Z0-9]{8,}\b"), "[id]"),
    # Phone, card, account and order numbers: six or more digits, however they are grouped.
    (re.compile(r"\+?\d(?:[\s.\-/()]{0,2}\d){5,}"), "[number]"),
)
_SPACES = re.compile(r"\s+")
# Slack escapes what people type as &amp; &lt; &gt;; kept text reads as they typed it.
_SLACK_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_SLACK_ENTITY = re.compile(r"&(?:lt|gt|amp);")
# Slack's markup comes first; then everything again, with the entities read back (markup
# someone typed, which Slack sent escaped, is redacted too).
_MARKUP_RULES = 4
_MAX_MARKUP_PASSES = 20
_MARKUP_OPENER = re.compile(r"<(?=[@#!]|[a-z][a-z0-9+.\-]*:)", re.IGNORECASE)
# An @mention of the bot that opens the message says nothing about the question.
_LEADING_MENTIONS = re.compile(r"^(?:\s*<@[^<>]*>)+")


def redact(text: str, max_chars: int = MAX_KEPT_CHARS) -> str:
    """The question with personal data and secrets replaced by [email], [url], [mention],
    [channel], [token], [id] and [number]; whitespace collapsed, at most `max_chars`."""
    # Longer than anything kept: the cut below drops whatever a rule could not see whole.
    text = _LEADING_MENTIONS.sub("", text[: max_chars * 4])
    for pattern, placeholder in _RULES[:_MARKUP_RULES]:
        text = pattern.sub(placeholder, text)
    text = _SLACK_ENTITY.sub(lambda m: _SLACK_ENTITIES[m.group()], text)
    for pattern, placeholder in _RULES:
        text = pattern.sub(placeholder, text)
    # Markup nested in markup ("<@<@U1>>") is whole again once the inside is replaced.
    for _ in range(_MAX_MARKUP_PASSES):
        before = text
        for pattern, placeholder in _RULES[:_MARKUP_RULES]:
            text = pattern.sub(placeholder, text)
        if text == before:
            break
    text = _MARKUP_OPENER.sub(" ", text)  # whatever nesting is left opens no markup
    text = _SPACES.sub(" ", text).strip()
    if len(text) > max_chars:
        # Cut at a word boundary so no half of a redacted thing is left at the end.
        text = text[:max_chars].rsplit(" ", 1)[0] + " …"
    return text
