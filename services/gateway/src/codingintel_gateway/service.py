"""ReportService: validate, store, enqueue, answer."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import AsyncIterator
from typing import NoReturn

from dramatiq.brokers.redis import RedisBroker
from google.rpc import code_pb2

from codingintel import errors, fhir, queue
from codingintel.grpc_server import Context
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc
from codingintel.store import (
    DEFAULT_TENANT,
    TERMINAL_STATES,
    ReportStore,
    RequestIdConflict,
    parse_report_id,
)

from .events import EventHub

log = logging.getLogger(__name__)

MAX_REQUEST_ID_CHARS = 128


class ReportService(reports_pb2_grpc.ReportServiceServicer):
    def __init__(
        self,
        store: ReportStore,
        hub: EventHub,
        broker: RedisBroker,
        queue_name: str,
        max_bundle_bytes: int,
    ) -> None:
        self.store = store
        self.hub = hub
        self.broker = broker
        self.queue_name = queue_name
        self.max_bundle_bytes = max_bundle_bytes

    async def CreateReport(
        self, request: reports_pb2.CreateReportRequest, context: Context
    ) -> reports_pb2.Report:
        violations: list[fhir.Violation] = []
        if len(request.request_id) > MAX_REQUEST_ID_CHARS:
            violations.append(
                fhir.Violation("request_id", f"too_long: at most {MAX_REQUEST_ID_CHARS} characters")
            )
        encounter = None
        try:
            encounter = fhir.parse_encounter(request.fhir_bundle, self.max_bundle_bytes)
        except fhir.BundleInvalid as exc:
            violations.extend(exc.violations)
        if violations or encounter is None:
            log.info("bundle rejected", extra={"violations": len(violations)})
            await errors.abort(context, errors.bad_request("the request is invalid", violations))

        try:
            report, created = await self.store.create_report(
                tenant_id=DEFAULT_TENANT,
                request_id=request.request_id or None,
                bundle=request.fhir_bundle,
                bundle_sha256=hashlib.sha256(request.fhir_bundle).digest(),
                encounter_id=encounter.encounter_id,
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
            # After commit, so a worker never sees an id it cannot load. A lost
            # enqueue leaves the report PENDING for the reconciler, not lost.
            try:
                await asyncio.to_thread(
                    queue.enqueue_report, self.broker, self.queue_name, report.report_id
                )
            except Exception:
                log.exception("enqueue failed", extra={"report_id": report.report_id})
        log.info(
            "report created" if created else "report found by request_id",
            extra={"report_id": report.report_id},
        )
        return report

    async def GetReport(
        self, request: reports_pb2.GetReportRequest, context: Context
    ) -> reports_pb2.Report:
        report_id = await self._report_id(request.report_id, context)
        report = await self.store.get_report(DEFAULT_TENANT, report_id)
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
        # Subscribe before the first read, so a change committed in between still wakes us.
        subscription = self.hub.subscribe(str(report_id))
        try:
            current = await self.store.get_report(DEFAULT_TENANT, report_id)
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
                for report in await self.store.events_after(DEFAULT_TENANT, report_id, last):
                    yield reports_pb2.WatchReportResponse(report=report)
                    last = report.version
                    if report.state in TERMINAL_STATES:
                        return
                await subscription.changed.wait()
        finally:
            self.hub.unsubscribe(subscription)

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
