"""Socket Mode under faults: prompt exit on SIGTERM/SIGINT in any state, reconnects with
backoff and jitter (one line per failed attempt, no traceback), /readyz follows the socket,
malformed envelopes acknowledged and ignored."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.slack.socket_mode import RECONNECT_CAP_SECONDS
from tests.faults.helpers import FaultySlack, bot_log, get, metric, wait_until
from tests.redis_server import free_port
from tests.slack.conftest import BOT_TOKEN, start_bot
from tests.slack.fake_slack import BOT_USER_ID


def socket_bot(
    api_port: int, tmp_path: Path, retry_seconds: float = 0.1
) -> tuple[subprocess.Popen[str], str]:
    """`fwbot serve` in Socket Mode; reconnect delays from `retry_seconds`, doubling."""
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": "xapp-test-token",
        "SLACK_API_URL": f"http://127.0.0.1:{api_port}/api/",
        "FWBOT_RETRY_SECONDS": str(retry_seconds),
    }
    port = free_port()
    return start_bot(env, port, tmp_path), f"http://127.0.0.1:{port}"


def attempt_lines(log: str) -> list[tuple[int, float]]:
    """(attempt, next delay) of each 'Socket Mode connection attempt N failed' line."""
    pattern = r"Socket Mode connection attempt (\d+) failed .*; next attempt in ([\d.]+) s"
    return [(int(a), float(d)) for a, d in re.findall(pattern, log)]


@pytest.fixture
def api_port() -> int:
    return free_port()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_disconnected_bot_stops_at_once_on_a_signal(
    api_port: int, tmp_path: Path, sig: signal.Signals
) -> None:
    # Nothing listens on the API port; after the first failure it waits 10-20 s. Stopping
    # within 5 s means the signal cut that wait short, with room for a loaded machine.
    process, url = socket_bot(api_port, tmp_path, retry_seconds=20)
    try:
        wait_until(lambda: attempt_lines(bot_log(tmp_path, url)))
        process.send_signal(sig)
        started = time.monotonic()
        assert process.wait(timeout=15) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in bot_log(tmp_path, url)


def test_failed_attempts_back_off_one_line_each_then_it_connects(
    api_port: int, tmp_path: Path
) -> None:
    process, url = socket_bot(api_port, tmp_path)
    slack = FaultySlack(port=api_port)
    try:
        wait_until(lambda: len(attempt_lines(bot_log(tmp_path, url))) >= 4, what="4 attempts")
        assert get(f"{url}/readyz")[0] == 503
        slack.start()
        assert wait_until(lambda: get(f"{url}/readyz")[0] == 200, seconds=30, what="ready")
        assert slack.connected()
    finally:
        process.terminate()
        process.wait(timeout=15)
        slack.stop()
    log = bot_log(tmp_path, url)
    lines = attempt_lines(log)
    assert [attempt for attempt, _ in lines] == list(range(1, len(lines) + 1))
    # Equal jitter: attempt n waits between half and all of 0.1 s doubled n-1 times. Two
    # neighbours can print the same at a window's edge (%.2f), so each is checked in its own
    # window, give or take the rounding, rather than against the one before.
    for attempt, delay in lines:
        ceiling = min(RECONNECT_CAP_SECONDS, 0.1 * 2 ** (attempt - 1))
        assert ceiling / 2 - 0.005 <= delay <= ceiling + 0.005, (attempt, delay)
    assert "Traceback" not in log


def test_readyz_follows_the_socket_and_a_connected_bot_stops_on_sigterm(
    slack: FaultySlack, tmp_path: Path
) -> None:
    process, url = socket_bot(slack.port, tmp_path)
    try:
        assert wait_until(lambda: get(f"{url}/readyz")[0] == 200, what="ready")
        slack.stop()  # the connection drops
        _, body = wait_until(lambda: (r := get(f"{url}/readyz"))[0] == 503 and r)
        assert body["problems"] == ["Socket Mode is not connected"]
        slack.start()
        assert wait_until(lambda: get(f"{url}/readyz")[0] == 200, seconds=30, what="again")
        slack.send_envelope({"type": "disconnect", "reason": "refresh_requested"})
        wait_until(lambda: len(slack.calls_to("apps.connections.open")) >= 3)
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert process.wait(timeout=10) == 0
        assert time.monotonic() - started < 3
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in bot_log(tmp_path, url)


def envelope(envelope_id: str, kind: str, payload: object) -> dict[str, object]:
    return {"envelope_id": envelope_id, "type": kind, "payload": payload,
            "accepts_response_payload": False}  # fmt: skip


def test_envelopes_are_acknowledged_malformed_ones_ignored_events_answered_once(
    slack: FaultySlack, tmp_path: Path
) -> None:
    process, url = socket_bot(slack.port, tmp_path)
    try:
        wait_until(slack.connected)
        event = {"type": "event_callback", "team_id": "T1", "event_id": "EvSock",
                 "event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "7.0",
                           "text": f"<@{BOT_USER_ID}> what is flask"}}  # fmt: skip
        bad_click = {"type": "block_actions", "user": {"id": 5}, "actions": []}
        for envelope_id, kind, payload in [
            ("e1", "events_api", event),
            ("e2", "events_api", event),  # redelivered
            ("e3", "events_api", {"type": "event_callback"}),
            ("e4", "interactive", bad_click),
            ("e5", "interactive", "not an object"),
        ]:
            slack.send_envelope(envelope(envelope_id, kind, payload))
        wait_until(lambda: set(slack.socket_acks) >= {"e1", "e2", "e3", "e4", "e5"})
        wait_until(lambda: slack.calls_to("chat.postMessage"))
        assert metric(url, "fwbot_duplicates_skipped_total") == 1
        assert len(slack.calls_to("chat.postMessage")) == 1
    finally:
        process.terminate()
        process.wait(timeout=15)
    log = bot_log(tmp_path, url)
    assert len(re.findall("acknowledged and ignored", log)) == 3
    assert "Traceback" not in log
