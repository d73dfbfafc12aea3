"""Where the time goes: pyinstrument profiles of the two hot paths.

  python bench/profile.py create     # the gateway process under load, CreateReport
  python bench/profile.py pipeline   # the worker's pipeline code, null backends

`create` runs the gateway itself under pyinstrument (its event loop is the main
thread) while callers create reports, and prints the profile the gateway wrote when it
stopped. `pipeline` runs the orchestrator's Pipeline in this process (the code the
actor runs, without Dramatiq around it) on reports queued through a real gateway, with
the phi, coding and analysis services as real processes in null mode. Both write an
HTML profile next to the text one, in the folder printed at the start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from pyinstrument import Profiler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import window  # noqa: E402
from bench.run import create_many  # noqa: E402
from bench.stack import TYPICAL_ENCOUNTER, bench_suite, own_redis  # noqa: E402
from codingintel import settings  # noqa: E402
from codingintel.store import ReportStore, new_pool  # noqa: E402
from codingintel.store.migrate import migrate  # noqa: E402
from tests.support import SERVICE_MODULES, scratch_database  # noqa: E402


def profile_create(database_url: str, redis_url: str, out: Path, seconds: float) -> None:
    suite = bench_suite(database_url, redis_url, out / "logs", ("gateway",))
    env = suite.env()
    log = open(out / "gateway.log", "ab")  # noqa: SIM115 - closed below
    gateway = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pyinstrument",
            "--renderer",
            "text",
            "--outfile",
            str(out / "gateway.txt"),
            "-m",
            SERVICE_MODULES["gateway"],
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    suite.processes["gateway"] = gateway
    try:
        suite.wait_serving("gateway")
        result = asyncio.run(
            window(
                suite.gateway_addr,
                "create",
                TYPICAL_ENCOUNTER.read_bytes(),
                50,
                time.time() + 1,
                seconds,
            )
        )
        print(f"creates in {seconds} s: {result}")
    finally:
        suite.stop("gateway")
        log.close()
    print((out / "gateway.txt").read_text())


def profile_pipeline(database_url: str, redis_url: str, out: Path, reports: int) -> None:
    services = ("gateway", "phi", "coding", "analysis")
    with bench_suite(database_url, redis_url, out / "logs", services) as suite:
        ids = asyncio.run(create_many(suite.gateway_addr, reports))
        os.environ.update(suite.env())
        from codingintel_orchestrator.pipeline import Pipeline
        from codingintel_orchestrator.settings import OrchestratorSettings

        async def run_all() -> Profiler:
            pool = new_pool(database_url, 1, 8)
            await pool.open(wait=True)

            async def no_retry(report_id: str, delay: float) -> None:
                raise AssertionError("no retries expected")

            pipeline = Pipeline(
                ReportStore(pool),
                settings.load(OrchestratorSettings),
                no_retry,
                f"profile-{uuid.uuid4()}",
            )
            await pipeline.run(ids[0])  # warm: channels connected
            gate = asyncio.Semaphore(16)

            async def one(report_id: str) -> None:
                async with gate:
                    await pipeline.run(report_id)

            profiler = Profiler(async_mode="enabled")
            profiler.start()
            began = time.perf_counter()
            await asyncio.gather(*(one(r) for r in ids[1:]))
            took = time.perf_counter() - began
            profiler.stop()
            print(f"{len(ids) - 1} reports in {took:.2f} s: {(len(ids) - 1) / took:.1f}/s")
            await pipeline.close()
            await pool.close()
            return profiler

        profiler = asyncio.run(run_all())
    (out / "pipeline.html").write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", choices=("create", "pipeline"))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--reports", type=int, default=300)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    print(f"profiles in {out}")
    with scratch_database() as database_url, own_redis() as redis_url:
        migrate(database_url)
        if args.target == "create":
            profile_create(database_url, redis_url, out, args.seconds)
        else:
            profile_pipeline(database_url, redis_url, out, args.reports)


if __name__ == "__main__":
    main()
