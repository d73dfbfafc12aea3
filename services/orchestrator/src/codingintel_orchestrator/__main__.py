"""Run the orchestrator worker: `codingintel-orchestrator`.

One process per container: it applies the migrations, then runs a Dramatiq worker in
this process (threads waiting on one asyncio loop) until SIGTERM. Scale by running more
replicas rather than forking: a worker killed by the OOM killer then takes its container
down at once, and Kubernetes restarts it (a forking parent would linger half-alive).
"""

from __future__ import annotations

import signal
import threading

from codingintel import logs, metrics, settings
from codingintel.store.migrate import migrate

from .settings import OrchestratorSettings


def main() -> None:
    config = settings.load(OrchestratorSettings)
    logs.setup("orchestrator", config.log_level)
    migrate(config.database_url)

    from dramatiq import Worker

    from .actors import broker

    worker = Worker(
        broker,
        queues={config.queue_name},
        worker_threads=config.worker_threads,
        worker_timeout=config.worker_idle_poll_ms,
    )
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # http://METRICS_ADDR:ORCHESTRATOR_METRICS_PORT/metrics; a taken port is logged only.
    metrics.serve("orchestrator")
    broker.emit_after("process_boot")
    worker.start()
    stop.wait()
    # Stop taking messages; in-flight stages get the grace period to finish (each
    # finished stage is already saved). Messages not finished go back to the queue, and
    # their reports are taken up again once their lease expires.
    worker.stop(timeout=int(config.shutdown_grace_seconds * 1000))
    broker.close()


if __name__ == "__main__":
    main()
