from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from intents import Understander
from intents.entities import EntityExtractor
from intents.lexicon import Lexicon, OtherFramework, load_lexicon
from intents.normalize import normalize
from knowledge import KnowledgeBase, load_knowledge_base


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
        ("Move from Fask to FastAPI ?", ["flask", "fastapi"]),  # four letters, one typo
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
        "my site breaks once I set DEBUG=False",  # "false" is one edit from "flask"
        "the feature flags have flaws",
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
        # Newer Python frameworks we do not cover are named as such, not read as a need.
        ("is robyn actually usable in prod", ["Robyn"]),
        ("blacksheep vs fastapi", ["BlackSheep"]),
    ],
)
def test_other_frameworks_are_recognised(
    understander: Understander, text: str, others: list[str]
) -> None:
    assert understander.signals(text).entities.others == others


def test_ambiguous_other_names_need_a_framework_context(understander: Understander) -> None:
    assert understander.signals("please express your concerns").entities.others == []
    assert understander.signals("express your concerns about speed").entities.others == []
    assert understander.signals("express vs flask").entities.others == ["Express"]
    # a version after the name makes it the framework's ("falcon 4", "rails 8")
    assert understander.signals("falcon 4 for a tiny json api?").entities.others == ["Falcon"]
    assert understander.signals("a falcon for the logo?").entities.others == []


def test_an_ambiguous_name_after_a_modal_or_negation_is_the_ordinary_word(
    understander: Understander,
) -> None:
    """A framework of ours named does not make "express" a framework where it is a verb."""
    said = "flask's jinja templates can't express that layout, so what now?"
    assert understander.signals(said).entities.others == []
    assert understander.signals("flask or express for a tiny api?").entities.others == ["Express"]
    # the name in several words is no ordinary phrase, alone or not
    assert understander.signals("rails still worth learning?").entities.others == []
    ruby = understander.signals("ruby on rails still worth learning?").entities.others
    assert ruby == ["Ruby on Rails"]


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("which is faster", "performance"),
        ("learning curve of django", "learning"),
        ("hiring and job market", "jobs"),
        ("is it batteries included", "fullstack"),
        ("best for serving a machine learning model", "ml"),
        ("perfomance of flask", "performance"),
        ("securty of flask", "security"),  # seven letters: long enough for a typo
        ("djangos speed", "performance"),  # the plural is one word; the next one counts
        ("which one scales better", "scalability"),  # an aspect's word as a verb
        ("does flask do dependency injection", "api"),  # not security's "injection"
        # a stem names its aspect in every ending of an inflecting language
        ("что проще для новичка", "learning"),
        ("skaliert flask überhaupt", "scalability"),
        ("je débute en python", "learning"),
        ("which one for teaching a workshop", "learning"),
        ("what starts hurting once the app gets big", "scalability"),
        ("一番スケールしやすいのは", "scalability"),  # a word of several characters
        ("a news site with a few editors", "fullstack"),
        ("is there a company behind fastapi", "community"),
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


def _nearest_spelling(kb: KnowledgeBase, word: str) -> int:
    spellings = [
        token
        for f in kb.frameworks.values()
        for spelling in (f.id, f.name, *f.aliases)
        for token in normalize(spelling).tokens
    ]
    return min(OSA.distance(word, s) for s in spellings)


@pytest.mark.parametrize(
    ("word", "framework"),
    [("fsatpai", "fastapi"), ("fasttappi", "fastapi"), ("djangorestframwrok", "django")],
)
def test_long_names_tolerate_two_typos(
    understander: Understander, kb: KnowledgeBase, word: str, framework: str
) -> None:
    assert _nearest_spelling(kb, word) == 2  # two edits from every spelling the KB lists
    assert frameworks(understander, f"is {word} any good?") == [framework]


def test_short_names_tolerate_only_one_typo(understander: Understander, kb: KnowledgeBase) -> None:
    assert _nearest_spelling(kb, "fleshk") == 2
    assert frameworks(understander, "is fleshk any good?") == []
    assert frameworks(understander, "is flaxk any good?") == ["flask"]


def test_a_spelling_that_normalises_to_nothing_is_skipped(kb: KnowledgeBase) -> None:
    lexicon = Lexicon(other_frameworks=[OtherFramework(name="Zork", aliases=["!!!", "zork"])])
    extractor = EntityExtractor(kb, lexicon)
    assert extractor.extract(normalize("is zork any good").tokens).others == ["Zork"]


def test_an_aspect_id_with_underscores_is_found_as_words(kb_copy: Path) -> None:
    with (kb_copy / "aspects.yaml").open("a", encoding="utf-8") as aspects:
        aspects.write("  - id: data_science\n    name: Notebooks\n    words: [zzword]\n")
    extractor = EntityExtractor(load_knowledge_base(kb_copy), load_lexicon())
    assert extractor.extract(normalize("flask for data science").tokens).aspects == ["data_science"]


def test_a_bottleneck_is_not_the_bottle_framework(understander: Understander) -> None:
    said = "DRF performs poorly, the bottle neck is not in the query part"
    assert "Bottle" not in understander.understand(said).other_frameworks
    assert "Bottle" in understander.understand("is bottle faster than flask?").other_frameworks
