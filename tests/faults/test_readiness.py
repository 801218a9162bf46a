"""Start-up token check, /readyz and /healthz: a bot that can't answer is never ready."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.helpers import FaultySlack, bot_log, env_for, get, wait_until
from tests.redis_server import free_port, running_redis
from tests.slack.conftest import start_bot


@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked"])
def test_a_refused_token_stops_start_up_with_one_line(slack: FaultySlack, error: str) -> None:
    slack.auth_error = error
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", str(free_port()), "--host", "127.0.0.1"],
        env={**os.environ, **env_for(slack.api_url)},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"fwbot serve: SLACK_BOT_TOKEN was refused by Slack ({error})")


def test_an_unreachable_web_api_is_retried_with_backoff_and_the_bot_is_not_ready_meanwhile(
    tmp_path: Path,
) -> None:
    port, api_port = free_port(), free_port()
    env = env_for(f"http://127.0.0.1:{api_port}/api/", FWBOT_RETRY_SECONDS="0.1")
    process = start_bot(env, port, tmp_path)
    url = f"http://127.0.0.1:{port}"
    slack = FaultySlack(port=api_port)
    try:
        assert wait_until(lambda: get(f"{url}/healthz")[0] == 200, what="liveness")
        status, body = get(f"{url}/readyz")
        assert status == 503
        assert "SLACK_BOT_TOKEN not verified with auth.test" in body["problems"]
        wait_until(lambda: "auth.test attempt 2 failed" in bot_log(tmp_path, port))
        slack.start()  # Slack is reachable again
        assert wait_until(lambda: get(f"{url}/readyz")[0] == 200, what="ready")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=15)
        slack.stop()
    log = bot_log(tmp_path, port).splitlines()
    failures = [line for line in log if "auth.test attempt" in line]
    assert failures[0].split("auth.test ")[1].startswith("attempt 1 failed")
    assert all("next attempt in" in line for line in failures)
    assert "Traceback" not in bot_log(tmp_path, port)


def test_a_token_refused_after_a_network_failure_stops_the_bot(tmp_path: Path) -> None:
    port, api_port = free_port(), free_port()
    env = env_for(f"http://127.0.0.1:{api_port}/api/", FWBOT_RETRY_SECONDS="0.1")
    process = start_bot(env, port, tmp_path)
    slack = FaultySlack(port=api_port, auth_error="token_revoked")
    try:
        wait_until(lambda: "auth.test attempt 1 failed" in bot_log(tmp_path, port))
        assert get(f"http://127.0.0.1:{port}/readyz")[0] == 503
        slack.start()
        assert process.wait(timeout=30) == 2
    finally:
        if process.poll() is None:
            process.kill()
        slack.stop()
    refused = [line for line in bot_log(tmp_path, port).splitlines() if "refused" in line]
    assert len(refused) == 1 and "SLACK_BOT_TOKEN" in refused[0] and "token_revoked" in refused[0]


def test_readyz_needs_a_store_that_answers_and_healthz_does_not(
    slack: FaultySlack, tmp_path: Path
) -> None:
    with running_redis(tmp_path) as redis_url:
        port = free_port()
        process = start_bot(env_for(slack.api_url, redis_url), port, tmp_path)
        url = f"http://127.0.0.1:{port}"
        try:
            assert wait_until(lambda: get(f"{url}/readyz")[0] == 200, what="ready")
        except BaseException:
            process.kill()
            raise
    # Redis is gone now.
    try:
        status, body = get(f"{url}/readyz")
        assert status == 503
        assert body["problems"] == ["conversation store (FWBOT_STORE) does not answer"]
        assert get(f"{url}/healthz")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=15)
