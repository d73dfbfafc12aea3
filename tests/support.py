"""Test support: real databases, real processes, real gRPC."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import psutil
import psycopg
import redis
from grpc_health.v1 import health_pb2, health_pb2_grpc
from psycopg import sql
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
ADMIN_DATABASE_URL = os.environ.get(
    "TEST_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """A new, empty database for one test session, dropped afterwards."""
    name = f"codingintel_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_conninfo(ADMIN_DATABASE_URL, dbname=name)
    finally:
        with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


SERVICE_MODULES = {
    "gateway": "codingintel_gateway",
    "phi": "codingintel_phi",
    "coding": "codingintel_coding",
    "analysis": "codingintel_analysis",
    "orchestrator": "codingintel_orchestrator",
}


@dataclass
class Suite:
    """The five services as real processes on free ports."""

    database_url: str
    log_dir: Path
    services: tuple[str, ...] = tuple(SERVICE_MODULES)
    env_overrides: dict[str, str] = field(default_factory=dict)
    # Environment for one service only, e.g. {"phi": {"TLS_CLIENT_CA_FILE": ...}}.
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)
    queue_name: str = field(default_factory=lambda: f"test_{uuid.uuid4().hex[:8]}")
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        for name in ("gateway", "phi", "coding", "analysis", "orchestrator"):
            self.ports.setdefault(name, free_port())
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "QUEUE_NAME": self.queue_name,
            "GATEWAY_LISTEN_ADDR": f"127.0.0.1:{self.ports['gateway']}",
            "PHI_LISTEN_ADDR": f"127.0.0.1:{self.ports['phi']}",
            "CODING_LISTEN_ADDR": f"127.0.0.1:{self.ports['coding']}",
            "ANALYSIS_LISTEN_ADDR": f"127.0.0.1:{self.ports['analysis']}",
            "PHI_SERVICE_ADDR": f"127.0.0.1:{self.ports['phi']}",
            "CODING_SERVICE_ADDR": f"127.0.0.1:{self.ports['coding']}",
            "ANALYSIS_SERVICE_ADDR": f"127.0.0.1:{self.ports['analysis']}",
            "ORCHESTRATOR_STATUS_ADDR": f"127.0.0.1:{self.ports['orchestrator']}",
            # Each service's /metrics; the orchestrator's port is ports["metrics"].
            "ORCHESTRATOR_METRICS_PORT": str(self.ports.setdefault("metrics", free_port())),
            **{
                f"{name.upper()}_METRICS_PORT": str(
                    self.ports.setdefault(f"{name}_metrics", free_port())
                )
                for name in ("gateway", "phi", "coding", "analysis")
            },
            "WORKER_THREADS": "8",
            # Authentication has its own tests (tests/e2e/test_api.py).
            "CODINGINTEL_AUTH_DISABLED": "true",
            "SHUTDOWN_GRACE_SECONDS": "3",
        }
        env.update(self.env_overrides)
        return env

    @property
    def gateway_addr(self) -> str:
        return f"127.0.0.1:{self.ports['gateway']}"

    def start(self, name: str) -> None:
        env = {**self.env(), **self.service_env.get(name, {})}
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", SERVICE_MODULES[name]], env=env, stdout=log, stderr=log
        )

    def __enter__(self) -> Suite:
        for name in self.services:
            self.start(name)
        for name in self.services:
            if name != "orchestrator":
                self.wait_serving(name)
        return self

    def wait_serving(self, name: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        # With TLS on, health is asked on the plaintext health port (ports["<name>_health"]).
        port = self.ports.get(f"{name}_health", self.ports[name])
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while True:
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{name} exited with {process.returncode}:\n{self.log(name)}"
                    )
                try:
                    response = stub.Check(health_pb2.HealthCheckRequest(), timeout=1.0)
                    if response.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not SERVING:\n{self.log(name)}")
                time.sleep(0.1)

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        process = self.processes.pop(name)
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def __exit__(self, *exc: object) -> None:
        for name in list(self.processes):
            self.stop(name)
        # Leave nothing behind in the shared Redis.
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"dramatiq:{self.queue_name}*"))
        if keys:
            client.delete(*keys)
        client.close()


def start_redis(port: int, folder: Path) -> subprocess.Popen[bytes]:
    """A Redis of the test's own (never the shared one), keeping its data with AOF."""
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return process


def kill_worker(suite: Suite) -> float:
    """kill -9 the orchestrator's worker process, as the OOM killer would, and start it
    again, as Kubernetes would. Answers when it was killed."""
    deadline = time.monotonic() + 60
    while True:
        main = suite.processes["orchestrator"]
        if main.poll() is None:
            break
        # It died by itself (say, its database was restarting): start it again.
        assert time.monotonic() < deadline, "the orchestrator keeps dying"
        suite.processes.pop("orchestrator")
        suite.start("orchestrator")
        time.sleep(0.2)
    killed_at = time.time()
    for process in [*psutil.Process(main.pid).children(recursive=True), psutil.Process(main.pid)]:
        process.send_signal(signal.SIGKILL)
    main.wait(30)
    suite.processes.pop("orchestrator")
    suite.start("orchestrator")
    return killed_at


def resume_gaps(database_url: str, report_ids: list[str], kills: list[float]) -> list[float]:
    """For each kill, the seconds until every report it interrupted moved again: the
    gap from the kill to the report's first event after it, for reports that had
    begun and not finished before the kill."""
    gaps = []
    with psycopg.connect(database_url) as conn:
        events = {
            report_id: [
                (float(r[0]), r[1])
                for r in conn.execute(
                    "SELECT extract(epoch FROM create_time), snapshot FROM report_events"
                    " WHERE report_id = %s ORDER BY version",
                    (report_id,),
                )
            ]
            for report_id in report_ids
        }
    for killed_at in kills:
        worst = 0.0
        for history in events.values():
            before = [t for t, _ in history if t <= killed_at]
            after = [t for t, _ in history if t > killed_at]
            if len(before) >= 2 and after and len(before) < len(history) - 0:
                worst = max(worst, after[0] - killed_at)
        gaps.append(worst)
    return gaps


def check_history(database_url: str, report_ids: list[str], calls_log: Path) -> dict[str, float]:
    """Every version once and in order, every stage saved once, and no AI call sent
    after its result was saved. Answers per-report figures."""
    starts: dict[tuple[str, str], list[float]] = {}
    for line in calls_log.read_text().splitlines():
        method, report_id, at = line.split("\t")
        starts.setdefault((method, report_id), []).append(float(at))
    repeated_after_saved = 0
    with psycopg.connect(database_url) as conn:
        for report_id in report_ids:
            versions = [
                r[0]
                for r in conn.execute(
                    "SELECT version FROM report_events WHERE report_id = %s ORDER BY version",
                    (report_id,),
                )
            ]
            assert versions == list(range(1, len(versions) + 1)), report_id
            saved: dict[str, float] = dict(
                conn.execute(
                    "SELECT step, extract(epoch FROM create_time) FROM report_steps"
                    " WHERE report_id = %s",
                    (report_id,),
                ).fetchall()
            )
            assert len(saved) == 7, report_id
            for method, step in (
                ("AnalyzeCoding", "ai_coding_analysis"),
                ("AnalyzeQuality", "ai_quality_analysis"),
            ):
                repeated_after_saved += sum(
                    1
                    for at in starts.get((method, report_id), [])
                    if at > float(saved[step]) + 0.05
                )
    return {"repeated_after_saved": repeated_after_saved}
