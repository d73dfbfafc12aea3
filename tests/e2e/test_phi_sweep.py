"""The PHI sweep: encounters with planted PHI (names, MRN, SSN, phone, email, address,
dates; in the Patient resource and in the notes) go through the five services as real
processes, with tracing on and the backends' test-only faults making reports fail,
time out, degrade and be retried; a bundle that fails validation carries the same
values. Afterwards every planted value is searched for, case-insensitively, in:

- every line each service wrote (its JSON log, and anything else on stdout/stderr);
- every span exported over OTLP (the raw export requests: names, attributes, events,
  links, status messages, resources);
- every metric sample of every service's /metrics (names and label values);
- every command sent to the run's own Redis (MONITOR: Dramatiq messages included, even
  those acknowledged and gone) and every key and value left in it at the end;
- the Postgres tables that are not the encounter itself: `report_events` (the Report at
  each version), `audit_log`, and the error of each report;
- the answers the client got (final reports, the validation error).

Zero hits. The raw bundle in `encounters` must hold the values: that proves they were
planted and that the search finds them."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import psycopg
import pytest
import redis
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..support import ROOT, Suite, free_port, start_redis

EXAMPLE = ROOT / "examples" / "01-type2-diabetes-followup.json"

# The example's PHI, replaced by values that appear nowhere else. Longer first, so that a
# full name is replaced before its parts.
REPLACEMENTS = (
    ("dolores.whitcombe58@example.com", "quorvane.blixtoth61@examplemail.org"),
    ("Dolores Ann Whitcombe", "Quorvane Ysolde Blixtoth"),
    ("Dolores A. Whitcombe", "Quorvane Y. Blixtoth"),
    ("Dolores", "Quorvane"),
    ("Whitcombe", "Blixtoth"),
    ("MRN-004417", "MRN-738214659"),
    ("912-47-3380", "618-27-4953"),
    ("(555) 238-4471", "(415) 867-2291"),
    ("1959-08-22", "1957-03-29"),
    ("08/22/1959", "03/29/1957"),
    ("1418 Larkspur Lane", "4417 Wrenfield Crescent"),
    ("Dayton", "Hollowmere"),
)
# What is searched for: each planted value, and the distinctive parts of each.
PLANTED = (
    "Quorvane",
    "Ysolde",
    "Blixtoth",
    "738214659",
    "618-27-4953",
    "618274953",
    "867-2291",
    "8672291",
    "quorvane.blixtoth61@examplemail.org",
    "examplemail",
    "1957-03-29",
    "03/29/1957",
    "Wrenfield",
    "Hollowmere",
)
# Note text that is not PHI: it belongs in a de-identified note, never in the audit log.
NOTE_TEXT = "inconsistent adherence to metformin"
REPORTS = 4


def planted_bundle() -> bytes:
    bundle = json.loads(EXAMPLE.read_text())
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient":
            resource["name"][0]["given"] = ["Quorvane", "Ysolde"]
        for content in resource.get("content", []):
            attachment = content["attachment"]
            if "data" in attachment:
                text = base64.b64decode(attachment["data"]).decode()
                for old, new in REPLACEMENTS:
                    text = text.replace(old, new)
                # Planted again where the notes did not have them yet.
                text += (
                    "\nAddendum: Quorvane Blixtoth (DOB 1957-03-29) called from"
                    " (415) 867-2291 about 4417 Wrenfield Crescent, Hollowmere; MRN-738214659."
                )
                attachment["data"] = base64.b64encode(text.encode()).decode()
    text = json.dumps(bundle)
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    assert "Whitcombe" not in text and "Blixtoth" in text
    return text.encode()


def invalid_bundle() -> bytes:
    """The planted bundle with values a validator would quote in its message."""
    bundle = json.loads(planted_bundle())
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient":
            resource["birthDate"] = "Quorvane Blixtoth 738214659"
            resource["gender"] = "618-27-4953"
    return json.dumps(bundle).encode()


def hits(blob: bytes | str, where: str) -> list[str]:
    """Each planted value found in `blob`, with some context."""
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    lowered = text.lower()
    found = []
    for value in PLANTED:
        at = lowered.find(value.lower())
        if at >= 0:
            found.append(f"{where}: {value!r} in ...{text[max(0, at - 120) : at + 80]!r}...")
    return found


class RawReceiver(trace_service_pb2_grpc.TraceServiceServicer):  # type: ignore[misc]
    """An OTLP/gRPC trace receiver that keeps every export request as sent."""

    def __init__(self) -> None:
        self.requests: list[trace_service_pb2.ExportTraceServiceRequest] = []
        self.lock = threading.Lock()

    def Export(
        self, request: trace_service_pb2.ExportTraceServiceRequest, context: Any
    ) -> trace_service_pb2.ExportTraceServiceResponse:
        with self.lock:
            self.requests.append(request)
        return trace_service_pb2.ExportTraceServiceResponse()

    def spans(self) -> list[tuple[str, Any]]:
        """(service name, span) for every span received."""
        with self.lock:
            requests = list(self.requests)
        found = []
        for request in requests:
            for resource_spans in request.resource_spans:
                service = next(
                    (
                        a.value.string_value
                        for a in resource_spans.resource.attributes
                        if a.key == "service.name"
                    ),
                    "",
                )
                for scope_spans in resource_spans.scope_spans:
                    found += [(service, span) for span in scope_spans.spans]
        return found

    def raw(self) -> list[bytes]:
        with self.lock:
            return [request.SerializeToString() for request in self.requests]


@pytest.fixture
def receiver() -> Iterator[tuple[RawReceiver, int]]:
    servicer = RawReceiver()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, port
    server.stop(None)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A Redis of the test's own, every command it receives written down (MONITOR)."""
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    server = start_redis(port, folder)
    commands = tmp_path / "redis-monitor.log"
    with open(commands, "wb") as out:
        monitor = subprocess.Popen(
            ["redis-cli", "-p", str(port), "monitor"], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        # MONITOR answers OK once it is listening.
        deadline = time.monotonic() + 10
        while b"OK" not in commands.read_bytes():
            assert time.monotonic() < deadline, "redis-cli monitor did not start"
            time.sleep(0.05)
        yield port, commands
    finally:
        monitor.terminate()
        monitor.wait(10)
        server.terminate()
        server.wait(10)


def redis_dump(port: int) -> list[tuple[str, bytes]]:
    """Every key of the database and its value, whatever its type."""
    # Any: redis-py's annotations do not know this client answers bytes.
    client: Any = redis.Redis(port=port)
    dump: list[tuple[str, bytes]] = []
    try:
        for key in client.scan_iter(count=1000):
            kind = client.type(key).decode()
            name = key.decode("utf-8", "replace")
            values: list[bytes] = [key]
            if kind == "string":
                values.append(client.get(key) or b"")
            elif kind == "hash":
                for field, value in client.hgetall(key).items():
                    values += [field, value]
            elif kind == "list":
                values += client.lrange(key, 0, -1)
            elif kind == "set":
                values += list(client.smembers(key))
            elif kind == "zset":
                values += [member for member, _ in client.zrange(key, 0, -1, withscores=True)]
            elif kind == "stream":
                for _, fields in client.xrange(key):
                    for field, value in fields.items():
                        values += [field, value]
            dump.append((f"{kind} {name}", b"\n".join(values)))
    finally:
        client.close()
    return dump


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        return str(answer.read().decode())


class RedisSampler(threading.Thread):
    """Dumps the Redis database every few hundred milliseconds while the reports run, so
    that messages waiting, delayed or in flight are seen as stored, not only as sent."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.found: list[str] = []
        self.samples = 0
        self.keys: set[str] = set()

    def run(self) -> None:
        while not self.stop.wait(0.3):
            try:
                dump = redis_dump(self.port)
            except redis.RedisError:
                continue
            self.samples += 1
            for key, blob in dump:
                self.keys.add(key)
                self.found += hits(blob, f"redis (during the run) {key}")


def test_planted_phi_appears_in_no_log_span_metric_or_queue_message(
    database_url: str,
    tmp_path: Path,
    receiver: tuple[RawReceiver, int],
    own_redis: tuple[int, Path],
) -> None:
    servicer, otlp_port = receiver
    redis_port, monitor_log = own_redis
    faults = {
        # One report fails at de-identification (fail-closed: it goes no further).
        "Deidentify": {"fail_times": 1, "code": "INTERNAL", "reports": 1},
        # Every report's filtering fails once: the pipeline degrades and goes on.
        "FilterClinicalText": {"fail_times": 1, "code": "INTERNAL"},
        # Every report's coding analysis fails once, transiently: the report is retried.
        "AnalyzeCoding": {"fail_times": 1, "code": "UNAVAILABLE"},
        # One report's quality analysis outlasts its deadline on every attempt.
        "AnalyzeQuality": {"delay_ms": 2500, "reports": 1},
    }
    overrides = {
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{otlp_port}",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "LOG_LEVEL": "DEBUG",
        "FAULTS": json.dumps(faults),
        "ANALYSIS_TIMEOUT_SECONDS": "1",
        "RETRY_BASE_SECONDS": "0.3",
        "RETRY_MAX_SECONDS": "0.6",
        "MAX_ATTEMPTS": "3",
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    bundle = planted_bundle()
    invalid = invalid_bundle()
    found: list[str] = []
    sampler = RedisSampler(redis_port)
    with Suite(database_url, logs, env_overrides=overrides) as suite:
        sampler.start()
        try:
            finished, rejection = asyncio.run(_run(suite, bundle, invalid))
        finally:
            sampler.stop.set()
            sampler.join(10)
        metrics = {
            name: scrape(suite.ports[key])
            for name, key in (
                ("gateway", "gateway_metrics"),
                ("orchestrator", "metrics"),
                ("phi", "phi_metrics"),
                ("coding", "coding_metrics"),
                ("analysis", "analysis_metrics"),
            )
        }
        redis_left = redis_dump(redis_port)
    # The services have stopped: their logs are complete and their spans flushed.

    # The run went through every path it was meant to.
    states = sorted(reports_pb2.ReportState.Name(r.state) for r in finished)
    assert states.count("REPORT_STATE_FAILED") == 2, states
    assert states.count("REPORT_STATE_COMPLETE") == REPORTS - 2, states
    failed_steps = sorted(r.error.message.split(" ")[0] for r in finished if r.error.message)
    assert failed_steps == ["ai_quality_analysis", "phi_detection"], failed_steps
    timed_out = next(r for r in finished if r.error.message.startswith("ai_quality"))
    assert "DEADLINE_EXCEEDED" in timed_out.error.message and timed_out.attempt_count == 3
    for report in finished:
        if report.state == reports_pb2.REPORT_STATE_COMPLETE:
            assert report.attempt_count == 2  # retried after the coding analysis failed
            assert "clinical_filtering" in report.result.degraded_steps
    assert rejection.code() == grpc.StatusCode.INVALID_ARGUMENT
    orchestrator = metrics["orchestrator"]
    assert 'codingintel_stage_failures_total{code="DEADLINE_EXCEEDED"' in orchestrator
    assert 'codingintel_retries_total{stage="ai_coding_analysis"}' in orchestrator

    # 1. Every line every service wrote: JSON lines all, and none from a tracing error.
    lines = 0
    for path in sorted(logs.glob("*.log")):
        text = path.read_text(errors="replace")
        lines += len(text.splitlines())
        for number, line in enumerate(text.splitlines(), start=1):
            found += hits(line, f"log {path.name}:{number}")
            record = json.loads(line)
            assert {"time", "level", "service", "message"} <= set(record), line
            assert not record["logger"].startswith("opentelemetry"), line
    assert {p.stem for p in logs.glob("*.log")} == set(suite.services)
    report_ids = [r.report_id for r in finished]
    logged = (logs / "orchestrator.log").read_text()
    assert all(report_id in logged for report_id in report_ids)  # the search sees the logs

    # 2. Every span, as exported.
    deadline = time.monotonic() + 20
    while True:
        spans = servicer.spans()
        services = {service for service, _ in spans}
        if {f"codingintel-{name}" for name in suite.services} <= services:
            break
        assert time.monotonic() < deadline, f"spans only from {services}"
        time.sleep(0.2)
    for number, raw in enumerate(servicer.raw()):
        found += hits(raw, f"OTLP export #{number}")
    for service, span in spans:
        found += hits(str(span), f"span {service} {span.name}")
    assert any(
        a.key == "codingintel.report_id" and a.value.string_value in report_ids
        for _, span in spans
        for a in span.attributes
    )

    # 3. Every metric of every service.
    for name, text in metrics.items():
        found += hits(text, f"metrics {name}")

    # 4. Redis: every command it received, what it held during the run, what is left.
    commands = monitor_log.read_text(errors="replace")
    found += hits(commands, "redis MONITOR")
    assert "dramatiq:" in commands and any(r in commands for r in report_ids)
    assert sampler.samples > 0
    found += sampler.found
    for key, blob in redis_left:
        found += hits(blob, f"redis (at the end) {key}")

    # 5. Postgres: the Report at every version, the audit log, each report's error; the
    # encounter itself holds the values (and proves the search finds them).
    with psycopg.connect(database_url) as conn:
        bundles = [
            bytes(row[0])
            for row in conn.execute(
                "SELECT bundle FROM encounters WHERE report_id = ANY(%s::uuid[])", (report_ids,)
            )
        ]
        assert len(bundles) == REPORTS and all(hits(b, "bundle") for b in bundles)
        # A version is the Report as the API answers it: status, progress, error and, once
        # COMPLETE, the result, whose notes are the de-identified text. No version before
        # that carries note text, and none carries the PHI.
        with_note_text = set()
        for report_id, version, snapshot in conn.execute(
            "SELECT report_id, version, snapshot FROM report_events"
            " WHERE report_id = ANY(%s::uuid[]) ORDER BY report_id, version",
            (report_ids,),
        ):
            found += hits(bytes(snapshot), f"report_events {report_id} v{version}")
            if NOTE_TEXT.encode() in bytes(snapshot):
                state = reports_pb2.Report.FromString(bytes(snapshot)).state
                with_note_text.add(reports_pb2.ReportState.Name(state))
        assert with_note_text == {"REPORT_STATE_COMPLETE"}, with_note_text
        for row in conn.execute(
            "SELECT report_id, error, failed_step FROM reports WHERE report_id = ANY(%s::uuid[])",
            (report_ids,),
        ):
            found += hits(repr(row), f"reports.error {row[0]}")
        audit = conn.execute("SELECT * FROM audit_log").fetchall()
        for row in audit:
            text = repr(row)
            found += hits(text, "audit_log")
            assert NOTE_TEXT not in text
    assert audit

    # 6. What the client was answered.
    for report in finished:
        found += hits(report.error.SerializeToString(), f"report {report.report_id} error")
    found += hits(str(rejection.details()) + repr(rejection.trailing_metadata()), "rejection")

    print(
        f"\nPHI sweep: {len(PLANTED)} planted values; {lines} log lines, {len(spans)} spans,"
        f" {sum(t.count(chr(10)) for t in metrics.values())} metric lines,"
        f" {commands.count(chr(10))} Redis commands, {sampler.samples} Redis samples"
        f" ({len(sampler.keys)} keys), {len(audit)} audit rows: {len(found)} hits"
    )
    assert not found, "planted PHI found:\n" + "\n".join(found[:50])


async def _run(
    suite: Suite, bundle: bytes, invalid: bytes
) -> tuple[list[reports_pb2.Report], grpc.aio.AioRpcError]:
    async with ReportsClient(suite.gateway_addr) as client:
        try:
            await client.create(invalid)
        except grpc.aio.AioRpcError as error:
            rejection = error
        else:  # pragma: no cover - the assertion below says what went wrong
            raise AssertionError("a bundle with an invalid birthDate was accepted")
        created = [await client.create(bundle) for _ in range(REPORTS)]
        finished = await asyncio.wait_for(
            asyncio.gather(*(client.wait(r.report_id) for r in created)), 120
        )
    return list(finished), rejection
