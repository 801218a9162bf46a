"""Understanding: entities + fuzzy phrase scores + a few clear rules -> an Understanding."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from intents.context import Context
from intents.entities import Entities, EntityExtractor, Kind
from intents.lexicon import Lexicon, load_lexicon
from intents.matcher import PhraseMatcher, WordEvidence, template, template_phrase
from intents.normalize import NormalizedText, normalize
from intents.phrases import PhraseBook, load_phrase_book
from intents.synonyms import SynonymMapper
from intents.understanding import Reading, Understanding
from knowledge import KnowledgeBase
from knowledge.names import fact_names

# Below CLARIFY the bot asks "Did you mean ...?"; below OUT_OF_SCOPE it says it can't help.
CLARIFY_BELOW = 0.45
NEAREST_WEIGHT = 0.6
WORDS_WEIGHT = 0.4
EXACT_MATCH = 0.97
EXACT_TRUST = 0.95
OUT_OF_SCOPE_BELOW = 0.25

# Our framework and another one joined by a comparing word, a few words apart at most.
_WORD = r"(?!xfw\b|xother\b)\S+"
_LINK = r"(?:vs|versus|or|than|over|against|compared to|compared with|instead of)"
_LINKED = rf"(?:{_WORD} ){{0,3}}?{_LINK}(?: {_WORD}){{0,3}}? "
_COMPARISON = re.compile(rf"\bxfw {_LINKED}xother\b|\bxother {_LINKED}xfw\b")
# The same framework on both sides ("DRF or Django class-based views?").
_SIDE_WORD = r"(?!not\b|no\b)\S+"  # "Django or not Django?" is a real choice
_SAME_FRAMEWORK_TWICE = re.compile(
    rf"\bxfw (?:{_SIDE_WORD} ){{0,2}}?(?:vs|versus|or) (?:{_SIDE_WORD} ){{0,2}}?xfw\b"
)
_VERSUS = frozenset({"vs", "versus"})
# A side of "A vs B" that is still about choosing a framework ("Django vs the rest").
_FRAMEWORK_SIDES = frozenset(
    {"xfw", "xother", "xaspect", "the", "other", "others", "alternatives", "something", "rest",
     "anything", "them", "it", "that", "this"}
)  # fmt: skip
# Words that make "Django-<word>" the framework itself rather than an add-on package.
_COMPOUND_WORDS = frozenset(
    {"based", "powered", "like", "style", "styled", "only", "specific", "friendly", "ready",
     "compatible", "native", "first", "heavy", "free", "related", "oriented", "centric",
     "driven", "backed", "built", "made", "ish", "esque", "app", "apps", "project", "projects",
     "site", "sites", "dev", "devs", "developer", "developers", "team", "teams", "world",
     "community", "way", "code", "backend", "server", "stack", "api", "apis", "vs", "or"}
)  # fmt: skip
# "What are Flask blueprints?" (a part of a framework), unless the next word is about the
# framework itself ("what is Django good for", "what is FastAPI exactly").
_WHAT_IS_FRAMEWORK_PART = re.compile(r"^(?:what is|what are|whats|what s) xfw (\w+)")
_PLAIN_FOLLOW_WORDS = frozenset(
    {"good", "used", "like", "for", "about", "and", "or", "exactly", "really", "actually",
     "anyway", "all", "then", "now", "today", "in", "xfw", "xaspect", "xother", "is", "are",
     "framework", "web", "python", "bad", "great", "known", "best", "better", "worse",
     "mostly", "typically", "usually", "even", "so", "still", "these", "nowadays", "meant",
     "supposed", "designed", "intended", "made", "built", "trying", "doing", "version",
     "vs", "versus", "compared", "itself", "at", "on", "to", "as"}
)  # fmt: skip
# The whole set of frameworks, named without names.
_ALL_OF_THEM = re.compile(r"\b(?:all|the|these|those) (?:three|3)\b|\bthe big (?:three|3)\b")
_COMPARING_WORDS = frozenset({"compare", "versus", "difference", "contrast"})
_FRAMEWORK_INTENTS = ("describe", "pros", "cons", "use_cases")
_OFFERABLE = frozenset({*_FRAMEWORK_INTENTS, "compare", "best_for", "recommend", "help"})
_FOLLOWUP_ASPECT = "followup_aspect"
_FOLLOWUP_FRAMEWORK = "followup_framework"
_FOLLOWUP_PRONOUN = "followup_pronoun"
_FOLLOWUPS = (_FOLLOWUP_ASPECT, _FOLLOWUP_FRAMEWORK, _FOLLOWUP_PRONOUN)
# Words that point back at the frameworks of the previous turn.
_REFERRING = frozenset(
    {"it", "its", "they", "them", "their", "one", "ones", "both", "either", "neither", "these",
     "those", "this", "that", "two", "three", "former", "latter", "which"}
)  # fmt: skip
# Words that put a message without framework or aspect names in our domain.
_DOMAIN_WORDS = frozenset(
    {"framework", "frameworks", "web", "backend", "python", "stack", "library", "libraries",
     "server", "api", "apis", "app", "apps", "website", "project", "projects", "startup",
     "choose", "recommend", "tech", "technology", "site"}
)  # fmt: skip
OFF_DOMAIN_PENALTY = 0.6
# Words that put a message about "frameworks" outside ours, unless a backend word is there too.
_OTHER_DOMAIN_WORDS = frozenset(
    {"frontend", "javascript", "js", "css", "mobile", "android", "ios", "game", "games",
     "desktop", "visualisation", "visualization", "gui", "ui"}
)  # fmt: skip
_BACKEND_WORDS = frozenset({"backend", "python", "api", "apis", "server", "rest"})
# Other kinds of tools ("the best Python templating engine?"): ours only about a framework.
_OTHER_TOOL_WORDS = frozenset({"engine", "engines", "templating"})
_FRAMEWORK_WORDS = frozenset({"framework", "frameworks", "backend", "api", "apis", "server"})
# Tools for writing code, whatever it is written with ("which IDE for Django?").
_EDITOR_WORDS = frozenset(
    {"ide", "ides", "editor", "editors", "linter", "linters", "vscode", "pycharm", "vim"}
)
# "How do I ... in Django?" is a programming question, unless it is about choosing.
_CHOOSING_WORDS = frozenset(
    {"versus", "choose", "decide", "better", "recommend", "difference", "worth", "learn",
     "should", "which", "or", "right", "fit", "fits", "good", "enough", "know", "usecase"}
)  # fmt: skip
# Readings a question about a proper name from the facts gets instead ("who is tiangolo?").
_NAME_QUESTION_INTENTS = frozenset({"out_of_scope", "recommend", "best_for", "help", "describe"})
NAMED_BY_FACT = 0.8
# Capitalised words in facts that are not names of anything to ask about.
_NOT_NAMES = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "fool", "note", "python", "because",
     "although", "despite", "while", "when", "there", "their", "they", "this", "that"}
)  # fmt: skip
# A claim put up for confirmation: "..., right?", "... is that true?", "..., no?"
_CONFIRMATION_TAIL = re.compile(
    r"(?:\b(?:right|true|correct|no|yes|innit)|is that (?:right|true|correct|so)"
    r"|isnt it|arent they|dont they|doesnt it)$"
)
CONFIRMATION_CONFIDENCE = 0.85
# How sure the bot is that a question about something else ("DRF or class-based views?",
# "the best database for X?") is not ours to answer.
NOT_A_FRAMEWORK_CHOICE = 0.85
FOLLOWUP_MIN = 0.8
# "compare" read from phrases alone, with one framework named ("is it faster than Flask?").
COMPARE_ONE_PENALTY = 0.8
FOLLOWUP_CONFIDENCE = 0.85


@dataclass(frozen=True)
class _Signals:
    entities: Entities
    templated: tuple[str, ...]
    nearest: dict[str, float]
    words: dict[str, float]
    scores: dict[str, float]
    is_question: bool
    text: str
    # Frameworks named only as the prefix of an add-on package ("Flask-Login").
    only_as_packages: frozenset[str] = frozenset()
    # Proper names from the knowledge base's facts ("instagram"), in the order written.
    kb_names: tuple[str, ...] = ()

    @property
    def templated_text(self) -> str:
        return " ".join(self.templated)


def _only_as_packages(norm: NormalizedText, entities: Entities) -> frozenset[str]:
    """Frameworks named only as a hyphenated prefix: "Flask-Login", "django-allauth" are
    add-ons, so a question about them is not about choosing a framework ("Flask-based" and
    aliases such as "django-rest-framework" still name the framework)."""
    as_package: set[str] = set()
    standalone: set[str] = set()
    for mention in entities.mentions:
        if mention.kind is not Kind.FRAMEWORK:
            continue
        last = mention.end - 1
        follows = norm.tokens[mention.end] if mention.end < len(norm.tokens) else ""
        if last in norm.hyphenated and follows and follows not in _COMPOUND_WORDS:
            as_package.add(mention.id)
        else:
            standalone.add(mention.id)
    return frozenset(as_package - standalone)


def _offers(readings: list[Reading], limit: int = 3) -> tuple[Reading, ...]:
    """What "Did you mean ...?" offers: readings the bot can act on, each intent once."""
    offers: list[Reading] = []
    for reading in readings:
        actionable = reading.intent in _OFFERABLE and (
            reading.frameworks or reading.intent not in _FRAMEWORK_INTENTS
        )
        if actionable and all(o.intent != reading.intent for o in offers):
            offers.append(reading)
    return tuple(offers[:limit])


def _combine(nearest: float, words: float) -> float:
    """Phrase similarity and word evidence; a message that is a training phrase, word for
    word, is that phrase's intent whatever the word statistics say."""
    blended = NEAREST_WEIGHT * nearest + WORDS_WEIGHT * words
    return max(blended, nearest * EXACT_TRUST) if nearest >= EXACT_MATCH else blended


class Understander:
    """Reads one message (with the previous turn's context) into an Understanding."""

    def __init__(
        self,
        kb: KnowledgeBase,
        phrases: PhraseBook | None = None,
        lexicon: Lexicon | None = None,
        *,
        include_holdout: bool = True,
    ) -> None:
        self.kb = kb
        book = phrases or load_phrase_book()
        lexicon = lexicon or load_lexicon()
        self.extractor = EntityExtractor(kb, lexicon)
        self.builds_on = {o.name: o.builds_on for o in lexicon.other_frameworks if o.builds_on}
        self.synonyms = SynonymMapper(lexicon.synonyms)
        labelled: list[tuple[str, str]] = []
        for intent, entry in book.intents.items():
            labelled += [(intent, p) for p in entry.phrases]
            if include_holdout:
                labelled += [(intent, p) for p in entry.holdout]
        followups = book.followups
        labelled += [(_FOLLOWUP_ASPECT, p) for p in followups.aspect_only]
        labelled += [(_FOLLOWUP_FRAMEWORK, p) for p in followups.framework_only]
        labelled += [(_FOLLOWUP_PRONOUN, p) for p in followups.pronoun]
        templated = [
            (label, template_phrase(p, self.extractor, self.synonyms)) for label, p in labelled
        ]
        self.matcher = PhraseMatcher(templated, key_words=lexicon.synonyms)
        self.evidence = WordEvidence(templated)
        self.names = self._fact_names(kb, lexicon)

    def _fact_names(self, kb: KnowledgeBase, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
        """Proper names in the facts that are not already entities or ordinary words, each
        with the frameworks whose facts mention it."""
        known = _NOT_NAMES | {w for words in lexicon.synonyms.values() for w in words}
        names: dict[str, tuple[str, ...]] = {}
        for name, entries in fact_names(kb, known).items():
            tokens = normalize(name).tokens
            if len(tokens) == 1 and self.extractor.extract(tokens).mentions == ():
                names[tokens[0]] = tuple(dict.fromkeys(e.framework_id for e in entries))
        return names

    def _frameworks_named_by(self, s: _Signals) -> tuple[str, ...]:
        """The frameworks a proper name points to when no framework is named ("who is
        tiangolo?" -> FastAPI), if it points to one."""
        if s.entities.frameworks or s.entities.others or not s.kb_names:
            return ()
        frameworks = self.names[s.kb_names[0]]
        return frameworks if len(frameworks) == 1 else ()

    def signals(self, message: str) -> _Signals:
        norm = normalize(message)
        entities = self.extractor.extract(norm.tokens)
        packages = _only_as_packages(norm, entities)
        kb_names = tuple(dict.fromkeys(t for t in norm.tokens if t in self.names))
        templated = self.synonyms.apply(template(norm.tokens, entities))
        if not templated:
            return _Signals(entities, templated, {}, {}, {}, norm.is_question, norm.text)
        templated = self.matcher.correct(templated)
        nearest = self.matcher.scores(templated)
        words = self.evidence.probabilities(templated)
        scores = {
            label: _combine(nearest.get(label, 0.0), words.get(label, 0.0)) for label in nearest
        }
        return _Signals(
            entities,
            templated,
            nearest,
            words,
            scores,
            norm.is_question,
            norm.text,
            packages,
            kb_names,
        )

    def understand(self, message: str, context: Context | None = None) -> Understanding:
        context = context or Context()
        s = self.signals(message)
        if not s.templated:
            return Understanding(intent="help", confidence=0.0, unsure=False)
        readings = self._readings(s, context)
        best = readings[0]
        others = tuple(r for r in readings[1:] if r.intent != best.intent)[:2]
        offers = _offers(readings)
        named = tuple(s.entities.frameworks) or self._frameworks_named_by(s)
        from_context = best.frameworks != named or (
            best.aspect is not None and best.aspect not in s.entities.aspects
        )
        confidence = best.confidence
        intent = best.intent
        unsure = False
        if intent != "out_of_scope" and confidence < OUT_OF_SCOPE_BELOW:
            intent, unsure = "out_of_scope", False
        elif intent != "out_of_scope" and confidence < CLARIFY_BELOW:
            unsure = bool(offers)
        return Understanding(
            intent=intent,
            confidence=confidence,
            frameworks=best.frameworks,
            aspect=best.aspect,
            text=s.text,
            other_frameworks=tuple(s.entities.others),
            topic=s.kb_names[0] if s.kb_names else None,
            alternatives=offers if unsure else others,
            from_context=from_context,
            unsure=unsure,
            debug={k: round(v, 3) for k, v in s.scores.items()},
        )

    def _readings(self, s: _Signals, context: Context) -> list[Reading]:
        """Candidate readings, likeliest first."""
        fws = tuple(s.entities.frameworks)
        aspect = s.entities.aspects[0] if s.entities.aspects else None
        ranked = sorted(
            ((k, v) for k, v in s.scores.items() if not k.startswith("followup")),
            key=lambda kv: kv[1],
            reverse=True,
        )
        plain = self._plain_readings(ranked, fws, aspect)
        all_named = not fws and _ALL_OF_THEM.search(s.templated_text)
        # "compare all three on flexibility"; "which of the three is fastest?" stays best-for.
        comparing = bool(_COMPARING_WORDS.intersection(s.templated)) or s.scores.get(
            "compare", 0.0
        ) >= s.scores.get("best_for", 0.0)
        if all_named and comparing:
            fws = tuple(self.kb.frameworks)
            plain = self._plain_readings(ranked, fws, aspect)
        if not context.empty:
            followup = self._followup(s, fws, aspect, context, ranked)
            if followup is not None:
                return [followup, *plain]
        if len(fws) >= 2:
            return [Reading("compare", 0.95, fws, aspect), *plain]
        if not fws and s.entities.others:
            return [Reading("out_of_scope", 0.9, (), aspect)]
        implied = self._frameworks_named_by(s)
        if implied and (not plain or plain[0].intent in _NAME_QUESTION_INTENTS):
            # "Which framework does Instagram use?": a fact that names it answers.
            return [Reading("describe", NAMED_BY_FACT, implied, aspect), *plain]
        if self._not_a_framework_choice(s, fws, aspect):
            return [Reading("out_of_scope", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        if len(fws) == 1 and s.entities.others and _COMPARISON.search(s.templated_text):
            return [Reading("compare", 0.8, fws, aspect), *plain]
        if len(fws) == 1 and _CONFIRMATION_TAIL.search(s.templated_text):
            # "Flask has no async, right?": checking a claim about it; the facts answer it.
            return [Reading("describe", CONFIRMATION_CONFIDENCE, fws, aspect), *plain]
        if not fws and aspect is None and not _DOMAIN_WORDS.intersection(s.templated):
            # "which is the best?" with nothing about web frameworks: probably not for us.
            plain = [
                replace(r, confidence=r.confidence * OFF_DOMAIN_PENALTY)
                if r.intent in ("best_for", "recommend")
                else r
                for r in plain
            ]
            plain.sort(key=lambda r: r.confidence, reverse=True)
        return plain or [Reading("out_of_scope", 0.0)]

    def _not_a_framework_choice(
        self, s: _Signals, fws: tuple[str, ...], aspect: str | None
    ) -> bool:
        """Questions that name at most one of our frameworks but are about something else:
        editors, a choice inside one framework, databases, frontend or template engines."""
        words = set(s.templated)
        if words & _EDITOR_WORDS:
            return True
        if len(fws) == 1:
            return (
                fws[0] in s.only_as_packages
                or self._names_a_part(s)
                or self._inside_one_framework(s, fws[0])
            )
        if fws:
            return False
        names_tools = aspect is not None and self.kb.aspect(aspect).names_other_tools
        return bool(
            (names_tools and not words & (_DOMAIN_WORDS | _REFERRING))
            or (words & _OTHER_DOMAIN_WORDS and not words & _BACKEND_WORDS)
            or (words & _OTHER_TOOL_WORDS and not words & _FRAMEWORK_WORDS)
        )

    def _names_a_part(self, s: _Signals) -> bool:
        """ "What are Flask blueprints?": the framework's name used as an adjective for a
        part of it the knowledge base knows nothing about."""
        match = _WHAT_IS_FRAMEWORK_PART.match(s.templated_text)
        if match is None:
            return False
        part = match.group(1)
        return not (
            part.isdigit() or part in self.synonyms.canonical_words or part in _PLAIN_FOLLOW_WORDS
        )

    def _inside_one_framework(self, s: _Signals, framework: str) -> bool:
        """A choice between two things of one framework: its own parts ("DRF or Django
        CBVs?"), an add-on built on it ("Ninja vs DRF"), or two non-framework options
        ("Django project structure: traditional vs service-repository")."""
        text = s.templated_text
        if _SAME_FRAMEWORK_TWICE.search(text):
            return True
        others = s.entities.others
        if others and all(self.builds_on.get(o) == framework for o in others):
            return bool(_COMPARISON.search(text))
        if others:
            return False
        words = s.templated
        if words[0] == "howto" and not _CHOOSING_WORDS.intersection(words):
            return True
        return any(
            word in _VERSUS
            and 0 < i < len(words) - 1
            and words[i - 1] not in _FRAMEWORK_SIDES
            and words[i + 1] not in _FRAMEWORK_SIDES
            for i, word in enumerate(words)
        )

    @staticmethod
    def _plain_readings(
        ranked: list[tuple[str, float]], fws: tuple[str, ...], aspect: str | None
    ) -> list[Reading]:
        """Readings by phrase evidence; intents about a framework need one named, and a
        comparison with fewer than two frameworks is a weaker reading."""
        readings = [
            Reading(
                intent, score * (COMPARE_ONE_PENALTY if intent == "compare" else 1.0), fws, aspect
            )
            for intent, score in ranked
            if fws or intent not in _FRAMEWORK_INTENTS
        ]
        return sorted(readings, key=lambda r: r.confidence, reverse=True)

    def _followup(
        self,
        s: _Signals,
        fws: tuple[str, ...],
        aspect: str | None,
        context: Context,
        ranked: list[tuple[str, float]],
    ) -> Reading | None:
        """Resolve "what about performance?", "and Flask?", "its downsides?" against context."""
        kind, score = max(((k, s.nearest.get(k, 0.0)) for k in _FOLLOWUPS), key=lambda kv: kv[1])
        best_intent, best_score = ranked[0] if ranked else ("out_of_scope", 0.0)
        previous = context.intent or "describe"
        explicit = score >= FOLLOWUP_MIN and score >= best_score - 0.1
        if explicit and kind == _FOLLOWUP_ASPECT and aspect is not None and not fws:
            intent = "compare" if len(context.frameworks) >= 2 else "describe"
            if not context.frameworks:
                intent = "best_for"
            return Reading(intent, FOLLOWUP_CONFIDENCE, context.frameworks, aspect)
        if explicit and kind == _FOLLOWUP_FRAMEWORK and fws:
            if previous == "compare":
                merged = tuple(dict.fromkeys((*context.frameworks, *fws)))
                return Reading("compare", FOLLOWUP_CONFIDENCE, merged, aspect or context.aspect)
            if previous == "best_for":
                return Reading("describe", FOLLOWUP_CONFIDENCE, fws, aspect or context.aspect)
            return Reading(previous, FOLLOWUP_CONFIDENCE, fws, aspect or context.aspect)
        refers = any(t in _REFERRING for t in s.templated)
        if (
            fws
            or not context.frameworks
            or not (refers or (explicit and kind == _FOLLOWUP_PRONOUN))
        ):
            return None
        intent = best_intent
        if intent in ("greet", "thanks", "help", "out_of_scope", "recommend"):
            if not (explicit and kind == _FOLLOWUP_PRONOUN):
                return None
            intent = previous if previous in _FRAMEWORK_INTENTS else "describe"
        if intent == "best_for" and len(context.frameworks) >= 2:
            intent = "compare"
        if intent == "compare" and len(context.frameworks) < 2:
            intent = "describe"
        confidence = max(best_score, FOLLOWUP_CONFIDENCE if explicit else 0.0)
        # The old aspect carries over only while the question stays a comparison.
        if aspect is None and intent in ("compare", "best_for"):
            aspect = context.aspect
        return Reading(intent, confidence, context.frameworks, aspect)
