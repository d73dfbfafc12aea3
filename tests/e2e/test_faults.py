"""Zero loss under kill -9 and store restarts, over real processes. Short versions for
CI; `make chaos` runs the long one."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pgserver.postgres_server import get_server

from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2
from codingintel.store.migrate import migrate

from ..support import (
    EXAMPLES,
    Suite,
    check_history,
    free_port,
    kill_worker,
    resume_gaps,
    start_redis,
)
from .test_durability import FAST_RETRIES, wait

SLOW_BACKENDS = {
    "Deidentify": {"delay_ms": 60},
    "AnalyzeCoding": {"delay_ms": 150},
    "AnalyzeQuality": {"delay_ms": 100},
}


@pytest.mark.asyncio(loop_scope="session")
async def test_kill_9_of_the_worker_loses_and_repeats_nothing(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = tmp_path / "calls.log"
    calls.touch()
    overrides = {
        **FAST_RETRIES,
        "MAX_ATTEMPTS": "6",
        "FAULTS": json.dumps(SLOW_BACKENDS),
        "FAULT_LOG": str(calls),
    }
    with Suite(database_url, tmp_path, env_overrides=overrides) as suite:
        async with ReportsClient(suite.gateway_addr) as client:
            created = [
                await client.create(EXAMPLES[i % len(EXAMPLES)].read_bytes()) for i in range(20)
            ]
            kills = []
            for delay in (0.8, 1.5, 1.0):
                await asyncio.sleep(delay)
                kills.append(await asyncio.to_thread(kill_worker, suite))
            finished = [await wait(client, r.report_id, limit=120) for r in created]
    assert [r.state for r in finished] == [reports_pb2.REPORT_STATE_COMPLETE] * 20
    figures = check_history(database_url, [r.report_id for r in created], calls)
    assert figures["repeated_after_saved"] == 0
    gaps = resume_gaps(database_url, [r.report_id for r in created], kills)
    # The bound: the orchestrator's restart, plus the lease (2 s here), plus one
    # reconciler pass.
    assert max(gaps) < 15
    with capsys.disabled():
        attempts = sorted(r.attempt_count for r in finished)
        print(
            f"\nkill -9 x{len(kills)}: 20/20 complete, attempts {attempts},"
            f" kill to resumed (s): {[round(g, 2) for g in gaps]}"
        )


@pytest.mark.asyncio(loop_scope="session")
async def test_redis_restarted_mid_run_loses_nothing(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    own = start_redis(port, folder)
    overrides = {
        **FAST_RETRIES,
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "FAULTS": json.dumps(SLOW_BACKENDS),
    }
    try:
        with Suite(database_url, tmp_path, env_overrides=overrides) as suite:
            async with ReportsClient(suite.gateway_addr) as client:
                created = [await client.create(p.read_bytes()) for p in EXAMPLES * 2]
                await asyncio.sleep(0.5)
                own.terminate()
                own.wait(10)
                during = await client.create(EXAMPLES[0].read_bytes())  # outbox
                await asyncio.sleep(1.0)
                own = start_redis(port, folder)
                finished = [await wait(client, r.report_id, limit=120) for r in [*created, during]]
        assert {r.state for r in finished} == {reports_pb2.REPORT_STATE_COMPLETE}
    finally:
        own.terminate()
        own.wait(10)


@pytest.mark.asyncio(loop_scope="session")
async def test_postgres_restarted_mid_run_loses_nothing_and_outage_calls_fail_fast(
    tmp_path: Path,
) -> None:
    pgdata = tmp_path / "pg"
    pgdata.mkdir()
    server = get_server(pgdata, cleanup_mode="stop")
    url = server.get_uri("codingintel")
    migrate(url)
    overrides = {**FAST_RETRIES, "MAX_ATTEMPTS": "6", "FAULTS": json.dumps(SLOW_BACKENDS)}
    with Suite(url, tmp_path, env_overrides=overrides) as suite:
        async with ReportsClient(suite.gateway_addr, timeout=20) as client:
            created = [await client.create(p.read_bytes()) for p in EXAMPLES * 2]
            await asyncio.sleep(0.7)
            await asyncio.to_thread(server.cleanup)
            began = time.monotonic()
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await client.create(EXAMPLES[0].read_bytes())
            assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
            assert time.monotonic() - began < 15
            await asyncio.sleep(1.0)
            server = await asyncio.to_thread(get_server, pgdata, cleanup_mode="stop")
            finished = [await wait(client, r.report_id, limit=120) for r in created]
    server.cleanup()
    assert {r.state for r in finished} == {reports_pb2.REPORT_STATE_COMPLETE}


@pytest.mark.asyncio(loop_scope="session")
async def test_sigterm_stops_the_worker_within_its_grace_and_loses_nothing(
    database_url: str, tmp_path: Path
) -> None:
    overrides = {
        **FAST_RETRIES,
        "SHUTDOWN_GRACE_SECONDS": "2",
        "FAULTS": json.dumps(SLOW_BACKENDS),
    }
    with Suite(database_url, tmp_path, env_overrides=overrides) as suite:
        async with ReportsClient(suite.gateway_addr) as client:
            created = [await client.create(p.read_bytes()) for p in EXAMPLES]
            await asyncio.sleep(0.5)
            began = time.monotonic()
            code = await asyncio.to_thread(suite.stop, "orchestrator")
            assert code == 0
            assert time.monotonic() - began < 10
            suite.start("orchestrator")
            finished = [await wait(client, r.report_id, limit=60) for r in created]
    assert {r.state for r in finished} == {reports_pb2.REPORT_STATE_COMPLETE}
    assert "Traceback" not in suite.log("orchestrator")


def test_the_gateway_is_not_serving_while_redis_is_down(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    own = start_redis(port, folder)
    overrides = {"REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    try:
        with (
            Suite(database_url, tmp_path, services=("gateway",), env_overrides=overrides) as suite,
            grpc.insecure_channel(suite.gateway_addr) as channel,
        ):
            health = health_pb2_grpc.HealthStub(channel)

            def status_becomes(wanted: int) -> bool:
                deadline = time.monotonic() + 15
                while time.monotonic() < deadline:
                    if health.Check(health_pb2.HealthCheckRequest(), timeout=3).status == wanted:
                        return True
                    time.sleep(0.2)
                return False

            assert status_becomes(health_pb2.HealthCheckResponse.SERVING)
            own.terminate()
            own.wait(10)
            assert status_becomes(health_pb2.HealthCheckResponse.NOT_SERVING)
            own = start_redis(port, folder)
            assert status_becomes(health_pb2.HealthCheckResponse.SERVING)
    finally:
        own.terminate()
        own.wait(10)
