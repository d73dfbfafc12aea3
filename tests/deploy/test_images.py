"""The service images without Docker: each Dockerfile passes hadolint and keeps to the
rules (pinned slim base, non-root, STOPSIGNAL, no build tools in the final stage), and
what it installs — the service's locked dependencies, exported and installed exactly as
its build stage does — runs the service to health SERVING in a fresh environment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from ..support import REDIS_URL, free_port, scratch_database

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("gateway", "orchestrator", "phi", "coding", "analysis")
HADOLINT = Path(sys.executable).parent / "hadolint"
UV = os.environ.get("UV") or str(ROOT / ".tools" / "bin" / "uv")
# The build stage's export (the Dockerfile must say exactly this).
EXPORT = (
    "uv export --frozen --no-dev --no-editable --no-emit-workspace --package codingintel-{service}"
)

# What a service must not carry (DESIGN: the phi service has no openai, the gateway no
# boto3), and what no image carries (development tools).
ABSENT = {
    "gateway": {"boto3", "botocore", "openai"},
    "orchestrator": {"boto3", "openai"},
    "phi": {"openai"},
    "coding": {"openai"},
    "analysis": {"boto3", "psycopg", "dramatiq"},
}
DEV_TOOLS = {"pytest", "ruff", "mypy", "grpcio-tools", "helm-python-sdk", "pip", "setuptools"}


def _uv() -> str:
    if Path(UV).exists():
        return UV
    found = subprocess.run(["which", "uv"], capture_output=True, text=True).stdout.strip()
    assert found, "uv not found (make setup installs it into .tools/)"
    return found


def dockerfile(service: str) -> str:
    return (ROOT / "services" / service / "Dockerfile").read_text()


def _healthcheck(service: str) -> list[str]:
    """The exec form of the Dockerfile's HEALTHCHECK CMD."""
    joined = dockerfile(service).replace("\\\n", " ")
    match = re.search(r"(?m)^HEALTHCHECK .*?CMD (\[.*\])$", joined)
    assert match is not None
    command: list[str] = json.loads(match.group(1))
    return command


def test_hadolint_passes_every_dockerfile() -> None:
    files = [str(ROOT / "services" / s / "Dockerfile") for s in SERVICES]
    result = subprocess.run(
        [str(HADOLINT), "--failure-threshold", "info", *files], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_is_not_vacuous(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install gcc\n")
    result = subprocess.run([str(HADOLINT), str(bad)], capture_output=True, text=True)
    assert result.returncode != 0 and "DL3007" in result.stdout


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_rules(service: str) -> None:
    text = dockerfile(service)
    stages = re.split(r"(?m)^FROM ", text)[1:]
    assert len(stages) == 2, "a build stage and a final stage"
    # A pinned slim Python: a full version and a Debian release, never a floating tag; the
    # same in both stages (the environment is built against the interpreter it runs on).
    bases = {stage.split()[0] for stage in stages}
    assert len(bases) == 1
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", bases.pop())
    final = stages[1]
    assert re.search(r"(?m)^USER 10001:10001$", final)
    assert re.search(r"(?m)^STOPSIGNAL SIGTERM$", final)
    assert f'ENTRYPOINT ["python", "-m", "codingintel_{service}"]' in final
    # The final stage only copies the built environment: no package manager runs in it.
    assert not re.search(r"(?m)^RUN .*(apt-get|pip|uv |gcc|make)", final)
    assert "COPY --from=build /opt/venv /opt/venv" in final
    assert EXPORT.format(service=service) in " ".join(text.split())
    assert "--require-hashes" in text


def test_dockerignore_keeps_the_context_small() -> None:
    lines = (ROOT / ".dockerignore").read_text().split()
    assert lines[lines.index("*")] == "*"
    assert {"!pyproject.toml", "!uv.lock", "!libs/", "!services/"} <= set(lines)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    with scratch_database() as url:
        yield url


def _install(service: str, folder: Path) -> Path:
    """The build stage's steps: export the locked dependencies of the service alone,
    install them by hash into a new environment, then the workspace packages."""
    uv = _uv()
    requirements = folder / "requirements.txt"
    command = [*EXPORT.format(service=service).split(), "--output-file", str(requirements)]
    command[0] = uv
    subprocess.run([*command, "--quiet"], cwd=ROOT, check=True)
    venv = folder / "venv"
    subprocess.run([uv, "venv", "--quiet", str(venv), "--python", sys.executable], check=True)
    python = venv / "bin" / "python"
    install = [uv, "pip", "install", "--quiet", "--python", str(python), "--no-deps"]
    subprocess.run([*install, "--require-hashes", "-r", str(requirements)], cwd=ROOT, check=True)
    subprocess.run([*install, "./libs/codingintel", f"./services/{service}"], cwd=ROOT, check=True)
    return python


def _installed(python: Path) -> set[str]:
    out = subprocess.run(
        [_uv(), "pip", "list", "--python", str(python), "--format", "freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split("==")[0].lower() for line in out.splitlines() if "==" in line}


def _wait_serving(
    process: subprocess.Popen[bytes], port: int, service_name: str, log: Path
) -> None:
    deadline = time.monotonic() + 90
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"exited {process.returncode}: {log.read_text()[-3000:]}")
            try:
                response = stub.Check(
                    health_pb2.HealthCheckRequest(service=service_name), timeout=2
                )
                if response.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.2)
    raise AssertionError(f"not SERVING: {log.read_text()[-3000:]}")


@pytest.mark.parametrize("service", SERVICES)
def test_image_contents_run_the_service(service: str, tmp_path: Path, database: str) -> None:
    python = _install(service, tmp_path)
    installed = _installed(python)
    assert f"codingintel-{service}" in installed and "codingintel" in installed
    assert not installed & ABSENT[service], installed & ABSENT[service]
    assert not installed & DEV_TOOLS, installed & DEV_TOOLS

    port = free_port()
    listen = {
        "gateway": "GATEWAY_LISTEN_ADDR",
        "orchestrator": "ORCHESTRATOR_STATUS_ADDR",
        "phi": "PHI_LISTEN_ADDR",
        "coding": "CODING_LISTEN_ADDR",
        "analysis": "ANALYSIS_LISTEN_ADDR",
    }[service]
    env = {
        # Only what a container would have: no workspace on the path.
        "PATH": f"{python.parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        listen: f"127.0.0.1:{port}",
        f"{service.upper()}_METRICS_PORT": "0",
        "DATABASE_URL": database,
        "REDIS_URL": REDIS_URL,
        "QUEUE_NAME": f"image_{service}_{port}",
        "CODINGINTEL_AUTH_DISABLED": "true",
        "SHUTDOWN_GRACE_SECONDS": "2",
    }
    log = tmp_path / "service.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(python), "-m", f"codingintel_{service}"],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=out,
        )
        try:
            # The worker's probes ask for "readiness"; the others serve the overall status.
            name = "readiness" if service == "orchestrator" else ""
            _wait_serving(process, port, name, log)
            # The image's own HEALTHCHECK, run with the image's environment.
            check = _healthcheck(service)
            assert check[0] == "python"
            result = subprocess.run(
                [str(python), *check[1:]], env=env, capture_output=True, timeout=30
            )
            assert result.returncode == 0, result.stderr.decode()[-2000:]
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    # A clean stop on SIGTERM, as STOPSIGNAL sends.
    assert process.returncode == 0, log.read_text()[-3000:]
