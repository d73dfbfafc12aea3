"""The reconciler: sends a queue message for every report that needs one and has none.

- the outbox: PENDING reports whose message was never sent (Redis was down at submit);
- PENDING reports sent long ago and still not picked up (a lost message);
- PROCESSING reports whose run is gone (its lease expired: the worker died or lost its
  database) and that have not been sent since.

Every worker process runs one, but only the holder of a Postgres advisory lock (one per
queue name) acts; the lock belongs to a session, so it passes to another worker when its
holder dies.

The leader also runs the retention purge (codingintel.store.retention) every
RETENTION_INTERVAL_SECONDS: finished reports older than RETENTION_DAYS lose their bundle
and note text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import psycopg
from prometheus_client import Counter

from codingintel import settings
from codingintel.reports.v1 import reports_pb2
from codingintel.store import ReportStore, retention

from .settings import OrchestratorSettings

log = logging.getLogger(__name__)

# The advisory lock is (this class, the queue's name hashed): one leader per queue, so
# deployments with their own QUEUE_NAME on one database each reconcile their reports.
RECONCILER_LOCK_CLASS = 0x636F6469
BATCH = 500

RETENTION_PURGED = Counter(
    "codingintel_retention_purged_reports_total",
    "Finished reports whose bundle and note text the retention purge removed, by state.",
    ["state"],
)


class Reconciler:
    def __init__(
        self,
        store: ReportStore,
        database_url: str,
        send: Callable[[str, Mapping[str, str]], Awaitable[None]],
        interval_seconds: float,
        requeue_after_seconds: float,
        state: Any = None,
        queue_name: str = "reports",
        retention_days: float | None = None,
        retention_interval_seconds: float | None = None,
    ) -> None:
        if retention_days is None or retention_interval_seconds is None:
            config = settings.load(OrchestratorSettings)
            retention_days = config.retention_days
            retention_interval_seconds = config.retention_interval_seconds
        self.retention_days = retention_days
        self.retention_interval = retention_interval_seconds
        self.queue_name = queue_name
        self.state = state
        self.store = store
        self.database_url = database_url
        self.send = send
        self.interval = interval_seconds
        self.requeue_after = requeue_after_seconds

    async def run(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.database_url, autocommit=True, application_name="codingintel-reconciler"
                ) as lock_conn:
                    await self._lead(lock_conn)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("reconciler interrupted", extra={"error": type(error).__name__})
            if self.state is not None:
                self.state.reconciler_active = False
            await asyncio.sleep(self.interval)

    async def _lead(self, lock_conn: psycopg.AsyncConnection[Any]) -> None:
        while True:
            cursor = await lock_conn.execute(
                "SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                (RECONCILER_LOCK_CLASS, self.queue_name),
            )
            row = await cursor.fetchone()
            if row is not None and row[0]:
                break
            await asyncio.sleep(self.interval)
        log.info("reconciler active")
        if self.state is not None:
            self.state.reconciler_active = True
        # Its own task: a long purge never delays re-sending messages. It ends with the
        # leadership.
        purger = asyncio.create_task(self._purge_forever())
        try:
            while True:
                await self.pass_once()
                await asyncio.sleep(self.interval)
                await lock_conn.execute("SELECT 1")  # still holding the lock's session
        finally:
            purger.cancel()

    async def _purge_forever(self) -> None:
        if self.retention_days <= 0:
            log.info("retention purge off")
            return
        while True:
            try:
                await self.purge_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("retention purge failed", extra={"error": type(error).__name__})
            await asyncio.sleep(self.retention_interval)

    async def purge_once(self) -> int:
        """Purge every finished report past retention; answers how many."""
        purged = await retention.purge_expired(self.store.pool, self.retention_days)
        counts = {
            reports_pb2.ReportState.Name(state).removeprefix("REPORT_STATE_"): n
            for state, n in sorted(purged.items())
        }
        for name, n in counts.items():
            RETENTION_PURGED.labels(name).inc(n)
        total = sum(counts.values())
        if total:
            log.info("retention purge", extra={"purged": total, "by_state": counts})
        return total

    async def pass_once(self) -> int:
        """One pass; answers how many messages were sent."""
        due = await self.store.take_due_for_enqueue(self.requeue_after, BATCH, self.queue_name)
        failed = []
        for report_id, trace_context in due:
            try:
                # A re-send continues the trace of the call that created the report.
                await self.send(str(report_id), trace_context)
            except Exception as error:
                log.warning("enqueue failed", extra={"error": type(error).__name__})
                failed.append(report_id)
        if failed:
            await self.store.unmark_enqueued(failed)
        sent = len(due) - len(failed)
        if sent:
            log.info("reconciler re-enqueued reports", extra={"count": sent})
        return sent
