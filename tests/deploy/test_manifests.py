"""Deployment files are valid and hardened, and their ports, paths and variables match the code.

Kubernetes: deploy/k8s is rendered with kustomize (`kubectl kustomize`, as `kubectl apply -k`
does) and every object is validated strictly against the API schemas of each Kubernetes
version from 1.27 on (kubernetes-validate, the `deploy` extra: `scripts/setup.sh all`).
Compose files are checked against the compose specification and the Slack manifests against
deploy/slack/manifest.schema.json (check-jsonschema). Nothing here needs the network.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.metrics import Metrics
from bot.settings import _SlackEnvironment
from bot.slack.readiness import Readiness
from bot.slack.server import EVENTS_PATH, HEALTH_PATH, METRICS_PATH, READY_PATH, http_application
from bot.store.memory import MemoryStore

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
DEFAULT_PORT = 3000
KNOWN_VARIABLES = set(_SlackEnvironment.model_fields) | {"FWBOT_LOG_FORMAT", "FWBOT_LOG_LEVEL"}
OLDEST_KUBERNETES = (1, 27)
BOT_LABELS = {"app": "fwbot"}
REDIS_LABELS = {"app": "fwbot-redis"}


def load_all(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def served_get_paths() -> set[str]:
    """The GET paths the real HTTP application routes (probes must use one of them)."""
    application = http_application(None, Metrics(), Readiness(MemoryStore()))
    return {
        route.resource.canonical
        for route in application.router.routes()
        if route.method == "GET" and route.resource is not None
    }


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    """deploy/k8s as `kubectl apply -k deploy/k8s` would apply it."""
    if kustomize := shutil.which("kustomize"):
        command = [kustomize, "build", str(K8S)]
    elif kubectl := shutil.which("kubectl"):
        command = [kubectl, "kustomize", str(K8S)]
    else:
        pytest.skip("neither kubectl nor kustomize is installed: deploy/k8s can't be rendered")
    output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)
    return [doc for doc in yaml.safe_load_all(output.stdout) if doc]


def one(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def pod_specs(objects: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for obj in objects:
        if obj["kind"] in {"Deployment", "StatefulSet", "DaemonSet", "Job"}:
            yield f"{obj['kind']}/{obj['metadata']['name']}", obj["spec"]["template"]["spec"]


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in container.get("env", [])}


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, selector  # matchExpressions: not used here
    return all(labels.get(k) == v for k, v in selector["matchLabels"].items())


# -- Slack manifests -------------------------------------------------------------------------


def test_every_manifest_parses() -> None:
    files = sorted(DEPLOY.rglob("*.yaml"))
    assert len(files) >= 11
    for path in files:
        assert load_all(path), path


def test_slack_manifests_ask_only_for_what_the_app_uses() -> None:
    for name in ("manifest.http.yaml", "manifest.socket.yaml"):
        manifest = load_all(DEPLOY / "slack" / name)[0]
        assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
            "app_mentions:read", "chat:write", "commands", "im:history",
            "channels:history", "groups:history"}  # fmt: skip
        events = manifest["settings"]["event_subscriptions"]["bot_events"]
        assert set(events) == {"app_mention", "message.im", "app_home_opened"}
        commands = {c["command"] for c in manifest["features"]["slash_commands"]}
        assert commands == {"/compare", "/recommend"}
        assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    http = load_all(DEPLOY / "slack" / "manifest.http.yaml")[0]
    assert http["settings"]["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert http["settings"]["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert load_all(DEPLOY / "slack" / "manifest.socket.yaml")[0]["settings"]["socket_mode_enabled"]


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "check_jsonschema", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_slack_manifests_match_the_manifest_schema(tmp_path: Path) -> None:
    # check-jsonschema checks the schema itself against its metaschema first.
    schema = DEPLOY / "slack" / "manifest.schema.json"
    manifests = sorted((DEPLOY / "slack").glob("manifest.*.yaml"))
    assert len(manifests) == 2
    # The schema catches what Slack would refuse: HTTP mode without a request URL.
    broken = load_all(DEPLOY / "slack" / "manifest.http.yaml")[0]
    del broken["settings"]["event_subscriptions"]["request_url"]
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = check_jsonschema("--schemafile", schema, *manifests, tmp_path / "broken.yaml")
    failures = [line for line in result.stdout.splitlines() if "::$" in line]
    assert failures == [
        f"  {tmp_path / 'broken.yaml'}::$.settings.event_subscriptions: "
        "'request_url' is a required property"
    ], result.stdout + result.stderr


# -- Kubernetes ------------------------------------------------------------------------------


def test_kubernetes_objects_are_valid_on_every_supported_version(
    rendered: list[dict[str, Any]],
) -> None:
    kubernetes_validate = pytest.importorskip(
        "kubernetes_validate",
        reason="kubernetes-validate is not installed (`scripts/setup.sh all` installs it)",
    )
    latest = tuple(int(part) for part in kubernetes_validate.latest_version().split(".")[:2])
    assert latest >= (1, 37)
    versions = [f"1.{minor}.0" for minor in range(OLDEST_KUBERNETES[1], latest[1] + 1)]
    examples = [doc for path in sorted((K8S / "examples").glob("*.yaml")) for doc in load_all(path)]
    objects = rendered + examples
    assert {o["kind"] for o in objects} >= {
        "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
        "StatefulSet", "NetworkPolicy", "Secret", "Ingress"}  # fmt: skip
    for version in versions:
        for obj in objects:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                pytest.fail(f"{obj['kind']}/{obj['metadata']['name']} on {version}: {error}")


def test_kustomize_applies_no_secret_and_the_template_has_every_key(
    rendered: list[dict[str, Any]],
) -> None:
    assert not [o for o in rendered if o["kind"] == "Secret"]
    templates = {
        doc["metadata"]["name"]: set(doc["stringData"])
        for doc in load_all(K8S / "examples" / "secrets.yaml")
    }
    for where, spec in pod_specs(rendered):
        for container in spec["containers"]:
            for entry in container.get("env", []):
                if ref := entry.get("valueFrom", {}).get("secretKeyRef"):
                    assert ref["key"] in templates.get(ref["name"], set()), (where, ref)


def test_images_are_set_in_one_place(rendered: list[dict[str, Any]]) -> None:
    # The manifests name images without registry or tag; kustomization.yaml sets both.
    for path in (K8S / "deployment.yaml", K8S / "redis.yaml"):
        for doc in load_all(path):
            for _, spec in pod_specs([doc]):
                for container in spec["containers"]:
                    assert re.fullmatch(r"[a-z0-9-]+", container["image"]), container["image"]
    kustomization = load_all(K8S / "kustomization.yaml")[0]
    assert {image["name"] for image in kustomization["images"]} == {"framework-advisor", "redis"}
    images = {
        container["name"]: container["image"]
        for _, spec in pod_specs(rendered)
        for container in spec["containers"]
    }
    bot = images["fwbot"]
    registry, _, rest = bot.partition("/")
    assert "." in registry or ":" in registry, f"{bot}: no registry to pull from"
    assert re.search(r"(:[\w.-]+|@sha256:[0-9a-f]{64})$", rest), f"{bot}: no tag or digest"
    for image in images.values():
        assert not image.endswith(":latest") and ":" in image, image


def test_pods_meet_the_restricted_pod_security_standard(rendered: list[dict[str, Any]]) -> None:
    specs = dict(pod_specs(rendered))
    assert set(specs) == {"Deployment/fwbot", "StatefulSet/fwbot-redis"}
    for where, spec in specs.items():
        pod = spec.get("securityContext", {})
        assert pod.get("seccompProfile") == {"type": "RuntimeDefault"}, where
        assert spec.get("automountServiceAccountToken") is False, where
        assert not any(spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")), where
        assert not any("hostPath" in volume for volume in spec.get("volumes", [])), where
        for container in spec["containers"]:
            context = container.get("securityContext", {})
            assert pod.get("runAsNonRoot") or context.get("runAsNonRoot"), where
            assert (context.get("runAsUser") or pod.get("runAsUser", 0)) != 0, where
            assert context.get("allowPrivilegeEscalation") is False, where
            assert context.get("capabilities", {}).get("drop") == ["ALL"], where
            assert not context.get("capabilities", {}).get("add"), where
            assert context.get("readOnlyRootFilesystem") is True, where
            assert not context.get("privileged"), where
            assert container["resources"]["limits"]["memory"], where


def test_a_node_drain_or_a_node_loss_never_takes_every_bot(rendered: list[dict[str, Any]]) -> None:
    deployment = one(rendered, "Deployment", "fwbot")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert selects(deployment["spec"]["selector"], pod_labels)
    assert pod_labels.items() >= BOT_LABELS.items()
    autoscaler = one(rendered, "HorizontalPodAutoscaler", "fwbot")
    assert autoscaler["spec"]["scaleTargetRef"]["name"] == "fwbot"
    # The autoscaler owns the replica count; `kubectl apply` must not reset it.
    assert "replicas" not in deployment["spec"] and autoscaler["spec"]["minReplicas"] >= 2
    budget = one(rendered, "PodDisruptionBudget", "fwbot")
    assert selects(budget["spec"]["selector"], pod_labels)
    assert budget["spec"].get("maxUnavailable") == 1 or (
        0 < budget["spec"].get("minAvailable", 0) < autoscaler["spec"]["minReplicas"]
    )
    spread = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
    by_key = {constraint["topologyKey"]: constraint for constraint in spread}
    assert by_key["kubernetes.io/hostname"]["whenUnsatisfiable"] == "DoNotSchedule"
    assert "topology.kubernetes.io/zone" in by_key
    for constraint in spread:
        assert selects(constraint["labelSelector"], pod_labels)
        assert constraint["maxSkew"] == 1


def test_the_deployment_matches_the_server(rendered: list[dict[str, Any]]) -> None:
    deployment = one(rendered, "Deployment", "fwbot")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"][0]["containerPort"] == DEFAULT_PORT == dockerfile_port()
    served = served_get_paths()
    assert {HEALTH_PATH, READY_PATH, METRICS_PATH} <= served
    assert container["readinessProbe"]["httpGet"]["path"] == READY_PATH
    assert container["livenessProbe"]["httpGet"]["path"] == HEALTH_PATH
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] == METRICS_PATH
    assert annotations["prometheus.io/port"] == str(DEFAULT_PORT)
    env = env_of(container)
    assert set(env) <= KNOWN_VARIABLES
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "FWBOT_STORE"} <= set(env)
    # Tokens and the store URL (it carries Redis' password) come from Secrets.
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "FWBOT_STORE"):
        assert "secretKeyRef" in env[name].get("valueFrom", {}), name
    service = one(rendered, "Service", "fwbot")
    assert selects({"matchLabels": service["spec"]["selector"]}, BOT_LABELS)


def seconds(duration: str) -> float:
    """A compose duration such as "25s" or "1m30s"."""
    parts = re.fullmatch(r"(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?", duration)
    assert parts and duration, duration
    return int(parts.group(1) or 0) * 60 + float(parts.group(2) or 0)


def test_stopping_leaves_time_to_answer_what_was_acknowledged(
    rendered: list[dict[str, Any]],
) -> None:
    """On SIGTERM (after the pre-stop pause) the bot answers what it acknowledged, for up
    to FWBOT_DRAIN_SECONDS; an orchestrator that kills it sooner loses those answers."""
    default = _SlackEnvironment.model_fields["FWBOT_DRAIN_SECONDS"].default

    def drain(env: dict[str, Any]) -> float:
        return float(env.get("FWBOT_DRAIN_SECONDS", default))

    spec = one(rendered, "Deployment", "fwbot")["spec"]["template"]["spec"]
    container = spec["containers"][0]
    env = {name: entry.get("value") for name, entry in env_of(container).items()}
    command = " ".join(container["lifecycle"]["preStop"]["exec"]["command"])
    pause = re.search(r"sleep\((\d+(?:\.\d+)?)\)", command)
    assert pause, command
    assert spec["terminationGracePeriodSeconds"] > float(pause.group(1)) + drain(env)
    for name in ("compose.yaml", "compose.socket.yaml"):
        for service_name, service in load_all(DEPLOY / name)[0]["services"].items():
            if service_name.startswith("bot"):
                grace = seconds(service["stop_grace_period"])
                assert grace > drain(service["environment"]), (name, service_name)


def redis_setting(args: str, name: str) -> str:
    match = re.search(rf"--{name} (\S+)", args)
    assert match, name
    return match.group(1)


def mebibytes(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "kb": 1 / 1024, "mb": 1, "gb": 1024}
    match = re.fullmatch(r"(\d+)([KMG]i|[kmg]b)", quantity)
    assert match, quantity
    return int(match.group(1)) * units[match.group(2)]


def test_redis_needs_a_password_only_the_bot_can_reach_it_and_it_persists(
    rendered: list[dict[str, Any]],
) -> None:
    redis = one(rendered, "StatefulSet", "fwbot-redis")
    pod_labels = redis["spec"]["template"]["metadata"]["labels"]
    container = redis["spec"]["template"]["spec"]["containers"][0]
    script = " ".join(container["command"] + container["args"])
    env = env_of(container)
    assert env["REDISCLI_AUTH"]["valueFrom"]["secretKeyRef"]["name"] == "fwbot-redis"
    assert 'requirepass "$REDISCLI_AUTH"' in script
    assert "requirepass" not in " ".join(container["command"])  # stdin, not the command line
    assert redis_setting(script, "appendonly") == "yes"
    assert any(m["mountPath"] == "/data" for m in container["volumeMounts"])
    # An AOF rewrite forks: the limit leaves room for the child's copy-on-write pages.
    limit = mebibytes(container["resources"]["limits"]["memory"])
    assert limit >= 2 * mebibytes(redis_setting(script, "maxmemory"))

    policy = one(rendered, "NetworkPolicy", "fwbot-redis")
    assert selects(policy["spec"]["podSelector"], pod_labels)
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    (rule,) = policy["spec"]["ingress"]
    (peer,) = rule["from"]
    assert set(peer) == {"podSelector"} and peer["podSelector"]["matchLabels"] == BOT_LABELS
    assert rule["ports"] == [{"protocol": "TCP", "port": 6379}]
    assert one(rendered, "Service", "fwbot-redis")["spec"]["selector"] == REDIS_LABELS


# -- Dockerfile and compose ------------------------------------------------------------------


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions (continuations joined), one list per stage."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    stages: list[list[tuple[str, str]]] = []
    for line in joined.splitlines():
        if not line.strip():
            continue
        keyword, _, rest = line.strip().partition(" ")
        if keyword.upper() == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword.upper(), rest.strip()))
    return stages


def dockerfile_port() -> int:
    final = dockerfile_stages()[-1]
    env = " ".join(rest for keyword, rest in final if keyword == "ENV")
    match = re.search(r"\bPORT=(\d+)", env)
    assert match, "the final stage sets no PORT"
    return int(match.group(1))


def test_dockerfile_installs_from_the_lock_before_the_source_and_ships_no_pip() -> None:
    build, final = dockerfile_stages()
    steps = [f"{keyword} {rest}" for keyword, rest in build]
    lock = next(i for i, s in enumerate(steps) if s.startswith("COPY pyproject.toml uv.lock"))
    deps = next(i for i, s in enumerate(steps) if "--no-install-project" in s)
    source = next(i for i, s in enumerate(steps) if s.startswith("COPY bot"))
    assert lock < deps < source
    assert all("--locked" in s for s in steps if "uv sync" in s)
    final_steps = " ".join(f"{keyword} {rest}" for keyword, rest in final)
    assert "pip uninstall --yes --quiet pip setuptools wheel" in final_steps
    assert "pip install" not in final_steps
    assert re.search(r"COPY --from=build /opt/fwbot /opt/fwbot", final_steps)
    assert dockerfile_port() == DEFAULT_PORT
    assert f"EXPOSE {DEFAULT_PORT}" in final_steps
    healthcheck = next(rest for keyword, rest in final if keyword == "HEALTHCHECK")
    assert "os.environ.get('PORT'" in healthcheck and HEALTH_PATH in healthcheck
    entrypoint = next(rest for keyword, rest in final if keyword == "ENTRYPOINT")
    assert 'exec fwbot serve --port \\"${PORT:-3000}\\"' in entrypoint
    user = next(rest for keyword, rest in final if keyword == "USER")
    assert re.fullmatch(r"[1-9]\d*:[1-9]\d*", user), "numeric, so Kubernetes can check non-root"


def test_the_build_context_is_only_what_the_image_needs() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*"  # everything is left out but what is named again
    included = {p.removeprefix("!").rstrip("/") for p in patterns if p.startswith("!")}
    copied = {
        source
        for keyword, rest in dockerfile_stages()[0]
        if keyword == "COPY" and not rest.startswith("--")
        for source in rest.split()[:-1]
    }
    assert copied == included


def test_compose_files_match_the_compose_specification() -> None:
    files = [DEPLOY / "compose.yaml", DEPLOY / "compose.socket.yaml"]
    result = check_jsonschema("--builtin-schema", "vendor.compose-spec", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_restarts_persists_and_publishes_only_on_loopback() -> None:
    http = load_all(DEPLOY / "compose.yaml")[0]["services"]
    socket = load_all(DEPLOY / "compose.socket.yaml")[0]["services"]
    for service in (http["bot-1"], http["bot-2"], socket["bot"]):
        env = service["environment"]
        assert set(env) <= KNOWN_VARIABLES
        assert env["FWBOT_STORE"].startswith("redis://redis:")
    for name, service in (*http.items(), *socket.items()):
        assert service["restart"] in {"unless-stopped", "always"}, name
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:") and port.endswith(f":{DEFAULT_PORT}"), port
    for redis in (http["redis"], socket["redis"]):
        assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
        assert any(volume.endswith(":/data") for volume in redis["volumes"])
        assert "ports" not in redis
    # Each file asks only for its own mode's secrets: compose checks every `${X:?}` in a file.
    assert "SLACK_APP_TOKEN" not in http["bot-1"]["environment"]
    assert "SLACK_SIGNING_SECRET" not in socket["bot"]["environment"]
