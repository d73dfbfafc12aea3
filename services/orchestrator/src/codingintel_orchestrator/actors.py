"""The Dramatiq actor. Loaded by every worker process (`dramatiq` imports this module).

The actor is async (Dramatiq's AsyncIO middleware): each worker thread hands its
report to one shared event loop and waits, so a process keeps as many reports in
flight as it has threads while they wait on backends.
"""

from __future__ import annotations

import asyncio

import dramatiq
from dramatiq.middleware.asyncio import AsyncIO

from codingintel import logs, queue, settings
from codingintel.store import ReportStore, new_pool

from .pipeline import Pipeline
from .settings import OrchestratorSettings

config = settings.load(OrchestratorSettings)
logs.setup("orchestrator", config.log_level)

broker = queue.make_broker(config.redis_url)
broker.add_middleware(AsyncIO())
dramatiq.set_broker(broker)

_pipeline: Pipeline | None = None
_pipeline_lock = asyncio.Lock()


async def get_pipeline() -> Pipeline:
    """The process's pipeline, built on first use inside the worker's event loop."""
    global _pipeline
    async with _pipeline_lock:
        if _pipeline is None:
            pool = new_pool(config.database_url, config.database_pool_min, config.database_pool_max)
            await pool.open(wait=True)
            _pipeline = Pipeline(ReportStore(pool), config)
        return _pipeline


@dramatiq.actor(
    actor_name=queue.PROCESS_REPORT_ACTOR,
    queue_name=config.queue_name,
    max_retries=0,
    # Backend calls carry their own deadlines; this only stops a runaway.
    time_limit=3_600_000,
)
async def process_report(report_id: str) -> None:
    pipeline = await get_pipeline()
    await pipeline.run(report_id)
