"""Answers, conversation state and the transports (console, Slack)."""

import os

# Pydantic looks for plugins in every installed package's entry points the first time it
# builds a validator, several milliseconds of each start-up; the bot uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
