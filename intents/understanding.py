"""What the understanding layer concludes about one message."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reading:
    """One way to read a message: an intent with the frameworks and aspect it applies to."""

    intent: str
    confidence: float
    frameworks: tuple[str, ...] = ()
    aspect: str | None = None


@dataclass(frozen=True)
class Understanding:
    """The chosen reading, the runners-up (for "Did you mean ...?") and what was seen."""

    intent: str
    confidence: float
    frameworks: tuple[str, ...] = ()
    aspect: str | None = None
    # The normalised message; an error report's code names follow ("_request_ctx_stack",
    # "django.conf.urls"), with their underscores and dots.
    text: str = ""
    # Words the message puts in quotes or backticks ("what is this 'battery'?"), normalised:
    # the term it asks about.
    quoted: tuple[str, ...] = ()
    other_frameworks: tuple[str, ...] = ()
    # Ours named with a version number ("what is new in django 6.0?"): what is said of them
    # may be said of that release, not of the framework as it is now.
    released: tuple[str, ...] = ()
    # A proper name the knowledge base's facts mention ("instagram", "tiangolo"), lowercase.
    topic: str | None = None
    # Topics of the knowledge base the message is about, the best evidenced first.
    topics: tuple[str, ...] = ()
    # The aspect was read only from words inside a topic's phrase ("pydantic v1"), so it is
    # not a second part of the question.
    aspect_within_topic: bool = False
    # Structures of the question that shape the answer ("when_each", "decision").
    forms: tuple[str, ...] = ()
    # Written as a question ("?"), or opening with a question word ("how to deploy ...").
    asks: bool = False
    # The message reports an error ("not working", a traceback): a bug, not a question.
    reports_error: bool = False
    # A job advert naming frameworks as skills: nothing in it for the facts to answer.
    advert: bool = False
    # Nothing but framework names and comparison words ("django vs flask?").
    bare: bool = False
    # Frameworks named only as an add-on's prefix ("Flask-Login"): a question about the add-on.
    via_package: tuple[str, ...] = ()
    # Naming none of ours, the one its code implies: "return jsonify(response)" (Flask).
    implied_framework: str | None = None
    # Of two of ours named, the one a how-to asks about, the other named as the one known
    # ("in flask i call abort(403): what's the django way?": django).
    asked_of: str | None = None
    alternatives: tuple[Reading, ...] = ()
    from_context: bool = False
    # The message asks only for more of the previous answer ("more", "what else?").
    wants_more: bool = False
    unsure: bool = False
    debug: dict[str, float] = field(default_factory=dict)

    @property
    def second_part(self) -> str | None:
        """The aspect as a second part of the question beside its topics: none when it was
        read only from words inside a topic's phrase."""
        return None if self.aspect_within_topic else self.aspect
