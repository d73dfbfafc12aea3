"""What every benchmark shares: a Redis of the run's own, a scratch database, the
services as real processes with benchmark settings, percentiles and store counters."""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import redis

from tests.support import Suite, free_port

ROOT = Path(__file__).resolve().parent.parent
TYPICAL_ENCOUNTER = ROOT / "examples" / "01-type2-diabetes-followup.json"


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.5 is the median."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@contextlib.contextmanager
def own_redis() -> Iterator[str]:
    """A Redis server of this run's own, so that no one else's traffic is counted in
    its command statistics and none of ours lands in theirs."""
    port = free_port()
    process = subprocess.Popen(
        [*("redis-server", "--port", str(port), "--bind", "127.0.0.1"), "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(10)


def bench_suite(
    database_url: str,
    redis_url: str,
    log_dir: Path,
    services: tuple[str, ...],
    backend: str = "null",
    sleep_seconds: float = 1.0,
    worker_threads: int = 16,
    **extra: str,
) -> Suite:
    """The services with benchmark-mode backends. The gateway's per-tenant create quota
    is off (every bench caller is one tenant) and its stream limit is above the memory
    test's 10,000 streams."""
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {
        "REDIS_URL": redis_url,
        "PHI_BACKEND": backend,
        "CODING_BACKEND": backend,
        "ANALYSIS_BACKEND": backend,
        "BENCH_SLEEP_SECONDS": str(sleep_seconds),
        "WORKER_THREADS": str(worker_threads),
        "CREATE_RATE_PER_SECOND": "0",
        "MAX_WATCH_STREAMS_PER_TENANT": "100000",
        **extra,
    }
    return Suite(database_url, log_dir, services=services, env_overrides=env)


@dataclass
class Counters:
    """Postgres (this database only) and Redis (this run's server only) counters."""

    pg: dict[str, int]
    redis_calls: dict[str, int]
    tables: dict[str, tuple[int, int]]

    @staticmethod
    def read(database_url: str, redis_url: str, settle_seconds: float = 0.0) -> Counters:
        # A busy backend reports its statistics when it goes idle, but at most once a
        # second, else up to 10 s later (PostgreSQL 15): wait that long for exact counts.
        time.sleep(settle_seconds)
        with psycopg.connect(database_url, autocommit=True) as conn:
            # The statistics snapshot is per transaction: clear it to read fresh values.
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute(
                "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted"
                " FROM pg_stat_database WHERE datname = current_database()"
            ).fetchone()
            tables = {
                str(name): (int(inserted), int(updated))
                for name, inserted, updated in conn.execute(
                    "SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables"
                ).fetchall()
            }
        assert row is not None
        client = redis.Redis.from_url(redis_url)
        stats: dict[str, Any] = client.info("commandstats")
        client.close()
        return Counters(
            pg={
                "xact_commit": int(row[0]),
                "tup_inserted": int(row[1]),
                "tup_updated": int(row[2]),
                "tup_deleted": int(row[3]),
            },
            redis_calls={
                name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()
            },
            tables=tables,
        )

    def per(self, before: Counters, count: int) -> dict[str, float]:
        """Per-unit deltas since `before` (e.g. per report)."""
        pg = {k: (v - before.pg[k]) / count for k, v in self.pg.items()}
        redis_total = sum(self.redis_calls.values()) - sum(before.redis_calls.values())
        return {
            "pg_transactions": round(pg["xact_commit"], 2),
            "pg_rows_written": round(pg["tup_inserted"] + pg["tup_updated"] + pg["tup_deleted"], 2),
            "pg_rows_inserted": round(pg["tup_inserted"], 2),
            "pg_rows_updated": round(pg["tup_updated"], 2),
            "redis_commands": round(redis_total / count, 2),
        }

    def rows_by_table(self, before: Counters, count: int) -> dict[str, dict[str, float]]:
        """Rows inserted and updated per unit, by table."""
        out = {}
        for name, (inserted, updated) in sorted(self.tables.items()):
            was = before.tables.get(name, (0, 0))
            if (inserted, updated) != was:
                out[name] = {
                    "inserted": round((inserted - was[0]) / count, 2),
                    "updated": round((updated - was[1]) / count, 2),
                }
        return out

    def redis_by_command(self, before: Counters, count: int) -> dict[str, float]:
        return {
            name: round((calls - before.redis_calls.get(name, 0)) / count, 2)
            for name, calls in sorted(self.redis_calls.items())
            if calls - before.redis_calls.get(name, 0) > 0
        }
