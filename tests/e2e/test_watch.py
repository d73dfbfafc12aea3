"""WatchReport over a real gateway process: the after_version table, resume, lost
notifications and a gateway restart. The test itself commits the status changes
through the store, so every version is known."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import grpc
import psycopg
import pytest
import pytest_asyncio

from codingintel import pipeline
from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2
from codingintel.store import ReportStore

from ..support import EXAMPLES, Suite

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="module")
def gateway(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    with Suite(database_url, tmp_path_factory.mktemp("gw"), services=("gateway",)) as suite:
        yield suite


@pytest_asyncio.fixture(loop_scope="session")
async def client(gateway: Suite) -> AsyncIterator[ReportsClient]:
    async with ReportsClient(gateway.gateway_addr, timeout=10) as c:
        yield c


async def new_report(client: ReportsClient) -> reports_pb2.Report:
    return await client.create(EXAMPLES[0].read_bytes(), request_id=str(uuid.uuid4()))


async def advance(store: ReportStore, report: reports_pb2.Report, steps: int) -> int:
    """Commit `steps` changes on the agreed scale; answers the version reached."""
    report_id = uuid.UUID(report.report_id)
    current = await store.load_report(report_id)
    assert current is not None
    version = current.version
    for _ in range(steps):
        if version == 1:
            claim = await store.claim(
                report_id,
                owner="test",
                lease_seconds=600,
                max_attempts=3,
                step=pipeline.PHI_DETECTION,
                progress=10,
                eta_ms=100,
            )
            changed = claim.report
        else:
            step, progress = pipeline.SCALE[min(version - 1, len(pipeline.SCALE) - 2)]
            changed = await store.change(
                report_id, {"current_step": step, "progress_percent": progress}
            )
        assert changed is not None
        version = changed.version
    return version


async def finish(store: ReportStore, report: reports_pb2.Report) -> int:
    done = await store.complete(uuid.UUID(report.report_id), reports_pb2.ReportResult())
    assert done is not None
    return done.version


async def collect(stream: AsyncIterator[reports_pb2.Report], into: list[int]) -> None:
    async for report in stream:
        into.append(report.version)


async def settle() -> None:
    await asyncio.sleep(0.3)


async def test_after_zero_sends_the_snapshot_then_every_later_version(
    client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    await advance(store, report, 2)
    seen: list[int] = []
    task = asyncio.create_task(collect(client.watch(report.report_id, 0), seen))
    await settle()
    assert seen == [3]
    await advance(store, report, 3)
    last = await finish(store, report)
    await asyncio.wait_for(task, 10)
    assert seen == list(range(3, last + 1))


async def test_after_k_resumes_with_the_stored_versions_and_no_extra_snapshot(
    client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    await advance(store, report, 4)  # now at version 5
    seen: list[int] = []
    task = asyncio.create_task(collect(client.watch(report.report_id, 2), seen))
    await settle()
    assert seen == [3, 4, 5]
    last = await finish(store, report)
    await asyncio.wait_for(task, 10)
    assert seen == [3, 4, 5, last]


async def test_after_current_version_waits_for_the_next(
    client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    version = await advance(store, report, 2)
    seen: list[int] = []
    task = asyncio.create_task(collect(client.watch(report.report_id, version), seen))
    await settle()
    assert seen == []
    await advance(store, report, 1)
    await settle()
    assert seen == [version + 1]
    await finish(store, report)
    await asyncio.wait_for(task, 10)
    assert seen == [version + 1, version + 2]


async def test_after_current_version_of_a_terminal_report_ends_at_once(
    client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    last = await finish(store, report)
    responses = [
        r
        async for r in client.stub.WatchReport(
            reports_pb2.WatchReportRequest(report_id=report.report_id, after_version=last)
        )
    ]
    assert responses == []
    # after 0 of a terminal report: just the final snapshot.
    final = [
        r.report.version
        async for r in client.stub.WatchReport(
            reports_pb2.WatchReportRequest(report_id=report.report_id)
        )
    ]
    assert final == [last]


async def test_beyond_the_current_version_is_out_of_range(client: ReportsClient) -> None:
    report = await new_report(client)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in client.watch(report.report_id, 5):
            pass
    assert caught.value.code() == grpc.StatusCode.OUT_OF_RANGE


async def test_an_unknown_report_is_not_found(client: ReportsClient) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in client.watch(str(uuid.uuid4())):
            pass
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_watcher_cut_midway_resumes_with_exactly_the_missing_versions(
    client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    first: list[int] = []
    async for version in client.watch(report.report_id, 0):
        first.append(version.version)
        if len(first) == 1:
            await advance(store, report, 4)
        if len(first) == 3:
            break  # the connection drops here
    await advance(store, report, 2)
    last = await finish(store, report)
    rest = [r.version async for r in client.watch(report.report_id, first[-1])]
    assert first + rest == list(range(1, last + 1))


async def test_a_change_whose_notification_was_lost_still_arrives(
    client: ReportsClient, store: ReportStore, database_url: str
) -> None:
    report = await new_report(client)
    seen: list[int] = []
    task = asyncio.create_task(collect(client.watch(report.report_id, 0), seen))
    await settle()
    assert seen == [1]
    # Cut the gateway's LISTEN connection and commit while it is down: that change's
    # notification goes nowhere.
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as admin:
        cursor = await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = %s AND datname = current_database()",
            ("codingintel-gateway-listener",),
        )
        assert [row[0] for row in await cursor.fetchall()] == [True]
    await advance(store, report, 2)
    await asyncio.sleep(1.5)  # the listener reconnects and wakes every watcher
    assert seen == [1, 2, 3]
    last = await finish(store, report)
    await asyncio.wait_for(task, 10)
    assert seen == list(range(1, last + 1))


async def test_a_gateway_restart_mid_stream_loses_nothing(
    gateway: Suite, client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    seen: list[int] = []
    task = asyncio.create_task(collect(client.watch(report.report_id, 0), seen))
    await advance(store, report, 2)
    await settle()
    assert seen == [1, 2, 3]
    await asyncio.to_thread(gateway.stop, "gateway")
    await advance(store, report, 3)  # committed while no gateway runs
    gateway.start("gateway")
    await asyncio.to_thread(gateway.wait_serving, "gateway")
    await advance(store, report, 1)
    last = await finish(store, report)
    await asyncio.wait_for(task, 30)
    assert seen == list(range(1, last + 1))


async def test_a_watcher_of_a_deleted_report_gets_not_found(
    client: ReportsClient, store: ReportStore
) -> None:
    report = await new_report(client)
    await advance(store, report, 2)

    async def watch_to_the_end() -> grpc.StatusCode:
        try:
            async for _ in client.watch(report.report_id, 0):
                pass
        except grpc.aio.AioRpcError as error:
            return error.code()
        return grpc.StatusCode.OK

    watcher = asyncio.create_task(watch_to_the_end())
    await settle()
    assert await store.delete_report("default", uuid.UUID(report.report_id))
    assert await asyncio.wait_for(watcher, 10) == grpc.StatusCode.NOT_FOUND


async def test_the_gateway_logged_no_traceback(gateway: Suite) -> None:
    assert "Traceback" not in gateway.log("gateway")
