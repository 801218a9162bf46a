"""Configuration from environment variables, read and validated in one place."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot.store.factory import StoreConfigError, check_store_spec

_Model = TypeVar("_Model", bound=BaseModel)


class SettingsError(Exception):
    """A missing or malformed variable; the message is one line that names it."""


class _SlackEnvironment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    SLACK_BOT_TOKEN: str
    SLACK_APP_TOKEN: str | None = None
    SLACK_SIGNING_SECRET: str | None = None
    SLACK_API_URL: str | None = None
    FWBOT_STORE: str = "memory"
    FWBOT_RECLAIM_AFTER_SECONDS: float = 15.0
    FWBOT_DRAIN_SECONDS: float = 20.0
    FWBOT_RETRY_SECONDS: float | None = None

    @field_validator("FWBOT_RETRY_SECONDS")
    @classmethod
    def _retry(cls, value: float | None) -> float | None:
        if value is not None and not 0.01 <= value <= 60:
            raise ValueError("must be between 0.01 and 60 seconds")
        return value

    @field_validator("FWBOT_DRAIN_SECONDS")
    @classmethod
    def _drain(cls, value: float) -> float:
        if not 0 <= value <= 600:
            raise ValueError("must be between 0 and 600 seconds")
        return value

    @field_validator("FWBOT_RECLAIM_AFTER_SECONDS")
    @classmethod
    def _reclaim_after(cls, value: float) -> float:
        if not 0.5 <= value <= 3600:
            raise ValueError("must be between 0.5 and 3600 seconds")
        return value

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token(cls, value: str) -> str:
        if not value.startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("SLACK_API_URL")
    @classmethod
    def _api_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        if value is not None and not value.endswith("/"):
            value += "/"
        return value


# Kept questions are a maintainer's to-do list, not an archive.
MAX_KEEP_DAYS = 365


@dataclass(frozen=True)
class LearningSettings:
    """What the bot may keep from use: question text only when allowed, and for how long."""

    keep_questions: bool = False
    keep_days: int = 30


class _LearningEnvironment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    FWBOT_KEEP_QUESTIONS: str = "0"
    FWBOT_KEEP_DAYS: str = "30"

    @field_validator("FWBOT_KEEP_QUESTIONS")
    @classmethod
    def _keep(cls, value: str) -> str:
        if value.strip() not in ("0", "1"):
            raise ValueError("must be 1 (keep redacted questions) or 0 (keep no text)")
        return value.strip()

    @field_validator("FWBOT_KEEP_DAYS")
    @classmethod
    def _days(cls, value: str) -> str:
        if not re.fullmatch(r"[0-9]{1,4}", value.strip()) or not 1 <= int(value) <= MAX_KEEP_DAYS:
            raise ValueError(f"must be a whole number of days from 1 to {MAX_KEEP_DAYS}")
        return value.strip()


def load_learning_settings(environ: Mapping[str, str]) -> LearningSettings:
    """FWBOT_KEEP_QUESTIONS and FWBOT_KEEP_DAYS; raise SettingsError naming a bad one."""
    env = _validated(_LearningEnvironment, environ)
    return LearningSettings(
        keep_questions=env.FWBOT_KEEP_QUESTIONS == "1", keep_days=int(env.FWBOT_KEEP_DAYS)
    )


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    app_token: str | None
    signing_secret: str | None
    api_url: str | None
    store: str
    learning: LearningSettings = field(default_factory=LearningSettings)
    # With a Redis store: how long a replica's unfinished work sits idle before another
    # replica takes it over (a replica working on it refreshes it far more often).
    reclaim_after: float = 15.0
    # On SIGTERM, how long acknowledged work gets to finish (keep it under the grace period).
    drain_seconds: float = 20.0
    # The first delay before trying Slack again (the start-up token check, a Socket Mode
    # connection, posting an answer); later ones double, with jitter, up to each one's cap.
    # None: each keeps its own (1 s for the token check, 0.5 s for the others).
    retry_seconds: float | None = None

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_slack_settings(environ: Mapping[str, str]) -> SlackSettings:
    """Validate the Slack variables; raise SettingsError naming the first bad one."""
    env = _validated(_SlackEnvironment, environ)
    if env.SLACK_APP_TOKEN is None and not env.SLACK_SIGNING_SECRET:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it (or set SLACK_APP_TOKEN "
            "for Socket Mode)"
        )
    try:
        check_store_spec(env.FWBOT_STORE)
    except StoreConfigError as error:
        raise SettingsError(str(error)) from None
    return SlackSettings(
        bot_token=env.SLACK_BOT_TOKEN,
        app_token=env.SLACK_APP_TOKEN,
        signing_secret=env.SLACK_SIGNING_SECRET,
        api_url=env.SLACK_API_URL,
        store=env.FWBOT_STORE,
        learning=load_learning_settings(environ),
        reclaim_after=env.FWBOT_RECLAIM_AFTER_SECONDS,
        drain_seconds=env.FWBOT_DRAIN_SECONDS,
        retry_seconds=env.FWBOT_RETRY_SECONDS,
    )


def _validated(model: type[_Model], environ: Mapping[str, str]) -> _Model:
    """The variables a model names, validated; SettingsError naming the first bad one."""
    values = {k: v for k, v in environ.items() if v != ""}
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "environment"
        if first["type"] == "missing":
            raise SettingsError(f"{name} is not set: export {name}=...") from None
        raise SettingsError(f"{name} {first['msg'].removeprefix('Value error, ')}") from None
