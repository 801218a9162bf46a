"""Understanding: entities + fuzzy phrase scores + a few clear rules -> an Understanding."""

from __future__ import annotations

import builtins
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from intents.chat import ChatReader
from intents.context import Context
from intents.entities import Entities, EntityExtractor, Kind, Mention
from intents.followup import (
    FOLLOWUP_ASPECT,
    FOLLOWUP_CONFIDENCE,
    FOLLOWUP_FRAMEWORK,
    FOLLOWUP_PRONOUN,
    resolve_followup,
)
from intents.implied import CodeImplied
from intents.lexicon import Lexicon, load_lexicon
from intents.matcher import SLOT_TOKENS, PhraseMatcher, WordEvidence, template, template_phrase
from intents.normalize import (
    NormalizedText,
    code_names,
    is_number,
    normalize,
    one_word_names,
    without_elongation,
)
from intents.phrases import PhraseBook, load_phrase_book
from intents.question_forms import QuestionForms
from intents.scope import ScopeRules, denied
from intents.signals import ALL_THREE, AMONG_THEM, Signals, combine, only_as_packages
from intents.synonyms import SynonymMapper
from intents.topics import TopicHit, TopicSpotter, named_as_settings
from intents.understanding import Reading, Understanding
from intents.wordsets import COMPARISON, DOMAIN_WORDS, FRAMEWORK_INTENTS
from knowledge import KnowledgeBase
from knowledge.names import fact_names, story_facts

# Below CLARIFY the bot asks "Did you mean ...?"; below OUT_OF_SCOPE it says it can't help.
CLARIFY_BELOW = 0.45
OUT_OF_SCOPE_BELOW = 0.25
# A weak reading as a request for help is none when a reading that needs a framework named
# (none is) outscored it by this much: the message asks a task of its own. (0.2: written and
# real rows +5 -1; 0.3: +2 -2.)
OUTWEIGHED_HELP = 0.2
# ... and it has this many words no training phrase or fact name of ours knows.
OFF_DOMAIN_WORDS = 2
_COMPARING_WORDS = frozenset({"compare", "versus", "difference", "contrast"})
_OFFERABLE = frozenset({*FRAMEWORK_INTENTS, "compare", "best_for", "recommend", "help"})
OFF_DOMAIN_PENALTY = 0.6
# How far after a superlative opening a feature's name is the thing chosen ("best python
# templating engine"), not what a framework is chosen for.
CHOSEN_THING_REACH = 2
# "as" twice ("as easy as") likens one to the other: a comparison.
EQUATIVE_AS = 2
# Readings a question about a proper name from the facts gets instead ("who is tiangolo?").
_NAME_QUESTION_INTENTS = frozenset({"out_of_scope", "recommend", "best_for", "help", "describe"})
NAMED_BY_FACT = 0.8
# Readings that answer a question on a knowledge-base topic about one of our frameworks.
_TOPIC_INTENTS = frozenset({"describe", "pros", "cons", "use_cases", "compare"})
# The topics of a message that its answer is drawn from (the first two).
TOPICS_READ = 2
# Words before the first of two frameworks' names read for setting one against the other
# ("how does [django] compare", "replace our [flask] app").
LOOK_BEHIND = 3
# ... and words from the second name on ("django with [fastapi or flask]?").
LOOK_AHEAD = 3
# Readings that weigh a framework (its merits, or it against others), not one of its releases.
_JUDGING_INTENTS = frozenset({"pros", "cons", "recommend", "best_for"})
# The question form of a choice to make between frameworks ("keep it or move?").
_DECISION_FORM = "decision"
_COMMUNITY = "community"
_PACKAGES = "packages"
HOW_TO_FORM = "how_to"
_ADVICE_FORM = "advice"
# Forms that weigh a step ("keep it or move?", "worth it or nah"): a decision, asked or not.
_WEIGHING_FORMS = frozenset({_DECISION_FORM, _ADVICE_FORM})
# How many words may name one's own thing that is moved ("our 6yo flask monolith").
OWN_THING_WORDS = 5
_MOVED_ALREADY = "moved_already"
# What changed between releases ("what replaced FLASK_ENV?").
_CHANGE_FORM = "change"
# First words that make a message a question without a question mark ("how to deploy X").
_QUESTION_OPENERS = frozenset(
    {"howto", "how", "what", "which", "why", "when", "where", "who", "can", "could", "should",
     "does", "do", "is", "are", "will", "would"}
)  # fmt: skip
# Thanks said anywhere in a message about nothing else.
_THANKS_WORD = "thanks"
CHAT_CONFIDENCE = 0.85
# A message more than this share of whose words no phrase has is mostly unread.
UNREAD_SHARE = 0.5
# Words past which a message that thanks and names a topic is about the topic.
LONGEST_THANKS = 40
# A complaint that the last answer was on the wrong framework is short ("i was asking about
# flask not django"); in a longer post "as i said" or "i meant" belong to what it says.
LONGEST_MISREAD = 16
# How many words may stand between a set-aside phrase and the topic it sets aside ("not just
# [in the] form validation").
SET_ASIDE_REACH = 2
# A topic phrase is evidence for its topic's aspect, weaker than the aspect's own words.
TOPIC_ASPECT_WEIGHT = 0.5
# ... and a word naming the aspect itself.
ASPECT_WORD_WEIGHT = 1.0
# A word naming an aspect as often as something else ("built in", "a simple service"): less
# than a topic named, which says what the question is about ("anything built in for rate
# limiting?" is on security, the rate limiting topic's aspect).
WEAK_ASPECT_WEIGHT = 0.4
# Words that set two things against each other.
_VERSUS_WORDS = frozenset({"versus", "or"})
# "django or not?": the one named against not using it.
_NOT = "not"
# An aspect word that is the quality claimed ("faster", "dying") is the point of the
# sentence more than one that sets the scene ("serves JSON responses faster").
QUALITY_ASPECT_WEIGHT = 1.5
# "which python version", "what kind of server": the words after which name what is chosen.
_WHICH_WORDS = frozenset({"which", "what"})
# Words after a framework's name that may label what a question then asks about.
LABEL_WORDS = 3
# Words after "better than" that may say it is all the others ("than pretty much anything").
ALL_OTHERS_REACH = 3
# A superlative formed from an adjective in -y ("happiest", "friendliest", "tidiest"): the
# lexicon lists the common ones, people say many more.
_FORMED_SUPERLATIVE = re.compile(r"[a-z]{3,}iest")
# The synonym table's word for choosing, which other languages' "which" reads as (cuál, welche).
_CHOOSE_WORD = "choose"
# A year after a framework's name is when, not which release ("Django in 2026", "Flask 2025").
_YEAR = re.compile(r"(?:19|20)\d\d")
WHICH_REACH = 2
# Beside another framework, these make it an option ("express or koa", "beats express").
_OTHER_SLOT = SLOT_TOKENS[Kind.OTHER]
_ASPECT_SLOT = SLOT_TOKENS[Kind.ASPECT]
_SLOT_WORDS = frozenset(SLOT_TOKENS.values())
_SET_AGAINST = _VERSUS_WORDS | {"than", "over", "beats", "instead"}
# A statement that only praises or only criticises one framework.
TONE_CONFIDENCE = 0.7
# "why is X so ...", "how come X is this ...", "what makes X so ...": the reason for a quality.
_REASON_FOR_QUALITY = re.compile(
    r"^(?:why|how come|what makes)\b.*\bxfw\b.*\b(?:so|this|that|such|very|really)\b"
)
_PRAISE, _CRITICISM = "great", "bad"  # the canonical words synonyms.yaml folds tone into
_STRENGTH_WORD, _WEAKNESS_WORD = "strength", "weakness"  # "upsides", "pitfalls" folded
_PRAISING = frozenset({_PRAISE, _STRENGTH_WORD})
_CRITICISING = frozenset({_CRITICISM, _WEAKNESS_WORD})
# Words that ask for strengths or weaknesses, or judge them.
_MERIT_WORDS = _PRAISING | _CRITICISING
# The canonical word `synonyms.yaml` folds errors, tracebacks and "not working" into.
_CHAT_INTENTS = frozenset({"greet", "thanks"})
_ERROR_WORD = "error"
# The lower-cased name of an exception class ("operationalerror", "keyerror").
_EXCEPTION_NAME = re.compile(r"^[a-z]{3,}(?:error|exception)$")
# A claim put up for confirmation: "..., right?", "... is that true?", "..., no?"
_CONFIRMATION_TAIL = re.compile(
    r"(?:\b(?:right|true|correct|no|yes|innit)|is that (?:right|true|correct|so)"
    r"|isnt it|arent they|dont they|doesnt it)$"
)
CONFIRMATION_CONFIDENCE = 0.85
CHECKS_CLAIM = "checks_claim"
LIKENED = "likened"
USED_FOR = "used_for"
# How many words after a likening cue the framework it likens to may come ("algo como el
# admin de django").
LIKENED_REACH = 4
# How many words before a word for who someone is an article may make it someone else.
ROLE_REACH = 2
# Releases of one framework compared ("upgrade from Django 5.2 to 6.0"): the structure says
# it is about its releases, however weak the phrase evidence for comparing.
RELEASES_COMPARED_CONFIDENCE = 0.7
# Whether a framework has a feature, asked in so many words ("is X built in?").
FEATURE_ASKED_CONFIDENCE = 0.8
FEATURE_ASKED = "feature_asked"
BEHAVIOUR_ASKED = "behaviour_asked"
# "why do ppl love fastapi, is it just the swagger docs?": what draws people to it.
APPEAL_FORM = "appeal"
OWN_SITUATION = "own_situation"
# Readings that ask which framework to take.
_ASKING_WHICH = frozenset({"best_for", "recommend"})
ASKS_PICK = "asks_pick"
GUIDE_ME = "guide_me"
_ASKING_FOR_THE_PICK = frozenset({ASKS_PICK, GUIDE_ME})
# How many words before an error word a guarding word ("catches [my] bugs") may be.
GUARD_REACH = 3
# How sure the bot is that a question about something else ("DRF or class-based views?",
# "the best database for X?") is not ours to answer.
NOT_A_FRAMEWORK_CHOICE = 0.85
# The form of a question that asks about its first two topics together.
JOINED_TOPICS = "joined_topics"
# The form of a message on one of ours that weighs two ways of doing something with it ("do
# i need 3 FK columns or is there a generic way"), not that framework against another.
CHOICE_INSIDE = "choice_inside"
# The form of a message saying the last answer missed.
DISPLEASED_FORM = "displeased"
MISREAD_FORM = "misread"
ABOUT_THE_BOT = "about_the_bot"
TO_THE_BOT = "to_the_bot"
# "compare" read from phrases alone, with one framework named ("is it faster than Flask?").
COMPARE_ONE_PENALTY = 0.8


def _tone(
    s: Signals,
    contrast_words: frozenset[str],
    qualities: tuple[frozenset[str], frozenset[str]],
    comparative: frozenset[str],
    *,
    concessive: frozenset[str] = frozenset(),
    reversing: frozenset[str] = frozenset(),
    excess: frozenset[str] = frozenset(),
    degree: frozenset[str] = frozenset(),
) -> str | None:
    """ "pros" for a message with praise words and no criticism, "cons" for the reverse;
    praise of the framework turned by "but" ("X is great, but I worry...") is criticism.
    `qualities` (good, bad) count too: "Django is easier for beginners" praises it."""
    words = s.templated
    turn = max((i for i, w in enumerate(words) if w in contrast_words), default=-1)
    before = set(words[: max(turn, 0)])
    raw_turn = max((i for i, w in enumerate(s.tokens) if w in contrast_words), default=-1)
    raw_after = s.tokens[raw_turn + 1 :]
    good, bad = qualities if not comparative & set(s.tokens) else (frozenset(), frozenset())
    praise, criticism = _sides(words[turn + 1 :], _PRAISING, _CRITICISING, reversing, degree=degree)
    if praise == criticism:
        # Qualities ("simple", "slow") only when the words of praise or criticism ("avoid",
        # "love") do not decide: "avoid Django for simple APIs" criticises Django.
        good_said, bad_said = _sides(raw_after, good, bad, reversing, excess=excess, degree=degree)
        praise = praise or good_said
        criticism = criticism or bad_said
    praised_before = "xfw" in before and bool(_PRAISING & before)
    # "X is great, but ..." turns the praise; "I love X (although I know PHP better)"
    # concedes something else and keeps it.
    adversative = turn >= 0 and words[turn] not in concessive
    if not praise and not criticism and praised_before and adversative:
        return "cons"
    if praise == criticism:
        return None
    return "pros" if praise else "cons"


def _sides(
    words: Sequence[str],
    good: frozenset[str],
    bad: frozenset[str],
    reversing: frozenset[str],
    *,
    excess: frozenset[str] = frozenset(),
    degree: frozenset[str] = frozenset(),
) -> tuple[bool, bool]:
    """Whether these words say something good and whether they say something bad; a word
    turned around by the one before it, or before its words of degree, counts for the other
    side ("not bad", "fewer headaches", "not so awesome"), and a good one after an excess
    word is a fault ("too easy")."""
    said_good = said_bad = False
    for i, word in enumerate(words):
        if word in good or word in bad:
            before_it = words[i - 1] if i > 0 else ""
            reach = i - 1
            while reach > 0 and words[reach] in degree:
                reach -= 1
            turned = before_it in reversing or (reach >= 0 and words[reach] in reversing)
            is_good = (word in good) != turned
            if word in good and before_it in excess:
                is_good = False
            said_good, said_bad = said_good or is_good, said_bad or not is_good
    return said_good, said_bad


# Readings a message of small talk may get from its phrases besides greet and thanks.
_SMALL_TALK = frozenset({"greet", "thanks", "out_of_scope"})


def _displeased(s: Signals, aspect: str | None, context: Context) -> Reading:
    """ "not helpful", "that's wrong": said of the last answer, not a thank-you. "not what i
    asked, i wanted async support": the last answer's frameworks on what was wanted."""
    if (aspect or s.topics) and context.frameworks:
        return Reading("describe", CHAT_CONFIDENCE, context.frameworks, aspect)
    return Reading("help", CHAT_CONFIDENCE, (), aspect)


def _inside_identifier(hit: TopicHit, norm: NormalizedText) -> bool:
    """Whether a topic phrase is joined by an underscore to a word outside it, other than
    as a field lookup ("created__year" names "__year")."""
    last = hit.start + hit.words - 1
    if hit.words == 1 and hit.start in norm.lookups:
        return False
    return (hit.start - 1) in norm.underscored or last in norm.underscored


# A term of a word or a few in quotes or backticks: 'battery', "batteries included", `Depends`.
_QUOTED = re.compile(r"(?<!\w)['\"“‘`]([^\W\d][^'\"”’`\n]{1,30})['\"”’`](?!\w)")


def _quoted_words(message: str) -> tuple[str, ...]:
    """The normalised words of the terms a message quotes."""
    return tuple(t for term in _QUOTED.findall(message) for t in normalize(term).tokens)


def _side_asked(words: Sequence[str]) -> str | None:
    """ "pros" or "cons" when the words name one side of a verdict (the canonical "strength"
    or "weakness" of `synonyms.yaml`) and not the other; None otherwise."""
    strength, weakness = _STRENGTH_WORD in words, _WEAKNESS_WORD in words
    if strength == weakness:
        return None
    return "pros" if strength else "cons"


def _chooses_inside(templated: Sequence[str]) -> bool:
    """Whether every "or"/"vs" sets two things against each other that are no framework
    (nor the framework against not using it: "django or not?")."""
    pairs = list(_set_against_each_other(templated))
    return bool(pairs) and all(_SLOT_WORDS.isdisjoint(pair) and _NOT not in pair for pair in pairs)


def _set_against_each_other(words: Sequence[str]) -> Iterator[tuple[str, str]]:
    """The words either side of each "or"/"vs" ("kivy", "tkinter" in "kivy vs tkinter")."""
    for i in range(1, len(words) - 1):
        if words[i] in _VERSUS_WORDS:
            yield words[i - 1], words[i + 1]


def _ours_in_the_last_question(s: Signals) -> list[Mention] | None:
    """Our frameworks named in the message's last sentence when that sentence asks (ends in a
    question mark) and is not the only one; None when there is no such sentence."""
    if not s.ends_asking or s.last_clause == 0:
        return None
    return _ours_in_the_last_clause(s)


def _ours_in_the_last_clause(s: Signals) -> list[Mention]:
    """Our frameworks named in the message's last sentence or clause (the whole of a message
    of one)."""
    return [m for m in s.entities.mentions if m.kind is Kind.FRAMEWORK and m.start >= s.last_clause]


def _holds_any(tokens: Sequence[str], phrases: Iterable[str]) -> bool:
    """Whether any of these phrases (normalised tokens joined by spaces) is in the tokens."""
    spaced = f" {' '.join(tokens)} "
    return any(f" {phrase} " in spaced for phrase in phrases)


def _alternatives(phrases: Sequence[str]) -> str:
    """A regex alternation of the phrases as messages are normalised, longest first."""
    spelled = sorted((" ".join(normalize(p).tokens) for p in phrases), key=len, reverse=True)
    return "|".join(re.escape(p) for p in spelled if p)


def _before_framework(phrases: Sequence[str]) -> re.Pattern[str]:
    """A pattern for any of these phrases right before one of our frameworks (templated
    text; a word such as "trusty" may come between)."""
    return re.compile(rf"\b(?:{_alternatives(phrases)}) (?:\w+ )?xfw\b")


_FRAMEWORK_SLOTS = frozenset((SLOT_TOKENS[Kind.FRAMEWORK], SLOT_TOKENS[Kind.OTHER]))


def _followed_by_a_word(phrases: Sequence[str]) -> re.Pattern[str]:
    """A pattern for any of these phrases and the word after it (its group 1)."""
    return re.compile(rf"\b(?:{_alternatives(phrases)}) (\S+)")


def _own_thing_moved(verbs: Sequence[str], owning: Sequence[str]) -> re.Pattern[str]:
    """A pattern for one's own thing moved to one of ours, in a few words or more
    ("migrating our 6yo flask monolith to fastapi"; templated text)."""
    thing = rf"(?:{_alternatives(owning)})(?: \S+){{1,{OWN_THING_WORDS}}}?"
    return re.compile(rf"\b(?:{_alternatives(verbs)}) {thing} (?:to|in|into|onto) xfw\b")


def _aspects_within(entities: Entities, positions: set[int]) -> frozenset[str]:
    """Aspects every mention of which lies inside a topic phrase."""
    outside = {
        m.id
        for m in entities.mentions
        if m.kind is Kind.ASPECT and not set(range(m.start, m.end)) <= positions
    }
    return frozenset(a for a in entities.aspects if a not in outside)


def _offers(readings: list[Reading], limit: int = 3) -> tuple[Reading, ...]:
    """What "Did you mean ...?" offers: readings the bot can act on, each intent once."""
    offers: list[Reading] = []
    for reading in readings:
        actionable = reading.intent in _OFFERABLE and (
            reading.frameworks or reading.intent not in FRAMEWORK_INTENTS
        )
        if actionable and all(o.intent != reading.intent for o in offers):
            offers.append(reading)
    return tuple(offers[:limit])


class Understander:
    """Reads one message (with the previous turn's context) into an Understanding."""

    def __init__(  # noqa: PLR0915 - one wiring of the reader's parts
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
        self.synonyms = SynonymMapper(lexicon.synonyms)
        self._error_words = self.synonyms.single_words(_ERROR_WORD)
        # What one of ours is built on, which its facts cover too ("Starlette": FastAPI).
        self.underlies = lexicon.underlies
        self._gathering_features = tuple(a.id for a in kb.aspects.values() if a.gathers_features)
        self._asked_over = {a.id: frozenset(a.asked_over) for a in kb.aspects.values()}
        # Other frameworks bound up with one of ours: an add-on to it, or what it is built on.
        self.related = {**lexicon.builds_on, **self.underlies}
        self.tools = frozenset(o.name for o in lexicon.other_frameworks if o.tool)
        # Names a version number after which is that thing's, not one of ours: "Starlette
        # 1.0", "Python 3.15", "Pydantic 2.9" (other frameworks named in one word, and the
        # words that name a topic when a number follows).
        self.versioned_names = one_word_names(
            alias for o in lexicon.other_frameworks for alias in o.aliases
        ) | frozenset(word for t in kb.topics.values() for word in t.numbered)
        self.topics = TopicSpotter(kb, lexicon.short_forms)
        self.scope = ScopeRules(
            kb,
            lexicon.builds_on,
            self.synonyms.canonical_words,
            negations=frozenset(lexicon.negation_words),
            topic_words=self.topics.words_of,
            function_words=frozenset(lexicon.function_words),
            backgrounds=frozenset(tuple(normalize(p).tokens) for p in lexicon.known_from_phrases),
        )
        labelled: list[tuple[str, str]] = []
        for intent, entry in book.intents.items():
            labelled += [(intent, p) for p in entry.phrases]
            if include_holdout:
                labelled += [(intent, p) for p in entry.holdout]
        followups = book.followups
        labelled += [(FOLLOWUP_ASPECT, p) for p in followups.aspect_only]
        labelled += [(FOLLOWUP_FRAMEWORK, p) for p in followups.framework_only]
        labelled += [(FOLLOWUP_PRONOUN, p) for p in followups.pronoun]
        templated = [
            (label, template_phrase(p, self.extractor, self.synonyms)) for label, p in labelled
        ]
        self.matcher = PhraseMatcher(templated, key_words=lexicon.synonyms)
        self.evidence = WordEvidence(templated)
        # Proper names the facts use ("tiangolo"), and code names only one framework's write.
        products = [
            name.replace(" ", "").replace(".", "")
            for other in lexicon.other_frameworks
            for name in (other.name, *other.aliases)
        ]
        self.names = self._fact_names(kb, lexicon)
        self.implied = CodeImplied.of(kb, products=[*products, *lexicon.not_names])
        self.function_words = frozenset(lexicon.function_words)
        self.contrast_words = frozenset(lexicon.contrast_words)
        self.concessive_words = frozenset(lexicon.concessive_words)
        self._only_comparing, self._asking_words = (
            self.function_words | set(lexicon.comparison_words) | {"xfw"},
            frozenset(lexicon.synonyms),
        )
        self.forms = QuestionForms()
        self.chat = ChatReader(self.function_words)
        self.question_openers, self._clause_openers, self._open_question_words = (
            frozenset(lexicon.question_openers),
            frozenset(lexicon.question_openers) - frozenset(lexicon.first_word_openers),
            frozenset(lexicon.open_question_words),
        )
        # "does", "is", "can" ...: the openers of a question answered yes or no.
        self._whether_openers = self._clause_openers - self._open_question_words
        self.asking_words = frozenset(lexicon.asking_words) | frozenset(lexicon.comparison_words)
        self.short_forms = dict(lexicon.short_forms)
        self.joining_words = frozenset(lexicon.joining_words)
        # The kinds of fact a question form can ask for (a form's id), with their phrases.
        self.kinds_given = {
            "advice": lexicon.advice_given,
            "time": lexicon.time_given,
            "change": lexicon.change_given,
            "default": lexicon.default_given,
            "latest": lexicon.latest_given,
            "maintained": lexicon.maintained_given,
        }
        self._leaving, self._settling, self._set_aside, self._guarding = (
            _before_framework(lexicon.leaving_phrases),
            _before_framework(lexicon.settling_phrases),
            frozenset(tuple(normalize(p).tokens) for p in lexicon.set_aside_phrases),
            frozenset(lexicon.guarding_words),
        )
        # Where a move goes ("switch to orjsonresponse"), and the words that leave it open.
        self._symptoms = re.compile(rf" (?:{_alternatives(lexicon.symptom_phrases)}) ")
        self._moving, self._open_targets, self._moving_own = (
            _followed_by_a_word(lexicon.moving_phrases),
            frozenset(lexicon.open_targets),
            _own_thing_moved(lexicon.moving_verbs, lexicon.owning_words),
        )
        # As messages are read: "还是" is two tokens, one a character.
        self._or_words = frozenset(" ".join(normalize(w).tokens) for w in lexicon.or_words)
        self._referring_words = frozenset(lexicon.referring_words)
        self._role_words = frozenset(lexicon.role_words)
        self._restating_openers = frozenset(lexicon.restating_openers)
        self._strength_phrases, self._weakness_phrases = (
            frozenset(" ".join(normalize(p).tokens) for p in lexicon.strength_phrases),
            frozenset(" ".join(normalize(p).tokens) for p in lexicon.weakness_phrases),
        )
        self._asker_words = frozenset(lexicon.asker_words)
        # what the one named can do, does or has ("can it ...?", "does it ...?")
        self._can_words = frozenset(lexicon.capability_openers) | frozenset(lexicon.doing_openers)
        self._outdoing, self._outdone, self._all_others = (
            frozenset(lexicon.outdoing_words),
            frozenset(lexicon.outdone_words),
            frozenset(lexicon.all_others_words),
        )
        self._setting_words = frozenset(lexicon.setting_words)
        self._setting_passed_over = frozenset(lexicon.setting_passed_over)
        self._whether_openers = frozenset(lexicon.whether_openers)
        self.comparative_words, self.against_words, self._likening_words = (
            frozenset(lexicon.comparative_words),
            frozenset(lexicon.against_words),
            frozenset(lexicon.likening_words),
        )
        (
            self._likened_words,
            self._pointing_back,
            self._standing_in,
            self._asked_of_words,
            self._toward_words,
            self._knower_words,
            self._weighing,
            self._known_from,
            self._moving_to,
            self._superlative_words,
            self._topics_with_facts,
        ) = (
            frozenset(lexicon.likened_words),
            frozenset(lexicon.pointing_back_words),
            frozenset(lexicon.standing_in_words),
            frozenset(lexicon.asked_of_words),
            frozenset(lexicon.toward_words),
            frozenset(lexicon.knower_words),
            frozenset(lexicon.comparative_words) | frozenset(lexicon.weighing_words),
            frozenset(" ".join(normalize(p).tokens) for p in lexicon.known_from_phrases),
            frozenset(" ".join(normalize(p).tokens) for p in lexicon.moving_to_phrases),
            # Phrases ("en iyi", "一番"), so that their parts ("en", "一") do not count alone.
            frozenset(" ".join(normalize(w).tokens) for w in lexicon.superlative_words),
            kb.topics_with_facts(),
        )
        # The verbs a move is said with: the lexicon's (also what one's own thing moved is
        # read by, `_own_thing_moved`) and those that open a move to one of ours ("moved to").
        self._moving_verbs = frozenset(lexicon.moving_verbs).union(
            phrase.split()[0] for phrase in self._moving_to
        )
        self.good_qualities, self.bad_qualities = (
            frozenset(lexicon.good_qualities),
            frozenset(lexicon.bad_qualities),
        )
        self.qualities = self.good_qualities | self.bad_qualities
        self._weak_aspect_words = frozenset(
            (a.id, " ".join(normalize(w).tokens)) for a in kb.aspects.values() for w in a.weak_words
        )
        self.negations = frozenset(lexicon.negation_words)
        self.how_asked = self.function_words | self.asking_words | self.negations
        self.reason_asking = frozenset(lexicon.reason_asking)
        self.reason_words = self.reason_asking | frozenset(lexicon.reason_filler)
        self.more_asking = frozenset(lexicon.more_asking)
        self.more_words = self.more_asking | frozenset(lexicon.more_filler)
        self.reversing_words, self.excess_words, self.degree_words = (
            frozenset(lexicon.reversing_words),
            frozenset(lexicon.excess_words),
            frozenset(lexicon.degree_words),
        )

    def _moves_to_a_thing(self, templated: Sequence[str]) -> bool:
        """Whether every move the message names goes to a thing that is no framework
        ("switch to orjsonresponse", "move to asgi"), none to a framework or a place left
        open ("switch to fastapi", "move to something lighter")."""
        targets = [m.group(1) for m in self._moving.finditer(" ".join(templated))]
        return bool(targets) and not any(
            t in _FRAMEWORK_SLOTS or t in self._open_targets for t in targets
        )

    def _used_together(self, tokens: Sequence[str], entities: Entities) -> list[TopicHit]:
        """Topic hits for words between two of our frameworks' names that say they are used
        together ("Django's ORM with FastAPI"), unless the words around them set one against
        the other ("compare django with fastapi", "replace flask with fastapi")."""
        names = [(m.start, m.end, m.id) for m in entities.mentions if m.kind is Kind.FRAMEWORK]
        if len(names) < 2:
            return []
        return self.topics.between_hits(tokens, names, self._set_apart)

    def _set_apart(self, tokens: Sequence[str], first: int, second: int) -> bool:
        """Whether the words around two frameworks' names (starting at `first` and `second`)
        set one against the other ("how does django compare with fastapi", "replace flask
        with fastapi", "django with fastapi or flask?", "fastapi with auth like django")."""
        before = tuple(tokens[max(0, first - LOOK_BEHIND) : first])
        around = (*before, *tokens[first : second + LOOK_AHEAD])
        if self.against_words.intersection(around) or self._likening_words.intersection(around):
            return True
        # A leaving phrase right before the first name, or a word before it ("replace our
        # flask app with fastapi"): the same pattern that reads a templated message.
        return bool(self._leaving.search(" ".join((*before, SLOT_TOKENS[Kind.FRAMEWORK]))))

    def _fact_names(self, kb: KnowledgeBase, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
        """Proper names in the facts that are not already entities or ordinary words, each
        with the frameworks whose facts mention it."""
        known = {*lexicon.not_names, *(w for words in lexicon.synonyms.values() for w in words)}
        # Other frameworks a fact mentions in passing ("compare it with NestJS") are never
        # names that point to ours, even those too ambiguous to count as entities.
        known |= {n.lower() for o in lexicon.other_frameworks for n in (o.name, *o.aliases)}
        # Python's own names (DeprecationWarning, RuntimeError) belong to no framework, even
        # where only one framework's facts happen to mention them.
        known |= {n.lower() for n in dir(builtins)}
        # Everyday things of other domains (a restaurant, a book) are the class names of
        # examples where a fact capitalises them ("class Restaurant(Place)"), not names.
        known |= self.scope.words.other_domain_words
        # A capitalised word one fact has in passing ("Privacy Policy pages", "Library Agent
        # Skills") is as often an everyday word ("what skills do I need?") as a name: it
        # points to a framework only where more facts name it, or where the framework's own
        # story does (its creators).
        told = {id(fact) for fw in kb.frameworks.values() for fact in story_facts(fw)}
        names: dict[str, tuple[str, ...]] = {}
        for name, entries in fact_names(kb, known).items():
            tokens = normalize(name).tokens
            named_enough = len(entries) > 1 or any(id(e.fact) in told for e in entries)
            if len(tokens) == 1 and named_enough and self.extractor.extract(tokens).mentions == ():
                names[tokens[0]] = tuple(dict.fromkeys(e.framework_id for e in entries))
        return names

    def _frameworks_named_by(
        self, entities: Entities, kb_names: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The frameworks a proper name points to when no framework is named ("who is
        tiangolo?" -> FastAPI), if it points to one."""
        if entities.frameworks or entities.others or not kb_names:
            return ()
        frameworks = self.names[kb_names[0]]
        return frameworks if len(frameworks) == 1 else ()

    def signals(self, message: str) -> Signals:
        norm = normalize(without_elongation(message))
        entities = self.extractor.extract(norm.tokens)
        packages = only_as_packages(norm, entities)
        kb_names = tuple(dict.fromkeys(t for t in norm.tokens if t in self.names))
        named_by_fact = self._frameworks_named_by(entities, kb_names)
        templated = self.synonyms.apply(template(norm.tokens, entities))
        # "OperationalError", "SynchronousOnlyOperation" aside: any exception class's name.
        templated = tuple(_ERROR_WORD if _EXCEPTION_NAME.match(t) else t for t in templated)
        releases = self._named_versions(norm.tokens, entities)
        # A version number says what the message is about only when no topic word does.
        names = entities.framework_positions()
        # A topic word inside a longer identifier ("customer_email", "send_welcome_email")
        # names a variable, not the topic; a whole identifier ("list_display") still counts.
        topic_hits = [
            h
            for h in self.topics.hits(norm.tokens, names, norm.as_code, norm.capitals)
            if not _inside_identifier(h, norm)
        ] or self._version_hits(releases)
        # "in the database itself, not just in form validation": a topic set aside is not
        # what is asked (named alone, the question is on something no topic names).
        topic_hits = [h for h in topic_hits if not self._set_aside_at(norm.tokens, h.start)]
        if (
            topic_hits
            and all(h.weak for h in topic_hits)
            and not names
            and DOMAIN_WORDS.isdisjoint(norm.tokens)
        ):
            # "how tall is mount everest?": a word that names a topic only as often as not,
            # with nothing else about frameworks or the web, names none.
            topic_hits = []
        together = self._used_together(norm.tokens, entities)
        if together:
            # "FastAPI inside a Django project": both, used together, are what it is about.
            topic_hits = [*together, *topic_hits]
        failing = {
            i
            for i, t in enumerate(norm.tokens)
            if t in self._error_words or _EXCEPTION_NAME.match(t)
        }
        in_topics = {i for h in topic_hits for i in range(h.start, h.start + h.words)}
        # An error word that leads a topic's name ("exception handlers", "error pages",
        # "404 page") names a feature; one that ends it ("cors error") reports a failure.
        naming = {
            i
            for h in topic_hits
            for i in range(h.start, h.start + h.words - 1)
            if i + 1 not in failing
        } | self._caught(norm.tokens, failing)
        # "stop CSRF on form posts": the form posts are where CSRF is asked about.
        set_in = named_as_settings(
            topic_hits, norm.tokens, self._setting_words, self._setting_passed_over, names
        )
        # (a thing likened: the phrase a likening word points to, within reach after it)
        likened = {
            at
            for i, t in enumerate(norm.tokens)
            if t in self._likened_words
            for at in range(i + 1, i + LIKENED_REACH + 1)
        }
        topics = self.topics.rank(topic_hits, failing, set_in, likened)
        # "is FastAPI stable enough for production" asks, question mark or not.
        # So does a later sentence that opens as a question ("yo @bot quick q - does fastapi
        # come with an orm").
        tokens = norm.tokens
        # So does a sentence that opens by setting ours against each other ("django or
        # flask, quick answer pls").
        opens = {0, *norm.clause_starts}
        offers_a_choice = any(
            m.kind is Kind.FRAMEWORK
            and m.start in opens
            and m.end < len(tokens)
            and tokens[m.end] in self._or_words
            for m in entities.mentions
        )
        # ("hey @fwbot does fastapi have an admin": the greeting before it opens nothing)
        opening = 0
        while (
            opening < len(tokens)
            and tokens[opening] not in self._clause_openers
            and self.chat.hails(tokens[opening])
        ):
            opening += 1
        asks = (
            norm.is_question
            or bool(tokens and tokens[0] in self.question_openers)
            # after the hail the next word opens the message ("gm team, anyone know ...")
            or (0 < opening < len(tokens) and tokens[opening] in self.question_openers)
            or any(tokens[i] in self._clause_openers for i in norm.clause_starts)
            or offers_a_choice
        )
        # "can fastapi turn our OutOfStockError into a 409?": asked on error handling itself,
        # the errors named are what to handle, not a failure to debug.
        # ... unless it says something fails ("BackgroundTasks not running when i raise
        # HTTPException, bug?"): that is a failure to debug, whatever it raises.
        handling = (
            asks
            and any(self.kb.topics[t].handles_errors for t in topics[:TOPICS_READ])
            and self._symptoms.search(f" {' '.join(tokens)} ") is None
        )
        if failing and (failing <= naming or handling):
            failing = set()
            templated = tuple(t for t in templated if t != _ERROR_WORD)
            topics = self.topics.rank(topic_hits, failing, set_in, likened)
        inside = _aspects_within(entities, in_topics)
        aspects = self._aspects(entities, topic_hits, norm.tokens, add_ons_only=bool(packages))
        forms = self.forms.forms_of(norm.tokens)
        if _MOVED_ALREADY in forms:
            # "slower after moving to fastapi, why?": the move is made; no decision to weigh.
            forms = tuple(f for f in forms if f != _DECISION_FORM)
        if _DECISION_FORM in forms and (
            (len(entities.frameworks) == 1 and releases) or self._moves_to_a_thing(templated)
        ):
            # "ok to move to django 6.1?", "should we switch to ORJSONResponse?": a move
            # between versions of one framework, or to a thing inside one, is no decision
            # between frameworks.
            forms = tuple(f for f in forms if f != _DECISION_FORM)
        if (
            _MOVED_ALREADY not in forms
            and HOW_TO_FORM not in forms
            and self._moving_own.search(" ".join(templated))
        ):
            # "thinking of migrating our flask monolith to fastapi": the asker's own project,
            # to be moved or not ("how do i port my views to fastapi" is moving it already).
            # Weighed ("worth it or nah"), the move is the decision asked for.
            weighed = (_DECISION_FORM,) if _ADVICE_FORM in forms else ()
            forms = tuple(dict.fromkeys((*forms, OWN_SITUATION, *weighed)))
        forms = (*forms, *self._how_it_is_put(norm, topic_hits, topics, entities, templated))
        templated = self.matcher.correct(templated)
        nearest, likeness = self.matcher.scores_and_likeness(templated)
        words = self.evidence.probabilities(templated)
        # Both trained on the same phrases: every label has a score in each.
        scores = {
            label: combine(nearest[label], words[label], likeness[label]) for label in nearest
        }
        return Signals(
            entities,
            templated,
            nearest,
            scores,
            asks,
            norm.text,
            packages,
            kb_names,
            named_by_fact,
            topics,
            forms,
            inside,
            aspects,
            norm.tokens,
            frozenset(h.start for h in topic_hits),
            released=tuple(dict.fromkeys(m.id for m in releases)),
            advert=self.scope.is_job_post(message, norm.tokens),
            checks_claim=CHECKS_CLAIM in forms
            or _confirms_a_clause(norm)
            # (after synonyms too: the templated text may end in a tail the words did not)
            or _CONFIRMATION_TAIL.search(" ".join(templated)) is not None,
            last_clause=max(norm.clause_starts, default=0),
            clause_starts=norm.clause_starts,
            ends_asking=message.rstrip().endswith(("?", "？")),
        )

    def _aspects(
        self,
        entities: Entities,
        topic_hits: Sequence[TopicHit],
        tokens: Sequence[str],
        *,
        add_ons_only: bool = False,
    ) -> tuple[str, ...]:
        """Aspect ids, the best evidenced first: each aspect word counts, and so does each
        topic named for its topic's aspect, less than a word naming the aspect itself ("no
        WebSocket support" is about async), once however many of its phrases name it
        ("deploy to aws lambda, cold starts?": deployment once, performance's word beats it);
        ties go to the one named first."""
        weight: dict[str, float] = {}
        first: dict[str, int] = {}

        for mention in entities.mentions:
            if mention.kind is Kind.ASPECT:
                said = " ".join(tokens[mention.start : mention.end])
                # "does not support async": what is said to be missing is the point of the
                # sentence, as a quality claimed is.
                claimed = said in self.qualities or denied(tokens, mention.start, self.negations)
                strength = QUALITY_ASPECT_WEIGHT if claimed else ASPECT_WORD_WEIGHT
                if (mention.id, said) in self._weak_aspect_words:
                    # "a simple web service", "easy to document the API": as often of
                    # something else, unless it is the quality claimed or asked of the
                    # framework ("simplest option?"), not of what it makes easy.
                    makes_easy = mention.end < len(tokens) and tokens[mention.end] == "to"
                    of_the_framework = claimed and not makes_easy
                    strength = ASPECT_WORD_WEIGHT if of_the_framework else WEAK_ASPECT_WEIGHT
                weight[mention.id] = weight.get(mention.id, 0.0) + strength
                first.setdefault(mention.id, mention.start)
        seen_topics: set[str] = set()
        for hit in topic_hits:
            if hit.topic in seen_topics:
                continue
            seen_topics.add(hit.topic)
            aspect = self.kb.topics[hit.topic].aspect
            span = range(hit.start, hit.start + hit.words)
            counted = any(
                m.kind is Kind.ASPECT and m.id == aspect and m.start in span
                for m in entities.mentions
            )  # "admin" names the fullstack aspect and the admin topic: one piece of evidence
            if aspect is not None and aspect in self.kb.aspects and not counted:
                strength = (
                    QUALITY_ASPECT_WEIGHT
                    if denied(tokens, hit.start, self.negations)
                    else TOPIC_ASPECT_WEIGHT
                )
                weight[aspect] = weight.get(aspect, 0.0) + strength
                first.setdefault(aspect, hit.start)
        features = {h.topic for h in topic_hits if self.kb.topics[h.topic].feature}
        if len(features) > 1:
            # "need user accounts + an admin panel": a site with its features built in.
            start = min(h.start for h in topic_hits if h.topic in features)
            for aspect in self._gathering_features:
                weight[aspect] = weight.get(aspect, 0.0) + TOPIC_ASPECT_WEIGHT * (len(features) - 1)
                first.setdefault(aspect, start)
        if add_ons_only and _COMMUNITY in weight:
            # "flask-wtf / flask-migrate: any of those abandoned?": whether an add-on is alive
            # is a question about the framework's packages, not its own community.
            weight[_PACKAGES] = weight.get(_PACKAGES, 0.0) + weight.pop(_COMMUNITY)
            first[_PACKAGES] = min(first.get(_PACKAGES, len(tokens)), first.pop(_COMMUNITY))
        ranked = sorted(weight, key=lambda a: (-weight[a], first[a]))
        # "django or fastapi for an API with lots of traffic?": what is built sets the scene;
        # how it runs, named beside it, is what is asked.
        # (said in its own words: a topic alone, "caching of api responses", is too weak)
        over = next(
            (
                a
                for a in ranked[1:]
                if ranked[0] in self._asked_over[a] and weight[a] >= ASPECT_WORD_WEIGHT
            ),
            None,
        )
        if over is not None:
            ranked = [over, *(a for a in ranked if a != over)]
        return tuple(ranked)

    def understand(self, message: str, context: Context | None = None) -> Understanding:
        context = context or Context()
        s = self.signals(message)
        if not s.templated:
            # Nothing in words: "🙏" or ":+1:" reacts to the last answer; the rest is empty.
            reaction = self.chat.reaction(message)
            if reaction is not None:
                return Understanding(intent=reaction, confidence=CHAT_CONFIDENCE)
            return Understanding(intent="help", confidence=0.0)
        if self._asks_more(s):
            return self._more_of(s, context)
        readings = self._readings(s, context)
        best = readings[0]
        others = tuple(r for r in readings[1:] if r.intent != best.intent)[:2]
        offers = _offers(readings)
        named = tuple(s.entities.frameworks) or s.named_by_fact
        from_context = best.frameworks != named or (
            best.aspect is not None and best.aspect not in s.aspects
        )
        confidence = best.confidence
        intent = best.intent
        unsure = False
        if (
            intent == "recommend"
            and not best.frameworks
            and s.topics
            and not self._asks_to_choose_in(s.text.split())
            and ASKS_PICK not in s.forms
        ):
            # "recommended way to do API versioning", "I want to use api rate limit, what
            # should I do?": advice on a topic, not which framework to pick.
            intent = "describe"
        if (
            intent == "help"
            and confidence < CLARIFY_BELOW
            and not named
            and max(s.scores.values()) > confidence + OUTWEIGHED_HELP
            and sum(map(self._asks_nothing, set(s.tokens))) >= OFF_DOMAIN_WORDS
        ):
            # "can you summarize yesterday's standup thread", "can you draft an out-of-office
            # reply": asked of the bot, read far more as a question on a framework that names
            # none, in words no question of ours uses: a task of its own, not one about what
            # the bot does ("what are the pros?" asks which framework's).
            intent = "out_of_scope"
        if confidence < OUT_OF_SCOPE_BELOW:
            intent, unsure = "out_of_scope", False
        elif intent != "out_of_scope" and confidence < CLARIFY_BELOW:
            # A question on a topic of the knowledge base is answered on that topic, however
            # it is put ("which of these has LTS releases?"), and so is a claim about one of
            # ours on a topic ("FastAPI dropped startup events for lifespan"): its facts agree
            # or correct it. Asking back is for the rest.
            unsure = bool(offers) and not (s.topics and (s.is_question or named))
            anchored = named or best.aspect or s.topics or s.forms
            if unsure and not anchored and not self._says_what_is_asked(s):
                # "no opinion on my side", "glad to be here": weak evidence and nothing of
                # ours named, so no reading of ours worth offering: talk is answered as talk,
                # the rest with what the bot does.
                intent = intent if intent in _CHAT_INTENTS or intent == "help" else "out_of_scope"
                unsure = False
        return Understanding(
            intent=intent,
            confidence=confidence,
            frameworks=best.frameworks,
            aspect=best.aspect,
            text=self._text_looked_up(s, message),
            quoted=_quoted_words(message),
            other_frameworks=tuple(s.entities.others),
            released=s.released,
            topic=s.kb_names[0] if s.kb_names else None,
            topics=s.topics,
            # An aspect only the topics gave ("LTS releases": community) is not a second part.
            aspect_within_topic=best.aspect in s.aspects_within_topics
            or (best.aspect in s.aspects and best.aspect not in s.entities.aspects),
            forms=s.forms,
            via_package=tuple(sorted(s.only_as_packages)),
            # ("partners send an `X-API-Key` header ... which framework gives that?": code
            # one framework's facts write is no framework chosen when it asks which to take)
            implied_framework=None
            if best.frameworks
            or s.entities.others
            or (best.intent in _ASKING_WHICH and self._asks_which_framework(s.tokens))
            else self.implied.framework(message),
            asked_of=self._asked_of(s, best.frameworks),
            bare=not s.topics and set(s.templated) <= self._only_comparing,
            reports_error=_ERROR_WORD in s.templated,
            advert=s.advert,
            asks=s.is_question
            or s.templated[0] in _QUESTION_OPENERS
            or "versus" in s.templated,  # "django orm vs sqlalchemy" asks for a comparison
            alternatives=offers if unsure else others,
            from_context=from_context,
            unsure=unsure,
            debug={k: round(v, 3) for k, v in s.scores.items()},
        )

    @staticmethod
    def _text_looked_up(s: Signals, message: str) -> str:
        """The normalised text, and for an error report or a question on what changed the
        code names it writes as written ("_request_ctx_stack", "django.conf.urls", "what
        replaced FLASK_ENV?"): what broke or changed, the facts that write them name the
        cause. (In a question on how to do something a code name is as often what the asker
        uses already: "tired of @login_required on every view".)"""
        if _ERROR_WORD not in s.templated and _CHANGE_FORM not in s.forms:
            return s.text
        return " ".join((s.text, *code_names(message)))

    def _among_the_three(
        self,
        s: Signals,
        fws: tuple[str, ...],
        plain: list[Reading],
        ranked: list[tuple[str, float]],
        aspect: str | None,
    ) -> tuple[tuple[str, ...], list[Reading]]:
        """The frameworks and readings of a message naming "the three" and none of ours:
        "compare all three on flexibility" compares each of ours ("which of the three is
        fastest?" stays best-for); "out of the three, where am i least likely to shoot
        myself in the foot with auth" is about ours, whatever else its words look like; so
        is a last question on "the three" after one was named ("my manager thinks fastapi
        has an admin built in. which of the three actually ships one?")."""
        if ALL_THREE not in s.forms or (fws and not self._asks_all_three_last(s)):
            return fws, plain
        if fws:
            fws, plain = (), self._plain_readings(ranked, (), aspect)
        if plain and plain[0].intent == "help" and plain[0].confidence >= CLARIFY_BELOW:
            # "can i ask you about any framework or just these 3?": about the bot, whose
            # three they are.
            return fws, plain
        comparing = (
            bool(_COMPARING_WORDS.intersection(s.templated))
            or s.scores["compare"] >= s.scores["best_for"]  # every label has a score
        )
        if comparing:
            ours = tuple(self.kb.frameworks)
            return ours, self._plain_readings(ranked, ours, aspect)
        if s.entities.others:
            return fws, plain
        return fws, [r for r in plain if r.intent != "out_of_scope"] or plain

    def _asks_all_three_last(self, s: Signals) -> bool:
        """Whether the last sentence asks about "the three" and names none of ours."""
        named_last = _ours_in_the_last_question(s)
        if named_last is None or named_last:
            return False
        return ALL_THREE in self.forms.forms_of(s.tokens[s.last_clause :])

    def _readings(self, s: Signals, context: Context) -> list[Reading]:
        """Candidate readings, likeliest first."""
        fws = tuple(s.entities.frameworks)
        aspect = s.aspects[0] if s.aspects else None
        ranked = sorted(
            ((k, v) for k, v in s.scores.items() if not k.startswith("followup")),
            key=lambda kv: kv[1],
            reverse=True,
        )
        plain = self._plain_readings(ranked, fws, aspect)
        if (s.topics or s.aspects) and s.is_question and self.chat.intent(s.tokens) is None:
            # "ok to run runserver in prod?": a question on a topic is not chat, whatever
            # its first word; but every word a chat word is ("yo bot, you alive?": "alive"
            # names a framework's releases only when said of one).
            plain = [r for r in plain if r.intent not in _CHAT_INTENTS]
        fws, plain = self._among_the_three(s, fws, plain, ranked, aspect)
        if not context.empty and (
            followup := resolve_followup(
                s, fws, aspect, context, ranked, asks_why=self._asks_why(s)
            )
        ):
            return [followup, *plain]
        if s.advert:
            # "We're looking for a senior backend engineer ... Django, FastAPI": skills wanted.
            return [Reading("out_of_scope", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        # A message opening with its own question is no complaint about the last answer ("does
        # fastapi generate the docs? my pm asked and i said 'sure'").
        if (
            fws
            and MISREAD_FORM in s.forms
            and len(s.tokens) <= LONGEST_MISREAD
            and s.templated[0] not in _QUESTION_OPENERS
        ):
            return [self._misread(s, fws, aspect, context), *plain]
        if self._asks_the_bots_scope(s, fws):
            return [Reading("help", CHAT_CONFIDENCE, (), aspect), *plain]
        if len(fws) >= 2:
            return [Reading(self._between_ours(s, fws, aspect), 0.95, fws, aspect), *plain]
        if (unread := self._unread_about_ours(s, fws, aspect, plain)) is not None:
            return [unread, *plain]
        frameworks_named = [o for o in s.entities.others if o not in self.tools]
        # "thanks, found a django example" thanks for what it names; "Hi, first of all thanks
        # for that great tool! When I set DEBUG to False ... (a long report)": thanks opening
        # a long account of a problem on a topic is a courtesy.
        thanked_for, reports = (
            not s.topics and aspect is None,
            bool(s.topics) and len(s.tokens) > LONGEST_THANKS,
        )
        if (
            (not fws or thanked_for)
            and not frameworks_named
            and not s.is_question
            and not reports
            and _THANKS_WORD in s.templated
        ):
            # "This is a life saver. Thank you for your hard work", "just managed to deploy
            # pandas on heroku. thanks alyssa!", "thanks, going with flask then": thanks
            # however long, whatever it thanks for and whatever tools it names, unless it also
            # asks something, names another framework, or one of ours with a topic or aspect.
            return [Reading("thanks", CHAT_CONFIDENCE, fws), *plain]
        if not fws and s.entities.others and (others := self._others_only(s, aspect, plain)):
            return others
        if (
            not fws
            # "which of these do i go with? (a portal resetting creds against ldap)": asked
            # which of ours, whatever the scene it sets names.
            and AMONG_THEM not in s.forms
            and (self._compares_strangers(s) or self._sets_aspects_against_each_other(s))
        ):
            # "kivy or tkinter for GUI?": a choice between things none of our words name;
            # "postgres or mysql for a new project?": between two things of an aspect.
            return [Reading("out_of_scope", NOT_A_FRAMEWORK_CHOICE, (), aspect), *plain]
        if not fws and self.scope.asks_about_an_editor(s):
            # "pycharm or vscode?": an editor a fact of ours names is no question on it.
            return [Reading("out_of_scope", NOT_A_FRAMEWORK_CHOICE, (), aspect), *plain]
        bug_report = _ERROR_WORD in s.templated  # "CORSMiddleware not work": not about a name
        if (
            s.named_by_fact
            and not bug_report
            and (not plain or plain[0].intent in _NAME_QUESTION_INTENTS)
        ):
            # "Which framework does Instagram use?": a fact that names it answers.
            return [Reading("describe", NAMED_BY_FACT, s.named_by_fact, aspect), *plain]
        if len(fws) == 1 and APPEAL_FORM in s.forms and not s.entities.others:
            # "why do ppl love fastapi, is it just the auto-generated docs?": what draws
            # people to it, whatever feature is named as the reason.
            return [Reading("pros", TONE_CONFIDENCE, fws, aspect), *plain]
        if (
            self._asks_for_a_feature(s, fws)
            and not bug_report
            and (s.is_question or self._tone_of(s) is None)
        ):
            # "is jwt login built into fastapi?", "does Flask come with an ORM or do I roll my
            # own?": whether the framework has a feature, however the rest reads.
            return [Reading("describe", FEATURE_ASKED_CONFIDENCE, fws, aspect), *plain]
        # A complaint on a topic is about the bot's answer only when said to the bot ("not
        # what i asked, i wanted deployment"); else it is about a feature ("BackgroundTasks
        # not working properly ... useless").
        complains = (DISPLEASED_FORM in s.forms or MISREAD_FORM in s.forms) and (
            not s.topics or TO_THE_BOT in s.forms
        )
        remarks_on_ours = not s.is_question and not s.topics and aspect is None
        if complains and not s.entities.others and (not fws or remarks_on_ours):
            # "erm i asked about migrations tooling, you gave me a history lesson": the last
            # answer missed, whatever tool or topic the complaint names; a framework named
            # with nothing asked on it is what the answers missed with ("you keep
            # recommending django no matter what i say").
            return [_displeased(s, aspect, context), *plain]
        if plain and plain[0].intent == "help" and len(fws) == 1 and s.topics:
            # "can you help me with flask sessions?": help with a part of one framework is a
            # question on it, not on what the bot does.
            return [Reading("describe", FEATURE_ASKED_CONFIDENCE, fws, aspect), *plain]
        # (before the scope rules: neither names a framework or a domain word)
        if early := (
            self._small_talk(s, fws, aspect, plain) or self._best_at_a_feature(s, fws, aspect)
        ):
            return [*early, *plain]
        if self.scope.not_a_framework_choice(s, fws, aspect):
            return [Reading("out_of_scope", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        if len(fws) == 1 and self.scope.compares_within_a_topic(s):
            # "Django: ASGI vs WSGI?": two things one topic covers, set side by side.
            return [Reading("describe", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        if len(fws) == 1 and s.topics and self.scope.asks_what_a_part_is(s):
            # "What are Flask blueprints?", with facts on blueprints: described from them.
            return [Reading("describe", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        if len(fws) == 1 and s.entities.others and COMPARISON.search(s.templated_text):
            return [Reading("compare", 0.8, fws, aspect), *plain]
        words = set(s.templated)
        if _ERROR_WORD in words and not words & self.scope.words.choosing_words:
            # "flask crashed", "CORSMiddleware not working": a bug report, not a choice (about
            # at most one framework: two or more are a comparison, above).
            return [Reading("out_of_scope", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        choosing = bool(plain) and plain[0].intent in ("recommend", "best_for")
        if len(fws) == 1 and s.topics and choosing and self._works_with_it(s):
            # "starting a new django project, should i do a custom user model?", "can I use
            # the django admin as our customers' frontend?", "how to set the client cookies
            # from FastAPI? I need to track sessions": the framework is chosen already; what
            # to do with (a part of) it is for its facts.
            return [Reading("describe", NOT_A_FRAMEWORK_CHOICE, fws, aspect), *plain]
        if (social := self._social(s, fws, aspect, plain)) is not None:
            return social
        both_lists = plain and plain[0].intent not in ("pros", "cons")
        if len(fws) == 1 and "both_sides" in s.forms and not s.entities.others and both_lists:
            # "Django Framework Review - Pros and Cons": both lists, whatever else it says.
            return [Reading("pros", TONE_CONFIDENCE, fws, aspect), *plain]
        if (side := self._one_side_asked(s, fws, plain)) is not None:
            return [Reading(side, TONE_CONFIDENCE, fws, aspect), *plain]
        tone = self._tone_of(s)
        # "4.2 would become outdated soon, time to upgrade to Django 5.2": said of a release,
        # praise or criticism is about the versions, not the framework's strengths.
        if (
            len(fws) == 1
            and tone is not None
            and not s.is_question
            and not s.entities.others
            and not s.names_a_release
        ):
            # "FastAPI is a nice tool to build APIs.": a statement of praise or criticism
            # about one framework reads as its strengths or weaknesses.
            return [Reading(tone, TONE_CONFIDENCE, fws, aspect), *plain]
        direction = self._direction(s) if len(fws) == 1 and not s.entities.others else None
        if direction is not None:
            # "move away from Flask": its weaknesses; "stick to trusty Flask": its strengths.
            return [Reading(direction, TONE_CONFIDENCE, fws, aspect), *plain]
        quality = self._quality_asked(s) if len(fws) == 1 and not s.entities.others else None
        if quality is not None:
            # "why is Flask so slow?", "how come FastAPI is so quick?": the reason for a
            # weakness or a strength it is said to have.
            return [Reading(quality, TONE_CONFIDENCE, fws, aspect), *plain]
        if len(fws) == 1 and s.checks_claim:
            # "Flask has no async, right?": checking a claim about it; the facts answer it.
            return [Reading("describe", CONFIRMATION_CONFIDENCE, fws, aspect), *plain]
        plain = self._one_sided(s, fws, self._about_its_releases(s, fws, plain))
        plain = self._what_it_is_used_for(s, fws, plain)
        # never empty: the intents not about one framework always have a reading
        return self._off_our_domain(
            s,
            fws,
            aspect,
            self._for_their_own_case(s, self._best_for_any_case(s, fws, aspect, plain)),
        )

    def _asks_the_bots_scope(self, s: Signals, fws: tuple[str, ...]) -> bool:
        """Asked what the bot does or covers, with nothing asked of ours: with none of them
        named, in any language the forms list and whatever else it names, sets against each
        other or names as what the bot reads ("¿qué puedes hacer?", "can i ask you about
        litestar too?", "where do your answers come from, docs or changelogs?"), or with all
        of them named as its scope, no topic and no other framework ("do you only know
        django, flask and fastapi?")."""
        if ABOUT_THE_BOT not in s.forms:
            return False
        if not fws:
            return True
        if s.topics:
            return False
        return set(fws) == set(self.kb.frameworks) and all(
            other in self.tools for other in s.entities.others
        )

    @staticmethod
    def _off_our_domain(
        s: Signals, fws: tuple[str, ...], aspect: str | None, plain: list[Reading]
    ) -> list[Reading]:
        """ "which is the best?" with nothing about web frameworks: probably not for us, so
        a pick weighs less."""
        if fws or aspect is not None or DOMAIN_WORDS.intersection(s.templated):
            return plain
        plain = [
            replace(r, confidence=r.confidence * OFF_DOMAIN_PENALTY)
            if r.intent in ("best_for", "recommend")
            else r
            for r in plain
        ]
        plain.sort(key=lambda r: r.confidence, reverse=True)
        return plain

    def _social(
        self,
        s: Signals,
        fws: tuple[str, ...],
        aspect: str | None,
        plain: list[Reading],
    ) -> list[Reading] | None:
        """The readings of a message that only talks to the bot (a greeting, thanks, a
        goodbye), None for anything else. (A complaint about the last answer is read before
        the scope rules, in `_readings`.)"""
        if fws or s.entities.others:  # a framework or tool: not just talk
            return None
        # Every word a chat word is chat, whatever topic or aspect one of them names alone
        # ("logging off, see ya": "logging" names Django's logging; "signing off": signing).
        chat = self.chat.intent(s.tokens, self._stray_words(s))
        if aspect and chat is None:
            return None
        # "hey what can you do": the greeting opens a question about what the bot does
        # (when the phrases say so with some confidence: "sup nerds, bot alive?" is hi).
        asks_help = bool(plain) and plain[0].intent == "help"
        if chat == "greet" and asks_help and plain[0].confidence >= OUT_OF_SCOPE_BELOW:
            return plain
        # "morning all", "logging off, see ya", "never mind, sorted it": only social words.
        return None if chat is None else [Reading(chat, CHAT_CONFIDENCE), *plain]

    def _best_at_a_feature(
        self, s: Signals, fws: tuple[str, ...], aspect: str | None
    ) -> list[Reading] | None:
        """ "cleanest option for auto-generated openapi?", "best pick when bad payloads must
        never reach business logic": a message opening with a superlative for a feature of
        ours, naming no framework, ours or another, asks which of ours does it best; not the
        best thing of that feature itself ("best python templating engine?": the feature's
        name right after the superlative is what is chosen)."""
        picks = (
            not fws
            and not s.entities.others
            and self._opens_with_a_superlative(s)
            and s.topic_starts.isdisjoint(range(1, CHOSEN_THING_REACH + 1))
            and any(t in self.kb.topics and self.kb.topics[t].feature for t in s.topics)
        )
        return [Reading("best_for", FEATURE_ASKED_CONFIDENCE, (), aspect)] if picks else None

    def _opens_with_a_superlative(self, s: Signals) -> bool:
        """ "best pick for a blog: ...", "cleanest option for ...": a headline asking for the
        best, question mark or not."""
        return bool(s.tokens) and self._is_superlative(s.tokens[0])

    def _is_superlative(self, word: str) -> bool:
        """Whether the word is one of the lexicon's superlatives or formed as one."""
        return word in self._superlative_words or bool(_FORMED_SUPERLATIVE.fullmatch(word))

    def _says_superlative(self, tokens: Sequence[str]) -> bool:
        """Whether the words say "best", "easiest", "friendliest"..., a phrase or a word."""
        return _holds_any(tokens, self._superlative_words) or any(
            _FORMED_SUPERLATIVE.fullmatch(t) for t in tokens
        )

    def _small_talk(
        self, s: Signals, fws: tuple[str, ...], aspect: str | None, plain: list[Reading]
    ) -> list[Reading] | None:
        """A hello or goodbye around words that are not all chat words ("morning folks,
        brought donuts", "ok laptop's at 3% so that's my cue. later"), None for anything
        else: it names nothing of ours, no topic, no word of our domain."""
        if fws or aspect or s.entities.others or s.topics or DOMAIN_WORDS.intersection(s.tokens):
            return None
        if self.chat.intent(s.tokens, self._stray_words(s)) is not None:
            return None  # all chat words: `_social` reads it
        # how the phrases read it once a pick off our domain weighs less
        weighed = self._off_our_domain(s, fws, aspect, plain)
        confident = bool(weighed) and weighed[0].confidence >= OUT_OF_SCOPE_BELOW
        read_as = weighed[0].intent if confident else "out_of_scope"
        if s.is_question or read_as not in _SMALL_TALK:
            return None
        # "alright heading out, will ping u tmrw if the team pushes back", "ok that's my cue.
        # later": a goodbye with more said closes the conversation as thanks does.
        if self.chat.ends_by_goodbye(s.tokens) or (
            read_as == "greet" and self.chat.signs_off(s.tokens)
        ):
            return [Reading("thanks", CHAT_CONFIDENCE)]
        # "gm, got a tricky one for u later": a greeting opening what asks nothing of ours.
        if self.chat.opens_by_greeting(s.tokens):
            return [Reading("greet", CHAT_CONFIDENCE)]
        return None

    def _stray_words(self, s: Signals) -> Callable[[str], bool] | None:
        """What may stand beside chat words without making the message a question: words
        that ask nothing, named nothing here (a framework, an aspect: "thanks for the docs!
        which one is faster?"), and no question opener; nothing when a topic is named."""
        if s.topics:
            return None
        named = {s.tokens[i] for m in s.entities.mentions for i in range(m.start, m.end)}
        return lambda word: (
            word not in named and word not in self.question_openers and self._asks_nothing(word)
        )

    def _asks_nothing(self, word: str) -> bool:
        """Whether no training phrase has the word, in any spelling the synonyms fold, nor
        any fact as a name: it asks nothing the bot answers ("coffee", "knock")."""
        return not (
            self.evidence.knows(word)
            or any(self.evidence.knows(w) for w in self.synonyms.apply((word,)))
            or word in self.names
            or not word.isalpha()
        )

    def _set_aside_at(self, tokens: Sequence[str], start: int) -> bool:
        """Whether a set-aside phrase ends a word or two before `start` ("not just [in]
        form validation", "not only the admin")."""
        return any(
            tuple(tokens[end - len(phrase) : end]) == phrase
            for phrase in self._set_aside
            for end in range(max(0, start - SET_ASIDE_REACH), start + 1)
            if end >= len(phrase)
        )

    def _misread(
        self, s: Signals, fws: tuple[str, ...], aspect: str | None, context: Context
    ) -> Reading:
        """ "i was asking about flask not django": the last question again, on the framework
        meant (not one said with a "not"); with no last question, a complaint to answer."""
        said_not = {
            m.id
            for m in s.entities.mentions
            if m.kind is Kind.FRAMEWORK and denied(s.tokens, m.start, self.negations)
        }
        meant = tuple(f for f in fws if f not in said_not) or fws
        if context.empty or not context.intent:
            return Reading("help", CHAT_CONFIDENCE, meant, aspect)
        if context.intent == "compare":
            # "compare django and fastapi" then "i meant flask not django": flask and fastapi.
            kept = tuple(f for f in (*context.frameworks, *meant) if f not in said_not)
            meant = tuple(dict.fromkeys(kept))
        intent = context.intent if context.intent in FRAMEWORK_INTENTS else "describe"
        if len(meant) >= 2:
            intent = "compare"
        return Reading(intent, FOLLOWUP_CONFIDENCE, meant, aspect or context.aspect)

    def _joins_topics(
        self, tokens: Sequence[str], hits: Sequence[TopicHit], topics: Sequence[str]
    ) -> bool:
        """Whether the first two topics are asked together: only a joining word and function
        words between them ("db access and migrations", "the ORM and the admin"), not one
        inside the other ("async queries" of the ORM) or in another clause ("400 migration
        files now and test db setup crawls"); a topic only a weak word names ("or am i typing
        them out") is not asked beside another."""
        if len(topics) < 2:
            return False
        firsts = [h for h in hits if h.topic == topics[0] and not h.weak]
        seconds = [h for h in hits if h.topic == topics[1] and not h.weak]
        for a, b in itertools.product(firsts, seconds):
            left, right = (a, b) if a.start < b.start else (b, a)
            between = set(tokens[left.start + left.words : right.start])
            joined = between & self.joining_words
            if joined and between - self.function_words <= self.joining_words:
                return True
        return False

    def _works_with_it(self, s: Signals) -> bool:
        """Whether the message names its framework as what is being built ("my flask app"),
        as the owner of a part of it ("the django admin", "django [orm]") or as running
        with a part of the stack ("django under uvicorn"), or asks how to do something
        (with the one it names)."""
        if HOW_TO_FORM in s.forms:
            return True
        project = self.scope.words.project_words
        running_with = self.scope.words.running_with_words
        return any(
            m.kind is Kind.FRAMEWORK
            and m.end < len(s.tokens)
            and (
                s.tokens[m.end] in project
                or {m.start, m.end} & s.topic_starts
                or (s.tokens[m.end] in running_with and m.end + 1 in s.topic_starts)
            )
            for m in s.entities.mentions
        )

    def _version_hits(self, releases: Sequence[Mention]) -> list[TopicHit]:
        """ "Django 6.1", "flask 3", "fastapi v1": a framework named with its version number
        (`releases`) is evidence for the topics about versions (a "v1" alone is as often an
        API's)."""
        return [
            TopicHit(topic.id, m.start, 1)
            for m in releases
            for topic in self.kb.topics.values()
            if topic.version_numbers
        ]

    @staticmethod
    def _named_versions(tokens: Sequence[str], entities: Entities) -> list[Mention]:
        """The mentions of our frameworks followed by a version number."""
        return [
            m
            for m in entities.mentions
            if m.kind is Kind.FRAMEWORK
            and m.end < len(tokens)
            and is_number(tokens[m.end].removeprefix("v"))
            and not _YEAR.fullmatch(tokens[m.end])  # "FastAPI vs Flask (2026)": a year
        ]

    def _one_side_asked(self, s: Signals, fws: tuple[str, ...], plain: list[Reading]) -> str | None:
        """ "upside of the django orm for a team that hand-writes sql?", "what other gotchas
        will we hit with fastapi?": the side of one framework's verdict asked for, named in
        so many words; None when the message asks whether ("does it scale or do you hit a
        wall?", yes or no), weighs one thing against another ("good at vs bad at") or asks
        for a pick."""
        side = _side_asked(s.templated) or self._side_in_phrases(s.tokens)
        if side is None or len(fws) != 1 or not self._only_its_add_ons(s, fws[0]):
            return None
        if self.comparative_words.intersection(s.templated):
            return None
        if plain[0].intent in (side, "recommend", "best_for"):
            return None
        return None if s.templated[0] in self._whether_openers else side

    def _side_in_phrases(self, tokens: Sequence[str]) -> str | None:
        """ "what's the catch with drf's browsable api?", "what is flask genuinely good at":
        a side of the verdict asked in phrases too loose to be the synonyms' words for it
        (which the phrase matcher reads too); None for both or neither."""
        strength = _holds_any(tokens, self._strength_phrases)
        weakness = _holds_any(tokens, self._weakness_phrases)
        if strength == weakness:
            return None
        return "pros" if strength else "cons"

    @staticmethod
    def _what_it_is_used_for(
        s: Signals, fws: tuple[str, ...], plain: list[Reading]
    ) -> list[Reading]:
        """ "whats flask good for, like realistically": one framework, asked what it is good
        or used for, is asked its use cases where the phrases read a description."""
        if len(fws) != 1 or USED_FOR not in s.forms or not plain:
            return plain
        if plain[0].intent != "describe" or s.entities.others:
            return plain
        return [replace(plain[0], intent="use_cases"), *plain[1:]]

    def _best_for_any_case(
        self, s: Signals, fws: tuple[str, ...], aspect: str | None, plain: list[Reading]
    ) -> list[Reading]:
        """ "какой фреймворк лучше всего подходит для API?", "¿qué framework es mejor para una
        API?": which framework is best for a need, asked with no framework named and nothing
        of the asker's own, asks which wins, not what they should pick (the question words of
        other languages are the phrases' words for choosing)."""
        # ("best pick for a blog: posts, comments, rss": a superlative opening asks too)
        opens_best = self._opens_with_a_superlative(s)
        if fws or aspect is None or not (s.is_question or opens_best) or not plain:
            return plain
        if plain[0].intent != "recommend" or OWN_SITUATION in s.forms:
            return plain
        if not _ASKING_FOR_THE_PICK.isdisjoint(s.forms) or not self._asker_words.isdisjoint(
            s.tokens
        ):
            return plain
        if not self._says_superlative(s.tokens):
            return plain
        return [replace(plain[0], intent="best_for"), *plain[1:]]

    def _for_their_own_case(self, s: Signals, plain: list[Reading]) -> list[Reading]:
        """ "team of 3 ex-rails devs ... which python one will feel least alien to us?": which
        wins, asked for the asker's own team or project, asks what they should pick ("best
        for a huge team, like 40 devs" stays a use case)."""
        if not plain or plain[0].intent != "best_for" or OWN_SITUATION not in s.forms:
            return plain
        if self._asker_words.isdisjoint(s.tokens):
            return plain
        return [replace(plain[0], intent="recommend"), *plain[1:]]

    def _one_sided(self, s: Signals, fws: tuple[str, ...], plain: list[Reading]) -> list[Reading]:
        """ "How can we manage roles and permissions using FastAPI?": one framework, no other
        tool, and no word that sets one thing against another ("or", "than", "between",
        "both"): what the phrases read as a comparison asks about that framework. A tool
        used with it is no other side ("will pyright understand flask's request?")."""
        if len(fws) != 1 or any(o not in self.tools for o in s.entities.others):
            return plain
        restating = self._restating_ors(s.tokens)
        words = {word for i, word in enumerate(s.tokens) if i not in restating}
        if words & self.against_words or words & self.comparative_words:
            return plain
        asked_last = any(i >= s.last_clause for i in restating)
        if s.topics and asked_last and plain and plain[0].intent == "out_of_scope":
            # "flask sessions: real server-side storage or just the signed cookie thing?":
            # which of two its facts tell apart, asked in the last sentence, is asked of
            # them, not a how-to.
            return [replace(plain[0], intent="describe"), *plain[1:]]
        return _as_describing(plain)

    def _restating_ors(self, tokens: Sequence[str]) -> set[int]:
        """Where an "or" opens the other half of one yes-or-no question ("has real DI or is
        that just a fancy name for Depends()?", "does flask have it or do i need an
        extension?"): such an "or" sets no two things against each other."""
        return {
            i
            for i, word in enumerate(tokens[:-1])
            if word in self._or_words and tokens[i + 1] in self._restating_openers
        }

    def _says_what_is_asked(self, s: Signals) -> bool:
        """ "compare", "which", "what are the pros?": a word of asking (the synonyms'
        canonical words: "strength", "versus", "choose") or only comparing words; asked
        back, the person says about what."""
        said = set(s.templated)
        return said <= self._only_comparing or not self._asking_words.isdisjoint(said)

    def _caught(self, tokens: Sequence[str], failing: set[int]) -> set[int]:
        """The error words a guarding word governs ("catches my bugs", "prevents errors",
        "fewer bugs"): what the framework stops, not a failure reported."""
        return {
            i for i in failing if not self._guarding.isdisjoint(tokens[max(0, i - GUARD_REACH) : i])
        }

    def _chooses_for_itself(self, s: Signals) -> bool:
        """ "im building a saas mvp solo, need auth + admin fast. django or flask??": a question
        that sets the frameworks named as alternatives ("or") for the asker's own project
        asks which to pick, not how they compare (a statement about one's project, as in a
        pull request, still compares)."""
        # "keep it or move?" asks for a decision, question mark or not; "help me choose",
        # "pick one for me" ask for the pick, whatever situation they give.
        if not _ASKING_FOR_THE_PICK.isdisjoint(s.forms):
            return True
        # A decision to weigh said of the asker's own ("we run 3 flask services ... stay on
        # flask or try fastapi?") is their situation too.
        own = (
            OWN_SITUATION in s.forms
            or (_DECISION_FORM in s.forms and not self._asker_words.isdisjoint(s.tokens))
            or self._tells_of_itself_first(s)
        )
        own_decision = own and (s.is_question or not _WEIGHING_FORMS.isdisjoint(s.forms))
        return own_decision and _holds_any(s.tokens, self._or_words)

    def _tells_of_itself_first(self, s: Signals) -> bool:
        """ "we ship a service inside an appliance, it has to be boring. flask or fastapi for
        us?": a sentence about the asker ("we", "our", "my", or who they are: "3rd-year cs
        student") before the one that sets things against each other with "or" tells their
        situation. An "or" that restates ("is he right or just hyped") or one beside a
        weighing word ("does flask or fastapi work better") asks no pick."""
        restating = self._restating_ors(s.tokens)
        ors = [i for i, t in enumerate(s.tokens) if t in self._or_words and i not in restating]
        if not ors:
            return False
        start = max((c for c in s.clause_starts if c <= ors[-1]), default=0)
        end = min((c for c in s.clause_starts if c > ors[-1]), default=len(s.tokens))
        return (
            start > 0
            and self._weighing.isdisjoint(s.tokens[start:end])
            and (
                not self._asker_words.isdisjoint(s.tokens[:start])
                or self._describes_the_asker(s.tokens[:start])
            )
        )

    def _describes_the_asker(self, tokens: Sequence[str]) -> bool:
        """ "3rd-year cs student, internship apps open in feb": who the asker is, with no
        pronoun; "for a total beginner" names someone else."""
        return any(
            word in self._role_words
            and self._setting_passed_over.isdisjoint(tokens[max(0, i - ROLE_REACH) : i])
            for i, word in enumerate(tokens)
        )

    @staticmethod
    def _sets_aspects_against_each_other(s: Signals) -> bool:
        """Whether two things an aspect's words name stand either side of "or"/"vs"."""
        return any(a == _ASPECT_SLOT == b for a, b in _set_against_each_other(s.templated))

    def _compares_strangers(self, s: Signals) -> bool:
        """Whether the message sets two words against each other ("kivy vs tkinter", "uv vs
        conda") of which one or both no training phrase or fact name of ours knows, neither a
        function word, a number nor a thing of ours (a framework, aspect or other tool named):
        other tools, not ours."""
        return any(
            not (self._known(a) and self._known(b))
            and self.function_words.isdisjoint((a, b))
            and _SLOT_WORDS.isdisjoint((a, b))
            and not (a.isdigit() or b.isdigit())
            for a, b in _set_against_each_other(s.templated)
        )

    def _others_only(
        self, s: Signals, aspect: str | None, plain: list[Reading]
    ) -> list[Reading] | None:
        """The readings of a message naming other frameworks or tools and none of ours: out
        of scope, unless it asks for a framework past them; a pick then, when it asks for
        one ("porting a node/express backend to python ... what would u pick": among ours,
        the others being where the asker comes from). None to read it further."""
        if not self._asks_for_a_framework_past(s, plain):
            return [Reading("out_of_scope", 0.9, (), aspect)]
        if ASKS_PICK in s.forms:
            return [Reading("recommend", FEATURE_ASKED_CONFIDENCE, (), aspect), *plain]
        return None

    def _only_where_they_come_from(self, s: Signals) -> bool:
        """Whether every other framework named is named as what the asker comes from: right
        after "coming from", "used to" (`known_from_phrases`), or in a list that follows one
        ("coming from node/express")."""
        others = sorted(
            (m for m in s.entities.mentions if m.kind is Kind.OTHER), key=lambda m: m.start
        )
        listed_until = -1
        for mention in others:
            before = " ".join(s.tokens[max(0, mention.start - 2) : mention.start])
            in_the_list = mention.start == listed_until or (
                mention.start == listed_until + 1 and s.tokens[listed_until] in self.joining_words
            )
            if before not in self._known_from and not in_the_list:
                return False
            listed_until = mention.end
        return bool(others)

    def _asks_for_a_framework_past(self, s: Signals, plain: Sequence[Reading]) -> bool:
        """Whether a message naming other frameworks or tools asks which framework to use
        with them only setting the scene: the model it serves ("a trained sklearn model ...
        which framework is the best fit?"), the stack a team comes from ("coming from
        node/express ... which framework?"), the tools a person knows when it asks for a
        pick for a web thing ("know pandas/sklearn, need an api ... what do i use?": tools,
        not web frameworks, cannot be the pick). Not when it sets them against something
        ("express or koa?", "which framework beats express?"): then they are the options."""
        words = s.templated
        asks_a_pick = bool(plain) and plain[0].intent in ("recommend", "best_for")
        only_tools = all(o in self.tools for o in s.entities.others)
        needs_the_web = not self.scope.words.web_need_words.isdisjoint(s.tokens)
        # "which of the three has the best testing story? pytest friendly": among ours.
        among_ours = AMONG_THEM in s.forms and only_tools
        if not (
            self._asks_which_framework(words)
            or among_ours
            or (asks_a_pick and only_tools and needs_the_web)
            # "we're a laravel shop moving to python ... what do u suggest": the pick asked
            # for in Python, or for a web thing beside tools that can't be the pick
            or (ASKS_PICK in s.forms and ("python" in s.tokens or (only_tools and needs_the_web)))
            # "3 backend devs coming from node/express ... what would u pick": where they
            # come from is no option
            or (ASKS_PICK in s.forms and self._only_where_they_come_from(s))
        ):
            return False
        return not any(
            word == _OTHER_SLOT and _SET_AGAINST.intersection(words[max(0, i - 2) : i + 3])
            for i, word in enumerate(words)
        )

    def _asks_which_framework(self, words: Sequence[str]) -> bool:
        """ "which framework ...", "what python framework ...": a framework is what is asked
        for (a word or two may come between)."""
        framework_words = self.scope.words.framework_words
        return any(
            word in _WHICH_WORDS
            and framework_words.intersection(words[i + 1 : i + 2 + WHICH_REACH])
            for i, word in enumerate(words)
        )

    def _known(self, word: str) -> bool:
        return (
            self.evidence.knows(word)
            or word in self.names
            or word in self.function_words
            or not word.isalpha()
        )

    def content_words(self, u: Understanding) -> tuple[str, ...]:
        """What a message is about, without how it is asked: its words that are not function
        words, asking words, negations or framework names ("what does OAuth2PasswordBearer
        do in fastapi": "oauth2passwordbearer"; "since flask can't do async": "since",
        "async", not "cant")."""
        return self._content_words(u.text)

    # One message's answer asks for them up to three times (ordering, retrieval, refusal).
    @functools.lru_cache(maxsize=8)  # noqa: B019 - one understander per process, kept for its life
    def _content_words(self, text: str) -> tuple[str, ...]:
        tokens = tuple(text.split())
        named = self.extractor.extract(tokens).framework_positions()
        how_asked = self.how_asked
        # A word of how it is asked still owns the version after it ("does starlette still
        # support python 3.10?" asks about Python 3.10, not a Starlette 3.10).
        versioned = {i - 1 for i, t in enumerate(tokens) if "." in t and is_number(t)}
        return tuple(
            t
            for i, t in enumerate(tokens)
            if i not in named and (t not in how_asked or i in versioned)
        )

    def off_topic_evidence(self, words: Sequence[str]) -> float:
        """How likely these words are an out-of-scope question's, by the word evidence of
        the training phrases ("reverse", "linked", "list": a programming exercise)."""
        return self.evidence.probabilities(words).get("out_of_scope", 0.0)

    def asks_yes_or_no(self, u: Understanding) -> bool:
        """Whether a question can be answered yes or no: not one opening with "which",
        "what", "since" ... ("since which django version are datetimes aware by default?")."""
        words = u.text.split()
        return not (words and words[0] in self._open_question_words)

    def asks_whether(self, u: Understanding) -> bool:
        """Whether the message opens as a question answered yes or no ("does flask come with
        an orm?", "is django dying?"), not a statement ("flask can't do async") nor a
        question on what, how or why."""
        words = u.text.split()
        return bool(words) and words[0] in self._whether_openers

    def asks_to_choose(self, u: Understanding) -> bool:
        """Whether a message asks which to choose ("which one?", "what should we use?"), and
        not which of something a topic covers ("which python version should we standardize
        on so current django, flask and fastapi all work?": a version, not a framework)."""
        return self._asks_to_choose_in(u.text.split())

    def _asks_to_choose_in(self, tokens: Sequence[str]) -> bool:
        if not self.scope.words.choosing_words.intersection(tokens):
            return False
        asked = next((i for i, t in enumerate(tokens) if t in _WHICH_WORDS), None)
        if asked is None:
            return True
        if self._asks_which_framework(tokens):
            return True  # "which python framework ...": a framework, whatever a topic reads
        # The thing asked for follows "which" (a word or two may come between: "which
        # exact python version").
        return not any(
            asked <= hit.start <= asked + WHICH_REACH for hit in self.topics.hits(tokens)
        )

    def _asks_more(self, s: Signals) -> bool:
        """Whether the message asks only for more: "more", "what else?", "tell me more"."""
        return self._asks_only(s, self.more_asking, self.more_words)

    @staticmethod
    def _more_of(s: Signals, context: Context) -> Understanding:
        """ "more" after a topic or aspect answer asks for the next facts on it; with nothing
        asked before, it asks what the bot can do."""
        if context.asked is None:
            return Understanding(intent="help", confidence=CHAT_CONFIDENCE, text=s.text)
        return Understanding(
            intent=context.intent or "describe",
            confidence=FOLLOWUP_CONFIDENCE,
            frameworks=context.frameworks,
            aspect=context.aspect,
            text=s.text,
            from_context=True,
            wants_more=True,
        )

    def _asks_why(self, s: Signals) -> bool:
        """Whether the message asks only for a reason: "why?", "how come?", "why is that?"."""
        return self._asks_only(s, self.reason_asking, self.reason_words)

    def _asks_only(self, s: Signals, asking: frozenset[str], allowed: frozenset[str]) -> bool:
        """Whether the message has one of the `asking` words and, function words aside, no
        word outside `allowed`."""
        words = set(s.tokens)
        return bool(words & asking) and words - self.function_words <= allowed

    def _direction(self, s: Signals) -> str | None:
        """ "cons" for a message leaving its framework, "pros" for one settling on it."""
        text = s.templated_text
        if self._leaving.search(text):
            return "cons"
        if self._settling.search(text):
            return "pros"
        return None

    def _tone_of(self, s: Signals) -> str | None:
        """ "pros" for praise, "cons" for criticism, None for neither (see `_tone`)."""
        return _tone(
            s,
            self.contrast_words,
            (self.good_qualities, self.bad_qualities),
            self.comparative_words,
            concessive=self.concessive_words,
            reversing=self.reversing_words,
            excess=self.excess_words,
            degree=self.degree_words,
        )

    def _between_ours(self, s: Signals, fws: tuple[str, ...], aspect: str | None) -> str:
        """The intent of a message naming two or more of ours: a comparison, unless it
        asks for the pick for its own project, the best of all for a need, or whether one
        has what another is known for."""
        chooses = self._chooses_for_itself(s)
        if s.topics and self._likens_one_to_the_other(s) and not chooses:
            # "does fastapi have anything like the django admin?", "what's the fastapi
            # equivalent of url_for?": whether one has what the other is known for.
            return "describe"
        if chooses:
            return "recommend"
        if self._asks_of_one_about_the_other(s, fws):
            return "describe"
        return "best_for" if self._best_of_all_for(s, fws, aspect) else "compare"

    def _asks_of_one_about_the_other(self, s: Signals, fws: tuple[str, ...]) -> bool:
        """ "was fastapi built on top of flask?", "does fastapi use flask under the hood?": a
        yes-or-no question on the one it opens with, the other only its object, nothing set
        against anything (no "or", "than", "faster", "best", "as easy as")."""
        if len(fws) != 2 or not s.is_question or s.tokens[0] not in self._whether_openers:
            return False
        if s.templated.count("xfw") != len(fws) or "xfw" not in s.templated[1:3]:
            return False  # each named once, the first its subject
        setting_against = (
            self.against_words | self.comparative_words | self._weighing | self._superlative_words
        )
        # ("is flask just as easy as django?": "as ... as" sets them side by side too)
        likens = s.tokens.count("as") >= EQUATIVE_AS
        return (
            setting_against.isdisjoint(s.tokens)
            and not self._says_superlative(s.tokens)
            and "versus" not in s.templated
            and not likens
        )

    def _best_of_all_for(self, s: Signals, fws: tuple[str, ...], aspect: str | None) -> bool:
        """ "for a beginner, which is easiest: django, flask or fastapi?": all of ours named,
        one to be picked for a need, asked (a question, or "which" in it) with a superlative
        ("FastAPI is the best thing for APIs; Flask and Django feel heavy" states a view,
        comparing them)."""
        return (
            len(fws) == len(self.kb.frameworks)
            and aspect is not None
            and (
                s.is_question
                or not _WHICH_WORDS.isdisjoint(s.tokens)
                or self._opens_with_a_superlative(s)  # "best pick among ..."
            )
            and self._says_superlative(s.tokens)
        )

    def _likens_one_to_the_other(self, s: Signals) -> bool:
        """Whether the message asks if one framework has what another is known for, the
        yardstick named right after the likening cue or just before it ("anything like the
        django admin", "algo como el admin de django", "the flask equivalent"), not a thing
        of its own ("an equivalent of this package for flask")."""
        if LIKENED not in s.forms or not s.is_question or "versus" in s.templated:
            # ("hard to find a package like flask-jwt-extended": a statement; "flask-admin vs
            # django admin": set side by side)
            return False
        named = s.entities.framework_positions()
        return any(
            word in self._likened_words
            and (i - 1 in named or self._likened_thing_after(s, i, named))
            for i, word in enumerate(s.tokens)
        )

    def _likened_thing_after(self, s: Signals, cue: int, named: set[int]) -> bool:
        """Whether a framework's thing follows the likening cue: the framework within reach
        and a topic between them or right after it ("something like the django admin",
        "algo como el admin de django"), or a thing said before pointed back to ("anything
        like that for flask", "an admin like the django one"); the framework alone is an
        example given ("over something like Flask", "something like FastAPI would support
        threads")."""
        within_reach = [at for at in named if cue < at <= cue + LIKENED_REACH]
        if within_reach and s.tokens[cue + 1] in self._pointing_back:
            return True
        # "an admin panel like the django one", "an admin panel like django's": the thing
        # said just before, in the other's make.
        if any(
            at + 1 < len(s.tokens) and s.tokens[at + 1] in self._standing_in for at in within_reach
        ):
            return True
        if (
            s.is_question
            and "versus" not in s.templated
            and within_reach
            and within_reach[0] == cue + 1
            and not s.topic_starts.isdisjoint(range(max(0, cue - LIKENED_REACH), cue))
        ):
            return True
        return any(not s.topic_starts.isdisjoint(range(cue + 1, at + 2)) for at in within_reach)

    def _asked_of(self, s: Signals, fws: tuple[str, ...]) -> str | None:
        """Of two or three of ours named in a question on a topic, the one it asks about when
        it names the others as the ones known: "in flask i call abort(403), what's the django
        way?", "the fastapi equivalent of g", "coming from django, how do flask apps split
        routes?" (flask). A move to one ("rewriting in fastapi") is no cue: it is as often a
        choice still to make, unless it is the setting of a question after it that speaks
        of no move (`_settled_move`: "moving to django: is each request one transaction?").
        None when the cues disagree ("a django shop: switch to fastapi or is there a django
        way?"), the message weighs the two ("is flask easier?") or its last sentence weighs a
        move naming both."""
        if len(fws) < 2 or not s.topics or not self._weighing.isdisjoint(s.tokens):
            return None
        if (
            _DECISION_FORM in s.forms
            and len({m.id for m in _ours_in_the_last_clause(s) if m.id in fws}) > 1
        ):
            # "a flask shop ... stay on flask + extensions or is this the time to use django":
            # a move its last sentence weighs, not a question on one of them.
            return None
        asked: set[str] = set()
        in_question = _ours_in_the_last_question(s) is not None
        # ("django has get_object_or_404, flask-sqlalchemy has get_or_404. what's the fastapi
        # idiom?": of three, only the last question's own tells)
        for mention in s.entities.mentions if len(fws) == 2 else ():
            # The name itself: "manage.py equivalent" likens a thing of Django's.
            if (
                mention.kind is not Kind.FRAMEWORK
                or mention.id not in fws
                or s.tokens[mention.start : mention.end] != (mention.id,)
            ):
                continue
            after = s.tokens[mention.end] if mention.end < len(s.tokens) else ""
            two_before = s.tokens[max(0, mention.start - 2) : mention.start]
            before = " ".join(two_before)
            other = fws[1] if mention.id == fws[0] else fws[0]
            # "the equivalent in django", "how do i do that in fastapi"
            toward = (
                len(two_before) == 2
                and two_before[1] in self._toward_words
                and (two_before[0] in self._asked_of_words or two_before[0] in self._pointing_back)
            )
            if after in self._asked_of_words or toward:
                asked.add(mention.id)
            elif after in self._knower_words and in_question and mention.start >= s.last_clause:
                # "what do flask people normally use?": the people asked about, not the asker
                continue
            elif after in self._knower_words or before in self._known_from:
                asked.add(other)
            elif before in self._moving_to and self._settled_move(s, mention, fws):
                asked.add(mention.id)
        if not asked:
            asked.update(self._asked_in_the_last_clause(s, fws))
        return asked.pop() if len(asked) == 1 else None

    def _how_it_is_put(
        self,
        norm: NormalizedText,
        topic_hits: Sequence[TopicHit],
        topics: Sequence[str],
        entities: Entities,
        templated: Sequence[str],
    ) -> tuple[str, ...]:
        """The forms read from how a message is built rather than its phrases: two topics
        asked together (`JOINED_TOPICS`), a choice of two ways inside the one framework
        named (`CHOICE_INSIDE`)."""
        put: list[str] = []
        if self._joins_topics(norm.tokens, topic_hits, topics):
            put.append(JOINED_TOPICS)
        if len(entities.frameworks) == 1 and _chooses_inside(templated):
            put.append(CHOICE_INSIDE)
        return tuple(put)

    def _settled_move(self, s: Signals, mention: Mention, fws: tuple[str, ...]) -> bool:
        """Whether a move to one of ours, in a clause before the message's last, is the
        setting of a question after it, not a move to weigh: what follows asks, names no
        other of ours and speaks of no move ("moving to django: is each request one db
        transaction by default? if not can we get that?")."""
        if not s.ends_asking:
            return False
        after = [i for i in sorted(s.clause_starts) if i > mention.start]
        if not after:
            return False
        rest = s.tokens[after[0] :]
        others_named = any(
            m.kind is Kind.FRAMEWORK and m.id in fws and m.id != mention.id and m.start >= after[0]
            for m in s.entities.mentions
        )
        # ("that means rewriting in fastapi. is switching frameworks really required?")
        return (
            not others_named
            and self._moving_verbs.isdisjoint(rest)
            and _DECISION_FORM not in self.forms.forms_of(rest)
        )

    def _asked_in_the_last_clause(self, s: Signals, fws: tuple[str, ...]) -> set[str]:
        """ "in django i put tables in models.py. in flask i see nothing like that. what do
        flask people use?": a question whose last sentence names only one of ours, the other
        named only before it, asks about that one; the rest is what the asker knows or has
        heard. Nothing when the one it names is the yardstick of a likening ("whats the
        equivalent of flask's teardown_request") or a pronoun there may stand for the other
        ("so flask extensions should work with it?"; not when the one named is the subject
        the question opens with); two of ours set against each other there are two named in
        it."""
        named_last = [m for m in _ours_in_the_last_question(s) or () if m.id in fws]
        if len({m.id for m in named_last}) != 1:
            return set()
        # ("does fastapi have a story for templated html, or is that out of scope for it?":
        # the pronoun stands for the subject the question opens with)
        subject = named_last[0].start == s.last_clause + 1 and (
            s.tokens[s.last_clause] in self._whether_openers
        )
        if not subject and not self._referring_words.isdisjoint(s.tokens[s.last_clause :]):
            return set()
        # ("in fastapi, where do rules like max length go?": "like" gives examples; only
        # right before the name does it liken to it)
        last = s.tokens[s.last_clause :]
        likened = not (self._likened_words - self._likening_words).isdisjoint(last) or any(
            not self._likening_words.isdisjoint(s.tokens[max(0, m.start - 2) : m.start])
            for m in named_last
        )
        return set() if likened else {named_last[0].id}

    def _only_its_add_ons(self, s: Signals, framework_id: str) -> bool:
        """Whether every other thing the message names is a tool or an add-on built on this
        framework ("drf downsides?" asks of Django's side, DRF being Django's)."""
        return all(
            o in self.tools or self.scope.builds_on.get(o) == framework_id
            for o in s.entities.others
        )

    def _asks_for_a_feature(self, s: Signals, fws: tuple[str, ...]) -> bool:
        """Whether one of our frameworks has a feature (of the matrix, or a topic a source
        says it has or lacks), in the words of a feature question ("built in", "comes with",
        "roll my own"), or what it does by default, question mark or not; a tool named beside
        it is the add-on asked about ("built in or do I need celery?"), and so is an add-on
        built on it ("drf has jwt auth built in or is simplejwt mandatory": DRF's is Django's)."""
        return (
            len(fws) == 1
            and self._only_its_add_ons(s, fws[0])
            and (
                FEATURE_ASKED in s.forms
                or BEHAVIOUR_ASKED in s.forms
                or self._asks_what_it_can_do(s)
            )
            and any(
                self.kb.topics[t].feature
                or self.kb.feature(fws[0], t) is not None
                or t in self._topics_with_facts.get(fws[0], ())
                for t in s.topics
                if t in self.kb.topics
            )
        )

    def _asks_what_it_can_do(self, s: Signals) -> bool:
        """ "can django's orm use two databases at once?", "can a flask view stream tokens?",
        "fapi: can a websocket route use Depends()?", "does flask have an api reference?": a
        question opening (after the name of the framework as its label) on what the framework
        or a part of it can do, does or has, not on what the asker can do with it ("can i use
        django with mongo?" is working with it)."""
        named = [m for m in s.entities.mentions if m.kind is Kind.FRAMEWORK]
        if not (s.is_question and named):
            return False
        labelled = named[0].start == 0 and len(s.tokens) > named[0].end + 1
        opens = named[0].end if labelled else 0
        if named[0].start == 0:
            # "fastapi validation errors — do they include the field's location?": the label
            # names a part of it, up to where the question's clause starts.
            opens = min(
                (c for c in s.clause_starts if named[0].end < c <= named[0].end + LABEL_WORDS),
                default=opens,
            )
        if s.tokens[opens] not in self._can_words:
            return False
        subject = s.tokens[opens + 1 : opens + 3]
        return self._asker_words.isdisjoint(subject) and (
            labelled or any(0 < m.start <= 2 for m in named)
        )

    def _about_its_releases(
        self, s: Signals, fws: tuple[str, ...], plain: list[Reading]
    ) -> list[Reading]:
        """ "Which Django release is LTS?", "upgrade from Django 5.2 to 6.0": the framework's
        own releases, support or popularity are never a question about working with it, nor
        a comparison with another framework, whatever the phrasing; a topic reading leads."""
        about_releases = bool(s.topics) and self.kb.topics[s.topics[0]].dated
        # "ok to move to django 6.1?": a version of the one framework named is no choice
        # between frameworks either, whatever the topic.
        versioned = len(fws) == 1 and s.names_a_release
        if not (fws and (about_releases or versioned) and plain):
            return plain
        versions_compared = len(fws) == 1 and plain[0].intent == "compare"
        # "Django 4.2 LTS is not too far off being EOL. Let's move up": the release, not the
        # framework's merits nor a choice of framework.
        # "which django version is lts right now and till when": which release, not what
        # the framework is for.
        # (in any language: "¿cuál es la última versión de django?" -> "choose")
        release_asked = about_releases and (
            not _WHICH_WORDS.isdisjoint(s.tokens) or _CHOOSE_WORD in s.templated
        )
        judged = _JUDGING_INTENTS | ({"use_cases"} if release_asked else set())
        merits_asked = not _MERIT_WORDS.isdisjoint(s.templated)
        if not versioned and (merits_asked or not release_asked):
            # "what are the downsides of fastapi? thinking about the one-maintainer thing":
            # weaknesses asked on a dated topic are still weaknesses; a release named makes
            # them the release's, and so does a question which release it is, with no word
            # of strengths or weaknesses.
            judged = judged - {"pros", "cons"}
        version_judged = (versioned or release_asked) and plain[0].intent in judged
        if plain[0].intent != "out_of_scope" and not (versions_compared or version_judged):
            return plain
        # (every intent has a reading here, so one of the topic intents is among them)
        covered = next(
            r
            for r in plain
            if r.intent in _TOPIC_INTENTS
            and not (versions_compared and r.intent == "compare")
            and not (version_judged and r.intent in judged)
        )
        settled = versions_compared or version_judged
        confidence = RELEASES_COMPARED_CONFIDENCE if settled else plain[0].confidence
        return [replace(covered, confidence=confidence), *plain]

    def _quality_asked(self, s: Signals) -> str | None:
        """ "pros" or "cons" for a why-question about a quality ("why is X so slow?"), or
        for one set above or below all the others ("what does django do better than anything
        else?")."""
        # (asked whether, "is fastapi faster than the others?" asks for the comparison)
        if s.tokens[0] not in self._whether_openers and (side := self._beside_all_others(s.tokens)):
            return side
        if not _REASON_FOR_QUALITY.search(s.templated_text):
            return None
        words = set(s.tokens)
        good, bad = bool(words & self.good_qualities), bool(words & self.bad_qualities)
        if good == bad:
            return None
        return "pros" if good else "cons"

    def _beside_all_others(self, tokens: Sequence[str]) -> str | None:
        """ "pros" for "better than anything else" ("faster than pretty much everything
        else"), "cons" for "worse than every other ...": a comparative, "than", then a word
        for all the others within ALL_OTHERS_REACH words; None otherwise."""
        for i, word in enumerate(tokens[:-2]):
            if tokens[i + 1] != "than" or not (word in self._outdoing or word in self._outdone):
                continue
            if self._all_others.intersection(tokens[i + 2 : i + 2 + ALL_OTHERS_REACH]):
                return "pros" if word in self._outdoing else "cons"
        return None

    def _unread_about_ours(
        self, s: Signals, fws: tuple[str, ...], aspect: str | None, plain: list[Reading]
    ) -> Reading | None:
        """ "FastAPI的学习曲线可能对新手来说相当陡峭": words the phrases don't know are no
        evidence a message is off-topic; one of ours named on an aspect of ours, with no
        error and no other framework but one bound up with it (Starlette under FastAPI), is
        what it says. The best in-scope reading, then."""
        if not (fws and aspect and plain and plain[0].intent == "out_of_scope"):
            return None
        unrelated = [o for o in s.entities.others if self.related.get(o) not in fws]
        if _ERROR_WORD in s.templated or unrelated:
            return None
        unknown = [t for t in s.templated if not self.evidence.knows(t)]
        if len(unknown) <= UNREAD_SHARE * len(s.templated):
            return None
        read = [r for r in plain if r.intent not in ("out_of_scope", *_CHAT_INTENTS)]
        return replace(read[0], confidence=plain[0].confidence) if read else None

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
            if fws or intent not in FRAMEWORK_INTENTS
        ]
        return sorted(readings, key=lambda r: r.confidence, reverse=True)


def _as_describing(readings: list[Reading]) -> list[Reading]:
    """The readings with a comparison read as a description, where the first of the two
    was and as confident as the likelier."""
    merged = [r for r in readings if r.intent in ("compare", "describe")]
    if not any(r.intent == "compare" for r in merged):
        return readings
    best = max(r.confidence for r in merged)
    out: list[Reading] = []
    for reading in readings:
        if reading.intent not in ("compare", "describe"):
            out.append(reading)
        elif reading is merged[0]:
            out.append(replace(reading, intent="describe", confidence=best))
    return out


def _confirms_a_clause(norm: NormalizedText) -> bool:
    """Whether a sentence or clause of the message ends by asking to confirm what it says
    ("fastapi can't serve static files, right? pretty sure i read that somewhere")."""
    ends = sorted(norm.clause_starts)
    starts = [0, *ends]
    return any(
        _CONFIRMATION_TAIL.search(" ".join(norm.tokens[a:b])) is not None
        for a, b in zip(starts, [*ends, len(norm.tokens)], strict=True)
        if b > a
    )
