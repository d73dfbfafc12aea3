"""`make run`'s supervisor with configured stores: it starts the five services, they
serve, and SIGTERM stops every child cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import psutil
import pytest
import redis

from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..support import EXAMPLES, REDIS_URL, free_port


def stop_tree(supervisor: subprocess.Popen[bytes]) -> None:
    """After a failed assertion: stop the supervisor and anything it left behind (its
    children run in their own sessions, so killing it alone would orphan them)."""
    if supervisor.poll() is not None:
        return
    descendants = psutil.Process(supervisor.pid).children(recursive=True)
    supervisor.send_signal(signal.SIGTERM)
    try:
        supervisor.wait(30)
    except subprocess.TimeoutExpired:
        supervisor.kill()
    for process in descendants:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def test_run_uses_the_configured_stores_and_stops_every_child(
    database_url: str, tmp_path: Path
) -> None:
    gateway = f"127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "QUEUE_NAME": f"test_run_{os.getpid()}",
        "CODINGINTEL_DATA_DIR": str(tmp_path / "data"),
        "GATEWAY_LISTEN_ADDR": gateway,
        "PHI_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
        "CODING_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
        "ANALYSIS_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
    }
    log = open(tmp_path / "run.log", "wb")  # noqa: SIM115
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "codingintel.devstack"], env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 60
        while "codingintel is running" not in (tmp_path / "run.log").read_text():
            assert supervisor.poll() is None, (tmp_path / "run.log").read_text()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert gateway in (tmp_path / "run.log").read_text()
        # Configured stores: no embedded server was started.
        assert not (tmp_path / "data" / "postgres").exists()
        assert not (tmp_path / "data" / "redis").exists()
        # Without an auth configuration, a development token was made and printed.
        token = (tmp_path / "data" / "dev-token").read_text().strip()
        assert "CODINGINTEL_TOKEN=" in (tmp_path / "run.log").read_text()
        assert token not in (tmp_path / "run.log").read_text()
        children = psutil.Process(supervisor.pid).children()
        assert len(children) == 5

        async def submit() -> reports_pb2.Report:
            async with ReportsClient(gateway, token="wrong") as intruder:
                with pytest.raises(grpc.aio.AioRpcError) as caught:
                    await intruder.create(EXAMPLES[0].read_bytes())
                assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
            async with ReportsClient(gateway, token=token) as client:
                created = await client.create(EXAMPLES[0].read_bytes())
                return await client.wait(created.report_id)

        assert asyncio.run(submit()).state == reports_pb2.REPORT_STATE_COMPLETE
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(60) == 0
        for child in children:
            assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
    finally:
        stop_tree(supervisor)
        log.close()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"dramatiq:{env['QUEUE_NAME']}*"):
            client.delete(key)
        client.close()
    assert "stopped" in (tmp_path / "run.log").read_text()


def test_run_restarts_what_dies_like_kubernetes_would(database_url: str, tmp_path: Path) -> None:
    """Embedded Redis (REDIS_URL unset), then kill -9 of Redis, a backend and the
    worker: the supervisor restarts each and the next report still completes."""
    gateway = f"127.0.0.1:{free_port()}"
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        {
            "DATABASE_URL": database_url,
            "QUEUE_NAME": f"test_restart_{os.getpid()}",
            "CODINGINTEL_DATA_DIR": str(tmp_path / "data"),
            "GATEWAY_LISTEN_ADDR": gateway,
            "PHI_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
            "CODING_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
            "ANALYSIS_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
            "ORCHESTRATOR_STATUS_ADDR": f"127.0.0.1:{free_port()}",
            "LEASE_SECONDS": "2",
            "RECONCILE_INTERVAL_SECONDS": "0.5",
        }
    )
    log_path = tmp_path / "run.log"
    log = open(log_path, "wb")  # noqa: SIM115
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "codingintel.devstack"], env=env, stdout=log, stderr=log
    )

    async def one_report() -> reports_pb2.Report:
        token = (tmp_path / "data" / "dev-token").read_text().strip()
        async with ReportsClient(gateway, token=token) as client:
            created = await client.create(EXAMPLES[1].read_bytes())
            return await asyncio.wait_for(client.wait(created.report_id), 60)

    try:
        deadline = time.monotonic() + 60
        while "codingintel is running" not in log_path.read_text():
            assert supervisor.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert "embedded Redis" in log_path.read_text()
        assert asyncio.run(one_report()).state == reports_pb2.REPORT_STATE_COMPLETE
        children = {p.pid: p for p in psutil.Process(supervisor.pid).children(recursive=True)}
        victims = [
            p
            for p in children.values()
            if any(
                x in " ".join(p.cmdline())
                for x in ("redis-server", "codingintel_phi", "codingintel_orchestrator")
            )
        ]
        assert len(victims) >= 3
        for victim in victims:
            victim.kill()
        deadline = time.monotonic() + 30
        while log_path.read_text().count("restarting") < 3:
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        assert asyncio.run(one_report()).state == reports_pb2.REPORT_STATE_COMPLETE
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(60) == 0
    finally:
        stop_tree(supervisor)
        log.close()
