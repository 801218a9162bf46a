"""Deployment files parse, and their ports, probe paths and variables match the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.settings import _SlackEnvironment
from bot.slack.server import EVENTS_PATH, HEALTH_PATH, METRICS_PATH

DEPLOY = Path(__file__).parents[2] / "deploy"
DEFAULT_PORT = 3000
KNOWN_VARIABLES = set(_SlackEnvironment.model_fields) | {"FWBOT_LOG_FORMAT", "FWBOT_LOG_LEVEL"}


def load_all(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def test_every_manifest_parses() -> None:
    files = sorted(DEPLOY.rglob("*.yaml"))
    assert len(files) >= 7
    for path in files:
        assert load_all(path), path


def test_slack_manifests_ask_only_for_what_the_app_uses() -> None:
    for name in ("manifest.http.yaml", "manifest.socket.yaml"):
        manifest = load_all(DEPLOY / "slack" / name)[0]
        assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
            "app_mentions:read", "chat:write", "commands", "im:history"}  # fmt: skip
        events = manifest["settings"]["event_subscriptions"]["bot_events"]
        assert set(events) == {"app_mention", "message.im", "app_home_opened"}
        commands = {c["command"] for c in manifest["features"]["slash_commands"]}
        assert commands == {"/compare", "/recommend"}
        assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    http = load_all(DEPLOY / "slack" / "manifest.http.yaml")[0]
    assert http["settings"]["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert http["settings"]["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert load_all(DEPLOY / "slack" / "manifest.socket.yaml")[0]["settings"]["socket_mode_enabled"]


def test_kubernetes_deployment_matches_the_server() -> None:
    deployment = load_all(DEPLOY / "k8s" / "deployment.yaml")[0]
    assert deployment["spec"]["replicas"] >= 2
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"][0]["containerPort"] == DEFAULT_PORT
    assert container["readinessProbe"]["httpGet"]["path"] == HEALTH_PATH
    assert container["livenessProbe"]["httpGet"]["path"] == HEALTH_PATH
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] == METRICS_PATH
    names = {e["name"] for e in container["env"]}
    assert names <= KNOWN_VARIABLES
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "FWBOT_STORE"} <= names
    assert container["resources"]["limits"]["memory"]
    secret = load_all(DEPLOY / "k8s" / "secret.template.yaml")[0]
    referenced = {
        e["valueFrom"]["secretKeyRef"]["key"] for e in container["env"] if "valueFrom" in e
    }
    assert referenced <= set(secret["stringData"])


def test_dockerfile_and_compose_match_the_server() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert f"EXPOSE {DEFAULT_PORT}" in dockerfile
    assert f"127.0.0.1:{DEFAULT_PORT}{HEALTH_PATH}" in dockerfile
    assert re.search(r'^ENTRYPOINT \["fwbot", "serve"\]', dockerfile, re.MULTILINE)
    assert re.search(r"^USER fwbot", dockerfile, re.MULTILINE)
    http = load_all(DEPLOY / "compose.yaml")[0]["services"]
    socket = load_all(DEPLOY / "compose.socket.yaml")[0]["services"]
    for service in (http["bot-1"], http["bot-2"], socket["bot"]):
        env = service["environment"]
        assert set(env) <= KNOWN_VARIABLES
        assert env["FWBOT_STORE"].startswith("redis://redis:")
    assert http["bot-1"]["ports"][0].endswith(f":{DEFAULT_PORT}")
    # Each file asks only for its own mode's secrets: compose checks every `${X:?}` in a file.
    assert "SLACK_APP_TOKEN" not in http["bot-1"]["environment"]
    assert "SLACK_SIGNING_SECRET" not in socket["bot"]["environment"]
