"""ReportService: validate, store, enqueue, answer."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import NoReturn

from dramatiq.brokers.redis import RedisBroker
from google.rpc import code_pb2

from codingintel import errors, fhir, metrics, queue
from codingintel.grpc_server import Context
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc
from codingintel.store import (
    TERMINAL_STATES,
    BatchEntry,
    EntryRequestIdsInUse,
    FailedFilter,
    ReportFilter,
    ReportStore,
    RequestIdConflict,
    audited_batch_id,
    batch_key,
    parse_report_id,
)

from .auth import tenant
from .events import EventHub, SharedReads
from .paging import PageTokens
from .quota import CreateQuota
from .settings import GatewaySettings

log = logging.getLogger(__name__)

MAX_REQUEST_ID_CHARS = 128
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_ID_CHARS = 256
# Each orchestrator worker keeps a key under this prefix alive while it runs.
WORKER_KEY_PREFIX = "codingintel:workers:"


class AuditedBatch(logging.Filter):
    """Puts the batch a call was about on its audit log line (the auditor itself only
    knows the request's report id)."""

    def filter(self, record: logging.LogRecord) -> bool:
        batch_id = audited_batch_id.get()
        if batch_id:
            record.batch_id = batch_id
        return True


AUDIT_LOGGER = "codingintel.audit"


def parse_entries(
    entries: list[reports_pb2.CreateReportRequest], limits: GatewaySettings
) -> tuple[list[BatchEntry], list[fhir.Violation]]:
    """Validate every entry's bundle; violations are named by entry index."""
    parsed: list[BatchEntry] = []
    violations: list[fhir.Violation] = []
    for index, entry in enumerate(entries):
        try:
            encounter = fhir.parse_encounter(
                entry.fhir_bundle,
                limits.max_bundle_bytes,
                max_entries=limits.max_bundle_entries,
                max_depth=limits.max_json_depth,
                max_notes=limits.max_notes_per_bundle,
            )
        except fhir.BundleInvalid as exc:
            violations.extend(
                fhir.Violation(f"entries[{index}].{v.field}", v.description) for v in exc.violations
            )
            continue
        parsed.append(
            BatchEntry(
                request_id=entry.request_id or None,
                bundle=entry.fhir_bundle,
                bundle_sha256=hashlib.sha256(entry.fhir_bundle).digest(),
                encounter_id=encounter.encounter_id,
            )
        )
    return parsed, violations


def failed_filter(message: reports_pb2.FailedReportFilter) -> FailedFilter:
    return FailedFilter(
        step=message.step,
        error_code=message.error_code,
        failed_after=message.failed_after.ToDatetime(UTC)
        if message.HasField("failed_after")
        else None,
        failed_before=message.failed_before.ToDatetime(UTC)
        if message.HasField("failed_before")
        else None,
    )


class ReportService(reports_pb2_grpc.ReportServiceServicer):
    def __init__(
        self,
        store: ReportStore,
        hub: EventHub,
        broker: RedisBroker,
        queue_name: str,
        limits: GatewaySettings,
        page_tokens: PageTokens,
        quota: CreateQuota,
    ) -> None:
        self.page_tokens = page_tokens
        self.limits = limits
        self.quota = quota
        # The gateway reports queue depth too, so an alert sees work waiting with every
        # worker down.
        metrics.register_queue_depth(broker.client, queue_name)
        # Open WatchReport and WatchBatch streams per tenant, in this process.
        self.open_streams: Counter[str] = Counter()
        audit_log = logging.getLogger(AUDIT_LOGGER)
        if not any(isinstance(f, AuditedBatch) for f in audit_log.filters):
            audit_log.addFilter(AuditedBatch())
        self.store = store
        self.hub = hub
        self.reads = SharedReads(hub)
        self.broker = broker
        self.queue_name = queue_name

    async def CreateReport(
        self, request: reports_pb2.CreateReportRequest, context: Context
    ) -> reports_pb2.Report:
        violations: list[fhir.Violation] = []
        if len(request.request_id) > MAX_REQUEST_ID_CHARS:
            violations.append(
                fhir.Violation("request_id", f"too_long: at most {MAX_REQUEST_ID_CHARS} characters")
            )
        wait = await self.quota.take(tenant())
        if wait > 0:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.RESOURCE_EXHAUSTED,
                    "the tenant's report creation quota is used up; retry later",
                    "CREATE_QUOTA_EXCEEDED",
                    retry_after_seconds=wait,
                ),
            )
        encounter = None
        try:
            encounter = fhir.parse_encounter(
                request.fhir_bundle,
                self.limits.max_bundle_bytes,
                max_entries=self.limits.max_bundle_entries,
                max_depth=self.limits.max_json_depth,
                max_notes=self.limits.max_notes_per_bundle,
            )
        except fhir.BundleInvalid as exc:
            violations.extend(exc.violations)
        if violations or encounter is None:
            log.info("bundle rejected", extra={"violations": len(violations)})
            await errors.abort(context, errors.bad_request("the request is invalid", violations))

        try:
            report, created = await self.store.create_report(
                tenant_id=tenant(),
                request_id=request.request_id or None,
                bundle=request.fhir_bundle,
                bundle_sha256=hashlib.sha256(request.fhir_bundle).digest(),
                encounter_id=encounter.encounter_id,
                queue_name=self.queue_name,
                trace_context=queue.trace_context(),
            )
        except RequestIdConflict:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.ALREADY_EXISTS,
                    "request_id was already used with a different bundle",
                    "REQUEST_ID_REUSED",
                ),
            )
        if created:
            metrics.REPORTS_CREATED.inc()
            await self._enqueue(uuid.UUID(report.report_id), marked=True)
        log.info(
            "report created" if created else "report found by request_id",
            extra={"report_id": report.report_id},
        )
        return report

    async def GetReport(
        self, request: reports_pb2.GetReportRequest, context: Context
    ) -> reports_pb2.Report:
        report_id = await self._report_id(request.report_id, context)
        report = await self.store.get_report(tenant(), report_id)
        if report is None:
            await self._not_found(report_id, context)
        return report

    async def WatchReport(
        self, request: reports_pb2.WatchReportRequest, context: Context
    ) -> AsyncIterator[reports_pb2.WatchReportResponse]:
        """Every version after `after_version`, each once and in order, until a terminal
        state. Reads the table only when woken by a notification."""
        report_id = await self._report_id(request.report_id, context)
        if request.after_version < 0:
            await errors.abort(
                context,
                errors.bad_request(
                    "after_version is invalid",
                    [fhir.Violation("after_version", "out_of_range: must be 0 or more")],
                ),
            )
        caller = tenant()
        await self._admit_stream(caller, context)
        self.open_streams[caller] += 1
        # Subscribe before the first read, so a change committed in between still wakes us.
        subscription = self.hub.subscribe(str(report_id))
        metrics.WATCH_STREAMS.inc()
        try:
            current = await self.store.get_report(tenant(), report_id)
            if current is None:
                await self._not_found(report_id, context)
            last = request.after_version
            if last > current.version:
                await errors.abort(
                    context,
                    errors.error_info(
                        code_pb2.OUT_OF_RANGE,
                        "after_version is beyond the report's current version",
                        "VERSION_OUT_OF_RANGE",
                        {"current_version": str(current.version)},
                    ),
                )
            if last == 0:
                yield reports_pb2.WatchReportResponse(report=current)
                last = current.version
            if last == current.version and current.state in TERMINAL_STATES:
                return
            while True:
                subscription.changed.clear()
                newer = await self.reads.read(
                    ("report", caller, report_id, last),
                    self.hub.wakeups,
                    functools.partial(self.store.events_after, caller, report_id, last),
                )
                if not newer and await self.store.get_report(tenant(), report_id) is None:
                    await self._not_found(report_id, context)  # deleted while watched
                for report in newer:
                    yield reports_pb2.WatchReportResponse(report=report)
                    last = report.version
                    if report.state in TERMINAL_STATES:
                        return
                await subscription.changed.wait()
        finally:
            metrics.WATCH_STREAMS.dec()
            self.hub.unsubscribe(subscription)
            self.open_streams[caller] -= 1

    async def CancelReport(
        self, request: reports_pb2.CancelReportRequest, context: Context
    ) -> reports_pb2.Report:
        report_id = await self._report_id(request.report_id, context)
        cancelled = await self.store.cancel(tenant(), report_id)
        if cancelled is not None:
            log.info("report cancelled", extra={"report_id": str(report_id)})
            return cancelled
        current = await self.store.get_report(tenant(), report_id)
        if current is None:
            await self._not_found(report_id, context)
        await errors.abort(
            context,
            errors.error_info(
                code_pb2.FAILED_PRECONDITION,
                "the report has already finished",
                "REPORT_TERMINAL",
                {"state": reports_pb2.ReportState.Name(current.state)},
            ),
        )

    # --- batches ---------------------------------------------------------------

    async def CreateBatch(
        self, request: reports_pb2.CreateBatchRequest, context: Context
    ) -> reports_pb2.Batch:
        """All or nothing: every entry is checked, every problem is reported by index,
        and either the whole batch is stored or nothing is."""
        violations: list[fhir.Violation] = []
        if len(request.request_id) > MAX_REQUEST_ID_CHARS:
            violations.append(
                fhir.Violation("request_id", f"too_long: at most {MAX_REQUEST_ID_CHARS} characters")
            )
        limit = self.limits.batch_limit
        if not request.entries:
            violations.append(fhir.Violation("entries", "required: at least one entry"))
        elif len(request.entries) > limit:
            violations.append(fhir.Violation("entries", f"too_many: at most {limit} entries"))
        first_use: dict[str, int] = {}
        for index, entry in enumerate(request.entries[:limit]):
            if len(entry.request_id) > MAX_REQUEST_ID_CHARS:
                violations.append(
                    fhir.Violation(
                        f"entries[{index}].request_id",
                        f"too_long: at most {MAX_REQUEST_ID_CHARS} characters",
                    )
                )
            elif entry.request_id in first_use:
                violations.append(
                    fhir.Violation(
                        f"entries[{index}].request_id",
                        f"duplicate: the same as entries[{first_use[entry.request_id]}]",
                    )
                )
            elif entry.request_id:
                first_use[entry.request_id] = index
        # The checks that cost nothing come before the quota and the parsing.
        if violations:
            log.info("batch rejected", extra={"violations": len(violations)})
            await errors.abort(context, errors.bad_request("the batch is invalid", violations))
        wait = await self.quota.take(tenant(), cost=len(request.entries))
        if wait > 0:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.RESOURCE_EXHAUSTED,
                    "the tenant's report creation quota is used up; retry later",
                    "CREATE_QUOTA_EXCEEDED",
                    {"cost": str(len(request.entries))},
                    retry_after_seconds=wait,
                ),
            )
        # Parsing a large batch takes a while: off the event loop, so other calls and
        # streams keep being served.
        entries, violations = await asyncio.to_thread(
            parse_entries, list(request.entries), self.limits
        )
        if violations:
            log.info("batch rejected", extra={"violations": len(violations)})
            await errors.abort(
                context, errors.bad_request("the batch is invalid; nothing was created", violations)
            )
        try:
            batch, created = await self.store.create_batch(
                tenant_id=tenant(),
                request_id=request.request_id or None,
                entries=entries,
                queue_name=self.queue_name,
                trace_context=queue.trace_context(),
            )
        except RequestIdConflict:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.ALREADY_EXISTS,
                    "request_id was already used with a different batch",
                    "REQUEST_ID_REUSED",
                ),
            )
        except EntryRequestIdsInUse as exc:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.ALREADY_EXISTS,
                    "entry request ids were already used by other reports",
                    "REQUEST_ID_REUSED",
                    {"fields": ",".join(f"entries[{i}].request_id" for i in exc.indexes)},
                ),
            )
        audited_batch_id.set(batch.batch_id)
        if created:
            metrics.REPORTS_CREATED.inc(len(batch.report_ids))
            await self._enqueue_many([uuid.UUID(r) for r in batch.report_ids])
        log.info(
            "batch created" if created else "batch found by request_id",
            extra={"batch_id": batch.batch_id, "reports": len(batch.report_ids)},
        )
        return batch

    async def GetBatch(
        self, request: reports_pb2.GetBatchRequest, context: Context
    ) -> reports_pb2.Batch:
        batch_id = await self._batch_id(request.batch_id, context)
        batch = await self.store.get_batch(tenant(), batch_id)
        if batch is None:
            await self._batch_not_found(batch_id, context)
        return batch

    async def WatchBatch(
        self, request: reports_pb2.WatchBatchRequest, context: Context
    ) -> AsyncIterator[reports_pb2.WatchBatchResponse]:
        """WatchReport's contract for the batch's aggregate: every version after
        `after_version`, each once and in order, until every report is terminal."""
        batch_id = await self._batch_id(request.batch_id, context)
        if request.after_version < 0:
            await errors.abort(
                context,
                errors.bad_request(
                    "after_version is invalid",
                    [fhir.Violation("after_version", "out_of_range: must be 0 or more")],
                ),
            )
        caller = tenant()
        await self._admit_stream(caller, context)
        self.open_streams[caller] += 1
        # Subscribe before the first read, so a change committed in between still wakes us.
        subscription = self.hub.subscribe(batch_key(batch_id))
        metrics.WATCH_STREAMS.inc()
        try:
            current = await self.store.latest_batch_event(caller, batch_id)
            if current is None:
                await self._batch_not_found(batch_id, context)
            last = request.after_version
            if last > current.version:
                await errors.abort(
                    context,
                    errors.error_info(
                        code_pb2.OUT_OF_RANGE,
                        "after_version is beyond the batch's current version",
                        "VERSION_OUT_OF_RANGE",
                        {"current_version": str(current.version)},
                    ),
                )
            if last == 0:
                yield reports_pb2.WatchBatchResponse(batch=current)
                last = current.version
            if last == current.version and current.done:
                return
            while True:
                subscription.changed.clear()
                for batch in await self.store.batch_events_after(caller, batch_id, last):
                    yield reports_pb2.WatchBatchResponse(batch=batch)
                    last = batch.version
                    if batch.done:
                        return
                await subscription.changed.wait()
        finally:
            metrics.WATCH_STREAMS.dec()
            self.hub.unsubscribe(subscription)
            self.open_streams[caller] -= 1

    async def _admit_stream(self, caller: str, context: Context) -> None:
        if self.open_streams[caller] >= self.limits.max_watch_streams_per_tenant:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.RESOURCE_EXHAUSTED,
                    "too many open watch streams for this tenant",
                    "WATCH_STREAMS_EXCEEDED",
                    {"limit": str(self.limits.max_watch_streams_per_tenant)},
                    retry_after_seconds=5.0,
                ),
            )

    async def _enqueue_many(self, report_ids: list[uuid.UUID]) -> None:
        """Send a batch's messages after commit (its rows were stored marked as sent);
        those not sent go back to the outbox for the reconciler."""
        sent = await asyncio.to_thread(self._send_all, report_ids)
        if len(sent) < len(report_ids):
            await self.store.unmark_enqueued(report_ids[len(sent) :])

    def _send_all(self, report_ids: list[uuid.UUID]) -> list[uuid.UUID]:
        sent: list[uuid.UUID] = []
        for report_id in report_ids:
            try:
                queue.enqueue_report(self.broker, self.queue_name, str(report_id))
            except Exception as error:
                log.warning(
                    "enqueue failed; left to the reconciler",
                    extra={"reports": len(report_ids) - len(sent), "error": type(error).__name__},
                )
                break
            sent.append(report_id)
        return sent

    @staticmethod
    async def _batch_id(value: str, context: Context) -> uuid.UUID:
        batch_id = parse_report_id(value)
        if batch_id is None:
            await errors.abort(
                context,
                errors.bad_request(
                    "batch_id is invalid",
                    [fhir.Violation("batch_id", "invalid_format: expected a UUID")],
                ),
            )
        audited_batch_id.set(str(batch_id))
        return batch_id

    @staticmethod
    async def _batch_not_found(batch_id: uuid.UUID, context: Context) -> NoReturn:
        await errors.abort(
            context,
            errors.error_info(
                code_pb2.NOT_FOUND,
                "batch not found",
                "BATCH_NOT_FOUND",
                {"batch_id": str(batch_id)},
            ),
        )

    # --- admin: the dead letters ---------------------------------------------

    async def ListFailedReports(
        self, request: reports_pb2.ListFailedReportsRequest, context: Context
    ) -> reports_pb2.ListFailedReportsResponse:
        binding = "failed:" + request.filter.SerializeToString(deterministic=True).hex()
        page_size, after = await self._page(request.page_size, request.page_token, binding, context)
        reports, cursor = await self.store.list_failed(
            tenant(), failed_filter(request.filter), page_size, after
        )
        return reports_pb2.ListFailedReportsResponse(
            reports=reports, next_page_token=self._next_token(cursor, binding)
        )

    async def GetReportByEncounter(
        self, request: reports_pb2.GetReportByEncounterRequest, context: Context
    ) -> reports_pb2.Report:
        if not request.encounter_id or len(request.encounter_id) > MAX_ID_CHARS:
            await errors.abort(
                context,
                errors.bad_request(
                    "encounter_id is invalid",
                    [fhir.Violation("encounter_id", f"invalid: 1 to {MAX_ID_CHARS} characters")],
                ),
            )
        report = await self.store.get_report_by_encounter(tenant(), request.encounter_id)
        if report is None:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.NOT_FOUND, "no report for this encounter", "ENCOUNTER_NOT_FOUND"
                ),
            )
        return report

    async def ListReports(
        self, request: reports_pb2.ListReportsRequest, context: Context
    ) -> reports_pb2.ListReportsResponse:
        filters = reports_pb2.ListReportsRequest()
        filters.CopyFrom(request)
        filters.ClearField("page_size")
        filters.ClearField("page_token")
        binding = "reports:" + filters.SerializeToString(deterministic=True).hex()
        page_size, after = await self._page(request.page_size, request.page_token, binding, context)
        if request.state not in reports_pb2.ReportState.values():
            await errors.abort(
                context,
                errors.bad_request(
                    "state is invalid", [fhir.Violation("state", "invalid_value: unknown state")]
                ),
            )
        batch_id = None
        if request.batch_id:
            batch_id = await self._batch_id(request.batch_id, context)
        report_filter = ReportFilter(
            state=request.state,
            encounter_id=request.encounter_id,
            created_after=request.create_time_after.ToDatetime(UTC)
            if request.HasField("create_time_after")
            else None,
            created_before=request.create_time_before.ToDatetime(UTC)
            if request.HasField("create_time_before")
            else None,
            batch_id=batch_id,
        )
        reports, cursor = await self.store.list_reports(tenant(), report_filter, page_size, after)
        return reports_pb2.ListReportsResponse(
            reports=reports, next_page_token=self._next_token(cursor, binding)
        )

    async def DeleteReport(
        self, request: reports_pb2.DeleteReportRequest, context: Context
    ) -> reports_pb2.DeleteReportResponse:
        report_id = await self._report_id(request.report_id, context)
        if not await self.store.delete_report(tenant(), report_id):
            await self._not_found(report_id, context)
        log.info("report deleted", extra={"report_id": str(report_id)})
        return reports_pb2.DeleteReportResponse()

    async def GetSystemStatus(
        self, request: reports_pb2.GetSystemStatusRequest, context: Context
    ) -> reports_pb2.GetSystemStatusResponse:
        queue_depth, live_workers = await asyncio.to_thread(self._queue_figures)
        counts = await self.store.state_counts(tenant())
        stats = await self.store.failure_statistics(tenant(), 3600)
        return reports_pb2.GetSystemStatusResponse(
            queue_depth=queue_depth,
            pending_count=counts.get(reports_pb2.REPORT_STATE_PENDING, 0),
            processing_count=counts.get(reports_pb2.REPORT_STATE_PROCESSING, 0),
            live_workers=live_workers,
            completed_last_hour=stats.completed,
            failed_last_hour=stats.failed,
            failure_rate_last_hour=stats.failure_rate,
        )

    def _queue_figures(self) -> tuple[int, int]:
        client = self.broker.client
        waiting = client.llen(f"dramatiq:{self.queue_name}")
        delayed = client.llen(f"dramatiq:{self.queue_name}.DQ")
        workers = sum(1 for _ in client.scan_iter(match=f"{WORKER_KEY_PREFIX}*", count=100))
        return int(waiting) + int(delayed), workers

    async def _page(
        self, page_size: int, page_token: str, binding: str, context: Context
    ) -> tuple[int, tuple[datetime, uuid.UUID] | None]:
        """AIP-158: 0 means the default, larger than the maximum is capped; a token must
        be one this service issued to this tenant for these filters."""
        if page_size < 0:
            await errors.abort(
                context,
                errors.bad_request(
                    "page_size is invalid",
                    [fhir.Violation("page_size", "out_of_range: must be 0 or more")],
                ),
            )
        after = None
        if page_token:
            after = self.page_tokens.decode(page_token, f"{tenant()}|{binding}")
            if after is None:
                await errors.abort(
                    context,
                    errors.bad_request(
                        "page_token is invalid",
                        [
                            fhir.Violation(
                                "page_token", "invalid: not a token issued for this query"
                            )
                        ],
                    ),
                )
        return min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE), after

    def _next_token(self, cursor: tuple[datetime, uuid.UUID] | None, binding: str) -> str:
        return self.page_tokens.encode(cursor, f"{tenant()}|{binding}") if cursor else ""

    async def RetryReport(
        self, request: reports_pb2.RetryReportRequest, context: Context
    ) -> reports_pb2.Report:
        report_id = await self._report_id(request.report_id, context)
        retried = await self.store.retry_failed(tenant(), report_id)
        if retried is None:
            current = await self.store.get_report(tenant(), report_id)
            if current is None:
                await self._not_found(report_id, context)
            if current.state == reports_pb2.REPORT_STATE_FAILED and current.HasField("purge_time"):
                await errors.abort(
                    context,
                    errors.error_info(
                        code_pb2.FAILED_PRECONDITION,
                        "the report's bundle was purged by the retention policy: submit it again",
                        "REPORT_PURGED",
                        {"state": reports_pb2.ReportState.Name(current.state)},
                    ),
                )
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.FAILED_PRECONDITION,
                    "only a FAILED report can be retried",
                    "REPORT_NOT_FAILED",
                    {"state": reports_pb2.ReportState.Name(current.state)},
                ),
            )
        await self._enqueue(report_id)
        log.info("report retried", extra={"report_id": str(report_id)})
        return retried

    async def BulkRetryFailedReports(
        self, request: reports_pb2.BulkRetryFailedReportsRequest, context: Context
    ) -> reports_pb2.BulkRetryFailedReportsResponse:
        requeued = 0
        for report_id in await self.store.failed_ids(tenant(), failed_filter(request.filter)):
            # One by one: a report another call retried meanwhile is simply not counted.
            if await self.store.retry_failed(tenant(), report_id) is not None:
                await self._enqueue(report_id)
                requeued += 1
        log.info("bulk retry", extra={"count": requeued})
        return reports_pb2.BulkRetryFailedReportsResponse(requeued_count=requeued)

    async def GetFailureStatistics(
        self, request: reports_pb2.GetFailureStatisticsRequest, context: Context
    ) -> reports_pb2.GetFailureStatisticsResponse:
        if request.window_seconds < 0:
            await errors.abort(
                context,
                errors.bad_request(
                    "window_seconds is invalid",
                    [fhir.Violation("window_seconds", "out_of_range: must be 0 or more")],
                ),
            )
        window = request.window_seconds or 3600
        stats = await self.store.failure_statistics(tenant(), window)
        return reports_pb2.GetFailureStatisticsResponse(
            window_seconds=window,
            completed_count=stats.completed,
            failed_count=stats.failed,
            cancelled_count=stats.cancelled,
            failure_rate=stats.failure_rate,
            retry_success_rate=stats.retry_success_rate,
            failures_by_step=stats.by_step,
            failures_by_code={
                code_pb2.Code.Name(code) if code in code_pb2.Code.values() else str(code): n
                for code, n in stats.by_code.items()
            },
        )

    async def _enqueue(self, report_id: uuid.UUID, marked: bool = False) -> None:
        """Send the report's queue message after commit, so a worker never sees an id it
        cannot load. If Redis is down the report stays in the outbox (enqueued_at NULL)
        and the reconciler sends it once Redis is back. `marked`: the row was stored as
        sent already (a new report), so only a failed send writes."""
        try:
            await asyncio.to_thread(
                queue.enqueue_report, self.broker, self.queue_name, str(report_id)
            )
        except Exception as error:
            log.warning(
                "enqueue failed; left to the reconciler",
                extra={"report_id": str(report_id), "error": type(error).__name__},
            )
            if marked:
                await self.store.unmark_enqueued([report_id])
            return
        if not marked:
            await self.store.mark_enqueued(report_id)

    @staticmethod
    async def _report_id(value: str, context: Context) -> uuid.UUID:
        report_id = parse_report_id(value)
        if report_id is None:
            await errors.abort(
                context,
                errors.bad_request(
                    "report_id is invalid",
                    [fhir.Violation("report_id", "invalid_format: expected a UUID")],
                ),
            )
        return report_id

    @staticmethod
    async def _not_found(report_id: uuid.UUID, context: Context) -> NoReturn:
        await errors.abort(
            context,
            errors.error_info(
                code_pb2.NOT_FOUND,
                "report not found",
                "REPORT_NOT_FOUND",
                {"report_id": str(report_id)},
            ),
        )
