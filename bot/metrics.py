"""Prometheus metrics for the Slack app, in a registry of its own (no global state)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter(
            "fwbot_requests_total", "Slack requests by kind", ["kind"], registry=r
        )
        self.reply_seconds = Histogram(
            "fwbot_reply_seconds", "Time to compose a reply (state, brain, render)",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0), registry=r,
        )  # fmt: skip
        self.intents = Counter("fwbot_intents_total", "Replies by intent", ["intent"], registry=r)
        self.out_of_scope = Counter("fwbot_out_of_scope_total", "Out-of-scope replies", registry=r)
        self.errors = Counter(
            "fwbot_errors_total", "Errors by where they happened", ["where"], registry=r
        )
        self.web_api_retries = Counter(
            "fwbot_web_api_retries_total", "Slack Web API retries by reason", ["reason"], registry=r
        )

    def record_reply(self, intent: str, seconds: float) -> None:
        self.reply_seconds.observe(seconds)
        self.intents.labels(intent=intent).inc()
        if intent == "out_of_scope":
            self.out_of_scope.inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
