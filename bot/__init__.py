"""Answers, conversation state and the transports (console, Slack)."""
