"""The Dramatiq actor. Loaded by every worker process (`dramatiq` imports this module).

The actor is async (Dramatiq's AsyncIO middleware): each worker thread hands its
report to one shared event loop and waits, so a process keeps as many reports in
flight as it has threads while they wait on backends. Retries are ours, counted in
Postgres (max_retries=0 here): Dramatiq never re-runs a message by itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import socket
from collections.abc import Mapping
from typing import Any

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.middleware import Middleware
from dramatiq.middleware.asyncio import AsyncIO

from codingintel import logs, queue, settings, telemetry
from codingintel import metrics as shared_metrics
from codingintel.store import ReportStore, new_pool

from . import metrics
from .pipeline import Pipeline
from .reconciler import Reconciler
from .settings import OrchestratorSettings
from .status import WorkerState, serve_status

config = settings.load(OrchestratorSettings)
logs.setup("orchestrator", config.log_level)
telemetry.setup("orchestrator")

broker = queue.make_broker(config.redis_url)
broker.add_middleware(AsyncIO())

_pipeline: Pipeline | None = None
_pipeline_lock = asyncio.Lock()
worker_id = f"{socket.gethostname()}:{os.getpid()}"
state = WorkerState(worker_id, config.worker_threads)
metrics.WORKER_THREADS.set_function(lambda: state.total_threads)
metrics.WORKER_THREADS_BUSY.set_function(lambda: state.busy_threads)
# One process reports the queue's depth: the reconciler's leader.
shared_metrics.register_queue_depth(
    broker.client, config.queue_name, lambda: state.reconciler_active
)


async def _send(report_id: str, trace_context: Mapping[str, str]) -> None:
    # The report's own trace (from its CreateReport call) goes on with this message.
    await asyncio.to_thread(
        queue.enqueue_report, broker, config.queue_name, report_id, None, trace_context
    )


async def _send_later(report_id: str, delay_seconds: float) -> None:
    await asyncio.to_thread(
        queue.enqueue_report, broker, config.queue_name, report_id, int(delay_seconds * 1000)
    )


async def get_pipeline() -> Pipeline:
    """The process's pipeline, built on first use inside the worker's event loop."""
    global _pipeline
    async with _pipeline_lock:
        if _pipeline is None:
            pool = new_pool(config.database_url, config.database_pool_min, config.database_pool_max)
            await pool.open(wait=True)
            state.worker_id = f"{socket.gethostname()}:{os.getpid()}"
            _pipeline = Pipeline(ReportStore(pool), config, _send_later, state.worker_id)
        return _pipeline


async def _reconcile() -> None:
    pipeline = await get_pipeline()
    reconciler = Reconciler(
        pipeline.store,
        config.database_url,
        _send,
        config.reconcile_interval_seconds,
        config.requeue_after_seconds,
        state,
        config.queue_name,
        config.retention_days,
        config.retention_interval_seconds,
    )
    await reconciler.run()


async def _check_store() -> None:
    pipeline = await get_pipeline()
    async with pipeline.store.pool.connection() as conn:
        await conn.execute("SELECT 1")


async def _check_queue() -> None:
    # Doubles as this worker's heartbeat: the gateway counts these keys as live workers.
    await asyncio.to_thread(broker.client.set, f"codingintel:workers:{state.worker_id}", "1", ex=15)


async def _serve_status() -> None:
    await serve_status(config.orchestrator_status_addr, state, _check_store, _check_queue)


class WorkerServices(Middleware):  # type: ignore[misc]
    """Starts the reconciler and the status server on the worker's event loop once the
    worker is up."""

    def __init__(self) -> None:
        self.running: list[concurrent.futures.Future[None]] = []

    def after_worker_boot(self, broker: Any, worker: Any) -> None:
        thread = get_event_loop_thread()
        if thread is not None:
            self.running = [
                asyncio.run_coroutine_threadsafe(_reconcile(), thread.loop),
                asyncio.run_coroutine_threadsafe(_serve_status(), thread.loop),
            ]

    def before_worker_shutdown(self, broker: Any, worker: Any) -> None:
        # Cancel them while the loop still runs, so the status server closes cleanly
        # instead of being collected after the loop is gone.
        for future in self.running:
            future.cancel()
        concurrent.futures.wait(self.running, timeout=5)


broker.add_middleware(WorkerServices())
dramatiq.set_broker(broker)


@dramatiq.actor(
    actor_name=queue.PROCESS_REPORT_ACTOR,
    queue_name=config.queue_name,
    max_retries=0,
    # Backend calls carry their own deadlines; this only stops a runaway.
    time_limit=3_600_000,
)
async def process_report(report_id: str) -> None:
    pipeline = await get_pipeline()
    state.busy_threads += 1  # on the one event loop thread: no lock needed
    try:
        await pipeline.run(report_id)
    finally:
        state.busy_threads -= 1
