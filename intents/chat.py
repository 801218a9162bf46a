"""Social talk: a message whose every word greets, thanks or signs off.

"morning all", "you're a lifesaver", "logging off, see ya", "never mind, sorted it": none
of them asks anything, so none should be read as a question the bot cannot answer. The word
lists are data (`chat.yaml`); the rule is that nothing else is in the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from intents.normalize import normalize
from intents.phrase_scan import longest_phrases
from knowledge.located_yaml import FAST_LOADER

_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
# Who or where a Slack message points at (<@U123>, <#C1|general>, <!here>): no reaction.
_SLACK_POINTER = re.compile(r"<[@#!][^>]*>")
# Marks that only change how an emoji looks: variation selectors, the zero-width joiner and
# skin tones ("👍🏽" is "👍").
_EMOJI_MODIFIERS = frozenset({"\ufe0e", "\ufe0f", "\u200d", *map(chr, range(0x1F3FB, 0x1F400))})

# How a closing message closes (`ChatReader.closes_by`).
THANKED = "thanked"
BYE = "bye"
ACKNOWLEDGED = "acknowledged"
# A letter typed twice in a row; "heyy" (from "heyyy", see `without_elongation`) is "hey".
_DOUBLED = re.compile(r"(\w)\1")
# Words that ask nothing a chat message may have besides its chat words ("brb coffee").
MAX_STRAY_WORDS = 2
# Phrases run to five words: Japanese and Korean greetings are read one character a word.
MAX_PHRASE_WORDS = 5


class ChatWords(BaseModel):
    """`chat.yaml`: greeting words, closing words (thanking, signing off, or neither), and
    the filler that goes with them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    greeting: tuple[str, ...]
    thanking: tuple[str, ...] = ()
    closing: tuple[str, ...]
    signing_off: tuple[str, ...] = ()
    filler: tuple[str, ...]
    # Who a message hails before it says anything ("hey @fwbot does ...", "yo team, is ...").
    addressing: tuple[str, ...] = ()
    reactions: dict[str, tuple[str, ...]] = Field(default_factory=dict)


def load_chat_words(path: Path | None = None) -> ChatWords:
    path = path or Path(str(resources.files("intents") / "chat.yaml"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    return ChatWords.model_validate(data)


class ChatReader:
    """Tells a social message's intent ("greet" or "thanks"), or None for anything else."""

    def __init__(self, function_words: Collection[str], words: ChatWords | None = None) -> None:
        words = words or load_chat_words()
        self._kind: dict[tuple[str, ...], str] = {}
        for kind, spellings in (("filler", words.filler), ("thanks", words.closing),
                                ("thanks", words.thanking), ("thanks", words.signing_off),
                                ("greet", words.greeting)):  # fmt: skip
            for spelling in spellings:
                tokens = normalize(spelling).tokens
                if tokens:
                    self._kind[tokens] = kind  # a greeting or closing word over filler
        for word in function_words:
            self._kind.setdefault((word,), "filler")
        # How a closing message closes: thanks over a goodbye over an acknowledgement.
        self._addressing = frozenset(words.addressing)
        self._closes_by: dict[tuple[str, ...], str] = {
            tokens: closes
            for closes, spellings in ((BYE, words.signing_off), (THANKED, words.thanking))
            for spelling in spellings
            if (tokens := normalize(spelling).tokens)
        }
        self._reaction = {
            "".join(c for c in mark if c not in _EMOJI_MODIFIERS): kind
            for kind, marks in words.reactions.items()
            for mark in marks
        }

    def reaction(self, message: str) -> str | None:
        """ "thanks" or "greet" for a message of emoji alone ("🙏", ":+1: :tada:"), all of them
        ones that say it, besides whom it mentions; None when anything else is in it."""
        # ("<@U0BOT> 👋👋": the wave is to the bot the message mentions)
        rest = _SHORTCODE.sub(lambda m: f" {m.group(0)} ", _SLACK_POINTER.sub(" ", message))
        marks = [
            mark
            for part in rest.split()
            for mark in ([part] if _SHORTCODE.fullmatch(part) else list(part))
            if mark not in _EMOJI_MODIFIERS
        ]
        kinds = {self._reaction.get(mark) for mark in marks}
        if not marks or None in kinds:
            return None
        return "thanks" if "thanks" in kinds else "greet"

    def _as_known(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """Each word as a chat word knows it: one with a doubled letter that it does not know
        ("heyy", "byee", "thxx") read with the letter once, when that is a chat word."""
        return tuple(
            once
            if (token,) not in self._kind
            and (once := _DOUBLED.sub(r"\1", token)) != token
            and (once,) in self._kind
            else token
            for token in tokens
        )

    def closes_by(self, tokens: Sequence[str]) -> str:
        """How a closing message closes: `THANKED` ("thanks!", "you're a lifesaver"), `BYE`
        ("logging off, see ya") or `ACKNOWLEDGED` ("ok", "hmm"); thanks counts over a
        goodbye ("thanks, bye")."""
        said = {self._closes_by.get(phrase) for _, phrase in self._chat_phrases(tokens)}
        return next((c for c in (THANKED, BYE) if c in said), ACKNOWLEDGED)

    def hails(self, word: str) -> bool:
        """Whether the word alone greets or names who is hailed ("hey", "yo", "folks")."""
        return self._kind.get((word,)) == "greet" or word in self._addressing

    def _chat_phrases(self, tokens: Sequence[str]) -> list[tuple[int, tuple[str, ...]]]:
        """The greeting and closing phrases in the words with where each starts, in order
        (filler left out)."""
        known = self._as_known(tokens)
        found = longest_phrases(known, self._kind.get, MAX_PHRASE_WORDS)
        return [
            (at, tuple(known[at : at + size]))
            for at, size, kind in found
            if kind is not None and kind != "filler"
        ]

    def signs_off(self, tokens: Sequence[str]) -> bool:
        """Whether the words say goodbye and greet nowhere ("alright heading out, will ping u
        tmrw if the team pushes back"), whatever else they say."""
        phrases = [phrase for _, phrase in self._chat_phrases(tokens)]
        return any(self._closes_by.get(p) == BYE for p in phrases) and not any(
            self._kind.get(p) == "greet" for p in phrases
        )

    def ends_by_goodbye(self, tokens: Sequence[str]) -> bool:
        """Whether the last words but filler say goodbye ("ok laptop's at 3% so that's my cue.
        later", "this thread goes in my notes. night all")."""
        phrases = self._chat_phrases(tokens)
        if not phrases:
            return False
        at, last = phrases[-1]
        return self._closes_by.get(last) == BYE and self._only_filler(tokens[at + len(last) :])

    def opens_by_greeting(self, tokens: Sequence[str]) -> bool:
        """Whether the first words greet, with only filler before them ("morning folks,
        brought donuts")."""
        phrases = self._chat_phrases(tokens)
        if not phrases:
            return False
        at, first = phrases[0]
        return self._kind.get(first) == "greet" and self._only_filler(tokens[:at])

    def _only_filler(self, words: Sequence[str]) -> bool:
        """Whether every word goes with chat words without changing what the message is."""
        return all(self._kind.get((word,)) == "filler" for word in self._as_known(words))

    def intent(
        self, tokens: Sequence[str], stray: Callable[[str], bool] | None = None
    ) -> str | None:
        """ "greet" when greeting words are all there is besides filler, "thanks" for closing
        words (a greeting with thanks is thanks too), None when any other word is there but
        up to `MAX_STRAY_WORDS` that `stray`, if given, says ask nothing ("brb coffee",
        "knock knock": words no question of any kind uses)."""
        kinds: set[str] = set()
        known = self._as_known(tokens)
        strays = 0
        for at, size, kind in longest_phrases(known, self._kind.get, MAX_PHRASE_WORDS):
            if kind is None:
                if size == 1 and strays < MAX_STRAY_WORDS and stray and stray(known[at]):
                    strays += 1
                    continue
                return None
            kinds.add(kind)
        if "thanks" in kinds and not (
            "greet" in kinds and self.opens_by_greeting(tokens) and self.closes_by(tokens) == BYE
        ):
            # A greeting opening the message stays one beside a goodbye word, often meant
            # otherwise ("evening from the night shift, got a sec?", "gm, got one for u
            # later"); beside thanks or an acknowledgement ("hi, never mind, sorted it") it
            # closes.
            return "thanks"
        return "greet" if "greet" in kinds else None
