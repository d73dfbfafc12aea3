"""`make bench`: every figure of the benchmark table, each with its baseline measured in
the same run, on real processes against a real PostgreSQL (a scratch database) and a
Redis server of the run's own.

Prints a table (figure, baseline, ratio, goal, met?) and writes
bench/results/latest.json (flat keys, numbers only) plus a dated copy.
`--smoke` runs the same code at a tiny size in well under two minutes; its figures mean
nothing and no goal is checked.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, push_latency  # noqa: E402
from bench.stack import (  # noqa: E402
    TYPICAL_ENCOUNTER,
    Counters,
    bench_suite,
    own_redis,
    percentile,
)
from codingintel.client import ReportsClient  # noqa: E402
from codingintel.store import COMPLETE, PROCESSING  # noqa: E402
from codingintel.store.migrate import migrate  # noqa: E402
from tests.support import Suite, free_port, scratch_database  # noqa: E402

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
# Calls per report that reach a backend and wait on it (de-identification, ICD-10,
# SNOMED, the two analyses); clinical filtering is local to the coding service and
# answers at once in every mode.
SLEEPING_CALLS_PER_REPORT = 5


@dataclass(frozen=True)
class Size:
    latency_calls: int
    throughput_seconds: float
    client_processes: int
    callers: int
    push_reports: int
    push_watchers_per_report: int
    push_changes: int
    pickup_reports: int
    pipeline_reports: int
    noop_messages: int
    pipeline_threads: int
    makespan_reports: int
    sleep_seconds: float
    makespan_threads: int
    streams: int
    stream_steps: int
    burst: int
    settle_seconds: float


FULL = Size(
    latency_calls=2000,
    throughput_seconds=10.0,
    client_processes=4,
    callers=200,
    push_reports=10,
    push_watchers_per_report=10,
    push_changes=1000,
    pickup_reports=100,
    pipeline_reports=500,
    noop_messages=5000,
    pipeline_threads=16,
    makespan_reports=1000,
    sleep_seconds=1.0,
    makespan_threads=40,
    streams=10_000,
    stream_steps=4,
    burst=1000,
    settle_seconds=11.0,
)
SMOKE = Size(
    latency_calls=50,
    throughput_seconds=1.5,
    client_processes=2,
    callers=10,
    push_reports=2,
    push_watchers_per_report=2,
    push_changes=40,
    pickup_reports=3,
    pipeline_reports=10,
    noop_messages=100,
    pipeline_threads=4,
    makespan_reports=8,
    sleep_seconds=0.1,
    makespan_threads=4,
    streams=200,
    stream_steps=2,
    burst=50,
    settle_seconds=0.0,
)

# Wide enough for the table when the output is not a terminal (CI logs).
# Per-table rows and per-command Redis calls, for the capacity model.
detail: dict[str, Any] = {}
console = Console(width=None if sys.stdout.isatty() else 132)


def step(text: str) -> None:
    console.print(f"[dim]{datetime.now(UTC):%H:%M:%S}[/] {text}")


@contextmanager
def echo_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(BENCH / "echo_server.py"), str(port)])
    try:
        addr = f"127.0.0.1:{port}"
        import grpc

        with grpc.insecure_channel(addr) as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
        yield addr
    finally:
        process.terminate()
        process.wait(10)


def run_clients(
    mode: str, addr: str, target: str, callers: int, processes: int, seconds: float
) -> list[dict[str, Any]]:
    """Start the client processes, let them connect, and collect their JSON lines."""
    start_at = time.time() + 3.0  # every process connected and warmed up by then
    per_process = max(1, callers // processes)
    children = [
        subprocess.Popen(
            [
                sys.executable,
                str(BENCH / "load.py"),
                mode,
                "--addr",
                addr,
                "--target",
                target,
                "--bundle",
                str(TYPICAL_ENCOUNTER),
                "--callers",
                str(per_process),
                "--start-at",
                str(start_at),
                "--seconds",
                str(seconds),
            ],
            stdout=subprocess.PIPE,
        )
        for _ in range(processes)
    ]
    results = []
    for child in children:
        out, _ = child.communicate(timeout=seconds + 300)
        assert child.returncode == 0, f"a client process failed ({child.returncode})"
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    return results


def throughput(addr: str, target: str, size: Size) -> tuple[float, int]:
    results = run_clients(
        "window", addr, target, size.callers, size.client_processes, size.throughput_seconds
    )
    done = sum(r["done"] for r in results)
    errors = sum(sum(r["errors"].values()) for r in results)
    return done / size.throughput_seconds, errors


# --- CreateReport: latency, throughput, a burst --------------------------------------


def measure_create(
    database_url: str, redis_url: str, logs: Path, size: Size, figures: dict[str, float]
) -> None:
    bundle = TYPICAL_ENCOUNTER.read_bytes()
    with (
        echo_server() as echo_addr,
        bench_suite(database_url, redis_url, logs / "create", ("gateway",)) as suite,
    ):
        step("CreateReport and echo: one caller at a time")
        echo = asyncio.run(load.sequential_latencies(echo_addr, "echo", bundle, size.latency_calls))
        before = Counters.read(database_url, redis_url, size.settle_seconds)
        cpu_before = cpu_seconds(suite)
        create = asyncio.run(
            load.sequential_latencies(suite.gateway_addr, "create", bundle, size.latency_calls)
        )
        after = Counters.read(database_url, redis_url, size.settle_seconds)
        creates = size.latency_calls + max(5, size.latency_calls // 20)
        figures["gateway_cpu_ms_per_create"] = round(
            (cpu_seconds(suite)["gateway"] - cpu_before["gateway"]) / creates * 1000, 2
        )
        for key, value in after.per(before, creates).items():
            figures[f"create_{key}"] = value
        detail["create"] = {
            "rows_by_table": after.rows_by_table(before, creates),
            "redis_by_command": after.redis_by_command(before, creates),
        }
        figures["echo_p50_ms"] = round(statistics.median(echo), 3)
        figures["echo_p99_ms"] = round(percentile(echo, 0.99), 3)
        figures["create_p50_ms"] = round(statistics.median(create), 3)
        figures["create_p99_ms"] = round(percentile(create, 0.99), 3)

        step(f"throughput: {size.callers} callers over {size.client_processes} processes")
        echo_rate, echo_errors = throughput(echo_addr, "echo", size)
        create_rate, create_errors = throughput(suite.gateway_addr, "create", size)
        figures["echo_per_s"] = round(echo_rate, 1)
        figures["creates_per_s"] = round(create_rate, 1)
        figures["creates_errors_under_load"] = create_errors + echo_errors

        step(f"{size.burst} CreateReport calls at once")
        results = run_clients("burst", suite.gateway_addr, "create", size.burst, 1, 0)
        figures["errors_1000_creates"] = sum(sum(r["errors"].values()) for r in results)
        figures["burst_slowest_ms"] = round(max(r["slowest_s"] for r in results) * 1000, 1)


# --- status push ------------------------------------------------------------------


def measure_push(
    database_url: str, redis_url: str, logs: Path, size: Size, figures: dict[str, float]
) -> None:
    step(
        f"push: {size.push_changes} changes, "
        f"{size.push_reports * size.push_watchers_per_report} watchers; NOTIFY floor"
    )
    notify = asyncio.run(push_latency.measure_notify(database_url, size.push_changes))
    with bench_suite(database_url, redis_url, logs / "push", ("gateway",)) as suite:
        push = asyncio.run(
            push_latency.measure_push(
                suite,
                database_url,
                size.push_reports,
                size.push_watchers_per_report,
                size.push_changes,
            )
        )
    figures["push_p50_ms"] = round(statistics.median(push), 3)
    figures["push_p99_ms"] = round(percentile(push, 0.99), 3)
    figures["notify_p50_ms"] = round(statistics.median(notify), 3)
    figures["notify_p99_ms"] = round(percentile(notify, 0.99), 3)
    figures["poll_2s_median_ms"] = 1000.0


# --- memory per idle stream -------------------------------------------------------


def open_streams(suite: Suite) -> float:
    url = f"http://127.0.0.1:{suite.ports['gateway_metrics']}/metrics"
    with urllib.request.urlopen(url, timeout=5) as answer:
        for line in answer.read().decode().splitlines():
            if line.startswith("codingintel_watch_streams_open "):
                return float(line.split()[1])
    return 0.0


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.2)


def settled_rss(pid: int) -> int:
    """RSS once it stops moving (the last streams' allocations done), within 5 s."""
    process = psutil.Process(pid)
    last = process.memory_info().rss
    for _ in range(10):
        time.sleep(0.5)
        now = process.memory_info().rss
        if abs(now - last) <= last // 500:
            return int(now)
        last = now
    return int(last)


def measure_streams(
    database_url: str, redis_url: str, logs: Path, size: Size, figures: dict[str, float]
) -> None:
    step(f"memory: {size.streams} idle WatchReport streams")
    bundle = TYPICAL_ENCOUNTER.read_bytes()
    with bench_suite(database_url, redis_url, logs / "streams", ("gateway",)) as suite:

        async def reports() -> list[str]:
            async with ReportsClient(suite.gateway_addr) as client:
                # The gateway warmed up (every code path a stream takes) before RSS is read.
                ids = [(await client.create(bundle)).report_id for _ in range(100)]
                for report_id in ids[:10]:
                    await client.get(report_id)
                return ids

        report_ids = asyncio.run(reports())
        pid = suite.processes["gateway"].pid
        rss = [settled_rss(pid)]
        per_step = size.streams // size.stream_steps
        holders = []
        try:
            for index in range(size.stream_steps):
                holder = subprocess.Popen(
                    [
                        sys.executable,
                        str(BENCH / "streams.py"),
                        suite.gateway_addr,
                        str(per_step),
                        *report_ids,
                    ],
                    stdin=subprocess.PIPE,
                )
                holders.append(holder)
                expected = per_step * (index + 1)

                def all_open(expected: int = expected) -> bool:
                    return open_streams(suite) >= expected

                wait_until(
                    all_open,
                    300,
                    f"{expected} streams not open",
                )
                rss.append(settled_rss(pid))
        finally:
            for holder in holders:
                assert holder.stdin is not None
                holder.stdin.close()
            for holder in holders:
                try:
                    holder.wait(30)
                except subprocess.TimeoutExpired:
                    holder.kill()
                    holder.wait()
    grown = [(rss[i + 1] - rss[i]) / per_step / 1024 for i in range(size.stream_steps)]
    figures["rss_0_streams_mb"] = round(rss[0] / 2**20, 1)
    figures[f"rss_{size.streams}_streams_mb"] = round(rss[-1] / 2**20, 1)
    figures["kb_per_stream"] = round((rss[-1] - rss[0]) / size.streams / 1024, 2)
    figures["kb_per_stream_first_step"] = round(grown[0], 2)
    figures["kb_per_stream_last_step"] = round(grown[-1], 2)


# --- the pipeline: pickup, engine throughput, makespan ------------------------------


def cpu_seconds(suite: Suite) -> dict[str, float]:
    """CPU time (user + system) each running service has used so far."""
    out = {}
    for name, process in suite.processes.items():
        times = psutil.Process(process.pid).cpu_times()
        out[name] = times.user + times.system
    return out


def span_of(database_url: str, report_ids: list[str]) -> tuple[int, float, float]:
    """How many of the reports are complete, the first processing start and the last
    completion (unix seconds)."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE state = %s),"
            " extract(epoch FROM min(processing_start_time)),"
            " extract(epoch FROM max(processing_complete_time))"
            " FROM reports WHERE report_id = ANY(%s::uuid[])",
            (COMPLETE, report_ids),
        ).fetchone()
    assert row is not None
    return int(row[0]), float(row[1] or 0), float(row[2] or 0)


async def create_many(addr: str, count: int, concurrency: int = 50) -> list[str]:
    bundle = TYPICAL_ENCOUNTER.read_bytes()
    gate = asyncio.Semaphore(concurrency)
    async with ReportsClient(addr) as client:

        async def one() -> str:
            async with gate:
                return (await client.create(bundle)).report_id

        return await asyncio.gather(*(one() for _ in range(count)))


def stored_kb(database_url: str, report_ids: list[str]) -> float:
    """Bytes a finished report keeps in the database (its bundle, every version's
    snapshot, every stage's output; rows and indexes not counted), in KB on average."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT (SELECT coalesce(sum(octet_length(bundle)), 0) FROM encounters"
            "        WHERE report_id = ANY(%(ids)s::uuid[]))"
            " + (SELECT coalesce(sum(octet_length(snapshot)), 0) FROM report_events"
            "    WHERE report_id = ANY(%(ids)s::uuid[]))"
            " + (SELECT coalesce(sum(octet_length(output)), 0) FROM report_steps"
            "    WHERE report_id = ANY(%(ids)s::uuid[]))",
            {"ids": report_ids},
        ).fetchone()
    assert row is not None
    return round(float(row[0]) / len(report_ids) / 1024, 1)


def run_queued(
    suite: Suite, database_url: str, report_ids: list[str], timeout: float
) -> tuple[float, float]:
    """Start the (stopped) orchestrator on queued reports; wait for them all."""
    suite.start("orchestrator")
    wait_until(
        lambda: span_of(database_url, report_ids)[0] >= len(report_ids),
        timeout,
        f"reports not complete:\n{suite.log('orchestrator')}",
    )
    _, first, last = span_of(database_url, report_ids)
    return first, last


def measure_pipeline(
    database_url: str, redis_url: str, logs: Path, size: Size, figures: dict[str, float]
) -> None:
    services = ("gateway", "phi", "coding", "analysis", "orchestrator")
    with bench_suite(
        database_url,
        redis_url,
        logs / "pipeline",
        services,
        backend="null",
        worker_threads=size.pipeline_threads,
    ) as suite:
        step(f"pickup: {size.pickup_reports} reports, one at a time, idle system")

        async def pickups() -> list[float]:
            bundle = TYPICAL_ENCOUNTER.read_bytes()
            latencies = []
            async with ReportsClient(suite.gateway_addr) as client:
                # Warm: the worker's pool and channels are made on its first report.
                await client.wait((await client.create(bundle)).report_id)
                for _ in range(size.pickup_reports):
                    await asyncio.sleep(0.5)  # idle: the worker's poll has backed off fully
                    created = await client.create(bundle)
                    answered = time.perf_counter()
                    seen = None
                    async for report in client.watch(created.report_id, 0):
                        if seen is None and report.state == PROCESSING:
                            seen = time.perf_counter()
                    assert seen is not None and report.state == COMPLETE, "no PROCESSING seen"
                    latencies.append((seen - answered) * 1000)
            return latencies

        pickup = asyncio.run(pickups())
        figures["pickup_p50_ms"] = round(statistics.median(pickup), 2)
        figures["pickup_p99_ms"] = round(percentile(pickup, 0.99), 2)

        step(f"pipeline: {size.pipeline_reports} reports, null backends")
        suite.stop("orchestrator")
        ids = asyncio.run(create_many(suite.gateway_addr, size.pipeline_reports))
        before = Counters.read(database_url, redis_url, size.settle_seconds)
        suite.start("orchestrator")
        cpu_before = cpu_seconds(suite)
        wait_until(
            lambda: span_of(database_url, ids)[0] >= len(ids),
            600,
            f"pipeline reports not complete:\n{suite.log('orchestrator')}",
        )
        cpu_after = cpu_seconds(suite)
        after = Counters.read(database_url, redis_url, size.settle_seconds)
        _, first, last = span_of(database_url, ids)
        # The orchestrator's start-up (imports, migrations check) is counted: a few
        # hundred ms over hundreds of reports.
        for name in ("orchestrator", "phi", "coding", "analysis"):
            figures[f"{name}_cpu_ms_per_report"] = round(
                (cpu_after[name] - cpu_before.get(name, 0.0)) / len(ids) * 1000, 2
            )
        for key, value in after.per(before, size.pipeline_reports).items():
            figures[f"report_{key}"] = value
        detail["report"] = {
            "rows_by_table": after.rows_by_table(before, len(ids)),
            "redis_by_command": after.redis_by_command(before, len(ids)),
        }
        figures["pipeline_per_s"] = round(len(ids) / (last - first), 1)
        figures["report_stored_kb"] = stored_kb(database_url, ids)

    step(f"baseline: {size.noop_messages} no-op Dramatiq messages, same threads and Redis")
    out = subprocess.run(
        [
            sys.executable,
            str(BENCH / "noop_worker.py"),
            redis_url,
            f"noop_{int(time.time())}",
            str(size.noop_messages),
            str(size.pipeline_threads),
            "100",
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    noop = json.loads(out.stdout.decode().strip().splitlines()[-1])
    figures["dramatiq_noop_per_s"] = round(size.noop_messages / (noop["last"] - noop["first"]), 1)
    figures["engine_ratio"] = round(figures["pipeline_per_s"] / figures["dramatiq_noop_per_s"], 3)


def measure_makespan(
    database_url: str, redis_url: str, logs: Path, size: Size, figures: dict[str, float]
) -> None:
    step(
        f"makespan: {size.makespan_reports} reports, sleep backends {size.sleep_seconds} s"
        f" per call, {size.makespan_threads} in flight"
    )
    services = ("gateway", "phi", "coding", "analysis")
    with bench_suite(
        database_url,
        redis_url,
        logs / "makespan",
        services,
        backend="sleep",
        sleep_seconds=size.sleep_seconds,
        worker_threads=size.makespan_threads,
    ) as suite:
        ids = asyncio.run(create_many(suite.gateway_addr, size.makespan_reports))
        ideal = (
            size.makespan_reports
            * SLEEPING_CALLS_PER_REPORT
            * size.sleep_seconds
            / size.makespan_threads
        )
        first, last = run_queued(suite, database_url, ids, ideal * 5 + 120)
    figures["makespan_s"] = round(last - first, 2)
    figures["makespan_ideal_s"] = round(ideal, 2)
    figures["makespan_ratio"] = round((last - first) / ideal, 3)
    figures["makespan_concurrency"] = size.makespan_threads


# --- the table ----------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    value: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None


def rows(figures: dict[str, float], size: Size) -> list[Row]:
    # A part that failed leaves its figures out: they show as nan and unmet.
    f: defaultdict[str, float] = defaultdict(lambda: math.nan, figures)

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("inf")

    create_vs_echo = ratio(f["create_p99_ms"], f["echo_p99_ms"])
    throughput_share = ratio(f["creates_per_s"], f["echo_per_s"])
    push_vs_floor = ratio(f["push_p99_ms"], f["notify_p99_ms"])
    return [
        Row(
            "create p50 (ms)",
            f"{f['create_p50_ms']:.2f}",
            f"echo p50 {f['echo_p50_ms']:.2f}",
            f"{ratio(f['create_p50_ms'], f['echo_p50_ms']):.1f}x",
            "",
            None,
        ),
        Row(
            "create p99 (ms)",
            f"{f['create_p99_ms']:.2f}",
            f"echo p99 {f['echo_p99_ms']:.2f}",
            f"{create_vs_echo:.1f}x",
            "≤ 10 ms, ≤ 4x echo",
            f["create_p99_ms"] <= 10 and create_vs_echo <= 4,
        ),
        Row(
            f"creates/s ({size.callers} callers)",
            f"{f['creates_per_s']:.0f}",
            f"echo {f['echo_per_s']:.0f}/s",
            f"{throughput_share:.0%}",
            "≥ 25% of echo",
            throughput_share >= 0.25,
        ),
        Row(
            "push p50 (ms)",
            f"{f['push_p50_ms']:.2f}",
            "2 s poll: 1000",
            f"{ratio(1000.0, f['push_p50_ms']):.0f}x faster",
            "",
            None,
        ),
        Row(
            "push p99 (ms)",
            f"{f['push_p99_ms']:.2f}",
            f"NOTIFY p99 {f['notify_p99_ms']:.2f}",
            f"{push_vs_floor:.1f}x",
            "≤ 20 ms, ≤ 8x floor",
            f["push_p99_ms"] <= 20 and push_vs_floor <= 8,
        ),
        Row(
            "pickup p99 (ms)",
            f"{f['pickup_p99_ms']:.1f}",
            "",
            "",
            "≤ 250 ms",
            f["pickup_p99_ms"] <= 250,
        ),
        Row(
            "pipeline reports/s (null)",
            f"{f['pipeline_per_s']:.1f}",
            f"no-op Dramatiq {f['dramatiq_noop_per_s']:.0f}/s",
            f"{f['engine_ratio']:.3f}",
            "≥ 0.5",
            f["engine_ratio"] >= 0.5,
        ),
        Row(
            f"makespan, {size.makespan_reports} reports (s)",
            f"{f['makespan_s']:.1f}",
            f"ideal {f['makespan_ideal_s']:.1f} at {size.makespan_threads}",
            f"{f['makespan_ratio']:.2f}",
            "≤ 1.3",
            f["makespan_ratio"] <= 1.3,
        ),
        Row(
            f"KB per idle stream ({size.streams})",
            f"{f['kb_per_stream']:.1f}",
            f"RSS at 0: {f['rss_0_streams_mb']:.0f} MB",
            f"first/last step {f['kb_per_stream_first_step']:.1f}/"
            f"{f['kb_per_stream_last_step']:.1f}",
            "≤ 50 KB, flat",
            f["kb_per_stream"] <= 50
            and f["kb_per_stream_last_step"] <= 1.5 * max(f["kb_per_stream_first_step"], 1.0),
        ),
        Row(
            f"errors, {size.burst} creates at once",
            f"{f['errors_1000_creates']:.0f}",
            "",
            f"slowest {f['burst_slowest_ms']:.0f} ms",
            "0",
            f["errors_1000_creates"] == 0,
        ),
    ]


def machine() -> dict[str, Any]:
    return {
        "cpus": psutil.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes; no goal is checked")
    parser.add_argument(
        "--only",
        choices=("create", "push", "streams", "pipeline", "makespan"),
        action="append",
        help="run only these parts (repeatable); results are then not written",
    )
    parser.add_argument(
        "--makespan-concurrency", type=int, help="worker threads for the makespan (sizing)"
    )
    parser.add_argument("--makespan-reports", type=int, help="reports for the makespan")
    args = parser.parse_args()
    size = SMOKE if args.smoke else FULL
    if args.makespan_concurrency:
        size = replace(size, makespan_threads=args.makespan_concurrency)
    if args.makespan_reports:
        size = replace(size, makespan_reports=args.makespan_reports)
    parts = args.only or ["create", "push", "streams", "pipeline", "makespan"]
    began = time.monotonic()
    figures: dict[str, float] = {}
    failed: list[str] = []
    logs = Path(tempfile.mkdtemp(prefix="bench-"))
    step(f"{'smoke' if args.smoke else 'full'} run; service logs in {logs}")
    with scratch_database() as database_url, own_redis() as redis_url:
        migrate(database_url)
        measures = {
            "create": measure_create,
            "push": measure_push,
            "streams": measure_streams,
            "pipeline": measure_pipeline,
            "makespan": measure_makespan,
        }
        for part in parts:
            try:
                measures[part](database_url, redis_url, logs, size, figures)
            except Exception:
                # The other parts still run; the run fails at the end.
                console.print_exception()
                failed.append(part)
    figures["bench_seconds"] = round(time.monotonic() - began, 1)
    if args.only:
        console.print_json(json.dumps(figures))
        return
    table = Table(
        title=f"codingintel benchmarks ({'smoke: figures mean nothing' if args.smoke else 'full'})"
    )
    for column in ("figure", "value", "baseline", "ratio", "goal", "met?"):
        table.add_column(column)
    for row in rows(figures, size):
        met = "" if row.met is None or args.smoke else ("yes" if row.met else "[red]no[/]")
        table.add_row(row.figure, row.value, row.baseline, row.ratio, row.goal, met)
    console.print(table)
    if "report_pg_transactions" in figures and "create_pg_transactions" in figures:
        console.print(
            f"per report: {figures['report_pg_transactions']} Postgres transactions,"
            f" {figures['report_pg_rows_written']} rows written,"
            f" {figures['report_redis_commands']} Redis commands (processing);"
            f" per create: {figures['create_pg_transactions']} transactions,"
            f" {figures['create_redis_commands']} Redis commands"
        )
    console.print(f"machine: {json.dumps(machine())}")
    console.print_json(json.dumps(detail))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # A smoke run's figures mean nothing: they stay out of bench/results.
    folder = logs if args.smoke or failed else RESULTS
    folder.mkdir(exist_ok=True)
    names = ["smoke.json"] if args.smoke else ["latest.json", f"{stamp}.json"]
    for name in names:
        (folder / name).write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    step(f"done in {figures['bench_seconds']} s; wrote {', '.join(str(folder / n) for n in names)}")
    if failed:
        console.print(f"[red]failed: {', '.join(failed)}[/]")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
