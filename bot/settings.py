"""Configuration from environment variables, read and validated in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot.store.factory import StoreConfigError, check_store_spec


class SettingsError(Exception):
    """A missing or malformed variable; the message is one line that names it."""


class _SlackEnvironment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    SLACK_BOT_TOKEN: str
    SLACK_APP_TOKEN: str | None = None
    SLACK_SIGNING_SECRET: str | None = None
    SLACK_API_URL: str | None = None
    FWBOT_STORE: str = "memory"

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


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    app_token: str | None
    signing_secret: str | None
    api_url: str | None
    store: str

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_slack_settings(environ: Mapping[str, str]) -> SlackSettings:
    """Validate the Slack variables; raise SettingsError naming the first bad one."""
    values = {k: v for k, v in environ.items() if v != ""}
    try:
        env = _SlackEnvironment.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "environment"
        if first["type"] == "missing":
            raise SettingsError(f"{name} is not set: export {name}=...") from None
        raise SettingsError(f"{name} {first['msg'].removeprefix('Value error, ')}") from None
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
    )
