"""Redaction before a question is kept: nothing that points at a person or a secret survives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.learning.redact import MAX_KEPT_CHARS, redact

# An address: a local part starting with a word character, a domain of dotted labels.
EMAIL = re.compile(r"\w[\w.+\-]*@[\w\-]+(?:\.[\w\-]+)+")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("<@UBOT> how do I mail ann.lee+x@corp.example.co.uk from flask?",
         "how do I mail [email] from flask?"),
        ("write to <mailto:bob@example.com|bob@example.com> please", "write to [email] please"),
        ("see <https://intra.example/x?id=7|our wiki> and http://x.y/z", "see [url] and [url]"),
        ("www.example.org/docs says so", "[url] says so"),
        ("<!channel> <!here> <!subteam^S123|@devs> flask?", "[mention] [mention] [mention] flask?"),
        ("ask <@U123ABC|bob> in <#C0123|general>", "ask [mention] in [channel]"),
        ("my token xoxb-1234-5678-abcdEFGH and xapp-1-A0-99", "my token [token] and [token]"),
        ("call +1 (555) 123-4567 or card 4111 1111 1111 1111", "call [number] or card [number]"),
        ("user U0123ABCDEF said", "user [id] said"),
        ("DJANGO DOCUMENTATION IS BEGINNERFRIENDLY", "DJANGO DOCUMENTATION IS BEGINNERFRIENDLY"),
        ("python 3.11.4 vs 3.12 with django 5.2", "python 3.11.4 vs 3.12 with django 5.2"),
        ("flask &amp; django &lt;3", "flask & django <3"),
        ("typed &lt;@U99&gt; literally", "typed [mention] literally"),
        ("  lots   of\n\nspace  ", "lots of space"),
    ],
)  # fmt: skip
def test_personal_data_and_secrets_are_replaced(text: str, kept: str) -> None:
    assert redact(text) == kept


def test_a_long_question_is_cut_at_a_word() -> None:
    kept = redact("word " * 400)
    assert len(kept) <= MAX_KEPT_CHARS + 2
    assert kept.endswith("word …")


_address = st.from_regex(
    r"[a-zñ0-9][a-zñ0-9._+\-]{0,12}@[a-zü0-9\-]{1,10}(\.[a-z]{2,6}){1,2}", fullmatch=True
)
_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(before=_words, address=_address, after=_words)
def test_no_email_address_survives_whatever_surrounds_it(
    before: str, address: str, after: str
) -> None:
    kept = redact(f"{before} {address} {after}")
    assert address not in kept
    assert not EMAIL.search(kept)


# Pieces that make markup, entities, tokens and addresses, in any order and nesting.
_PIECES = st.sampled_from(
    [*"<>@#!&;|:./-_ ", "lt", "gt", "amp", "&lt;", "&gt;", "&amp;", "<@", "<#", "<!",
     "xoxb-", "xapp-", "mailto:", "http://", "U0", "a", "ñ", "1", "@a.io", "io"]
)  # fmt: skip


@given(st.one_of(st.text(max_size=3000), st.lists(_PIECES, max_size=60).map("".join)))
def test_any_text_is_redacted_within_the_limit_and_keeps_no_markup(text: str) -> None:
    kept = redact(text)
    assert len(kept) <= MAX_KEPT_CHARS + 2
    assert not re.search(r"<[@#!][^<>]*>|xox[a-z]-|xapp-", kept)
    assert not EMAIL.search(kept)
