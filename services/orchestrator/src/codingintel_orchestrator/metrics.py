"""The worker's Prometheus metrics (served on METRICS_PORT). Labels are bounded: a
stage name, a status code name, a final state — never a report id."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REPORTS_FINISHED = Counter(
    "codingintel_reports_finished_total", "Reports that reached a final state.", ["state"]
)
STAGE_SECONDS = Histogram(
    "codingintel_stage_duration_seconds",
    "Time a pipeline stage took, its backend call included.",
    ["stage"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
STAGE_FAILURES = Counter(
    "codingintel_stage_failures_total",
    "Backend calls that failed, by stage and code.",
    ["stage", "code"],
)
RETRIES = Counter(
    "codingintel_retries_total",
    "Attempts that ended in a transient failure and were retried.",
    ["stage"],
)
DEGRADATIONS = Counter(
    "codingintel_degradations_total",
    "Stages that failed and were replaced by their fallback.",
    ["stage"],
)
