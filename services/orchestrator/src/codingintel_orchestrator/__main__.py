"""Run the orchestrator worker: `codingintel-orchestrator`.

One process per container: it applies the migrations, then runs a Dramatiq worker in
this process (threads waiting on one asyncio loop) until SIGTERM. Scale by running more
replicas rather than forking: a worker killed by the OOM killer then takes its container
down at once, and Kubernetes restarts it (a forking parent would linger half-alive).
"""

from __future__ import annotations

import logging
import signal
import threading

import prometheus_client

from codingintel import logs, settings
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
    if config.metrics_port:
        try:
            prometheus_client.start_http_server(config.metrics_port, addr=config.metrics_addr)
        except OSError:
            # Metrics are for operators; a taken port must not stop the work.
            logging.getLogger(__name__).warning(
                "metrics port not available", extra={"port": config.metrics_port}
            )
    broker.emit_after("process_boot")
    worker.start()
    stop.wait()
    # Stop taking messages; in-flight stages get the grace period to finish (each
    # finished stage is already saved). Messages not finished go back to the queue, and
    # their reports are taken up again once their lease expires.
    worker.stop(timeout=int(config.shutdown_grace_seconds * 1000))
    broker.emit_before("process_stop")
    broker.close()


if __name__ == "__main__":
    main()
