"""Each question shape gets its own direct answer first, from the facts that answer it.

The facts are planted in a copy of the knowledge base, so each test fails when the shape of
the answer breaks, whatever the shipped facts say.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.budget import BUDGET
from bot.brain import Brain
from bot.render.text import one_line
from knowledge import KnowledgeBase, load_knowledge_base

MARKER = "Zebra-striped marker fact"


def edit_framework(kb_dir: Path, framework_id: str, change: Any) -> None:
    path = kb_dir / "frameworks" / f"{framework_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def cell(status: str, text: str = MARKER, **extra: str) -> dict[str, Any]:
    return {"text": text, "source": "article-markdown", "as_of": "2026-01-01", "status": status,
            **extra}  # fmt: skip


def set_cell(kb_dir: Path, framework_id: str, topic: str, value: dict[str, Any]) -> None:
    def change(data: dict[str, Any]) -> None:
        data.setdefault("features", {})[topic] = value

    edit_framework(kb_dir, framework_id, change)


def body(text: str) -> str:
    """The reply text before its list of sources."""
    return text.split("\n\nSources:", maxsplit=1)[0]


def bullets_of(text: str) -> list[str]:
    """The bullet lines of a reply's text, before its sources."""
    return [line for line in body(text).splitlines() if line.lstrip().startswith("-")]


def add_current_fact(kb_dir: Path, framework_id: str, text: str, topic: str) -> None:
    """A fact on the framework's current state, filed under one topic."""

    def change(data: dict[str, Any]) -> None:
        fact = {"text": text, "source": "article-markdown", "as_of": "2026-03-09",
                "topics": [topic]}  # fmt: skip
        data["current"] = [*data.get("current", []), fact]

    edit_framework(kb_dir, framework_id, change)


def says_a_fact_on(kb: KnowledgeBase, text: str, framework_id: str, aspect: str) -> bool:
    """Whether a part of a reply (whitespace joined) says one of a framework's facts on an
    aspect: the first 60 characters of it, as a citation keeps them."""
    facts = (one_line(f.text) for f in kb.facts_on(framework_id, aspect))
    return any(fact[:60] in text for fact in facts)


def brain_for(kb_dir: Path) -> Brain:
    return Brain(load_knowledge_base(kb_dir))


@pytest.mark.parametrize(
    ("status", "extra", "expected"),
    [
        ("third_party", {"package": "Zebra-Admin"}, "Flask: not built in; use Zebra-Admin"),
        ("built_in", {"since": "9.9"}, "Flask: yes, built in (since 9.9)"),
        ("none", {}, "Flask: no built-in admin interface"),
        (
            "first_party",
            {"package": "Zebra-Admin"},
            "Flask: not built in; via the official add-on Zebra-Admin",
        ),
        ("partial", {}, "Flask: partly built in"),  # its text says which part
    ],
)
def test_a_feature_question_gets_yes_no_or_the_package_first(
    kb_copy: Path, status: str, extra: dict[str, str], expected: str
) -> None:
    set_cell(kb_copy, "flask", "admin", cell(status, **extra))
    turn = brain_for(kb_copy).handle("does flask come with an admin interface?")
    reply = turn.reply
    assert expected in turn.answer.title
    assert MARKER in reply.text
    assert not reply.dialogue.active
    assert len(body(reply.text)) <= BUDGET + 200
    assert reply.sources


def test_a_question_past_yes_or_no_is_not_given_the_features_own_fact(brain: Brain) -> None:
    """ "does django have an orm for postgres?" asks whether: the feature's own fact ("Django
    ships its own ORM") comes among the rest. "are datetimes timezone-aware in django?" is on
    the ORM but shares none of its rarer words with that fact, and "since which version
    ...?" asks past the yes or no: the facts closest to their words fill the answer."""
    cell = "Django ships its own ORM"
    assert cell in brain.handle("does django have an orm for postgres?").reply.text
    aware = brain.handle("are datetimes timezone-aware by default in django?")
    assert cell not in aware.reply.text and "ORM in Django: yes" in aware.answer.title
    since = brain.handle("since which django version are datetimes timezone-aware by default?")
    assert cell not in since.reply.text
    assert "5.0" in since.reply.text


@pytest.mark.parametrize(
    "question",
    [
        "how do i change which columns the django admin list page shows?",
        "where do i hook code that fills a field with the logged-in user in the django admin?",
    ],
)
def test_a_how_to_on_a_built_in_feature_is_titled_with_the_topic_not_its_yes(
    brain: Brain, question: str
) -> None:
    """Working with a feature a framework has built in: that it has it answers another
    question, so the title names the framework and the topic; where it is not built in,
    what to use instead is the answer and leads."""
    title = brain.handle(question).answer.title
    assert title.startswith("Django: ") and "built in" not in title
    fastapi = brain.handle("how do i add an admin panel to fastapi?").answer.title
    assert "not built in" in fastapi


def test_which_has_a_feature_lists_the_framework_that_has_it_built_in_first(
    kb_copy: Path,
) -> None:
    set_cell(kb_copy, "django", "openapi", cell("third_party", package="Zebra-Docs"))
    set_cell(kb_copy, "flask", "openapi", cell("none"))
    set_cell(kb_copy, "fastapi", "openapi", cell("built_in"))
    title = brain_for(kb_copy).handle("which of them gives me swagger docs for free?").answer.title
    assert title.index("FastAPI: yes, built in") < title.index("Django: not built in")
    assert title.index("Django") < title.index("Flask")


def test_which_has_a_feature_says_so_first_when_every_one_has_it_built_in(
    kb_copy: Path,
) -> None:
    for framework_id in ("django", "flask", "fastapi"):
        set_cell(kb_copy, framework_id, "openapi", cell("built_in"))
    question = "which of them gives me swagger docs for free?"
    title = brain_for(kb_copy).handle(question).answer.title
    assert title.startswith("OpenAPI docs: all three have it built in - ")
    # asked of none of them, not which: each one's line alone
    plain = brain_for(kb_copy).handle("is swagger ui served at /docs by default?").answer.title
    assert "all three" not in plain and "Flask: yes, built in" in plain
    set_cell(kb_copy, "flask", "openapi", cell("partial"))
    title = brain_for(kb_copy).handle(question).answer.title
    assert "all three" not in title
    assert "Flask: partly built in" in title


def test_two_compared_on_a_feature_neither_has_are_told_of_the_one_that_has_it(
    kb_copy: Path,
) -> None:
    """ "flask or fastapi for a tool where ops edit rows in an admin?": neither has one built
    in; the one not asked that has it says so in its own fact, cited."""
    zebra = cell("built_in", text="Zebra admin ships built in.", source="django-docs-admin")
    set_cell(kb_copy, "django", "admin", zebra)
    set_cell(kb_copy, "flask", "admin", cell("third_party", package="Zebra-Admin"))
    set_cell(kb_copy, "fastapi", "admin", cell("none"))
    brain = brain_for(kb_copy)
    question = "flask or fastapi for an internal admin where ops edit rows in our tables?"
    reply = brain.handle(question).reply.text
    assert "Not asked, but Django has it built in" in reply
    assert "Zebra admin ships built in." in body(reply)
    assert "docs.djangoproject.com/en/6.1/ref/contrib/admin/" in reply.split("Sources:")[1]
    # one of those asked has it: no note; nor when none of ours has it
    set_cell(kb_copy, "flask", "admin", cell("built_in"))
    assert "Not asked" not in brain_for(kb_copy).handle(question).reply.text
    set_cell(kb_copy, "flask", "admin", cell("none"))
    set_cell(kb_copy, "django", "admin", cell("partial"))
    assert "Not asked" not in brain_for(kb_copy).handle(question).reply.text


def test_a_cell_outside_the_matrix_leads_only_when_whether_is_asked(kb_copy: Path) -> None:
    """Signing is no feature of the matrix; where a source says whether a framework has it,
    its cell gives the yes or no to "built in or do I need a package?", not to every
    question on the topic, nor to one about all three when some have no cell."""
    asked = "does django do cryptographic signing by itself or do i need a package?"
    assert "built in" not in brain_for(kb_copy).handle(asked).answer.title
    set_cell(kb_copy, "django", "signing", cell("built_in"))
    brain = brain_for(kb_copy)
    answer = brain.handle(asked).answer
    assert answer.title.endswith("in Django: yes, built in")
    assert MARKER in " ".join(answer.sections[0].bullets)
    how = brain.handle("how do i sign a value in django with a salt").answer.title
    assert "built in" not in how
    everyone = brain.handle("is signing built in or do i need a package?").answer.title
    assert "Django: yes" not in everyone


def test_a_topic_that_changes_over_time_shows_each_facts_date(kb_copy: Path) -> None:
    def add_release(data: dict[str, Any]) -> None:
        data["current"] = [
            {"text": MARKER, "source": "article-markdown", "as_of": "2026-03-09",
             "topics": ["releases"]}
        ]  # fmt: skip

    edit_framework(kb_copy, "flask", add_release)
    reply = brain_for(kb_copy).handle("is flask still maintained?").reply
    assert f"{MARKER} (as of March 2026)" in reply.text
    assert "April Fool" not in reply.text


def test_why_is_it_slower_gives_the_causes_not_the_generic_ranking(brain: Brain) -> None:
    reply = brain.handle("why is my fastapi endpoint slower than flask?").reply
    causes = {f.text for f in brain.kb.facts_tagged("fastapi", "async-performance")}
    said = one_line(body(reply.text))
    assert any(cause in said for cause in causes)
    ranking = brain.kb.aspect("performance").ranking
    assert ranking is not None
    assert ranking.text not in reply.text


def test_a_measurement_of_ones_own_is_not_answered_with_benchmark_rankings(brain: Brain) -> None:
    """ "wrk shows fewer req/s": the causes, not FastAPI's place in others' benchmarks (the
    benchmark facts are on `benchmarks`, not on why async is not automatically faster)."""
    reply = brain.handle("ported our service to fastapi and wrk shows fewer req/s than flask").reply
    said = one_line(body(reply.text))
    causes = {f.text for f in brain.kb.facts_tagged("fastapi", "async-performance")}
    assert any(cause in said for cause in causes)
    assert "TechEmpower" not in said


def test_when_would_you_pick_each_gets_one_line_per_framework(kb_copy: Path) -> None:
    def set_verdict(text: str) -> Any:
        def change(data: dict[str, Any]) -> None:
            data["verdict"]["text"] = text

        return change

    edit_framework(kb_copy, "django", set_verdict("Django verdict marker."))
    edit_framework(kb_copy, "flask", set_verdict("Flask verdict marker."))
    reply = brain_for(kb_copy).handle("Django vs Flask - when would you pick each?").reply
    picks = body(reply.text).split("What each is")[0]  # what each is and the matrix after
    lines = [line for line in picks.splitlines() if line.strip().startswith("- ")]
    assert len(lines) == 2
    assert "Django verdict marker." in lines[0]
    assert "Flask verdict marker." in lines[1]
    said = one_line(reply.text)
    assert "What each is - Django: Django's docs say it aims to follow" in said
    assert "Built into Django, not Flask: admin interface" in said
    assert "via Flask-Admin" not in said  # what each is says the rest comes as extensions
    assert not any(b.get("type") == "section" and "fields" in b for b in reply.blocks)


def test_when_on_a_topic_naming_no_framework_is_no_choice_between_them(brain: Brain) -> None:
    """ "when ... each" in a question on a topic ("when a user isn't logged in ... in each
    view") is no "when would you pick each"; with two frameworks named, it is."""
    asked = "when a user is not logged in, send them to the login page: must I check in each view?"
    on_topic = brain.handle(asked).reply
    assert "when to pick each" not in on_topic.text.splitlines()[0]
    for choosing in (
        "flask vs fastapi, when do you use which?",
        "django or flask: when would you use each?",
    ):
        assert "when to pick each" in brain.handle(choosing).reply.text.splitlines()[0]


def test_a_bare_comparison_still_gets_the_side_by_side_table(brain: Brain) -> None:
    reply = brain.handle("django vs flask").reply
    rows = [line for line in reply.text.splitlines() if line and not line.startswith(" ")]
    assert rows[1:6] == ["What it is", "Performance", "Learning curve", "Community", "Job market"]


def test_an_opening_message_that_decides_it_gets_the_recommendation_without_the_quiz(
    brain: Brain,
) -> None:
    message = (
        "we need an internal website with user logins and an admin for non-developers, "
        "batteries included matters most. which one should we use?"
    )
    reply = brain.handle(message).reply
    assert reply.recommendation == "django"
    assert not reply.dialogue.active
    assert "From what you told me" in reply.text


def test_a_crud_tool_where_staff_edit_data_is_described_enough_to_decide(brain: Brain) -> None:
    """ "a crud tool ... support staff edit data": what is built and what matters, in the
    words of a back office rather than "website" and "admin"."""
    reply = brain.handle(
        "a crud tool over ~20 tables where support staff edit data, 3 devs. "
        "django, flask or fastapi?"
    ).reply
    assert reply.recommendation == "django"
    assert not reply.dialogue.active


def test_someone_building_alone_between_two_named_gets_a_recommendation(brain: Brain) -> None:
    """ "i'm building ... solo" describes one's own project: the two named are a choice."""
    reply = brain.handle(
        "i'm building a small crm solo, need logins and an admin. django or flask?"
    )
    assert reply.reply.recommendation == "django"


def test_a_decided_opening_adds_the_winners_facts_on_what_it_describes(kb_copy: Path) -> None:
    def plant(data: dict[str, Any]) -> None:
        data["aspects"]["fullstack"] += [
            {"text": "Django admin zebrafilters narrow a long change list by any field.",
             "source": "article-markdown", "as_of": "2026-01-01", "topics": ["admin"]},
            {"text": "Django quokka seats are locked per row while a sale is written.",
             "source": "article-markdown", "as_of": "2026-01-01"},
        ]  # fmt: skip

    edit_framework(kb_copy, "django", plant)
    bot = brain_for(kb_copy)
    opening = (
        "internal website with user logins and an admin for non-developers who need "
        "zebrafilters, batteries included matters most. which one should we use?"
    )
    reply = bot.handle(opening).reply
    assert reply.recommendation == "django"
    text = one_line(reply.text)
    assert "Django on what you describe" in text
    assert "zebrafilters narrow a long change list" in text
    # With no topic in common, the facts that share its rarer words.
    sale = bot.handle(
        "we know django, small team, and two buyers must never get the same quokka seats. "
        "stay with django?"
    ).reply
    assert sale.recommendation == "django"
    assert "quokka seats are locked per row" in one_line(sale.text)


def test_a_decided_opening_on_an_aspect_adds_the_winners_facts_on_it(
    brain: Brain, kb: KnowledgeBase
) -> None:
    """No topic and no fact sharing its words: what the winner offers on the aspect the
    message describes (Pydantic models to reuse: validation) still follows the reasons."""
    reply = brain.handle(
        "our data pipeline already defines each record as a pydantic model; which framework "
        "lets us reuse those for an http api?"
    ).reply
    assert reply.recommendation == "fastapi"
    text = one_line(reply.text)
    described = text.split("FastAPI on what you describe", 1)[1].split("Runner-up", 1)[0]
    assert says_a_fact_on(kb, described, "fastapi", "validation")


def test_the_runner_up_says_what_it_offers_on_the_aspect_asked(
    brain: Brain, kb: KnowledgeBase
) -> None:
    """A choice made for one aspect: what the other one offers on it is the other side of
    the choice, said with the runner-up (not the fact on what favoured it)."""
    reply = brain.handle(
        "our team knows flask; we need async for a few io heavy endpoints. should we "
        "rewrite in fastapi or stay with flask?"
    ).reply
    assert reply.recommendation == "flask"
    text = one_line(reply.text)
    runner_up = text.split("Runner-up: FastAPI", 1)[1].split("Try:", 1)[0]
    assert says_a_fact_on(kb, runner_up, "fastapi", "async")


def test_a_decision_resting_on_a_wrong_premise_is_set_right_first(brain: Brain) -> None:
    reply = brain.handle(
        "our team knows django, but django is sync only so we should switch to fastapi for "
        "our async api, right?"
    ).reply
    assert reply.recommendation is not None
    text = one_line(reply.text)
    correction = text.index("Not true. A quick correction first")
    assert correction < text.index("From what you told me")


def test_a_belief_a_fact_refutes_is_set_right_and_its_denial_agreed_with(kb_copy: Path) -> None:
    def plant(data: dict[str, Any]) -> None:
        data["aspects"]["database"].append(
            {"text": "Django's quokkaraw() runs your SQL as written: pass values in params, "
                     "never format them into the string.",
             "source": "article-markdown", "as_of": "2026-01-01", "topics": ["orm"],
             "refutes": ["Django escapes quokkaraw queries for you"]}
        )  # fmt: skip

    edit_framework(kb_copy, "django", plant)
    bot = brain_for(kb_copy)
    stated = one_line(bot.handle("quokkaraw() is safe, django escapes the queries").reply.text)
    assert "Not true. A quick correction first - Django's quokkaraw() runs your SQL" in stated
    denied = one_line(bot.handle("django does not escape quokkaraw queries, right?").reply.text)
    assert "Right, that is what my sources say - Django's quokkaraw() runs your SQL" in denied
    # Most of the belief's words are needed: one in common is not the belief.
    other = bot.handle("how do I write quokkaraw SQL in django?").reply.text
    assert "A quick correction" not in other and "Right, that is" not in other
    # Only about the framework named.
    flask = bot.handle("flask escapes quokkaraw queries for you").reply.text
    assert "runs your SQL as written" not in flask
    # A long post that has the words here and there says something else.
    post = (
        "our reporting service on django grew over the years; we escape nothing by hand in "
        "templates, the queries behind the dashboards are built with the orm, a few with "
        "quokkaraw for speed, and the nightly exports run in celery workers on two machines"
    )
    said = bot.handle(post).reply.text
    assert "A quick correction" not in said and "Right, that is" not in said


def test_a_belief_that_is_a_negation_is_not_read_into_a_plain_question(
    kb_copy: Path,
) -> None:
    def plant(data: dict[str, Any]) -> None:
        data["aspects"]["async"].append(
            {"text": "Django quokkaviews can be async def functions since Django 3.1.",
             "source": "article-markdown", "as_of": "2026-01-01",
             "refutes": ["Django can't run quokkaviews asynchronously"]}
        )  # fmt: skip

    edit_framework(kb_copy, "django", plant)
    bot = brain_for(kb_copy)
    stated = one_line(bot.handle("django cannot run quokkaviews asynchronously").reply.text)
    assert "Not true. A quick correction first - Django quokkaviews can be async" in stated
    asked = bot.handle("how do I run quokkaviews asynchronously in django?").reply.text
    assert "A quick correction" not in asked and "Right, that is" not in asked


def test_the_way_in_the_framework_asked_is_answered_from_its_facts_alone(brain: Brain) -> None:
    """The framework the asker knows is context, not a second side to compare."""
    reply = brain.handle(
        "in flask we abort(404) when a record is missing. what's the django way?"
    ).reply
    assert reply.text.startswith("Django:")
    assert "\nFlask\n" not in reply.text


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        # a move made, then a how-to in the one moved to: no move to weigh
        (
            "in flask we add jinja filters via @app.template_filter. moving to django templates, "
            "where do custom filters belong and how do i register them?",
            "django",
        ),
        # a way in the one asked about, with another way besides: no pick
        (
            "every flask service of ours uses flask-cors. first fastapi service now. is there a "
            "flask-cors equivalent for fastapi or something already in the box?",
            "fastapi",
        ),
    ],
)
def test_a_how_to_in_the_one_asked_about_is_no_decision_or_pick(
    brain: Brain, message: str, asked: str
) -> None:
    """The other framework named is what the asker knows or leaves, not a side to weigh."""
    reply = brain.handle(message).reply
    assert reply.intent == "describe", reply.text
    assert reply.frameworks == [asked]
    assert not reply.text.startswith("My recommendation")


def test_which_of_something_a_topic_covers_is_not_a_choice_of_framework(brain: Brain) -> None:
    versions = brain.handle(
        "new service: which python version should we standardize on so django, flask and "
        "fastapi all work? small team, one api"
    ).reply
    assert versions.recommendation is None
    assert "Python" in versions.text.splitlines()[0]
    framework = brain.handle(
        "which framework should we pick: django, flask or fastapi? small team, one api, "
        "we know django"
    ).reply
    assert framework.recommendation is not None


def test_a_move_inside_one_framework_is_not_a_choice_of_framework(brain: Brain) -> None:
    inside = brain.handle("can I switch to a custom user model halfway through the project?")
    assert inside.reply.recommendation is None
    frameworks = brain.handle(
        "internal dashboard with logins and nightly reports, our team writes Flask today: "
        "keep it or move?"
    )
    assert frameworks.reply.recommendation is not None


def test_asking_to_be_guided_still_starts_the_questions(brain: Brain) -> None:
    reply = brain.handle("help me choose a framework").reply
    assert reply.dialogue.active
    assert reply.recommendation is None


def test_a_side_question_mid_quiz_gets_the_direct_answer_then_the_question(
    kb_copy: Path,
) -> None:
    set_cell(kb_copy, "fastapi", "orm", cell("third_party", package="ZebraModel"))
    bot = brain_for(kb_copy)
    turn = bot.handle("help me choose a framework")
    pending = turn.reply.dialogue.question
    side = bot.handle("does fastapi have an ORM?", turn.state).reply
    assert "not built in; use ZebraModel" in side.text
    assert side.dialogue.active
    assert side.dialogue.question == pending


def test_no_facts_on_the_topic_says_so_by_name(kb_copy: Path) -> None:
    def drop_websockets(data: dict[str, Any]) -> None:
        data.get("features", {}).pop("websockets", None)
        for facts in data["aspects"].values():
            for fact in facts:
                fact["topics"] = [t for t in fact.get("topics", []) if t != "websockets"]

    edit_framework(kb_copy, "flask", drop_websockets)
    set_cell(kb_copy, "django", "websockets", cell("third_party", package="Zebra Channels"))
    reply = brain_for(kb_copy).handle("django or flask for websockets?").reply
    assert "I have no facts on WebSockets for Flask" in reply.text
    assert "Zebra Channels" in reply.text


def test_a_comparison_with_more_to_it_gets_the_main_differences_not_the_table(
    kb_copy: Path,
) -> None:
    def all_built_in_but_admin(data: dict[str, Any]) -> None:
        for topic, value in data["features"].items():
            value["status"] = "built_in"
            value.pop("package", None)
            if topic == "admin":
                value.update(status="third_party", package="Zebra-Admin")

    edit_framework(kb_copy, "fastapi", all_built_in_but_admin)
    set_cell(kb_copy, "django", "admin", cell("built_in"))
    bot = brain_for(kb_copy)
    reply = bot.handle("why would a team pick fastapi rather than django for a new service?").reply
    text = one_line(reply.text)
    assert "Built into Django, not FastAPI: admin interface." in text
    assert "FastAPI: admin interface via Zebra-Admin." in text
    assert "Job market" not in text  # the six-row table is for a bare "X vs Y"
    bare = bot.handle("django vs fastapi?").reply
    assert "Job market" in bare.text
    assert "Main differences" not in bare.text


def test_a_how_to_on_a_covered_topic_is_answered_but_a_bug_report_is_not(kb_copy: Path) -> None:
    set_cell(kb_copy, "flask", "background-tasks", cell("third_party", package="Zebra-Queue"))
    bot = brain_for(kb_copy)
    how_to = bot.handle("how do I run background jobs in flask?").reply
    assert how_to.intent == "describe"
    assert "not built in; use Zebra-Queue" in how_to.text
    bug = bot.handle("how do I fix background jobs in flask, the worker throws an exception").reply
    assert bug.intent == "out_of_scope"
    said = one_line(bug.text)
    assert said.startswith("I can't debug that one")  # not answered as if asked how to
    assert "But here is what my sources say on background tasks." in said
    bullets = [line for line in bug.text.splitlines() if line.lstrip().startswith("-")]
    assert bullets  # but what the facts say on it follows


def test_a_how_to_on_a_feature_leads_with_the_fact_closest_to_its_words(kb_copy: Path) -> None:
    set_cell(kb_copy, "flask", "background-tasks", cell("third_party", package="Zebra-Queue"))

    def add_retry_fact(data: dict[str, Any]) -> None:
        retries = "Zebra-Queue retries a failed job after a backoff delay."
        data["current"].append(
            {
                "text": retries,
                "source": "article-markdown",
                "as_of": "2026-01-01",
                "topics": ["background-tasks"],
            }
        )

    edit_framework(kb_copy, "flask", add_retry_fact)
    bot = brain_for(kb_copy)
    bug = bot.handle("my flask background job failed and the retry has no backoff delay, it throws")
    assert bug.reply.intent == "out_of_scope"
    bullets = [line for line in bug.reply.text.splitlines() if line.lstrip().startswith("-")]
    assert "retries a failed job" in bullets[0]  # not the feature's own fact first
    how_to = bot.handle("how do i make flask background jobs retry after a backoff delay?")
    assert how_to.reply.text.startswith("Background tasks in Flask: not built in; use Zebra")
    first = next(line for line in how_to.reply.text.splitlines() if line.lstrip().startswith("-"))
    assert "retries a failed job" in first  # the yes / no stays in the title


def test_a_topic_question_naming_no_framework_gets_the_best_facts_wherever_they_are(
    kb_copy: Path,
) -> None:
    def add_server_fact(data: dict[str, Any]) -> None:
        data["current"].append(
            {"text": "Quokkacorn serves FastAPI apps with one worker per core.",
             "source": "article-markdown", "as_of": "2026-01-01", "topics": ["deployment"]}
        )  # fmt: skip

    edit_framework(kb_copy, "fastapi", add_server_fact)
    bot = brain_for(kb_copy)
    reply = bot.handle("how many workers per core should quokkacorn get?").reply
    bullets = [line for line in reply.text.splitlines() if line.lstrip().startswith("-")]
    assert "Quokkacorn serves FastAPI apps" in bullets[0]  # the best fact leads
    assert reply.text.splitlines()[0].startswith("FastAPI")  # its framework first
    choosing = bot.handle("which of the three should we deploy with quokkacorn workers?").reply
    for name in ("Django", "Flask", "FastAPI"):  # asked to choose: each gets its say
        assert name in choosing.text


def test_a_problem_on_a_topic_without_facts_is_refused_plainly(kb_copy: Path) -> None:
    def drop_topic(data: Any) -> Any:
        """Flask's file without its cell or any fact filed under background tasks."""
        if isinstance(data, dict):
            return {k: drop_topic(v) for k, v in data.items() if k != "background-tasks"}
        if isinstance(data, list):
            return [
                drop_topic(v)
                for v in data
                if not (isinstance(v, dict) and "background-tasks" in v.get("topics", ()))
            ]
        return data  # fmt: skip

    def drop_all(data: dict[str, Any]) -> None:
        trimmed = drop_topic(data)
        data.clear()
        data.update(trimmed)

    edit_framework(kb_copy, "flask", drop_all)
    bug = brain_for(kb_copy).handle("flask background jobs: the worker throws an exception").reply
    assert bug.intent == "out_of_scope"
    assert "Sorry, I can't help" in bug.text


def test_a_how_to_on_a_covered_topic_naming_no_framework_is_answered_for_each(
    kb_copy: Path,
) -> None:
    for framework in ("django", "fastapi", "flask"):
        set_cell(kb_copy, framework, "background-tasks", cell("third_party", package="Zebra-Q"))
    reply = brain_for(kb_copy).handle("how do I run nightly background jobs?").reply
    assert reply.intent == "describe"
    said = one_line(body(reply.text))
    for name in ("Django", "FastAPI", "Flask"):
        assert f"{name}: not built in; use Zebra-Q" in said


def test_an_answer_cut_to_its_budget_lists_only_the_sources_it_still_cites(
    kb_copy: Path,
) -> None:
    long_text = "Zebra deployment fact " + "with many words " * 12

    def plant(source: str) -> Any:
        def change(data: dict[str, Any]) -> None:
            data["aspects"]["scalability"].append(
                {
                    "text": long_text + source,
                    "source": source,
                    "as_of": "2026-01-01",
                    "topics": ["deployment"],
                }
            )

        return change

    sources = yaml.safe_load((kb_copy / "sources.yaml").read_text(encoding="utf-8"))
    for framework in ("django", "fastapi", "flask"):
        for n in range(2):
            source = f"zebra-{framework}-{n}"
            sources["sources"].append(
                {
                    "id": source,
                    "title": f"Zebra title {framework} {n}",
                    "url": f"https://example.org/{source}",
                    "date": "2026-01-01",
                }
            )
            edit_framework(kb_copy, framework, plant(source))
    (kb_copy / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")
    answer = brain_for(kb_copy).handle("zebra deployment: which wsgi server to deploy with?").answer
    said = " ".join(b for section in answer.sections for b in section.bullets)
    listed = [source.title for source in answer.sources]
    assert said.count("Zebra deployment fact") < 6  # cut: not every planted fact fits
    for framework in ("django", "fastapi", "flask"):
        for n in range(2):
            source = f"zebra-{framework}-{n}"
            assert (long_text + source in said) == (f"Zebra title {framework} {n}" in listed)
    assert len(listed) == len(set(listed))


def test_a_second_part_on_an_aspect_is_answered_too(kb_copy: Path) -> None:
    def mark_jobs(data: dict[str, Any]) -> None:
        data["aspects"]["jobs"][0]["text"] = MARKER

    edit_framework(kb_copy, "django", mark_jobs)
    reply = brain_for(kb_copy).handle("is django still maintained? and how is the job market?")
    assert "releases" in reply.answer.title
    assert f"Django: {MARKER}" in reply.reply.text


def test_a_second_part_is_left_out_when_it_would_not_fit_the_budget(kb_copy: Path) -> None:
    """The first part is the point: a second part that would take the answer past the
    budget for a specific question is not added (nor its source)."""

    def mark_jobs(data: dict[str, Any]) -> None:
        data["aspects"]["jobs"][0]["text"] = f"{MARKER} " + "a long aside, " * 60

    edit_framework(kb_copy, "django", mark_jobs)
    reply = brain_for(kb_copy).handle("is django still maintained? and how is the job market?")
    assert "releases" in reply.answer.title
    assert MARKER not in reply.reply.text and "And on" not in reply.reply.text


def test_strengths_and_weaknesses_lead_with_what_the_feature_matrix_shows(kb_copy: Path) -> None:
    set_cell(kb_copy, "flask", "admin", cell("built_in"))
    set_cell(kb_copy, "django", "admin", cell("none"))
    set_cell(kb_copy, "fastapi", "admin", cell("none"))
    bot = brain_for(kb_copy)
    pros = bot.handle("what are the pros of flask?").answer.sections[0].bullets[0]
    assert pros.startswith("Built in, unlike Django or FastAPI: admin interface")
    cons = bot.handle("what are the cons of django?").answer.sections[0].bullets[0]
    assert cons.startswith("Not built in, unlike in Flask")
    assert cons.split(": ", 1)[1].startswith("admin interface")


def test_a_strength_from_the_matrix_names_only_the_ones_that_lack_it(kb_copy: Path) -> None:
    set_cell(kb_copy, "flask", "admin", cell("built_in"))
    set_cell(kb_copy, "django", "admin", cell("built_in"))
    set_cell(kb_copy, "fastapi", "admin", cell("none"))
    bullets = brain_for(kb_copy).handle("what are the pros of flask?").answer.sections[0].bullets
    lines = [b for b in bullets if b.startswith("Built in, unlike")]
    assert any(b.startswith("Built in, unlike FastAPI: ") and "admin interface" in b for b in lines)
    assert not any("Django" in b and "admin interface" in b for b in lines)


def test_keep_it_or_move_is_weighed_at_once_with_the_framework_used_today(brain: Brain) -> None:
    reply = brain.handle("small internal tool, our team writes Flask today: keep it or move?").reply
    assert reply.recommendation == "flask"
    assert not reply.dialogue.active
    assert "We know Flask" in reply.text


def test_a_move_made_already_is_asked_about_not_weighed_again(brain: Brain) -> None:
    reply = brain.handle("since switching to fastapi our api is slower than flask was. why?").reply
    assert reply.recommendation is None
    assert "why async is not automatically faster" in reply.text
    assert brain.handle("should we switch to fastapi from flask?").reply.intent != "describe"


def test_a_job_advert_gets_the_plain_out_of_scope_reply_not_facts(brain: Brain) -> None:
    advert = (
        "We're hiring a senior Python engineer for our payments team. You will work with "
        "Django, Celery and PostgreSQL every day; 4+ years of experience expected."
    )
    reply = brain.handle(advert).reply
    assert reply.intent == "out_of_scope"
    assert "That's outside what I know" in reply.text
    assert reply.sources == []


@pytest.mark.parametrize(
    "title",
    [
        "Django vs Flask (2025): which python framework should you pick?",
        "FastAPI or Django in 2026 - which Python framework for a startup?",
    ],
)
def test_a_year_or_which_python_framework_in_a_title_is_no_version_topic(
    brain: Brain, title: str
) -> None:
    u = brain.understander.understand(title)
    assert not {"releases", "python-versions", "support"} & set(u.topics)


def test_a_remark_on_the_toolkit_a_framework_is_built_on_is_answered_not_refused(
    brain: Brain,
) -> None:
    remark = "fastapi is just starlette underneath, so starlette middleware works in fastapi"
    reply = brain.handle(remark).reply
    assert "I can't tell you about Starlette" not in reply.text
    assert "middleware" in reply.text.lower() and reply.sources


def test_pros_and_cons_together_get_both_lists(brain: Brain) -> None:
    answer = brain.handle("what are the pros and cons of flask?").answer
    headings = [s.heading for s in answer.sections]
    assert "Strengths of Flask" in headings
    assert "Weaknesses of Flask" in headings


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("Flask vs FastAPI vs Sanic", "Sanic"),
        ("django or fastapi or nestjs for websockets?", "NestJS"),
    ],
)
def test_a_framework_we_dont_cover_beside_ours_is_named_not_dropped(
    brain: Brain, question: str, uncovered: str
) -> None:
    reply = brain.handle(question).reply
    assert reply.intent in ("compare", "describe")
    assert f"I don't cover {uncovered}" in one_line(reply.text)
    assert len(reply.frameworks) == 2


def test_which_one_with_enough_said_to_decide_is_recommended_at_once(brain: Brain) -> None:
    opening = "tiny prototype for a hackathon, just a couple of endpoints, which one?"
    reply = brain.handle(opening).reply
    assert reply.intent == "recommend"
    assert "My recommendation" in reply.text and "Question 1" not in reply.text
    assert brain.handle("which framework is best for APIs?").reply.intent == "best_for"


def test_a_choice_between_two_named_with_the_situation_described_is_recommended_among_them(
    brain: Brain,
) -> None:
    opening = (
        "solo dev, my project is a full website with user logins and a staff back office, "
        "only a few users. fastapi or django?"
    )
    reply = brain.handle(opening).reply
    assert reply.intent == "recommend"
    assert reply.text.startswith("My recommendation: Django")
    points = one_line(reply.text).split("Points: ")[1].split(".")[0]
    assert "FastAPI" in points and "Flask" not in points  # not one of the two asked about
    # Asking how each provides a feature describes no situation: the matrix answers it.
    feature = brain.handle("websockets in fastapi vs django: is either one built in?").reply
    assert feature.intent == "compare" and "built in" in feature.text


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("does flask or django have an admin with zebrathemes?", 2),
        ("does flask, fastapi or django have an admin with zebrathemes?", 3),
        ("which of the three has an admin with zebrathemes?", 3),
    ],
)
def test_a_feature_question_on_several_frameworks_adds_the_fact_closest_to_its_words(
    kb_copy: Path, question: str, asked: int
) -> None:
    """Of two or three frameworks, named or not, the fact on what the question asks of the
    feature comes after each one's yes or no, not only the yes or no."""

    def plant(data: dict[str, Any]) -> None:
        data["aspects"]["fullstack"].append(
            {
                "text": "Django admin zebrathemes fact.",
                "source": "article-markdown",
                "as_of": "2026-01-01",
                "topics": ["admin"],
            }
        )

    edit_framework(kb_copy, "django", plant)
    reply = brain_for(kb_copy).handle(question).reply
    assert reply.text.count("built in") >= asked  # the yes or no of each
    assert "Django admin zebrathemes fact." in one_line(reply.text)


@pytest.mark.parametrize(
    "question",
    ["which of the three has websockets built in?", "does flask, django or fastapi have an admin?"],
)
def test_asking_which_has_a_feature_is_no_situation_to_recommend_from(
    brain: Brain, question: str
) -> None:
    """The feature's words ("admin", "built in") are the question, not a full website and a
    wish for built-in features to weigh: each framework's yes or no answers it."""
    reply = brain.handle(question).reply
    assert reply.intent != "recommend" and reply.text.count("built in") >= 3


def test_the_framework_ours_is_built_on_does_not_turn_a_question_into_a_comparison(
    brain: Brain,
) -> None:
    reply = brain.handle("fastapi sits on starlette which was 0.x forever - stable now?").reply
    assert reply.frameworks == ["fastapi"]
    assert "versioning" in reply.text or "releases" in reply.text  # the topic answer
    assert "I only cover" not in reply.text


def test_a_question_on_no_topic_is_answered_from_the_facts_that_use_its_words(
    kb_copy: Path,
) -> None:
    def add_facts(data: dict[str, Any]) -> None:
        data["current"] += [
            {"text": "FastAPI's zebrafy decorator wraps each path operation in a striped span.",
             "source": "article-markdown", "as_of": "2026-01-01"},
            {"text": "FastAPI's docs explain everything in an overview, as a guide would.",
             "source": "article-markdown", "as_of": "2026-01-01"},
        ]  # fmt: skip

    edit_framework(kb_copy, "fastapi", add_facts)
    bot = brain_for(kb_copy)
    asked = bot.handle("what does the zebrafy decorator do in fastapi?").reply
    assert asked.text.startswith("FastAPI: what my sources say on that")
    assert "zebrafy decorator wraps each path operation" in asked.text
    bug = bot.handle("my zebrafy decorator throws an error in fastapi").reply
    assert bug.text.startswith("I can't debug that one")
    assert "zebrafy decorator wraps each path operation" in bug.text
    unknown = bot.handle("what does the quokkify thing do in fastapi?").reply
    assert unknown.text.startswith("What is FastAPI?")  # nothing close: the description
    shape_only = bot.handle("explain fastapi, an overview please").reply
    assert shape_only.text.startswith("What is FastAPI?")  # how it is asked is no match


def test_a_long_question_on_no_topic_gets_the_fact_well_ahead_of_the_rest(kb_copy: Path) -> None:
    """ "my endpoint always answers ... by hand": more words than its point, so no fact has
    half their weight; the one well ahead of the rest on them answers it, not the
    framework's general description."""
    planted = "A FastAPI quokkafoo sets the wombatbar of a path operation."

    def plant(data: dict[str, Any]) -> None:
        fact = {"text": planted, "source": "article-markdown", "as_of": "2026-01-01"}
        data["aspects"]["api"].append(fact)

    edit_framework(kb_copy, "fastapi", plant)
    words = (
        *("my", "endpoint", "always", "answers", "quokkafoo", "proper", "wombatbar"),
        *("response", "object", "by", "hand", "status", "code"),
    )
    found = brain_for(kb_copy).direct.index.matching_words(["fastapi"], words)
    assert [f.text for facts in found.values() for f in facts] == [planted]


def test_comparisons_open_with_what_each_framework_is(kb_copy: Path) -> None:
    def unmark(data: dict[str, Any]) -> None:
        for fact in [
            data["origin"]["pattern"],
            *(f for fs in data["aspects"].values() for f in fs),
        ]:
            fact.pop("in_short", None)

    def mark_a_new_fact(data: dict[str, Any]) -> None:
        unmark(data)
        marked = {"text": "Flask in-short marker.", "in_short": True}
        data["current"].append({**marked, "source": "article-markdown", "as_of": "2026-01-01"})

    def only_a_summary(data: dict[str, Any]) -> None:
        unmark(data)
        data["summary"]["text"] = "Django summary marker."

    edit_framework(kb_copy, "flask", mark_a_new_fact)
    edit_framework(kb_copy, "django", only_a_summary)  # none marked: its summary says it
    bot = brain_for(kb_copy)
    what_each_is = "Django: Django summary marker. Flask: Flask in-short marker."
    table = one_line(bot.handle("django vs flask").reply.text)
    assert f"What it is {what_each_is} Performance" in table
    apart = bot.handle("what are the key differences between django and flask?").reply
    in_short = "In short - Django: Django summary marker. - Flask: Flask in-short marker."
    assert in_short in one_line(apart.text)


def test_a_question_on_one_aspect_gets_its_facts_not_a_generic_description(kb_copy: Path) -> None:
    def mark_summary(data: dict[str, Any]) -> None:
        data["summary"]["text"] = "Flask summary marker."

    edit_framework(kb_copy, "flask", mark_summary)
    on_jobs = brain_for(kb_copy).handle("what about flask and the job market?").reply
    assert on_jobs.aspect == "jobs"
    assert "Flask summary marker." not in on_jobs.text
    assert "Verdict" not in on_jobs.text

    def forget_jobs(data: dict[str, Any]) -> None:
        data["aspects"].pop("jobs", None)

    edit_framework(kb_copy, "flask", forget_jobs)
    nothing_on_it = brain_for(kb_copy).handle("what about flask and the job market?").reply
    assert "My sources say nothing specific about this." in nothing_on_it.text
    assert "Flask summary marker." in nothing_on_it.text  # then what it is, at least


def test_a_version_asked_about_leads_with_the_facts_on_that_version(kb_copy: Path) -> None:
    def add_releases(data: dict[str, Any]) -> None:
        data["current"] += [
            {"text": f"Django {v} zebra release marker.", "source": "article-markdown",
             "as_of": "2026-01-01", "topics": ["support"]}
            for v in ("7.1", "7.2.1", "8.2")
        ]  # fmt: skip

    edit_framework(kb_copy, "django", add_releases)
    bot = brain_for(kb_copy)
    lines = bot.handle("how long is django 7.2 supported?").reply.text.splitlines()
    first = next(line for line in lines if line.lstrip().startswith("- "))
    assert "Django 7.2.1 zebra release marker." in first  # 7.2.1 is a 7.2 release
    other = bot.handle("how long is django 8.2 supported?").reply.text.splitlines()
    assert "Django 8.2 zebra release marker." in next(x for x in other if x.lstrip()[:2] == "- ")


def test_an_aspect_answer_leads_with_the_facts_closest_to_the_question(kb_copy: Path) -> None:
    def plant(data: dict[str, Any]) -> None:
        data["aspects"]["jobs"] = [
            {"text": f"Flask {word} job marker.", "source": "article-markdown",
             "as_of": "2026-01-01"}
            for word in ("generic", "remote", "zebracontract")
        ]  # fmt: skip

    edit_framework(kb_copy, "flask", plant)
    bot = brain_for(kb_copy)
    asked = bot.handle("what about flask and the job market for zebracontract work?").answer
    assert asked.sections[0].bullets[0].startswith("Flask zebracontract job marker.")
    plain = bot.handle("what about flask and the job market?").answer
    assert plain.sections[0].bullets[0].startswith("Flask generic job marker.")  # file order


def test_a_list_of_weaknesses_leads_with_the_closest_and_is_shorter_beside_an_aspect(
    kb_copy: Path,
) -> None:
    def plant(data: dict[str, Any]) -> None:
        data["cons"] = [
            {"text": f"Flask {word} weakness marker.", "source": "article-markdown",
             "as_of": "2026-01-01"}
            for word in ("first", "second", "third", "fourth", "zebrawork")
        ]  # fmt: skip

    edit_framework(kb_copy, "flask", plant)
    bot = brain_for(kb_copy)
    listed = bot.handle("what are the weaknesses of flask for zebrawork?").answer.sections[-1]
    assert listed.bullets[-5].startswith("Flask zebrawork weakness marker.")
    on_speed = bot.handle("what are the weaknesses of flask on performance?").answer
    markers = [b for s in on_speed.sections for b in s.bullets if "weakness marker" in b]
    assert len(markers) == 3  # after the performance facts, the list is shorter


def test_a_question_past_whether_it_has_the_feature_leads_with_the_fact_it_asks_about(
    brain: Brain,
) -> None:
    """The title says the CLI is built in; the first fact is the one on the PIN, not the
    cell's general line, which still leads for "does it have one?"."""
    pin = brain.handle("what is the flask debugger pin for?").answer
    assert "yes, built in" in pin.title
    assert "PIN" in pin.sections[0].bullets[0]
    cli = brain.handle("does flask have a cli?").answer
    cell = brain.kb.feature("flask", "cli")
    assert cell is not None and cli.sections[0].bullets[0].startswith(cell.text)


def test_one_framework_taken_already_gets_its_facts_not_the_questions(brain: Brain) -> None:
    """The quiz is for choosing: "should I use django?" starts it, a plan already made with
    Django ("any tips?") gets what the facts say, and not from one word shared by chance."""
    assert brain.handle("should i use django for my new project?").reply.dialogue.active
    taken = brain.handle("i want to build a blog with django, any tips?")
    assert not taken.reply.dialogue.active
    assert "blog_id" not in taken.reply.text  # one rare word in common is a coincidence


@pytest.mark.parametrize(
    "text",
    [
        "django: comments should attach to posts, photos AND videos. do i need 3 FK columns "
        "or is there a generic way",
        "fastapi DELETE endpoint should return 204. do i have to build a Response() myself or "
        "can i just return None?",
    ],
)
def test_two_ways_of_doing_a_thing_in_the_one_named_start_no_quiz(brain: Brain, text: str) -> None:
    """ "X or Y?" with one of ours named weighs two ways of doing something in it, not that
    framework against another: the facts answer, the guided questions do not start."""
    reply = brain.handle(text).reply
    assert not reply.dialogue.active
    assert "Question 1 of" not in reply.text


def test_one_of_ours_against_not_using_it_is_still_a_choice(brain: Brain) -> None:
    assert brain.handle("should i use django for my app or not?").reply.dialogue.active


def test_a_project_on_the_one_taken_already_is_not_decided_again(brain: Brain) -> None:
    """A project described on the framework it is built with is no choice to decide: the
    words that would weigh in a choice ("a small internal tool") are its situation."""
    taken = brain.handle(
        "I'm working on a small internal tool using Django. When I turned debug off, my "
        "files stopped serving, and I don't want a separate nginx server."
    )
    assert taken.reply.recommendation is None
    assert "My recommendation" not in taken.reply.text


def test_an_internal_tool_with_roles_is_answered_on_permissions(brain: Brain) -> None:
    """ "internal tool" and "role system" are people's words for a back office and for
    permissions: the answer is how each provides them, not the first guided question."""
    reply = brain.handle(
        "internal tool for a 60-person company: hr, finance and warehouse may each only "
        "view/edit their own tables. we don't want to build our own role system."
    ).reply
    assert not reply.dialogue.active
    assert "django.contrib.auth" in reply.text and "permissions" in reply.text


def test_whether_starlette_is_installed_apart_is_answered_by_fastapi_s_dependencies(
    brain: Brain,
) -> None:
    reply = brain.handle("do i have to install starlette separately when i install fastapi?")
    assert "FastAPI depends on Pydantic and Starlette" in reply.reply.text


def test_whether_the_test_client_runs_javascript_is_answered_by_the_live_server(
    brain: Brain,
) -> None:
    """The facts' `asked` questions carry the words people use ("run javascript") to the
    fact that answers them in other words ("browser automation such as Selenium")."""
    reply = brain.handle("can django's test client execute javascript?").reply
    assert "LiveServerTestCase" in reply.text


def test_a_record_edited_with_its_lines_on_one_screen_is_answered_by_admin_inlines(
    brain: Brain,
) -> None:
    reply = brain.handle(
        "staff must edit an invoice and its line items on one screen: which framework?"
    )
    assert "My recommendation: Django" in reply.reply.text
    assert "TabularInline" in reply.reply.text


def test_two_features_asked_together_each_get_their_yes_or_no(brain: Brain) -> None:
    """ "an ORM and migrations?" asks both; "async queries" of the ORM asks one."""
    both = brain.handle("does flask have an orm and migrations?", now=0)
    assert "ORM in Flask" in both.answer.title and "migrations: not built in" in both.answer.title
    one = brain.handle("does the django orm support async queries now?", now=0)
    assert ";" not in one.answer.title
    # Of all three, the second feature's yes or no gets a line of its own under the title.
    three = brain.handle("do django, flask and fastapi ship an orm and migrations?", now=0)
    second = three.answer.sections[0].text or ""
    assert second.startswith("Database migrations: ")
    assert all(f"{name}: " in second for name in ("Django", "Flask", "FastAPI"))


def test_topics_in_different_clauses_are_not_asked_together(brain: Brain) -> None:
    u = brain.understander.understand(
        "our django app has 400 migration files now and test db setup crawls"
    )
    assert len(u.topics) >= 2 and "joined_topics" not in u.forms


def test_a_remark_on_a_covered_topic_naming_none_of_ours_gets_the_topics_facts(
    brain: Brain,
) -> None:
    """Half its words are words the facts use ("workcluster", "9.8s" are not), on topics
    they cover: answered on them, not refused."""
    remark = brain.handle("The WorkCluster admin page makes too many queries. SQL: 553", now=0)
    assert remark.answer.title != "Sorry, I can't help with that one."
    assert "quer" in remark.reply.text


def test_a_remark_on_one_topic_in_words_the_facts_use_gets_that_topic(brain: Brain) -> None:
    """One topic and most words known ("deploying", "nginx", "server"), no framework named
    and no question: the remark is about deployment, answered on it (it was refused), as no
    fact says the same thing in its words."""
    remark = "deploying a python web server seems overwhelming, many tutorials put nginx in front"
    reply = brain.handle(remark, now=0)
    assert reply.understanding.topics == ("deployment",)
    assert reply.answer.title.endswith("deployment and servers")
    assert reply.answer.sources


def test_the_current_version_is_read_as_the_latest_release(brain: Brain) -> None:
    """ "current" is how people say "latest" (lexicon short forms): the latest-release fact
    opens, not an old release's note that shares "python" and "works"."""
    reply = brain.handle("what's the current flask version and which python does it work with")
    first = reply.reply.text.split("\n  - ")[1]
    assert "latest Flask release" in first, first


def test_trimming_is_read_as_the_stripping_the_facts_say(brain: Brain) -> None:
    """ "trim" is how people say "strip" (lexicon short forms), as Pydantic's
    str_strip_whitespace and the facts on it do."""
    index = brain.direct.index
    assert index._question_stems(("trim", "whitespace")) == index._question_stems(
        ("strip", "whitespace")
    )


def test_every_framework_asked_about_gets_its_best_fact_within_the_budget(brain: Brain) -> None:
    """Three frameworks named on one topic: each one's best fact comes before any one's
    second, so the last named is not cut for a second fact on the first."""
    answer = brain.handle("middleware in django, flask and fastapi - how does each do it?").answer
    assert [s.heading for s in answer.sections] == ["Django", "Flask", "FastAPI"]
    assert all(s.bullets for s in answer.sections)


def test_a_remark_naming_a_tool_used_with_ours_is_still_about_our_topics(brain: Brain) -> None:
    """Celery is used with our frameworks, not a rival to them: a remark on background tasks
    and email that names it is answered on those topics, not refused."""
    remark = "our background tasks send email through Celery and the worker settings keep breaking"
    answer = brain.handle(remark, now=0).answer
    assert answer.title.startswith("Background tasks:")


@pytest.mark.parametrize(
    "message",
    [
        "planning to move our service from flask to fastapi, how do we go about it?",
        "should we replace django with fastapi for the public api?",
    ],
)
def test_moving_from_one_framework_to_another_is_answered_with_how_to_do_it_a_part_at_a_time(
    brain: Brain, message: str
) -> None:
    turn = brain.handle(message, now=0)
    assert brain.understander.understand(message).topics[:1] == ("switching",)
    assert "WSGIMiddleware" in turn.reply.text


def test_a_move_between_databases_is_not_a_move_between_frameworks(brain: Brain) -> None:
    u = brain.understander.understand("we need to migrate from sqlite to postgres in django")
    assert "switching" not in u.topics


def test_two_frameworks_used_together_are_answered_from_the_facts_on_combining_them(
    kb_copy: Path,
) -> None:
    """ "FastAPI within a Django project" is one project with both, not a choice between
    them: the facts on using them together answer it (here only the planted ones are on
    it); "django compared with fastapi" stays a comparison."""

    def only_planted_on_combining(data: dict[str, Any]) -> None:
        def untag(node: Any) -> None:
            if isinstance(node, dict):
                if "combining" in node.get("topics", ()):
                    node["topics"].remove("combining")
                for value in node.values():
                    untag(value)
            elif isinstance(node, list):
                for value in node:
                    untag(value)

        untag(data)
        data["current"] = [
            *data.get("current", []),
            {"text": f"{MARKER} for {data['id']}", "source": "article-markdown",
             "as_of": "2026-03-09", "topics": ["combining"]},
        ]  # fmt: skip

    for framework_id in ("django", "fastapi", "flask"):
        edit_framework(kb_copy, framework_id, only_planted_on_combining)
    bot = brain_for(kb_copy)
    for question in (
        "Can I use FASTAPI within an existing Django project?",
        "I'm trying to implement FastAPI together with Django, how?",
    ):
        text = body(bot.handle(question).reply.text)
        assert "using them together" in text.splitlines()[0], question
        assert f"{MARKER} for django" in text and f"{MARKER} for fastapi" in text, question
        assert f"{MARKER} for flask" not in text
    orm = body(bot.handle("how to use the Django ORM inside FastAPI").reply.text)
    assert orm.startswith("Django and FastAPI: using them together")
    compared = body(bot.handle("how does django compare with fastapi?").reply.text)
    assert MARKER not in compared


def test_using_two_together_is_no_choice_to_recommend_from(brain: Brain) -> None:
    """What the team keeps Django for (its ORM, admin, commands) would otherwise decide a
    choice the message never asks for."""
    message = (
        "Is there any official support for using FastAPI inside of a Django project? We use "
        "Django at my company and want to keep using it for its ORM, management commands "
        "and admin UI."
    )
    reply = brain.handle(message).reply
    assert reply.intent != "recommend" and "My recommendation" not in reply.text
    assert reply.text.startswith("FastAPI and Django: using them together")


def test_a_question_on_a_topic_naming_what_ours_builds_on_leads_with_its_words(
    kb_copy: Path,
) -> None:
    """ "Starlette 1.0 dropped the zebra router hooks?" names none of ours: FastAPI's facts
    naming Starlette answer it, the one on those hooks first, not how the two relate."""

    note = f"{MARKER}: Starlette 1.0 removed the zebra router hooks."
    add_current_fact(kb_copy, "fastapi", note, "releases")
    reply = brain_for(kb_copy).handle("did starlette 1.0 drop the zebra router hooks?").reply
    bullets = bullets_of(reply.text)
    assert bullets and MARKER in bullets[0], reply.text[:400]


def test_a_how_to_on_what_ours_builds_on_naming_another_of_ours_is_answered_by_it(
    kb_copy: Path,
) -> None:
    """ "in plain starlette, how do i add zebra middleware like flask's?": Flask is the one
    known, the question is Starlette's, which FastAPI's facts cover: not a refusal to speak
    for Starlette. A choice between the two ("move from flask to starlette?") stays one."""

    note = f"{MARKER}: plain Starlette adds zebra middleware with Middleware(ZebraMiddleware)."
    add_current_fact(kb_copy, "fastapi", note, "middleware")
    brain = brain_for(kb_copy)
    reply = brain.handle("in plain starlette, how do i add zebra middleware like flask's?").reply
    assert "can't tell you about Starlette" not in reply.text
    assert MARKER in reply.text, reply.text[:400]
    choice = brain.handle("should we move from flask to starlette for zebra middleware?").reply
    assert MARKER not in choice.text


def test_a_version_after_a_word_of_how_it_is_asked_stays_that_things(kb_copy: Path) -> None:
    """ "will starlette still run on python 3.10?": "python" is a word of how questions are
    put, yet the version after it is Python's, not a Starlette 3.10."""

    note = f"{MARKER}: Starlette 0.1 needed Python 3.10 or later."
    add_current_fact(kb_copy, "fastapi", note, "python-versions")
    reply = brain_for(kb_copy).handle("will starlette still run on python 3.10?").reply
    # (the knowledge base's own fact on Python 3.10 may come first)
    assert any(MARKER in b for b in bullets_of(reply.text)[:2]), reply.text[:400]


def test_an_error_naming_a_removed_name_in_code_leads_with_the_fact_writing_it(
    kb_copy: Path,
) -> None:
    """ "ImportError: cannot import name '_zebra_ctx_stack'": the fact that writes the name
    the error names comes among the first, though it is filed under no topic the question
    reads as, and the words around it ("upgrading", "release") fit the release facts better."""
    note = f"{MARKER}: Flask 9.9 removed _zebra_ctx_stack; keep such data on g."
    add_current_fact(kb_copy, "flask", note, "templates")
    brain = brain_for(kb_copy)
    error = "after upgrading flask to the latest release: ImportError: cannot import name "
    reply = brain.handle(error + "'_zebra_ctx_stack'").reply
    assert any(MARKER in b for b in bullets_of(reply.text)[:2]), reply.text[:400]
    # a name the fact does not write is no evidence for it
    # (not "zebra", a word of the marker: words the fact has are evidence of their own)
    other = brain.handle(error + "'_quagga_app_stack'").reply
    assert MARKER not in other.text


def test_a_name_written_through_another_object_is_the_name_a_fact_writes(
    brain: Brain,
) -> None:
    """ "if self.request.is_ajax(): AttributeError": Django's facts write
    HttpRequest.is_ajax() and request.is_ajax(); the path a name is reached by differs, the
    name does not, so the answer is Django's alone, led by what became of it."""
    reply = brain.handle(
        "whenever I run it I get this error. if self.request.is_ajax(): AttributeError: "
        "'WSGIRequest' object has no attribute 'is_ajax'"
    ).reply
    bullets = bullets_of(reply.text)
    assert "is_ajax" in bullets[0], reply.text[:400]
    assert all("Flask" not in b and "FastAPI" not in b for b in bullets), reply.text


def test_an_opening_that_leaves_every_framework_level_is_no_recommendation(
    brain: Brain, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same opening that decides ("we know django") gets no recommendation when its
    answers leave the points level (as "API endpoints; ecosystem of packages" did: 4, 4, 4)."""
    message = (
        "which framework should we pick: django, flask or fastapi? small team, one api, "
        "we know django"
    )
    assert brain.handle(message).reply.recommendation is not None
    outcome = brain.dialogue.outcome
    monkeypatch.setattr(
        brain.dialogue, "outcome", lambda *a, **k: replace(outcome(*a, **k), undecided=True)
    )
    assert brain.handle(message).reply.recommendation is None


def test_how_to_run_start_up_code_leads_with_how_a_lifespan_function_is_written(
    brain: Brain,
) -> None:
    """The topic's leading fact is the how-to (decorator, yield, parameter), not a release
    note on the handlers it replaced."""
    reply = brain.handle("how do I run code at startup in fastapi?").reply
    first = reply.text.split("\n")[2]
    assert "@asynccontextmanager" in first and "FastAPI(lifespan=lifespan)" in first
    assert "yield" in first


def test_how_to_deploy_leads_with_the_server_that_runs_each_framework(brain: Brain) -> None:
    """ "How do I deploy X?" is the deployment topic in general: what serves the app comes
    first, not a fact that only says "deploy" (init containers, FastAPI Cloud's CLI)."""
    fastapi = brain.handle("how do I deploy fastapi?").reply.text.split("\n")[2]
    assert "fastapi run command serves it with Uvicorn" in fastapi
    django = brain.handle("how to deploy django?").reply.text.split("\n")[2]
    assert "WSGI or an ASGI server" in django


def test_a_how_to_whose_words_rank_no_fact_first_leads_with_the_feature(brain: Brain) -> None:
    """Every fact on FastAPI's authentication says "authentication": the words tie, and file
    order would open with a release note (0.122.0's status codes). The feature's own fact,
    what FastAPI provides for it, is the general answer."""
    auth = brain.handle("how do I add authentication to fastapi?").reply.text.split("\n")[2]
    assert "fastapi.security" in auth and "0.122.0" not in auth
    websockets = brain.handle("What is the best way to incorporate WebSocket in Django?").reply
    assert "Django itself has no WebSocket support" in websockets.text.split("\n")[2]


def test_who_uses_a_framework_is_answered_with_the_companies_its_docs_name(
    brain: Brain,
) -> None:
    """Not the 2021 article alone: FastAPI's docs quote engineers at Microsoft, Uber, Netflix
    and Cisco; Django's FAQ names Disqus, Instagram, Pinterest and Mozilla."""
    fastapi = brain.handle("who uses fastapi?").reply.text.split("\n")[2]
    assert "Microsoft" in fastapi and "as of August 2026" in fastapi
    django = brain.handle("which companies use django?").reply
    assert django.text.startswith("Django: who uses it") and "Instagram" in django.text


def test_is_it_free_is_answered_with_the_license(brain: Brain) -> None:
    for question, license_holder in (
        ("is django free?", "Django Software Foundation"),
        ("do I have to pay for flask?", "Pallets"),
    ):
        reply = brain.handle(question).reply.text
        assert ": license" in reply.split("\n")[0]
        assert "BSD-3-Clause" in reply and license_holder in reply


def test_when_a_release_loses_support_leads_with_that_release(brain: Brain) -> None:
    """Not with the LTS before it, whose fact says "ended" and names 5.2 in passing."""
    first = brain.handle("when does django 5.2 support end?").reply.text.split("\n")[2]
    assert first.lstrip(" -").startswith("Django 5.2") and "April 2028" in first


def test_who_created_it_and_when_is_answered_from_its_origin(brain: Brain) -> None:
    """Not from facts that merely say "created" ("create the application", "created by
    startproject"), nor from the latest release notes."""
    creator = brain.handle("who created flask?").reply.text.split("\n")[2]
    assert "Armin Ronacher" in creator
    assert "2010-04-16" in brain.handle("how old is flask?").reply.text
    first = brain.handle("when was fastapi first released?").reply.text.split("\n")[2]
    assert "December 2018" in first
    # "Created by" of something else is no question about the framework's creator.
    tables = brain.handle("the tables created by migrate are missing in django").reply.text
    assert "who created it" not in tables.split("\n")[0]


def test_a_feature_answer_keeps_the_ranked_order_of_the_facts_after_its_own(
    kb_copy: Path,
) -> None:
    """The feature's own fact goes where the question's words put it; the other facts stay
    in the order the full ranking gave them (the questions each answers count there), not
    one made again from the words of their texts alone."""
    answers_it = {"text": "Zebrafoo fact.", "source": "article-markdown",
                  "as_of": "2026-01-01", "topics": ["admin"],
                  "asked": ["quuxbar plover zebrafoo"]}  # fmt: skip
    shares_words = {"text": "Plover fact: quuxbar plover.", "source": "article-markdown",
                    "as_of": "2026-01-01", "topics": ["admin"]}  # fmt: skip
    edit_framework(
        kb_copy, "flask", lambda data: data["current"].extend([answers_it, shares_words])
    )
    brain = Brain(load_knowledge_base(kb_copy))
    text = brain.handle("does flask have an admin? quuxbar plover zebrafoo", now=0).reply.text
    assert "Zebrafoo fact" in text and "Plover fact" in text, text
    assert text.index("Zebrafoo fact") < text.index("Plover fact"), text


def test_code_naming_no_framework_is_answered_for_the_framework_it_is_written_for(
    brain: Brain,
) -> None:
    """ "db.create_all()" is Flask-SQLAlchemy's code, as a posted traceback is its
    repository's: the answer is Flask's, not one for every framework."""
    question = "db.create_all() fails with RuntimeError: Working outside of application context"
    text = body(brain.handle(question).reply.text)
    assert "app.app_context()" in text
    assert "Django" not in text and "FastAPI" not in text


def test_a_long_how_to_on_one_of_ours_in_few_shared_words_gets_what_comes_closest(
    brain: Brain,
) -> None:
    """A long question on one framework shares less than half of its words with any fact:
    the nearest facts, said to be only what comes closest, not a refusal nor an answer."""
    question = (
        "fastapi endpoint must let users fetch a generated invoice from disk, with a proper"
        " filename in the browser's save dialog. do i read the bytes and return a Response?"
    )
    reply = brain.handle(question, now=0)
    assert reply.answer.title == "Not quite what I cover"
    assert "comes closest" in reply.reply.text and "FastAPI" in reply.reply.text
    # Without one of ours named, weak evidence is not enough to answer with.
    unnamed = brain.handle(question.replace("fastapi ", ""), now=0)
    assert unnamed.answer.title == "Sorry, I can't help with that one."
    # Saying what fails in it ("doesn't work") leaves it a question on one of ours: the
    # nearest facts, said to be that, under the note that debugging is not what I do.
    failing = brain.handle(question + " returning the bytes doesnt work lol", now=0)
    assert failing.answer.title == "I can't debug that one"
    assert "comes closest" in failing.reply.text and "FastAPI" in failing.reply.text


def test_a_specific_question_on_no_topic_gets_what_comes_closest_not_the_description(
    brain: Brain,
) -> None:
    """ "django: invoices need a running number ... how?" asks how to do something no
    topic covers: the nearest facts, said to be that, not Django's general description,
    which stays the answer to asking what Django is."""
    specific = brain.handle(
        "django: invoices need a running number per customer that never repeats across years. how?",
        now=0,
    )
    assert specific.answer.title == "Not quite what I cover"
    assert "comes closest" in specific.reply.text
    # Asked how to, an aspect one of its words gave ("permission": security) is no answer.
    how_to = brain.handle(
        "django: what is the proper way to enforce that a user holds some permission before "
        "a view runs?",
        now=0,
    )
    assert how_to.answer.title == "Not quite what I cover"
    assert "has_perm" in how_to.reply.text or "permission_required" in how_to.reply.text
    # Many words of its own that facts share answer it as such, without the disclaimer.
    worded = brain.handle(
        "is django MVC or MTV? our architect keeps calling the views controllers", now=0
    )
    assert worded.answer.title == "Django: what my sources say on that"
    assert brain.handle("what is django?", now=0).answer.title == "What is Django?"
    assert brain.handle("tell me about flask", now=0).answer.title == "What is Flask?"


def test_a_tool_used_beside_what_one_of_ours_builds_on_leaves_it_about_that_one(
    brain: Brain,
) -> None:
    """ "react spa plus a starlette api backend ...": React is a tool used with Starlette,
    not compared with it, so the question is FastAPI's, on its topic; tools alone set side
    by side ("angular vs react vs vue?") are still not ours to answer."""
    reply = brain.handle(
        "react spa plus a starlette api backend, want starlette to serve the react build too",
        now=0,
    )
    assert reply.answer.title.startswith("FastAPI"), reply.reply.text[:300]
    tools = brain.handle("angular vs react vs vue?", now=0)
    assert tools.answer.title == "Sorry, I can't help with that one."


def test_a_topic_asked_of_what_one_of_ours_builds_on_is_answered_on_that_topic(
    brain: Brain,
) -> None:
    """ "does starlette's gzip middleware ...?": FastAPI's facts on middleware, the one on
    GZip's minimum size among them, not the facts that merely name Starlette."""
    reply = brain.handle("does starlette's gzip middleware compress tiny responses?", now=0)
    assert reply.answer.title.startswith("FastAPI: ")
    assert "minimum_size" in reply.reply.text


def test_what_draws_people_to_a_framework_gets_its_strengths_not_the_features_facts(
    brain: Brain,
) -> None:
    """ "why do people love fastapi, is it just the swagger docs?": FastAPI's strengths,
    the docs among them, not the facts on its OpenAPI docs alone."""
    reply = brain.handle("why do people love fastapi so much, is it just the swagger docs?", now=0)
    assert reply.answer.title == "FastAPI: strengths"
    assert "validat" in reply.reply.text and "OpenAPI" in reply.reply.text


def test_a_question_on_one_of_ours_naming_another_in_passing_is_answered_on_ours(
    brain: Brain,
) -> None:
    """ "we moved from express to django: how do i serve static files with DEBUG off?": the
    question is on a topic of Django's; Express, named in passing, is said to be uncovered
    instead of refusing the whole question."""
    question = (
        "we moved from express to django. how do i make django serve static files when DEBUG "
        "is off?"
    )
    understanding = brain.understander.understand(question)
    assert understanding.intent == "out_of_scope"  # the reading this answer is for
    reply = brain.handle(question).reply
    assert "I don't cover Express, so this is about Django only." in reply.text
    assert "can't tell you about Express" not in reply.text
    assert "STATIC_ROOT" in reply.text or "collectstatic" in reply.text, reply.text[:400]
    # a question on no topic of ours is still refused for the other
    off = brain.handle("we moved from express to django. any good cafés near the office?").reply
    assert "I don't cover Express" not in off.text


def test_what_the_facts_say_on_a_bug_names_its_topic_once(brain: Brain) -> None:
    """An error on a topic answered by its facts: "... my sources say on <topic> in Flask.",
    not that sentence and then a heading "Flask: <topic>" saying it again."""
    bug = brain.handle("flask gunicorn workers error on start, exception after the upgrade")
    assert bug.reply.intent == "out_of_scope"
    topic = brain.kb.topics[bug.understanding.topics[0]].name
    lines = [line.strip() for line in bug.reply.text.splitlines() if line.strip()]
    assert lines[:2] == [
        "I can't debug that one",
        f"But here is what my sources say on {topic} in Flask.",
    ]
    assert f"Flask: {topic}" not in lines


def test_django_s_test_client_is_named_by_the_api_it_is_used_through(brain: Brain) -> None:
    """Asked side by side, the test client cell says what to call, as its docs show it."""
    reply = brain.handle("how do django and fastapi each give me a test client?").reply
    said = body(reply.text)
    assert "self.client" in said
    assert "TestClient" in said


def test_an_error_reported_on_one_framework_gets_the_nearest_facts_on_its_code(
    kb_copy: Path,
) -> None:
    """ "AttributeError: ... no attribute 'mode'" on no topic, in words few facts
    share: the facts that name what it reports come, under the note that debugging is not
    what I do, not a plain "can't help"."""

    def plant(data: dict[str, Any]) -> None:
        data["aspects"]["scalability"].append(
            {"text": "Flask 9.9 removed the app.mode attribute; read the APP_MODE "
                     "config key instead.",
             "source": "article-markdown", "as_of": "2026-01-01", "topics": ["releases"]}
        )  # fmt: skip

    edit_framework(kb_copy, "flask", plant)
    text = (
        brain_for(kb_copy)
        .handle(
            "moved the old billing project onto new flask and werkzeug and now it dies: "
            "AttributeError: 'Flask' object has no attribute 'mode'. we used "
            "`if app.mode == 'x':` in a dozen places to toggle stuff for staging and demos"
        )
        .reply.text
    )
    assert text.startswith("I can't debug that one")
    assert "removed the app.mode attribute" in text


def test_a_fact_filed_elsewhere_does_not_go_before_the_features_own(kb_copy: Path) -> None:
    """Words a question is put in ("the three names in one table") shared by a fact on
    another topic do not put it before the fact on the feature asked."""
    set_cell(kb_copy, "django", "test-client", cell("built_in", "Django test client marker."))

    def plant(data: dict[str, Any]) -> None:
        data["current"].append(
            {
                "text": "Django zebra names three tables in one place.",
                "source": "article-markdown",
                "as_of": "2026-01-01",
                "topics": ["orm"],
            }
        )

    edit_framework(kb_copy, "django", plant)
    reply = (
        brain_for(kb_copy)
        .handle(
            "what's the in-process test client called in django, flask and fastapi? "
            "just the three zebra names in one table"
        )
        .reply
    )
    lines = reply.text.splitlines()
    django = lines.index("Django")
    assert "Django test client marker." in lines[django + 1]


def test_who_runs_the_biggest_thing_on_it_asks_who_uses_it(brain: Brain) -> None:
    """ "biggest thing running on flask?" asks about its users, not what Flask is: with no
    facts on them, the answer says so by name."""
    reply = brain.handle("biggest thing you know of that's running on flask?").reply
    assert "who uses it" in reply.text
    assert "lightweight WSGI web application framework" not in reply.text
