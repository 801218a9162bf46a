"""`serve()` in this process, HTTP and Socket Mode, stopped by SIGTERM as a platform stops it.

serve() installs its signal handlers on the main thread, so it runs there; a helper thread
plays Slack and the orchestrator, then sends the SIGTERM that ends it.
"""

from __future__ import annotations

import functools
import gc
import json
import logging
import os
import select
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import redis

from bot.learning.journal import DAY_SECONDS, day_of, open_journal
from bot.settings import LearningSettings, SlackSettings
from bot.slack import server
from bot.slack.posting import PostingPolicy
from bot.slack.readiness import STORE_PROBE_KEY
from bot.slack.redis_delivery import GROUP, STREAM
from bot.slack.server import serve
from bot.store import StoreUnavailableError, open_store
from bot.store.guard import Breaker, GuardedStore
from bot.store.memory import MemoryStore
from knowledge import KnowledgeBase
from tests.faults.helpers import FaultySlack
from tests.redis_server import free_port, running_redis
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, BotServer
from tests.slack.fake_slack import BOT_USER_ID, FakeSlack


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    yield
    gc.unfreeze()  # serve() freezes what it loaded, which here is the whole test session


def healthy(url: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                return bool(json.loads(response.read()) == {"status": "ok"})
        except OSError:
            time.sleep(0.02)
    return False


FORM = "application/x-www-form-urlencoded"


def readyz(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def scrape(url: str) -> bytes:
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
        body: bytes = response.read()
        return body


def serve_while(
    settings: SlackSettings, kb: KnowledgeBase, port: int, drive: Callable[[str], None]
) -> int:
    """Run serve() here; `drive(url)` runs beside it once it is healthy, then SIGTERM."""
    url = f"http://127.0.0.1:{port}"
    failures: list[BaseException] = []

    def driver() -> None:
        if not healthy(url):
            failures.append(AssertionError("serve() did not become healthy"))
            return  # no SIGTERM: without serve()'s handler it would end the test session
        try:
            drive(url)
        except BaseException as error:  # re-raised on the main thread below
            failures.append(error)
        finally:
            os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=driver, daemon=True)
    thread.start()
    code = serve(settings, kb, "127.0.0.1", port)
    thread.join(timeout=30)
    if failures:
        raise failures[0]
    return code


def test_serve_over_http_answers_and_finishes_acked_events_at_sigterm(
    kb: KnowledgeBase, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    unreachable = f"redis://user:hunter2@127.0.0.1:{free_port()}/0"  # nothing listens there
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, unreachable,
                             retry_seconds=0.01)  # fmt: skip
    fake_slack.latency["chat.postMessage"] = 0.3  # answers still in flight at SIGTERM
    fake_slack.fail_next("auth.test", 500)  # checked again in the background
    fake_slack.fail_next("chat.postMessage", 500)  # retried after FWBOT_RETRY_SECONDS

    def drive(url: str) -> None:
        store_down = ["conversation store (FWBOT_STORE) does not answer"]
        deadline = time.monotonic() + 10
        while (ready := readyz(url))[1].get("problems") != store_down:  # the token is checked
            assert time.monotonic() < deadline, ready
            time.sleep(0.02)
        assert ready == (503, {"status": "not ready", "problems": store_down})
        server = BotServer(url, None)  # type: ignore[arg-type]
        for n in range(3):
            event = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": f"{n}.0",
                     "text": f"<@{BOT_USER_ID}> what is flask"}  # fmt: skip
            assert server.event(event, f"EvServe{n}")[0] == 200
        command = urlencode({"command": "/compare", "text": "django flask", "team_id": "T1",
                             "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
                             "response_url": fake_slack.response_url("cmp")})  # fmt: skip
        assert server.post(command, FORM)[0] == 200
        action = {"action_id": "suggestion_0", "block_id": "suggestions|0.0", "value": "hi"}
        click = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"},
                 "channel": {"id": "C1"}, "actions": [action]}  # fmt: skip
        assert server.post(urlencode({"payload": json.dumps(click)}), FORM)[0] == 200
        wanted = [b'fwbot_requests_total{kind="event"} 3.0',
                  b'fwbot_requests_total{kind="command"} 1.0',
                  b'fwbot_requests_total{kind="action"} 1.0',
                  b'fwbot_outcomes_total{outcome="answered"}']  # fmt: skip
        deadline = time.monotonic() + 10
        while not all(line in (page := scrape(url)) for line in wanted):
            assert time.monotonic() < deadline, page
            time.sleep(0.02)

    with caplog.at_level(logging.INFO):
        assert serve_while(settings, kb, port, drive) == 0
    answers = [c for c in fake_slack.calls_to("chat.postMessage") if c.args.get("metadata")]
    assert sorted(c.args["thread_ts"] for c in answers) == ["0.0", "1.0", "2.0"]
    [compared] = fake_slack.calls_to("response:cmp")
    assert compared.args["text"] == "Django vs Flask"
    assert "serving Slack over HTTP" in caplog.text
    assert "auth.test attempt 1 failed (HTTP 500 failure)" in caplog.text
    # The store could not be reached: said at start-up, without its password; still answered.
    [warning] = [
        r for r in caplog.records if r.getMessage().startswith("conversation store unusable")
    ]
    address = unreachable.rsplit("@", 1)[1]
    assert warning.store == f"redis://***@{address}"  # type: ignore[attr-defined]
    assert "hunter2" not in warning.getMessage() + str(vars(warning))


def test_serve_over_socket_mode_answers_and_serves_health_beside_it(
    kb: KnowledgeBase, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    settings = SlackSettings(BOT_TOKEN, "xapp-test", None, fake_slack.api_url, "memory")
    fake_slack.latency["chat.postMessage"] = 0.3
    fake_slack.fail_next("apps.connections.open", 500)
    fake_slack.latency["apps.connections.open"] = 1.0

    def drive(url: str) -> None:
        status, body = readyz(url)  # the first attempt failed, the second is slow
        assert (status, body["problems"]) == (503, ["Socket Mode is not connected"])
        fake_slack.wait_for(fake_slack.connected, seconds=30)
        for n in range(3):
            payload: dict[str, Any] = {
                "type": "event_callback", "team_id": "T1", "event_id": f"EvSock{n}",
                "event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": f"{n}.0",
                          "text": f"<@{BOT_USER_ID}> what is django"},
            }  # fmt: skip
            envelope = {"envelope_id": f"env-{n}", "type": "events_api", "payload": payload}
            fake_slack.send_envelope({**envelope, "accepts_response_payload": False})
        command = {"command": "/compare", "text": "django flask", "team_id": "T1",
                   "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
                   "response_url": fake_slack.response_url("cmp")}  # fmt: skip
        envelope = {"envelope_id": "env-cmd", "type": "slash_commands", "payload": command}
        fake_slack.send_envelope({**envelope, "accepts_response_payload": True})
        fake_slack.wait_for(lambda: fake_slack.calls_to("response:cmp"))
        acked = {"env-0", "env-1", "env-2", "env-cmd"}  # acked: answered before exit
        fake_slack.wait_for(lambda: set(fake_slack.socket_acks) >= acked)
        assert readyz(url) == (200, {"status": "ready"})  # token verified, connected
        assert b"fwbot_requests_total" in scrape(url)
        with pytest.raises(urllib.error.HTTPError) as no_events:  # no Slack endpoint here
            urllib.request.urlopen(urllib.request.Request(f"{url}/slack/events", b"{}"), timeout=5)
        assert no_events.value.code in (404, 405)

    with caplog.at_level(logging.INFO):
        assert serve_while(settings, kb, port, drive) == 0
    posts = fake_slack.calls_to("chat.postMessage")
    assert sorted(p.args["thread_ts"] for p in posts) == ["0.0", "1.0", "2.0"]
    assert all(p.args["text"] == "What is Django?" for p in posts)
    assert "connected to Slack over Socket Mode" in caplog.text
    access = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert not [line for line in access if "/healthz" in line or "/metrics" in line]
    assert any("/slack/events" in line for line in access)  # the rest is logged
    assert not fake_slack.connected()  # the socket was closed on the way out


def test_serve_stops_at_once_with_one_line_on_an_unusable_store(
    kb: KnowledgeBase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    spec = f"sqlite:///{blocker}/state.db"  # its directory is a file
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, None, spec)
    assert serve(settings, kb, "127.0.0.1", free_port()) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"fwbot serve: FWBOT_STORE={spec} can't be used: ")


def test_serve_stops_at_once_with_one_line_when_slack_refuses_the_token(
    kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    slack = FaultySlack()
    slack.auth_error = "invalid_auth"
    slack.start()
    try:
        settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, slack.api_url, "memory")
        assert serve(settings, kb, "127.0.0.1", free_port()) == 2
    finally:
        slack.stop()
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        "fwbot serve: SLACK_BOT_TOKEN was refused by Slack (invalid_auth): set it to the "
        "app's current Bot User OAuth Token (xoxb-...)"
    )


@pytest.mark.parametrize(
    ("app_token", "signing_secret"),
    [(None, SIGNING_SECRET), ("xapp-test", None)],
    ids=["http", "socket-mode"],
)
def test_serve_stops_when_slack_refuses_the_token_it_could_not_check_at_first(
    kb: KnowledgeBase,
    caplog: pytest.LogCaptureFixture,
    app_token: str | None,
    signing_secret: str | None,
) -> None:
    """Over HTTP and over Socket Mode alike, a token the background check finds refused
    ends `serve()` with exit code 2."""
    slack = FaultySlack()
    slack.fail_next("auth.test", 500)  # not ready; checked again in the background...
    slack.fail_next_with("auth.test", "token_revoked")  # ...and refused
    slack.start()
    watchdog = threading.Timer(20, os.kill, (os.getpid(), signal.SIGTERM))  # never a hang
    watchdog.start()
    try:
        settings = SlackSettings(BOT_TOKEN, app_token, signing_secret, slack.api_url, "memory",
                                 retry_seconds=0.01)  # fmt: skip
        with caplog.at_level(logging.ERROR):
            assert serve(settings, kb, "127.0.0.1", free_port()) == 2
    finally:
        watchdog.cancel()
        slack.stop()
    assert "fwbot serve: SLACK_BOT_TOKEN was refused by Slack (token_revoked)" in caplog.text


def mention(url: str, event_id: str, text: str, ts: str) -> int:
    """Post an app_mention of the bot, as Slack does; the HTTP status of the ack."""
    event = {"type": "app_mention", "user": "U1", "channel": "C1", "ts": ts,
             "text": f"<@{BOT_USER_ID}> {text}"}  # fmt: skip
    return BotServer(url, None).event(event, event_id)[0]  # type: ignore[arg-type]


def wait(condition: Callable[[], Any], seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {condition}"
        time.sleep(0.01)
    return value


def test_a_token_slack_refuses_to_a_post_makes_the_bot_not_ready(
    kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    slack = FaultySlack()
    slack.fail_next_with("chat.postMessage", "invalid_auth")  # revoked after start-up
    slack.start()
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, slack.api_url, "memory",
                             retry_seconds=0.01)  # fmt: skip

    def drive(url: str) -> None:
        wait(lambda: readyz(url)[0] == 200)
        assert mention(url, "EvRefused", "what is flask", "1.0") == 200
        wait(lambda: slack.calls_to("chat.postMessage"))
        refused = ["SLACK_BOT_TOKEN not verified with auth.test"]
        wait(lambda: readyz(url) == (503, {"status": "not ready", "problems": refused}))

    try:
        with caplog.at_level(logging.ERROR):
            assert serve_while(settings, kb, free_port(), drive) == 0
    finally:
        slack.stop()
    refused = [r for r in caplog.records if "refused by Slack (invalid_auth)" in r.getMessage()]
    assert [r.getMessage() for r in refused] == [
        "SLACK_BOT_TOKEN refused by Slack (invalid_auth): not ready"
    ]


@pytest.mark.parametrize("retry_seconds", [None, 0.01], ids=["own-delays", "FWBOT_RETRY_SECONDS"])
def test_over_socket_mode_the_app_token_connects_and_failed_attempts_are_retried(
    kb: KnowledgeBase, caplog: pytest.LogCaptureFixture, retry_seconds: float | None
) -> None:
    """A failed connection and a failed first token check are each tried again, after
    FWBOT_RETRY_SECONDS when it is set (else after their own default delays), and the bot
    becomes ready."""
    slack = FaultySlack()
    slack.fail_next("apps.connections.open", 500)
    slack.fail_next("auth.test", 500)
    slack.start()
    settings = SlackSettings(BOT_TOKEN, "xapp-test", None, slack.api_url, "memory",
                             retry_seconds=retry_seconds)  # fmt: skip

    def drive(url: str) -> None:
        wait(lambda: readyz(url) == (200, {"status": "ready"}))

    try:
        with caplog.at_level(logging.WARNING):
            assert serve_while(settings, kb, free_port(), drive) == 0
    finally:
        slack.stop()
    opened = [(c.status, c.token) for c in slack.calls_to("apps.connections.open", False)]
    assert opened == [(500, "xapp-test"), (200, "xapp-test")]
    checked = [(c.status, c.token) for c in slack.calls_to("auth.test", False)]
    assert checked[:2] == [(500, BOT_TOKEN), (200, BOT_TOKEN)]
    retries = {r.getMessage().split(" attempt")[0]: r.next_delay_seconds
               for r in caplog.records if hasattr(r, "next_delay_seconds")}  # fmt: skip
    assert set(retries) == {"Socket Mode connection", "auth.test"}
    if retry_seconds is not None:  # the first delay is at most FWBOT_RETRY_SECONDS
        assert all(delay <= retry_seconds for delay in retries.values()), retries


def test_answers_a_drain_gives_up_on_are_reported_and_duplicates_counted(
    kb: KnowledgeBase, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory",
                             drain_seconds=0.2)  # fmt: skip
    fake_slack.latency["chat.postMessage"] = 30  # still being posted when the drain ends

    def drive(url: str) -> None:
        assert mention(url, "EvSlow", "what is flask", "1.0") == 200
        assert mention(url, "EvSlow", "what is flask", "1.0") == 200  # Slack's retry
        wait(lambda: b"fwbot_duplicates_skipped_total 1.0" in scrape(url))
        wait(lambda: fake_slack.calls_to("chat.postMessage"))

    with caplog.at_level(logging.ERROR):
        assert serve_while(settings, kb, free_port(), drive) == 0
    assert "shutdown: 1 acknowledged events left unanswered after 0 s" in caplog.text


def test_what_the_bot_learns_is_written_to_the_store_as_configured(
    kb: KnowledgeBase, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    spec = f"sqlite:///{tmp_path / 'state.db'}"
    learning = LearningSettings(keep_questions=True, keep_days=3)
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, spec, learning)
    question = "does fastapi have lts?"  # no facts on FastAPI's support windows: kept

    def drive(url: str) -> None:
        assert mention(url, "EvLearn", question, "1.0") == 200
        wait(lambda: b'fwbot_outcomes_total{outcome="partial"} 1.0' in scrape(url))

    assert serve_while(settings, kb, free_port(), drive) == 0
    journal = open_journal(spec)  # as `fwbot gaps` reads it
    try:
        [kept] = journal.kept(since=0, now=time.time())
        today = day_of(kept.at)
        counts = journal.counts(today, today)
    finally:
        journal.close()
    assert (kept.text, kept.outcome) == (question, "partial")
    assert kept.expires_at - kept.at == 3 * DAY_SECONDS
    assert counts["outcome:partial"] == 1


def test_over_redis_a_dead_replicas_events_are_taken_over_after_the_reclaim_time(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    slack = FaultySlack()  # answers conversations.replies with what was posted
    slack.start()
    with running_redis(tmp_path) as url:
        client: Any = redis.Redis.from_url(url)
        client.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        body = {"type": "event_callback", "team_id": "T1", "event_id": "EvDead",
                "event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "7.0",
                          "text": f"<@{BOT_USER_ID}> what is flask"}}  # fmt: skip
        client.xadd(STREAM, {"event": json.dumps(body), "received": time.time()})
        [(_, [(entry_id, _)])] = client.xreadgroup(GROUP, "dead", {STREAM: ">"}, count=1)
        client.xclaim(STREAM, GROUP, "dead", 0, [entry_id], idle=5_000)  # its replica died 5 s ago
        settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, slack.api_url, url,
                                 reclaim_after=1.0, retry_seconds=0.01)  # fmt: skip

        def drive(url: str) -> None:
            wait(lambda: slack.calls_to("chat.postMessage"), seconds=4)  # well before 15 s
            for _ in range(2):  # a new event, and Slack's retry of it
                assert mention(url, "EvNew", "what is django", "8.0") == 200
            wait(lambda: len(slack.calls_to("chat.postMessage")) == 2)
            wait(lambda: b"fwbot_duplicates_skipped_total 1.0" in scrape(url))

        try:
            assert serve_while(settings, kb, free_port(), drive) == 0
        finally:
            slack.stop()
        left = client.xlen(STREAM)
        client.close()
    taken_over, new = slack.calls_to("chat.postMessage")
    assert (taken_over.args["thread_ts"], taken_over.args["text"]) == ("7.0", "What is Flask?")
    assert [c.args["ts"] for c in slack.calls_to("conversations.replies")] == ["7.0"]  # first
    assert (new.args["thread_ts"], new.args["text"]) == ("8.0", "What is Django?")
    assert left == 0


class FailingReads:
    """A store whose reads fail as a Redis that stopped answering does."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.blocking_io = inner.blocking_io

    def get(self, key: str) -> None:
        raise StoreUnavailableError("Timeout reading from socket", transient=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_over_redis_a_store_found_down_is_not_tried_by_the_delivery_or_the_journal(
    kb: KnowledgeBase, fake_slack: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conversation store, the event stream and the learning journal are one Redis: once
    a call to it has failed, the others fail fast too (one breaker) rather than each waiting
    on it; the event is answered from memory."""
    monkeypatch.setattr(server, "open_store", lambda spec: FailingReads(open_store(spec)))
    breaker = Breaker(cooldown=600, max_cooldown=600)  # no probe during the test
    monkeypatch.setattr(server, "GuardedStore", functools.partial(GuardedStore, breaker=breaker))
    with running_redis(tmp_path) as url:
        settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, url,
                                 retry_seconds=0.01)  # fmt: skip

        def drive(url: str) -> None:
            store_down = ["conversation store (FWBOT_STORE) does not answer"]
            assert readyz(url) == (503, {"status": "not ready", "problems": store_down})
            assert mention(url, "EvShared", "what is flask", "1.0") == 200
            wait(lambda: fake_slack.calls_to("chat.postMessage"))
            wait(lambda: b"fwbot_learning_failures_total 1.0" in scrape(url))

        assert serve_while(settings, kb, free_port(), drive) == 0
        client: Any = redis.Redis.from_url(url)
        keys = sorted(key.decode() for key in client.keys("*"))
        client.close()
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.args["text"] == "What is Flask?"
    assert keys == [STREAM]  # created empty by the reader: no entry, no de-dup key, no counts


def test_serve_listens_only_on_the_host_it_is_given(
    kb: KnowledgeBase, fake_slack: FakeSlack
) -> None:
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory")
    port = free_port()

    def drive(url: str) -> None:
        assert readyz(url)[0] == 200  # on 127.0.0.1, as given
        with pytest.raises(ConnectionRefusedError), socket.socket() as elsewhere:
            elsewhere.connect(("127.0.0.2", port))  # another loopback address: not served

    assert serve_while(settings, kb, port, drive) == 0


def test_a_request_stalled_at_sigterm_holds_the_stop_no_longer_than_the_drain_time(
    kb: KnowledgeBase, fake_slack: FakeSlack
) -> None:
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory",
                             drain_seconds=0.3)  # fmt: skip
    port = free_port()
    sockets: list[socket.socket] = []
    stopped: list[float] = []

    def drive(url: str) -> None:
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        sockets.append(client)
        head = b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 1000\r\n\r\n"
        client.sendall(head + b"{")  # the rest of the body never comes
        assert readyz(url)[0] == 200  # the server has read the stalled request by now
        stopped.append(time.monotonic())

    def hang_up() -> None:  # what a server that waited for the body would wait for
        for client in sockets:
            client.shutdown(socket.SHUT_RDWR)

    guard = threading.Timer(10, hang_up)
    guard.start()
    try:
        assert serve_while(settings, kb, port, drive) == 0
        took = time.monotonic() - stopped[0]
    finally:
        guard.cancel()
        for client in sockets:
            client.close()
    assert took < 5, took


def test_a_slow_first_token_check_does_not_hold_up_listening(
    kb: KnowledgeBase, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """auth.test that does not answer: the server listens once the first check's limit is
    up, not ready, and the token is checked again in the background."""
    monkeypatch.setattr(server, "FIRST_TOKEN_CHECK_SECONDS", 0.2)
    fake_slack.latency["auth.test"] = 30  # until the fake stops
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory")
    started = time.monotonic()
    listening: list[float] = []

    def drive(url: str) -> None:
        listening.append(time.monotonic() - started)
        unverified = ["SLACK_BOT_TOKEN not verified with auth.test"]
        assert readyz(url) == (503, {"status": "not ready", "problems": unverified})

    assert serve_while(settings, kb, free_port(), drive) == 0
    # Not the Web API's 10 s call limit (8 s, not 5: a busy 2-core machine took 5.4 s to
    # start listening with the 0.2 s check, building the brain included).
    assert listening[0] < 8
    assert fake_slack.calls_to("auth.test")


def test_fwbot_retry_seconds_shortens_every_retry_of_slack(
    kb: KnowledgeBase, fake_slack: FakeSlack
) -> None:
    """Six failed posts and six failed token checks in a row: with FWBOT_RETRY_SECONDS=0.01
    the delays double from 10 ms (0.6 s in all at most), not from their own defaults (15 s
    and 30 s at least), so the answer and readiness come at once."""
    for _ in range(6):
        fake_slack.fail_next("chat.postMessage", 500)
        fake_slack.fail_next("auth.test", 500)
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory",
                             retry_seconds=0.01)  # fmt: skip

    def drive(url: str) -> None:
        assert mention(url, "EvRetried", "what is flask", "1.0") == 200
        wait(lambda: fake_slack.calls_to("chat.postMessage"), seconds=5)
        wait(lambda: readyz(url)[0] == 200, seconds=5)

    assert serve_while(settings, kb, free_port(), drive) == 0
    assert len(fake_slack.calls_to("chat.postMessage", ok_only=False)) == 7
    assert len(fake_slack.calls_to("auth.test", ok_only=False)) == 7


def test_a_web_api_call_that_hangs_is_cut_at_the_call_limit(
    kb: KnowledgeBase, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every Web API call shares one session limited to the call timeout (made 0.5 s here),
    Bolt's own calls too: a hung auth.test, which Bolt makes before its first command,
    holds the command's answer no longer than that (Bolt then answers it with an error),
    and start-up no longer either (the first check's own limit is 5 s)."""
    monkeypatch.setattr(server, "PostingPolicy", functools.partial(PostingPolicy, call_timeout=0.5))
    fake_slack.latency["auth.test"] = 30  # until the fake stops
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory")
    started = time.monotonic()
    took: list[float] = []

    def drive(url: str) -> None:
        took.append(time.monotonic() - started)
        command = urlencode({"command": "/compare", "text": "django flask", "team_id": "T1",
                             "channel_id": "C1", "user_id": "U1", "trigger_id": "t",
                             "response_url": fake_slack.response_url("cmp")})  # fmt: skip
        asked = time.monotonic()
        BotServer(url, None).post(command, FORM, timeout=4)  # type: ignore[arg-type]
        took.append(time.monotonic() - asked)  # answered (a timeout raises)

    assert serve_while(settings, kb, free_port(), drive) == 0
    # Start-up (the brain built, then the first check cut at the call limit) ends before the
    # first check's own 5 s limit would, however busy the machine; the command's answer comes
    # well before the hung call's 30 s.
    assert took[0] < 5 and took[1] < 3, took
    assert len(fake_slack.calls_to("auth.test", ok_only=False)) >= 2  # start-up's and Bolt's


class StallingStore(MemoryStore):
    """A memory store whose readiness probe can be made to hold the event loop."""

    def __init__(self) -> None:
        super().__init__()
        self.stall, self.stalled, self.release = (
            threading.Event(),
            threading.Event(),
            threading.Event(),
        )

    def get(self, key: str) -> Any:
        if key == STORE_PROBE_KEY and self.stall.is_set():
            self.stalled.set()
            self.release.wait(10)
        return super().get(key)


def test_a_burst_of_connections_while_the_loop_is_busy_waits_in_the_kernel(
    kb: KnowledgeBase, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the event loop is busy, new connections wait in the listen queue: a burst of
    300 is taken by the kernel at once (with aiohttp's default queue of 128 the rest would be
    dropped, and each client would try again a whole second later)."""
    store = StallingStore()
    monkeypatch.setattr(server, "open_store", lambda spec: store)
    somaxconn = int(Path("/proc/sys/net/core/somaxconn").read_text())
    burst = min(300, somaxconn)  # the kernel caps every listen queue at somaxconn
    settings = SlackSettings(BOT_TOKEN, None, SIGNING_SECRET, fake_slack.api_url, "memory")
    port = free_port()
    taken: list[int] = []

    def drive(url: str) -> None:
        store.stall.set()
        probe = threading.Thread(target=readyz, args=(url,))
        probe.start()
        assert store.stalled.wait(5)  # the loop is held in the probe from now on
        clients = [socket.socket() for _ in range(burst)]
        try:
            for client in clients:
                client.setblocking(False)
                client.connect_ex(("127.0.0.1", port))
            pending = {client.fileno(): client for client in clients}
            poller = select.poll()
            for fd in pending:
                poller.register(fd, select.POLLOUT)
            deadline = time.monotonic() + 0.5  # a dropped SYN is sent again after 1 s
            while pending and (left := deadline - time.monotonic()) > 0:
                for fd, _ in poller.poll(left * 1000):
                    poller.unregister(fd)
                    if pending.pop(fd).getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                        taken.append(fd)
        finally:
            store.release.set()
            probe.join(10)
            for client in clients:
                client.close()

    assert serve_while(settings, kb, port, drive) == 0
    assert len(taken) == burst
