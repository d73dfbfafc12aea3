"""The report store: Postgres through psycopg 3 and psycopg_pool.

Postgres holds the truth. Every status change is one transaction that updates the
report, appends the full new state to report_events under its version and notifies
channel `report_events` with "<report_id>:<version>". When the report belongs to a
batch, the same transaction bumps the batch's version, appends the batch's new
aggregate to batch_events and notifies "batch/<batch_id>:<version>".
"""

from __future__ import annotations

import contextvars
import hashlib
import uuid
from collections.abc import Mapping
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
# W3C trace context kept per report (codingintel.queue.TRACE_OPTIONS), in column order.
TRACE_COLUMNS = ("traceparent", "tracestate")

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
class AuditRow:
    """One call as the audit log keeps it: who, what, on which report or batch, the
    outcome and when (no PHI)."""

    tenant_id: str
    principal: str
    method: str
    report_id: str
    status_code: str
    batch_id: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


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
    batch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class BatchEntry:
    """One validated encounter of a batch."""

    request_id: str | None
    bundle: bytes
    bundle_sha256: bytes
    encounter_id: str


class EntryRequestIdsInUse(Exception):
    """Entries whose request id another report of the tenant already has."""

    def __init__(self, indexes: list[int]) -> None:
        super().__init__(f"{len(indexes)} entries")
        self.indexes = indexes


# The batch a call is about, for its audit row: set by the gateway's batch methods,
# read when the call is audited (the audit sink sees only the request's report id).
audited_batch_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "audited_batch_id", default=""
)


def batch_key(batch_id: uuid.UUID | str) -> str:
    """The notification key of a batch; reports are keyed by their bare id."""
    return f"batch/{batch_id}"


def batch_content_sha256(entries: list[BatchEntry]) -> bytes:
    digest = hashlib.sha256()
    for entry in entries:
        request_id = (entry.request_id or "").encode()
        digest.update(len(request_id).to_bytes(4, "big") + request_id + entry.bundle_sha256)
    return digest.digest()


def batch_eta_ms(
    *,
    total: int,
    active: int,
    pending: int,
    processing: int,
    remaining_percent: int,
    first_start: datetime | None,
    now: datetime,
    slowest_processing_eta_ms: int | None,
    processing_with_eta: int,
) -> int | None:
    """Time until every report of the batch is terminal. Reports of a batch run side
    by side, so the sum of their ETAs says little: once one has finished, the batch's
    own throughput since its first report started (reports per ms) is applied to the
    work left (the active reports' remaining progress). Before that, only a batch with
    nothing waiting has an estimate: its slowest running report's."""
    if active == 0:
        return 0
    finished = total - active
    if finished > 0 and first_start is not None:
        elapsed_ms = (now - first_start).total_seconds() * 1000
        if elapsed_ms > 0:
            return int(remaining_percent / 100 / (finished / elapsed_ms))
    if pending == 0 and processing > 0 and processing_with_eta == processing:
        return slowest_processing_eta_ms
    return None


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
    if row.get("purged_at") is not None:
        report.purge_time.FromDatetime(row["purged_at"])
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


_BATCH_AGGREGATE = sql.SQL(
    "SELECT count(*) AS total,"
    " count(*) FILTER (WHERE state = {pending}) AS pending,"
    " count(*) FILTER (WHERE state = {processing}) AS processing,"
    " count(*) FILTER (WHERE state = {complete}) AS complete,"
    " count(*) FILTER (WHERE state = {failed}) AS failed,"
    " count(*) FILTER (WHERE state = {cancelled}) AS cancelled,"
    " COALESCE(sum(CASE WHEN state IN ({pending}, {processing}) THEN progress_percent"
    "  ELSE 100 END), 0) AS progress_sum,"
    " COALESCE(sum(100 - progress_percent) FILTER (WHERE state IN ({pending}, {processing})),"
    "  0) AS remaining_percent,"
    " max(estimated_time_remaining_ms) FILTER (WHERE state = {processing}) AS slowest_eta,"
    " count(estimated_time_remaining_ms) FILTER (WHERE state = {processing}) AS with_eta,"
    " min(processing_start_time) AS first_start, now() AS now"
    " FROM reports WHERE batch_id = %s"
).format(
    pending=sql.Literal(PENDING),
    processing=sql.Literal(PROCESSING),
    complete=sql.Literal(COMPLETE),
    failed=sql.Literal(FAILED),
    cancelled=sql.Literal(CANCELLED),
)


def batch_from_aggregate(batch: dict[str, Any], counts: dict[str, Any]) -> reports_pb2.Batch:
    """The Batch at one version from its row and its reports' aggregate."""
    total = int(counts["total"])
    active = int(counts["pending"]) + int(counts["processing"])
    message = reports_pb2.Batch(
        batch_id=str(batch["batch_id"]),
        version=batch["version"],
        total_count=total,
        pending_count=counts["pending"],
        processing_count=counts["processing"],
        complete_count=counts["complete"],
        failed_count=counts["failed"],
        cancelled_count=counts["cancelled"],
        progress_percent=int(counts["progress_sum"]) // total if total else 100,
        done=active == 0,
    )
    message.create_time.FromDatetime(batch["create_time"])
    eta = batch_eta_ms(
        total=total,
        active=active,
        pending=int(counts["pending"]),
        processing=int(counts["processing"]),
        remaining_percent=int(counts["remaining_percent"]),
        first_start=counts["first_start"],
        now=counts["now"],
        slowest_processing_eta_ms=counts["slowest_eta"],
        processing_with_eta=int(counts["with_eta"]),
    )
    if eta is not None:
        message.estimated_time_remaining_ms = eta
    return message


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
        trace_context: Mapping[str, str] | None = None,
    ) -> tuple[reports_pb2.Report, bool]:
        """Store a new PENDING report and its encounter in one transaction.

        Answers (report, created). With a request id seen before, answers the
        existing report when the bundle is the same, else RequestIdConflict.
        `trace_context` (traceparent, tracestate) is kept for the reconciler's re-sends.
        The row is marked as sent (`enqueued_at`): the caller sends its message right
        after commit and unmarks it if the send fails, which saves a write per create.
        """
        report_id = uuid.uuid4()
        trace = trace_context or {}
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "INSERT INTO reports (report_id, tenant_id, request_id, bundle_sha256,"
                " encounter_id, state, queue_name, traceparent, tracestate, enqueued_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, now())"
                " ON CONFLICT (tenant_id, request_id) DO NOTHING RETURNING *",
                (
                    report_id,
                    tenant_id,
                    request_id,
                    bundle_sha256,
                    encounter_id,
                    PENDING,
                    queue_name,
                    trace.get("traceparent"),
                    trace.get("tracestate"),
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
        unpurged: bool = False,
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
        if unpurged:
            conditions.append(sql.SQL("purged_at IS NULL"))
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
        """FAILED back to PENDING with attempts reset; None when it is not FAILED or
        its bundle was purged (nothing left to run on). Its checkpoints stay, so the next
        run resumes after the last finished stage."""
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
            unpurged=True,
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
        where.append(sql.SQL("purged_at IS NULL"))  # purged: nothing left to retry
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
        if filter.batch_id is not None:
            where.append(sql.SQL("batch_id = %s"))
            values.append(filter.batch_id)
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
                " WHERE report_id = %s AND tenant_id = %s AND deleted_at IS NULL"
                " RETURNING batch_id",
                (list(ACTIVE_STATES), CANCELLED, report_id, tenant_id),
            )
            deleted = await cur.fetchone()
            if deleted is None:
                return False
            if deleted[0] is not None:
                # Its batch sees it cancelled (if it was active) under a new version.
                async with conn.cursor(row_factory=dict_row) as batch_cur:
                    await self._bump_batch(batch_cur, deleted[0])
            for table in ("encounters", "report_events", "report_steps"):
                await conn.execute(
                    sql.SQL("DELETE FROM {} WHERE report_id = %s").format(sql.Identifier(table)),
                    (report_id,),
                )
            await conn.execute("SELECT pg_notify(%s, %s)", (EVENTS_CHANNEL, f"{report_id}:deleted"))
            return True

    async def audit(
        self,
        tenant_id: str,
        principal: str,
        method: str,
        report_id: str,
        status_code: str,
        batch_id: str | None = None,
    ) -> None:
        """One audit row. The batch id, unless given, is the one the current call set
        in `audited_batch_id`."""
        batch = audited_batch_id.get() if batch_id is None else batch_id
        await self.audit_many(
            [AuditRow(tenant_id, principal, method, report_id, status_code, batch)]
        )

    async def audit_many(self, rows: list[AuditRow]) -> None:
        """Audit rows in one transaction, each with the time its call ended."""
        async with self.pool.connection() as conn, conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO audit_log"
                " (tenant_id, principal, method, report_id, status_code, batch_id, at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        r.tenant_id,
                        r.principal,
                        r.method,
                        r.report_id,
                        r.status_code,
                        r.batch_id,
                        r.at,
                    )
                    for r in rows
                ],
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
        await self.mark_enqueued_many([report_id])

    async def mark_enqueued_many(self, report_ids: list[uuid.UUID]) -> None:
        async with self.pool.connection() as conn:
            await conn.execute(
                "UPDATE reports SET enqueued_at = now() WHERE report_id = ANY(%s)", (report_ids,)
            )

    async def take_due_for_enqueue(
        self, requeue_after_seconds: float, limit: int, queue_name: str = "reports"
    ) -> list[tuple[uuid.UUID, dict[str, str]]]:
        """Reports that need a queue message now, marked as sent in the same statement:
        PENDING ones never enqueued (the outbox) or enqueued long ago without being
        picked up, and PROCESSING ones whose run is gone (lease expired) and that had no
        message since. SKIP LOCKED keeps two reconcilers from taking the same rows.
        Each comes with the trace context it was created in (empty when none)."""
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
                " RETURNING report_id, traceparent, tracestate",
                (
                    queue_name,
                    PENDING,
                    requeue_after_seconds,
                    PROCESSING,
                    requeue_after_seconds,
                    limit,
                ),
            )
            return [
                (row[0], {k: v for k, v in zip(TRACE_COLUMNS, row[1:], strict=True) if v})
                for row in await cur.fetchall()
            ]

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
        if row.get("batch_id") is not None:
            await ReportStore._bump_batch(cur, row["batch_id"])

    @staticmethod
    async def _bump_batch(cur: AsyncCursor[dict[str, Any]], batch_id: uuid.UUID) -> None:
        """A member changed: the batch's next version, in the member's transaction. The
        row lock taken here orders concurrent changes of one batch's members, and the
        aggregate read after it sees every change committed before."""
        await cur.execute(
            "UPDATE batches SET version = version + 1, update_time = now() WHERE batch_id = %s"
            " RETURNING batch_id, tenant_id, version, create_time",
            (batch_id,),
        )
        batch = await cur.fetchone()
        if batch is None:  # pragma: no cover - reports reference their batch
            return
        await ReportStore._append_batch_event(cur, batch)

    @staticmethod
    async def _append_batch_event(
        cur: AsyncCursor[dict[str, Any]], batch: dict[str, Any]
    ) -> reports_pb2.Batch:
        await cur.execute(_BATCH_AGGREGATE, (batch["batch_id"],))
        counts = await cur.fetchone()
        assert counts is not None
        snapshot = batch_from_aggregate(batch, counts)
        await cur.execute(
            "INSERT INTO batch_events (batch_id, version, tenant_id, snapshot)"
            " VALUES (%s, %s, %s, %s)",
            (batch["batch_id"], batch["version"], batch["tenant_id"], snapshot.SerializeToString()),
        )
        await cur.execute(
            "SELECT pg_notify(%s, %s)",
            (EVENTS_CHANNEL, f"{batch_key(batch['batch_id'])}:{batch['version']}"),
        )
        return snapshot

    # --- batches ---------------------------------------------------------------

    async def create_batch(
        self,
        *,
        tenant_id: str,
        request_id: str | None,
        entries: list[BatchEntry],
        queue_name: str = "reports",
        trace_context: Mapping[str, str] | None = None,
    ) -> tuple[reports_pb2.Batch, bool]:
        """Store a batch and all its PENDING reports in one transaction: all or nothing.

        Answers (batch with report ids, created). A batch request id seen before
        answers the existing batch when the entries are the same, else
        RequestIdConflict; an entry request id another report of the tenant already
        has raises EntryRequestIdsInUse and nothing is written."""
        content = batch_content_sha256(entries)
        batch_id = uuid.uuid4()
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            await cur.execute(
                "INSERT INTO batches (batch_id, tenant_id, request_id, content_sha256,"
                " total_count) VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (tenant_id, request_id) DO NOTHING"
                " RETURNING batch_id, tenant_id, version, create_time",
                (batch_id, tenant_id, request_id, content, len(entries)),
            )
            batch = await cur.fetchone()
            if batch is None:
                await cur.execute(
                    "SELECT batch_id, content_sha256 FROM batches"
                    " WHERE tenant_id = %s AND request_id = %s",
                    (tenant_id, request_id),
                )
                existing = await cur.fetchone()
                if existing is None or bytes(existing["content_sha256"]) != content:
                    raise RequestIdConflict(request_id)
                found = await self._batch(cur, tenant_id, existing["batch_id"])
                assert found is not None
                return found, False
            report_ids = [uuid.uuid4() for _ in entries]
            await cur.execute(
                "INSERT INTO reports (report_id, tenant_id, request_id, bundle_sha256,"
                " encounter_id, state, queue_name, batch_id, batch_index, traceparent,"
                " tracestate, enqueued_at)"
                " SELECT r, %s, q, h, e, %s, %s, %s, i, %s, %s, now()"
                " FROM unnest(%s::uuid[], %s::text[], %s::bytea[], %s::text[], %s::int[])"
                " AS t(r, q, h, e, i)"
                " ON CONFLICT (tenant_id, request_id) DO NOTHING RETURNING *",
                (
                    tenant_id,
                    PENDING,
                    queue_name,
                    batch_id,
                    (trace_context or {}).get("traceparent"),
                    (trace_context or {}).get("tracestate"),
                    report_ids,
                    [e.request_id for e in entries],
                    [e.bundle_sha256 for e in entries],
                    [e.encounter_id for e in entries],
                    list(range(len(entries))),
                ),
            )
            rows = await cur.fetchall()
            if len(rows) != len(entries):
                inserted = {row["report_id"] for row in rows}
                await conn.rollback()
                raise EntryRequestIdsInUse(
                    [i for i, report_id in enumerate(report_ids) if report_id not in inserted]
                )
            await cur.executemany(
                "INSERT INTO encounters (report_id, tenant_id, bundle) VALUES (%s, %s, %s)",
                [
                    (report_id, tenant_id, e.bundle)
                    for report_id, e in zip(report_ids, entries, strict=True)
                ],
            )
            await cur.executemany(
                "INSERT INTO report_events (report_id, version, tenant_id, snapshot)"
                " VALUES (%s, %s, %s, %s)",
                [
                    (
                        row["report_id"],
                        row["version"],
                        tenant_id,
                        report_from_row(row).SerializeToString(),
                    )
                    for row in rows
                ],
            )
            snapshot = await self._append_batch_event(cur, batch)
            snapshot.report_ids.extend(str(report_id) for report_id in report_ids)
            return snapshot, True

    async def get_batch(self, tenant_id: str, batch_id: uuid.UUID) -> reports_pb2.Batch | None:
        """The batch at its current version, with its report ids in entry order."""
        async with self.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            return await self._batch(cur, tenant_id, batch_id)

    async def batch_ids(self, tenant_id: str, batch_id: uuid.UUID) -> list[uuid.UUID]:
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT report_id FROM reports WHERE batch_id = %s AND tenant_id = %s"
                " ORDER BY batch_index",
                (batch_id, tenant_id),
            )
            return [row[0] for row in await cur.fetchall()]

    async def latest_batch_event(
        self, tenant_id: str, batch_id: uuid.UUID
    ) -> reports_pb2.Batch | None:
        """The batch's aggregate at its current version, without report ids."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT snapshot FROM batch_events WHERE batch_id = %s AND tenant_id = %s"
                " ORDER BY version DESC LIMIT 1",
                (batch_id, tenant_id),
            )
            row = await cur.fetchone()
            return None if row is None else reports_pb2.Batch.FromString(row[0])

    async def batch_events_after(
        self, tenant_id: str, batch_id: uuid.UUID, after_version: int
    ) -> list[reports_pb2.Batch]:
        """The stored versions of the batch after `after_version`, in order."""
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT snapshot FROM batch_events WHERE batch_id = %s AND tenant_id = %s"
                " AND version > %s ORDER BY version",
                (batch_id, tenant_id, after_version),
            )
            return [reports_pb2.Batch.FromString(row[0]) for row in await cur.fetchall()]

    @staticmethod
    async def _batch(
        cur: AsyncCursor[dict[str, Any]], tenant_id: str, batch_id: uuid.UUID
    ) -> reports_pb2.Batch | None:
        # One statement: the snapshot and the ids are read at the same instant.
        await cur.execute(
            "SELECT (SELECT snapshot FROM batch_events e WHERE e.batch_id = b.batch_id"
            "  ORDER BY version DESC LIMIT 1) AS snapshot,"
            " ARRAY(SELECT report_id FROM reports r WHERE r.batch_id = b.batch_id"
            "  ORDER BY batch_index) AS report_ids"
            " FROM batches b WHERE b.batch_id = %s AND b.tenant_id = %s",
            (batch_id, tenant_id),
        )
        row = await cur.fetchone()
        if row is None or row["snapshot"] is None:
            return None
        batch = reports_pb2.Batch.FromString(row["snapshot"])
        batch.report_ids.extend(str(report_id) for report_id in row["report_ids"])
        return batch


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
    "BatchEntry",
    "Checkpoint",
    "Claim",
    "EntryRequestIdsInUse",
    "FailedFilter",
    "FailureStatistics",
    "ReportFilter",
    "ReportStore",
    "RequestIdConflict",
    "audited_batch_id",
    "batch_content_sha256",
    "batch_eta_ms",
    "batch_from_aggregate",
    "batch_key",
    "new_pool",
    "parse_report_id",
    "report_from_row",
]
