"""Retention: finished reports past their age lose the bundle and the note text, in
batches, once, and keep everything else. On the real PostgreSQL; the last test runs the
services and watches the orchestrator purge on its own."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import grpc
import psycopg
import pytest
import pytest_asyncio
from google.rpc import status_pb2

from codingintel import pipeline
from codingintel.phi.v1 import phi_pb2
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc
from codingintel.store import (
    CANCELLED,
    COMPLETE,
    DEFAULT_TENANT,
    FAILED,
    PENDING,
    PROCESSING,
    Checkpoint,
    FailedFilter,
    ReportStore,
    new_pool,
    retention,
)
from codingintel.store.migrate import migrate
from codingintel_orchestrator.reconciler import RETENTION_PURGED, Reconciler

from ..support import EXAMPLES, Suite, scratch_database

NOTE = "[NAME] reports polyuria; type 2 diabetes mellitus without complications."
EVIDENCE = "type 2 diabetes mellitus"
RAW = b'{"resourceType": "Bundle", "note": "Jane Roe reports polyuria"}'


@pytest.fixture(scope="module")
def retention_db() -> Iterator[str]:
    # A database of this module's own: the purge counts every due report in it.
    with scratch_database() as url:
        migrate(url)
        yield url


@pytest_asyncio.fixture(scope="module")
async def rstore(retention_db: str) -> AsyncIterator[ReportStore]:
    pool = new_pool(retention_db, 1, 8)
    await pool.open(wait=True)
    yield ReportStore(pool)
    await pool.close()


def a_result() -> reports_pb2.ReportResult:
    start = NOTE.index(EVIDENCE)
    return reports_pb2.ReportResult(
        notes=[
            reports_pb2.DeidentifiedNote(
                source="DocumentReference/n1#content[0]",
                text=NOTE,
                phi_entities=[
                    reports_pb2.PhiEntity(
                        type="NAME", original_start=0, original_end=8, start=0, end=6
                    )
                ],
            )
        ],
        icd10_codes=[
            reports_pb2.CodeSuggestion(
                code="E11.9",
                display="Type 2 diabetes mellitus without complications",
                score=0.93,
                source=reports_pb2.CODE_SOURCE_NOTE,
                evidence=reports_pb2.EvidenceSpan(
                    note_index=0, start=start, end=start + len(EVIDENCE), text=EVIDENCE
                ),
            )
        ],
        coding_analysis=reports_pb2.CodingAnalysis(
            supported_codes=["E11.9"], summary="Rule-based screening: E11.9 is supported."
        ),
        backends={"phi": "embedded-rules"},
    )


async def make_report(
    store: ReportStore, state: int, *, finished_days_ago: float = 40.0
) -> uuid.UUID:
    """A report in `state` with a bundle, a checkpoint holding note text and (when
    COMPLETE) a result; a finished one is made to have finished `finished_days_ago`."""
    report, _ = await store.create_report(
        tenant_id=DEFAULT_TENANT,
        request_id=None,
        bundle=RAW,
        bundle_sha256=hashlib.sha256(RAW).digest(),
        encounter_id=f"enc-{uuid.uuid4().hex[:6]}",
    )
    report_id = uuid.UUID(report.report_id)
    if state == PENDING:
        return report_id
    claim = await store.claim(
        report_id,
        owner="w1",
        lease_seconds=60,
        max_attempts=3,
        step=pipeline.PHI_DETECTION,
        progress=10,
        eta_ms=None,
    )
    assert claim.report is not None
    output = phi_pb2.DeidentifyResponse(
        notes=[reports_pb2.DeidentifiedNote(source="DocumentReference/n1", text=NOTE)]
    ).SerializeToString()
    checkpoint = Checkpoint(pipeline.PHI_DETECTION, output, "embedded-rules", 42)
    assert await store.change(
        report_id, {"progress_percent": 20}, checkpoint=checkpoint, owner="w1"
    )
    if state == COMPLETE:
        assert await store.complete(report_id, a_result(), owner="w1")
    elif state == FAILED:
        error = status_pb2.Status(code=14, message="ai_coding_analysis failed: UNAVAILABLE")
        assert await store.fail(report_id, error, step="ai_coding_analysis", owner="w1")
    elif state == CANCELLED:
        assert await store.cancel(DEFAULT_TENANT, report_id)
    else:
        assert state == PROCESSING
    async with store.pool.connection() as conn:
        # Everything about it happened long ago (a PROCESSING one has no finish time).
        await conn.execute(
            "UPDATE reports SET create_time = now() - make_interval(secs => %s * 86400),"
            " processing_complete_time = CASE WHEN processing_complete_time IS NULL"
            " THEN NULL ELSE now() - make_interval(secs => %s * 86400) END WHERE report_id = %s",
            (int(finished_days_ago) + 1, finished_days_ago, report_id),
        )
    return report_id


@dataclass
class Stored:
    """Everything stored for a report, raw."""

    purged_at: datetime | None
    result: bytes | None
    state: int
    version: int
    bundle: bytes | None
    steps: list[tuple[str, bytes, str, int]]
    events: list[tuple[int, bytes]]

    def has_note_text(self) -> bool:
        blobs = [self.result or b"", self.bundle or b""]
        blobs += [s[1] for s in self.steps] + [e[1] for e in self.events]
        markers = (NOTE.encode(), EVIDENCE.encode(), RAW)
        return any(marker in blob for blob in blobs for marker in markers)


async def stored(store: ReportStore, report_id: uuid.UUID) -> Stored:
    async with store.pool.connection() as conn:
        row = await (
            await conn.execute(
                "SELECT purged_at, result, state, version FROM reports WHERE report_id = %s",
                (report_id,),
            )
        ).fetchone()
        assert row is not None
        bundle = await (
            await conn.execute("SELECT bundle FROM encounters WHERE report_id = %s", (report_id,))
        ).fetchone()
        steps = await (
            await conn.execute(
                "SELECT step, output, backend, duration_ms FROM report_steps WHERE report_id = %s",
                (report_id,),
            )
        ).fetchall()
        events = await (
            await conn.execute(
                "SELECT version, snapshot FROM report_events WHERE report_id = %s ORDER BY version",
                (report_id,),
            )
        ).fetchall()
    return Stored(
        purged_at=row[0],
        result=None if row[1] is None else bytes(row[1]),
        state=row[2],
        version=row[3],
        bundle=None if bundle is None else bytes(bundle[0]),
        steps=[(s[0], bytes(s[1]), s[2], s[3]) for s in steps],
        events=[(e[0], bytes(e[1])) for e in events],
    )


async def test_old_finished_reports_are_purged_and_keep_their_phi_free_parts(
    rstore: ReportStore,
) -> None:
    old = {state: await make_report(rstore, state) for state in (COMPLETE, FAILED, CANCELLED)}
    young = await make_report(rstore, COMPLETE, finished_days_ago=1)
    pending = await make_report(rstore, PENDING)
    processing = await make_report(rstore, PROCESSING)
    before = {rid: await stored(rstore, rid) for rid in [*old.values(), young]}
    shown = await rstore.get_report(DEFAULT_TENANT, old[COMPLETE])
    assert shown is not None

    purged = await retention.purge_expired(rstore.pool, retention_days=30)
    assert dict(purged) == {COMPLETE: 1, FAILED: 1, CANCELLED: 1}

    for state, report_id in old.items():
        after = await stored(rstore, report_id)
        assert after.purged_at is not None
        assert after.bundle is None
        assert not after.has_note_text(), reports_pb2.ReportState.Name(state)
        # No new version: a purge is not a change of state.
        assert after.version == before[report_id].version
        assert [e[0] for e in after.events] == [e[0] for e in before[report_id].events]
        # The checkpoints keep what they say about the run, without the text.
        assert after.steps == [(pipeline.PHI_DETECTION, b"", "embedded-rules", 42)]
        report = await rstore.get_report(DEFAULT_TENANT, report_id)
        assert report is not None and report.state == state

    complete = await rstore.get_report(DEFAULT_TENANT, old[COMPLETE])
    assert complete is not None
    expected = a_result()
    expected.notes[0].text = ""
    expected.icd10_codes[0].evidence.text = ""
    assert complete.result == expected  # codes, scores, offsets, analysis, backends kept
    # It says when it was purged; everything else it shows (state, timings, progress,
    # attempts) is unchanged.
    assert complete.HasField("purge_time") and not shown.HasField("purge_time")
    complete.ClearField("purge_time")
    complete.ClearField("result")
    shown.ClearField("result")
    assert complete == shown
    last = reports_pb2.Report.FromString((await stored(rstore, old[COMPLETE])).events[-1][1])
    assert last.result == expected
    failed = await rstore.get_report(DEFAULT_TENANT, old[FAILED])
    assert failed is not None
    assert failed.error.message == "ai_coding_analysis failed: UNAVAILABLE"
    # A purged FAILED report has nothing left to run on: neither retry path takes it.
    assert await rstore.retry_failed(DEFAULT_TENANT, old[FAILED]) is None
    assert old[FAILED] not in await rstore.failed_ids(DEFAULT_TENANT, FailedFilter())

    # Young and unfinished reports keep everything.
    assert await stored(rstore, young) == before[young]
    for report_id in (pending, processing):
        data = await stored(rstore, report_id)
        assert data.purged_at is None and data.bundle == RAW

    # Idempotent: nothing is due any more, and nothing changes.
    again = {rid: await stored(rstore, rid) for rid in old.values()}
    assert sum((await retention.purge_expired(rstore.pool, retention_days=30)).values()) == 0
    assert {rid: await stored(rstore, rid) for rid in old.values()} == again


async def test_the_purge_works_in_batches_until_none_is_left(rstore: ReportStore) -> None:
    ids = [await make_report(rstore, COMPLETE) for _ in range(7)]
    sizes = []
    while True:
        purged = await retention.purge_batch(rstore.pool, 30 * 86_400, limit=3)
        sizes.append(sum(purged.values()))
        if not sizes[-1]:
            break
    assert sizes == [3, 3, 1, 0]
    more = [await make_report(rstore, FAILED) for _ in range(7)]
    assert dict(await retention.purge_expired(rstore.pool, 30, batch_size=3)) == {FAILED: 7}
    for report_id in [*ids, *more]:
        assert (await stored(rstore, report_id)).purged_at is not None


async def test_concurrent_purgers_never_purge_a_report_twice(rstore: ReportStore) -> None:
    ids = [await make_report(rstore, COMPLETE) for _ in range(30)]
    results = await asyncio.gather(
        *(retention.purge_expired(rstore.pool, 30, batch_size=4) for _ in range(4))
    )
    assert sum(sum(r.values()) for r in results) == 30  # each report counted by one purger
    for report_id in ids:
        assert not (await stored(rstore, report_id)).has_note_text()


async def test_a_report_locked_by_another_transaction_is_left_for_the_next_pass(
    rstore: ReportStore, retention_db: str
) -> None:
    busy = await make_report(rstore, FAILED)
    free = await make_report(rstore, FAILED)
    async with await psycopg.AsyncConnection.connect(retention_db) as other:
        # An admin retry holding the row, say.
        await other.execute("SELECT 1 FROM reports WHERE report_id = %s FOR UPDATE", (busy,))
        assert dict(await retention.purge_expired(rstore.pool, 30)) == {FAILED: 1}
        assert (await stored(rstore, busy)).bundle == RAW
        await other.rollback()
    assert dict(await retention.purge_expired(rstore.pool, 30)) == {FAILED: 1}
    assert (await stored(rstore, busy)).purged_at is not None
    assert (await stored(rstore, free)).purged_at is not None


async def test_zero_days_turns_the_purge_off_and_the_reconciler_counts_what_it_purges(
    rstore: ReportStore, retention_db: str
) -> None:
    report_id = await make_report(rstore, CANCELLED, finished_days_ago=400)
    assert sum((await retention.purge_expired(rstore.pool, 0)).values()) == 0
    assert (await stored(rstore, report_id)).bundle == RAW

    async def send(_: str, __: Mapping[str, str]) -> None:
        raise AssertionError("nothing to send")

    reconciler = Reconciler(
        rstore, retention_db, send, 1.0, 60.0, retention_days=30, retention_interval_seconds=1
    )
    counted = RETENTION_PURGED.labels("CANCELLED")
    before = counted._value.get()
    assert await reconciler.purge_once() == 1
    assert counted._value.get() == before + 1
    assert (await stored(rstore, report_id)).bundle is None


def test_the_orchestrator_purges_in_the_background(retention_db: str, tmp_path: Path) -> None:
    """The services as processes: a finished report is purged by the orchestrator's
    reconciler leader without anyone asking, and GetReport still answers."""
    env = {"RETENTION_DAYS": str(2 / 86_400), "RETENTION_INTERVAL_SECONDS": "1"}
    with (
        Suite(retention_db, tmp_path, env_overrides=env) as suite,
        grpc.insecure_channel(suite.gateway_addr) as channel,
    ):
        stub = reports_pb2_grpc.ReportServiceStub(channel)
        created = stub.CreateReport(
            reports_pb2.CreateReportRequest(fhir_bundle=EXAMPLES[0].read_bytes()), timeout=30
        )
        deadline = time.monotonic() + 120
        purged_at = None
        while purged_at is None:
            assert time.monotonic() < deadline, suite.log("orchestrator")
            time.sleep(0.5)
            with psycopg.connect(retention_db) as conn:
                row = conn.execute(
                    "SELECT purged_at FROM reports WHERE report_id = %s", (created.report_id,)
                ).fetchone()
                assert row is not None
                purged_at = row[0]
        report = stub.GetReport(reports_pb2.GetReportRequest(report_id=created.report_id))
        assert report.state == reports_pb2.REPORT_STATE_COMPLETE
        assert report.purge_time.ToDatetime(tzinfo=UTC) == purged_at
        assert report.result.icd10_codes and report.result.notes
        assert all(note.text == "" for note in report.result.notes)
        assert all(not c.evidence.text for c in report.result.icd10_codes)
        with psycopg.connect(retention_db) as conn:
            assert conn.execute(
                "SELECT count(*) FROM encounters WHERE report_id = %s", (created.report_id,)
            ).fetchone() == (0,)
        assert '"retention purge"' in suite.log("orchestrator")
