"""The report store: Postgres through psycopg 3 and psycopg_pool.

Postgres holds the truth. Every status change is one transaction that updates the
report, appends the full new state to report_events under its version and notifies
channel `report_events` with "<report_id>:<version>".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.rpc import status_pb2
from psycopg import AsyncConnection, AsyncCursor, sql
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from codingintel.reports.v1 import reports_pb2

EVENTS_CHANNEL = "report_events"
DEFAULT_TENANT = "default"

State = reports_pb2.ReportState
PENDING = reports_pb2.REPORT_STATE_PENDING
PROCESSING = reports_pb2.REPORT_STATE_PROCESSING
COMPLETE = reports_pb2.REPORT_STATE_COMPLETE
FAILED = reports_pb2.REPORT_STATE_FAILED
CANCELLED = reports_pb2.REPORT_STATE_CANCELLED
TERMINAL_STATES = frozenset({COMPLETE, FAILED, CANCELLED})
ACTIVE_STATES = (PENDING, PROCESSING)


class RequestIdConflict(Exception):
    """The request id was used before with a different bundle."""


@dataclass(frozen=True)
class Checkpoint:
    step: str
    output: bytes
    backend: str
    duration_ms: int
    degraded: bool = False


def new_pool(database_url: str, min_size: int = 1, max_size: int = 10) -> AsyncConnectionPool:
    return AsyncConnectionPool(
        database_url, min_size=min_size, max_size=max_size, open=False, kwargs={"autocommit": False}
    )


def parse_report_id(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _ms_between(start: datetime | None, end: datetime | None) -> int:
    if start is None or end is None:
        return 0
    return max(0, int((end - start).total_seconds() * 1000))


def report_from_row(row: dict[str, Any], now: datetime | None = None) -> reports_pb2.Report:
    """Build the public Report from a reports row."""
    report = reports_pb2.Report(
        report_id=str(row["report_id"]),
        encounter_id=row["encounter_id"],
        state=row["state"],
        progress_percent=row["progress_percent"],
        current_step=row["current_step"],
        version=row["version"],
        attempt_count=row["attempt_count"],
    )
    report.create_time.FromDatetime(row["create_time"])
    if row["processing_start_time"] is not None:
        report.processing_start_time.FromDatetime(row["processing_start_time"])
    if row["processing_complete_time"] is not None:
        report.processing_complete_time.FromDatetime(row["processing_complete_time"])
        report.processing_time_ms = _ms_between(
            row["processing_start_time"], row["processing_complete_time"]
        )
    elif row["processing_start_time"] is not None:
        report.processing_time_ms = _ms_between(
            row["processing_start_time"], now or row["update_time"]
        )
    if row["estimated_time_remaining_ms"] is not None:
        report.estimated_time_remaining_ms = row["estimated_time_remaining_ms"]
    if row["error"] is not None:
        report.error.ParseFromString(row["error"])
    if row["result"] is not None:
        report.result.ParseFromString(row["result"])
    return report


# Columns a status change may set; anything else is a programming error.
_CHANGEABLE = frozenset(
    {
        "state",
        "progress_percent",
        "current_step",
        "processing_start_time",
        "processing_complete_time",
        "estimated_time_remaining_ms",
        "attempt_count",
        "error",
        "result",
    }
)


class ReportStore:
    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool

    # --- the gateway's side -------------------------------------------------

    async def create_report(
        self,
        *,
        tenant_id: str,
        request_id: str | None,
        bundle: bytes,
        bundle_sha256: bytes,
        encounter_id: str,
    ) -> tuple[reports_pb2.Report, bool]:
        """Store a new PENDING report and its encounter in one transaction.

        Answers (report, created). With a request id seen before, answers the
        existing report when the bundle is the same, else RequestIdConflict.
        """
        report_id = uuid.uuid4()
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "INSERT INTO reports (report_id, tenant_id, request_id, bundle_sha256,"
                " encounter_id, state) VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (tenant_id, request_id) DO NOTHING RETURNING *",
                (report_id, tenant_id, request_id, bundle_sha256, encounter_id, PENDING),
            )
            row = await cur.fetchone()
            if row is None:
                await cur.execute(
                    "SELECT * FROM reports WHERE tenant_id = %s AND request_id = %s",
                    (tenant_id, request_id),
                )
                existing = await cur.fetchone()
                if existing is None:  # pragma: no cover - the conflicting row was deleted
                    raise RequestIdConflict(request_id)
                if bytes(existing["bundle_sha256"]) != bundle_sha256:
                    raise RequestIdConflict(request_id)
                return report_from_row(existing), False
            await cur.execute(
                "INSERT INTO encounters (report_id, tenant_id, bundle) VALUES (%s, %s, %s)",
                (report_id, tenant_id, bundle),
            )
            report = report_from_row(row)
            await self._append_event(cur, row, report)
            return report, True

    async def get_report(self, tenant_id: str, report_id: uuid.UUID) -> reports_pb2.Report | None:
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "SELECT *, now() AS now FROM reports WHERE report_id = %s AND tenant_id = %s",
                (report_id, tenant_id),
            )
            row = await cur.fetchone()
            return None if row is None else report_from_row(row, now=row["now"])

    async def events_after(
        self, tenant_id: str, report_id: uuid.UUID, after_version: int
    ) -> list[reports_pb2.Report]:
        """The stored versions after `after_version`, in order."""
        async with self.pool.connection() as conn, conn.cursor() as cur:
            await cur.execute(
                "SELECT snapshot FROM report_events WHERE report_id = %s AND tenant_id = %s"
                " AND version > %s ORDER BY version",
                (report_id, tenant_id, after_version),
            )
            return [reports_pb2.Report.FromString(row[0]) for row in await cur.fetchall()]

    # --- the orchestrator's side --------------------------------------------

    async def load_bundle(self, report_id: uuid.UUID) -> bytes | None:
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT bundle FROM encounters WHERE report_id = %s", (report_id,)
            )
            row = await cur.fetchone()
            return None if row is None else bytes(row[0])

    async def load_report(self, report_id: uuid.UUID) -> reports_pb2.Report | None:
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute("SELECT * FROM reports WHERE report_id = %s", (report_id,))
            row = await cur.fetchone()
            return None if row is None else report_from_row(row)

    async def checkpoints(self, report_id: uuid.UUID) -> dict[str, Checkpoint]:
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT step, output, backend, duration_ms, degraded FROM report_steps"
                " WHERE report_id = %s",
                (report_id,),
            )
            return {
                row[0]: Checkpoint(row[0], bytes(row[1]), row[2], row[3], row[4])
                for row in await cur.fetchall()
            }

    async def start_processing(
        self, report_id: uuid.UUID, step: str, progress: int, eta_ms: int | None
    ) -> reports_pb2.Report | None:
        """Mark an active report PROCESSING for a new attempt; None when it is terminal."""
        return await self.change(
            report_id,
            {
                "state": PROCESSING,
                "current_step": step,
                "progress_percent": progress,
                "estimated_time_remaining_ms": eta_ms,
            },
            start_attempt=True,
        )

    async def change(
        self,
        report_id: uuid.UUID,
        changes: dict[str, Any],
        *,
        checkpoint: Checkpoint | None = None,
        start_attempt: bool = False,
    ) -> reports_pb2.Report | None:
        """One status change of an active report, in one transaction: update, save the
        checkpoint (if any), append the event, notify. None when the report is terminal."""
        unknown = set(changes) - _CHANGEABLE
        if unknown:
            raise ValueError(f"not changeable: {sorted(unknown)}")
        assignments: list[sql.Composable] = [
            sql.SQL("version = version + 1"),
            sql.SQL("update_time = now()"),
        ]
        values: list[Any] = []
        for column, value in changes.items():
            if column == "progress_percent":
                # Progress never goes down, whatever a retry reports.
                assignments.append(sql.SQL("progress_percent = GREATEST(progress_percent, %s)"))
            else:
                assignments.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
            values.append(value)
        if start_attempt:
            assignments.append(sql.SQL("attempt_count = attempt_count + 1"))
            assignments.append(
                sql.SQL("processing_start_time = COALESCE(processing_start_time, now())")
            )
        query = sql.SQL(
            "UPDATE reports SET {} WHERE report_id = %s AND state = ANY(%s) RETURNING *, now() AS now"
        ).format(sql.SQL(", ").join(assignments))
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            if checkpoint is not None:
                await self._save_checkpoint(conn, report_id, checkpoint)
            await cur.execute(query, (*values, report_id, list(ACTIVE_STATES)))
            row = await cur.fetchone()
            if row is None:
                await conn.rollback()
                return None
            report = report_from_row(row, now=row["now"])
            await self._append_event(cur, row, report)
            return report

    async def complete(
        self,
        report_id: uuid.UUID,
        result: reports_pb2.ReportResult,
        checkpoint: Checkpoint | None = None,
    ) -> reports_pb2.Report | None:
        return await self.change(
            report_id,
            {
                "state": COMPLETE,
                "current_step": "complete",
                "progress_percent": 100,
                "estimated_time_remaining_ms": 0,
                "processing_complete_time": datetime.now(UTC),
                "result": result.SerializeToString(),
            },
            checkpoint=checkpoint,
        )

    async def fail(
        self, report_id: uuid.UUID, error: status_pb2.Status
    ) -> reports_pb2.Report | None:
        return await self.change(
            report_id,
            {
                "state": FAILED,
                "estimated_time_remaining_ms": None,
                "processing_complete_time": datetime.now(UTC),
                "error": error.SerializeToString(),
            },
        )

    # --- shared -------------------------------------------------------------

    @staticmethod
    async def _save_checkpoint(
        conn: AsyncConnection[Any], report_id: uuid.UUID, checkpoint: Checkpoint
    ) -> None:
        await conn.execute(
            "INSERT INTO report_steps"
            " (report_id, step, tenant_id, output, backend, duration_ms, degraded)"
            " SELECT report_id, %s, tenant_id, %s, %s, %s, %s FROM reports WHERE report_id = %s"
            " ON CONFLICT (report_id, step) DO NOTHING",
            (
                checkpoint.step,
                checkpoint.output,
                checkpoint.backend,
                checkpoint.duration_ms,
                checkpoint.degraded,
                report_id,
            ),
        )

    @staticmethod
    async def _append_event(
        cur: AsyncCursor[dict[str, Any]], row: dict[str, Any], report: reports_pb2.Report
    ) -> None:
        await cur.execute(
            "INSERT INTO report_events (report_id, version, tenant_id, snapshot)"
            " VALUES (%s, %s, %s, %s)",
            (row["report_id"], row["version"], row["tenant_id"], report.SerializeToString()),
        )
        await cur.execute(
            "SELECT pg_notify(%s, %s)", (EVENTS_CHANNEL, f"{row['report_id']}:{row['version']}")
        )


__all__ = [
    "ACTIVE_STATES",
    "CANCELLED",
    "COMPLETE",
    "DEFAULT_TENANT",
    "EVENTS_CHANNEL",
    "FAILED",
    "PENDING",
    "PROCESSING",
    "TERMINAL_STATES",
    "Checkpoint",
    "ReportStore",
    "RequestIdConflict",
    "new_pool",
    "parse_report_id",
    "report_from_row",
]
