from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from knowledge.loader import _describe_error, default_path


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


def test_thousands_of_facts_are_kept_small(kb: KnowledgeBase) -> None:
    # Facts are slotted records (no dict, no set of given fields each), and a short string
    # the files give many times, as a topic id, is one string: both took megabytes.
    facts = list(kb.all_facts())
    assert not any(hasattr(fact, "__dict__") for fact in facts)
    on_orm = [topic for fact in facts for topic in fact.topics if topic == "orm"]
    assert len(on_orm) > 100
    assert all(topic is on_orm[0] for topic in on_orm)


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
        ("name: Flask", "name: !shout Flask", "name: !shout Flask"),  # a tag no one builds
    ],
)
def test_yaml_syntax_error_is_reported_on_its_own_line(
    kb_copy: Path, old: str, new: str, bad_line: str
) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, old, new)
    [problem] = problems_of(kb_copy)
    assert problem.startswith(f"{target}:{line_of(target, bad_line)}: YAML syntax error: ")


def test_a_key_given_twice_is_reported_on_its_second_line(kb_copy: Path) -> None:
    """YAML loaders keep the last of two equal keys without a word: a fact given `refutes`
    twice would lose its first list."""
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, "name: Flask", "name: Flask\nname: Flusk")
    [problem] = problems_of(kb_copy)
    line = line_of(target, "name: Flusk")
    assert problem == f"{target}:{line}: duplicate key 'name' (only one may be given)"


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


@pytest.mark.parametrize(
    ("file", "written", "changed", "problem"),
    [
        (
            "aspects.yaml",
            "weak_words: [easy, ",
            "weak_words: [effortless, easy, ",
            "weak_words not among the aspect's words: effortless",
        ),
        (
            "topics.yaml",
            "weak_words: [under the hood]",
            "weak_words: [under the bonnet]",
            "weak_words not among the topic's words: under the bonnet",
        ),
    ],
)
def test_a_weak_word_must_be_one_of_its_owners_words(
    kb_copy: Path, file: str, written: str, changed: str, problem: str
) -> None:
    target = kb_copy / file
    replace_in(target, written, changed)
    problems = problems_of(kb_copy)
    assert any(p.startswith(f"{target}:") and problem in p for p in problems), problems


@pytest.mark.parametrize("stem", ["pro", "large app"])
def test_an_aspect_stem_is_one_word_of_four_letters_or_more(kb_copy: Path, stem: str) -> None:
    """A stem names its aspect in any word it begins: "pro" would name "project" too."""
    target = kb_copy / "aspects.yaml"
    replace_in(target, "    stems: [новичк,", f"    stems: [{stem}, новичк,")
    problems = problems_of(kb_copy)
    assert any(
        p.startswith(f"{target}:") and "stems" in p and "String should" in p for p in problems
    ), problems


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
    assert f"{kb_copy / 'sources.yaml'}:1: file is missing" in problems_of(kb_copy)
    nowhere = tmp_path / "nowhere"
    assert problems_of(nowhere) == [f"{nowhere}:1: not a directory"]


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
        (("pros", 1, "text"), {"type": "string_too_short", "ctx": {"min_length": 1}},
         "pros.1.text: empty text"),
        (("aspects", 5, "stems", 0),
         {"type": "string_too_short", "ctx": {"min_length": 4},
          "msg": "String should have at least 4 characters"},
         "aspects.5.stems.0: String should have at least 4 characters"),
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


def last_line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(number for number, line in enumerate(lines, start=1) if needle in line)


def append_to(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


# Each check of the loader, broken once: (what to break, where the problem is reported).
# A break is (file, old text, new text), or (file, None, text to append).
Break = tuple[str, str | None, str]
CHECKS: dict[str, tuple[list[Break], str, str, str]] = {
    "duplicate aspect id": (
        [("aspects.yaml", None, "  - name: Again\n    words: [zzword]\n    id: security\n")],
        "aspects.yaml", "last:id: security", "duplicate id 'security'",  # on the id's own line
    ),
    "duplicate topic id": (
        [("topics.yaml", None, "  - id: orm\n    name: orm again\n    words: [zzorm]\n")],
        "topics.yaml", "last:- id: orm", "duplicate id 'orm'",
    ),
    "a topic's unknown aspect": (
        [("topics.yaml", None,
          "  - id: zz\n    name: zz\n    aspect: noaspect\n    words: [zzword]\n")],
        "topics.yaml", "aspect: noaspect", "unknown aspect id 'noaspect'",
    ),
    "a source defined twice in one file": (
        [("sources.yaml", None, "  - id: article-markdown\n    title: Again\n"
          "    url: https://example.com/again\n    date: 2021-01-04\n")],
        "sources.yaml", "last:- id: article-markdown",
        "duplicate source id 'article-markdown' (also in sources.yaml)",
    ),
    "a source defined in two files": (  # first in its file: the sources after it still count
        [("sources/flask.yaml", "sources:\n", "sources:\n  - title: Again\n"
          "    url: https://example.com/again\n    date: 2021-01-04\n    id: article-markdown\n")],
        "sources/flask.yaml", "id: article-markdown",
        "duplicate source id 'article-markdown' (also in sources.yaml)",
    ),
    "a fact from a quoted source without its quote": (
        [("frameworks/django.yaml", '  quote: "Django is a free and open-source Python web '
          'development framework used in building websites."\n', "")],
        "frameworks/django.yaml", "summary:", "a fact from 'article' needs a verbatim 'quote'",
    ),
    "a fact's unknown topic": (
        [("frameworks/django.yaml", "topics: [releases]", "topics: [releases, notopic]")],
        "frameworks/django.yaml", "notopic", "unknown topic id 'notopic'",
    ),
    "a word of two aspects": (
        [("aspects.yaml", "words: [security, secure,", "words: [security, Speed, secure,")],
        "aspects.yaml", "words: [security, Speed",
        "word 'Speed' already belongs to aspect 'performance'",
    ),
    "a cell for an unknown topic": (
        [("frameworks/django.yaml", "features:\n  admin:", "features:\n  admn:")],
        "frameworks/django.yaml", "  admn:", "unknown topic id 'admn'",
    ),
    "a ranking from a quoted source without its quote": (
        [("aspects.yaml", ', quote: "In performance, FastAPI is the leader because it is '
          'speed-oriented, then next to Flask, and finally Django, which is not very fast."}',
          "}")],
        "aspects.yaml", "FastAPI leads on performance",
        "a ranking from 'article' needs a verbatim 'quote'",
    ),
    "duplicate question id": (
        [("recommendation.yaml", "  - id: performance\n    text: How much",
          "  - id: building\n    text: How much")],
        "recommendation.yaml", "last:- id: building", "duplicate id 'building'",
    ),
    "an option's unknown aspect": (
        [("recommendation.yaml", "aspect: fullstack", "aspect: noaspect")],
        "recommendation.yaml", "aspect: noaspect", "unknown aspect id 'noaspect'",
    ),
    "an aspect asked over an unknown aspect": (
        [("aspects.yaml", "asked_over: [api, fullstack]", "asked_over: [api, noaspect]")],
        "aspects.yaml", "asked_over: [api, noaspect]", "unknown aspect id 'noaspect'",
    ),
    "a premise's unknown framework": (
        [("premises.yaml", "framework: django", "framework: nofw")],
        "premises.yaml", "framework: nofw", "unknown framework id 'nofw'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("check", CHECKS)
def test_each_check_reports_exactly_its_problem_on_its_line(kb_copy: Path, check: str) -> None:
    breaks, file, needle, message = CHECKS[check]
    for name, old, new in breaks:
        if old is None:
            append_to(kb_copy / name, new)
        else:
            replace_in(kb_copy / name, old, new)
    target = kb_copy / file
    if needle.startswith("last:"):
        line = last_line_of(target, needle.removeprefix("last:"))
    else:
        line = line_of(target, needle)
    assert problems_of(kb_copy) == [f"{target}:{line}: {message}"]


def test_what_no_check_objects_to_loads(kb_copy: Path) -> None:
    """The same word twice in one aspect, an alias spelt like the framework's own name."""
    replace_in(kb_copy / "aspects.yaml", "words: [security, secure,", "words: [security, Security,")
    replace_in(kb_copy / "frameworks" / "flask.yaml", "aliases: [", "aliases: [flask, FLASK, ")
    assert "security" in load_knowledge_base(kb_copy).aspects


def test_a_framework_file_copied_under_another_name_is_reported_twice(kb_copy: Path) -> None:
    frameworks = kb_copy / "frameworks"
    shutil.copy(frameworks / "flask.yaml", frameworks / "flask2.yaml")
    assert problems_of(kb_copy) == [
        f"{frameworks / 'flask2.yaml'}:1: framework id 'flask' already defined in "
        f"{frameworks / 'flask.yaml'}",
        f"{frameworks / 'flask2.yaml'}:1: file name should match the framework id (flask.yaml)",
    ]


@pytest.mark.parametrize(
    "name", ["aspects.yaml", "topics.yaml", "recommendation.yaml", "premises.yaml"]
)
def test_each_missing_file_is_reported(kb_copy: Path, name: str) -> None:
    (kb_copy / name).unlink()
    assert problems_of(kb_copy) == [f"{kb_copy / name}:1: file is missing"]


def test_no_framework_files(kb_copy: Path) -> None:
    for path in (kb_copy / "frameworks").glob("*.yaml"):
        path.unlink()
    assert problems_of(kb_copy) == [f"{kb_copy / 'frameworks'}:1: no framework files (*.yaml)"]


def test_sources_from_the_sources_folder_are_merged(kb: KnowledgeBase) -> None:
    assert {"article", "apiflask-readme"} <= set(kb.sources)  # sources.yaml, sources/flask.yaml
    assert kb.path == default_path()
    assert kb.questions and kb.premises and "orm" in kb.topics


def test_a_framework_file_not_named_after_its_id(kb_copy: Path) -> None:
    frameworks = kb_copy / "frameworks"
    (frameworks / "flask.yaml").rename(frameworks / "flasky.yaml")
    line = line_of(frameworks / "flasky.yaml", "id: flask")
    assert problems_of(kb_copy) == [
        f"{frameworks / 'flasky.yaml'}:{line}: file name should match the framework id (flask.yaml)"
    ]


def test_a_file_that_is_not_a_mapping(kb_copy: Path) -> None:
    (kb_copy / "aspects.yaml").write_text("- performance\n- community\n", encoding="utf-8")
    assert problems_of(kb_copy) == [
        f"{kb_copy / 'aspects.yaml'}:1: expected a mapping at the top level"
    ]


def test_feature_points_are_read_from_the_recommendation_file(kb_copy: Path) -> None:
    recommendation = kb_copy / "recommendation.yaml"
    text = recommendation.read_text(encoding="utf-8")
    text, count = re.subn(
        r"^feature_points:.*$", "feature_points: {built_in: 3, none: 0.25}", text, flags=re.M
    )
    assert count == 1
    recommendation.write_text(text, encoding="utf-8")
    assert load_knowledge_base(kb_copy).feature_points == {"built_in": 3, "none": 0.25}


def test_a_copied_framework_file_is_reported_on_its_id_line(kb_copy: Path) -> None:
    """The id is not the first key here, so its own line is not the file's first."""
    frameworks = kb_copy / "frameworks"
    copy = frameworks / "flask2.yaml"
    shutil.copy(frameworks / "flask.yaml", copy)
    replace_in(copy, "id: flask\nname: Flask\n", "name: Flask\nid: flask\n")
    line = line_of(copy, "id: flask")
    assert line > 1
    assert problems_of(kb_copy) == [
        f"{copy}:{line}: framework id 'flask' already defined in {frameworks / 'flask.yaml'}",
        f"{copy}:{line}: file name should match the framework id (flask.yaml)",
    ]


def test_a_name_or_alias_claimed_twice_is_reported_on_its_own_line(kb_copy: Path) -> None:
    """Names and aliases are compared case- and spacing-blind, the name as well as aliases."""
    target = kb_copy / "frameworks" / "flask.yaml"
    replace_in(target, "name: Flask", "name: Djnago")
    replace_in(target, "aliases: [", "aliases: [Django  REST framework, ")
    claimed = "is already claimed by 'django' (django.yaml)"
    assert problems_of(kb_copy) == [
        f"{target}:{line_of(target, 'name: Djnago')}: alias 'Djnago' {claimed}",
        f"{target}:{line_of(target, 'aliases: [')}: alias 'Django  REST framework' {claimed}",
    ]


def test_a_premise_without_facts_is_reported_on_its_topic_line(kb_copy: Path) -> None:
    premises = kb_copy / "premises.yaml"
    replace_in(premises, "topic: origin.released", "topic: origin.mascot")
    line = line_of(premises, "topic: origin.mascot")
    assert problems_of(kb_copy) == [
        f"{premises}:{line}: topic 'origin.mascot' has no facts for 'django'"
    ]


@pytest.mark.parametrize(
    "loc",
    [("verdict",), ("origin", "creator"), ("origin", "released"), ("origin", "pattern"),
     ("features", "admin")],
)  # fmt: skip
def test_an_unknown_source_is_reported_on_its_line(kb_copy: Path, loc: tuple[str, ...]) -> None:
    target = kb_copy / "frameworks" / "flask.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    fact = data
    for key in loc:
        fact = fact[key]
    fact["source"] = "no-such-source"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    line = line_of(target, "no-such-source")
    assert problems_of(kb_copy) == [f"{target}:{line}: unknown source 'no-such-source'"]


def test_facts_naming_finds_a_name_however_its_parts_are_joined(kb: KnowledgeBase) -> None:
    """ "Node.js" is named as "NodeJS" in FastAPI's facts, "Django Ninja" as "django-ninja"."""
    assert kb.facts_naming("fastapi", "Node.js")
    assert {f.text for f in kb.facts_naming("fastapi", "Node.js")} == {
        f.text for f in kb.facts_naming("fastapi", "nodejs")
    }
    assert not kb.facts_naming("fastapi", "...")
