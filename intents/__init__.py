"""The understanding layer: normalisation, entities, fuzzy intent matching, context."""

from intents.context import Context
from intents.understand import Understander
from intents.understanding import Reading, Understanding

__all__ = ["Context", "Reading", "Understander", "Understanding"]
