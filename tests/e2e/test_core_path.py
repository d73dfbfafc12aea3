"""The core path over real processes: CreateReport → Postgres → Dramatiq → phi,
coding, analysis → COMPLETE, followed through the public API."""

from __future__ import annotations

import json
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc
import psycopg
import pytest
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from codingintel import fhir, pipeline
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

from ..support import EXAMPLES, Suite
from ..unit.test_fhir import BAD_BUNDLES

TERMINAL = {
    reports_pb2.REPORT_STATE_COMPLETE,
    reports_pb2.REPORT_STATE_FAILED,
    reports_pb2.REPORT_STATE_CANCELLED,
}


def wait_terminal(
    stub: reports_pb2_grpc.ReportServiceStub, report_id: str, timeout: float = 60.0
) -> reports_pb2.Report:
    deadline = time.monotonic() + timeout
    while True:
        report: reports_pb2.Report = stub.GetReport(
            reports_pb2.GetReportRequest(report_id=report_id), timeout=5
        )
        if report.state in TERMINAL:
            return report
        assert time.monotonic() < deadline, f"report {report_id} stuck in {report.state}"
        time.sleep(0.02)


def rich_status(error: grpc.RpcError) -> status_pb2.Status:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    return status


def row_counts(database_url: str) -> tuple[int, ...]:
    with psycopg.connect(database_url) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("reports", "encounters", "report_events", "report_steps")
        )


def test_examples_complete_concurrently_with_every_version_on_the_scale(
    suite: Suite,
    reports: reports_pb2_grpc.ReportServiceStub,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundles = [path.read_bytes() for path in EXAMPLES] * 2
    create_ms: list[float] = []
    submitted: dict[str, float] = {}

    def submit(bundle: bytes) -> reports_pb2.Report:
        began = time.perf_counter()
        report: reports_pb2.Report = reports.CreateReport(
            reports_pb2.CreateReportRequest(fhir_bundle=bundle), timeout=10
        )
        create_ms.append((time.perf_counter() - began) * 1000)
        submitted[report.report_id] = began
        return report

    with ThreadPoolExecutor(len(bundles)) as pool:
        created = list(pool.map(submit, bundles))
        assert all(r.state == reports_pb2.REPORT_STATE_PENDING and r.version == 1 for r in created)
        finished = list(pool.map(lambda r: wait_terminal(reports, r.report_id), created))
    total_ms = [(time.perf_counter() - submitted[r.report_id]) * 1000 for r in finished]

    for bundle, report in zip(bundles, finished, strict=True):
        assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error
        assert report.progress_percent == 100 and report.current_step == pipeline.COMPLETE
        assert report.attempt_count == 1
        assert report.encounter_id == fhir.parse_encounter(bundle).encounter_id
        result = report.result
        assert result.icd10_codes and result.snomed_codes
        assert result.coding_analysis.summary and result.quality_analysis.summary
        assert not result.degraded_steps
        assert set(result.backends) == set(pipeline.STEPS)
        assert report.processing_time_ms >= 0
        assert report.HasField("processing_start_time") and report.HasField(
            "processing_complete_time"
        )
        assert (
            report.processing_complete_time.ToDatetime()
            >= report.processing_start_time.ToDatetime()
        )
        # Only de-identified text is in the report: no name from the bundle survives.
        encounter = fhir.parse_encounter(bundle)
        names = {
            k.value
            for k in encounter.known_identifiers
            if k.type in ("NAME", "MRN") and len(k.value) > 3
        }
        assert any(note.phi_entities for note in result.notes)
        for note in result.notes:
            for name in names:
                assert name not in note.text

    with psycopg.connect(database_url) as conn:
        for report in finished:
            rows = conn.execute(
                "SELECT version, snapshot FROM report_events WHERE report_id = %s ORDER BY version",
                (report.report_id,),
            ).fetchall()
            snapshots = [reports_pb2.Report.FromString(row[1]) for row in rows]
            assert [row[0] for row in rows] == list(range(1, report.version + 1))
            scale = [(s.current_step, s.progress_percent) for s in snapshots[1:]]
            assert scale == list(pipeline.SCALE)
            assert snapshots[0].state == reports_pb2.REPORT_STATE_PENDING
            assert all(s.state == reports_pb2.REPORT_STATE_PROCESSING for s in snapshots[1:-1])
            assert snapshots[-1] == reports.GetReport(
                reports_pb2.GetReportRequest(report_id=report.report_id)
            )
            steps = {
                r[0]
                for r in conn.execute(
                    "SELECT step FROM report_steps WHERE report_id = %s", (report.report_id,)
                )
            }
            assert steps == set(pipeline.STEPS)

    figures = {
        "reports": len(finished),
        "create_p50_ms": round(statistics.median(create_ms), 1),
        "create_max_ms": round(max(create_ms), 1),
        "submit_to_complete_p50_ms": round(statistics.median(total_ms), 1),
        "submit_to_complete_max_ms": round(max(total_ms), 1),
    }
    with capsys.disabled():
        print(f"\ncore path figures, {len(bundles)} concurrent callers: {json.dumps(figures)}")


def test_request_id_returns_the_same_report_and_rejects_another_bundle(
    reports: reports_pb2_grpc.ReportServiceStub, database_url: str
) -> None:
    request_id = f"req-{uuid.uuid4()}"
    bundle = EXAMPLES[0].read_bytes()
    first = reports.CreateReport(
        reports_pb2.CreateReportRequest(request_id=request_id, fhir_bundle=bundle)
    )
    second = reports.CreateReport(
        reports_pb2.CreateReportRequest(request_id=request_id, fhir_bundle=bundle)
    )
    assert first.report_id == second.report_id
    with psycopg.connect(database_url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM reports WHERE request_id = %s", (request_id,)
        ).fetchone()
    assert count == (1,)
    with pytest.raises(grpc.RpcError) as caught:
        reports.CreateReport(
            reports_pb2.CreateReportRequest(
                request_id=request_id, fhir_bundle=EXAMPLES[1].read_bytes()
            )
        )
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    info = error_details_pb2.ErrorInfo()
    assert rich_status(caught.value).details[0].Unpack(info) and info.reason == "REQUEST_ID_REUSED"
    assert wait_terminal(reports, first.report_id).state == reports_pb2.REPORT_STATE_COMPLETE


def test_unknown_and_malformed_report_ids(reports: reports_pb2_grpc.ReportServiceStub) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        reports.GetReport(reports_pb2.GetReportRequest(report_id=str(uuid.uuid4())))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as caught:
        reports.GetReport(reports_pb2.GetReportRequest(report_id="not-a-uuid"))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = error_details_pb2.BadRequest()
    assert rich_status(caught.value).details[0].Unpack(bad)
    assert bad.field_violations[0].field == "report_id"


@pytest.mark.parametrize(
    ("kind", "data", "field"), BAD_BUNDLES[:-1], ids=[b[0] for b in BAD_BUNDLES[:-1]]
)
def test_bad_bundles_are_rejected_with_field_violations_and_write_nothing(
    reports: reports_pb2_grpc.ReportServiceStub,
    database_url: str,
    kind: str,
    data: bytes,
    field: str,
) -> None:
    before = row_counts(database_url)
    with pytest.raises(grpc.RpcError) as caught:
        reports.CreateReport(
            reports_pb2.CreateReportRequest(request_id=f"bad-{uuid.uuid4()}", fhir_bundle=data)
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    status = rich_status(caught.value)
    bad = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(bad)
    assert field in [v.field for v in bad.field_violations]
    text = caught.value.details() + status.SerializeToString().decode("utf-8", "replace")
    for secret in ("Zebulon", "Quixote", "999-88-7777"):
        assert secret not in text
    assert row_counts(database_url) == before


def test_an_overlong_request_id_is_rejected(reports: reports_pb2_grpc.ReportServiceStub) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        reports.CreateReport(
            reports_pb2.CreateReportRequest(
                request_id="r" * 129, fhir_bundle=EXAMPLES[0].read_bytes()
            )
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    bad = error_details_pb2.BadRequest()
    assert rich_status(caught.value).details[0].Unpack(bad)
    assert [v.field for v in bad.field_violations] == ["request_id"]


def test_one_caller_at_a_time_latency(
    reports: reports_pb2_grpc.ReportServiceStub, capsys: pytest.CaptureFixture[str]
) -> None:
    """CreateReport latency and submit-to-COMPLETE time for one caller at a time, printed
    for the record (the speed goals live in bench/)."""
    bundle = EXAMPLES[0].read_bytes()
    create_ms, complete_ms = [], []
    for _ in range(20):
        began = time.perf_counter()
        created = reports.CreateReport(
            reports_pb2.CreateReportRequest(fhir_bundle=bundle), timeout=10
        )
        create_ms.append((time.perf_counter() - began) * 1000)
        assert wait_terminal(reports, created.report_id).state == reports_pb2.REPORT_STATE_COMPLETE
        complete_ms.append((time.perf_counter() - began) * 1000)
    create_ms.sort()
    figures = {
        "create_p50_ms": round(statistics.median(create_ms), 1),
        "create_p95_ms": round(create_ms[18], 1),
        "submit_to_complete_p50_ms": round(statistics.median(complete_ms), 1),
        "submit_to_complete_max_ms": round(max(complete_ms), 1),
    }
    with capsys.disabled():
        print(f"\none caller at a time: {json.dumps(figures)}")
