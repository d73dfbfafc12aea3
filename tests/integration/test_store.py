from __future__ import annotations

import asyncio
import hashlib
import uuid

import psycopg
import pytest
from google.rpc import status_pb2

from codingintel import pipeline
from codingintel.reports.v1 import reports_pb2
from codingintel.store import (
    CLAIMED,
    COMPLETE,
    DEFAULT_TENANT,
    EVENTS_CHANNEL,
    PENDING,
    PROCESSING,
    TERMINAL,
    Checkpoint,
    ReportStore,
    RequestIdConflict,
)


async def create(
    store: ReportStore, request_id: str | None = None, bundle: bytes = b"{}"
) -> reports_pb2.Report:
    report, _ = await store.create_report(
        tenant_id=DEFAULT_TENANT,
        request_id=request_id,
        bundle=bundle,
        bundle_sha256=hashlib.sha256(bundle).digest(),
        encounter_id="enc-1",
    )
    return report


async def test_create_stores_a_pending_report_at_version_one(store: ReportStore) -> None:
    report = await create(store)
    assert report.state == PENDING and report.version == 1 and report.encounter_id == "enc-1"
    assert uuid.UUID(report.report_id)
    assert await store.load_bundle(uuid.UUID(report.report_id)) == b"{}"
    events = await store.events_after(DEFAULT_TENANT, uuid.UUID(report.report_id), 0)
    assert [e.version for e in events] == [1]


async def test_request_id_makes_create_idempotent_per_tenant(store: ReportStore) -> None:
    request_id = str(uuid.uuid4())
    first = await create(store, request_id, b'{"a": 1}')
    again, created = await store.create_report(
        tenant_id=DEFAULT_TENANT,
        request_id=request_id,
        bundle=b'{"a": 1}',
        bundle_sha256=hashlib.sha256(b'{"a": 1}').digest(),
        encounter_id="enc-1",
    )
    assert not created and again.report_id == first.report_id
    with pytest.raises(RequestIdConflict):
        await create(store, request_id, b'{"a": 2}')
    other_tenant, created = await store.create_report(
        tenant_id="other",
        request_id=request_id,
        bundle=b'{"a": 1}',
        bundle_sha256=hashlib.sha256(b'{"a": 1}').digest(),
        encounter_id="enc-1",
    )
    assert created and other_tenant.report_id != first.report_id


async def test_concurrent_creates_with_one_request_id_make_one_report(store: ReportStore) -> None:
    request_id = str(uuid.uuid4())
    reports = await asyncio.gather(*(create(store, request_id) for _ in range(8)))
    assert len({r.report_id for r in reports}) == 1


async def test_each_change_is_a_version_with_its_event_and_notification(
    store: ReportStore, database_url: str
) -> None:
    report = await create(store)
    report_id = uuid.UUID(report.report_id)
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as listener:
        await listener.execute(f"LISTEN {EVENTS_CHANNEL}")
        claim = await store.claim(
            report_id,
            owner="w1",
            lease_seconds=30,
            max_attempts=3,
            step=pipeline.PHI_DETECTION,
            progress=10,
            eta_ms=500,
        )
        started = claim.report
        assert started is not None and claim.outcome == CLAIMED
        assert (started.state, started.version, started.attempt_count) == (PROCESSING, 2, 1)
        assert started.estimated_time_remaining_ms == 500
        notified = []
        async for notify in listener.notifies(timeout=5, stop_after=1):
            notified.append(notify.payload)
        assert notified == [f"{report_id}:2"]

    checkpoint = Checkpoint(pipeline.PHI_DETECTION, b"\x01\x02", "embedded-rules", 12)
    changed = await store.change(
        report_id,
        {"current_step": pipeline.PHI_DETECTION, "progress_percent": 20},
        checkpoint=checkpoint,
    )
    assert changed is not None and changed.version == 3
    assert (await store.checkpoints(report_id))[pipeline.PHI_DETECTION] == checkpoint

    # Progress never goes down.
    lower = await store.change(report_id, {"progress_percent": 5})
    assert lower is not None and lower.progress_percent == 20

    done = await store.complete(report_id, reports_pb2.ReportResult(degraded_steps=["x"]))
    assert done is not None and done.state == COMPLETE and done.progress_percent == 100
    assert done.processing_time_ms >= 0 and done.HasField("processing_complete_time")
    events = await store.events_after(DEFAULT_TENANT, report_id, 0)
    assert [e.version for e in events] == [1, 2, 3, 4, 5]
    assert events[-1] == done
    assert [e.version for e in await store.events_after(DEFAULT_TENANT, report_id, 3)] == [4, 5]


async def test_a_terminal_report_does_not_change(store: ReportStore) -> None:
    report = await create(store)
    report_id = uuid.UUID(report.report_id)
    failed = await store.fail(report_id, status_pb2.Status(code=14, message="phi_detection failed"))
    assert failed is not None and failed.error.message == "phi_detection failed"
    claim = await store.claim(
        report_id,
        owner="w1",
        lease_seconds=30,
        max_attempts=3,
        step=pipeline.PHI_DETECTION,
        progress=10,
        eta_ms=None,
    )
    assert claim.report is None and claim.outcome == TERMINAL
    assert await store.change(report_id, {"progress_percent": 50}) is None
    reread = await store.get_report(DEFAULT_TENANT, report_id)
    assert reread is not None and reread.version == failed.version


async def test_reports_are_invisible_to_other_tenants(store: ReportStore) -> None:
    report = await create(store)
    report_id = uuid.UUID(report.report_id)
    assert await store.get_report("other", report_id) is None
    assert await store.events_after("other", report_id, 0) == []
