"""Follow-ups resolved against the previous turn: "what about performance?", "and Flask?",
"its downsides?", "which one is easier?"."""

from __future__ import annotations

from intents.context import Context
from intents.signals import Signals
from intents.understanding import Reading
from intents.wordsets import FRAMEWORK_INTENTS, REFERRING

# Labels of the follow-up training phrases (`phrases/followups.yaml`).
FOLLOWUP_ASPECT = "followup_aspect"
FOLLOWUP_FRAMEWORK = "followup_framework"
FOLLOWUP_PRONOUN = "followup_pronoun"
FOLLOWUPS = (FOLLOWUP_ASPECT, FOLLOWUP_FRAMEWORK, FOLLOWUP_PRONOUN)
FOLLOWUP_MIN = 0.8
FOLLOWUP_CONFIDENCE = 0.85


def resolve_followup(
    s: Signals,
    fws: tuple[str, ...],
    aspect: str | None,
    context: Context,
    ranked: list[tuple[str, float]],
    *,
    asks_why: bool = False,
) -> Reading | None:
    """The reading of a follow-up to `context`, or None when the message stands alone.
    `asks_why`: the message asks only for a reason ("why?", "how come?")."""
    kind, score = max(((k, s.nearest.get(k, 0.0)) for k in FOLLOWUPS), key=lambda kv: kv[1])
    best_intent, best_score = ranked[0] if ranked else ("out_of_scope", 0.0)
    previous = context.intent or "describe"
    explicit = score >= FOLLOWUP_MIN and score >= best_score - 0.1
    if explicit and kind == FOLLOWUP_ASPECT and aspect is not None and not fws:
        intent = "compare" if len(context.frameworks) >= 2 else "describe"
        if not context.frameworks:
            intent = "best_for"
        return Reading(intent, FOLLOWUP_CONFIDENCE, context.frameworks, aspect)
    if asks_why and context.favoured is not None:
        # "why?" after "Of these, Flask comes out ahead" or "My recommendation: FastAPI": the
        # strengths of the one the answer came out for, on what it was about.
        return Reading("pros", FOLLOWUP_CONFIDENCE, (context.favoured,), context.aspect)
    if explicit and kind == FOLLOWUP_FRAMEWORK and fws:
        if previous == "compare":
            merged = tuple(dict.fromkeys((*context.frameworks, *fws)))
            return Reading("compare", FOLLOWUP_CONFIDENCE, merged, aspect or context.aspect)
        if previous == "best_for":
            return Reading("describe", FOLLOWUP_CONFIDENCE, fws, aspect or context.aspect)
        return Reading(previous, FOLLOWUP_CONFIDENCE, fws, aspect or context.aspect)
    refers = any(t in REFERRING for t in s.templated)
    if fws or not context.frameworks or not (refers or (explicit and kind == FOLLOWUP_PRONOUN)):
        return None
    intent = best_intent
    if intent in ("greet", "thanks", "help", "out_of_scope", "recommend"):
        if not (explicit and kind == FOLLOWUP_PRONOUN):
            return None
        intent = previous if previous in (*FRAMEWORK_INTENTS, "compare") else "describe"
    if intent == "best_for" and len(context.frameworks) >= 2:
        intent = "compare"
    if intent == "compare" and len(context.frameworks) < 2:
        intent = "describe"
    confidence = max(best_score, FOLLOWUP_CONFIDENCE if explicit else 0.0)
    # The old aspect carries over only while the question stays a comparison.
    if aspect is None and intent in ("compare", "best_for"):
        aspect = context.aspect
    return Reading(intent, confidence, context.frameworks, aspect)
