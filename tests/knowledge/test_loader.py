from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from knowledge.loader import _describe_error


def problems_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(path)
    problems = [str(p) for p in raised.value.problems]
    assert str(raised.value) == "\n".join(problems)  # the message lists every problem
    return problems


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_shipped_knowledge_base_is_valid(kb: KnowledgeBase) -> None:
    assert {"django", "flask", "fastapi"} <= set(kb.frameworks)
    assert "article" in kb.sources
    contract_aspects = {
        "performance", "community", "packages", "flexibility", "jobs", "learning", "security",
        "scalability", "async", "api", "ml", "fullstack", "database", "validation",
    }  # fmt: skip
    assert contract_aspects <= set(kb.aspects)


def test_every_framework_covers_the_articles_six_dimensions(kb: KnowledgeBase) -> None:
    for framework in ("django", "flask", "fastapi"):
        for aspect in ("packages", "community", "performance", "flexibility", "jobs", "learning"):
            assert kb.facts_on(framework, aspect), (framework, aspect)


def test_dated_claims_keep_the_article_and_add_the_current_fact(kb: KnowledgeBase) -> None:
    corrected = [f for f in kb.all_facts() if f.outdated is not None]
    assert len(corrected) >= 5
    assert all(
        (f.outdated is not None and f.outdated.source == "article") or f.source != "article"
        for f in corrected
    )
    flask_async = " ".join(f.text for f in kb.facts_on("flask", "async"))
    assert "2.0" in flask_async


def test_yaml_syntax_error_reports_file_and_line(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, "name: Flask", "name: [Flask")
    problems = problems_of(kb_copy)
    assert any(p.startswith(f"{target}:") and "YAML syntax error" in p for p in problems)
    assert re.match(rf"{re.escape(str(target))}:\d+: ", problems[0])


@pytest.mark.parametrize(
    ("old", "new", "bad_line"),
    [
        ("name: Flask", "name: Flask: again", "name: Flask: again"),
        ("name: Flask", "name: Flask\n\tcolour: green", "colour: green"),
    ],
)
def test_yaml_syntax_error_is_reported_on_its_own_line(
    kb_copy: Path, old: str, new: str, bad_line: str
) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, old, new)
    [problem] = problems_of(kb_copy)
    assert problem.startswith(f"{target}:{line_of(target, bad_line)}: YAML syntax error: ")


def _first_with_outdated(facts: object) -> dict[str, object] | None:
    """The first fact (a YAML mapping) anywhere in `facts` that carries an outdated claim."""
    if isinstance(facts, dict):
        if isinstance(facts.get("outdated"), dict):
            return facts
        facts = list(facts.values())
    if isinstance(facts, list):
        for item in facts:
            found = _first_with_outdated(item)
            if found is not None:
                return found
    return None


def test_an_unknown_source_of_an_outdated_claim_is_reported_on_its_line(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    fact = _first_with_outdated(data)
    assert fact is not None, "flask.yaml has no outdated claim to break"
    fact["outdated"]["source"] = "no-such-outdated-source"  # type: ignore[index]
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = problems_of(kb_copy)
    line = line_of(target, "no-such-outdated-source")
    assert f"{target}:{line}: unknown source 'no-such-outdated-source'" in problems


def test_an_unknown_ranking_source_or_framework_is_reported_on_its_line(kb_copy: Path) -> None:
    target = kb_copy / "aspects.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    ranked = [a for a in data["aspects"] if a.get("ranking")]
    ranked[0]["ranking"]["source"] = "no-such-ranking-source"
    ranked[-1]["ranking"]["order"] = ["djangoo", *ranked[-1]["ranking"]["order"]]
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = problems_of(kb_copy)
    line = line_of(target, "no-such-ranking-source")
    assert f"{target}:{line}: unknown source 'no-such-ranking-source'" in problems
    assert f"{target}:{line_of(target, '- djangoo')}: unknown framework id 'djangoo'" in problems


def test_unknown_and_missing_keys_are_reported_on_their_lines(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "django.yaml"
    replace_in(target, "name: Django", "name: Django\ncolour: green")
    problems = problems_of(kb_copy)
    assert f"{target}:{line_of(target, 'colour:')}: unknown key 'colour'" in problems

    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    del data["colour"], data["verdict"]
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert any("missing key 'verdict'" in p for p in problems_of(kb_copy))


def test_every_problem_is_reported_not_just_the_first(kb_copy: Path) -> None:
    django = kb_copy / "frameworks" / "django.yaml"
    flask = kb_copy / "frameworks" / "flask.yaml"
    replace_in(django, "source: article", "source: no-such-source")
    replace_in(flask, "source: article", "source: another-missing-source")
    problems = problems_of(kb_copy)
    assert any(
        p.startswith(f"{django}:") and "unknown source 'no-such-source'" in p for p in problems
    )
    assert any(
        p.startswith(f"{flask}:") and "unknown source 'another-missing-source'" in p
        for p in problems
    )
    line = line_of(django, "no-such-source")
    assert f"{django}:{line}: unknown source 'no-such-source'" in problems


def test_unknown_aspect_id(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "fastapi.yaml"
    replace_in(target, "  performance:", "  speediness:")
    problems = problems_of(kb_copy)
    line = line_of(target, "speediness:")
    assert f"{target}:{line}: unknown aspect id 'speediness'" in problems


def test_alias_claimed_by_two_frameworks(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, "aliases: [", "aliases: [djnago, ")
    problems = problems_of(kb_copy)
    assert any(
        "alias 'djnago' is already claimed by 'django'" in p
        or "alias 'djnago' is already claimed by 'flask'" in p
        for p in problems
    )


def test_empty_answer_text(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "django.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["pros"][0]["text"] = "   "
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    problems = problems_of(kb_copy)
    assert any(p.startswith(f"{target}:") and "pros.0.text: empty text" in p for p in problems)


def test_missing_file_and_not_a_directory(tmp_path: Path, kb_copy: Path) -> None:
    (kb_copy / "sources.yaml").unlink()
    assert any("sources.yaml:1: file is missing" in p for p in problems_of(kb_copy))
    assert any("not a directory" in p for p in problems_of(tmp_path / "nowhere"))


def test_dialogue_and_premise_files_are_checked_against_the_rest(kb_copy: Path) -> None:
    recommendation = kb_copy / "recommendation.yaml"
    replace_in(recommendation, "scores: {django: 3, flask: 1, fastapi: 0}",
               "scores: {djangoo: 3, flask: 1, fastapi: 0}")  # fmt: skip
    premises = kb_copy / "premises.yaml"
    replace_in(premises, "topic: origin.released", "topic: origin.mascot")
    problems = problems_of(kb_copy)
    assert (
        f"{recommendation}:{line_of(recommendation, 'djangoo')}: unknown framework id 'djangoo'"
        in problems
    )
    assert any(
        p.startswith(f"{premises}:") and "'origin.mascot' has no facts" in p for p in problems
    )


@pytest.mark.parametrize(
    ("loc", "item", "message"),
    [
        (("pros", 0, "colour"), {"type": "extra_forbidden"}, "unknown key 'pros.0.colour'"),
        (("verdict",), {"type": "missing"}, "missing key 'verdict'"),
        (("pros", 1, "text"), {"type": "string_too_short"}, "pros.1.text: empty text"),
        (("name",), {"type": "string_type", "input": True},
         "name: expected text, got a boolean (YAML reads yes/no/on/off so; quote it)"),
        (("name",), {"type": "string_type", "input": 3, "msg": "Input should be a valid string"},
         "name: Input should be a valid string"),
        (("pros",), {"type": "list_type", "input": False, "msg": "Input should be a valid list"},
         "pros: Input should be a valid list"),
        ((), {"type": "model_type"}, "(top level): invalid value"),
    ],
)  # fmt: skip
def test_validation_errors_are_described_for_people(
    loc: tuple[str | int, ...], item: dict[str, object], message: str
) -> None:
    assert _describe_error(loc, item) == message


def test_a_yes_where_text_belongs_is_explained(kb_copy: Path) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, "name: Flask", "name: yes")
    line = line_of(target, "name: yes")
    expected = "name: expected text, got a boolean (YAML reads yes/no/on/off so; quote it)"
    assert f"{target}:{line}: {expected}" in problems_of(kb_copy)
