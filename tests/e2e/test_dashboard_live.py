"""The Grafana dashboard against a live Prometheus: a real Prometheus server (Debian's
`prometheus` package) scrapes the five services of an e2e run every second, and every
query of every panel, with the dashboard's variables filled in as Grafana would, must
answer data.

The run is shaped so that every panel has something to show: the production backends
(Comprehend Medical and an OpenAI-compatible LLM, as local fakes) for the external-API
panels; the LLM throttles with a Retry-After longer than the limiter may wait, so a call
is refused; the backends' test-only fault injection fails the last reports'
de-identification (they fail), fails clinical filtering once per report (a degradation)
and coding analysis once per report (a retry)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import math
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..fakes.comprehend import FakeComprehend
from ..fakes.harness import AWS_ENV
from ..fakes.openai_api import THROTTLE, FakeOpenAI
from ..support import EXAMPLES, ROOT, Suite, free_port, start_redis

DASHBOARD = ROOT / "deploy" / "observability" / "grafana-dashboard.json"
ALERTS = ROOT / "deploy" / "observability" / "alerts.yaml"
NAMESPACE = "codingintel-test"
REPORTS = 4
COMPLETING = 2  # the first reports complete; the others fail
LLM_BACKEND = "llm"  # the limiter's name for the OpenAI-compatible API
# The metrics port of each component in Suite.ports.
METRICS_PORTS = {
    "gateway": "gateway_metrics",
    "orchestrator": "metrics",
    "phi": "phi_metrics",
    "coding": "coding_metrics",
    "analysis": "analysis_metrics",
}
# Panels that may answer nothing, with the reason. Keep it short: a panel that cannot
# show data in a run like this one is more likely a wrong query.
NO_DATA_EXPECTED: dict[str, str] = {}


def prometheus_binary() -> str:
    found = shutil.which("prometheus") or (
        "/usr/bin/prometheus" if os.path.exists("/usr/bin/prometheus") else None
    )
    if found is None:
        pytest.fail(
            "the prometheus server is not installed: this test needs Debian's `prometheus`"
            " package (apt-get install prometheus), which .ci/run installs"
        )
    return found


def targets(dashboard: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(panel title, refId, expr) for every query of every panel, rows' panels included."""

    def walk(panels: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
        for panel in panels:
            for target in panel.get("targets", []):
                yield panel["title"], target["refId"], target["expr"]
            yield from walk(panel.get("panels", []))

    yield from walk(dashboard["panels"])


def substitute(expr: str, rate_interval: str) -> str:
    """The query as Grafana sends it with every variable on All (its allValue, `.*`)."""
    for name, value in (
        ("$__rate_interval", rate_interval),
        ("${namespace}", ".*"),
        ("$namespace", ".*"),
        ("${instance}", ".*"),
        ("$instance", ".*"),
    ):
        expr = expr.replace(name, value)
    assert "$" not in expr, f"a variable the test does not know: {expr}"
    return expr


def _generated() -> Any:
    """What deploy/observability/dashboard.py builds now."""
    spec = importlib.util.spec_from_file_location("dashboard", DASHBOARD.with_name("dashboard.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return json.loads(module.render())


class Prometheus:
    """A Prometheus server of the test's own: temporary config and storage, a free port."""

    def __init__(self, folder: Path, scrape: dict[str, int]) -> None:
        self.port = free_port()
        config = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(ALERTS)],
            "scrape_configs": [
                {
                    # The job names and the namespace label a cluster's scrape would give.
                    "job_name": f"codingintel-{component}",
                    "static_configs": [
                        {"targets": [f"127.0.0.1:{port}"], "labels": {"namespace": NAMESPACE}}
                    ],
                }
                for component, port in scrape.items()
            ],
        }
        (folder / "prometheus.yml").write_text(json.dumps(config, indent=2))
        self.log = folder / "prometheus.log"
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [
                    prometheus_binary(),
                    f"--config.file={folder / 'prometheus.yml'}",
                    f"--storage.tsdb.path={folder / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                ],
                stdout=out,
                stderr=out,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url("/-/ready"), timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"prometheus did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def api(self, path: str, **params: str) -> Any:
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(self.url(f"/api/v1/{path}?{query}"), timeout=10) as answer:
            body = json.loads(answer.read())
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        data = self.api("query", query=expr)
        assert data["resultType"] == "vector", data
        return list(data["result"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for(what: str, check: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"Prometheus never saw {what}"
        time.sleep(0.5)


def test_every_dashboard_panel_answers_data_from_a_live_prometheus(
    database_url: str, tmp_path: Path
) -> None:
    prometheus_binary()  # fail first, and clearly, when the server is missing
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard == _generated(), "grafana-dashboard.json is stale: run dashboard.py"
    queries = list(targets(dashboard))
    assert len(queries) >= 15

    # A Redis of the test's own: the LLM's throttle blocks the limiter's shared key, and
    # that must not slow anyone else's run.
    redis_port = free_port()
    (tmp_path / "redis").mkdir()
    redis_server = start_redis(redis_port, tmp_path / "redis")
    faults = {
        # The reports after the first two fail at de-identification.
        "Deidentify": {"fail_times": 1, "code": "INTERNAL", "skip_reports": COMPLETING},
        "FilterClinicalText": {"fail_times": 1, "code": "INTERNAL"},
        "AnalyzeCoding": {"fail_times": 1, "code": "UNAVAILABLE"},
    }
    try:
        with FakeComprehend() as aws, FakeOpenAI(retry_after=1.5) as llm:
            assert isinstance(aws, FakeComprehend) and isinstance(llm, FakeOpenAI)
            overrides = {
                **AWS_ENV,
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "PHI_BACKEND": "comprehend",
                "CODING_BACKEND": "comprehend",
                "ANALYSIS_BACKEND": "openai",
                "COMPREHEND_ENDPOINT_URL": aws.url,
                "OPENAI_BASE_URL": f"{llm.url}/v1",
                "OPENAI_API_KEY": "test-key",
                "LLM_MODEL": "fake-model",
                "LLM_TIMEOUT_SECONDS": "10",
                # Shorter than the throttle's Retry-After: the call after it is refused.
                "RATE_LIMIT_MAX_WAIT_SECONDS": "0.2",
                # Otherwise only the throttle makes a call wait.
                "COMPREHEND_DETECT_PHI_RPS": "1000",
                "COMPREHEND_INFER_ICD10CM_RPS": "1000",
                "COMPREHEND_INFER_SNOMEDCT_RPS": "1000",
                "COMPREHEND_INFER_SNOMEDCT_CONCURRENCY": "10",
                "LLM_RPS": "1000",
                "FAULTS": json.dumps(faults),
                "RETRY_BASE_SECONDS": "1",
                "RETRY_MAX_SECONDS": "2",
                "MAX_ATTEMPTS": "6",
            }
            logs = tmp_path / "logs"
            logs.mkdir()
            began = time.monotonic()
            with Suite(database_url, logs, env_overrides=overrides) as suite:
                prometheus = Prometheus(
                    tmp_path, {c: suite.ports[key] for c, key in METRICS_PORTS.items()}
                )
                try:
                    wait_for(
                        "all five targets up",
                        lambda: len(prometheus.query("up == 1")) == len(METRICS_PORTS),
                    )
                    finished = []
                    # One report at a time, each seen by Prometheus before the next: a
                    # labelled series appears with its first increment, and rate() only
                    # counts increments after a series' first sample, so every kind of
                    # event happens at least twice.
                    for i in range(REPORTS):
                        if i < COMPLETING:
                            llm.then(THROTTLE)
                            aws.fail_next(500, "InternalServerException", operation="InferSNOMEDCT")
                        finished.append(_one_report(suite, EXAMPLES[i % len(EXAMPLES)]))
                        _wait_scraped(prometheus, i + 1)
                        if i == COMPLETING - 1:
                            # Nothing failed yet: the failure rate is 0, not "No data".
                            (rate,) = prometheus.query(
                                substitute(_expr(queries, "Failure rate", "A"), "60s")
                            )
                            assert float(rate["value"][1]) == 0
                    _check(prometheus, queries, finished, time.monotonic() - began)
                finally:
                    prometheus.stop()
    finally:
        redis_server.terminate()
        redis_server.wait(10)


def _expr(queries: list[tuple[str, str, str]], title: str, ref: str) -> str:
    return next(expr for t, r, expr in queries if (t, r) == (title, ref))


def _one_report(suite: Suite, example: Path) -> reports_pb2.Report:
    bundle = example.read_bytes()

    async def run() -> reports_pb2.Report:
        async with ReportsClient(suite.gateway_addr) as client:
            created = await client.create(bundle)
            return await asyncio.wait_for(client.wait(created.report_id), 90)

    return asyncio.run(run())


def _wait_scraped(prometheus: Prometheus, finished: int) -> None:
    def seen() -> bool:
        answer = prometheus.query("sum(codingintel_reports_finished_total)")
        return bool(answer) and float(answer[0]["value"][1]) == finished

    wait_for(f"{finished} reports finished", seen)
    # One more scrape of every target, the backends' included.
    time.sleep(1.5)


def _check(
    prometheus: Prometheus,
    queries: list[tuple[str, str, str]],
    finished: list[reports_pb2.Report],
    elapsed: float,
) -> None:
    states = [reports_pb2.ReportState.Name(r.state) for r in finished]
    assert states == ["REPORT_STATE_COMPLETE"] * COMPLETING + ["REPORT_STATE_FAILED"] * (
        REPORTS - COMPLETING
    ), [(r.state, r.error.message) for r in finished]

    # Grafana's $__rate_interval covers at least four scrapes; here it covers the run, so
    # a panel shows what happened in it (as it would on a dashboard opened right after).
    rate_interval = f"{max(60, math.ceil(elapsed) + 30)}s"
    empty: dict[str, str] = {}
    answers: dict[str, list[dict[str, Any]]] = {}
    for title, ref, expr in queries:
        result = prometheus.query(substitute(expr, rate_interval))
        values = [float(sample["value"][1]) for sample in result]
        key = f"{title} [{ref}]"
        answers[key] = result
        if not any(math.isfinite(v) for v in values):
            empty[key] = f"{substitute(expr, rate_interval)} -> {result}"
    print(f"\ndashboard queries with data: {len(answers) - len(empty)}/{len(answers)}")
    for key, result in answers.items():
        print(f"  {key}: {len(result)} series")
    unexpected = {k: v for k, v in empty.items() if k.split(" [")[0] not in NO_DATA_EXPECTED}
    assert not unexpected, "panels without data:\n" + "\n".join(
        f"{k}: {v}" for k, v in unexpected.items()
    )
    assert len(NO_DATA_EXPECTED) <= 2

    # And the data is the run's: what failed, retried, degraded and was refused where.
    def labels(key: str) -> list[dict[str, str]]:
        return [sample["metric"] for sample in answers[key]]

    def value(key: str) -> float:
        (sample,) = answers[key]
        return float(sample["value"][1])

    assert 0 < value("Failure rate [A]") < 1
    assert value("Reports in flight [A]") == 0
    assert value("Worker utilisation [A]") == 0
    assert {"stage": "phi_detection", "reason": "STEP_FAILED"} in labels(
        "Stage failures and failed reports [B]"
    )
    assert {"stage": "phi_detection", "code": "INTERNAL"} in labels(
        "Stage failures and failed reports [A]"
    )
    assert {"stage": "ai_coding_analysis"} in labels("Retries and degradations [A]")
    assert {"stage": "clinical_filtering"} in labels("Retries and degradations [B]")
    # Comprehend's scripted 500 and the LLM's 429; the call after the 429 refused.
    assert {m["backend"] for m in labels("External API errors and throttling [A]")} == {
        "comprehend-medical",
        LLM_BACKEND,
    }
    assert {m["backend"] for m in labels("External API errors and throttling [B]")} == {LLM_BACKEND}

    # The variables' own queries list what the panels select on.
    namespaces = prometheus.api("label/namespace/values", **{"match[]": "codingintel_service_info"})
    assert namespaces == [NAMESPACE]
    instances = prometheus.api(
        "label/instance/values",
        **{"match[]": f'codingintel_service_info{{namespace=~"{NAMESPACE}"}}'},
    )
    assert len(instances) == len(METRICS_PORTS)

    # The alert rules load and evaluate against the live series without error.
    wait_for(
        "every alert rule evaluated",
        lambda: all(
            rule.get("lastEvaluation", "").startswith("2") and rule["health"] != "unknown"
            for group in prometheus.api("rules")["groups"]
            for rule in group["rules"]
        ),
    )
    rules = [r for g in prometheus.api("rules")["groups"] for r in g["rules"]]
    assert len(rules) >= 6
    assert all(r["health"] == "ok" for r in rules), [
        (r["name"], r.get("lastError")) for r in rules if r["health"] != "ok"
    ]
