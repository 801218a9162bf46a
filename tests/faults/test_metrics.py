"""/metrics shows trouble: lost answers, Web API errors, store errors, signature failures,
duplicates, queue depth, ack-to-post latency, process RSS and CPU; no `_created` series."""

from __future__ import annotations

import signal

from tests.faults.helpers import FaultySlack, get, mention, metric, wait_until
from tests.slack.conftest import BotServer


def test_metrics_that_show_trouble(bot: BotServer, slack: FaultySlack) -> None:
    slack.latency["chat.postMessage"] = 1.0  # answers are held while we look
    slack.fail_next("chat.postMessage", 503)
    for n in range(3):
        assert bot.event(mention("what is flask", f"{n}.0"), f"EvM{n}")[0] == 200
    assert bot.event(mention("what is flask", "0.0"), "EvM0")[0] == 200  # redelivered
    assert metric(bot.url, "fwbot_queue_depth") == 3
    assert bot.post("{}", "application/json", secret="wrong")[0] == 401
    wait_until(lambda: metric(bot.url, "fwbot_ack_to_post_seconds_count") == 3)
    status, text = get(f"{bot.url}/metrics")
    assert status == 200
    assert metric(bot.url, "fwbot_queue_depth") == 0
    assert metric(bot.url, "fwbot_duplicates_skipped_total") == 1
    assert metric(bot.url, "fwbot_signature_failures_total") == 1
    assert metric(bot.url, 'fwbot_web_api_errors_total{error="failure",'
                           'method="chat.postMessage"}') == 1  # fmt: skip
    assert metric(bot.url, 'fwbot_ack_to_post_seconds_bucket{le="0.5"}') == 0  # 1 s API
    for zero in ('fwbot_answers_lost_total{reason="gave_up"}',
                 'fwbot_store_errors_total{operation="get"}'):  # fmt: skip
        assert f"{zero} 0.0" in text
    assert metric(bot.url, "process_resident_memory_bytes") > 10_000_000
    assert "process_cpu_seconds_total" in text
    assert "_created" not in text
    assert "fwbot_out_of_scope_total" not in text
    assert 'fwbot_intents_total{intent="describe"} 3.0' in text
    bot.process.send_signal(signal.SIGTERM)
    assert bot.process.wait(timeout=15) == 0
