"""Batches over real processes: a batch of 50 watched to the end, WatchBatch's
after_version table, idempotency on the batch request id, and a gateway restart in the
middle of a batch stream. Where every version must be known, the test itself commits
the member reports' changes through the store (a gateway with no workers)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import grpc
import psycopg
import pytest
import pytest_asyncio
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2
from codingintel.store import ReportStore

from ..support import EXAMPLES, Suite
from .test_watch import advance, finish

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module")
def gateway(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    with Suite(database_url, tmp_path_factory.mktemp("gw"), services=("gateway",)) as suite:
        yield suite


@pytest_asyncio.fixture(loop_scope="session")
async def client(gateway: Suite) -> AsyncIterator[ReportsClient]:
    async with ReportsClient(gateway.gateway_addr, timeout=30) as c:
        yield c


def entries(count: int, prefix: str = "") -> list[reports_pb2.CreateReportRequest]:
    return [
        reports_pb2.CreateReportRequest(
            request_id=f"{prefix}{i}" if prefix else "",
            fhir_bundle=EXAMPLES[i % len(EXAMPLES)].read_bytes(),
        )
        for i in range(count)
    ]


async def members(store: ReportStore, batch: reports_pb2.Batch) -> list[reports_pb2.Report]:
    found = []
    for report_id in batch.report_ids:
        report = await store.load_report(uuid.UUID(report_id))
        assert report is not None
        found.append(report)
    return found


async def collect(stream: AsyncIterator[reports_pb2.Batch], into: list[int]) -> None:
    async for batch in stream:
        into.append(batch.version)


async def settle() -> None:
    await asyncio.sleep(0.3)


def table_counts(database_url: str) -> tuple[int, ...]:
    with psycopg.connect(database_url) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("batches", "batch_events", "reports", "encounters", "report_events")
        )


async def test_a_new_batch_is_pending_at_version_one_with_its_reports_in_entry_order(
    client: ReportsClient,
) -> None:
    batch = await client.create_batch(entries(3))
    assert batch.version == 1 and batch.total_count == batch.pending_count == 3
    assert not batch.done and batch.progress_percent == 0
    assert not batch.HasField("estimated_time_remaining_ms")
    assert len(set(batch.report_ids)) == 3
    encounters = [(await client.get(r)).encounter_id for r in batch.report_ids]
    expected = [(await client.create(EXAMPLES[i].read_bytes())).encounter_id for i in range(3)]
    assert encounters == expected
    assert await client.get_batch(batch.batch_id) == batch
    listed = await client.list(reports_pb2.ListReportsRequest(batch_id=batch.batch_id))
    assert {r.report_id for r in listed.reports} == set(batch.report_ids)


async def test_each_member_change_bumps_the_batch_with_the_right_aggregate(
    client: ReportsClient, store: ReportStore
) -> None:
    batch = await client.create_batch(entries(4))
    first, second, third, fourth = await members(store, batch)
    await advance(store, first, 3)  # claim + 2 changes: PROCESSING at 30
    now = await client.get_batch(batch.batch_id)
    assert now.version == 4
    assert (now.pending_count, now.processing_count) == (3, 1)
    assert now.progress_percent == 30 // 4
    await finish(store, second)
    cancelled = await client.cancel(third.report_id)
    assert cancelled.state == reports_pb2.REPORT_STATE_CANCELLED
    now = await client.get_batch(batch.batch_id)
    assert now.version == 6
    assert (now.pending_count, now.processing_count, now.complete_count) == (1, 1, 1)
    assert now.cancelled_count == 1 and not now.done
    # Finished and cancelled reports count as 100: (30 + 100 + 100 + 0) / 4.
    assert now.progress_percent == 57
    # One finished: the ETA comes from the batch's own throughput.
    assert now.HasField("estimated_time_remaining_ms") and now.estimated_time_remaining_ms > 0
    await finish(store, first)
    await client.delete(fourth.report_id)  # deleting an active member cancels it
    final = await client.get_batch(batch.batch_id)
    assert final.version == 8 and final.done
    assert (final.complete_count, final.cancelled_count, final.total_count) == (2, 2, 4)
    assert final.progress_percent == 100 and final.estimated_time_remaining_ms == 0


async def test_after_version_follows_the_watch_report_table(
    client: ReportsClient, store: ReportStore
) -> None:
    batch = await client.create_batch(entries(2))
    one, two = await members(store, batch)
    await advance(store, one, 2)  # batch at version 3

    # after 0: the current aggregate, then every later version.
    seen: list[int] = []
    from_zero = asyncio.create_task(collect(client.watch_batch(batch.batch_id, 0), seen))
    await settle()
    assert seen == [3]

    # 0 < k < n: the stored versions after k, then every later one.
    resumed: list[int] = []
    from_one = asyncio.create_task(collect(client.watch_batch(batch.batch_id, 1), resumed))
    await settle()
    assert resumed == [2, 3]

    # k = n, not done: nothing at once, then every later version.
    waiting: list[int] = []
    from_now = asyncio.create_task(collect(client.watch_batch(batch.batch_id, 3), waiting))
    await settle()
    assert waiting == []
    await advance(store, two, 1)
    await settle()
    assert seen == [3, 4] and resumed == [2, 3, 4] and waiting == [4]

    # k > n: OUT_OF_RANGE; an unknown batch: NOT_FOUND.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in client.watch_batch(batch.batch_id, 99):
            pass
    assert caught.value.code() == grpc.StatusCode.OUT_OF_RANGE
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in client.watch_batch(str(uuid.uuid4())):
            pass
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND

    # Every stream ends right after the version in which the last report finished.
    await finish(store, one)
    await finish(store, two)
    await asyncio.wait_for(asyncio.gather(from_zero, from_one, from_now), 10)
    assert seen == [3, 4, 5, 6] and resumed == [2, 3, 4, 5, 6] and waiting == [4, 5, 6]

    # k = n of a done batch ends at once with nothing; after 0, just the final aggregate.
    ended = [
        r
        async for r in client.stub.WatchBatch(
            reports_pb2.WatchBatchRequest(batch_id=batch.batch_id, after_version=6)
        )
    ]
    assert ended == []
    final = [
        r.batch
        async for r in client.stub.WatchBatch(
            reports_pb2.WatchBatchRequest(batch_id=batch.batch_id)
        )
    ]
    assert [b.version for b in final] == [6] and final[0].done
    assert not final[0].report_ids  # stream messages stay small; GetBatch has the ids


async def test_the_batch_request_id_makes_create_idempotent(
    client: ReportsClient, database_url: str
) -> None:
    request_id = f"nightly-{uuid.uuid4()}"
    prefix = f"{uuid.uuid4()}-"
    first = await client.create_batch(entries(3, prefix), request_id=request_id)
    before = table_counts(database_url)
    again = await client.create_batch(entries(3, prefix), request_id=request_id)
    assert again == first
    assert table_counts(database_url) == before
    # The same id with other entries: the error CreateReport gives a reused request id.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await client.create_batch(entries(2, prefix), request_id=request_id)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert reason(caught.value) == "REQUEST_ID_REUSED"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await client.create(EXAMPLES[1].read_bytes(), request_id=f"{prefix}0")
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert reason(caught.value) == "REQUEST_ID_REUSED"
    assert table_counts(database_url) == before


async def test_an_entry_request_id_already_in_use_refuses_the_whole_batch(
    client: ReportsClient, database_url: str
) -> None:
    taken = f"taken-{uuid.uuid4()}"
    await client.create(EXAMPLES[0].read_bytes(), request_id=taken)
    batch = entries(3, f"{uuid.uuid4()}-")
    batch[2].request_id = taken
    before = table_counts(database_url)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await client.create_batch(batch)
    assert caught.value.code() == grpc.StatusCode.ALREADY_EXISTS
    info = error_info(caught.value)
    assert info.reason == "REQUEST_ID_REUSED"
    assert info.metadata["fields"] == "entries[2].request_id"
    assert table_counts(database_url) == before


async def test_a_batch_stream_cut_by_a_gateway_restart_resumes_with_nothing_missed(
    gateway: Suite, client: ReportsClient, store: ReportStore
) -> None:
    batch = await client.create_batch(entries(3))
    reports = await members(store, batch)
    seen: list[int] = []
    task = asyncio.create_task(collect(client.watch_batch(batch.batch_id, 0), seen))
    await advance(store, reports[0], 2)
    await settle()
    assert seen == [1, 2, 3]
    await asyncio.to_thread(gateway.stop, "gateway")
    await advance(store, reports[1], 3)  # committed while no gateway runs
    gateway.start("gateway")
    await asyncio.to_thread(gateway.wait_serving, "gateway")
    await advance(store, reports[2], 1)
    for report in reports:
        await finish(store, report)
    await asyncio.wait_for(task, 30)
    final = await client.get_batch(batch.batch_id)
    assert final.done and final.complete_count == 3
    assert seen == list(range(1, final.version + 1))


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    info = error_details_pb2.ErrorInfo()
    assert any(detail.Unpack(info) for detail in status.details)
    return info


def reason(error: grpc.aio.AioRpcError) -> str:
    return str(error_info(error).reason)


async def test_a_batch_of_fifty_is_watched_to_the_end(database_url: str, tmp_path: Path) -> None:
    with Suite(database_url, tmp_path) as suite:
        async with ReportsClient(suite.gateway_addr, timeout=60) as client:
            created = await client.create_batch(
                entries(50, f"{uuid.uuid4()}-"), request_id=str(uuid.uuid4())
            )
            assert created.total_count == 50 and len(created.report_ids) == 50
            # Resuming after version 1 (the one CreateBatch answered) gives every later
            # version however far the workers got before the stream opened.
            aggregates = [created, *[b async for b in client.watch_batch(created.batch_id, 1)]]
            final = await client.get_batch(created.batch_id)
    versions = [b.version for b in aggregates]
    assert versions == list(range(1, versions[-1] + 1)), "every version once, in order"
    assert created.version == 1 and created.pending_count == 50
    last = aggregates[-1]
    assert last.done and last.version == final.version
    assert last.complete_count == last.total_count == 50
    assert last.pending_count == last.processing_count == last.failed_count == 0
    assert last.progress_percent == 100 and last.estimated_time_remaining_ms == 0
    assert all(not b.done for b in aggregates[:-1])
    for aggregate in aggregates:
        assert (
            aggregate.pending_count
            + aggregate.processing_count
            + aggregate.complete_count
            + aggregate.failed_count
            + aggregate.cancelled_count
            == 50
        )
    complete = [b.complete_count for b in aggregates]
    progress = [b.progress_percent for b in aggregates]
    assert complete == sorted(complete) and progress == sorted(progress)
    # Every member change is one batch version: the batch's versions are the members'
    # versions after their first.
    with psycopg.connect(database_url) as conn:
        member_changes = conn.execute(
            "SELECT sum(version - 1) FROM reports WHERE batch_id = %s", (created.batch_id,)
        ).fetchone()
    assert member_changes is not None and int(member_changes[0]) + 1 == final.version
    assert any(b.HasField("estimated_time_remaining_ms") for b in aggregates[1:-1])
    assert "Traceback" not in suite.log("gateway")
