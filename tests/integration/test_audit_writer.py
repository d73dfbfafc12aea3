"""The gateway's write-behind audit: rows reach the table in order, a full queue writes
inline instead of dropping, and stopping writes what is left."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import psycopg
import pytest_asyncio

from codingintel.store import AuditRow, ReportStore, new_pool
from codingintel.store.migrate import migrate
from codingintel_gateway.audit import AuditWriter

from ..support import scratch_database


@pytest_asyncio.fixture(loop_scope="session")
async def audit_store() -> AsyncIterator[tuple[ReportStore, str]]:
    with scratch_database() as url:
        await asyncio.to_thread(migrate, url)
        pool = new_pool(url)
        await pool.open(wait=True)
        try:
            yield ReportStore(pool), url
        finally:
            await pool.close()


def rows_in(url: str) -> list[tuple[str, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT principal, method, report_id, status_code, batch_id FROM audit_log ORDER BY id"
        ).fetchall()


async def test_rows_are_written_in_order_and_stop_writes_what_is_queued(
    audit_store: tuple[ReportStore, str],
) -> None:
    store, url = audit_store
    writer = AuditWriter(store, max_pending=3)
    # Not started: the first three wait in the queue, the next three find it full and
    # are written by their own calls at once.
    for i in range(6):
        await writer.record(AuditRow("acme", f"p{i}", "GetReport", f"r{i}", "OK", "b1"))
    assert [r[0] for r in rows_in(url)] == ["p3", "p4", "p5"]
    writer.start()
    await writer.stop()
    assert sorted(r[0] for r in rows_in(url)) == [f"p{i}" for i in range(6)]
    assert rows_in(url)[-1] == ("p2", "GetReport", "r2", "OK", "b1")


async def test_a_running_writer_writes_soon_after_each_call(
    audit_store: tuple[ReportStore, str],
) -> None:
    store, url = audit_store
    before = len(rows_in(url))
    writer = AuditWriter(store)
    writer.start()
    try:
        await writer.record(AuditRow("acme", "soon", "CreateReport", "r", "OK"))
        for _ in range(100):
            if len(rows_in(url)) > before:
                break
            await asyncio.sleep(0.02)
        assert rows_in(url)[-1][:2] == ("soon", "CreateReport")
    finally:
        await writer.stop()
