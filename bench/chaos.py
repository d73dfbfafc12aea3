"""`make chaos`: 200 reports under 50 kill -9s of the worker at random points, with a
Redis restart and a PostgreSQL restart in the middle. Everything runs as real
processes against a Redis and a PostgreSQL of this run's own (never the shared ones).

Prints a table — reports submitted, completed, failed, lost, AI calls repeated after
their result was saved, worst time from a kill to the interrupted reports moving
again — and writes bench/results/chaos-latest.json and a dated copy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import grpc
from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # made at import
from pgserver.postgres_server import get_server
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from codingintel.client import ReportsClient  # noqa: E402
from codingintel.reports.v1 import reports_pb2  # noqa: E402
from codingintel.store.migrate import migrate  # noqa: E402
from tests.support import (  # noqa: E402
    EXAMPLES,
    Suite,
    check_history,
    free_port,
    kill_worker,
    resume_gaps,
    start_redis,
)

BACKEND_DELAYS = {
    "Deidentify": {"delay_ms": 40},
    "InferIcd10Codes": {"delay_ms": 20},
    "AnalyzeCoding": {"delay_ms": 120},
    "AnalyzeQuality": {"delay_ms": 80},
}


def stop_postgres(pgdata: Path) -> None:
    user = "pgserver" if os.geteuid() == 0 else None
    with contextlib.suppress(Exception):
        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=pgdata, user=user)


def restart_postgres(pgdata: Path) -> None:
    """Stop the run's PostgreSQL (fast: clients are cut off) and start it again, with the
    same pg_ctl and arguments the embedded server uses."""
    user = "pgserver" if os.geteuid() == 0 else None  # the embedded server's own account
    pg_ctl(["-m", "fast", "-w", "stop"], pgdata=pgdata, user=user)
    time.sleep(1.0)
    pg_ctl(
        ["-w", "-o", '-h ""', "-o", f"-k {pgdata}", "-l", str(pgdata / "log"), "start"],
        pgdata=pgdata,
        user=user,
    )


async def create_with_retries(client: ReportsClient, bundle: bytes, request_id: str) -> str:
    """A careful client: retry UNAVAILABLE with the same request id (idempotent)."""
    for _ in range(120):
        try:
            return (await client.create(bundle, request_id=request_id)).report_id
        except grpc.aio.AioRpcError as error:
            if error.code() != grpc.StatusCode.UNAVAILABLE:
                raise
            await asyncio.sleep(0.5)
    raise RuntimeError("the gateway stayed unavailable")


async def wait_all(client: ReportsClient, report_ids: list[str], limit: float) -> dict[str, int]:
    deadline = time.monotonic() + limit
    states: dict[str, int] = {}
    for report_id in report_ids:
        while time.monotonic() < deadline:
            try:
                report = await asyncio.wait_for(client.wait(report_id), deadline - time.monotonic())
                states[report_id] = report.state
                break
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.5)
            except TimeoutError:
                break
    return states


async def chaos(
    reports: int, kills: int, seed: int, restart_stores: bool = True
) -> dict[str, float]:
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="chaos-"))
    pgdata = work / "pg"
    pgdata.mkdir()
    postgres = get_server(pgdata, cleanup_mode="stop")
    database_url = postgres.get_uri("codingintel")
    migrate(database_url)
    redis_port = free_port()
    redis_dir = work / "redis"
    redis_dir.mkdir()
    redis_server = start_redis(redis_port, redis_dir)
    calls = work / "calls.log"
    calls.touch()
    overrides = {
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MAX_ATTEMPTS": "20",
        "RETRY_BASE_SECONDS": "0.2",
        "RETRY_MAX_SECONDS": "1",
        "LEASE_SECONDS": "2",
        "RECONCILE_INTERVAL_SECONDS": "0.5",
        "REQUEUE_AFTER_SECONDS": "10",
        "WORKER_THREADS": "16",
        "FAULTS": json.dumps(BACKEND_DELAYS),
        "FAULT_LOG": str(calls),
    }
    began = time.monotonic()
    kill_times: list[float] = []
    try:
        with Suite(database_url, work, env_overrides=overrides) as suite:
            async with ReportsClient(suite.gateway_addr, timeout=20) as client:
                bundles = [EXAMPLES[i % len(EXAMPLES)].read_bytes() for i in range(reports)]
                gaps_between_kills = [rng.uniform(2.0, 5.0) for _ in range(kills)]
                # Spread the submissions over the whole run, so every kill lands on work.
                pace = sum(gaps_between_kills) / reports

                async def submit_all() -> list[str]:
                    ids = []
                    for bundle in bundles:
                        ids.append(await create_with_retries(client, bundle, str(uuid.uuid4())))
                        await asyncio.sleep(pace)
                    return ids

                submit_task = asyncio.ensure_future(submit_all())
                for index, gap in enumerate(gaps_between_kills):
                    await asyncio.sleep(gap)
                    kill_times.append(await asyncio.to_thread(kill_worker, suite))
                    if restart_stores and index == kills // 3:
                        redis_server.terminate()
                        redis_server.wait(10)
                        await asyncio.sleep(1.0)
                        redis_server = start_redis(redis_port, redis_dir)
                    if restart_stores and index == 2 * kills // 3:
                        await asyncio.to_thread(restart_postgres, pgdata)
                report_ids = await submit_task
                states = await wait_all(client, report_ids, limit=600)
    finally:
        redis_server.terminate()
        redis_server.wait(10)
    history = check_history(database_url, list(states), calls) if states else {}
    gaps = resume_gaps(database_url, list(states), kill_times)
    # Stop it with pg_ctl: after a restart by pg_ctl, the embedded handle no longer
    # knows the running server.
    stop_postgres(pgdata)
    postgres.cleanup()
    print("kill to resumed per kill (s):", [round(g, 1) for g in gaps], "logs in", work)
    completed = sum(1 for s in states.values() if s == reports_pb2.REPORT_STATE_COMPLETE)
    failed = sum(1 for s in states.values() if s == reports_pb2.REPORT_STATE_FAILED)
    return {
        "chaos_reports_submitted": reports,
        "chaos_completed": completed,
        "chaos_failed": failed,
        "chaos_lost": reports - len(states),
        "chaos_kills": len(kill_times),
        "chaos_ai_calls_repeated_after_saved": history.get("repeated_after_saved", -1),
        "chaos_worst_kill_to_resumed_s": round(max(gaps, default=0.0), 2),
        "chaos_median_kill_to_resumed_s": round(sorted(gaps)[len(gaps) // 2], 2) if gaps else 0.0,
        "chaos_wall_s": round(time.monotonic() - began, 1),
    }


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--reports", type=int, default=200)
    arguments.add_argument("--kills", type=int, default=50)
    arguments.add_argument("--seed", type=int, default=7)
    options = arguments.parse_args()
    figures = asyncio.run(chaos(options.reports, options.kills, options.seed))
    table = Table(title="chaos: kill -9 of the worker, Redis and PostgreSQL restarts")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key.removeprefix("chaos_").replace("_", " "), str(value))
    Console().print(table)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in ("chaos-latest.json", f"chaos-{stamp}.json"):
        (results / name).write_text(json.dumps(figures, indent=2) + "\n")
    lost_or_repeated = figures["chaos_lost"] or figures["chaos_ai_calls_repeated_after_saved"]
    sys.exit(1 if lost_or_repeated or figures["chaos_completed"] != options.reports else 0)


if __name__ == "__main__":
    main()
