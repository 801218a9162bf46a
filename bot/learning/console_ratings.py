"""The console's side of learning from use: every reply recorded, and `/good` or `/bad`
rating the previous answer (a reply with intent `feedback`)."""

from __future__ import annotations

from bot.answer import Answer, Section
from bot.conversations import Conversations
from bot.learning.outcome import FEEDBACK_INTENT
from bot.learning.recorder import Learning, Note
from bot.reply import Reply, build_reply
from bot.store import ConversationKey
from intents.understanding import Understanding

RATINGS = {"/good": True, "/bad": False}
# Whoever sits at this console; marks "rated already" (stored only as a one-way mark).
CONSOLE_VOTER = "console"


class ConsoleConversation:
    """One console conversation: context carries from line to line as in Slack."""

    def __init__(
        self, conversations: Conversations, learning: Learning, key: ConversationKey
    ) -> None:
        self.conversations = conversations
        self.learning = learning
        self.key = key
        self._previous: Note | None = None

    def say(self, line: str) -> Reply:
        """The reply to one line: a rating of the previous answer, or the bot's answer."""
        rating = RATINGS.get(line.strip().casefold())
        if rating is not None:
            return self._rate(rating)
        turn = self.conversations.handle(self.key, line)
        note = self.learning.note(turn.understanding, turn.answer, line)
        self.learning.record(note)
        self._previous = note
        return turn.reply

    def _rate(self, up: bool) -> Reply:
        if self._previous is None:
            answer = Answer(
                title="There is no answer to rate yet.",
                sections=(Section(text="Ask me something, then say /good or /bad."),),
            )
        elif not self.learning.rate(self._previous, up, CONSOLE_VOTER):
            answer = Answer(title="You already rated that answer.")
        else:
            answer = compose_thanks_for_rating(up, self.learning.settings.keep_questions)
        return build_reply(Understanding(intent=FEEDBACK_INTENT, confidence=1.0), answer)


def compose_thanks_for_rating(up: bool, keeps_questions: bool) -> Answer:
    if up:
        return Answer(title="Thanks! Glad that helped.")
    kept = (
        "The question is kept, redacted, for the people who maintain my knowledge base."
        if keeps_questions
        else "Its topic is counted (not your words), so the people who maintain my knowledge "
        "base see what to improve."
    )
    return Answer(title="Thanks for telling me.", sections=(Section(text=kept),))
