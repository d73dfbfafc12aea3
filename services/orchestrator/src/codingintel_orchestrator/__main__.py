"""Run the orchestrator workers: `codingintel-orchestrator`.

Applies the migrations, then hands over to Dramatiq's worker runner, which forks
the worker processes and stops them gracefully on SIGTERM.
"""

from __future__ import annotations

import os

from codingintel import logs, settings
from codingintel.store.migrate import migrate

from .settings import OrchestratorSettings


def main() -> None:
    config = settings.load(OrchestratorSettings)
    logs.setup("orchestrator", config.log_level)
    migrate(config.database_url)
    # Dramatiq reads its idle poll interval once, at import: set it first. A worker
    # with an empty queue looks again after at most this long.
    os.environ["dramatiq_worker_timeout"] = str(config.worker_idle_poll_ms)  # noqa: SIM112 - its spelling
    from dramatiq import cli

    args = cli.make_argument_parser().parse_args(
        [
            "codingintel_orchestrator.actors",
            "--processes",
            str(config.worker_processes),
            "--threads",
            str(config.worker_threads),
            "--queues",
            config.queue_name,
            "--skip-logging",
            "--worker-shutdown-timeout",
            str(int(config.shutdown_grace_seconds * 1000)),
        ]
    )
    raise SystemExit(cli.main(args))


if __name__ == "__main__":
    main()
