"""How much a specific answer says: whole sections, or each framework's best facts first,
while they fit in about 1,000 characters before the sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.answer import Section

# A specific question gets about this many characters of facts: with the title, the list
# markers and the suggestions, about 1,000 before the sources. (800 cut the fourth fact that
# often held the point: 900 answered 8 more probes net, 1,000 and 1,100 fewer than 900, as
# answers grew past the length people read.)
BUDGET = 900


def section_size(section: Section) -> int:
    """The characters of a section's heading, text and bullets."""
    return (
        len(section.heading or "") + len(section.text or "") + sum(len(b) for b in section.bullets)
    )


def fits_budget(title: str, sections: Iterable[Section]) -> bool:
    """Whether the title and these whole sections fit a specific question's budget."""
    return len(title) + sum(section_size(s) for s in sections) <= BUDGET


def within_budget(
    title: str, sections: list[Section], *, each: bool = False
) -> tuple[Section, ...]:
    """Whole sections while they fit; a specific question gets a short answer. `each`: every
    section is a framework asked about, so each one's first (best) fact comes before any
    one's second; the very first always."""
    if not each:
        return _whole_sections(title, sections)
    used = len(title) + sum(len(s.heading or "") + len(s.text or "") for s in sections)
    kept: list[list[str]] = [[] for _ in sections]
    for depth in range(max((len(s.bullets) for s in sections), default=0)):
        for section, bullets in zip(sections, kept, strict=True):
            if depth >= len(section.bullets):
                continue
            bullet = section.bullets[depth]
            if used + len(bullet) <= BUDGET or not any(kept):
                bullets.append(bullet)
                used += len(bullet)
    return tuple(
        replace(section, bullets=tuple(bullets))
        for section, bullets in zip(sections, kept, strict=True)
        if bullets or section.text or not section.bullets
    )


def _whole_sections(title: str, sections: list[Section]) -> tuple[Section, ...]:
    kept: list[Section] = []
    used = len(title)
    for section in sections:
        size = section_size(section)
        if kept and used + size > BUDGET:
            trimmed = section.bullets[:1]
            if trimmed and used + len(trimmed[0]) <= BUDGET:
                kept.append(Section(heading=section.heading, bullets=trimmed))
                used += len(trimmed[0])
            continue
        kept.append(section)
        used += size
    return tuple(kept)
