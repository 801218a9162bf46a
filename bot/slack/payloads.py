"""What Slack sends, checked before anything acts on it: signatures, bodies, payload shapes.

Every check here is pure: the HTTP endpoint and the Socket Mode client call them and decide
what to answer (401, 400, or an acknowledgement that ignores the payload).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl

# Slack's own rule: a request older (or newer) than five minutes is a replay.
MAX_CLOCK_SKEW_SECONDS = 5 * 60

Kind = Literal["event", "interactive", "command", "url_verification", "ssl_check", "other"]


class MalformedError(ValueError):
    """A signed body that can't be used; the message says why, never what it contains."""


@dataclass(frozen=True)
class SlackRequest:
    kind: Kind
    body: dict[str, Any]


def signature_valid(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now: float | None = None,
) -> bool:
    """Slack's v0 HMAC-SHA256 request signature, over the raw bytes, with a fresh timestamp."""
    if not timestamp or not signature:
        return False
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - stamp) > MAX_CLOCK_SKEW_SECONDS:
        return False
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest("v0=" + digest.hexdigest(), signature)


def parse_http_body(body: bytes, content_type: str) -> SlackRequest:
    """A signed HTTP body as Slack sends it: JSON (events, URL verification) or a form
    (slash commands, `payload=` interactivity, SSL checks). Raises MalformedError."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedError("body is not UTF-8") from None
    if content_type == "application/json" or text.startswith("{"):
        return _json_request(_json_object(text, "body"))
    if content_type != "application/x-www-form-urlencoded":
        raise MalformedError(f"unexpected content type {content_type or 'none'}")
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in form:
        payload = _json_object(form["payload"], "payload")
        if not isinstance(payload.get("type"), str):
            raise MalformedError("interactive payload without a type")
        return SlackRequest("interactive", payload)
    if "command" in form:
        return SlackRequest("command", form)
    if "ssl_check" in form:
        return SlackRequest("ssl_check", form)
    raise MalformedError("form is neither a command nor an interactive payload")


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise MalformedError(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedError(f"{what} is JSON but not an object")
    return value


def _json_request(body: dict[str, Any]) -> SlackRequest:
    kind = body.get("type")
    if kind == "event_callback":
        problem = event_problem(body)
        if problem:
            raise MalformedError(problem)
        return SlackRequest("event", body)
    if kind == "url_verification":
        if not isinstance(body.get("challenge"), str):
            raise MalformedError("url_verification without a challenge")
        return SlackRequest("url_verification", body)
    return SlackRequest("other", body)


def event_problem(body: dict[str, Any]) -> str | None:
    """Why an Events API delivery can't be handled, or None when it can."""
    if not isinstance(body.get("event_id"), str) or not body["event_id"]:
        return "event without an event_id"
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return "event without an event object and type"
    for name in ("channel", "user", "text", "ts", "thread_ts", "channel_type", "subtype", "tab"):
        if name in event and event[name] is not None and not isinstance(event[name], str):
            return f"event field {name} is not a string"
    if event["type"] in ("app_mention", "message") and not (
        isinstance(event.get("channel"), str) and isinstance(event.get("ts"), str)
    ):
        return f"{event['type']} event without channel and ts"
    if event["type"] == "app_home_opened" and not isinstance(event.get("user"), str):
        return "app_home_opened event without a user"
    return None


@dataclass(frozen=True)
class Click:
    """One button click from a block_actions payload, with everything answering needs."""

    action_id: str
    value: str
    block_id: str
    user: str
    team: str
    channel: str | None
    response_url: str | None


def parse_click(payload: dict[str, Any]) -> Click | str:
    """The click in a block_actions payload, or why it can't be answered."""
    if payload.get("type") != "block_actions":
        return f"interactive payload of type {str(payload.get('type'))[:40]} is not handled"
    user = _nested_str(payload, "user", "id")
    if user is None:
        return "block_actions without user.id"
    actions = payload.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        return "block_actions without actions"
    action = actions[0]
    fields = {name: action.get(name, "") for name in ("action_id", "value", "block_id")}
    if not all(isinstance(v, str) for v in fields.values()) or not fields["action_id"]:
        return "block_actions action with a missing or non-string action_id, value or block_id"
    response_url = payload.get("response_url")
    if response_url is not None and not isinstance(response_url, str):
        return "block_actions response_url is not a string"
    channel = payload.get("channel")
    channel_id = _nested_str(payload, "channel", "id")
    if channel is not None and channel_id is None:
        return "block_actions channel without a string id"
    team = payload.get("team")
    team_id = _nested_str(payload, "team", "id")
    if team is not None and team_id is None:
        return "block_actions team without a string id"
    return Click(
        action_id=fields["action_id"],
        value=fields["value"],
        block_id=fields["block_id"],
        user=user,
        team=team_id or "-",
        channel=channel_id,
        response_url=response_url or None,
    )


def _nested_str(payload: dict[str, Any], outer: str, inner: str) -> str | None:
    value = payload.get(outer)
    if not isinstance(value, dict):
        return None
    found = value.get(inner)
    return found if isinstance(found, str) and found else None
