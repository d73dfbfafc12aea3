"""Audit rows written behind the call rather than inside it.

The audit insert was a transaction of its own on every call's path; here each call puts
its row on a queue and returns, and one task writes whatever has gathered in a single
transaction. Under light load a row is written as soon as it is queued; under heavy
load rows share a transaction. When the queue is full the call writes its own row
(back-pressure rather than loss), and stopping the gateway writes what is left.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from codingintel.store import AuditRow

log = logging.getLogger(__name__)

MAX_ROWS_PER_WRITE = 500
DRAIN_SECONDS = 5.0


class AuditStore(Protocol):
    async def audit_many(self, rows: list[AuditRow]) -> None: ...


class AuditWriter:
    def __init__(self, store: AuditStore, max_pending: int = 10_000) -> None:
        self.store = store
        self.pending: asyncio.Queue[AuditRow] = asyncio.Queue(max_pending)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="audit-writer")

    async def record(self, row: AuditRow) -> None:
        try:
            self.pending.put_nowait(row)
        except asyncio.QueueFull:
            await self._write([row])

    async def stop(self) -> None:
        """Write what is queued (for at most DRAIN_SECONDS), then stop."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.pending.join(), DRAIN_SECONDS)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            rows = [await self.pending.get()]
            while len(rows) < MAX_ROWS_PER_WRITE and not self.pending.empty():
                rows.append(self.pending.get_nowait())
            try:
                await self._write(rows)
            finally:
                for _ in rows:
                    self.pending.task_done()

    async def _write(self, rows: list[AuditRow]) -> None:
        try:
            await self.store.audit_many(rows)
        except Exception as exc:  # an audit outage must not hide the calls' own outcomes
            log.warning("audit not written", extra={"rows": len(rows), "error": type(exc).__name__})
