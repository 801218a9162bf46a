"""Proper names in the facts point back to the framework whose facts mention them."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.names import fact_names


def test_names_in_facts_are_indexed_and_ordinary_words_are_not(kb: KnowledgeBase) -> None:
    names = fact_names(kb)
    assert {entry.framework_id for entry in names["instagram"]} == {"django"}
    assert {entry.framework_id for entry in names["tiangolo"]} == {"fastapi"}  # "(tiangolo)"
    assert "instagram" in names["instagram"][0].fact.text.casefold()
    # Capitalised in "Django REST Framework", lowercase elsewhere: an ordinary word.
    assert "framework" not in names
    assert "april" not in fact_names(kb, ignore=["April"])
    # A path names no one: "a datetime known to be in Europe/Helsinki" (a time zone).
    assert any("Europe/" in fact.text for fact in kb.all_facts())
    assert "europe" not in names


def test_aspect_names_read_well_inside_a_sentence(kb: KnowledgeBase) -> None:
    assert kb.aspect("database").in_sentence == "database and ORM"
    assert kb.aspect("api").in_sentence == "building APIs"
    assert kb.aspect("jobs").in_sentence == "job market"
