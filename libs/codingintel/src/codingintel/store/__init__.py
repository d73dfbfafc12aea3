"""The report store: Postgres through psycopg 3 and psycopg_pool.

Postgres holds the truth. Every status change is one transaction that updates the
report, appends the full new state to report_events under its version and notifies
channel `report_events` with "<report_id>:<version>".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
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


# Outcomes of a claim.
CLAIMED, MISSING, TERMINAL, LEASED, EXHAUSTED = (
    "claimed",
    "missing",
    "terminal",
    "leased",
    "exhausted",
)


@dataclass(frozen=True)
class Claim:
    report: reports_pb2.Report | None
    outcome: str


@dataclass(frozen=True)
class FailedFilter:
    step: str = ""
    error_code: int = 0
    failed_after: datetime | None = None
    failed_before: datetime | None = None


@dataclass(frozen=True)
class ReportFilter:
    state: int = 0
    encounter_id: str = ""
    created_after: datetime | None = None
    created_before: datetime | None = None


@dataclass
class FailureStatistics:
    window_seconds: int
    completed: int = 0
    failed: int = 0
    cancelled: int = 0
    failure_rate: float = 0.0
    retry_success_rate: float = 0.0
    by_step: dict[str, int] = field(default_factory=dict)
    by_code: dict[int, int] = field(default_factory=dict)


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
    # A short wait for a connection: with the database down, callers get an error in
    # seconds (UNAVAILABLE at the API) rather than hanging.
    return AsyncConnectionPool(
        database_url,
        min_size=min_size,
        max_size=max_size,
        open=False,
        timeout=5.0,
        # A connection broken by a database restart is replaced, not handed out.
        check=AsyncConnectionPool.check_connection,
        # No server-side prepared statements: a migration that adds a column would
        # otherwise break every pooled connection's cached `SELECT *` plan.
        kwargs={"autocommit": False, "connect_timeout": 5, "prepare_threshold": None},
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
        "lease_owner",
        "lease_expires_at",
        "failed_step",
        "error_code",
        "enqueued_at",
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
        queue_name: str = "reports",
    ) -> tuple[reports_pb2.Report, bool]:
        """Store a new PENDING report and its encounter in one transaction.

        Answers (report, created). With a request id seen before, answers the
        existing report when the bundle is the same, else RequestIdConflict.
        """
        report_id = uuid.uuid4()
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "INSERT INTO reports (report_id, tenant_id, request_id, bundle_sha256,"
                " encounter_id, state, queue_name) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (tenant_id, request_id) DO NOTHING RETURNING *",
                (
                    report_id,
                    tenant_id,
                    request_id,
                    bundle_sha256,
                    encounter_id,
                    PENDING,
                    queue_name,
                ),
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
                "SELECT *, now() AS now FROM reports WHERE report_id = %s AND tenant_id = %s"
                " AND deleted_at IS NULL",
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

    async def claim(
        self,
        report_id: uuid.UUID,
        *,
        owner: str,
        lease_seconds: float,
        max_attempts: int,
        step: str,
        progress: int,
        eta_ms: int | None,
    ) -> Claim:
        """Start an attempt: take the report's lease and mark it PROCESSING, unless it is
        terminal, leased by a live run, held for a scheduled retry, or out of attempts."""
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "UPDATE reports SET state = %s, version = version + 1, update_time = now(),"
                " lease_owner = %s, lease_expires_at = now() + make_interval(secs => %s),"
                " attempt_count = attempt_count + 1,"
                " processing_start_time = COALESCE(processing_start_time, now()),"
                " current_step = %s, progress_percent = GREATEST(progress_percent, %s),"
                " estimated_time_remaining_ms = %s"
                " WHERE report_id = %s AND state = ANY(%s)"
                " AND (lease_expires_at IS NULL OR lease_expires_at <= now())"
                " AND attempt_count < %s"
                " RETURNING *, now() AS now",
                (
                    PROCESSING,
                    owner,
                    lease_seconds,
                    step,
                    progress,
                    eta_ms,
                    report_id,
                    list(ACTIVE_STATES),
                    max_attempts,
                ),
            )
            row = await cur.fetchone()
            if row is not None:
                report = report_from_row(row, now=row["now"])
                await self._append_event(cur, row, report)
                return Claim(report, CLAIMED)
            await cur.execute(
                "SELECT state, attempt_count, lease_expires_at > now() AS held"
                " FROM reports WHERE report_id = %s",
                (report_id,),
            )
            found = await cur.fetchone()
        if found is None:
            return Claim(None, MISSING)
        if found["state"] in TERMINAL_STATES:
            return Claim(None, TERMINAL)
        if found["held"]:
            return Claim(None, LEASED)
        return Claim(None, EXHAUSTED)

    async def renew_lease(self, report_id: uuid.UUID, owner: str, lease_seconds: float) -> bool:
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "UPDATE reports SET lease_expires_at = now() + make_interval(secs => %s)"
                " WHERE report_id = %s AND lease_owner = %s AND state = %s",
                (lease_seconds, report_id, owner, PROCESSING),
            )
            return cur.rowcount == 1

    async def hold_for_retry(self, report_id: uuid.UUID, owner: str, delay_seconds: float) -> bool:
        """End an attempt that will be retried: give up the lease and keep the report
        from being claimed until the retry is due. No new version."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "UPDATE reports SET lease_owner = NULL,"
                " lease_expires_at = now() + make_interval(secs => %s), enqueued_at = now()"
                " WHERE report_id = %s AND lease_owner = %s AND state = %s",
                (delay_seconds, report_id, owner, PROCESSING),
            )
            return cur.rowcount == 1

    async def change(
        self,
        report_id: uuid.UUID,
        changes: dict[str, Any],
        *,
        checkpoint: Checkpoint | None = None,
        owner: str | None = None,
        lease_seconds: float | None = None,
        tenant_id: str | None = None,
        states: tuple[int, ...] = ACTIVE_STATES,
        extra: sql.Composable | None = None,
    ) -> reports_pb2.Report | None:
        """One status change, in one transaction: update, save the checkpoint (if any),
        append the event, notify. With an owner, only while that run holds the lease
        (and the lease is renewed). None when nothing matched: the report is in another
        state, or another run holds it."""
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
        if extra is not None:
            assignments.append(extra)
        if owner is not None and lease_seconds is not None:
            assignments.append(sql.SQL("lease_expires_at = now() + make_interval(secs => %s)"))
            values.append(lease_seconds)
        conditions: list[sql.Composable] = [
            sql.SQL("report_id = %s"),
            sql.SQL("state = ANY(%s)"),
        ]
        values.extend([report_id, list(states)])
        if owner is not None:
            conditions.append(sql.SQL("lease_owner = %s"))
            values.append(owner)
        if tenant_id is not None:
            conditions.append(sql.SQL("tenant_id = %s AND deleted_at IS NULL"))
            values.append(tenant_id)
        query = sql.SQL("UPDATE reports SET {} WHERE {} RETURNING *, now() AS now").format(
            sql.SQL(", ").join(assignments), sql.SQL(" AND ").join(conditions)
        )
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            if checkpoint is not None:
                await self._save_checkpoint(conn, report_id, checkpoint)
            await cur.execute(query, values)
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
        owner: str | None = None,
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
                "lease_owner": None,
                "lease_expires_at": None,
            },
            checkpoint=checkpoint,
            owner=owner,
        )

    async def fail(
        self,
        report_id: uuid.UUID,
        error: status_pb2.Status,
        *,
        step: str = "",
        owner: str | None = None,
    ) -> reports_pb2.Report | None:
        return await self.change(
            report_id,
            {
                "state": FAILED,
                "estimated_time_remaining_ms": None,
                "processing_complete_time": datetime.now(UTC),
                "error": error.SerializeToString(),
                "failed_step": step or None,
                "error_code": error.code,
                "lease_owner": None,
                "lease_expires_at": None,
            },
            owner=owner,
        )

    # --- cancel and the admin side ------------------------------------------

    async def cancel(self, tenant_id: str, report_id: uuid.UUID) -> reports_pb2.Report | None:
        """CANCELLED from PENDING or PROCESSING; None when the report is not active."""
        return await self.change(
            report_id,
            {
                "state": CANCELLED,
                "estimated_time_remaining_ms": None,
                "processing_complete_time": datetime.now(UTC),
                "lease_owner": None,
                "lease_expires_at": None,
            },
            tenant_id=tenant_id,
        )

    async def retry_failed(self, tenant_id: str, report_id: uuid.UUID) -> reports_pb2.Report | None:
        """FAILED back to PENDING with attempts reset; None when it is not FAILED. Its
        checkpoints stay, so the next run resumes after the last finished stage."""
        return await self.change(
            report_id,
            {
                "state": PENDING,
                "attempt_count": 0,
                "error": None,
                "failed_step": None,
                "error_code": None,
                "processing_complete_time": None,
                "estimated_time_remaining_ms": None,
                "enqueued_at": None,
                "lease_owner": None,
                "lease_expires_at": None,
            },
            tenant_id=tenant_id,
            states=(FAILED,),
            extra=sql.SQL("admin_retry_count = admin_retry_count + 1"),
        )

    async def list_failed(
        self,
        tenant_id: str,
        filter: FailedFilter,
        page_size: int,
        after: tuple[datetime, uuid.UUID] | None = None,
    ) -> tuple[list[reports_pb2.Report], tuple[datetime, uuid.UUID] | None]:
        """FAILED reports, newest failure first; answers the page and the cursor of the
        next one (None on the last page)."""
        where, values = self._failed_where(tenant_id, filter)
        return await self._page(where, values, "processing_complete_time", page_size, after)

    async def failed_ids(self, tenant_id: str, filter: FailedFilter) -> list[uuid.UUID]:
        where, values = self._failed_where(tenant_id, filter)
        query = sql.SQL("SELECT report_id FROM reports WHERE {}").format(
            sql.SQL(" AND ").join(where)
        )
        async with self.pool.connection() as conn:
            cur = await conn.execute(query, values)
            return [row[0] for row in await cur.fetchall()]

    @staticmethod
    def _failed_where(
        tenant_id: str, filter: FailedFilter
    ) -> tuple[list[sql.Composable], list[Any]]:
        where: list[sql.Composable] = [
            sql.SQL("tenant_id = %s"),
            sql.SQL("state = %s"),
            sql.SQL("deleted_at IS NULL"),
        ]
        values: list[Any] = [tenant_id, FAILED]
        if filter.step:
            where.append(sql.SQL("failed_step = %s"))
            values.append(filter.step)
        if filter.error_code:
            where.append(sql.SQL("error_code = %s"))
            values.append(filter.error_code)
        if filter.failed_after is not None:
            where.append(sql.SQL("processing_complete_time >= %s"))
            values.append(filter.failed_after)
        if filter.failed_before is not None:
            where.append(sql.SQL("processing_complete_time < %s"))
            values.append(filter.failed_before)
        return where, values

    async def failure_statistics(self, tenant_id: str, window_seconds: int) -> FailureStatistics:
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "SELECT state, failed_step, error_code, admin_retry_count > 0 AS retried,"
                " count(*) AS n FROM reports WHERE tenant_id = %s AND state = ANY(%s)"
                " AND processing_complete_time >= now() - make_interval(secs => %s)"
                " GROUP BY 1, 2, 3, 4",
                (tenant_id, list(TERMINAL_STATES), window_seconds),
            )
            rows = await cur.fetchall()
        stats = FailureStatistics(window_seconds=window_seconds)
        retried_done = retried_complete = 0
        for row in rows:
            n = row["n"]
            if row["state"] == COMPLETE:
                stats.completed += n
            elif row["state"] == CANCELLED:
                stats.cancelled += n
            else:
                stats.failed += n
                step = row["failed_step"] or "unknown"
                stats.by_step[step] = stats.by_step.get(step, 0) + n
                code = row["error_code"] or 0
                stats.by_code[code] = stats.by_code.get(code, 0) + n
            if row["retried"] and row["state"] in (COMPLETE, FAILED):
                retried_done += n
                retried_complete += n if row["state"] == COMPLETE else 0
        finished = stats.completed + stats.failed
        stats.failure_rate = stats.failed / finished if finished else 0.0
        stats.retry_success_rate = retried_complete / retried_done if retried_done else 0.0
        return stats

    # --- lookups, listing, deletion, audit ---------------------------------------

    async def get_report_by_encounter(
        self, tenant_id: str, encounter_id: str
    ) -> reports_pb2.Report | None:
        """The latest report for the encounter, in any state."""
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "SELECT *, now() AS now FROM reports WHERE tenant_id = %s AND encounter_id = %s"
                " AND deleted_at IS NULL ORDER BY create_time DESC, report_id DESC LIMIT 1",
                (tenant_id, encounter_id),
            )
            row = await cur.fetchone()
            return None if row is None else report_from_row(row, now=row["now"])

    async def list_reports(
        self,
        tenant_id: str,
        filter: ReportFilter,
        page_size: int,
        after: tuple[datetime, uuid.UUID] | None = None,
    ) -> tuple[list[reports_pb2.Report], tuple[datetime, uuid.UUID] | None]:
        """The tenant's reports, newest first; answers the page and the next cursor."""
        where: list[sql.Composable] = [sql.SQL("tenant_id = %s"), sql.SQL("deleted_at IS NULL")]
        values: list[Any] = [tenant_id]
        if filter.state:
            where.append(sql.SQL("state = %s"))
            values.append(filter.state)
        if filter.encounter_id:
            where.append(sql.SQL("encounter_id = %s"))
            values.append(filter.encounter_id)
        if filter.created_after is not None:
            where.append(sql.SQL("create_time >= %s"))
            values.append(filter.created_after)
        if filter.created_before is not None:
            where.append(sql.SQL("create_time < %s"))
            values.append(filter.created_before)
        return await self._page(where, values, "create_time", page_size, after)

    async def _page(
        self,
        where: list[sql.Composable],
        values: list[Any],
        time_column: str,
        page_size: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> tuple[list[reports_pb2.Report], tuple[datetime, uuid.UUID] | None]:
        """Keyset paging, newest first by (time_column, report_id): one row more than
        the page tells whether there is a next page, and its cursor."""
        column = sql.Identifier(time_column)
        if after is not None:
            where = [*where, sql.SQL("({}, report_id) < (%s, %s)").format(column)]
            values = [*values, *after]
        query = sql.SQL(
            "SELECT *, now() AS now FROM reports WHERE {} ORDER BY {} DESC, report_id DESC LIMIT %s"
        ).format(sql.SQL(" AND ").join(where), column)
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(query, [*values, page_size + 1])
            rows = await cur.fetchall()
        page = rows[:page_size]
        cursor = None
        if len(rows) > page_size:
            cursor = (page[-1][time_column], page[-1]["report_id"])
        return [report_from_row(r, now=r["now"]) for r in page], cursor

    async def delete_report(self, tenant_id: str, report_id: uuid.UUID) -> bool:
        """Purge the bundle, the note text and the result; keep the row as a tombstone.
        An active report is cancelled too, so its worker stops. Watchers are woken and
        then find it gone."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "UPDATE reports SET deleted_at = now(), update_time = now(), result = NULL,"
                " state = CASE WHEN state = ANY(%s) THEN %s ELSE state END,"
                " lease_owner = NULL, lease_expires_at = NULL"
                " WHERE report_id = %s AND tenant_id = %s AND deleted_at IS NULL",
                (list(ACTIVE_STATES), CANCELLED, report_id, tenant_id),
            )
            if cur.rowcount != 1:
                return False
            for table in ("encounters", "report_events", "report_steps"):
                await conn.execute(
                    sql.SQL("DELETE FROM {} WHERE report_id = %s").format(sql.Identifier(table)),
                    (report_id,),
                )
            await conn.execute("SELECT pg_notify(%s, %s)", (EVENTS_CHANNEL, f"{report_id}:deleted"))
            return True

    async def audit(
        self, tenant_id: str, principal: str, method: str, report_id: str, status_code: str
    ) -> None:
        async with self.pool.connection() as conn:
            await conn.execute(
                "INSERT INTO audit_log (tenant_id, principal, method, report_id, status_code)"
                " VALUES (%s, %s, %s, %s, %s)",
                (tenant_id, principal, method, report_id, status_code),
            )

    async def state_counts(self, tenant_id: str) -> dict[int, int]:
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT state, count(*) FROM reports WHERE tenant_id = %s AND state = ANY(%s)"
                " AND deleted_at IS NULL GROUP BY state",
                (tenant_id, list(ACTIVE_STATES)),
            )
            return {row[0]: row[1] for row in await cur.fetchall()}

    # --- the outbox and the reconciler -----------------------------------------

    async def mark_enqueued(self, report_id: uuid.UUID) -> None:
        async with self.pool.connection() as conn:
            await conn.execute(
                "UPDATE reports SET enqueued_at = now() WHERE report_id = %s", (report_id,)
            )

    async def take_due_for_enqueue(
        self, requeue_after_seconds: float, limit: int, queue_name: str = "reports"
    ) -> list[uuid.UUID]:
        """Reports that need a queue message now, marked as sent in the same statement:
        PENDING ones never enqueued (the outbox) or enqueued long ago without being
        picked up, and PROCESSING ones whose run is gone (lease expired) and that had no
        message since. SKIP LOCKED keeps two reconcilers from taking the same rows."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "UPDATE reports SET enqueued_at = now() WHERE report_id IN ("
                " SELECT report_id FROM reports WHERE queue_name = %s AND ("
                "  (state = %s AND (enqueued_at IS NULL"
                "    OR enqueued_at < now() - make_interval(secs => %s)))"
                "  OR (state = %s AND lease_expires_at < now() AND (enqueued_at IS NULL"
                "    OR enqueued_at < lease_expires_at"
                "    OR enqueued_at < now() - make_interval(secs => %s))))"
                " ORDER BY create_time LIMIT %s FOR UPDATE SKIP LOCKED)"
                " RETURNING report_id",
                (
                    queue_name,
                    PENDING,
                    requeue_after_seconds,
                    PROCESSING,
                    requeue_after_seconds,
                    limit,
                ),
            )
            return [row[0] for row in await cur.fetchall()]

    async def unmark_enqueued(self, report_ids: list[uuid.UUID]) -> None:
        """The send failed: leave them for the next pass."""
        async with self.pool.connection() as conn:
            await conn.execute(
                "UPDATE reports SET enqueued_at = NULL WHERE report_id = ANY(%s)", (report_ids,)
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
    "CLAIMED",
    "COMPLETE",
    "DEFAULT_TENANT",
    "EVENTS_CHANNEL",
    "EXHAUSTED",
    "FAILED",
    "LEASED",
    "MISSING",
    "PENDING",
    "PROCESSING",
    "TERMINAL",
    "TERMINAL_STATES",
    "Checkpoint",
    "Claim",
    "FailedFilter",
    "FailureStatistics",
    "ReportFilter",
    "ReportStore",
    "RequestIdConflict",
    "new_pool",
    "parse_report_id",
    "report_from_row",
]
