"""Answers come from the knowledge base, name their sources, and correct what is outdated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from bot.answer import Section
from bot.answers.citations import FACTS_PER_SIDE, Citations
from bot.answers.differences import compose_differences
from bot.answers.recommendation import compose_outcome
from bot.brain import Brain
from bot.dialogue import Outcome
from bot.render.text import one_line
from intents.understanding import Reading, Understanding
from knowledge import KnowledgeBase, load_knowledge_base
from knowledge.base import facts_of

MARKER = "Zebra-striped marker fact"


def edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def set_first(key: str, aspect: str | None = None) -> object:
    # An aspect's facts are listed by the question's words, so the marked fact says the
    # aspect's name as the question does: it stays first whatever facts are added later.
    text = f"{MARKER} on {aspect}" if aspect else MARKER

    def change(data: dict) -> None:  # type: ignore[type-arg]
        target = data["aspects"][aspect] if aspect else data[key]
        if isinstance(target, list):
            target[0]["text"] = text
        else:
            target["text"] = text

    return change


@pytest.mark.parametrize(
    ("message", "field", "aspect"),
    [
        ("what is flask?", "summary", None),
        ("pros of flask", "pros", None),
        ("what are the cons of flask", "cons", None),
        ("what is flask used for", "use_cases", None),
        ("flask vs django", "aspects", "performance"),
        ("compare flask and django on security", "aspects", "security"),
        ("tell me about flask", "verdict", None),
    ],
)
def test_changing_a_fact_changes_the_answer(
    kb_copy: Path, message: str, field: str, aspect: str | None
) -> None:
    before = Brain(load_knowledge_base(kb_copy)).handle(message).reply
    assert MARKER not in before.text
    edit(kb_copy / "frameworks" / "flask.yaml", set_first(field, aspect))
    after = Brain(load_knowledge_base(kb_copy)).handle(message).reply
    assert MARKER in after.text
    assert after.sources


def test_best_for_follows_the_ranking_in_the_knowledge_base(kb_copy: Path) -> None:
    assert (
        "Best for performance: FastAPI"
        in Brain(load_knowledge_base(kb_copy)).handle("which is the fastest framework?").reply.text
    )

    def reverse(data: dict) -> None:  # type: ignore[type-arg]
        for aspect in data["aspects"]:
            if aspect["id"] == "performance":
                aspect["ranking"]["order"] = ["django", "flask", "fastapi"]

    edit(kb_copy / "aspects.yaml", reverse)
    text = Brain(load_knowledge_base(kb_copy)).handle("which is the fastest framework?").reply.text
    assert "Best for performance: Django" in text
    assert "Runner-up: Flask" in text


@pytest.mark.parametrize(
    "message",
    ["what is django", "pros of fastapi", "cons of flask", "use cases for django",
     "django vs flask", "fastapi vs flask on performance", "which is easiest to learn?",
     "which framework has the most jobs"],
)  # fmt: skip
def test_every_factual_answer_names_its_sources(brain: Brain, message: str) -> None:
    reply = brain.handle(message).reply
    assert reply.sources, message
    assert all(s.url.startswith("https://") for s in reply.sources)
    assert "Sources:" in reply.text
    assert any(b["type"] == "context" for b in reply.blocks)


def test_chat_answers_state_no_facts_and_need_no_sources(brain: Brain) -> None:
    for message in ("hi", "thanks!", "help"):
        reply = brain.handle(message).reply
        assert reply.intent in {"greet", "thanks", "help"}
        assert reply.sources == []


def test_a_wrong_premise_is_corrected_before_the_answer(brain: Brain) -> None:
    reply = brain.handle("since Flask can't do async, is FastAPI the better pick?").reply
    assert reply.text.index("Not true. A quick correction first") < reply.text.index(
        "FastAPI supports"
    )
    assert "Flask 2.0" in reply.text
    assert any("async" in s.title.lower() for s in reply.sources)

    reply = brain.handle("why is django so new?").reply
    assert "Not true. A quick correction first" in reply.text
    assert "2005" in reply.text


def test_a_belief_said_without_a_negation_is_corrected_too(brain: Brain) -> None:
    """ "synchronous only" states what "can't do async" does, in other words."""
    reply = brain.handle("django is sync only, right?").reply
    assert reply.text.startswith("Django")
    assert "Not true. A quick correction first" in reply.text
    assert "Django 3.0" in reply.text or "Django 3.1" in reply.text


def test_two_negations_of_a_belief_cancel_out(brain: Brain) -> None:
    """ "You can't return JSON without DRF" states the belief that DRF is needed; "you
    don't need DRF to return JSON" denies it."""
    stated = one_line(brain.handle("you can't return json in django without DRF").reply.text)
    assert "Not true. A quick correction first - Django has JsonResponse built in" in stated
    denied = one_line(brain.handle("you don't need DRF to return json in django").reply.text)
    assert "Right, that is what my sources say - Django has JsonResponse built in" in denied


@pytest.mark.parametrize(
    ("claim", "fact"),
    [
        ("flask is single threaded so it only serves one request at a time", "one worker"),
        ("django locks you into its own template language", "for Jinja2"),
        ("shame fastapi's /docs page can't be turned off in prod", "docs_url=None"),
        (
            "with async def views our flask app handles more concurrent requests per worker",
            "one worker",
        ),
    ],
)
def test_common_beliefs_the_shipped_facts_refute_are_set_right(
    brain: Brain, claim: str, fact: str
) -> None:
    text = one_line(brain.handle(claim).reply.text)
    correction = "Not true. A quick correction first - "
    assert correction in text
    assert fact in text.split(correction, 1)[1].split(" - ")[0]


def test_wrong_framework_said_with_nothing_before_gets_the_apology(brain: Brain) -> None:
    reply = brain.handle("wrong framework buddy, i said flask").reply
    assert reply.text.startswith("Sorry that missed the point.")


def test_web_server_single_sign_on_is_answered_with_remote_user(brain: Brain) -> None:
    reply = brain.handle("our apache does the sso and sets REMOTE_USER: which framework uses that?")
    assert "RemoteUserMiddleware" in reply.reply.text


def test_non_before_a_word_negates_it(brain: Brain) -> None:
    """ "a non-LTS release" says it is not LTS: no "every Django release is LTS" to correct."""
    text = brain.handle(
        "if we pick a non-lts django release, how long do we get security fixes?"
    ).reply.text
    assert "Not true" not in text


def test_a_topic_named_only_by_an_everyday_word_is_not_a_second_feature_asked(
    brain: Brain,
) -> None:
    """ "typing them all out by hand" is not a question on type hints: the ORM answer alone."""
    reply = brain.handle(
        "can django generate the models from an existing db, or am i typing them all out by hand"
    ).reply
    title = reply.text.splitlines()[0]
    assert title.startswith("ORM in Django")
    assert "type hints" not in title


def test_everyday_names_of_a_feature_find_its_facts(brain: Brain) -> None:
    flashing = brain.handle(
        "is there something in flask to show a one time message after a redirect?"
    )
    assert "flash(" in flashing.reply.text
    # "error messages" names what forms give when asked about them, not a failure.
    forms = brain.handle("does flask have form classes w/ validation + error messages built in")
    assert forms.reply.text.startswith("Forms in Flask: not built in")
    spa = brain.handle("anything in fastapi for spa fallback?")
    assert "app.frontend()" in spa.reply.text
    # answering at once and finishing the work later is running it in the background
    later = brain.handle("our flask export takes a minute, can we respond immediately instead?")
    assert "background tasks" in later.answer.title.lower()
    # a chat between users is kept open by WebSockets; the stock User is authentication's
    chat = brain.handle("can django keep the connection open for chat messages between users?")
    assert chat.reply.text.startswith("WebSockets in Django")
    users = brain.handle("we kept the stock User in django, is swapping it later a problem?")
    assert "AUTH_USER_MODEL" in users.reply.text
    # counting a page's queries is making it faster; a typing indicator is server push
    queries = brain.handle("which tool shows how many queries each django view fires?")
    assert "django-debug-toolbar" in queries.reply.text
    typing = brain.handle("can flask show a 'support agent is typing' indicator?")
    assert typing.reply.text.startswith("WebSockets in Flask")
    # live push instead of polling is server push
    push = brain.handle(
        "our flask page re-polls the server every 2 seconds, what gives us proper live push?"
    )
    assert push.reply.text.startswith("WebSockets in Flask")
    # a prefix for a group of routes is how a bigger app is organized
    prefix = brain.handle("can fastapi declare the /v1 part once for a group of routes?")
    assert "prefix" in prefix.reply.text


def test_a_code_name_asked_what_replaced_it_finds_the_facts_writing_it(brain: Brain) -> None:
    """ "what replaced `FLASK_ENV`?": the name written in code is what changed, so the facts
    that write it answer, as they do for an error naming one."""
    reply = brain.handle(
        "an older flask tutorial exports `FLASK_ENV=development` to get the reloader, what "
        "replaced it?"
    )
    assert "FLASK_ENV" in reply.answer.sections[0].bullets[0]


def test_a_belief_asked_yes_or_no_is_answered_no_not_corrected(brain: Brain) -> None:
    """ "is flask dead?" claims nothing: the facts answer no; "flask is dead" is a claim
    they set right."""
    asked = brain.handle("is flask basically dead now?").reply.text
    assert "No, going by my sources" in asked and "correction" not in asked
    claimed = brain.handle("flask is basically dead now").reply.text
    assert "Not true. A quick correction first" in claimed


def test_a_premise_cue_describing_a_thing_named_after_the_framework_is_no_belief(
    brain: Brain,
) -> None:
    """ "a brand new django project" says the project is new, not Django."""
    project = brain.handle("we're kicking off a brand new django project, which version?")
    assert "Not true" not in project.reply.text
    claimed = brain.handle("django is brand new, is it stable?")
    assert "Not true. A quick correction first" in claimed.reply.text


def test_a_claim_word_said_of_another_version_states_no_belief_on_this_one(
    brain: Brain,
) -> None:
    """ "we're on 5.2 LTS ... via 6.0?" says LTS of 5.2: no belief that 6.0 is an LTS release
    to correct; said of 6.0, it is one."""
    moving = brain.handle("we're on django 5.2 LTS, going to 6.1: do we stop at 6.0 on the way?")
    assert "Not true" not in moving.reply.text
    claimed = brain.handle("django 6.0 is an LTS release, right?")
    assert "Not true. A quick correction first" in claimed.reply.text


def test_a_belief_the_facts_show_depends_is_answered_not_necessarily(brain: Brain) -> None:
    reply = brain.handle("flask can't scale to many users, right?").reply
    assert "Not necessarily. A quick correction first" in reply.text
    both = brain.handle("flask can't do async and can't scale to many users, right?").reply
    assert "Not necessarily. A quick correction first" in both.text  # the milder verdict


def test_of_two_beliefs_found_the_one_on_the_topic_asked_is_corrected(brain: Brain) -> None:
    """ "Doesn't scale" is about load too, but beside "big codebase" the belief is the code's
    size: the correction is how Flask structures a bigger app, from the fact filed first
    under that topic, not a release note that touches it."""
    answer = brain.handle("flask is only for toy apps, it doesnt scale to a big codebase").answer
    (correction,) = [s for s in answer.sections if "correction" in (s.heading or "")]
    assert correction.bullets[0].startswith("Flask blueprints factor an application")
    assert len(correction.bullets) == 1  # not also the workers, which answer load
    load = brain.handle("flask can't scale to many users, right?").answer
    (correction,) = [s for s in load.sections if "correction" in (s.heading or "")]
    assert "worker" in correction.bullets[0]


def test_a_speed_claim_is_answered_with_what_benchmarks_measure(brain: Brain) -> None:
    claim = brain.handle("fastapi is 100% faster than django, everyone knows that").reply.text
    assert "Not necessarily. A quick correction first" in claim
    assert "benchmarks don't test the additional features" in claim
    asgi = brain.handle("ASGI is faster than WSGI so lets move our django app to it").reply
    assert "do your own performance testing of ASGI against WSGI" in asgi.text


def test_a_belief_on_a_topic_that_changes_is_set_right_by_the_current_facts(
    brain: Brain,
) -> None:
    """ "Flask is dying" is answered with its latest release, not its first one of 2010."""
    answer = brain.handle("flask is dying isnt it").answer
    (correction,) = [s for s in answer.sections if "correction" in (s.heading or "")]
    assert "latest Flask release" in correction.bullets[0]
    assert "2010" not in correction.bullets[0]


def test_a_belief_said_of_a_named_release_is_not_set_right_as_one_about_the_framework(
    brain: Brain,
) -> None:
    """ "What is new in Django 6.0?" asks what a release added, and "Django 2.2 is dead"
    is true: neither is corrected with Django's origins or its latest release."""
    news = brain.handle("what is new in django 6.0?").reply.text
    assert "correction" not in news
    assert "2003" not in news
    assert "Django 6.0" in news.split("\n")[2]  # the release asked about comes first
    assert "correction" not in brain.handle("django 2.2 is dead, right?").reply.text
    # Without a release the same words are the belief about Django, set right.
    assert "Not true. A quick correction first" in brain.handle("django is dead, right?").reply.text


def test_too_heavy_for_a_small_project_is_about_size_not_speed(brain: Brain) -> None:
    """ "Too heavy for small projects" says Django is more than a small app needs: its
    weaknesses answer it, not the "too slow" belief set right with how to measure speed."""
    heavy = brain.handle("django is too heavy for small projects").reply
    assert heavy.intent == "cons"
    assert "correction" not in heavy.text and "making it faster" not in heavy.text
    slow = brain.handle("django is too slow for APIs").reply.text
    assert "Not necessarily. A quick correction first" in slow


def test_no_correction_without_the_premise(brain: Brain) -> None:
    assert "correction" not in brain.handle("does flask support async?").reply.text
    assert "correction" not in brain.handle("I'm new to django, what is it?").reply.text


def test_dated_claims_say_what_the_article_said_and_when(brain: Brain) -> None:
    text = one_line(brain.handle("can flask handle many requests at the same time?").reply.text)
    assert "worker" in text
    assert (
        '"Choosing between Django, Flask, and FastAPI (James Sandy, Section)" (Jan 2021) said'
        in text
    )
    assert "one after the other" in text


def test_another_framework_gets_an_honest_partial_answer(brain: Brain) -> None:
    reply = brain.handle("Flask vs Express?").reply
    assert reply.frameworks == ["flask"]
    assert "I only cover Django, FastAPI and Flask" in reply.text
    assert "Express" in reply.text
    assert any(b["type"] == "actions" for b in reply.blocks)
    assert reply.sources


def test_clarify_offers_readings_that_read_back_as_themselves(brain: Brain) -> None:
    readings = (
        Reading("compare", 0.4, ("flask", "fastapi"), "performance"),
        Reading("cons", 0.3, ("django",)),
        Reading("best_for", 0.3, (), "learning"),
    )
    unsure = Understanding(intent="compare", confidence=0.4, unsure=True, alternatives=readings)
    answer = brain.compose(unsure)
    assert answer.title == "I'm not sure I understood."
    assert [s.label for s in answer.suggestions] == [
        "Compare Flask and FastAPI on performance",
        "The weaknesses of Django",
        "Which framework is best on learning curve",
    ]
    for reading, suggestion in zip(readings, answer.suggestions, strict=True):
        clicked = brain.handle(suggestion.message).understanding
        assert (clicked.intent, clicked.frameworks, clicked.aspect) == (
            reading.intent, reading.frameworks, reading.aspect)  # fmt: skip


@pytest.mark.parametrize(
    ("message", "framework", "aspect"),
    [
        ("is flask async?", "flask", "async"),
        ("does django scale well", "django", "scalability"),
        ("is django secure?", "django", "security"),
    ],
)
def test_a_question_on_one_aspect_leads_with_that_aspect(
    brain: Brain, message: str, framework: str, aspect: str
) -> None:
    answer = brain.handle(message).answer
    on_aspect = [f.text for f in brain.kb.facts_on(framework, aspect)]
    assert (
        answer.title
        == f"{brain.kb.framework(framework).name} on {brain.kb.aspect(aspect).in_sentence}"
    )
    first = answer.sections[0]
    assert len(first.bullets) == min(FACTS_PER_SIDE, len(on_aspect))
    assert all(any(text in b for text in on_aspect) for b in first.bullets)


def test_a_terse_message_keeps_its_framework_and_aspect(brain: Brain) -> None:
    reply = brain.handle("flask performance").reply
    assert reply.intent != "out_of_scope"
    assert reply.frameworks == ["flask"]
    assert reply.aspect == "performance"


def test_an_unclear_message_gets_did_you_mean_buttons(brain: Brain) -> None:
    reply = brain.handle("compare").reply
    assert "Did you mean" in reply.text
    buttons: list[Any] = [
        e for b in reply.blocks if b["type"] == "actions" for e in cast(list[Any], b["elements"])
    ]
    assert len(buttons) >= 2
    first = brain.handle(buttons[0]["value"]).reply
    assert not first.text.startswith("I'm not sure")


def test_a_question_about_working_with_one_framework_points_back_to_choosing(
    brain: Brain,
) -> None:
    on_a_topic = brain.handle("What is Flask-Login?")
    assert on_a_topic.understanding.intent == "out_of_scope"  # working with Flask...
    answer = on_a_topic.answer
    assert answer.title.startswith("Authentication in Flask")  # ...on a topic we know
    assert any("Flask-Login" in b for s in answer.sections for b in s.bullets)
    clicked = [brain.handle(s.message).understanding for s in answer.suggestions]
    assert [(u.intent, u.frameworks) for u in clicked[:2]] == [
        ("describe", ("flask",)),
        ("cons", ("flask",)),
    ]
    assert clicked[2].intent == "compare" and clicked[2].frameworks[0] == "flask"


def test_a_name_from_the_facts_is_answered_with_the_facts_that_name_it(brain: Brain) -> None:
    answer = brain.handle("which framework does Instagram use?").answer
    assert answer.title == "Django and Instagram"
    assert answer.sections[0].heading == "What my sources say about Instagram"
    assert all("Instagram" in bullet for bullet in answer.sections[0].bullets)
    assert answer.sources

    listed = brain.handle("does netflix use fastapi").answer
    named, *rest = listed.sections
    assert any("Netflix" in b for b in named.bullets)
    assert not any("Netflix" in b for section in rest for b in section.bullets)  # said once

    many = brain.handle("what is BackgroundTasks in fastapi for?").answer
    naming = sum("BackgroundTasks" in f.text for f in facts_of(brain.kb.framework("fastapi")))
    assert naming > FACTS_PER_SIDE  # the name is in more facts than fit
    assert FACTS_PER_SIDE <= len(many.sections[0].bullets) < naming  # the first few, not all


@pytest.mark.parametrize("aspect", ["async", "database", "api"])
def test_a_comparison_on_an_aspect_names_only_that_aspects_differences(
    brain: Brain, aspect: str
) -> None:
    """ "Django vs FastAPI on async": the main differences are async ones, not the admin."""
    reading = Understanding("compare", 1.0, frameworks=("django", "fastapi"), aspect=aspect)
    answer = brain.compose(reading)
    (differences,) = [s for s in answer.sections if s.heading == "Main differences"]
    built_in_lists = [b.split(":", 1)[1].split(".")[0] for b in differences.bullets]
    elsewhere = [t.name for t in brain.kb.topics.values() if t.feature and t.aspect != aspect]
    for names in built_in_lists:
        assert not [n for n in elsewhere if n in names.split(", ")], names


def test_three_frameworks_share_the_room_for_main_differences(brain: Brain) -> None:
    """Three frameworks get two differences each, so the answer and its sources stay short."""
    answer = brain.compose(Understanding("compare", 1.0, frameworks=("django", "flask", "fastapi")))
    (differences,) = [s for s in answer.sections if s.heading == "Main differences"]
    for bullet in differences.bullets:
        features = bullet.split(":", 1)[1].split(".")[0].split(", ")
        assert 1 <= len(features) <= 2, bullet
    two = brain.compose(Understanding("compare", 1.0, frameworks=("django", "flask")))
    (differences,) = [s for s in two.sections if s.heading == "Main differences"]
    assert max(len(b.split(":", 1)[1].split(".")[0].split(", ")) for b in differences.bullets) == 3


def test_what_sets_them_apart_leaves_when_to_pick_each_one_click_away(brain: Brain) -> None:
    """What each is and what is built into which: the verdicts (and their source) are the
    "when to pick each" answer, offered, not repeated here."""
    answer = brain.compose(Understanding("compare", 1.0, frameworks=("flask", "django")))
    assert [s.heading for s in answer.sections] == ["In short", "Main differences"]
    (when,) = [s for s in answer.suggestions if s.label == "When to pick each"]
    offered = brain.handle(when.message).answer
    assert offered.title == "Flask or Django: when to pick each"


@pytest.mark.parametrize(
    ("message", "topic", "said"),
    [
        ("what's the next release of flask?", "upcoming", "3.2.0"),  # what comes next
        ("does django have a built in way to send emails?", "email", "send_mail"),
        ("what is fastapi built on, under the hood?", "foundations", "Starlette"),
        ("isn't fastapi a one man project? bus factor worries me", "maintainers", "a team"),
        ("anything big in django 6.1?", "whats-new", "fetch modes"),  # what it added
    ],
)
def test_a_question_on_a_topic_of_its_own_is_answered_from_it(
    brain: Brain, message: str, topic: str, said: str
) -> None:
    turn = brain.handle(message)
    assert turn.understanding.topics[0] == topic
    assert said in turn.reply.text.split("Sources:")[0]


def test_fastapi_mistaken_for_a_flask_add_on_is_corrected(brain: Brain) -> None:
    """Corrected first, then answered on what each is built on (Flask: Werkzeug)."""
    mistaken = brain.handle("fastapi is just built on top of flask, isn't it").reply.text
    assert "Not true. A quick correction first" in mistaken
    assert mistaken.index("Starlette") < mistaken.index("Werkzeug")


def test_a_tool_used_with_a_framework_is_not_a_framework_left_out(brain: Brain) -> None:
    """pandas beside FastAPI is what it is used with: the question is still answered, and
    nothing says pandas is not covered; "pytest vs unittest" alone is still not ours."""
    stalls = brain.handle(
        "my fastapi endpoint does heavy pandas crunching and other requests stall. why?"
    ).reply
    assert "Sorry" not in stalls.text and stalls.sources
    both = brain.handle("flask vs fastapi for pandas dashboards").reply.text
    assert "I don't cover" not in both
    for tools in ("pytest vs unittest?", "celery or rq for our jobs?", "heroku vs fly.io"):
        assert brain.handle(tools).reply.intent == "out_of_scope", tools


def test_streaming_is_its_own_topic_not_websockets(brain: Brain) -> None:
    turn = brain.handle("does flask have a streaming response for large files")
    assert turn.understanding.topics[0] == "streaming"
    assert "WebSockets" not in turn.answer.title


def test_an_aspect_only_a_topic_gave_is_not_answered_as_a_second_part(brain: Brain) -> None:
    """Its releases make the message about Flask's community (and Gunicorn about deployment)
    and that is all: no "And on community" section beside the answer on Flask's releases and
    deployment."""
    turn = brain.handle("is flask still maintained and does it work with gunicorn?")
    assert turn.understanding.aspect == "community"
    assert "And on" not in turn.reply.text


def test_whether_a_feature_is_built_in_or_a_package_is_one_question(brain: Brain) -> None:
    """ "or do I need a package?" asks whether the feature is built in: the yes or no answers
    it, with no "And on packages" section of the article's package ranking beside it."""
    turn = brain.handle("is there built in rss feed support in django or do i install a package?")
    assert turn.understanding.topics[0] == "sitemaps-feeds"
    assert "And on" not in turn.reply.text


@pytest.mark.parametrize(
    ("message", "head"),
    [
        ("rails person here, does fastapi have an admin?", "Admin interface in FastAPI: not"),
        ("laravel dev here. does django have an ORM?", "ORM in Django: yes"),
    ],
)
def test_another_framework_the_asker_knows_leaves_the_direct_answer(
    brain: Brain, message: str, head: str
) -> None:
    """The other framework is the asker's background, not one set against ours: the
    feature question on ours gets its yes or no, not a page on an aspect."""
    assert brain.handle(message).reply.text.startswith(head)


def test_a_choice_between_add_ons_of_one_framework_gets_what_the_facts_say_on_them(
    brain: Brain,
) -> None:
    answer = brain.handle("django rest framework or django ninja?").answer
    # a choice inside Django, answered from what Django's facts say of each add-on, what
    # each is first ("DRF" names Django and, in particular, its REST framework)
    assert [s.heading for s in answer.sections] == ["Django REST framework", "Django Ninja"]
    for section, name in zip(
        answer.sections, ("Django REST Framework (DRF) is", "Django Ninja is"), strict=True
    ):
        assert section.bullets[0].startswith(name)
        assert len({*section.bullets}) == len(section.bullets)  # one fact in two lists: once
    ninja = brain.handle("what is django ninja?").answer  # none of ours named: its home's facts
    assert ninja.title == "Django and Django Ninja"
    assert ninja.sections[0].bullets[0].startswith("Django Ninja is")
    uncovered = brain.handle("flask or express?").reply
    assert "I only cover Django, FastAPI and Flask" in uncovered.text  # not an add-on


def test_a_frontend_beside_ours_is_what_calls_it_not_a_framework_compared(brain: Brain) -> None:
    reply = brain.handle("my vue app cant call my flask api, CORS error. fix?").reply
    assert "I only cover" not in reply.text
    assert reply.text.startswith("I can't debug that one")  # what the facts say on CORS


def test_a_framework_ours_is_built_on_is_compared_from_the_facts_that_name_it(
    brain: Brain,
) -> None:
    answer = brain.handle("why would I use fastapi instead of just starlette directly?").answer
    assert answer.title == "FastAPI and Starlette"
    first = answer.sections[0]
    assert first.heading is None  # the title says it
    assert all("Starlette" in b for b in first.bullets)
    assert "I only cover" not in brain.handle("fastapi vs starlette").reply.text
    claim = brain.handle("starlette is just the old name of fastapi isnt it").answer
    assert claim.title == "FastAPI and Starlette"  # a belief about how they relate
    assert "subclass of Starlette" in " ".join(claim.sections[0].bullets)
    assert "can't speak for Express" in brain.handle("flask vs express?").reply.text


def test_another_of_ours_set_against_what_fastapi_is_built_on_gets_fastapis_facts_on_it(
    brain: Brain,
) -> None:
    """ "switch from flask to starlette?": Starlette is not one of ours, but FastAPI's facts
    say what it is; they speak for it beside Flask's side, instead of "can't speak for"."""
    answer = brain.handle("should our team switch from flask to starlette?").answer
    assert answer.title == "Flask and Starlette"
    first = answer.sections[0]
    assert first.heading is not None and first.heading.startswith("Starlette, which FastAPI")
    assert first.bullets and all("Starlette" in b for b in first.bullets)
    text = brain.handle("should our team switch from flask to starlette?").reply.text
    assert "can't speak for Starlette" not in text
    # a framework none of ours is built on is still one I can't speak for
    assert "can't speak for Express" in brain.handle("switch from flask to express?").reply.text


def test_what_a_move_loses_is_what_is_built_into_one_not_the_other(brain: Brain) -> None:
    """The move's reason ("for speed") does not turn it into a comparison on speed."""
    turn = brain.handle("thinking of moving our django app to fastapi for speed. what do we lose?")
    assert "trade_offs" in turn.understanding.forms
    text = turn.reply.text.split("Sources:")[0]
    assert "Built into Django, not FastAPI: admin interface" in text
    assert "When to pick each" not in text and "In short" not in text
    plain = brain.handle("django vs fastapi on speed").reply.text
    assert "Built into Django, not FastAPI" not in plain.split("Main differences")[0]


def test_a_remark_naming_none_of_ours_is_answered_only_from_facts_sharing_most_of_it(
    brain: Brain,
) -> None:
    """No framework named and no question: a setting only Django's facts name is answered
    from them; a remark that merely has a topic word (deploying) is still not ours."""
    removed = brain.handle("DEFAULT_FILE_STORAGE is now deprecated and does not work.").reply
    assert "STORAGES" in removed.text and removed.sources
    for remark in ("my cat sleeps all day and the migrations of birds began",
                   "the weather in production town is nice today"):  # fmt: skip
        assert brain.handle(remark).reply.text.startswith("Sorry"), remark


@pytest.mark.parametrize(
    "message",
    [
        "No problem",  # a remark in one word some fact has ("problems")
        "Any update?",  # a question in one ("update your settings")
        "what is 12 * 12 + 5",  # numbers some facts have ("August 5", "12 months")
    ],
)
def test_a_word_or_a_number_on_none_of_ours_gets_no_facts(brain: Brain, message: str) -> None:
    reply = brain.handle(message).reply
    assert reply.text.startswith("Sorry") and not reply.sources, reply.text[:200]


@pytest.mark.parametrize(
    ("message", "answered"),
    [
        ("how do i reverse a linked list", False),  # Django's reverse() is for URLs
        ("how to read a csv file", False),  # Flask's send_file names a csv
        ("are concurrent database queries in ASGI a thing?", True),
        ("what does batteries included mean", True),
    ],
)
def test_a_question_on_none_of_ours_in_off_topic_words_gets_no_facts(
    brain: Brain, message: str, answered: bool
) -> None:
    """The out-of-scope phrases' words ("reverse", "list", "csv") are everyday programming
    words: some fact has them, but a question in them is not on what the facts say."""
    reply = brain.handle(message).reply
    assert bool(reply.sources) is answered, reply.text[:200]


def test_a_term_the_question_quotes_is_what_it_asks_about(brain: Brain) -> None:
    """One word in common is a coincidence in a chatty question, unless it is the term the
    question puts in quotes."""
    said = "my team lead keeps using the word {0} in the context of Django. what is it?"
    quoted = brain.handle(said.format("'battery'")).reply.text
    plain = brain.handle(said.format("battery")).reply.text
    # The description names "batteries included" too: the facts on the term answer in its
    # place, not under it.
    assert "batteries included" in quoted and not quoted.startswith("What is Django?")
    assert plain.startswith("What is Django?")


def test_tools_set_against_each_other_are_what_is_compared(brain: Brain) -> None:
    """React is a tool used with ours ("my react app calls my fastapi api"); set against
    Angular and Vue with none of ours named, it is what the question compares, and facts
    that name them in passing (what Django was made for) answer nothing."""
    reply = brain.handle("Angular vs React vs Vue").reply
    assert "can't tell you about Angular, React or Vue" in reply.text
    assert not reply.sources
    used_with = brain.handle("can my react app call my fastapi api?").reply
    assert "can't tell you about React" not in used_with.text


def test_a_question_about_a_framework_beyond_what_it_is_gets_a_short_description(
    brain: Brain,
) -> None:
    """ "what is django?" gets the whole description; "who created django?" the facts its
    words pick, without the rest of the story."""
    whole = brain.handle("what is django?", now=0).reply.text
    short = brain.handle("who created django and where did it come from?", now=0).reply.text
    assert "Verdict" in whole and "Verdict" not in short
    assert "Holovaty" in short and len(short) < len(whole)


def test_a_description_says_what_the_framework_is_before_its_history(
    brain: Brain, kb: KnowledgeBase
) -> None:
    """ "What is Flask, and why would you choose it?" wants the microframework and its
    extensions, not the April Fool's story; the creator and first release come last."""
    flask = kb.framework("flask")
    short = brain.handle("What is Flask, and why would you choose it over others?").answer
    whole = brain.handle("what is flask?").answer
    for answer in (short, whole):
        bullets = answer.sections[0].bullets
        assert bullets[0].startswith(flask.origin.pattern.text)
    whole_bullets = whole.sections[0].bullets
    assert whole_bullets[-1].startswith(flask.origin.released.text)


def test_choosing_on_an_aspect_opens_each_framework_with_where_it_stands(
    brain: Brain, kb: KnowledgeBase
) -> None:
    """ "react" and "SPA" may pick the rest of FastAPI's facts on APIs; its first one, the
    aspect's lead, still says where it stands ("designed around OpenAPI")."""
    answer = brain.handle("best framework for a pure json api backend for our react SPA?").answer
    assert answer.sections
    for section in answer.sections:
        framework = next((f for f in kb.frameworks.values() if f.name == section.heading), None)
        if framework is None or not section.bullets:
            continue
        lead = kb.facts_on(framework.id, "api")[0]
        assert section.bullets[0].startswith(lead.text), framework.id


@pytest.mark.parametrize(
    "frameworks", [("django", "flask"), ("flask", "fastapi"), ("django", "flask", "fastapi")]
)
def test_a_main_difference_names_only_the_frameworks_that_lack_it(
    kb: KnowledgeBase, frameworks: tuple[str, ...]
) -> None:
    """Of three, type hints are built into Flask and FastAPI both: Flask's line on them
    says "not Django", never "not Django or FastAPI"."""
    names = {kb.framework(f).name: f for f in kb.frameworks}
    answer = compose_differences(kb, frameworks)
    lines = [b for s in answer.sections if s.heading == "Main differences" for b in s.bullets]
    assert lines
    features = {t.name: t.id for t in kb.topics.values() if t.feature}
    for line in lines:
        claim = re.match(r"Built into (\w+), not ([\w ,]+?): ([^.]+)\.", line)
        assert claim, line
        lacking = [names[n] for n in re.split(r", | or ", claim[2])]
        for feature in claim[3].split(", "):
            for framework in lacking:
                cell = kb.feature(framework, features[feature])
                assert cell is None or cell.status != "built_in", (line, framework)


def test_a_three_way_comparison_leaves_the_add_ons_to_the_two_way_ones(kb: KnowledgeBase) -> None:
    """Of three, "Flask: admin interface via Flask-Admin" for every gap would double the
    lines and their sources; two frameworks compared still name what fills each gap."""
    three = compose_differences(kb, ("django", "flask", "fastapi"))
    two = compose_differences(kb, ("django", "flask"))

    def said(answer: Any) -> str:
        return " ".join(b for s in answer.sections for b in s.bullets)

    assert " via " not in said(three)
    assert " via " in said(two)


def test_a_comparison_on_one_aspect_says_what_each_is_within_the_budget(
    brain: Brain, kb: KnowledgeBase
) -> None:
    """After each side's facts on the aspect, what each framework is, where there is room;
    with three frameworks it stays short, and it lists the sources of what it still says."""
    two = brain.handle("django vs flask for building apis?").reply
    assert two.text.startswith("Django vs Flask on building APIs")
    body = two.text.split("\n\nSources:", maxsplit=1)[0]
    for framework in ("django", "flask"):
        short = kb.in_short(framework)[0].text
        assert short[:60] in one_line(body), framework
    three = brain.handle("django vs flask vs fastapi on async?").reply
    body = three.text.split("\n\nSources:", maxsplit=1)[0]
    assert three.text.startswith("Django vs Flask vs FastAPI on async") and len(body) <= 1100


def test_an_answer_cut_to_its_budget_lists_the_sources_of_the_lines_it_keeps(
    kb: KnowledgeBase,
) -> None:
    """A line composed from several sources ("Built into FastAPI, not Flask: ...") names
    them with it; cut from the answer, it takes them along."""
    cite = Citations(kb)
    kept = cite.say(kb.in_short("django")[0])
    cite.cite("flask-changes", said="Built into Django, not Flask: an admin.")
    assert [r.url for r in cite.refs_in([Section(bullets=(kept,))])] == [
        kb.source(kb.in_short("django")[0].source).url
    ]
    both = cite.refs_in([Section(bullets=(kept, "Built into Django, not Flask: an admin."))])
    assert kb.source("flask-changes").url in [r.url for r in both]


def test_a_tie_of_points_lists_the_one_recommended_first_and_offers_the_other(
    kb: KnowledgeBase,
) -> None:
    """On a tie the recommended framework (its tie broken) leads the points, and "compare"
    offers the runner-up, not the winner against itself."""
    tie = Outcome(
        scores={"fastapi": 8.0, "flask": 8.0, "django": 3.0},
        winner="flask",
        runner_up="fastapi",
        reasons=(),
        runner_up_reason=None,
    )
    answer = compose_outcome(kb, tie)
    assert answer.sections[0].text is not None
    assert answer.sections[0].text.startswith("Flask 8, FastAPI 8")
    assert answer.suggestions[0].message == "flask vs fastapi"


def test_a_framework_set_against_what_it_is_built_on_leads_with_what_it_adds(
    brain: Brain, kb: KnowledgeBase
) -> None:
    """ "Starlette vs FastAPI?": of FastAPI's facts on how the two relate, one on features
    (what FastAPI adds over Starlette) comes before its licence or its release history."""
    answer = brain.handle("Starlette vs FastAPI?").answer
    first = answer.sections[0].bullets[0]
    fact = next(f for f in kb.all_facts() if first.startswith(f.text[:80]))
    assert "foundations" in fact.topics
    assert any(kb.topics[t].feature for t in fact.topics if t in kb.topics)


def test_why_after_a_ranked_comparison_gives_the_leaders_strengths_on_it(brain: Brain) -> None:
    compared = brain.handle("django vs flask on performance")
    assert "Of these, Flask comes out ahead" in compared.reply.text
    why = brain.handle("why?", compared.state).reply
    assert (why.intent, why.frameworks, why.aspect) == ("pros", ["flask"], "performance")
    assert "Flask on performance" in why.text


def test_a_performance_comparison_gives_each_ones_docs_advice_after_the_ranking(
    brain: Brain,
) -> None:
    """After the article's ranking, each side's next fact is what its docs say about speed
    (measure first; a production WSGI server), not a cache backend's release note."""
    text = brain.handle("django vs flask on performance").reply.text
    django = text[text.index("\nDjango\n") : text.index("\nFlask\n")]
    assert "measure first" in django and "Redis cache backend" not in django
    flask = brain.handle("is flask fast?").reply.text
    assert "dedicated WSGI server" in flask and "DefaultJSONProvider" not in flask


def test_a_database_comparison_says_which_databases_django_supports(brain: Brain) -> None:
    text = brain.handle("django vs flask on database").reply.text
    django = text[text.index("\nDjango\n") : text.index("\nFlask\n")]
    assert "five databases" in django and "inherit" not in django


def test_is_it_ready_for_production_leads_with_the_docs_before_the_articles_opinion(
    brain: Brain,
) -> None:
    """Flask's docs say it is ready for production use; the 2021 article's advice against
    it for high-load enterprise software comes after, as an opinion beside the docs."""
    text = brain.handle("is flask good for production?").reply.text
    docs = text.index("ready for production use")
    assert "high-load enterprise" not in text or docs < text.index("high-load enterprise")


def test_is_it_dying_answers_with_its_releases_and_support_not_one_releases_fixes(
    brain: Brain,
) -> None:
    """ "is django dying?": the newest release, then what keeps it going (the LTS window),
    not the details of one patch release's security fixes."""
    text = brain.handle("is django dying?").reply.text
    assert "newest Django feature release" in text
    assert "long-term support" in text
    assert "CVE-" not in text


@pytest.mark.parametrize(
    ("message", "first_line"),
    [("thanks!", "You're welcome!"), ("you're a lifesaver", "You're welcome!"),
     ("thanks, bye", "You're welcome!"), ("bye", "Bye!"), ("logging off, see ya", "Bye!"),
     ("ok cool", "Anything else I can help with?"), ("hmm", "Anything else I can help with?"),
     ("fair enough", "Anything else I can help with?")],
)  # fmt: skip
def test_only_thanks_gets_youre_welcome(brain: Brain, message: str, first_line: str) -> None:
    """ "ok", "hmm" and "bye" close a conversation as thanks does, but thank for nothing;
    a goodbye gets one back ("logging" names Django's logging alone, not in "logging off")."""
    reply = brain.handle(message).reply
    assert reply.intent == "thanks"
    assert reply.text.splitlines()[0] == first_line


@pytest.mark.parametrize(
    "message",
    ["not helpful", "that's wrong", "hmm, that didn't help", "you skipped half my question"],
)
def test_saying_the_answer_missed_gets_an_apology_not_thanks(brain: Brain, message: str) -> None:
    reply = brain.handle(message).reply
    assert reply.intent == "help" and reply.text.startswith("Sorry that missed the point.")
    # said with a point of its own, the point is what is answered
    correction = brain.handle("that's wrong, flask does support async").reply
    assert correction.intent != "help" and correction.frameworks == ["flask"]


def test_saying_the_answer_missed_and_what_was_wanted_answers_that(brain: Brain) -> None:
    """ "not what i asked, i wanted async": no quiz. Alone, an apology; after an answer on a
    framework, that framework on what was wanted, with no premise read into the complaint."""
    alone = brain.handle("not what i asked. i wanted async support specifically").reply
    assert alone.intent == "help" and alone.text.startswith("Sorry that missed the point.")
    first = brain.handle("what is flask?")
    again = brain.handle("not what i asked. i wanted async support specifically", first.state)
    assert again.reply.frameworks == ["flask"] and again.reply.aspect == "async"
    assert "correction" not in again.reply.text
    # a complaint that part of the question was skipped, naming the part
    skipped = brain.handle("you skipped half my question, what about the async part??", first.state)
    assert skipped.reply.frameworks == ["flask"] and skipped.reply.aspect == "async"


def test_fastapi_as_flask_with_async_is_set_right(brain: Brain) -> None:
    text = one_line(brain.handle("so fastapi is just async flask?").reply.text)
    assert "Not true. A quick correction first" in text and "Starlette" in text


def test_a_pick_for_ones_own_project_between_two_named_weighs_only_those(brain: Brain) -> None:
    """ "solo side project, want to learn something employable. django or fastapi?" asks
    which of the two to pick: a recommendation or the questions, among those two only."""
    message = "solo side project, just me, want to learn something employable. django or fastapi?"
    turn = brain.handle(message)
    assert turn.reply.intent == "recommend"
    assert "Flask" not in turn.reply.text.split("\n")[0]
    # all three named: which of them, decided from what the message says
    every = (
        "we are 5 devs, we want dependency injection and automatic api docs. "
        "django, flask or fastapi?"
    )
    assert brain.handle(every).reply.text.startswith("My recommendation:")
    statement = "Our project uses Flask today; we believe moving it to FastAPI would pay off."
    assert brain.understander.understand(statement).intent == "compare"


def test_whether_a_framework_is_still_worked_on_gets_its_release_activity(brain: Brain) -> None:
    """ "anyone still working on flask these days?": "these days" says when, not what; the
    answer is its releases with their dates, not facts that happen to say "days"."""
    body = one_line(brain.handle("anyone still working on flask these days?").reply.text)
    assert "Flask is still maintained" in body and "3.1.3" in body
    assert "two days after" not in body
