"""The brain: (message, conversation state, knowledge) -> (answer, new state). No I/O."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.answer import Answer, Section, Suggestion
from bot.answers.beliefs import BeliefFinder, BeliefFound
from bot.answers.comparison import (
    RELATIONSHIP_TOPIC,
    compose_best_for,
    compose_comparison,
    compose_one_side,
    facts_naming,
)
from bot.answers.conversation import (
    compose_clarify,
    compose_greeting,
    compose_help,
    compose_missed,
    compose_out_of_scope,
    compose_thanks,
)
from bot.answers.differences import compose_differences, compose_trade_offs
from bot.answers.direct import DirectAnswers
from bot.answers.framework_facts import (
    compose_both_sides,
    compose_description,
    compose_fact_list,
)
from bot.answers.more import LISTS, MORE, Asked, MoreAnswers
from bot.answers.premises import PremiseChecker
from bot.answers.recommendation import (
    compose_note,
    compose_outcome,
    compose_question,
    with_question,
)
from bot.answers.repeats import without_repeats
from bot.answers.retrieval import FactIndex
from bot.answers.wording import joined
from bot.dialogue import Dialogue, DialogueState
from bot.learning.redact import redact
from bot.reply import Reply, build_reply
from bot.state import ConversationState
from intents import Understander, Understanding
from intents.context import Context
from intents.normalize import normalize
from intents.signals import AMONG_THEM
from intents.understand import (
    APPEAL_FORM,
    CHOICE_INSIDE,
    DISPLEASED_FORM,
    FEATURE_ASKED,
    GUIDE_ME,
    HOW_TO_FORM,
    JOINED_TOPICS,
    MISREAD_FORM,
)
from intents.understanding import Reading
from knowledge import Fact, KnowledgeBase

# A question longer than this is not kept for "more" (a pasted log or traceback).
MAX_KEPT_QUESTION = 4000
FACT_INTENTS = frozenset({"describe", "pros", "cons", "use_cases", "compare", "best_for"})
# A decision stated in more words than this is read for its constraints, not for a premise.
LONGEST_PREMISED_DECISION = 40
# Side questions asked mid-dialogue are answered only when the bot is this sure of them.
SIDE_QUESTION_CONFIDENCE = 0.6
# A remark that names none of ours is matched to facts only when most of its words are
# words the facts use; half of them, when it is on topics the facts cover.
KNOWN_WORDS_SHARE = 0.75
KNOWN_WORDS_SHARE_ON_TOPIC = 0.5
MIN_TOPICS_OF_A_REMARK = 2
MIN_CONTENT_WORDS = 2
# From this probability that a message's content words are an off-topic question's (word
# evidence from the out-of-scope phrases), no fact is offered for a message on none of ours.
OFF_TOPIC_EVIDENCE = 0.5
RESTART = Suggestion("Start again", "help me choose")
# An opening message that already answers this many of the guided questions decides it:
# the recommendation comes at once, with a reason per stated constraint, and no quiz.
DECIDED_BY_OPENING = 2
# Facts on what a decided opening message describes, beside the reasons for the pick.
DESCRIBED_FACTS = 2
# Readings whose question on a specific topic gets a direct answer ("which framework
# should I use for WebSockets?" included: the topic decides it, not a quiz).
DIRECT_INTENTS = FACT_INTENTS | {"recommend"}
# Readings that ask which framework: each framework gets its say, named or not.
CHOOSING_INTENTS = frozenset({"compare", "best_for", "recommend"})
# Readings that a question on one of two named, the other being what the asker knows, turns
# into a question on that one.
ASKED_OF_INTENTS = frozenset({"compare", "describe", "recommend"})


@dataclass(frozen=True)
class Turn:
    understanding: Understanding
    answer: Answer
    reply: Reply
    state: ConversationState


# What comes closest to a long question on one of ours that no fact shares half the words
# of: facts sharing this share of their weight, said to be only that.
LOOSE_SHARE = 0.15
# A question with this many words of its own (not how it is put) asks more than what a
# framework is: "is django still actively developed or is it legacy tech now" has four.
SPECIFIC_WORDS = 6


class Brain:
    """Understands a message and composes the answer; holds nothing between calls."""

    def __init__(self, kb: KnowledgeBase, understander: Understander | None = None) -> None:
        self.kb = kb
        self.understander = understander or Understander(kb)
        self.dialogue = Dialogue(kb)
        self.premises = PremiseChecker(kb)
        words = self.understander
        index = FactIndex(
            kb,
            function_words=words.function_words,
            short_forms=words.short_forms,
            kinds_given=words.kinds_given,
            kinds_asked=words.forms.forms_of,
            how_asked=words.how_asked,
            versioned_names=words.versioned_names,
        )
        self.direct = DirectAnswers(kb, index)
        self.more = MoreAnswers(kb, index)
        self._beliefs = BeliefFinder(kb, index, words.negations)
        self._aspect_words = {
            a.id: frozenset(t for w in a.words for t in normalize(w).tokens)
            for a in kb.aspects.values()
        }
        # The texts normalised while building (facts, phrases, topic words) are not read
        # again: the cache is for messages; kept, it would add megabytes to the peak memory
        # of a start that then saves the brain for the next one.
        normalize.cache_clear()

    def handle(
        self, message: str, state: ConversationState | None = None, now: float | None = None
    ) -> Turn:
        """Answer one message. `now` (epoch seconds) decides dialogue expiry; default: the clock.
        With no `state`, the message is one on its own (`fwbot ask`): nothing follows it, so
        no "more" is offered."""
        in_conversation = state is not None
        state = state or ConversationState()
        now = time.time() if now is None else now
        if state.dialogue is not None:
            return self._continue_dialogue(message, state, state.dialogue, now)
        understanding = self.understander.understand(message, state.context)
        if understanding.implied_framework is not None:
            # "return jsonify(response) gives ...": answered for the framework its code is.
            understanding = replace(understanding, frameworks=(understanding.implied_framework,))
        if understanding.wants_more and state.context.asked is not None:
            return self._more(understanding, state, state.context.asked)
        read_as = understanding.intent
        if understanding.intent == "out_of_scope" and self._answerable_how_to(understanding):
            # "How do I run background jobs in Flask?", "how many Gunicorn workers?": working
            # with our frameworks, on a topic the knowledge base covers.
            understanding = replace(understanding, intent="describe")
        if understanding.asked_of is not None and understanding.intent in ASKED_OF_INTENTS:
            # "in flask i call abort(403) when a check fails. what's the django way?", "moving
            # to django templates, where do custom filters live?": a how-to on the one asked
            # about, not a choice or a move to weigh; the other is what the asker knows.
            understanding = replace(
                understanding, frameworks=(understanding.asked_of,), intent="describe"
            )
        # "FastAPI inside our Django project, officially supported?": both at once is no
        # choice between them, however much the message says of its situation.
        together = bool(understanding.topics) and bool(
            self.kb.topics[understanding.topics[0]].between_frameworks
        )
        if (
            "decision" in understanding.forms
            and not understanding.unsure
            and not together
            # "can I switch to a custom user model halfway through?": a move inside one
            # framework (a how-to) or outside what we cover is no choice of framework.
            and read_as != "out_of_scope"
        ):
            # "our team writes Flask today: keep it or move?": weigh what they said at once.
            decided = self._decided(message, understanding, now, understanding.frameworks[:1])
            if decided is not None:
                return self._turn(replace(understanding, intent="recommend"), decided, state)
        # "django, flask or fastapi?" lists every option: it asks "which one?" too.
        every_one = set(understanding.frameworks) == set(self.kb.frameworks)
        which_one = (understanding.intent == "best_for" and not understanding.frameworks) or (
            understanding.intent in ("compare", "recommend") and every_one
        )
        # "3 devs, user accounts and a staff admin, six weeks: flask or django?": a choice
        # between the ones named.
        between = (
            understanding.frameworks
            if understanding.intent in CHOOSING_INTENTS
            and len(understanding.frameworks) >= 2
            and "own_situation" in understanding.forms
            else ()
        )
        # "which of the three has websockets built in?" asks after a feature, not for a pick.
        feature_only = (
            "feature_asked" in understanding.forms and "own_situation" not in understanding.forms
        )
        if (
            (which_one or between)
            and not feature_only
            and not together
            and self.understander.asks_to_choose(understanding)
        ):
            # "async JSON API serving an ML model, team knows type hints, which framework?":
            # a choice whose opening states enough to decide is a recommendation.
            decided = (
                None
                if understanding.unsure
                else self._decided(message, understanding, now, among=() if which_one else between)
            )
            if decided is not None:
                return self._turn(replace(understanding, intent="recommend"), decided, state)
        if understanding.intent == "recommend" and not understanding.unsure:
            guided = GUIDE_ME in understanding.forms
            # "django or fastapi?" with one's situation: a choice between the ones named
            named = understanding.frameworks if len(understanding.frameworks) >= 2 else ()
            # ("django: 3 FK columns or is there a generic way?": two ways with one taken)
            chosen = len(understanding.frameworks) == 1 and (
                not self.understander.asks_to_choose(understanding)
                or CHOICE_INSIDE in understanding.forms
            )
            # "a small internal tool using Django ... my files stopped serving": one taken
            # already is no choice to decide, however much the message says of the project.
            decided = (
                None
                if guided or chosen
                else self._decided(message, understanding, now, among=named)
            )
            if decided is not None:
                return self._turn(understanding, decided, state)
            if not understanding.topics and not chosen:
                return self._start_dialogue(message, state, understanding, now)
            if chosen:
                # "building a blog with django, any tips?": one framework, taken already, and
                # nothing asks which: what its facts say, not the questions for choosing one.
                understanding = replace(understanding, intent="describe")
        if not in_conversation:
            return self._turn(understanding, self.compose(understanding), state)
        return self._pageable_turn(message, understanding, state)

    # --- "more" ------------------------------------------------------------------------------

    def _pageable_turn(self, message: str, u: Understanding, state: ConversationState) -> Turn:
        """A factual answer; on a topic or aspect, with "more" offered when the question
        ranks facts it did not show, and the question kept so that "more" can show them."""
        answer = self.compose(u)
        asked = self._asked(u) if len(message) <= MAX_KEPT_QUESTION else None
        if asked is not None and self.more.has_more(asked, answer):
            answer = replace(answer, suggestions=(MORE, *answer.suggestions))
        turn = self._turn(u, answer, state)
        if asked is None:
            return turn
        # Kept with the conversation's state (and gone when it expires), redacted as a kept
        # question is: "more" needs what was asked, not who asked it.
        context = replace(turn.state.context, asked=redact(message, MAX_KEPT_QUESTION), more=0)
        return replace(turn, state=replace(turn.state, context=context))

    def _asked(self, u: Understanding) -> Asked | None:
        """What a factual answer on a topic, an aspect or a framework's strengths, weaknesses
        or use cases was about, for paging through it."""
        listed = u.intent if u.intent in LISTS and u.frameworks else None
        if u.intent not in FACT_INTENTS or u.unsure or not (u.topics or u.aspect or listed):
            return None
        topic = self.kb.topics.get(u.topics[0]) if u.topics else None
        ranked_on = None if topic is None or topic.feature else u.second_part or topic.aspect
        # The words as the answer ranked them, so its ranking is the one paged through.
        words = tuple(u.text.split())
        return Asked(u.frameworks, u.topics, u.aspect, words, ranked_on, listed)

    def _more(self, u: Understanding, state: ConversationState, message: str) -> Turn:
        """The next page of facts on the question the last answer answered: that question is
        read and answered again as it was (its reading, frameworks and aspect as the context
        kept them) to know which facts it showed."""
        context = state.context
        again = self.understander.understand(message)
        again = replace(
            again,
            intent=context.intent or again.intent,
            frameworks=context.frameworks or again.frameworks,
            aspect=context.aspect,
        )
        asked = self._asked(again)
        if asked is None:
            return self._turn(
                replace(u, intent="help", wants_more=False), compose_help(self.kb), state
            )
        page = context.more + 1
        answer = self.more.page(asked, self.compose(again), page)
        turn = self._turn(replace(u, frameworks=asked.frameworks), answer, state)
        return replace(turn, state=replace(state, context=replace(context, more=page)))

    def _decided(
        self,
        message: str,
        u: Understanding,
        now: float,
        using: tuple[str, ...] = (),
        among: tuple[str, ...] = (),
    ) -> Answer | None:
        """The recommendation at once when the opening message states enough to decide.
        `using`: the framework the person works with today, an answer to any question with
        an option for it ("We know Flask"). The features the message names ("live updates
        over WebSockets") weigh in by how each framework provides them."""
        dialogue = self.dialogue.start(message, now, using)
        needs = tuple(t for t in u.topics if t in self.kb.topics and self.kb.topics[t].feature)
        # Each answer is a constraint stated, and so is each feature needed, unless the
        # message is about one framework ("django i18n - do i need a package?"). A feature
        # named is one constraint, not also the answer its words give ("which of the three
        # has an admin?" is no full website with an admin as well).
        answered = len(dialogue.answers)
        if needs and len(u.frameworks) != 1:
            answered = len(self.dialogue.start(self._without(message, needs), now, using).answers)
        stated = answered + (len(needs) if len(u.frameworks) != 1 else 0)
        if among:
            # Between the ones named, features alone ("websockets in fastapi vs flask: is
            # either built in?") ask how each provides them: the situation must decide it.
            stated = len(dialogue.answers)
        if not dialogue.answers or stated < DECIDED_BY_OPENING:
            return None
        unanswered = tuple(q.id for q in self.kb.questions if q.id not in dialogue.answered())
        done = replace(dialogue, skipped=unanswered, pending=None)
        outcome = self.dialogue.outcome(done, needs, among)
        if outcome.undecided:
            # "API endpoints; ecosystem of packages": one point each way, no recommendation.
            return None
        runner_up = outcome.runner_up
        recommended = compose_outcome(
            self.kb,
            outcome,
            from_opening=True,
            described=self._described(u, outcome.winner),
            runner_up_on_asked=self._on_aspect(u, runner_up) if runner_up else (),
        )
        # "django is still sync-only, so for async we have to switch to fastapi?": the
        # premise is set right before the recommendation weighs the rest (in a long account
        # of a project, words that look like one are its details).
        if len(u.text.split()) > LONGEST_PREMISED_DECISION:
            return recommended
        return self._premises_corrected(recommended, u)

    def _without(self, message: str, topics: Sequence[str]) -> str:
        """The message's words without those naming these topics."""
        tokens = normalize(message).tokens
        naming = {
            i
            for hit in self.understander.topics.hits(tokens)
            if hit.topic in topics
            for i in range(hit.start, hit.start + hit.words)
        }
        return " ".join(t for i, t in enumerate(tokens) if i not in naming)

    def _described(self, u: Understanding, winner: str) -> list[Fact]:
        """The winner's facts on what the message describes beyond the constraints the
        points weigh ("two buyers must never get the same ticket", "staff search and filter
        records"): on its topics, by its words, other than the feature cells already given as
        reasons; else the facts that share most of its words."""
        index = self.direct.index
        said = [c for t in u.topics if (c := self.kb.feature(winner, t)) is not None]
        found = (
            index.relevant_on_topics(
                winner, u.text.split(), u.topics, limit=DESCRIBED_FACTS, exclude=said
            )
            if u.topics
            else []
        )
        if not found:
            words = self.understander.content_words(u)
            found = index.matching_words([winner], words, limit=DESCRIBED_FACTS).get(winner, [])
        # "every record is a pydantic model already", "strict schema validation": what the
        # winner offers on the aspect described.
        return found or self._on_aspect(u, winner)[:DESCRIBED_FACTS]

    def _on_aspect(self, u: Understanding, framework_id: str) -> list[Fact]:
        """A framework's facts on the aspect a message asks about, those nearest its words
        first; none when it names no aspect."""
        if u.aspect is None:
            return []
        on_aspect = self.kb.facts_on(framework_id, u.aspect)
        return self.direct.index.in_word_order(framework_id, u.text.split(), on_aspect)

    def _turn(
        self,
        understanding: Understanding,
        answer: Answer,
        state: ConversationState,
        dialogue: DialogueState | None = None,
    ) -> Turn:
        context = _next_context(state.context, understanding, answer)
        return Turn(
            understanding=understanding,
            answer=answer,
            reply=build_reply(understanding, answer),
            state=replace(state, context=context, dialogue=dialogue),
        )

    # --- the guided recommendation ---------------------------------------------------------

    def _start_dialogue(
        self, message: str, state: ConversationState, u: Understanding, now: float
    ) -> Turn:
        dialogue = self.dialogue.start(message, now)
        intro = "Let's find the right framework for you. A few quick questions."
        answered = len(dialogue.answers)
        if answered:
            intro += f" (You already told me {answered} of them.)"
        return self._dialogue_step(u, state, dialogue, intro)

    def _dialogue_step(
        self,
        u: Understanding,
        state: ConversationState,
        dialogue: DialogueState,
        intro: str | None = None,
    ) -> Turn:
        """Ask the pending question, or conclude with the recommendation."""
        u = replace(u, intent="recommend", unsure=False)
        if dialogue.pending is None:
            outcome = self.dialogue.outcome(dialogue)
            return self._turn(u, compose_outcome(self.kb, outcome), state, None)
        return self._turn(u, self._question(dialogue, intro), state, dialogue)

    def _question(self, dialogue: DialogueState, intro: str | None = None) -> Answer:
        assert dialogue.pending is not None
        order = [q.id for q in self.kb.questions]
        number = order.index(dialogue.pending) + 1
        return compose_question(self.dialogue.question(dialogue.pending), number, len(order), intro)

    def _continue_dialogue(
        self, message: str, state: ConversationState, dialogue: DialogueState, now: float
    ) -> Turn:
        u = Understanding(intent="recommend", confidence=1.0)
        if dialogue.expired(now):
            note = compose_note(
                "Sorry, our questions timed out.",
                "It has been a while, so I let that recommendation go. "
                'Say "help me choose" to start again.',
                (RESTART,),
            )
            return self._turn(replace(u, confidence=0.5), note, state, None)
        command = self.dialogue.control(message)
        if command == "cancel":
            note = compose_note("OK, I stopped the questions.", "Ask me anything else.", (RESTART,))
            return self._turn(u, note, state, None)
        if command == "restart":
            fresh = self.dialogue.start("", now)
            return self._dialogue_step(u, state, fresh, "Starting over.")
        if command == "back":
            return self._dialogue_step(u, state, self.dialogue.back(dialogue, now))
        if command == "skip":
            return self._dialogue_step(u, state, self.dialogue.skip(dialogue, now))
        answered = self.dialogue.answer(dialogue, message, now)
        if answered is not None:
            return self._dialogue_step(u, state, answered)
        return self._side_question(message, state, dialogue, now)

    def _side_question(
        self, message: str, state: ConversationState, dialogue: DialogueState, now: float
    ) -> Turn:
        """Not an answer: answer a real question, then ask the pending question again."""
        side = self.understander.understand(message, state.context)
        pending = self._question(dialogue)
        if side.intent in FACT_INTENTS and side.confidence >= SIDE_QUESTION_CONFIDENCE:
            answer = with_question(self.compose(side), pending)
            return self._turn(side, answer, state, replace(dialogue, updated_at=now))
        retry = replace(pending, title="Sorry, I didn't catch that. " + pending.title)
        u = Understanding(intent="recommend", confidence=side.confidence)
        return self._turn(u, retry, state, replace(dialogue, updated_at=now))

    # --- one-shot answers ---------------------------------------------------------------------

    def compose(self, u: Understanding) -> Answer:
        """The answer for a one-shot understanding, premise corrections included."""
        if u.intent == "pros" and APPEAL_FORM in u.forms:
            # "why do people love fastapi, is it just the swagger docs?": its strengths, the
            # feature named among them, not the feature's own facts.
            u = replace(u, aspect=None, topics=())
        # The framework whose facts speak of the other one asked about, worked out once.
        home = self._relative_home(u) if u.intent in ("describe", "out_of_scope") else None
        if home is not None and not u.frameworks and set(u.topics) - {RELATIONSHIP_TOPIC}:
            # "starlette GZipMiddleware isn't compressing small responses": a topic asked of
            # what one of ours is built on is asked of that one, answered on the topic.
            u, home = replace(u, frameworks=(home,)), None
        if (built_on := self._asked_of_its_foundation(u)) is not None:
            # "plain starlette: anything like flask's context_processor?": a how-to on what
            # one of ours is built on, the other of ours named as the one known, is asked
            # of the one built on it, whose facts cover its foundation.
            u = replace(u, frameworks=(built_on,), asked_of=None)
        # Beliefs are set right in answers on our facts, and turn a reading out of scope
        # that is not a bug report into one; other replies (chat, the quiz) never read them.
        weighs_beliefs = not u.unsure and (
            u.intent in FACT_INTENTS or (u.intent == "out_of_scope" and not u.reports_error)
        )
        beliefs = self._beliefs.found(u.text.split(), u.frameworks) if weighs_beliefs else []
        if beliefs and u.intent == "out_of_scope":
            # "django escapes raw() queries for you": a belief about ours that the facts
            # refute is about ours, whatever else the reading said.
            u = replace(u, intent="describe")
        answer = self._compose(u, home)
        compared = self._compared(u)
        if u.intent == "out_of_scope" and home is None and not u.advert:
            answer = self._out_of_scope_but_close(answer, u, compared)
        if u.intent in FACT_INTENTS and not u.unsure:
            answer = self._premises_corrected(answer, u, beliefs)
            if len(u.frameworks) >= 2 and compared:
                # "Flask vs FastAPI vs Sanic": never drop the one we don't cover silently.
                answer = _noting_uncovered(self.kb, answer, u.frameworks, compared)
        return without_repeats(answer)

    def _out_of_scope_but_close(
        self, refusal: Answer, u: Understanding, compared: Sequence[str]
    ) -> Answer:
        """What the facts say that comes close to a question we can't answer as asked."""
        if not compared:
            # "RuntimeError: Install Flask with the 'async' extra": a problem we can't debug,
            # on a topic the facts cover (or in words they use); what they say may solve it.
            return self._close_to(refusal, u) or refusal
        if not (u.frameworks and u.topics and u.asks):
            return refusal
        # "why not django's own server in production? I come from node/express": a question
        # on a topic of one of ours, naming another in passing, is answered on ours, saying
        # the other is not covered (it was refused for the other).
        close = self._close_to(refusal, u)
        if close is None:
            return refusal
        return _noting_uncovered(self.kb, close, u.frameworks, compared)

    def _asks_beyond_a_description(self, u: Understanding) -> bool:
        """Whether a question on one of ours, on no topic, that the facts' words did not
        answer asks more than its general description: how to do something ("django: need
        the cart count in every page's header, how?"; an aspect one word gave, "enforce a
        permission" security, is no answer to it either) or, on no aspect, many words of
        its own."""
        if u.topics or u.topic or len(u.frameworks) != 1:
            return False
        how_to = HOW_TO_FORM in u.forms
        if u.aspect and not how_to:
            return False
        content = self.understander.content_words(u)
        if not (how_to or len(set(content)) >= SPECIFIC_WORDS):
            return False
        # ("is django MVC? my lead keeps calling it MTV lol": the facts' words answer it.)
        return self.direct.on_words(u.frameworks, content, u.quoted) is None

    def _premises_corrected(
        self, answer: Answer, u: Understanding, beliefs: Sequence[BeliefFound] = ()
    ) -> Answer:
        """The answer with a correction first when the message rests on a wrong premise."""
        if u.from_context:
            # "not what i asked, i wanted async": its words are about the last answer, not a
            # belief about the framework that answer was on.
            return answer
        # A premise is a belief about a framework as it is now: said of a release named
        # ("what is new in django 6.0?", "is django 2.2 dead?") it is about that release.
        as_it_is = tuple(f for f in u.frameworks if f not in u.released)
        return self.premises.correct(
            answer,
            u.text,
            as_it_is,
            u.topics,
            beliefs,
            asked=self.understander.asks_whether(u),
        )

    def _asked_of_its_foundation(self, u: Understanding) -> str | None:
        """The one of ours a how-to asks of by naming what it is built on, when it names
        another of ours besides ("can i get the traceback like flask's debugger in plain
        starlette?": FastAPI); None for a choice between them ("switch from flask to
        starlette?")."""
        if len(u.frameworks) != 1 or not (u.asks and u.topics) or u.intent in CHOOSING_INTENTS:
            return None
        underlies = self.understander.underlies
        built_on = {home for o in u.other_frameworks if (home := underlies.get(o))}
        if len(built_on) != 1:
            return None
        (home,) = built_on
        return home if home not in u.frameworks else None

    def _relative_home(self, u: Understanding) -> str | None:
        """The framework of ours whose facts name the other frameworks asked about, when
        nothing more specific is asked: the one named ("fastapi or starlette?"), or with
        none named, the one they build on or underlie ("what is django ninja?")."""
        # A topic asked of one of ours is answered on that topic; with none of ours named
        # ("starlette 1.0 dropped on_startup?"), the facts naming the other come closest.
        if not u.other_frameworks or (u.topics and u.frameworks):
            return None
        # Tools used with ours ("an angular frontend + starlette api") have no home here.
        tools = self.understander.tools
        homes = {self.understander.related.get(o) for o in u.other_frameworks if o not in tools}
        if len(u.frameworks) == 1:
            home: str | None = u.frameworks[0]
        elif not u.frameworks and len(homes) == 1:
            home = homes.pop()
        else:
            return None
        if home is None or not any(facts_naming(self.kb, home, o) for o in u.other_frameworks):
            return None
        return home

    def _compared(self, u: Understanding) -> list[str]:
        """The other frameworks a message names that are not tools used with ours ("pandas
        crunching in my fastapi endpoint" names none), add-ons to the one it names ("django
        rest framework or django ninja?" is a choice inside Django) nor what that one is
        built on ("Starlette middlewares are FastAPI middlewares"). Tools set against each
        other, with none of ours named and nothing but tools ("Angular vs React vs Vue"), are
        what is compared; a tool beside another framework ("a react spa plus a starlette
        api") is used with it."""
        related = self.understander.related  # what each builds on or underlies
        tools_compared = (
            not u.frameworks
            and len(u.other_frameworks) >= 2
            and all(o in self.understander.tools for o in u.other_frameworks)
        )
        return [
            o
            for o in u.other_frameworks
            if (tools_compared or o not in self.understander.tools)
            and related.get(o) not in u.frameworks
        ]

    def _close_to(self, refusal: Answer, u: Understanding) -> Answer | None:
        """What the facts say on the topic of a question we can't answer as asked, or, with
        no topic, in the words it uses."""
        words_first = only_closest = False
        content = self.understander.content_words(u)
        if not (u.frameworks or u.topics):
            if len(set(content)) < MIN_CONTENT_WORDS:
                # A word or so on none of ours and no topic ("UPDATE!!!", "Any update?", "No
                # problem") is chat or too little to go on, whatever fact has the word.
                return None
            if self.understander.off_topic_evidence(content) >= OFF_TOPIC_EVIDENCE:
                # "how do I reverse a linked list?": words that off-topic questions use
                # ("reverse", "list") are no question on what the facts say, whatever
                # fact has them (Django's reverse() for URLs).
                return None
        if not (u.frameworks or u.asks):
            # A remark on none of ours ("DEFAULT_FILE_STORAGE is deprecated now"): only
            # facts that share most of its words, in words they mostly use, come close.
            share = self.direct.index.known_share(content)
            # One topic word may be a coincidence ("the migrations of birds"); two topics are
            # what the remark is about ("the admin page makes too many queries").
            # Tools used with ours ("No CELERY_BROKER_URL") leave it about our topics.
            others = self._compared(u)
            on_topic = len(u.topics) >= MIN_TOPICS_OF_A_REMARK and not others
            if share < (KNOWN_WORDS_SHARE_ON_TOPIC if on_topic else KNOWN_WORDS_SHARE):
                return None
            if others:
                u = replace(u, topics=())
            # A remark in words the facts mostly use, on one topic ("add some workers in
            # front of uvicorn"), is about that topic unless some fact says the same thing.
            words_first = not on_topic
        close = None
        if words_first or not u.topics:
            close = self.direct.on_words(u.frameworks, content)
            if close is None and len(u.frameworks) == 1 and (u.asks or u.reports_error):
                # "fastapi endpoint needs to let users download a generated PDF ... is there
                # something better?": a long question on one of ours, in words some facts share
                # less than half of, or an error it reports ("AttributeError: 'Flask' object
                # has no attribute 'env'" after an upgrade); the nearest of them, said to be
                # only that (under the note that debugging is not what I do).
                loose = self.direct.on_words(u.frameworks, content, share=LOOSE_SHARE)
                close, only_closest = loose, loose is not None
            on = "what comes closest"
        on_topic_asked = close is None and bool(u.topics)
        if on_topic_asked:
            close = self.direct.on_topic(u.topics, u.frameworks, u.text.split(), how_to=True)
            on = self.kb.topics[u.topics[0]].name
        if close is None or close.gap is not None:
            return None
        how_to_ours = HOW_TO_FORM in u.forms and bool(u.frameworks) and not u.other_frameworks
        if (on_topic_asked or how_to_ours) and not u.reports_error and not only_closest:
            # "What is Flask-Login?", "how do I run a nightly job in Django?", "how do I hide
            # endpoints from the FastAPI docs?": working with a framework, on what its facts
            # cover, is answered as such, without a disclaimer the answer itself disproves.
            return replace(close, suggestions=refusal.suggestions)
        where = joined(self.kb.framework(f).name for f in u.frameworks) or "these frameworks"
        headings: tuple[Section, ...] = (Section(heading=close.title),)
        if close.title.endswith(f": {on}"):
            # "Flask: release cadence and versioning policy" under "... my sources say on
            # release cadence and versioning policy": said once, in the sentence.
            on = f"{on} in {close.title.removesuffix(f': {on}')}"
            headings = ()
        if u.reports_error:
            # Short: the facts after it are the answer (a reply over ~1,200 characters
            # loses its reader; saying only "I can't debug" and what follows answered 6 more
            # probes than a sentence on what I do).
            title = "I can't debug that one"
            text = "But here is what my sources"
        else:
            title = "Not quite what I cover"
            text = (
                f"That's about working with {where} (code, extensions or set-up), which I "
                "cover only in part; here is what my sources"
            )
        said = Section(text=f"{text} say on {on}.")
        return replace(
            close,
            title=title,
            sections=(said, *headings, *close.sections),
            suggestions=refusal.suggestions,
        )

    def _compose(self, u: Understanding, home: str | None) -> Answer:
        words = self.understander.content_words(u)
        if u.aspect is not None:
            # The aspect has chosen the facts; its own words ("APIs") tell none of them
            # apart, unless they name a topic asked too ("websockets" in async).
            # (the topics' word sets taken away one by one, not gathered into a set first:
            # a topic has dozens of words)
            topic_words = self.understander.topics.words_of
            only_aspect = self._aspect_words[u.aspect].difference(
                *(topic_words.get(t, ()) for t in u.topics)
            )
            words = tuple(w for w in words if w not in only_aspect)
        index = self.direct.index
        choosing = u.intent in ("compare", "best_for")

        def focus(framework: str, facts: list[Fact]) -> list[Fact]:
            ordered = index.in_word_order(framework, words, facts)
            if not choosing or not facts:
                return ordered
            # Choosing on an aspect: the list's first fact says where the framework stands
            # on it; the question's words choose the rest.
            return [facts[0], *(f for f in ordered if f is not facts[0])]

        kb = self.kb.focused(focus)
        if u.unsure and u.alternatives:
            return compose_clarify(kb, u.alternatives)
        if home is not None:
            # "starlette is just the old name of fastapi?", "how do fastapi and starlette
            # relate?", "what is django ninja?": what the framework's facts say of the other.
            return compose_one_side(
                kb,
                home,
                u.aspect,
                u.other_frameworks,
                by_words=bool(set(u.topics) - {RELATIONSHIP_TOPIC}),
            )
        direct = self._direct(u)
        if direct is not None:
            return direct
        match u.intent:
            case "greet":
                return compose_greeting(kb)
            case "thanks":
                return compose_thanks(kb, self.understander.chat.closes_by(u.text.split()))
            case "help" if DISPLEASED_FORM in u.forms or MISREAD_FORM in u.forms:
                return compose_missed(kb)
            case "help":
                return compose_help(kb)
            case "describe" if u.frameworks:
                # "who created Django?": more than "what is it?", so a short description.
                short = bool(words) and u.aspect is None and u.topic is None
                described = compose_description(kb, u.frameworks, u.aspect, u.topic, short=short)
                if self._asks_beyond_a_description(u):
                    # "django: invoices need a running number ... how?": the nearest facts,
                    # said to be that, answer it better than what Django is.
                    return self._close_to(described, u) or described
                return described
            case "pros" | "cons" if u.frameworks and "both_sides" in u.forms:
                return compose_both_sides(kb, u.frameworks, u.aspect, u.topic)
            case "pros" | "cons" | "use_cases" if u.frameworks:
                return compose_fact_list(kb, u.intent, u.frameworks, u.aspect, u.topic)
            case "compare" if len(u.frameworks) >= 2 and "trade_offs" in u.forms:
                return compose_trade_offs(kb, u.frameworks)
            case "compare" if len(u.frameworks) >= 2 and u.aspect is None and not u.bare:
                return compose_differences(kb, u.frameworks)
            case "compare" if len(u.frameworks) >= 2:
                return compose_comparison(kb, u.frameworks, u.aspect)
            case "compare" if len(u.frameworks) == 1:
                return compose_one_side(
                    kb,
                    u.frameworks[0],
                    u.aspect,
                    u.other_frameworks,
                    foundations=self.understander.underlies,
                )
            case "compare" | "best_for":
                return compose_best_for(kb, u.aspect, u.frameworks)
            case "describe" | "pros" | "cons" | "use_cases":
                return compose_clarify(kb, _which_framework(kb, u))
            case _ if u.advert:
                # A job advert's frameworks are skills wanted, not what is asked about.
                return compose_out_of_scope(kb)
            case _:
                return compose_out_of_scope(kb, u.other_frameworks, u.frameworks)

    @staticmethod
    def _answerable_how_to(u: Understanding) -> bool:
        """A how-to on a knowledge-base topic, about one of our frameworks or none named ("do
        you suggest 3 Gunicorn workers?": answered for each), not about an add-on
        ("Flask-Login"), another framework or an error."""
        return bool(
            u.asks
            and u.topics
            and not u.via_package
            and not u.other_frameworks
            and not u.reports_error
            and not u.advert
        )

    def _direct(self, u: Understanding) -> Answer | None:
        """The direct answer to a specific question, when the question has one."""
        # Frameworks besides ours that are not bound up with one of them either.
        unrelated = [
            o for o in self._compared(u) if self.understander.related.get(o) not in u.frameworks
        ]
        sets_against = unrelated and (not u.frameworks or u.intent in CHOOSING_INTENTS)
        if u.intent not in DIRECT_INTENTS or (sets_against and len(u.frameworks) < 2):
            # "Flask vs Sanic on speed" is a comparison; "is Starlette, under FastAPI,
            # stable now?" is about FastAPI, and so is "express dev here: does fastapi have
            # middleware?": the other is what the asker knows.
            return None
        if "when_each" in u.forms and (len(u.frameworks) > 1 or not (u.frameworks or u.topics)):
            # "when would you pick each?"; but "how do I run a migration when using
            # SQLModel?" is on its topic, naming no framework to set against another.
            return self.direct.when_each(u.frameworks)
        # "Flask can't handle big apps": answered on the topic the belief is about.
        believed = self.premises.matched(u.text, u.frameworks)
        topics = u.topics or tuple(p.topic for p in believed if p.topic in self.kb.topics)
        how_to = HOW_TO_FORM in u.forms
        if (
            not topics
            and u.intent == "describe"
            and (u.aspect is None or how_to)
            and u.topic is None
        ):
            # "what does OAuth2PasswordBearer do in fastapi?": no topic, aspect or name of ours,
            # but facts that use its words, if any, answer better than a general description
            # (or, asked how to do something, than the facts on an aspect a word gave).
            return self.direct.on_words(u.frameworks, self.understander.content_words(u), u.quoted)
        if topics:
            choosing = u.intent in CHOOSING_INTENTS or AMONG_THEM in u.forms
            return self.direct.on_topic(
                topics,
                u.frameworks,
                u.text.split(),
                u.second_part,
                how_to=how_to,
                choosing=choosing,
                joined=JOINED_TOPICS in u.forms,
                yes_or_no=self.understander.asks_yes_or_no(u),
                asks_feature=FEATURE_ASKED in u.forms,
            )
        return None


def _noting_uncovered(
    kb: KnowledgeBase, answer: Answer, frameworks: Sequence[str], uncovered: Sequence[str]
) -> Answer:
    ours = joined(kb.framework(f).name for f in frameworks)
    note = Section(text=f"I don't cover {joined(uncovered)}, so this is about {ours} only.")
    return replace(answer, sections=(note, *answer.sections))


def _which_framework(kb: KnowledgeBase, u: Understanding) -> tuple[Reading, ...]:
    return tuple(Reading(u.intent, u.confidence, (f,), u.aspect) for f in kb.frameworks)


def _next_context(previous: Context, u: Understanding, answer: Answer) -> Context:
    """Remember what a factual answer was about, and which framework it came out for (the
    guided questions' conclusion too); chat turns keep the old topic."""
    favoured = answer.favoured or answer.recommendation
    if favoured is not None:
        intent = u.intent if u.intent in FACT_INTENTS else "recommend"
        return Context(intent, u.frameworks or (favoured,), u.aspect, favoured=favoured)
    if u.intent in FACT_INTENTS and (u.frameworks or u.aspect) and not u.unsure:
        return Context(intent=u.intent, frameworks=u.frameworks, aspect=u.aspect)
    if u.intent == "out_of_scope":
        return Context()
    return previous
