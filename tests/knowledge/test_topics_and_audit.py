"""The 2026 schema: topics, the feature matrix, verbatim quotes, freshness."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.comparison import GENERAL_ASPECTS
from knowledge import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from knowledge.audit import missing_cells, missing_quotes, shifted_questions, stale_facts
from tests.processes import buffered_env

DATA = Path(__file__).parent.parent / "data"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(path)
    return [str(p) for p in raised.value.problems]


def edit_framework(kb_dir: Path, framework_id: str, change: Any) -> None:
    path = kb_dir / "frameworks" / f"{framework_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def fwbot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
        env=buffered_env(),
    )


def test_every_feature_has_a_sourced_cell_for_every_shipped_framework(kb: KnowledgeBase) -> None:
    assert missing_cells(kb) == []
    features = [t for t in kb.topics.values() if t.feature]
    assert len(features) >= 20
    for framework in kb.frameworks.values():
        for topic in features:
            cell = framework.features[topic.id]
            assert cell.source in kb.sources
            assert cell.status != "third_party" or cell.package, (framework.id, topic.id)


def test_every_fact_from_the_article_is_quoted(kb: KnowledgeBase) -> None:
    article = [f for f in kb.all_facts() if f.source == "article"]
    assert article
    assert all(f.quote for f in article)


def test_an_unknown_topic_tag_is_reported(kb_copy: Path) -> None:
    def tag(data: dict[str, Any]) -> None:
        data["pros"][0]["topics"] = ["no-such-topic"]

    edit_framework(kb_copy, "flask", tag)
    assert any("unknown topic id 'no-such-topic'" in p for p in problems_of(kb_copy))


def test_a_cell_must_be_for_a_known_topic(kb_copy: Path) -> None:
    def cell(data: dict[str, Any], topic: str) -> None:
        data.setdefault("features", {})[topic] = {
            "text": "x", "source": "article-markdown", "as_of": "2026-01-01", "status": "none"
        }  # fmt: skip

    edit_framework(kb_copy, "flask", lambda data: cell(data, "nonesuch"))
    assert any("unknown topic id 'nonesuch'" in p for p in problems_of(kb_copy))
    # a topic outside the feature matrix may have a cell where a source says
    edit_framework(kb_copy, "flask", lambda data: data["features"].pop("nonesuch"))
    edit_framework(kb_copy, "flask", lambda data: cell(data, "releases"))
    assert load_knowledge_base(kb_copy).feature("flask", "releases") is not None


def test_an_article_fact_without_its_quote_is_reported(kb_copy: Path) -> None:
    def unquote(data: dict[str, Any]) -> None:
        data["verdict"].pop("quote", None)
        data["verdict"]["source"] = "article"

    edit_framework(kb_copy, "flask", unquote)
    assert any("needs a verbatim 'quote'" in p and "flask.yaml" in p for p in problems_of(kb_copy))


def test_every_fact_needs_its_as_of_date(kb_copy: Path) -> None:
    def undate(data: dict[str, Any]) -> None:
        data["summary"].pop("as_of")

    edit_framework(kb_copy, "flask", undate)
    assert any("missing key 'summary.as_of'" in p for p in problems_of(kb_copy))


def test_a_source_defined_twice_across_source_files_is_reported(kb_copy: Path) -> None:
    extra = kb_copy / "sources" / "zz-extra.yaml"
    extra.write_text(
        "sources:\n  - {id: article, title: T, url: 'https://example.org/', date: 2021-01-04}\n",
        encoding="utf-8",
    )
    assert any("duplicate source id 'article'" in p for p in problems_of(kb_copy))


def test_quotes_are_checked_against_the_source_text(kb_copy: Path) -> None:
    def quote(data: dict[str, Any]) -> None:
        data["verdict"].update(source="article", quote="Adrian Holovaty and Simon\nWillison")
        data["summary"].update(source="article", quote="a sentence the excerpt does not have")

    edit_framework(kb_copy, "flask", quote)
    excerpt = (DATA / "article_excerpt.txt").read_text(encoding="utf-8")
    flagged = {f.text for f in missing_quotes(load_knowledge_base(kb_copy), excerpt)}
    flask = load_knowledge_base(kb_copy).framework("flask")
    assert flask.summary.text in flagged
    assert flask.verdict.text not in flagged  # found, line breaks aside


def test_kb_check_quotes_from_fails_on_a_text_without_the_quotes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing quoted here\n", encoding="utf-8")
    result = fwbot("kb", "check", "--quotes-from", str(empty))
    assert result.returncode == 1
    assert "quote not found" in result.stdout


def test_stale_lists_facts_older_than_the_cutoff_oldest_first(kb: KnowledgeBase) -> None:
    everything = stale_facts(kb, 0, date(2100, 1, 1))
    assert len(everything) >= sum(1 for _ in kb.all_facts()) // 2
    none = stale_facts(kb, 12, date(2000, 1, 1))
    assert none == []
    dates = [f.message.split()[2] for f in everything]
    assert dates == sorted(dates)


def test_kb_stale_command_counts_what_it_lists() -> None:
    result = fwbot("kb", "stale", "--months", "1200")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("fact(s) older than 1200 months.")
    assert result.stdout.startswith("0 fact(s)")
    many = fwbot("kb", "stale", "--months", "0")
    assert int(many.stdout.strip().splitlines()[-1].split()[0]) > 10


def _lead(topic_id: str, *positions: int) -> Any:
    def lead(data: dict[str, Any]) -> None:
        for position in positions:
            fact = data["cons"][position]
            fact["topics"] = [*fact.get("topics", []), "releases"]
            fact["leads"] = [topic_id]

    return lead


def test_a_fact_leads_only_a_topic_it_is_filed_under(kb_copy: Path) -> None:
    edit_framework(kb_copy, "flask", _lead("deployment", 0))
    assert any("leads only topics it is filed under, not 'deployment'" in p
               for p in problems_of(kb_copy))  # fmt: skip


def _without_leads(node: Any) -> None:
    """Drops the data's own leads, so a test sets the only ones."""
    if isinstance(node, dict):
        node.pop("leads", None)
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            _without_leads(child)


def test_a_topic_has_one_lead_fact_per_framework(kb_copy: Path) -> None:
    edit_framework(kb_copy, "flask", _without_leads)
    edit_framework(kb_copy, "flask", _lead("releases", 0))
    load_knowledge_base(kb_copy)  # one lead is fine
    edit_framework(kb_copy, "flask", _lead("releases", 1))
    assert any("topic 'releases' already has its lead fact" in p for p in problems_of(kb_copy))


def test_each_article_aspect_opens_with_where_the_framework_stands(kb: KnowledgeBase) -> None:
    """A comparison shows each framework's first fact on the article's six aspects as where
    it stands ("ranks second in performance"): a fact added to the front of the list by a
    later batch (a Rust serializer note) must not take that place."""
    for framework in kb.frameworks.values():
        for aspect in GENERAL_ASPECTS:
            facts = framework.aspects.get(aspect, [])
            assert not facts or facts[0].source == "article", (framework.id, aspect, facts[0].text)


def test_a_question_pasted_one_fact_off_is_found(kb: KnowledgeBase, kb_copy: Path) -> None:
    """The shipped facts share no question with their neighbours; a question list pasted one
    fact off (each fact given the next one's questions too) is reported."""
    assert shifted_questions(kb) == []

    def shift(data: dict[str, Any]) -> None:
        first, second = data["current"][0], data["current"][1]
        second["asked"] = [*second.get("asked", []), first["asked"][0]]

    edit_framework(kb_copy, "flask", shift)
    found = shifted_questions(load_knowledge_base(kb_copy))
    assert [f.framework_id for f in found] == ["flask"]
    assert found[0].text == load_knowledge_base(kb_copy).framework("flask").current[1].text
