"""Nothing said twice: a statement an answer has made is not made again further down."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer, Section
from intents.normalize import is_number

# Shorter pieces ("Flask:", a heading's words) may recur; a statement is longer than this.
MIN_STATEMENT = 40
# The "Django: " that starts a bullet in a per-framework list.
_LEAD = re.compile(r"^[A-Z][\w.]*: ")
# Two statements sharing this much of their words (of the shorter's) say the same thing
# twice: two sources' wordings of one point (two bullets of a section, two facts ranked).
NEAR_REPEAT = 0.8
# ... when the shorter is a statement of this many words at least: short lines ("What Django
# is", "Built into FastAPI, not Flask: forms") share most of their few words by design.
NEAR_REPEAT_WORDS = 12
_WORD = re.compile(r"[a-z0-9][a-z0-9.]*[a-z0-9]|[a-z0-9]")


def without_repeats(answer: Answer) -> Answer:
    """The answer with each bullet's repeat of an earlier statement taken out: a bullet that
    only repeats is dropped, one that also says more keeps the rest ("In short" after a
    correction that quoted half of it)."""
    said: list[str] = []
    sections: list[Section] = []
    changed = False
    for section in answer.sections:
        bullets: list[str] = []
        worded: list[frozenset[str]] = []  # the words of this section's bullets so far
        for bullet in section.bullets:
            words = words_of(bullet)
            if any(near_repeat(words, earlier, NEAR_REPEAT_WORDS) for earlier in worded):
                changed = True
                continue
            worded.append(words)
            kept = bullet
            for earlier in said:
                if earlier in kept:
                    kept = " ".join(kept.replace(earlier, " ").split())
            if len(statement := _LEAD.sub("", kept)) >= MIN_STATEMENT and any(
                statement in earlier for earlier in said
            ):
                kept = ""  # said inside a longer bullet before
            if kept != bullet:
                changed = True
                if len(_LEAD.sub("", kept)) < MIN_STATEMENT // 4:
                    continue  # nothing but the framework's name is left
            bullets.append(kept)
            if len(bullet) >= MIN_STATEMENT:  # a list can repeat itself too (one fact, two lists)
                said.append(_LEAD.sub("", bullet))
        if section.text and len(section.text) >= MIN_STATEMENT:
            said.append(section.text)
        if bullets or section.text or not section.bullets:
            sections.append(replace(section, bullets=tuple(bullets)))
        else:
            changed = True  # every bullet repeated: the heading goes with them
    return replace(answer, sections=tuple(sections)) if changed else answer


def words_of(statement: str) -> frozenset[str]:
    """A statement's words, lower-cased, for telling repeats."""
    return frozenset(_WORD.findall(statement.lower()))


def near_repeat(words: frozenset[str], earlier: frozenset[str], min_words: int = 1) -> bool:
    """Whether a statement's words are mostly an earlier one's, numbers and all ("6.0.10 ...
    the latest of 6.0" is another statement than "5.2.19 ... the latest of 5.2"), when the
    shorter has `min_words` words at least."""
    shorter = min(len(words), len(earlier))
    if shorter < min_words or len(words & earlier) < NEAR_REPEAT * shorter:
        return False
    return {w for w in words if is_number(w)} == {w for w in earlier if is_number(w)}
