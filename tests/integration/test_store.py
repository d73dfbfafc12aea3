from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import UTC, datetime, timedelta

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
    BatchEntry,
    Checkpoint,
    EntryRequestIdsInUse,
    ReportStore,
    RequestIdConflict,
    batch_eta_ms,
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


def batch_entries(count: int, request_ids: list[str | None] | None = None) -> list[BatchEntry]:
    ids = request_ids or [None] * count
    return [
        BatchEntry(
            request_id=ids[i],
            bundle=f'{{"n": {i}}}'.encode(),
            bundle_sha256=hashlib.sha256(f'{{"n": {i}}}'.encode()).digest(),
            encounter_id=f"enc-{i}",
        )
        for i in range(count)
    ]


async def test_a_batch_is_stored_all_or_nothing(store: ReportStore, database_url: str) -> None:
    taken = str(uuid.uuid4())
    await create(store, taken)

    def counts() -> tuple[int, ...]:
        with psycopg.connect(database_url) as conn:
            return tuple(
                conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
                for table in ("batches", "batch_events", "reports", "encounters", "report_events")
            )

    before = counts()
    with pytest.raises(EntryRequestIdsInUse) as caught:
        await store.create_batch(
            tenant_id=DEFAULT_TENANT,
            request_id=str(uuid.uuid4()),
            entries=batch_entries(4, [None, taken, str(uuid.uuid4()), taken]),
        )
    assert caught.value.indexes == [1, 3]
    assert counts() == before
    # Another tenant has its own request ids.
    batch, created = await store.create_batch(
        tenant_id="other", request_id=None, entries=batch_entries(2, [taken, None])
    )
    assert created and batch.total_count == 2 and len(batch.report_ids) == 2


async def test_concurrent_member_changes_give_the_batch_consecutive_versions(
    store: ReportStore, database_url: str
) -> None:
    batch, _ = await store.create_batch(
        tenant_id=DEFAULT_TENANT, request_id=None, entries=batch_entries(10)
    )
    batch_id = uuid.UUID(batch.batch_id)
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as listener:
        await listener.execute(f"LISTEN {EVENTS_CHANNEL}")

        async def claim(report_id: str) -> None:
            result = await store.claim(
                uuid.UUID(report_id),
                owner="w",
                lease_seconds=30,
                max_attempts=3,
                step=pipeline.PHI_DETECTION,
                progress=10,
                eta_ms=100,
            )
            assert result.outcome == CLAIMED

        await asyncio.gather(*(claim(r) for r in batch.report_ids))
        notified = [
            n.payload
            async for n in listener.notifies(timeout=5, stop_after=20)
            if n.payload.startswith("batch/")
        ]
    assert notified == [f"batch/{batch_id}:{v}" for v in range(2, 12)]
    events = await store.batch_events_after(DEFAULT_TENANT, batch_id, 0)
    assert [e.version for e in events] == list(range(1, 12))
    # Each version's aggregate includes exactly the changes committed before it.
    assert [e.processing_count for e in events] == list(range(11))
    assert [e.pending_count for e in events] == list(range(10, -1, -1))
    assert events[-1].progress_percent == 10
    assert events[-1].estimated_time_remaining_ms == 100  # nothing waiting: the slowest
    assert await store.batch_events_after("other", batch_id, 0) == []
    assert await store.get_batch("other", batch_id) is None
    current = await store.get_batch(DEFAULT_TENANT, batch_id)
    assert current is not None and current.version == 11
    assert list(current.report_ids) == list(batch.report_ids)


def test_the_batch_eta_uses_throughput_once_a_report_has_finished() -> None:
    now = datetime.now(UTC)

    def eta(total: int, pending: int, processing: int, remaining: int) -> int | None:
        return batch_eta_ms(
            total=total,
            active=pending + processing,
            pending=pending,
            processing=processing,
            remaining_percent=remaining,
            first_start=now - timedelta(seconds=4),
            now=now,
            slowest_processing_eta_ms=800,
            processing_with_eta=processing,
        )

    # 2 of 10 done in 4 s since the first start; 8 left at 50% each = 4 reports of work.
    assert eta(10, 6, 2, 400) == 8000
    # Nothing finished and reports waiting: unknown.
    assert eta(10, 8, 2, 900) is None
    # Nothing finished and nothing waiting: the slowest running report's estimate.
    assert eta(2, 0, 2, 100) == 800
    assert eta(2, 0, 0, 0) == 0
