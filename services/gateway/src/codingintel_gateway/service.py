"""ReportService: validate, store, enqueue, answer."""

from __future__ import annotations

import asyncio
import hashlib
import logging

from dramatiq.brokers.redis import RedisBroker
from google.rpc import code_pb2

from codingintel import errors, fhir, queue
from codingintel.grpc_server import Context
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc
from codingintel.store import DEFAULT_TENANT, ReportStore, RequestIdConflict, parse_report_id

log = logging.getLogger(__name__)

MAX_REQUEST_ID_CHARS = 128


class ReportService(reports_pb2_grpc.ReportServiceServicer):
    def __init__(
        self, store: ReportStore, broker: RedisBroker, queue_name: str, max_bundle_bytes: int
    ) -> None:
        self.store = store
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
            raise AssertionError("unreachable")

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
            raise AssertionError("unreachable") from None
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
        report_id = parse_report_id(request.report_id)
        if report_id is None:
            await errors.abort(
                context,
                errors.bad_request(
                    "report_id is invalid",
                    [fhir.Violation("report_id", "invalid_format: expected a UUID")],
                ),
            )
            raise AssertionError("unreachable")
        report = await self.store.get_report(DEFAULT_TENANT, report_id)
        if report is None:
            await errors.abort(
                context,
                errors.error_info(
                    code_pb2.NOT_FOUND,
                    "report not found",
                    "REPORT_NOT_FOUND",
                    {"report_id": str(report_id)},
                ),
            )
            raise AssertionError("unreachable")
        return report
