"""Logging from `FWBOT_LOG_LEVEL` and `FWBOT_LOG_FORMAT` (text, or json: one object per line)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime

# Slack's libraries put request bodies and API payloads (people's messages) into INFO and
# DEBUG lines; below DEBUG they say only what went wrong.
_PAYLOAD_LOGGERS = ("slack_bolt", "slack_sdk", "fwbot.slack.bolt")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(environ: Mapping[str, str]) -> None:
    """Configure the root logger; an unknown level falls back to INFO with a warning."""
    handler = logging.StreamHandler(sys.stderr)
    if environ.get("FWBOT_LOG_FORMAT", "text").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    level_name = environ.get("FWBOT_LOG_LEVEL", "INFO").upper()
    level = logging.getLevelNamesMapping().get(level_name)
    root.setLevel(level if level is not None else logging.INFO)
    quiet = logging.NOTSET if level == logging.DEBUG else logging.WARNING
    for name in _PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(quiet)
    if level is None:
        logging.getLogger(__name__).warning("unknown FWBOT_LOG_LEVEL %r, using INFO", level_name)
