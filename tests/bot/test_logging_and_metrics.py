from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logging_setup import JsonFormatter, configure_logging
from bot.metrics import Metrics


def test_json_logs_are_one_object_per_line_with_extra_fields() -> None:
    record = logging.LogRecord("fwbot.x", logging.INFO, __file__, 1, "hello %s", ("there",), None)
    record.event_id = "Ev1"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hello there"
    assert entry["level"] == "INFO"
    assert entry["event_id"] == "Ev1"


def test_configure_logging_reads_level_and_format(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    configure_logging({"FWBOT_LOG_FORMAT": "json", "FWBOT_LOG_LEVEL": "warning"})
    logging.getLogger("fwbot.test").info("hidden")
    logging.getLogger("fwbot.test").warning("shown")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [entry["message"] for entry in lines] == ["shown"]
    configure_logging({"FWBOT_LOG_LEVEL": "LOUD"})
    assert logging.getLogger().level == logging.INFO


def test_metrics_count_replies_by_intent() -> None:
    metrics = Metrics()
    metrics.record_reply("compare", 0.001)
    metrics.record_reply("out_of_scope", 0.002)
    metrics.requests.labels(kind="event").inc()
    text = metrics.exposition().decode()
    assert 'fwbot_intents_total{intent="compare"} 1.0' in text
    assert 'fwbot_intents_total{intent="out_of_scope"} 1.0' in text
    assert "fwbot_out_of_scope_total" not in text  # the intent counter has it
    assert "_created" not in text
    assert 'fwbot_requests_total{kind="event"} 1.0' in text
    assert "fwbot_reply_seconds_count 2.0" in text
