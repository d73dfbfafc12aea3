from __future__ import annotations

from pydantic import Field

from codingintel.settings import QueueSettings, ServiceSettings, StoreSettings
from codingintel.tls import ChannelTlsSettings


# ChannelTlsSettings: TLS_CA_FILE, TLS_CLIENT_CERT_FILE, TLS_CLIENT_KEY_FILE (the backends).
class OrchestratorSettings(ServiceSettings, StoreSettings, QueueSettings, ChannelTlsSettings):
    phi_service_addr: str = "127.0.0.1:50052"
    coding_service_addr: str = "127.0.0.1:50053"
    analysis_service_addr: str = "127.0.0.1:50054"
    # Deadline of each backend call.
    phi_timeout_seconds: float = Field(60.0, gt=0)
    coding_timeout_seconds: float = Field(60.0, gt=0)
    analysis_timeout_seconds: float = Field(120.0, gt=0)
    # Worker threads. They wait on the process's one event loop, so each is a report
    # in flight, not a CPU: a report spends nearly all its time waiting on backends.
    # Sized by measurement (BENCHMARKS.md): with 1 s backend calls, 100 in flight kept
    # the makespan within 1.25x of ideal; at 200 a 2-core machine running the whole
    # suite ran out of CPU. Scale further by replicas.
    worker_threads: int = Field(64, ge=1)
    # Runs of the pipeline per report before it is FAILED (transient failures and
    # crashed workers both count).
    max_attempts: int = Field(3, ge=1, le=20)
    # Backoff before a retry: base * 2^(attempt-1), capped, times a random 0.5-1.0.
    retry_base_seconds: float = Field(1.0, gt=0)
    retry_max_seconds: float = Field(60.0, gt=0)
    # A run holds its report's lease this long, renewed every third of it; a report whose
    # worker died is taken up again once the lease has expired.
    lease_seconds: float = Field(10.0, ge=1)
    # The reconciler's pass interval, and how long a PENDING report may wait in the
    # queue before it is sent again.
    reconcile_interval_seconds: float = Field(2.0, gt=0)
    requeue_after_seconds: float = Field(60.0, gt=0)
    # Finished reports lose their bundle and note text this many days after they finished
    # (0 turns the purge off); the reconciler's leader looks for them every interval.
    retention_days: float = Field(30.0, ge=0)
    retention_interval_seconds: float = Field(300.0, gt=0)
    # Each worker process serves health ("liveness", "readiness") and its status here.
    orchestrator_status_addr: str = "127.0.0.1:50055"
    # Prometheus metrics: METRICS_ADDR and ORCHESTRATOR_METRICS_PORT (codingintel.metrics).
    # How long an idle worker waits before it looks at the queue again (ms).
    worker_idle_poll_ms: int = Field(100, ge=10, le=10_000)
