"""Answers that carry the conversation: greet, thanks, help, out of scope, clarify, recommend."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import Answer, Section, Suggestion
from bot.answers.suggestions import compare_with_others, recommend_me
from bot.answers.wording import joined
from intents.chat import ACKNOWLEDGED, BYE, THANKED
from intents.understanding import Reading
from knowledge import KnowledgeBase

EXAMPLES = (
    "what is fastapi?",
    "django vs flask",
    "compare django and fastapi on performance",
    "which is easiest to learn?",
    "cons of flask",
)


def _covered(kb: KnowledgeBase) -> str:
    names = [f.name for f in kb.frameworks.values()]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _starter_suggestions(kb: KnowledgeBase) -> tuple[Suggestion, ...]:
    ids = list(kb.frameworks)
    compare = (
        Suggestion(
            f"{kb.framework(ids[0]).name} vs {kb.framework(ids[1]).name}", f"{ids[0]} vs {ids[1]}"
        )
        if len(ids) > 1
        else None
    )
    first = Suggestion(f"What is {kb.framework(ids[-1]).name}?", f"what is {ids[-1]}")
    return tuple(s for s in (compare, first, recommend_me()) if s is not None)


def compose_greeting(kb: KnowledgeBase) -> Answer:
    return Answer(
        title="Hi! I help you choose between " + _covered(kb) + ".",
        sections=(
            Section(
                text="Ask me to compare them, describe one, or say "
                '"help me choose" and I will recommend one for you.'
            ),
        ),
        suggestions=_starter_suggestions(kb),
    )


# The reply's first line and its opening words, by how the closing message closed.
CLOSING_LINES = {
    THANKED: ("You're welcome!", "Anything else? "),
    BYE: ("Bye!", "Come back any time: "),
    ACKNOWLEDGED: ("Anything else I can help with?", ""),
}


def compose_thanks(kb: KnowledgeBase, closes_by: str = THANKED) -> Answer:
    """The reply to a closing message: "You're welcome!" to thanks, "Bye!" to a goodbye,
    and to "ok" or "hmm" only the offer of more."""
    title, opening = CLOSING_LINES[closes_by]
    return Answer(
        title=title,
        sections=(
            Section(
                text=opening
                + "I can compare "
                + _covered(kb)
                + " on performance, community, jobs, learning curve and more."
            ),
        ),
        suggestions=_starter_suggestions(kb),
    )


def compose_missed(kb: KnowledgeBase) -> Answer:
    """For "not helpful" or "that's wrong" said of the last answer: an apology, how to ask
    again, and how a rating reaches the people who keep the facts."""
    return Answer(
        title="Sorry that missed the point.",
        sections=(
            Section(
                text="Ask again in other words: name the framework and what you want to "
                'know, e.g. "does FastAPI have an admin?" or "Flask or Django for a small '
                'API?". Rating a wrong answer 👎 (/bad in the console) tells the people who '
                "maintain my knowledge base what to fix."
            ),
        ),
        suggestions=_starter_suggestions(kb),
    )


def compose_help(kb: KnowledgeBase) -> Answer:
    aspects = ", ".join(a.in_sentence for a in kb.aspects.values())
    return Answer(
        title="What I can do",
        sections=(
            Section(
                text=f"I answer questions about {_covered(kb)}, from a curated knowledge "
                "base that names its sources."
            ),
            Section(heading="Ask me", bullets=EXAMPLES),
            Section(heading="Aspects I know", text=aspects),
            Section(
                heading="Slash commands",
                bullets=(
                    "/compare django flask [aspect] [public]: side-by-side comparison",
                    "/recommend: a few questions, then a recommendation",
                ),
            ),
            Section(
                heading="Not sure what to pick?",
                text='Say "help me choose" and I will ask a few questions.',
            ),
        ),
        suggestions=_starter_suggestions(kb),
    )


def compose_out_of_scope(
    kb: KnowledgeBase, other_frameworks: Sequence[str] = (), frameworks: Sequence[str] = ()
) -> Answer:
    covered = _covered(kb)
    if frameworks and not other_frameworks:
        # Working with one of ours on something no fact answers ("how do I seed my
        # staging db from prod in Django?"): the gap is in the sources, not the subject.
        name = kb.framework(frameworks[0]).name
        return Answer(
            title="Sorry, I can't help with that one.",
            sections=(
                Section(
                    text=(
                        f"My sources have nothing that answers that about {name}. They "
                        f"cover what {name} offers and how to do common things with it, its "
                        f"versions and deployment, and how it compares: I help you choose "
                        f"between {covered}."
                    )
                ),
            ),
            suggestions=(
                Suggestion(f"What is {name}?", f"what is {frameworks[0]}"),
                Suggestion(f"Weaknesses of {name}", f"cons of {frameworks[0]}"),
                *compare_with_others(kb, frameworks[:1]),
            ),
        )
    if other_frameworks:
        others = joined(other_frameworks, "or")
        text = (
            f"I only cover {covered}, so I can't tell you about {others} — "
            "but I can compare the ones I know."
        )
    else:
        text = (
            f"That's outside what I know. I help you choose between {covered}: "
            "what each is, pros and cons, use cases, and how they compare."
        )
    return Answer(
        title="Sorry, I can't help with that one.",
        sections=(Section(text=text),),
        suggestions=_starter_suggestions(kb),
    )


def compose_clarify(kb: KnowledgeBase, readings: Sequence[Reading]) -> Answer:
    """ "Did you mean ...?" with the likeliest readings as choices."""
    choices = tuple(Suggestion(describe_reading(kb, r), reading_message(kb, r)) for r in readings)
    return Answer(
        title="I'm not sure I understood.",
        sections=(Section(text="Did you mean:", bullets=tuple(c.label for c in choices)),),
        suggestions=choices,
        clarifies=True,
    )


_INTENT_WORDS = {
    "describe": "what {fw} is",
    "pros": "the strengths of {fw}",
    "cons": "the weaknesses of {fw}",
    "use_cases": "what {fw} is used for",
    "compare": "compare {fw}",
    "best_for": "which framework is best",
    "recommend": "a recommendation for your project",
    "help": "what I can do",
}


def describe_reading(kb: KnowledgeBase, reading: Reading) -> str:
    names = joined(kb.framework(f).name for f in reading.frameworks) or "the frameworks"
    label = _INTENT_WORDS.get(reading.intent, reading.intent).format(fw=names)
    if reading.aspect is not None:
        label += f" on {kb.aspect(reading.aspect).in_sentence}"
    return label[0].upper() + label[1:]


def reading_message(kb: KnowledgeBase, reading: Reading) -> str:
    """A message that the understanding reads back as exactly this reading."""
    fws = " and ".join(reading.frameworks or tuple(kb.frameworks))
    on = f" on {reading.aspect}" if reading.aspect else ""
    messages = {
        "describe": f"what is {fws}",
        "pros": f"pros of {fws}",
        "cons": f"cons of {fws}",
        "use_cases": f"use cases of {fws}",
        "compare": f"compare {fws}{on}",
        "best_for": f"which is best for {reading.aspect}"
        if reading.aspect
        else "which framework is best",
        "recommend": "help me choose a framework",
        "help": "help",
    }
    return messages.get(reading.intent, "help")
