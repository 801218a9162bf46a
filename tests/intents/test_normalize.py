from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intents.normalize import (
    MAX_CHARS,
    code_names,
    normalize,
    strip_slack_markup,
    without_elongation,
)


def test_slack_markup_is_stripped() -> None:
    text = "<@U123ABC> <!channel> <!here> hey <#C1|general> see <https://x.io/a|docs> &amp; more"
    assert normalize(text).text == "hey see docs more"


def test_escaped_markup_code_and_emoji_are_stripped() -> None:
    text = "&lt;!channel&gt; :wave: 👋 ```import django\nprint(1)``` is `flask` ok???"
    assert normalize(text).text == "is flask ok"
    assert normalize(text).is_question


def test_clause_starts_follow_sentence_ends_dashes_and_line_breaks() -> None:
    text = normalize("yo — does flask. hi: is it\nok - fine, django-admin 5.2 e.g. x")
    starts = {text.tokens[i] for i in text.clause_starts}
    assert starts == {"does", "hi", "is", "ok", "fine", "x"}  # not "admin", "5.2" or "g"


def test_possessives_case_and_punctuation() -> None:
    tokens = normalize("FLASK's   speed!!! vs. Django's...").tokens
    assert tokens == ("flask", "speed", "vs", "django")
    assert normalize("What's up, don't care").text == "what up dont care"


def test_a_vowel_sign_is_part_of_its_word_and_an_emoji_selector_is_no_word() -> None:
    """Devanagari vowel signs are combining marks, which \\w leaves out: a word must not be
    cut at them ("फायदे" is one word, not "फ यद"). The selector that makes "☀️" an emoji
    is a mark too, but of no word."""
    assert normalize("मुझे Flask के फायदे बताओ").tokens == ("मुझे", "flask", "के", "फायदे", "बताओ")
    assert normalize("gm all ☀️").tokens == ("gm", "all")


def test_an_apostrophe_that_is_no_english_contraction_parts_the_name_from_its_ending() -> None:
    """Turkish case endings and French and Italian articles stand beside a name with an
    apostrophe: the name must stay a word of its own to be recognised."""
    assert normalize("Flask'ın dezavantajları, Django’nun admini").tokens[:4] == (
        "flask",
        "ın",
        "dezavantajları",
        "django",
    )
    assert normalize("c'est quoi l'ORM? we'd rather they'll").text == (
        "c est quoi l orm wed rather theyll"
    )


def test_a_version_number_is_one_word() -> None:
    tokens = normalize("Is Django 5.2 LTS? Flask 3.1.3, e.g. django. Python 3.12!").tokens
    assert tokens == ("is", "django", "5.2", "lts", "flask", "3.1.3", "e", "g", "django",
                      "python", "3.12")  # fmt: skip


def test_links_without_labels_disappear() -> None:
    assert "https" not in strip_slack_markup("<https://evil.example> hi https://x.y/z")


@given(st.text(max_size=3000))
def test_normalize_accepts_any_text(text: str) -> None:
    result = normalize(text)
    assert result.text == result.text.strip()
    assert len(result.text) <= MAX_CHARS
    assert "<" not in result.text and ">" not in result.text


def test_names_inside_unspaced_scripts_are_separate_words() -> None:
    assert "django" in normalize("感觉Django有点重").tokens
    assert "flask" in normalize("Flaskを使う").tokens


def test_hyphenated_words_are_split_and_remembered() -> None:
    norm = normalize("Is Flask-Login like django-rest-framework? - no")
    assert norm.tokens == ("is", "flask", "login", "like", "django", "rest", "framework", "no")
    assert norm.hyphenated == {1, 4, 5}


def test_a_letter_typed_over_and_over_counts_twice_at_most() -> None:
    typed = without_elongation("Hiiii, thaaanks sooo much, coool, HIIII")
    assert typed == "Hii, thaanks soo much, cool, HII"
    assert without_elongation("django 1000 apps") == "django 1000 apps"  # digits stay


def test_code_names_keep_their_underscores_and_dots() -> None:
    text = "ImportError: `_request_ctx_stack` from django.conf.urls, e.g. AUTH_USER_MODEL in 3.10"
    assert code_names(text) == ("_request_ctx_stack", "django.conf.urls", "auth_user_model")
    assert code_names("is flask 3.1 still maintained, e.g. by pallets?") == ()


def test_a_word_is_one_string_however_many_texts_give_it() -> None:
    # the brain keeps the words of thousands of facts: each word once
    first = normalize("how do migrations squash themselves").tokens
    second = normalize("squash migrations, please").tokens
    assert first[2] == second[1] == "migrations"
    assert first[2] is second[1]
