"""Each worker process serves gRPC health and its status, for Kubernetes probes and
operators: "liveness" is SERVING while the process's event loop answers; "readiness"
(and the overall status) only while Postgres and Redis are reachable."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from codingintel.grpc_server import SERVER_OPTIONS, Context
from codingintel.orchestrator.v1 import orchestrator_pb2, orchestrator_pb2_grpc

log = logging.getLogger(__name__)

SERVICE_NAME = orchestrator_pb2.DESCRIPTOR.services_by_name["WorkerService"].full_name
CHECK_INTERVAL_SECONDS = 5.0


class WorkerState:
    """What this process is doing, updated by the actor and the reconciler."""

    def __init__(self, worker_id: str, total_threads: int) -> None:
        self.worker_id = worker_id
        self.total_threads = total_threads
        self.busy_threads = 0
        self.reconciler_active = False
        self.store_reachable = False
        self.queue_reachable = False


class WorkerStatusService(orchestrator_pb2_grpc.WorkerServiceServicer):
    def __init__(self, state: WorkerState) -> None:
        self.state = state

    async def GetWorkerStatus(
        self, request: orchestrator_pb2.GetWorkerStatusRequest, context: Context
    ) -> orchestrator_pb2.GetWorkerStatusResponse:
        state = self.state
        return orchestrator_pb2.GetWorkerStatusResponse(
            worker_id=state.worker_id,
            busy_threads=state.busy_threads,
            total_threads=state.total_threads,
            reconciler_active=state.reconciler_active,
            store_reachable=state.store_reachable,
            queue_reachable=state.queue_reachable,
        )


async def serve_status(
    listen_addr: str,
    state: WorkerState,
    check_store: Callable[[], Awaitable[Any]],
    check_queue: Callable[[], Awaitable[Any]],
) -> None:
    """Runs on the worker's event loop for the life of the process."""
    server = grpc.aio.server(options=SERVER_OPTIONS)
    orchestrator_pb2_grpc.add_WorkerServiceServicer_to_server(WorkerStatusService(state), server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        [SERVICE_NAME, "grpc.health.v1.Health", reflection.SERVICE_NAME], server
    )
    # Several worker processes share the port (SO_REUSEPORT, gRPC's default on Linux).
    if server.add_insecure_port(listen_addr) == 0:
        log.warning("status port not available", extra={"listen_addr": listen_addr})
        return
    await server.start()
    await health_servicer.set("liveness", health_pb2.HealthCheckResponse.SERVING)
    try:
        while True:
            state.store_reachable = await _reachable(check_store)
            state.queue_reachable = await _reachable(check_queue)
            ready = state.store_reachable and state.queue_reachable
            status = (
                health_pb2.HealthCheckResponse.SERVING
                if ready
                else health_pb2.HealthCheckResponse.NOT_SERVING
            )
            for name in ("", "readiness", SERVICE_NAME):
                await health_servicer.set(name, status)
            await asyncio.sleep(CHECK_INTERVAL_SECONDS)
    finally:
        await server.stop(1.0)


async def _reachable(check: Callable[[], Awaitable[Any]]) -> bool:
    try:
        await asyncio.wait_for(check(), 3.0)
        return True
    except Exception:
        return False
