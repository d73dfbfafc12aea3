"""gRPC server bootstrap shared by every service: grpc.aio, the standard health
service, reflection, tracing (OpenTelemetry, on when OTEL_EXPORTER_OTLP_ENDPOINT is set),
Prometheus metrics on the service's metrics port, TLS (codingintel.tls), and a graceful
stop on SIGTERM or SIGINT.

Kubernetes' gRPC probes speak plaintext only: with TLS on, set
<COMPONENT>_HEALTH_LISTEN_ADDR (e.g. PHI_HEALTH_LISTEN_ADDR=0.0.0.0:50062) and the
standard health service, and nothing else, is also served there without TLS."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeAlias

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from codingintel import logs, tls
from codingintel.faults import FaultInjector
from codingintel.settings import load

log = logging.getLogger(__name__)

# grpc.aio.ServicerContext; grpc ships no type information.
Context: TypeAlias = Any

MAX_MESSAGE_BYTES = 16 * 1024 * 1024

# Keepalive pings keep idle streams open through proxies; a maximum connection age
# with a grace period lets long-lived connections rebalance across replicas.
SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
    ("grpc.max_connection_age_ms", 30 * 60_000),
    ("grpc.max_connection_age_grace_ms", 60_000),
]

CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
]

Registrar = Callable[[grpc.aio.Server], None]


def health_listen_addr(component: str) -> str:
    """<COMPONENT>_HEALTH_LISTEN_ADDR: where health is also served in plaintext ("" off)."""
    return os.environ.get(f"{component.upper()}_HEALTH_LISTEN_ADDR", "").strip()


async def serve(
    *,
    listen_addr: str,
    service_names: Iterable[str],
    register: Registrar,
    grace_seconds: float,
    on_start: Callable[[], Awaitable[None]] | None = None,
    on_stop: Callable[[], Awaitable[None]] | None = None,
    interceptors: Sequence[Any] = (),
    component: str | None = None,
    readiness: Callable[[], Awaitable[bool]] | None = None,
) -> None:
    """Run a server until SIGTERM/SIGINT, then drain: health NOT_SERVING, stop(grace).

    `component` (gateway, phi, …; by default the name given to logs.setup) names the
    process in traces and picks its metrics port."""
    # Imported here: the client shares this module's channel options and needs neither
    # the tracing SDK nor prometheus_client (the `telemetry` extra).
    from codingintel import metrics, telemetry

    names = list(service_names)
    component = component or logs.service_name()
    try:
        credentials = tls.server_credentials(load(tls.ServerTlsSettings))
    except tls.TlsFileError as exc:
        raise tls.or_exit(exc) from None
    telemetry.setup(component)
    metrics.serve(component)
    # Outermost first: traces and metrics see the final status of every call.
    chain = [telemetry.TracingServerInterceptor(), metrics.MetricsServerInterceptor()]
    chain.extend(interceptors)
    injector = FaultInjector.from_environment()
    if injector is not None:
        chain.append(injector)
    server = grpc.aio.server(options=SERVER_OPTIONS, interceptors=chain)
    register(server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        [
            *names,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ],
        server,
    )
    if credentials is None:
        port = server.add_insecure_port(listen_addr)
    else:
        port = server.add_secure_port(listen_addr, credentials)
    if port == 0:
        raise SystemExit(f"cannot listen on {listen_addr}")
    # The same health status, in plaintext, for probes that cannot speak TLS.
    health_addr = health_listen_addr(component)
    health_server = None
    if health_addr:
        health_server = grpc.aio.server(options=SERVER_OPTIONS)
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, health_server)
        if health_server.add_insecure_port(health_addr) == 0:
            raise SystemExit(f"cannot listen on {health_addr}")
    for name in ["", *names]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    await server.start()
    if health_server is not None:
        await health_server.start()
    if on_start is not None:
        await on_start()
    # SERVING only once everything the service needs is up.
    for name in ["", *names]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    log.info(
        "listening",
        extra={
            "listen_addr": listen_addr,
            "tls": credentials is not None,
            "health_listen_addr": health_addr or None,
        },
    )
    watcher = None
    if readiness is not None:
        watcher = asyncio.create_task(_follow_readiness(readiness, health_servicer, names))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()

    log.info("stopping", extra={"grace_seconds": grace_seconds})
    if watcher is not None:
        watcher.cancel()
    await health_servicer.enter_graceful_shutdown()
    await server.stop(grace_seconds)
    if health_server is not None:
        await health_server.stop(None)
    if on_stop is not None:
        await on_stop()
    log.info("stopped")


READINESS_INTERVAL_SECONDS = 2.0


async def _follow_readiness(
    ready: Callable[[], Awaitable[bool]], health_servicer: Any, names: list[str]
) -> None:
    """Health follows what the service depends on: NOT_SERVING while a dependency is
    unreachable, SERVING again once it is back."""
    serving = True
    while True:
        await asyncio.sleep(READINESS_INTERVAL_SECONDS)
        try:
            now = await asyncio.wait_for(ready(), READINESS_INTERVAL_SECONDS)
        except Exception:
            now = False
        if now != serving:
            serving = now
            status = (
                health_pb2.HealthCheckResponse.SERVING
                if serving
                else health_pb2.HealthCheckResponse.NOT_SERVING
            )
            for name in ["", *names]:
                await health_servicer.set(name, status)
            log.warning("health changed", extra={"serving": serving})
