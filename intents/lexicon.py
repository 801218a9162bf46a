"""The entity lexicon (`lexicon.yaml`): other frameworks and words that are not ours."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from knowledge.located_yaml import FAST_LOADER


class OtherFramework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: list[str] = Field(min_length=1)
    ambiguous: bool = False
    # The knowledge-base framework this one is built on (Django Ninja on Django): comparing
    # the two is a question inside that framework, not a choice between frameworks.
    builds_on: str | None = None
    # The knowledge-base framework built on this one (Starlette under FastAPI).
    underlies: str | None = None
    # A Python tool that is not a web framework (pandas, pytest): beside one of ours it is
    # what the framework is used with, not a framework it is compared with.
    tool: bool = False


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    other_frameworks: list[OtherFramework]
    not_framework_words: list[str] = Field(default_factory=list)
    # Phrases that contain an entity's word but name nothing ("quick question").
    not_entity_phrases: list[str] = Field(default_factory=list)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    # Capitalised words in the facts that are not names of anything to ask about.
    not_names: list[str] = Field(default_factory=list)
    # Words that carry no topic, left out when facts are ranked by a question's words.
    function_words: list[str] = Field(default_factory=list)
    # Words that turn a sentence ("but"): the tone of what follows them decides.
    contrast_words: list[str] = Field(default_factory=list)
    # The contrast words that concede rather than turn ("although"): praise before them
    # stands.
    concessive_words: list[str] = Field(default_factory=list)
    # Words that only ask for a comparison ("vs", "difference", "better").
    comparison_words: list[str] = Field(default_factory=list)
    # Qualities that praise or criticise ("quick", "slow"): "why is X so slow?" asks about a
    # weakness, "how come X is so quick?" about a strength.
    good_qualities: list[str] = Field(default_factory=list)
    # Words that make a quality a comparison ("both equally easy", "more capable than"),
    # not praise or criticism of one framework.
    comparative_words: list[str] = Field(default_factory=list)
    # Words that set two of our frameworks against each other ("django compared with
    # fastapi", "flask or fastapi"): then nothing between their names says they are used
    # together.
    against_words: list[str] = Field(default_factory=list)
    # Words that liken one framework to another ("auth like django"): between two names
    # they set them apart as `against_words` do; elsewhere ("features like an ORM") not.
    likening_words: list[str] = Field(default_factory=list)
    # The word of a likening cue ("anything like", "the flask equivalent") that sits beside
    # the framework whose feature is the yardstick.
    likened_words: list[str] = Field(default_factory=list)
    # Words right after a likening word that point back to a thing said before ("anything
    # like that for flask?").
    pointing_back_words: list[str] = Field(default_factory=list)
    # Pronouns that may stand for a framework named before ("... work with it?").
    referring_words: list[str] = Field(default_factory=list)
    # After "or", the openers of the other half of one yes-or-no question ("or is it just").
    restating_openers: list[str] = Field(default_factory=list)
    # Looser ways to ask for one side of one framework's verdict ("what's the catch").
    strength_phrases: list[str] = Field(default_factory=list)
    weakness_phrases: list[str] = Field(default_factory=list)
    # Words right after a framework likened to that stand for the thing said before ("an
    # admin panel like the django one").
    standing_in_words: list[str] = Field(default_factory=list)
    # The one of two named a how-to asks about, and the one the asker knows.
    asked_of_words: list[str] = Field(default_factory=list)
    toward_words: list[str] = Field(default_factory=list)
    # Words after which a name that is also an ordinary word is that word ("can't express").
    before_a_verb: list[str] = Field(default_factory=list)
    # Words after a topic that name the setting it is asked in ("CSRF on form posts"), and
    # the words passed over between ("the", "our").
    setting_words: list[str] = Field(default_factory=list)
    setting_passed_over: list[str] = Field(default_factory=list)
    known_from_phrases: list[str] = Field(default_factory=list)
    moving_to_phrases: list[str] = Field(default_factory=list)
    knower_words: list[str] = Field(default_factory=list)
    weighing_words: list[str] = Field(default_factory=list)
    # Words that ask for the one that is most something ("easiest", "一番"): with all of ours
    # named and a need, a question for the best of them, not a comparison.
    superlative_words: list[str] = Field(default_factory=list)
    # Phrases that, right before one of our frameworks, say the person is leaving it
    # ("move away from Flask", "replace Django by a lighter framework") or settling on it
    # ("stick with Flask", "go for Django!").
    leaving_phrases: list[str] = Field(default_factory=list)
    settling_phrases: list[str] = Field(default_factory=list)
    moving_phrases: list[str] = Field(default_factory=list)
    open_targets: list[str] = Field(default_factory=list)
    moving_verbs: list[str] = Field(default_factory=list)
    owning_words: list[str] = Field(default_factory=list)
    asker_words: list[str] = Field(default_factory=list)
    # Who a person is, said of the asker with no pronoun ("3rd-year cs student, ...").
    role_words: list[str] = Field(default_factory=list)
    capability_openers: list[str] = Field(default_factory=list)
    doing_openers: list[str] = Field(default_factory=list)
    outdoing_words: list[str] = Field(default_factory=list)
    outdone_words: list[str] = Field(default_factory=list)
    all_others_words: list[str] = Field(default_factory=list)
    whether_openers: list[str] = Field(default_factory=list)
    symptom_phrases: list[str] = Field(default_factory=list)
    # Phrases that set a topic named right after them aside ("in the database itself, not
    # just in form validation"): what is asked is something else. ("rather than", "instead
    # of" and the like set aside as often what a post is about: left out.)
    set_aside_phrases: list[str] = Field(default_factory=list)
    # First words that make a message a question without its question mark.
    question_openers: list[str] = Field(default_factory=list)
    # Of those, the ones that open a question only as the message's first word ("any
    # thoughts?"); after a full stop they open statements as often ("Any help is welcome").
    first_word_openers: list[str] = Field(default_factory=list)
    # First words of a question that asks for something other than a yes or no ("since which
    # version ...?", "what does ... do?").
    open_question_words: list[str] = Field(default_factory=list)
    bad_qualities: list[str] = Field(default_factory=list)
    # Words right before a quality that turn it around ("fewer headaches", "not slow").
    reversing_words: list[str] = Field(default_factory=list)
    # Words right before a good quality that make it a fault ("too easy", "overly flexible").
    excess_words: list[str] = Field(default_factory=list)
    # Words of degree a reversing word may stand before ("not so great", "not very fast").
    degree_words: list[str] = Field(default_factory=list)
    # Words that say how a question is asked, not what it is about ("explain", "pros"):
    # left out when a question is matched to facts by its words alone.
    asking_words: list[str] = Field(default_factory=list)
    # A message of only these and function words asks for the reason of what was just said
    # ("why?", "how come?", "why is that?"), when one of `reason_asking` is among them.
    reason_asking: list[str] = Field(default_factory=list)
    reason_filler: list[str] = Field(default_factory=list)
    # A message of only these and function words asks for more of the last answer ("more",
    # "what else?", "tell me more"), when one of `more_asking` is among them.
    more_asking: list[str] = Field(default_factory=list)
    more_filler: list[str] = Field(default_factory=list)
    # Words that deny what follows ("does not support async", "no websockets").
    negation_words: list[str] = Field(default_factory=list)
    # Short forms people type and the words the facts use for them ("env": "environment"),
    # so a question's words meet the facts' words.
    short_forms: dict[str, str] = Field(default_factory=dict)
    # Phrases of a fact that advises: what the docs recommend, warn against, or say a thing
    # is (not) meant for. A question asking for advice (the `advice` question form) gets
    # those facts first.
    advice_given: list[str] = Field(default_factory=list)
    # Phrases of a fact that states a date or a length of time ("April 2027", "three
    # years"). A question asking when or how long (the `time` question form) gets those
    # facts first.
    time_given: list[str] = Field(default_factory=list)
    # Words that stop what an error word after them names ("catches bugs", "prevents
    # errors", "fewer bugs"): said of a framework, praise, not a failure reported.
    guarding_words: list[str] = Field(default_factory=list)
    # The words of a fact that states a change between releases (deprecated, removed...).
    change_given: list[str] = Field(default_factory=list)
    default_given: list[str] = Field(default_factory=list)
    latest_given: list[str] = Field(default_factory=list)
    maintained_given: list[str] = Field(default_factory=list)
    # "or" in the languages people ask in ("flask ou django?", "flask oder django?").
    or_words: list[str] = Field(default_factory=list)
    # Words that join two things asked together ("the ORM and migrations").
    joining_words: list[str] = Field(default_factory=list)

    @property
    def builds_on(self) -> dict[str, str]:
        """Each add-on's name and the knowledge-base framework it builds on."""
        return {o.name: o.builds_on for o in self.other_frameworks if o.builds_on}

    @property
    def underlies(self) -> dict[str, str]:
        """Other frameworks by name, with the one of ours built on each ("Starlette": FastAPI)."""
        return {o.name: o.underlies for o in self.other_frameworks if o.underlies}


def load_lexicon(folder: Path | None = None) -> Lexicon:
    """`lexicon.yaml` and `synonyms.yaml` from the intents package (or another folder)."""
    root = folder or Path(str(resources.files("intents")))
    data = yaml.load((root / "lexicon.yaml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
    synonyms_file = root / "synonyms.yaml"
    if synonyms_file.is_file():
        data["synonyms"] = yaml.load(synonyms_file.read_text(encoding="utf-8"), Loader=FAST_LOADER)[
            "synonyms"
        ]
    return Lexicon.model_validate(data)
