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
    queue_name: str = field(default_factory=lambda: f"test_{uuid.uuid4().hex[:8]}")
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        for name in ("gateway", "phi", "coding", "analysis"):
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
            "WORKER_THREADS": "8",
            "SHUTDOWN_GRACE_SECONDS": "3",
        }
        env.update(self.env_overrides)
        return env

    @property
    def gateway_addr(self) -> str:
        return f"127.0.0.1:{self.ports['gateway']}"

    def start(self, name: str) -> None:
        env = self.env()
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
        with grpc.insecure_channel(f"127.0.0.1:{self.ports[name]}") as channel:
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
