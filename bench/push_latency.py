"""Push latency: a status change committed → received by a watcher over WatchReport.

Both figures are timed from just before the writing transaction starts (the commit
returns after the notification may already have arrived), so each is an upper bound
measured the same way.

Runs a real gateway process against the real Postgres and Redis, opens 100 watchers
(10 per report on 10 reports), commits 1,000 changes through the report store (the
same code path as the orchestrator) and times each commit → receipt. Baseline in the
same run: the raw mechanism alone, insert + NOTIFY in one transaction → receipt on a
LISTEN connection of the same database. Prints a table and writes
bench/results/latest.json and a dated copy.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from google.rpc import status_pb2
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from codingintel.client import ReportsClient  # noqa: E402
from codingintel.store import ReportStore, new_pool  # noqa: E402
from codingintel.store.migrate import migrate  # noqa: E402
from tests.support import EXAMPLES, Suite, scratch_database  # noqa: E402

REPORTS = 10
WATCHERS_PER_REPORT = 10
CHANGES = 1_000
GAP_SECONDS = 0.003  # between commits, so the figure is latency, not backlog


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def commit_changes(
    database_url: str, report_ids: list[str], committed: dict[tuple[str, int], float]
) -> None:
    """In its own thread and loop, as a worker process would be."""

    async def run() -> None:
        pool = new_pool(database_url, 1, 2)
        await pool.open(wait=True)
        store = ReportStore(pool)
        for index in range(CHANGES):
            report_id = report_ids[index % len(report_ids)]
            changed = await store.change(
                uuid.UUID(report_id), {"progress_percent": 1 + index * 90 // CHANGES}
            )
            assert changed is not None
            committed[(report_id, changed.version)] = time.time()
            await asyncio.sleep(GAP_SECONDS)
        # End every stream with a terminal version (also timed).
        for report_id in report_ids:
            done = await store.fail(
                uuid.UUID(report_id), status_pb2.Status(code=1, message="bench")
            )
            assert done is not None
            committed[(report_id, done.version)] = time.time()
        await pool.close()

    asyncio.run(run())


async def measure_push(suite: Suite, database_url: str) -> list[float]:
    async with ReportsClient(suite.gateway_addr) as client:
        bundle = EXAMPLES[0].read_bytes()
        report_ids = [(await client.create(bundle)).report_id for _ in range(REPORTS)]
        received: list[tuple[str, int, float]] = []

        async def watcher(report_id: str) -> None:
            async for report in client.watch(report_id, 1):
                received.append((report_id, report.version, time.time()))

        tasks = [
            asyncio.create_task(watcher(r)) for r in report_ids for _ in range(WATCHERS_PER_REPORT)
        ]
        await asyncio.sleep(1.0)  # every stream open
        committed: dict[tuple[str, int], float] = {}
        thread = threading.Thread(target=commit_changes, args=(database_url, report_ids, committed))
        thread.start()
        await asyncio.gather(*tasks)
        thread.join()
    assert len(received) == len(committed) * WATCHERS_PER_REPORT, "a watcher missed a version"
    return [(at - committed[(rid, version)]) * 1000 for rid, version, at in received]


async def measure_notify(database_url: str) -> list[float]:
    """The floor: insert + NOTIFY in one transaction → a LISTEN connection's receipt."""
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as listener:
        await listener.execute("CREATE TABLE IF NOT EXISTS bench_notify (id int)")
        await listener.execute("LISTEN bench")
        sent: dict[str, float] = {}
        latencies: list[float] = []

        async def send() -> None:
            async with await psycopg.AsyncConnection.connect(database_url) as writer:
                for index in range(CHANGES):
                    sent[str(index)] = time.time()
                    async with writer.transaction():
                        await writer.execute("INSERT INTO bench_notify VALUES (%s)", (index,))
                        await writer.execute("SELECT pg_notify('bench', %s)", (str(index),))
                    await asyncio.sleep(GAP_SECONDS)

        sender = asyncio.create_task(send())
        async for notify in listener.notifies(stop_after=CHANGES, timeout=60):
            latencies.append((time.time() - sent[notify.payload]) * 1000)
        await sender
    return latencies


def main() -> None:
    console = Console()
    with scratch_database() as database_url:
        migrate(database_url)
        notify = asyncio.run(measure_notify(database_url))
        with Suite(database_url, Path(tempfile.mkdtemp()), services=("gateway",)) as suite:
            push = asyncio.run(measure_push(suite, database_url))
    figures = {
        "push_p50_ms": round(statistics.median(push), 2),
        "push_p99_ms": round(percentile(push, 0.99), 2),
        "push_samples": len(push),
        "notify_p50_ms": round(statistics.median(notify), 2),
        "notify_p99_ms": round(percentile(notify, 0.99), 2),
        "poll_2s_median_ms": 1000.0,
    }
    table = Table(
        title=f"push latency: {CHANGES} changes, {REPORTS * WATCHERS_PER_REPORT} watchers"
    )
    for column in ("figure", "value", "baseline", "ratio", "goal"):
        table.add_column(column)
    floor = figures["notify_p99_ms"]
    table.add_row(
        "push p50 (ms)",
        f"{figures['push_p50_ms']}",
        f"poll 2 s: {figures['poll_2s_median_ms']}",
        f"{figures['poll_2s_median_ms'] / max(figures['push_p50_ms'], 0.01):.0f}x faster",
        "",
    )
    table.add_row(
        "push p99 (ms)",
        f"{figures['push_p99_ms']}",
        f"NOTIFY p99: {floor}",
        f"{figures['push_p99_ms'] / max(floor, 0.01):.1f}x",
        "≤ 20 ms, ≤ 8x floor",
    )
    table.add_row("NOTIFY p50 (ms)", f"{figures['notify_p50_ms']}", "", "", "")
    console.print(table)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in ("latest.json", f"push-{stamp}.json"):
        (results / name).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
