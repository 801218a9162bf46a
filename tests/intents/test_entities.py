from __future__ import annotations

import pytest

from intents import Understander


def frameworks(understander: Understander, text: str) -> list[str]:
    return understander.signals(text).entities.frameworks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("django vs flask", ["django", "flask"]),
        ("fast api or Fast-API or fast_api", ["fastapi"]),
        ("djnago vs flsk", ["django", "flask"]),
        ("FLASK's routing and DJango's admin", ["flask", "django"]),
        ("djangos and flasks", ["django", "flask"]),
        ("is fastapai any good", ["fastapi"]),
        ("fastapi, then flask, then django", ["fastapi", "flask", "django"]),
        ("django-rest-framework serializers", ["django"]),
        ("what is DRF", ["django"]),
        ("dajngo or falsk", ["django", "flask"]),
    ],
)
def test_frameworks_are_found_in_order_despite_typos(
    understander: Understander, text: str, expected: list[str]
) -> None:
    assert frameworks(understander, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I need a fast answer",
        "the flash of the camera",
        "fastest way to cook pasta",
        "my task is to fix the mask",
        "a flat file",
        "I'd like a flask of tea please",
        "my grandad's hip flask",
    ],
)
def test_ordinary_words_are_not_frameworks(understander: Understander, text: str) -> None:
    assert frameworks(understander, text) == []


@pytest.mark.parametrize(
    ("text", "others"),
    [
        ("Flask vs Express?", ["Express"]),
        ("django ninja or fastapi", ["Django Ninja"]),
        ("NestJS vs Django", ["NestJS"]),
        ("litestar is great", ["Litestar"]),
        ("rails or laravel", ["Ruby on Rails", "Laravel"]),
    ],
)
def test_other_frameworks_are_recognised(
    understander: Understander, text: str, others: list[str]
) -> None:
    assert understander.signals(text).entities.others == others


def test_ambiguous_other_names_need_a_framework_context(understander: Understander) -> None:
    assert understander.signals("please express your concerns").entities.others == []
    assert understander.signals("express vs flask").entities.others == ["Express"]


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("which is faster", "performance"),
        ("learning curve of django", "learning"),
        ("hiring and job market", "jobs"),
        ("is it batteries included", "fullstack"),
        ("best for serving a machine learning model", "ml"),
        ("perfomance of flask", "performance"),
    ],
)
def test_aspects_are_found(understander: Understander, text: str, aspect: str) -> None:
    assert understander.signals(text).entities.aspects[:1] == [aspect]


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        ("what is DRF", ["api"]),  # an alias that is also an aspect's word names both
        ("django rest framework or fastapi?", ["api"]),
        ("django vs flask", []),
    ],
)
def test_an_alias_can_name_an_aspect_too(
    understander: Understander, text: str, aspects: list[str]
) -> None:
    assert understander.signals(text).entities.aspects == aspects
