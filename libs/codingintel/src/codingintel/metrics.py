"""Prometheus metrics shared by the services: the /metrics endpoint, gRPC server metrics,
the gateway's report and watch metrics, and the queue depth.

Each service serves http://METRICS_ADDR:<SERVICE>_METRICS_PORT/metrics (defaults 9101
gateway, 9102 orchestrator, 9103 phi, 9104 coding, 9105 analysis; 0 turns it off).
Labels are bounded: a gRPC method, a status code name, a stage, a queue name — never a
report id or anything a caller chose.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import prometheus_client
from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from codingintel.telemetry import UNTRACED_SERVICES, split_method, status_of, wrap_handler

log = logging.getLogger(__name__)

DEFAULT_PORTS = {
    "gateway": 9101,
    "orchestrator": 9102,
    "phi": 9103,
    "coding": 9104,
    "analysis": 9105,
}
DEFAULT_ADDR = "127.0.0.1"

# Seconds; from a quick unary call to a long analysis.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)

SERVICE_INFO = Gauge(
    "codingintel_service_info", "Always 1: which codingintel component this process is.",
    ["component"],
)  # fmt: skip
GRPC_HANDLED = Counter(
    "codingintel_grpc_server_handled_total",
    "gRPC calls finished by the server, by method and status code.",
    ["grpc_service", "grpc_method", "grpc_code"],
)
GRPC_SECONDS = Histogram(
    "codingintel_grpc_server_handling_seconds",
    "Time from a gRPC call's start to its end at the server (streams: the whole stream).",
    ["grpc_service", "grpc_method"],
    buckets=LATENCY_BUCKETS,
)
GRPC_IN_FLIGHT = Gauge(
    "codingintel_grpc_server_in_flight",
    "gRPC calls the server is handling now (streams count while open).",
    ["grpc_service", "grpc_method"],
)

# The gateway's own (incremented by its service code).
REPORTS_CREATED = Counter("codingintel_reports_created_total", "Reports created.")
WATCH_STREAMS = Gauge("codingintel_watch_streams_open", "WatchReport streams open now.")


def port_for(component: str) -> tuple[str, int]:
    """METRICS_ADDR and <COMPONENT>_METRICS_PORT, or exit naming the bad variable."""
    variable = f"{component.upper()}_METRICS_PORT"
    raw = os.environ.get(variable, "").strip()
    try:
        port = int(raw) if raw else DEFAULT_PORTS.get(component, 0)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        print(f"configuration error: {variable}: not a port number", file=sys.stderr)
        raise SystemExit(2)
    return os.environ.get("METRICS_ADDR", DEFAULT_ADDR).strip() or DEFAULT_ADDR, port


def serve(component: str) -> int:
    """Serve /metrics for this process on its configured port; answers the port (0: off).
    A port already taken is logged and skipped: metrics must never stop the work."""
    SERVICE_INFO.labels(component).set(1)
    addr, port = port_for(component)
    if port == 0:
        return 0
    try:
        prometheus_client.start_http_server(port, addr=addr)
    except OSError:
        log.warning("metrics port not available", extra={"port": port})
        return 0
    log.info("metrics", extra={"metrics_addr": f"{addr}:{port}"})
    return port


@contextmanager
def _measure(method: str, context: Any) -> Iterator[None]:
    service, name = split_method(method)
    in_flight = GRPC_IN_FLIGHT.labels(service, name)
    in_flight.inc()
    began = time.perf_counter()
    error: BaseException | None = None
    try:
        yield
    except BaseException as exc:
        error = exc
        raise
    finally:
        in_flight.dec()
        GRPC_SECONDS.labels(service, name).observe(time.perf_counter() - began)
        GRPC_HANDLED.labels(service, name, status_of(error, context).name).inc()


class MetricsServerInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Counts, latencies and calls in flight for every method but the health service's
    (probes)."""

    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: Any
    ) -> Any:
        handler = await continuation(details)
        if handler is None or split_method(details.method)[0] in UNTRACED_SERVICES:
            return handler
        return wrap_handler(handler, details.method, _measure)


class QueueDepthCollector(Collector):
    """The Dramatiq queue's depth, read from Redis at scrape time: messages waiting,
    delayed (retries and delayed sends, held until due) and in flight (taken by a worker,
    not yet acknowledged). `active` says whether this process should report it (only one
    process need do it)."""

    def __init__(
        self, client: Any, queue_name: str, active: Callable[[], bool] = lambda: True
    ) -> None:
        self.client = client
        self.queue_name = queue_name
        self.active = active

    def describe(self) -> list[Any]:
        return []  # collected lazily: no Redis call at registration

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if not self.active():
            return
        try:
            counts = self.read()
        except Exception as error:
            log.warning("queue depth not read", extra={"error": type(error).__name__})
            return
        depth = GaugeMetricFamily(
            "codingintel_queue_depth",
            "Messages in the queue: waiting, delayed and in flight.",
            labels=["queue"],
        )
        depth.add_metric([self.queue_name], sum(counts.values()))
        yield depth
        messages = GaugeMetricFamily(
            "codingintel_queue_messages",
            "Messages in the queue by state (waiting, delayed, in_flight).",
            labels=["queue", "state"],
        )
        for state, count in counts.items():
            messages.add_metric([self.queue_name, state], count)
        yield messages

    def read(self) -> dict[str, int]:
        name = f"dramatiq:{self.queue_name}"
        pipe = self.client.pipeline(transaction=False)
        pipe.llen(name)
        pipe.hlen(f"{name}.msgs")
        pipe.hlen(f"{name}.DQ.msgs")
        waiting, unacked, delayed = (int(n) for n in pipe.execute())
        return {
            "waiting": waiting,
            "delayed": delayed,
            "in_flight": max(0, unacked - waiting),
        }


def register_queue_depth(
    client: Any, queue_name: str, active: Callable[[], bool] = lambda: True
) -> QueueDepthCollector:
    collector = QueueDepthCollector(client, queue_name, active)
    prometheus_client.REGISTRY.register(collector)
    return collector
