"""Prometheus metrics for the Slack app, in a registry of its own. The series that say
something is wrong start at zero, so an alert can tell "none yet" from "not exported"."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# A `_created` timestamp beside every counter and histogram doubles the series and says
# nothing a restart counter doesn't; prometheus_client only offers this process-wide switch.
disable_created_metrics()  # type: ignore[no-untyped-call]


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        # process_resident_memory_bytes, process_cpu_seconds_total, open fds, start time.
        ProcessCollector(registry=r)
        self.requests = Counter(
            "fwbot_requests_total", "Slack requests by kind", ["kind"], registry=r
        )
        self.reply_seconds = Histogram(
            "fwbot_reply_seconds", "Time to compose a reply (state, brain, render)",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0), registry=r,
        )  # fmt: skip
        self.intents = Counter("fwbot_intents_total", "Replies by intent", ["intent"], registry=r)
        self.errors = Counter(
            "fwbot_errors_total", "Errors by where they happened", ["where"], registry=r
        )
        self.web_api_retries = Counter(
            "fwbot_web_api_retries_total", "Slack Web API retries by reason", ["reason"], registry=r
        )
        self.signature_failures = Counter(
            "fwbot_signature_failures_total",
            "Requests refused (401) for a missing, bad or stale signature",
            registry=r,
        )
        self.bad_requests = Counter(
            "fwbot_bad_requests_total",
            "Signed requests refused (400) or acknowledged and ignored, by reason",
            ["reason"],
            registry=r,
        )

        self.answers_lost = Counter(
            "fwbot_answers_lost_total",
            "Acknowledged work never answered, by reason (gave_up after retries, a Slack "
            "error such as channel_not_found, shutdown, error)",
            ["reason"],
            registry=r,
        )
        self.web_api_errors = Counter(
            "fwbot_web_api_errors_total",
            "Failed Slack Web API calls by method and error (Slack's error, http_5xx, "
            "timeout, connection)",
            ["method", "error"],
            registry=r,
        )
        self.store_errors = Counter(
            "fwbot_store_errors_total",
            "Conversation store calls that failed (or failed fast while it is down)",
            ["operation"],
            registry=r,
        )
        self.duplicates_skipped = Counter(
            "fwbot_duplicates_skipped_total", "Redelivered events not answered again", registry=r
        )
        self.queue_depth = Gauge(
            "fwbot_queue_depth", "Acknowledged events held here and not yet answered", registry=r
        )
        for reason in ("gave_up", "shutdown", "error"):
            self.answers_lost.labels(reason=reason)
        for operation in ("get", "put", "add", "delete"):
            self.store_errors.labels(operation=operation)
        self.ack_to_post_seconds = Histogram(
            "fwbot_ack_to_post_seconds", "From an event's acknowledgement to its answer's post",
            buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0),
            registry=r,
        )  # fmt: skip

    def record_reply(self, intent: str, seconds: float) -> None:
        self.reply_seconds.observe(seconds)
        self.intents.labels(intent=intent).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
