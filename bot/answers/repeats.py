"""Nothing said twice: a statement an answer has made is not made again further down."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import Answer, Section

# Shorter pieces ("Flask:", a heading's words) may recur; a statement is longer than this.
MIN_STATEMENT = 40
# The "Django: " that starts a bullet in a per-framework list.
_LEAD = re.compile(r"^[A-Z][\w.]*: ")


def without_repeats(answer: Answer) -> Answer:
    """The answer with each bullet's repeat of an earlier statement taken out: a bullet that
    only repeats is dropped, one that also says more keeps the rest ("In short" after a
    correction that quoted half of it)."""
    said: list[str] = []
    sections: list[Section] = []
    changed = False
    for section in answer.sections:
        bullets: list[str] = []
        for bullet in section.bullets:
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
