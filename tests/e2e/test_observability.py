"""Traces and metrics, end to end: the five services as processes exporting OTLP/gRPC to a
real receiver (opentelemetry-proto's collector TraceService) started here, and every
service's /metrics scraped after the reports are done. AnalyzeCoding fails once per
report (UNAVAILABLE), so every report is retried once: the retry shows in its trace and
in the metrics."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
import redis
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from prometheus_client.parser import text_string_to_metric_families

from codingintel import grpc_server, telemetry
from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..support import EXAMPLES, REDIS_URL, Suite, free_port

STAGES = (
    "phi_detection",
    "clinical_filtering",
    "icd10_inference",
    "snomed_inference",
    "code_inference",
    "ai_coding_analysis",
    "ai_quality_analysis",
)
REPORTS = 2


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_id: str
    links: tuple[str, ...]
    attributes: dict[str, Any]


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):  # type: ignore[misc]
    """An OTLP/gRPC trace receiver that keeps what it is sent."""

    def __init__(self) -> None:
        self.spans: list[ReceivedSpan] = []
        self.lock = threading.Lock()

    def Export(
        self, request: trace_service_pb2.ExportTraceServiceRequest, context: Any
    ) -> trace_service_pb2.ExportTraceServiceResponse:
        received = []
        for resource_spans in request.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes: dict[str, Any] = {}
                    for attribute in span.attributes:
                        value = attribute.value
                        kind = value.WhichOneof("value")
                        attributes[attribute.key] = getattr(value, kind) if kind else None
                    received.append(
                        ReceivedSpan(
                            service=resource.get("service.name", ""),
                            name=span.name,
                            kind=span.kind,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_id=span.parent_span_id.hex(),
                            links=tuple(link.span_id.hex() for link in span.links),
                            attributes=attributes,
                        )
                    )
        with self.lock:
            self.spans.extend(received)
        return trace_service_pb2.ExportTraceServiceResponse()

    def snapshot(self) -> list[ReceivedSpan]:
        with self.lock:
            return list(self.spans)


@pytest.fixture(scope="module")
def receiver() -> Iterator[tuple[Receiver, int]]:
    servicer = Receiver()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, port
    server.stop(None)


@pytest.fixture(scope="module")
def traced_suite(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, receiver: tuple[Receiver, int]
) -> Iterator[Suite]:
    _, port = receiver
    overrides = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=test",
        "FAULTS": json.dumps({"AnalyzeCoding": {"fail_times": 1, "code": "UNAVAILABLE"}}),
        "RETRY_BASE_SECONDS": "0.2",
        "RETRY_MAX_SECONDS": "0.5",
    }
    with Suite(database_url, tmp_path_factory.mktemp("logs"), env_overrides=overrides) as suite:
        yield suite


@pytest.fixture(scope="module")
def client_tracing(receiver: tuple[Receiver, int]) -> Iterator[TracerProvider]:
    _, port = receiver
    provider = TracerProvider(resource=Resource({"service.name": "test-client"}))
    exporter = OTLPSpanExporter(endpoint=f"127.0.0.1:{port}", insecure=True)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider
    provider.shutdown()


@pytest.fixture(scope="module")
def finished(traced_suite: Suite, client_tracing: TracerProvider) -> list[reports_pb2.Report]:
    """REPORTS reports submitted with a traced client, each waited for to the end."""

    async def submit_all() -> list[reports_pb2.Report]:
        channel = grpc.aio.insecure_channel(
            traced_suite.gateway_addr,
            options=grpc_server.CHANNEL_OPTIONS,
            interceptors=telemetry.client_interceptors(client_tracing),
        )
        async with ReportsClient(traced_suite.gateway_addr, channel=channel) as client:
            done = []
            for path in EXAMPLES[:REPORTS]:
                created = await client.create(await asyncio.to_thread(path.read_bytes))
                done.append(await asyncio.wait_for(client.wait(created.report_id), 60))
            return done

    return asyncio.run(submit_all())


def _one_trace(receiver: Receiver, report_id: str, timeout: float = 20.0) -> list[ReceivedSpan]:
    """Every span of the trace that carries the report, once its last server span is in."""
    deadline = time.monotonic() + timeout
    while True:
        spans = receiver.snapshot()
        consumer = [
            s
            for s in spans
            if s.kind == 5 and s.attributes.get("codingintel.report_id") == report_id
        ]
        if consumer:
            trace_id = consumer[0].trace_id
            in_trace = [s for s in spans if s.trace_id == trace_id]
            names = {(s.service, s.name) for s in in_trace}
            if (
                "codingintel-analysis",
                "codingintel.analysis.v1.AnalysisService/AnalyzeQuality",
            ) in names and any(s.name == "stage ai_quality_analysis" for s in in_trace):
                return in_trace
        if time.monotonic() > deadline:
            raise AssertionError(
                f"trace incomplete: {sorted({(s.service, s.name) for s in spans})}"
            )
        time.sleep(0.2)


def _tree(spans: list[ReceivedSpan]) -> str:
    by_parent: dict[str, list[ReceivedSpan]] = {}
    ids = {s.span_id for s in spans}
    for span in spans:
        by_parent.setdefault(span.parent_id if span.parent_id in ids else "", []).append(span)
    lines: list[str] = []

    def walk(parent: str, depth: int) -> None:
        for span in by_parent.get(parent, []):
            lines.append(f"{'  ' * depth}{span.service}: {span.name}")
            walk(span.span_id, depth + 1)

    walk("", 0)
    return "\n".join(lines)


def test_one_trace_runs_from_the_client_through_every_hop(
    finished: list[reports_pb2.Report], receiver: tuple[Receiver, int], traced_suite: Suite
) -> None:
    servicer, _ = receiver
    report = finished[0]
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error.message
    spans = _one_trace(servicer, report.report_id)
    print(_tree(spans))
    assert len({s.trace_id for s in spans}) == 1
    by_id = {s.span_id: s for s in spans}

    def one(service: str, name: str, kind: int) -> ReceivedSpan:
        found = [s for s in spans if s.service == service and s.name == name and s.kind == kind]
        assert found, f"no {kind} span {name} in {service}:\n{_tree(spans)}"
        return found[0]

    def parent(span: ReceivedSpan) -> ReceivedSpan:
        assert span.parent_id in by_id, f"{span.name} has no parent in the trace"
        return by_id[span.parent_id]

    # SpanKind numbers in OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
    client = one("test-client", "codingintel.reports.v1.ReportService/CreateReport", 3)
    assert client.parent_id == ""
    gateway = one("codingintel-gateway", "codingintel.reports.v1.ReportService/CreateReport", 2)
    assert parent(gateway) is client
    assert gateway.attributes["rpc.grpc.status_code"] == 0
    producer = [s for s in spans if s.kind == 4 and s.service == "codingintel-gateway"]
    assert len(producer) == 1, _tree(spans)
    assert parent(producer[0]) is gateway
    assert producer[0].attributes["messaging.operation.type"] == "send"
    # Two runs: the first fails at ai_coding_analysis and sends its retry from inside its
    # CONSUMER span; the retry's run continues the same trace from that message.
    consumers = sorted(
        (s for s in spans if s.kind == 5), key=lambda s: s.attributes["messaging.dramatiq.retries"]
    )
    assert len(consumers) == 2, _tree(spans)
    first, second = (c for c in consumers if parent(c) is producer[0]), None
    first_run = next(first)
    assert producer[0].span_id in first_run.links
    assert first_run.service == "codingintel-orchestrator"
    assert first_run.attributes["messaging.operation.type"] == "process"
    assert first_run.attributes["messaging.system"] == "dramatiq"
    # The retry is a delayed message: sent by the first run, moved to the queue when due
    # (a second send, in the same trace), then processed.
    retry = [s for s in spans if s.kind == 4 and s.service == "codingintel-orchestrator"]
    assert len(retry) == 2, _tree(spans)
    sent, moved = sorted(retry, key=lambda s: s.parent_id != first_run.span_id)
    assert parent(sent) is first_run
    assert sent.attributes["codingintel.delay_ms"] > 0
    assert parent(moved) is sent
    second = next(c for c in consumers if c is not first_run)
    assert parent(second) is moved
    assert moved.span_id in second.links

    stage_spans = [s for s in spans if s.name.startswith("stage ")]
    assert {s.attributes["codingintel.stage"] for s in stage_spans} == set(STAGES)
    for stage in stage_spans:
        assert parent(stage) in (first_run, second)
        assert stage.attributes["codingintel.report_id"] == report.report_id
    failed_stage = [s for s in stage_spans if parent(s) is first_run][-1]
    assert failed_stage.attributes["codingintel.stage"] == "ai_coding_analysis"
    assert failed_stage.attributes["rpc.grpc.status_code"] == 14  # UNAVAILABLE
    assert {s.attributes["codingintel.stage"] for s in stage_spans if parent(s) is second} == {
        "ai_coding_analysis",
        "ai_quality_analysis",
    }

    calls = {
        "phi_detection": ("codingintel-phi", "codingintel.phi.v1.PhiService/Deidentify"),
        "clinical_filtering": (
            "codingintel-coding",
            "codingintel.coding.v1.CodingService/FilterClinicalText",
        ),
        "icd10_inference": (
            "codingintel-coding",
            "codingintel.coding.v1.CodingService/InferIcd10Codes",
        ),
        "snomed_inference": (
            "codingintel-coding",
            "codingintel.coding.v1.CodingService/InferSnomedCodes",
        ),
        "ai_coding_analysis": (
            "codingintel-analysis",
            "codingintel.analysis.v1.AnalysisService/AnalyzeCoding",
        ),
        "ai_quality_analysis": (
            "codingintel-analysis",
            "codingintel.analysis.v1.AnalysisService/AnalyzeQuality",
        ),
    }
    for stage_name, (service, method) in calls.items():
        made = [s for s in spans if s.kind == 3 and s.name == method]
        answered = [s for s in spans if s.kind == 2 and s.name == method]
        expected = 2 if stage_name == "ai_coding_analysis" else 1
        assert len(made) == len(answered) == expected, _tree(spans)
        for call in made:
            assert call.service == "codingintel-orchestrator"
            assert parent(call).attributes["codingintel.stage"] == stage_name
        for server in answered:
            assert server.service == service
            assert parent(server) in made
    codes = sorted(
        s.attributes["rpc.grpc.status_code"]
        for s in spans
        if s.kind == 2 and s.name.endswith("/AnalyzeCoding")
    )
    assert codes == [0, 14]

    # Database and Redis calls show inside the spans that made them.
    database = [s for s in spans if s.attributes.get("db.system") == "postgresql"]
    assert any(parent(s) is gateway for s in database), _tree(spans)
    assert any(parent(s).name.startswith("stage ") for s in database)
    assert any(s.attributes.get("db.system") == "redis" for s in spans)

    # The worker's log lines about the report carry the trace's id and their span's.
    lines = [
        json.loads(line)
        for line in (traced_suite.log_dir / "orchestrator.log").read_text().splitlines()
        if line.startswith("{") and report.report_id in line
    ]
    traced = [line for line in lines if "trace_id" in line]
    assert traced, lines
    for line in traced:
        assert line["trace_id"] == client.trace_id
        assert line["span_id"] in by_id

    # No input value in any attribute: the note text and names stay out of spans.
    values = " ".join(str(v) for s in spans for v in s.attributes.values())
    for text in ("Patient", "mellitus", "diabetes", "birthDate"):
        assert text not in values


def test_health_watch_and_reflection_work_on_an_instrumented_server(
    traced_suite: Suite,
) -> None:
    for name in ("gateway", "phi"):
        with grpc.insecure_channel(f"127.0.0.1:{traced_suite.ports[name]}") as channel:
            watch = health_pb2_grpc.HealthStub(channel).Watch(
                health_pb2.HealthCheckRequest(), timeout=5
            )
            first = next(watch)
            assert first.status == health_pb2.HealthCheckResponse.SERVING
            watch.cancel()
            reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
            answers = list(
                reflection.ServerReflectionInfo(
                    iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5
                )
            )
            services = {s.name for s in answers[0].list_services_response.service}
            assert "grpc.health.v1.Health" in services
            assert len(services) >= 3


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


def _handled(samples: dict[str, float], service: str, method: str, code: str = "OK") -> float:
    key = (
        "codingintel_grpc_server_handled_total"
        f'{{grpc_code="{code}",grpc_method="{method}",grpc_service="{service}"}}'
    )
    return samples.get(key, 0.0)


def test_every_service_serves_metrics_that_add_up(
    finished: list[reports_pb2.Report], traced_suite: Suite
) -> None:
    ports = traced_suite.ports
    gateway = scrape(ports["gateway_metrics"])
    orchestrator = scrape(ports["metrics"])
    phi = scrape(ports["phi_metrics"])
    coding = scrape(ports["coding_metrics"])
    analysis = scrape(ports["analysis_metrics"])
    for component, samples in (
        ("gateway", gateway),
        ("orchestrator", orchestrator),
        ("phi", phi),
        ("coding", coding),
        ("analysis", analysis),
    ):
        assert samples[f'codingintel_service_info{{component="{component}"}}'] == 1.0

    created = _handled(gateway, "codingintel.reports.v1.ReportService", "CreateReport")
    assert created == REPORTS
    complete = orchestrator.get('codingintel_reports_finished_total{state="COMPLETE"}', 0.0)
    failed = orchestrator.get('codingintel_reports_finished_total{state="FAILED"}', 0.0)
    assert complete + failed == created
    assert complete == sum(r.state == reports_pb2.REPORT_STATE_COMPLETE for r in finished)
    assert orchestrator['codingintel_report_processing_seconds_count{state="COMPLETE"}'] == complete
    for stage in STAGES:
        assert orchestrator[f'codingintel_stage_duration_seconds_count{{stage="{stage}"}}'] == (
            REPORTS
        )
    assert orchestrator["codingintel_attempts_total"] == 2 * REPORTS
    assert orchestrator['codingintel_retries_total{stage="ai_coding_analysis"}'] == REPORTS
    assert (
        orchestrator[
            'codingintel_stage_failures_total{code="UNAVAILABLE",stage="ai_coding_analysis"}'
        ]
        == REPORTS
    )
    assert orchestrator["codingintel_worker_threads"] == 8
    assert orchestrator["codingintel_worker_threads_busy"] == 0
    assert orchestrator["codingintel_reports_in_flight"] == 0

    # Each backend answered each stage's call once per report.
    for samples, service, methods in (
        (phi, "codingintel.phi.v1.PhiService", ("Deidentify",)),
        (
            coding,
            "codingintel.coding.v1.CodingService",
            ("FilterClinicalText", "InferIcd10Codes", "InferSnomedCodes"),
        ),
        (analysis, "codingintel.analysis.v1.AnalysisService", ("AnalyzeCoding", "AnalyzeQuality")),
    ):
        for method in methods:
            assert _handled(samples, service, method) == REPORTS
            calls = REPORTS
            if method == "AnalyzeCoding":
                assert _handled(samples, service, method, "UNAVAILABLE") == REPORTS
                calls = 2 * REPORTS
            count = (
                "codingintel_grpc_server_handling_seconds_count"
                f'{{grpc_method="{method}",grpc_service="{service}"}}'
            )
            assert samples[count] == calls
    # The watch streams the client opened are closed again; health probes are not counted.
    watch = 'codingintel_grpc_server_in_flight{grpc_method="WatchReport",grpc_service="codingintel.reports.v1.ReportService"}'
    assert gateway[watch] == 0
    watched = sum(
        value
        for key, value in gateway.items()
        if key.startswith("codingintel_grpc_server_handled_total{")
        and 'grpc_method="WatchReport"' in key
    )
    assert watched >= REPORTS, {k: v for k, v in gateway.items() if "WatchReport" in k}
    assert not any("grpc.health.v1.Health" in key for key in gateway)

    # The reconciler's leader reports the queue: empty once everything is done.
    deadline = time.monotonic() + 10
    queue = f'codingintel_queue_depth{{queue="{traced_suite.queue_name}"}}'
    while orchestrator.get(queue) != 0.0:
        assert time.monotonic() < deadline, "no queue depth"
        time.sleep(0.5)
        orchestrator = scrape(ports["metrics"])


def test_tracing_is_off_without_an_endpoint(tmp_path: Path) -> None:
    """No endpoint: the services run without the SDK (no export, nothing logged about it)."""
    log = tmp_path / "phi.log"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")} | {
        "PHI_LISTEN_ADDR": f"127.0.0.1:{port}",
        "PHI_METRICS_PORT": "0",
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "codingintel_phi"], env=env, stdout=out, stderr=out
        )
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=20)
            status = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=5
            )
            assert status.status in (
                health_pb2.HealthCheckResponse.SERVING,
                health_pb2.HealthCheckResponse.NOT_SERVING,
            )
    finally:
        process.terminate()
        process.wait(20)
    text = log.read_text()
    assert "tracing on" not in text
    assert "trace_id" not in text


def test_a_message_the_reconciler_sends_again_continues_the_reports_trace(
    database_url: str,
    tmp_path: Path,
    receiver: tuple[Receiver, int],
    client_tracing: TracerProvider,
) -> None:
    """The gateway's message is lost (deleted from Redis while no worker runs); the
    reconciler sends it again, and that send joins the trace of the CreateReport call."""
    servicer, port = receiver
    overrides = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{port}",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "REQUEUE_AFTER_SECONDS": "1",
        "RECONCILE_INTERVAL_SECONDS": "0.5",
    }
    with Suite(database_url, tmp_path, env_overrides=overrides) as suite:
        suite.stop("orchestrator")

        async def create() -> str:
            channel = grpc.aio.insecure_channel(
                suite.gateway_addr,
                options=grpc_server.CHANNEL_OPTIONS,
                interceptors=telemetry.client_interceptors(client_tracing),
            )
            async with ReportsClient(suite.gateway_addr, channel=channel) as client:
                return (await client.create(EXAMPLES[0].read_bytes())).report_id

        report_id = asyncio.run(create())
        lost = redis.Redis.from_url(REDIS_URL)
        assert lost.delete(f"dramatiq:{suite.queue_name}", f"dramatiq:{suite.queue_name}.msgs")
        lost.close()
        suite.start("orchestrator")
        suite.wait_serving("orchestrator")

        async def wait() -> reports_pb2.Report:
            async with ReportsClient(suite.gateway_addr) as client:
                return await asyncio.wait_for(client.wait(report_id), 60)

        assert asyncio.run(wait()).state == reports_pb2.REPORT_STATE_COMPLETE
        assert "reconciler re-enqueued reports" in suite.log("orchestrator")
    spans = _one_trace(servicer, report_id)
    print(_tree(spans))
    names = {(s.service, s.name, s.kind) for s in spans}
    # SpanKind numbers in OTLP: 2 server, 3 client, 4 producer, 5 consumer.
    assert ("test-client", "codingintel.reports.v1.ReportService/CreateReport", 3) in names
    assert ("codingintel-gateway", "codingintel.reports.v1.ReportService/CreateReport", 2) in names
    producers = {s.service for s in spans if s.kind == 4}
    assert producers == {"codingintel-gateway", "codingintel-orchestrator"}, _tree(spans)
