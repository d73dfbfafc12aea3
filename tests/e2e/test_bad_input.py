"""The bad-input matrix over a real gateway: every kind gets INVALID_ARGUMENT with a field
violation naming the field, nothing is written, and a normal request works right after."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import grpc
import psycopg
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

from ..support import EXAMPLES, Suite
from ..unit.test_fhir import BAD_BUNDLES, ENCOUNTER, bundle, note

LIMITS = {
    "MAX_BUNDLE_BYTES": "300000",
    "MAX_BUNDLE_ENTRIES": "50",
    "MAX_NOTES_PER_BUNDLE": "3",
    "MAX_JSON_DEPTH": "32",
    "MAX_BATCH_SIZE": "5",
}


def encoded(obj: Any) -> bytes:
    return json.dumps(obj).encode()


def create(data: bytes, request_id: str = "") -> tuple[str, Any]:
    return "CreateReport", reports_pb2.CreateReportRequest(request_id=request_id, fhir_bundle=data)


def create_batch(*bundles: bytes, request_ids: tuple[str, ...] = ()) -> tuple[str, Any]:
    ids = request_ids or ("",) * len(bundles)
    return "CreateBatch", reports_pb2.CreateBatchRequest(
        entries=[
            reports_pb2.CreateReportRequest(request_id=rid, fhir_bundle=data)
            for rid, data in zip(ids, bundles, strict=True)
        ]
    )


def nested(depth: int) -> bytes:
    inner = '{"n":' * depth + "1" + "}" * depth
    return ('{"resourceType": "Bundle", "type": "collection", "meta": ' + inner + "}").encode()


PLAIN = EXAMPLES[0].read_bytes()
EXTRA_BUNDLES: list[tuple[str, bytes, str]] = [
    ("too deep", nested(40), "fhir_bundle"),
    ("deeper than the parser", nested(50_000), "fhir_bundle"),
    (
        "too many entries",
        encoded(
            bundle(
                ENCOUNTER, *({"resourceType": "Basic", "code": {"text": "x"}} for _ in range(60))
            )
        ),
        "fhir_bundle.entry",
    ),
    (
        "too many notes",
        encoded(bundle(ENCOUNTER, *(note(b"Assessment: asthma.") for _ in range(4)))),
        "fhir_bundle.entry",
    ),
    (
        "over the size limit",
        encoded(bundle(ENCOUNTER, {"resourceType": "Basic", "code": {"text": "x" * 400_000}})),
        "fhir_bundle",
    ),
    ("null", b"null", "fhir_bundle"),
    (
        "resource not an object",
        encoded(
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": "Encounter"}]}
        ),
        "fhir_bundle.entry[0].resource",
    ),
    (
        "resource without a type",
        encoded(bundle(ENCOUNTER, {"id": "x"})),
        "fhir_bundle.entry[1].resource.resourceType",
    ),
    ("type of the wrong JSON kind", encoded({**bundle(ENCOUNTER), "type": 7}), "fhir_bundle.type"),
    (
        "attachment data not base64",
        encoded(
            bundle(
                ENCOUNTER,
                {
                    "resourceType": "DocumentReference",
                    "status": "current",
                    "content": [
                        {"attachment": {"contentType": "text/plain", "data": "@@not base64@@"}}
                    ],
                },
            )
        ),
        "fhir_bundle.entry[1].resource.content[0].attachment.data",
    ),
    (
        "encounter with no id at all",
        encoded(bundle({k: v for k, v in ENCOUNTER.items() if k != "id"})),
        "fhir_bundle.entry[0].resource.id",
    ),
    (
        "entry not a list",
        encoded({"resourceType": "Bundle", "type": "collection", "entry": {"resource": ENCOUNTER}}),
        "fhir_bundle.entry",
    ),
]

UUID = "00000000-0000-0000-0000-000000000000"
CASES: list[tuple[str, Callable[[], tuple[str, Any]], str]] = [
    *(
        (f"bundle: {kind}", lambda d=data: create(d), field)
        for kind, data, field in BAD_BUNDLES[:-1]
    ),
    *((f"bundle: {kind}", lambda d=data: create(d), field) for kind, data, field in EXTRA_BUNDLES),
    ("request_id too long", lambda: create(PLAIN, "r" * 129), "request_id"),
    (
        "get: not a uuid",
        lambda: ("GetReport", reports_pb2.GetReportRequest(report_id="nope")),
        "report_id",
    ),
    ("get: empty id", lambda: ("GetReport", reports_pb2.GetReportRequest()), "report_id"),
    (
        "watch: not a uuid",
        lambda: ("WatchReport", reports_pb2.WatchReportRequest(report_id="1")),
        "report_id",
    ),
    (
        "watch: negative version",
        lambda: ("WatchReport", reports_pb2.WatchReportRequest(report_id=UUID, after_version=-1)),
        "after_version",
    ),
    (
        "cancel: not a uuid",
        lambda: ("CancelReport", reports_pb2.CancelReportRequest(report_id="x")),
        "report_id",
    ),
    (
        "delete: not a uuid",
        lambda: ("DeleteReport", reports_pb2.DeleteReportRequest(report_id="x")),
        "report_id",
    ),
    (
        "retry: not a uuid",
        lambda: ("RetryReport", reports_pb2.RetryReportRequest(report_id="x")),
        "report_id",
    ),
    (
        "by encounter: empty",
        lambda: ("GetReportByEncounter", reports_pb2.GetReportByEncounterRequest()),
        "encounter_id",
    ),
    (
        "by encounter: too long",
        lambda: (
            "GetReportByEncounter",
            reports_pb2.GetReportByEncounterRequest(encounter_id="e" * 300),
        ),
        "encounter_id",
    ),
    (
        "list: negative page size",
        lambda: ("ListReports", reports_pb2.ListReportsRequest(page_size=-5)),
        "page_size",
    ),
    (
        "list: garbage page token",
        lambda: ("ListReports", reports_pb2.ListReportsRequest(page_token="bm90IGEgdG9rZW4")),
        "page_token",
    ),
    (
        "list: page token with a bad signature",
        lambda: (
            "ListReports",
            reports_pb2.ListReportsRequest(
                page_token=base64.urlsafe_b64encode(
                    b'{"t": "2026-01-01T00:00:00+00:00", "id": "' + UUID.encode() + b'"}'
                ).decode()
                + ".AAAA"
            ),
        ),
        "page_token",
    ),
    (
        "list: unknown state",
        lambda: ("ListReports", reports_pb2.ListReportsRequest(state=cast(Any, 99))),
        "state",
    ),
    (
        "failed: negative page size",
        lambda: ("ListFailedReports", reports_pb2.ListFailedReportsRequest(page_size=-1)),
        "page_size",
    ),
    (
        "failed: garbage page token",
        lambda: ("ListFailedReports", reports_pb2.ListFailedReportsRequest(page_token="%%%")),
        "page_token",
    ),
    ("batch: empty", lambda: create_batch(), "entries"),
    ("batch: over the batch size", lambda: create_batch(*[PLAIN] * 6), "entries"),
    (
        "batch: duplicate request ids",
        lambda: create_batch(PLAIN, PLAIN, PLAIN, request_ids=("a", "b", "a")),
        "entries[2].request_id",
    ),
    (
        "batch: entry request_id too long",
        lambda: create_batch(PLAIN, request_ids=("r" * 129,)),
        "entries[0].request_id",
    ),
    (
        "batch: request_id too long",
        lambda: (
            "CreateBatch",
            reports_pb2.CreateBatchRequest(
                request_id="r" * 129,
                entries=[reports_pb2.CreateReportRequest(fhir_bundle=PLAIN)],
            ),
        ),
        "request_id",
    ),
    (
        "batch: malformed entry among good ones",
        lambda: create_batch(PLAIN, b"{not json", PLAIN),
        "entries[1].fhir_bundle",
    ),
    (
        "batch: bad resource deep in entry 3",
        lambda: create_batch(PLAIN, PLAIN, PLAIN, encoded(bundle(ENCOUNTER, {"id": "x"}))),
        "entries[3].fhir_bundle.entry[1].resource.resourceType",
    ),
    (
        "get batch: not a uuid",
        lambda: ("GetBatch", reports_pb2.GetBatchRequest(batch_id="batch-1")),
        "batch_id",
    ),
    ("get batch: empty id", lambda: ("GetBatch", reports_pb2.GetBatchRequest()), "batch_id"),
    (
        "watch batch: not a uuid",
        lambda: ("WatchBatch", reports_pb2.WatchBatchRequest(batch_id="x")),
        "batch_id",
    ),
    (
        "watch batch: negative version",
        lambda: ("WatchBatch", reports_pb2.WatchBatchRequest(batch_id=UUID, after_version=-1)),
        "after_version",
    ),
    (
        "list: batch filter not a uuid",
        lambda: ("ListReports", reports_pb2.ListReportsRequest(batch_id="not-a-batch")),
        "batch_id",
    ),
    (
        "stats: negative window",
        lambda: (
            "GetFailureStatistics",
            reports_pb2.GetFailureStatisticsRequest(window_seconds=-1),
        ),
        "window_seconds",
    ),
]


@pytest.fixture(scope="module")
def gateway(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[reports_pb2_grpc.ReportServiceStub]:
    folder: Path = tmp_path_factory.mktemp("bad-input")
    with (
        Suite(database_url, folder, services=("gateway",), env_overrides=LIMITS) as suite,
        grpc.insecure_channel(suite.gateway_addr) as channel,
    ):
        yield reports_pb2_grpc.ReportServiceStub(channel)


def counts(database_url: str) -> tuple[int, ...]:
    with psycopg.connect(database_url) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in (
                "reports",
                "encounters",
                "report_events",
                "report_steps",
                "batches",
                "batch_events",
            )
        )


def test_the_matrix_has_forty_kinds() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("kind", "build", "field"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_by_field_and_writes_nothing(
    gateway: reports_pb2_grpc.ReportServiceStub,
    database_url: str,
    kind: str,
    build: Callable[[], tuple[str, Any]],
    field: str,
) -> None:
    method, request = build()
    before = counts(database_url)
    with pytest.raises(grpc.RpcError) as caught:
        response = getattr(gateway, method)(request, timeout=30)
        if method in ("WatchReport", "WatchBatch"):
            list(response)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, kind
    status = rpc_status.from_call(caught.value)  # type: ignore[arg-type]
    assert status is not None
    violations = error_details_pb2.BadRequest()
    assert status.details[0].Unpack(violations)
    assert field in [v.field for v in violations.field_violations], [
        v.field for v in violations.field_violations
    ]
    assert counts(database_url) == before
    # The gateway is fine for the next caller.
    assert (
        gateway.CreateReport(reports_pb2.CreateReportRequest(fhir_bundle=PLAIN), timeout=30).version
        == 1
    )
