"""Push latency: a status change committed → received by a watcher over WatchReport.

Both figures are timed from just before the writing transaction starts (the commit
returns after the notification may already have arrived), so each is an upper bound
measured the same way.

A real gateway process against the real Postgres and Redis: 100 watchers (10 per
report on 10 reports), 1,000 changes committed through the report store (the same code
path as the orchestrator), each timed commit → receipt. Baseline in the same run: the
raw mechanism alone, insert + NOTIFY in one transaction → receipt on a LISTEN
connection of the same database. `bench/run.py` runs it with the other figures; run
alone it prints its own table.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psycopg
from google.rpc import status_pb2
from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stack import TYPICAL_ENCOUNTER, bench_suite, own_redis, percentile  # noqa: E402
from codingintel.client import ReportsClient  # noqa: E402
from codingintel.store import ReportStore, new_pool  # noqa: E402
from codingintel.store.migrate import migrate  # noqa: E402
from tests.support import Suite, scratch_database  # noqa: E402

REPORTS = 10
WATCHERS_PER_REPORT = 10
CHANGES = 1_000
GAP_SECONDS = 0.003  # between commits, so the figure is latency, not backlog


def commit_changes(database_url: str, report_ids: list[str], changes: int) -> dict[str, float]:
    """Commit the changes, in a process of its own as a worker would (a thread of the
    watchers' process would share their interpreter lock and delay their receipts).
    Answers "<report id>:<version>" → when its transaction began."""

    async def run() -> dict[str, float]:
        committed: dict[str, float] = {}
        pool = new_pool(database_url, 1, 2)
        await pool.open(wait=True)
        store = ReportStore(pool)
        for index in range(changes):
            report_id = report_ids[index % len(report_ids)]
            began = time.time()
            changed = await store.change(
                uuid.UUID(report_id), {"progress_percent": 1 + index * 90 // changes}
            )
            assert changed is not None
            committed[f"{report_id}:{changed.version}"] = began
            await asyncio.sleep(GAP_SECONDS)
        # End every stream with a terminal version (also timed).
        for report_id in report_ids:
            began = time.time()
            done = await store.fail(
                uuid.UUID(report_id), status_pb2.Status(code=1, message="bench")
            )
            assert done is not None
            committed[f"{report_id}:{done.version}"] = began
        await pool.close()
        return committed

    return asyncio.run(run())


async def measure_push(
    suite: Suite,
    database_url: str,
    reports: int = REPORTS,
    watchers_per_report: int = WATCHERS_PER_REPORT,
    changes: int = CHANGES,
) -> list[float]:
    """Latencies (ms) of every version received by every watcher."""
    async with ReportsClient(suite.gateway_addr) as client:
        bundle = TYPICAL_ENCOUNTER.read_bytes()
        report_ids = [(await client.create(bundle)).report_id for _ in range(reports)]
        received: list[tuple[str, int, float]] = []

        async def watcher(report_id: str) -> None:
            async for report in client.watch(report_id, 1):
                received.append((report_id, report.version, time.time()))

        tasks = [
            asyncio.create_task(watcher(r)) for r in report_ids for _ in range(watchers_per_report)
        ]
        await asyncio.sleep(1.0)  # every stream open
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as committer:
            committed = await asyncio.get_running_loop().run_in_executor(
                committer, commit_changes, database_url, report_ids, changes
            )
        await asyncio.gather(*tasks)
    assert len(received) == len(committed) * watchers_per_report, "a watcher missed a version"
    return [(at - committed[f"{rid}:{version}"]) * 1000 for rid, version, at in received]


async def measure_notify(database_url: str, changes: int = CHANGES) -> list[float]:
    """The floor: insert + NOTIFY in one transaction → a LISTEN connection's receipt."""
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as listener:
        await listener.execute("CREATE TABLE IF NOT EXISTS bench_notify (id int)")
        await listener.execute("LISTEN bench")
        sent: dict[str, float] = {}
        latencies: list[float] = []

        async def send() -> None:
            async with await psycopg.AsyncConnection.connect(database_url) as writer:
                for index in range(changes):
                    sent[str(index)] = time.time()
                    async with writer.transaction():
                        await writer.execute("INSERT INTO bench_notify VALUES (%s)", (index,))
                        await writer.execute("SELECT pg_notify('bench', %s)", (str(index),))
                    await asyncio.sleep(GAP_SECONDS)

        sender = asyncio.create_task(send())
        async for notify in listener.notifies(stop_after=changes, timeout=60):
            latencies.append((time.time() - sent[notify.payload]) * 1000)
        await sender
    return latencies


def main() -> None:
    with scratch_database() as database_url, own_redis() as redis_url:
        migrate(database_url)
        notify = asyncio.run(measure_notify(database_url))
        logs = Path(tempfile.mkdtemp())
        with bench_suite(database_url, redis_url, logs, ("gateway",)) as suite:
            push = asyncio.run(measure_push(suite, database_url))
    Console().print(
        f"push p50 {statistics.median(push):.2f} ms, p99 {percentile(push, 0.99):.2f} ms;"
        f" NOTIFY p50 {statistics.median(notify):.2f} ms, p99 {percentile(notify, 0.99):.2f} ms"
    )


if __name__ == "__main__":
    main()
