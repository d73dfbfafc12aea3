"""Writes grafana-dashboard.json: `python deploy/observability/dashboard.py`
(`--check` fails when the JSON is stale; check-alerts.sh runs it).

The dashboard is generated so that every panel uses the same selectors; edit this file,
not the JSON, and commit both."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

NS = 'namespace=~"$namespace"'
SEL = f'{NS}, instance=~"$instance"'
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}


def target(expr: str, legend: str, ref: str) -> dict[str, Any]:
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "refId": ref}


def panel(
    title: str,
    targets: list[tuple[str, str]],
    x: int,
    y: int,
    unit: str = "short",
    w: int = 8,
    h: int = 8,
    description: str = "",
    kind: str = "timeseries",
) -> dict[str, Any]:
    return {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "fieldConfig": {"defaults": {"unit": unit, "min": 0}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
        "targets": [
            target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(targets)
        ],
    }


def row(title: str, y: int) -> dict[str, Any]:
    return {
        "type": "row",
        "title": title,
        "collapsed": False,
        "gridPos": {"x": 0, "y": y, "w": 24, "h": 1},
        "panels": [],
    }


def quantiles(metric: str, by: str = "") -> list[tuple[str, str]]:
    group = f"{by}, le" if by else "le"
    return [
        (
            f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket{{{SEL}}}[$__rate_interval])))",
            f"p{int(q * 100)}" + (f" {{{{{by}}}}}" if by else ""),
        )
        for q in (0.5, 0.95, 0.99)
    ]


def build() -> dict[str, Any]:
    panels: list[dict[str, Any]] = []
    y = 0
    panels.append(row("Reports", y))
    y += 1
    panels += [
        panel(
            "Throughput",
            [
                (
                    f"sum(rate(codingintel_reports_created_total{{{SEL}}}[$__rate_interval]))",
                    "created",
                ),
                (
                    f"sum by (state) (rate(codingintel_reports_finished_total{{{SEL}}}[$__rate_interval]))",
                    "finished {{state}}",
                ),
            ],
            0,
            y,
            unit="reqps",
            description="Reports created at the gateway and finished by the workers, per second.",
        ),
        panel(
            "Queue depth",
            [
                (f"max by (queue) (codingintel_queue_depth{{{NS}}})", "{{queue}}"),
                (
                    f"max by (queue, state) (codingintel_queue_messages{{{NS}}})",
                    "{{queue}} {{state}}",
                ),
            ],
            8,
            y,
            description="Messages waiting, delayed (retries) and in flight; reported by the reconciler's leader.",
        ),
        panel(
            "Reports in flight",
            [(f"sum(codingintel_reports_in_flight{{{SEL}}})", "in flight")],
            16,
            y,
        ),
    ]
    y += 8
    panels += [
        panel(
            "Processing time (submission to final state)",
            quantiles("codingintel_report_processing_seconds"),
            0,
            y,
            unit="s",
            w=12,
        ),
        panel(
            "Failure rate",
            [
                (
                    # `or vector(0)`: no FAILED series yet is 0%, not "No data".
                    f'(sum(rate(codingintel_reports_finished_total{{{SEL}, state="FAILED"}}[15m]))'
                    " or vector(0))"
                    f" / sum(rate(codingintel_reports_finished_total{{{SEL}}}[15m]))",
                    "failed / finished (15m)",
                )
            ],
            12,
            y,
            unit="percentunit",
            w=12,
            description="Share of finished reports that FAILED; the alert fires above 5%.",
        ),
    ]
    y += 8
    panels.append(row("Pipeline stages", y))
    y += 1
    panels += [
        panel(
            "Stage latency p95",
            [
                (
                    f"histogram_quantile(0.95, sum by (stage, le) (rate(codingintel_stage_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))",
                    "{{stage}}",
                )
            ],
            0,
            y,
            unit="s",
        ),
        panel(
            "Stage failures and failed reports",
            [
                (
                    f"sum by (stage, code) (rate(codingintel_stage_failures_total{{{SEL}}}[$__rate_interval]))",
                    "{{stage}} {{code}}",
                ),
                (
                    f"sum by (stage, reason) (rate(codingintel_reports_failed_total{{{SEL}}}[$__rate_interval]))",
                    "report failed at {{stage}}: {{reason}}",
                ),
            ],
            8,
            y,
            unit="ops",
        ),
        panel(
            "Retries and degradations",
            [
                (
                    f"sum by (stage) (rate(codingintel_retries_total{{{SEL}}}[$__rate_interval]))",
                    "retry {{stage}}",
                ),
                (
                    f"sum by (stage) (rate(codingintel_degradations_total{{{SEL}}}[$__rate_interval]))",
                    "degraded {{stage}}",
                ),
            ],
            16,
            y,
            unit="ops",
        ),
    ]
    y += 8
    panels.append(row("Workers and streams", y))
    y += 1
    panels += [
        panel(
            "Worker utilisation",
            [
                (
                    f"sum(codingintel_worker_threads_busy{{{SEL}}}) / sum(codingintel_worker_threads{{{SEL}}})",
                    "busy / total",
                ),
                (
                    f"sum by (instance) (codingintel_worker_threads_busy{{{SEL}}}) / sum by (instance) (codingintel_worker_threads{{{SEL}}})",
                    "{{instance}}",
                ),
            ],
            0,
            y,
            unit="percentunit",
        ),
        panel(
            "Watch streams open",
            [
                (f"sum(codingintel_watch_streams_open{{{SEL}}})", "watch streams"),
                (
                    f'sum(codingintel_grpc_server_in_flight{{{SEL}, grpc_method="WatchReport"}})',
                    "WatchReport calls open",
                ),
            ],
            8,
            y,
        ),
        panel(
            "gRPC calls by method and code",
            [
                (
                    f"sum by (grpc_method, grpc_code) (rate(codingintel_grpc_server_handled_total{{{SEL}}}[$__rate_interval]))",
                    "{{grpc_method}} {{grpc_code}}",
                )
            ],
            16,
            y,
            unit="reqps",
        ),
    ]
    y += 8
    panels += [
        panel(
            "gRPC latency p95 by method",
            [
                (
                    f'histogram_quantile(0.95, sum by (grpc_method, le) (rate(codingintel_grpc_server_handling_seconds_bucket{{{SEL}, grpc_method!="WatchReport"}}[$__rate_interval])))',
                    "{{grpc_method}}",
                )
            ],
            0,
            y,
            unit="s",
            w=24,
        ),
    ]
    y += 8
    panels.append(row("External APIs", y))
    y += 1
    panels += [
        panel(
            "External API calls by outcome",
            [
                (
                    f"sum by (backend, operation, outcome) (rate(codingintel_external_attempts_total{{{SEL}}}[$__rate_interval]))",
                    "{{backend}} {{operation}} {{outcome}}",
                ),
                (
                    f"sum by (model, prompt, outcome) (rate(codingintel_llm_calls_total{{{SEL}}}[$__rate_interval]))",
                    "llm {{prompt}} {{outcome}}",
                ),
            ],
            0,
            y,
            unit="reqps",
        ),
        panel(
            "External API errors and throttling",
            [
                (
                    f'sum by (backend, operation) (rate(codingintel_external_attempts_total{{{SEL}, outcome!="ok"}}[$__rate_interval]))',
                    "{{backend}} {{operation}} not ok",
                ),
                (
                    f"sum by (backend, operation) (rate(codingintel_ratelimit_refused_total{{{SEL}}}[$__rate_interval]))",
                    "{{backend}} {{operation}} refused by limiter",
                ),
            ],
            8,
            y,
            unit="reqps",
        ),
        panel(
            "LLM tokens",
            [
                (
                    f"sum by (model, kind) (rate(codingintel_llm_tokens_total{{{SEL}}}[$__rate_interval]))",
                    "{{model}} {{kind}}",
                )
            ],
            16,
            y,
            unit="short",
            description="Tokens per second by model and kind (prompt, completion).",
        ),
    ]
    for index, item in enumerate(panels, start=1):
        item["id"] = index

    def variable(name: str, label: str, query: str) -> dict[str, Any]:
        return {
            "name": name,
            "label": label,
            "type": "query",
            "datasource": DATASOURCE,
            "query": {"query": query, "refId": name},
            "definition": query,
            "refresh": 2,
            "includeAll": True,
            "multi": True,
            "allValue": ".*",
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
            "sort": 1,
        }

    return {
        "uid": "codingintel-overview",
        "title": "codingintel",
        "description": "Reports, queue, pipeline stages, workers, watch streams and external APIs.",
        "tags": ["codingintel"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "datasource",
                    "label": "Data source",
                    "type": "datasource",
                    "query": "prometheus",
                    "current": {},
                },
                variable(
                    "namespace", "Namespace", "label_values(codingintel_service_info, namespace)"
                ),
                variable(
                    "instance",
                    "Instance",
                    'label_values(codingintel_service_info{namespace=~"$namespace"}, instance)',
                ),
            ]
        },
        "annotations": {"list": []},
        "panels": panels,
    }


def render() -> str:
    return json.dumps(build(), indent=2) + "\n"


if __name__ == "__main__":
    out = Path(__file__).with_name("grafana-dashboard.json")
    if sys.argv[1:] == ["--check"]:
        if not out.exists() or out.read_text() != render():
            sys.exit(f"{out.name} is stale: run python {Path(__file__).name} and commit both")
        print(f"{out.name}: matches {Path(__file__).name}")
    else:
        out.write_text(render())
