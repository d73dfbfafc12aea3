"""The worker's Prometheus metrics (served on ORCHESTRATOR_METRICS_PORT). Labels are
bounded: a stage name, a status code name, a final state — never a report id."""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter, Gauge, Histogram

from codingintel import pipeline
from codingintel.reports.v1 import reports_pb2

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
REPORTS_FAILED = Counter(
    "codingintel_reports_failed_total",
    "Reports that ended FAILED, by the stage they failed at and the reason"
    " (STEP_FAILED, STEP_TIMEOUT, ATTEMPTS_EXHAUSTED).",
    ["stage", "reason"],
)
REPORT_SECONDS = Histogram(
    "codingintel_report_processing_seconds",
    "Time from a report's submission to its final state, by final state.",
    ["state"],
    buckets=(0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800),
)
ATTEMPTS = Counter(
    "codingintel_attempts_total",
    "Runs of the pipeline started (a retry or a taken-over report is another run).",
)
WORKER_THREADS = Gauge(
    "codingintel_worker_threads", "Worker threads in this process (reports it can run at once)."
)
WORKER_THREADS_BUSY = Gauge(
    "codingintel_worker_threads_busy", "Worker threads running a report now in this process."
)
REPORTS_IN_FLIGHT = Gauge(
    "codingintel_reports_in_flight", "Reports this process is running a stage of now."
)

# Every known label set exists from the start at zero: a series born on its first
# increment hides that increment from rate() and increase(), so the first failure after
# a restart would not show on the dashboard or fire an alert.
for _state in ("COMPLETE", "FAILED", "CANCELLED"):
    REPORTS_FINISHED.labels(_state)
    REPORT_SECONDS.labels(_state)
for _stage in pipeline.STEPS:
    STAGE_SECONDS.labels(_stage)
    RETRIES.labels(_stage)
    DEGRADATIONS.labels(_stage)
    for _reason in ("STEP_FAILED", "STEP_TIMEOUT", "ATTEMPTS_EXHAUSTED"):
        REPORTS_FAILED.labels(_stage, _reason)


def observe_finished(report: Any) -> None:
    """Count a report that reached its final state and observe its end-to-end time."""
    state = reports_pb2.ReportState.Name(report.state).removeprefix("REPORT_STATE_")
    REPORTS_FINISHED.labels(state).inc()
    if report.HasField("create_time") and report.HasField("processing_complete_time"):
        seconds = (
            report.processing_complete_time.ToNanoseconds() - report.create_time.ToNanoseconds()
        ) / 1e9
        REPORT_SECONDS.labels(state).observe(max(0.0, seconds))
