"""Facts are found by a question's words whatever their inflection."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answers.retrieval import (
    KINDS_SHOWN,
    LEAD_WEIGHT,
    WEIGHT_SCALE,
    FactIndex,
    _Asking,
    _lifting_questions_asked,
    stem,
)
from bot.brain import Brain
from intents.question_forms import QuestionForms
from knowledge import KnowledgeBase, load_knowledge_base


@pytest.mark.parametrize(
    ("word", "root"),
    [("pinning", "pin"), ("pinned", "pin"), ("workers", "worker"), ("tests", "test"),
     ("uses", "use"), ("is", "is"), ("ssl", "ssl"), ("calls", "call"), ("class", "class"),
     ("cores", "core"), ("routes", "route"), ("matches", "match"), ("boxes", "box"),
     ("access", "access"), ("accessing", "access"), ("processed", "process"),
     ("classes", "class")],
)  # fmt: skip
def test_stem_takes_off_the_inflection_only(word: str, root: str) -> None:
    assert stem(word) == root


@pytest.mark.parametrize(
    ("noun", "verb"),
    [("deprecation", "deprecated"), ("validations", "validating"), ("migration", "migrated")],
)
def test_a_noun_in_ation_has_the_stem_of_its_verb(noun: str, verb: str) -> None:
    """ "a deprecation warning on Query(regex=...)" finds "deprecated the regex argument"."""
    assert stem(noun) == stem(verb)
    # too short to be a verb's noun, in the singular as in the plural
    assert stem("relation") == stem("relations") == "relation"


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("battery", "batteries"), ("query", "queries"), ("dependency", "dependencies"),
     ("cookie", "cookies"), ("key", "keys"), ("reply", "replies")],
)  # fmt: skip
def test_a_plural_in_ies_has_the_stem_of_its_singular(singular: str, plural: str) -> None:
    """ "what is this 'battery' in Django?" finds the fact on "batteries included"."""
    assert stem(singular) == stem(plural)


def test_a_question_in_another_inflection_finds_the_fact(kb: KnowledgeBase) -> None:
    index = FactIndex(kb)
    pinned = index.relevant_on_topics("fastapi", ["pinning", "versions?"], ["versioning"],
                                      limit=1)  # fmt: skip
    assert pinned and " pin " in f" {pinned[0].text} "


def test_a_short_form_finds_the_fact_that_spells_it_out(kb: KnowledgeBase) -> None:
    plain = FactIndex(kb)
    spelt = FactIndex(kb, short_forms={"env": "environment", "vars": "variables"})
    words = ["reading", "env", "vars"]
    assert "environment" not in plain._question_stems(tuple(words))
    assert "environment" in spelt._question_stems(tuple(words))
    found = spelt.matching_words(["fastapi"], words)
    assert any("environment variables" in f.text for f in found["fastapi"])


def test_a_misspelt_word_finds_the_fact_that_spells_it_right(kb: KnowledgeBase) -> None:
    index = FactIndex(kb)
    typed = index.matching_words(["flask"], ["concurent", "requets", "quart"])
    right = index.matching_words(["flask"], ["concurrent", "requests", "quart"])
    assert typed == right and any("concurrent" in f.text for f in typed["flask"])
    # a short word is too easily another word, and a word near none stays as typed
    assert index._corrected(["quar", "zzyzzx", "3.12"]) == ["quar", "zzyzzx", "3.12"]


def test_only_the_first_unknown_words_of_a_long_post_are_looked_up(kb: KnowledgeBase) -> None:
    index = FactIndex(kb)
    typos = ["concurent", "requets", "databse", "migratons", "authentification", "sessons",
             "pydantc"]  # fmt: skip
    right = ["concurrent", "request", "database", "migration", "authentication", "session"]
    fixed = index._corrected(index._stems(typos))
    assert fixed[:6] == index._stems(right)
    assert fixed[6] == "pydantc"


def test_a_question_asking_whether_to_do_it_gets_the_advising_fact_first(brain: Brain) -> None:
    """Advice asked ("good idea?") puts first the fact that says what a thing is meant for."""

    def first_fact(question: str) -> str:
        return brain.handle(question, now=0).answer.sections[0].bullets[0]

    plain = "giving our customers the django admin as their dashboard"
    asked = plain + ", good idea?"

    def lead_of_advice(question: str) -> float:
        """The advising fact's score less the best other fact's."""
        ranked = brain.direct.index._ranked("django", tuple(question.split()), ("admin",), None)
        advice = "internal management tool"
        return next(s for s, e in ranked if advice in e.fact.text) - max(
            s for s, e in ranked if advice not in e.fact.text
        )

    assert lead_of_advice(asked) > max(0.0, lead_of_advice(plain))
    assert "internal management tool" in first_fact(asked)


def test_advice_phrases_are_matched_as_phrases(kb: KnowledgeBase) -> None:
    forms = QuestionForms()
    index = FactIndex(kb, kinds_given={"advice": ["not intended"]}, kinds_asked=forms.forms_of)
    assert index.asks_advice(("is", "it", "a", "good", "idea?"))
    assert not index.asks_advice(("good", "ideas", "for", "a", "blog", "idea"))
    assert index.asks_advice(("reload", "in", "prod", "does", "it", "matter"))
    advising = [e.fact.text for es in index._by_framework.values() for e in es if e.kinds]
    assert advising and all("not intended" in t for t in advising)
    # "not intendedly" is no advice: phrases are whole words
    assert not FactIndex(kb, kinds_given={"advice": ["not intend"]})._kinds_of


def _plain_and_kinded(
    kb: KnowledgeBase, kind: str, phrases: list[str]
) -> tuple[FactIndex, FactIndex]:
    """An index that knows no kind of fact, and one that knows `kind` by these phrases; both
    read the question forms that ask for a kind."""
    forms = QuestionForms()
    return (
        FactIndex(kb, kinds_asked=forms.forms_of),
        FactIndex(kb, kinds_given={kind: phrases}, kinds_asked=forms.forms_of),
    )


def _rank_of_first(
    index: FactIndex, framework: str, question: tuple[str, ...], topics: tuple[str, ...], said: str
) -> int:
    """Where the first fact whose text says `said` ranks for the question."""
    ranked = index._ranked(framework, question, topics, None)
    return next(i for i, (_, entry) in enumerate(ranked) if said in entry.fact.text)


def test_a_question_asking_how_long_gets_the_facts_that_give_a_time_first(
    kb: KnowledgeBase,
) -> None:
    """ "Until when does Django 6.1 get patches?" asks for dates: the facts that give one
    rank above those that only share the question's words ("patches", "6.1")."""
    question = tuple(["until", "when", "does", "django", "6.1", "get", "patches"])
    topics = ("support",)
    plain, timed = _plain_and_kinded(kb, "time", ["april", "december", "three years"])
    assert "time" in timed._asked(question)[3]

    said = "6.1's mainstream support"
    assert _rank_of_first(timed, "django", question, topics, said) < _rank_of_first(
        plain, "django", question, topics, said
    )
    assert not timed._asked(tuple(["what", "does", "django", "6.1", "fix"]))[3]


def test_a_question_on_what_an_upgrade_changes_gets_the_facts_that_state_a_change_first(
    kb: KnowledgeBase,
) -> None:
    """ "Will our pytz code keep working on 5.2?" asks what changed: the facts that say
    what was deprecated or removed rank above those that only share its words."""
    question = tuple(
        [
            "upgrading",
            "django",
            "4.1",
            "to",
            "5.2,",
            "will",
            "our",
            "pytz",
            "timezones",
            "keep",
            "working",
        ]
    )
    plain, changed = _plain_and_kinded(kb, "change", ["deprecated", "removed"])
    assert "change" in changed._asked(question)[3]

    stating_a_change = {
        e.fact.text for _, e in changed._ranked("django", question, ("orm",), None) if e.kinds
    }

    def lead_of_pytz_removal(index: FactIndex) -> float:
        """Its score less that of the best fact that states no change."""
        ranked = index._ranked("django", question, ("orm",), None)
        pytz = next(score for score, e in ranked if "deprecated pytz" in e.fact.text)
        return pytz - max(score for score, e in ranked if e.fact.text not in stating_a_change)

    assert lead_of_pytz_removal(changed) > max(0.0, lead_of_pytz_removal(plain))
    assert not changed._asked(tuple(["what", "timezone", "does", "django", "use"]))[3]


def test_a_question_on_what_holds_unless_set_gets_the_facts_that_state_a_default_first(
    kb: KnowledgeBase,
) -> None:
    """ "If I never set CACHES, what backend does Django use?" asks for a default: a fact
    that states one ranks above those that only share the question's words."""
    question = tuple(
        ["if", "i", "never", "set", "caches", "what", "cache", "backend", "does", "django", "use"]
    )
    plain, defaults = _plain_and_kinded(kb, "default", ["default", "defaults"])
    assert "default" in defaults._asked(question)[3]

    topics = ("caching",)
    assert _rank_of_first(defaults, "django", question, topics, "default") < _rank_of_first(
        plain, "django", question, topics, "default"
    )
    assert not defaults._asked(tuple(["what", "cache", "backends", "does", "django", "have"]))[3]


def test_a_question_on_the_newest_release_gets_the_facts_that_name_it_first(
    kb: KnowledgeBase,
) -> None:
    """ "Which fastapi should our requirements pin (newest release), and what pydantic does
    it need?" asks for the latest release: the facts that name it rank above those that only
    share the question's other words ("pydantic")."""
    question = tuple(
        [
            "which",
            "fastapi",
            "should",
            "our",
            "requirements",
            "pin",
            "newest",
            "release",
            "and",
            "what",
            "pydantic",
        ]
    )
    plain, latest = _plain_and_kinded(kb, "latest", ["latest release", "is the newest"])
    assert "latest" in latest._asked(question)[3]

    said = "latest release on PyPI"
    assert _rank_of_first(latest, "fastapi", question, ("releases",), said) < _rank_of_first(
        plain, "fastapi", question, ("releases",), said
    )
    assert not latest._asked(tuple(["what", "did", "fastapi", "release", "in", "2024"]))[3]


def test_a_question_whether_it_is_still_maintained_gets_the_facts_on_its_upkeep_first(
    kb: KnowledgeBase,
) -> None:
    """ "flask is abandonware now, fastapi killed it. does pallets still put out releases?"
    asks whether it is maintained: the facts on who maintains it and how often it releases
    rank above those that only share the message's other words ("killed", "put out")."""
    question = tuple(
        [
            "our",
            "architect",
            "says",
            "fastapi",
            "is",
            "abandonware",
            "now",
            "does",
            "anyone",
            "still",
            "put",
            "out",
            "releases",
        ]
    )
    plain, upkeep = _plain_and_kinded(kb, "maintained", ["maintained by a team", "latest release"])
    assert "maintained" in upkeep._asked(question)[3]

    said = "maintained by a team"
    assert _rank_of_first(upkeep, "fastapi", question, ("releases",), said) < _rank_of_first(
        plain, "fastapi", question, ("releases",), said
    )
    assert not upkeep._asked(tuple(["what", "did", "fastapi", "release", "in", "2024"]))[3]


def test_a_version_named_leads_to_the_facts_on_that_version(brain: Brain) -> None:
    """ "security updates" is in many facts on support; "4.2" is what is asked about."""
    first = brain.handle("is django 4.2 still getting security updates?", now=0)
    assert "4.2" in first.answer.sections[0].bullets[0]


def test_a_version_number_belongs_to_the_name_before_it(brain: Brain) -> None:
    """ "FastAPI 1.0" is not Starlette 1.0; a loose number ("starlette went 1.0") or a
    list after its name ("Python 3.10 and 3.11") is still that name's."""
    ours = brain.handle("is fastapi 1.0 out?").answer.sections[0].bullets[0]
    assert "Starlette" not in ours and "0.x" in ours
    stems = brain.direct.index._question_stems
    assert "starlette 1.0" in stems(("starlette", "went", "1.0"))
    assert "starlette 1.0" not in stems(("fastapi", "1.0", "on", "starlette"))
    assert {"python 3.10", "python 3.11"} <= set(stems(("python", "3.10", "and", "3.11")))
    python_315 = brain.handle("does django 6.1 support python 3.15?").answer.sections[0]
    assert "3.15" in python_315.bullets[0]


def test_the_fact_that_leads_a_topic_opens_a_general_question_on_it(kb_copy: Path) -> None:
    """Asked about a topic with nothing more specific, a framework's answer opens with the
    fact that answers the topic in general, as a feature cell answers its feature."""
    question = ["what", "about", "concurrency?"]
    path = kb_copy / "frameworks" / "fastapi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def edit(node: Any, lead_text: str | None) -> None:
        """Lead concurrency with the fact of this text (none: no fact leads it)."""
        if isinstance(node, dict):
            leads = [t for t in node.get("leads", ()) if t != "concurrency"]
            if lead_text is not None and node.get("text") == lead_text:
                leads.append("concurrency")
            if "leads" in node or leads:
                node["leads"] = leads
            for value in node.values():
                edit(value, lead_text)
        elif isinstance(node, list):
            for value in node:
                edit(value, lead_text)

    def index_with_lead(lead_text: str | None) -> FactIndex:
        edit(data, lead_text)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        return FactIndex(load_knowledge_base(kb_copy))

    ranked = index_with_lead(None)._on_topic("fastapi", question, ["concurrency"], None, limit=5)
    # the first fact the file order puts behind the top one by less than a lead's weight
    top_score = ranked[0][1]
    general = next(f.text for f, score in ranked[1:] if score > top_score - LEAD_WEIGHT)
    after = index_with_lead(general)
    first = after.relevant_on_topics("fastapi", question, ["concurrency"], limit=1)[0]
    assert first.text == general
    # a question whose words tell the facts apart is still answered by those words
    specific = ["limit", "concurrency", "503"]
    assert "503" in after.relevant_on_topics("fastapi", specific, ["concurrency"], limit=1)[0].text


def _index_with(kb_copy: Path, framework: str, facts: list[dict[str, Any]]) -> FactIndex:
    """The index of the knowledge base copied to `kb_copy` with `facts` added to the
    framework's performance aspect."""
    path = kb_copy / "frameworks" / f"{framework}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["aspects"]["performance"] += facts
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return FactIndex(load_knowledge_base(kb_copy))


def test_a_fact_that_says_a_chosen_one_again_is_not_chosen(kb_copy: Path) -> None:
    """Nothing said twice: a rewording of a fact already chosen gives way to the next
    fact, but the same words about another version are another statement."""
    original = "Flask 9.1 ships a teleporter for moving requests between worker processes."
    reworded = "Flask 9.1 ships a teleporter: it moves requests between worker processes."
    another = "Flask 9.2 ships a teleporter for moving requests between worker processes."

    def fact(text: str) -> dict[str, Any]:
        return {"text": text, "source": "flask-docs-design", "as_of": "2026-04-08",
                "topics": ["concurrency"]}  # fmt: skip

    index = _index_with(kb_copy, "flask", [fact(original), fact(reworded), fact(another)])
    question = ["does", "flask", "teleporter", "move", "requests?"]
    shown = [f.text for f in index.relevant_on_topics("flask", question, ["concurrency"])]
    # One of the two wordings, whichever the question's words favour, and the other version.
    assert (original in shown) != (reworded in shown)
    assert another in shown


def test_the_questions_words_choose_before_the_topic_order_and_leads(kb_copy: Path) -> None:
    """A fact on the topic asked second that says what the question says comes before the
    fact that leads the topic asked first but says none of it: the first topic and a lead
    only break near-ties."""
    general = "FastAPI sends a quokka banner to every client on connect."
    specific = "FastAPI answers wombat frames on one event loop."
    added: list[dict[str, Any]] = [
        {"text": general, "source": "fastapi-docs-async", "as_of": "2026-04-08",
         "topics": ["websockets"], "leads": ["websockets"]},
        {"text": specific, "source": "fastapi-docs-async", "as_of": "2026-04-08",
         "topics": ["concurrency"]},
    ]  # fmt: skip
    index = _index_with(kb_copy, "fastapi", added)
    # Words other facts have (Django's) make "wombat" a small share of what is asked.
    question = ["websockets", "concurrency", "queryset", "makemigrations", "collectstatic",
                "templatetags:", "wombat?"]  # fmt: skip
    first = index.relevant_on_topics("fastapi", question, ["websockets", "concurrency"], limit=1)
    assert first[0].text == specific


def test_the_words_of_how_a_question_is_put_choose_no_fact(kb: KnowledgeBase) -> None:
    """ "which python does it work with": "work" says how it is asked, and a fact that
    something "still worked" is no answer to it."""
    plain = FactIndex(kb)
    told = FactIndex(kb, how_asked=frozenset({"work"}))
    question = ("which", "python", "does", "it", "work", "with")
    assert "work" in plain._asked(question)[0]
    assert told._asked(question)[0] == plain._asked(question)[0] - {"work"}


def test_a_function_word_inflected_is_still_a_function_word(kb: KnowledgeBase) -> None:
    """ "another app owns the database": "owns" is "own", which tells no fact apart."""
    index = FactIndex(kb, function_words=frozenset({"own", "another"}))
    assert index._stems(["another", "app", "owns", "it"]) == ["app", "it"]


def test_a_word_of_how_a_question_is_put_inflected_is_still_one(kb: KnowledgeBase) -> None:
    """ "pentest wants host-header allowlisting": "wants" is how it is asked ("want"), not a
    word a fact about allowed hosts shares."""
    index = FactIndex(kb, how_asked=frozenset({"want"}))
    assert index._stems(["pentest", "wants", "allowlisting"], index.how_asked) == [
        "pentest",
        "allowlist",
    ]


def test_a_word_spread_over_many_topics_weighs_less_than_its_rarity_says(
    kb: KnowledgeBase,
) -> None:
    """ "shows" in a question meets facts on every topic; a word of one topic's facts is
    evidence for a fact, one spread over many is more often a coincidence."""
    index = FactIndex(kb)
    rarity = {w: round(idf * WEIGHT_SCALE) for w, idf in index._idf.items()}
    topics_of: dict[str, set[str]] = {}
    for entry in (e for framework in index._by_framework.values() for e in framework):
        for word in entry.words | entry.asked_words:
            topics_of.setdefault(word, set()).update(entry.topics)
    spread = max(topics_of, key=lambda w: len(topics_of[w]))
    alone = next(w for w, ts in topics_of.items() if not ts)
    assert index._weight[spread] < rarity[spread]
    assert index._weight[alone] == rarity[alone]


def _facts_in(data: object) -> list[dict[str, Any]]:
    """Every mapping with a text in a framework file: the facts, nested or listed."""
    if isinstance(data, dict):
        found = [data] if isinstance(data.get("text"), str) else []
        return found + [f for value in data.values() for f in _facts_in(value)]
    if isinstance(data, list):
        return [f for item in data for f in _facts_in(item)]
    return []


def test_the_questions_a_fact_answers_find_it_in_their_own_words(kb_copy: Path) -> None:
    path = kb_copy / "frameworks" / "flask.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts = _facts_in(data)
    for fact in facts:
        fact.pop("asked", None)
    typed = next(f for f in facts if "type=int" in f["text"] and "request.args" in f["text"])
    typed["asked"] = ["grab the numeric bit after ?page= in the address bar"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # Only "page" is in the fact itself: one word in common is too few to find it by.
    words = ["grab", "numeric", "bit", "page", "address"]
    found = FactIndex(load_knowledge_base(kb_copy)).matching_words(["flask"], words)
    assert [f.text for f in found.get("flask", [])][:1] == [typed["text"]]
    del typed["asked"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    unasked = FactIndex(load_knowledge_base(kb_copy)).matching_words(["flask"], words)
    assert typed["text"] not in [f.text for f in unasked.get("flask", [])]
    # never shown: the answer says the fact, not the question it answers
    assert (
        "grab the numeric"
        not in Brain(load_knowledge_base(kb_copy))
        .handle("flask: grab the numeric bit of the address bar?")
        .reply.text
    )


def test_a_question_put_as_one_a_fact_answers_lifts_that_fact(kb: KnowledgeBase) -> None:
    first, second = FactIndex(kb)._by_framework["django"][:2]
    question = _Asking.of("how often does django ship a new feature release for our upgrade plan")
    ranked = [(5.0, first), (4.5, replace(second, asked_texts=("how often does django release",)))]
    assert _lifting_questions_asked(question, list(ranked))[0][1] is ranked[1][1]
    # a question it answers in other words, or none: the order stays
    other = [(5.0, first), (4.5, replace(second, asked_texts=("is django free to use",)))]
    assert _lifting_questions_asked(question, list(other)) == tuple(other)
    assert _lifting_questions_asked(question, [(5.0, first), (4.5, second)])[0][1] is first
    # a question more general than the one the fact answers: every word of it is in that
    # one, but not most of that one's in it
    narrower = replace(second, asked_texts=("how do i add api key header authentication to it",))
    general = [(5.0, first), (4.5, narrower)]
    general_question = _Asking.of("how do i add authentication")
    assert _lifting_questions_asked(general_question, list(general)) == tuple(general)


def test_a_word_shared_in_passing_does_not_reorder_a_list(kb: KnowledgeBase) -> None:
    """A question's words move a fact up an aspect's list when they are much of what it
    asks; one word of a long post about other things leaves the list in its own order."""
    index = FactIndex(kb)
    facts = list(kb.facts_on("flask", "api"))[:6]
    last = facts[-1]
    own = index._words_of[id(last)] - index._common
    others = set().union(*(index._words_of[id(f)] for f in facts[:-1]))
    word = max(own - others, key=lambda w: index._weight[w])
    passing = ["daphne", "channels", "celery", "migrations", "admin", "templates", "orm"]
    stems = index._stems(passing)
    assert all(w in index._idf and w not in index._words_of[id(last)] for w in stems)
    assert index.in_word_order("flask", [word], facts)[0] is last
    assert index.in_word_order("flask", [word, *passing], facts) == facts


def test_least_is_how_a_question_is_put_not_a_word_a_fact_answers(brain: Brain) -> None:
    """ "which framework makes that least painful" shares nothing with "at least as many
    connections" however rare "least" is among the facts."""
    index = brain.direct.index
    assert "least" not in index.word_weights(["which", "one", "makes", "it", "least", "painful"])
    # "what am i supposed to use now?": rare in facts, but how the question is put
    assert "suppos" not in index.word_weights(["what", "am", "i", "supposed", "to", "use", "now"])


def test_a_cell_is_filed_under_its_topics_aspect(kb: KnowledgeBase) -> None:
    """A matrix cell or one outside it sits in no aspect's list, but is about its topic's
    aspect: a question on that aspect weighs it as it weighs the facts filed there."""
    index = FactIndex(kb)
    for framework_id, framework in kb.frameworks.items():
        entries = {id(e.fact): e for e in index._by_framework[framework_id]}
        for topic_id, cell in framework.features.items():
            assert entries[id(cell)].aspect == kb.topics[topic_id].aspect


def test_a_fact_filed_elsewhere_that_says_what_is_asked_competes_with_the_topics(
    kb_copy: Path,
) -> None:
    """A fact on no topic asked that has most of the question's rarer words is ranked with
    the topic's facts ("flask sorts my json keys" reads as on APIs; the JSON provider's
    fact is filed elsewhere); one sharing only two of many words in passing is not, so a
    topic with nothing on the question still says so."""
    elsewhere = "FastAPI's quokka provider shuffles wombat keys; set quokka.shuffle = False."
    index = _index_with(
        kb_copy,
        "fastapi",
        [{"text": elsewhere, "source": "fastapi-docs-async", "as_of": "2026-04-08"}],
    )
    asked = ["why", "does", "fastapi", "shuffle", "my", "wombat", "keys?", "quokka?"]
    first = index.relevant_on_topics("fastapi", asked, ["sessions"], limit=1)
    assert first[0].text == elsewhere
    # two of its words among many that other facts have (Django's, here), on a topic
    # FastAPI has no fact on: nothing, not the fact that happens to share them
    passing = ["fastapi", "lts", "quokka", "wombat", "queryset", "makemigrations",
               "collectstatic", "templatetags", "squashmigrations", "prefetch_related",
               "inlineformset_factory", "get_absolute_url"]  # fmt: skip
    assert not index.relevant_on_topics("fastapi", passing, ["support"], limit=5)


def test_a_fact_sharing_much_more_of_the_question_outranks_one_only_filed_on_its_topic(
    kb_copy: Path,
) -> None:
    """Being filed under the topic asked puts a fact first among those sharing as much of
    the question, not above one a little off the topic that shares much more of it ("my
    form posts and gets 405" reads as on forms; the fact on a route's methods answers)."""
    on_topic = "FastAPI's bilby sessions keep their cookies."
    sharing = "FastAPI's wombat quokka returns numbat."
    added: list[dict[str, Any]] = [
        {"text": on_topic, "source": "fastapi-docs-async", "as_of": "2026-04-08",
         "topics": ["sessions"]},
        {"text": sharing, "source": "fastapi-docs-async", "as_of": "2026-04-08"},
        {"text": "FastAPI's dingo potoroo bandicoot.", "source": "fastapi-docs-async",
         "as_of": "2026-04-08", "topics": ["history"]},
    ]  # fmt: skip
    index = _index_with(kb_copy, "fastapi", added)
    # three of the seven rarer words against one (the other three are another fact's)
    asked = ["fastapi", "wombat", "quokka", "numbat", "bilby", "dingo", "potoroo", "bandicoot"]
    first = index.relevant_on_topics("fastapi", asked, ["sessions"], limit=1)
    assert first[0].text == sharing


def test_the_fact_the_questions_words_rank_first_is_shown_off_the_topic_read(
    kb_copy: Path,
) -> None:
    """The topics read can miss what a question is about: the fact that shares most of its
    own words, filed under none of them, is shown second, after the topic's best."""
    off_topic = "Flask's wombat registry keeps one quokka per worker process."
    index = _index_with(
        kb_copy,
        "flask",
        [{"text": off_topic, "source": "flask-docs-design", "as_of": "2026-04-08"}],
    )
    question = ["how", "does", "flask", "handle", "concurrency", "with", "a", "wombat?"]
    shown = [f.text for f in index.relevant_on_topics("flask", question, ["concurrency"])]
    assert shown.index(off_topic) == 1
    # a question without its words keeps the topic's facts only
    plain = ["how", "does", "flask", "handle", "concurrency?"]
    assert off_topic not in [
        f.text for f in index.relevant_on_topics("flask", plain, ["concurrency"])
    ]


def test_a_question_asking_two_kinds_of_fact_gets_the_best_of_each_among_the_first(
    brain: Brain,
) -> None:
    """ "How far behind current are we, and what was the big breaking change?" asks for the
    newest release and for a change: the best of each is among the first three, though
    many changes outrank the newest release on the question's words."""
    question = (
        *("we", "pin", "fastapi", "0.95", "how", "far", "behind", "current", "are", "we"),
        *("and", "what", "breaking", "change", "came", "in", "between"),
    )
    index = brain.direct.index
    assert {"latest", "change"} <= index._asked(question)[3]
    first = index._ranked("fastapi", question, ("releases",), None)[:KINDS_SHOWN]
    assert any("latest" in e.kinds for _, e in first)
    assert any("change" in e.kinds for _, e in first)


def test_the_newest_release_answers_a_question_asking_for_it_on_any_topic(brain: Brain) -> None:
    """ "we pin flask 2.0.1, what's the latest release?" read on Flask's versioning: the
    newest release, filed under its releases, is among the first, not an add-on's newest
    release (which names Flask too)."""
    question = ("we", "pin", "flask", "2.0.1", "what", "is", "the", "latest", "release", "now")
    index = brain.direct.index
    assert "latest" in index._asked(question)[3]
    first = [e.fact.text for _, e in index._ranked("flask", question, ("versioning",), None)]
    assert any("is the latest Flask release" in t for t in first[:KINDS_SHOWN])
    assert not any("Flask-RESTful's newest release" in t for t in first[:KINDS_SHOWN])


def test_a_ranking_is_the_same_whatever_was_asked_of_the_index_before(kb: KnowledgeBase) -> None:
    """The question's words are worked out once and shared by every ranking of it: reordering
    a list by its rarer words first must not take the common words out of the rest."""
    question = "in fastapi we pass the sqlalchemy object to background tasks: can django 6 tasks"
    words = [*question.split(), "take", "a", "model", "instance"]
    topics = ("background-tasks", "orm")
    fresh = FactIndex(kb)._ranked("django", tuple(words), topics, None)
    index = FactIndex(kb)
    index.in_word_order("django", words, list(kb.facts_on("django", "api")))
    after = index._ranked("django", tuple(words), topics, None)
    assert [(score, entry.fact) for score, entry in after] == [
        (score, entry.fact) for score, entry in fresh
    ]
