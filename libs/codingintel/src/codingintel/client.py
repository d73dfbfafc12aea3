"""The async Python client of the ReportService, for other services and the CLI.

`watch` survives dropped connections: it reconnects and resumes after the last
version it has seen, so its caller sees every version once and in order.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Any, cast

import grpc

from codingintel import tls
from codingintel.grpc_server import CHANNEL_OPTIONS
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

log = logging.getLogger(__name__)

DEFAULT_ADDRESS = "127.0.0.1:50051"
TERMINAL_STATES = frozenset(
    {
        reports_pb2.REPORT_STATE_COMPLETE,
        reports_pb2.REPORT_STATE_FAILED,
        reports_pb2.REPORT_STATE_CANCELLED,
    }
)
# Codes after which a watch reconnects: the server went away or asked us to move.
RESUMABLE = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED})


def default_address() -> str:
    return os.environ.get("CODINGINTEL_ADDR", DEFAULT_ADDRESS)


class _BearerToken:
    """Adds `authorization: Bearer <token>` to a call's metadata."""

    def __init__(self, token: str) -> None:
        self.header = ("authorization", f"Bearer {token}")

    def with_token(self, details: Any) -> Any:
        return details._replace(metadata=[*(details.metadata or ()), self.header])


# grpc.aio files an interceptor under one kind only, so each kind gets its own.
class _UnaryToken(_BearerToken, grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(self.with_token(details), request)


class _StreamToken(_BearerToken, grpc.aio.UnaryStreamClientInterceptor):  # type: ignore[misc]
    async def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(self.with_token(details), request)


class ReportsClient:
    def __init__(
        self,
        address: str | None = None,
        *,
        timeout: float = 30.0,
        max_reconnects: int = 20,
        token: str | None = None,
        channel: Any = None,
    ) -> None:
        self.address = address or default_address()
        self.timeout = timeout
        self.max_reconnects = max_reconnects
        token = token if token is not None else os.environ.get("CODINGINTEL_TOKEN", "")
        interceptors = [_UnaryToken(token), _StreamToken(token)] if token else None
        # TLS when CODINGINTEL_TLS_CA_FILE (or CODINGINTEL_TLS=true) is set.
        self.channel = channel or tls.open_channel(
            self.address,
            tls.client_credentials_from_environment(),
            options=CHANNEL_OPTIONS,
            interceptors=interceptors,
        )
        self.stub = reports_pb2_grpc.ReportServiceStub(self.channel)

    async def __aenter__(self) -> ReportsClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self.channel.close(grace=None)

    async def create(self, fhir_bundle: bytes, request_id: str = "") -> reports_pb2.Report:
        report: reports_pb2.Report = await self.stub.CreateReport(
            reports_pb2.CreateReportRequest(request_id=request_id, fhir_bundle=fhir_bundle),
            timeout=self.timeout,
            wait_for_ready=True,
        )
        return report

    async def get(self, report_id: str) -> reports_pb2.Report:
        report: reports_pb2.Report = await self.stub.GetReport(
            reports_pb2.GetReportRequest(report_id=report_id),
            timeout=self.timeout,
            wait_for_ready=True,
        )
        return report

    async def watch(
        self, report_id: str, after_version: int = 0
    ) -> AsyncIterator[reports_pb2.Report]:
        """Each version after `after_version` until a terminal one, resuming after drops."""
        last = after_version
        failures = 0
        while True:
            call = self.stub.WatchReport(
                reports_pb2.WatchReportRequest(report_id=report_id, after_version=last),
                wait_for_ready=True,
            )
            try:
                async for response in call:
                    report = response.report
                    if report.version <= last:
                        continue  # never hand the caller a version twice
                    last = report.version
                    failures = 0
                    yield report
                return
            except grpc.aio.AioRpcError as exc:
                if exc.code() not in RESUMABLE or failures >= self.max_reconnects:
                    raise
                failures += 1
                delay = min(5.0, 0.05 * 2**failures) * (0.5 + random.random() / 2)
                log.info(
                    "watch dropped; resuming", extra={"report_id": report_id, "after_version": last}
                )
                await asyncio.sleep(delay)
            finally:
                call.cancel()

    async def cancel(self, report_id: str) -> reports_pb2.Report:
        return cast(
            reports_pb2.Report,
            await self._call(
                self.stub.CancelReport, reports_pb2.CancelReportRequest(report_id=report_id)
            ),
        )

    async def delete(self, report_id: str) -> None:
        await self._call(
            self.stub.DeleteReport, reports_pb2.DeleteReportRequest(report_id=report_id)
        )

    async def get_by_encounter(self, encounter_id: str) -> reports_pb2.Report:
        return cast(
            reports_pb2.Report,
            await self._call(
                self.stub.GetReportByEncounter,
                reports_pb2.GetReportByEncounterRequest(encounter_id=encounter_id),
            ),
        )

    async def list(
        self, request: reports_pb2.ListReportsRequest
    ) -> reports_pb2.ListReportsResponse:
        return cast(
            reports_pb2.ListReportsResponse, await self._call(self.stub.ListReports, request)
        )

    async def list_failed(
        self, request: reports_pb2.ListFailedReportsRequest
    ) -> reports_pb2.ListFailedReportsResponse:
        return cast(
            reports_pb2.ListFailedReportsResponse,
            await self._call(self.stub.ListFailedReports, request),
        )

    async def retry(self, report_id: str) -> reports_pb2.Report:
        return cast(
            reports_pb2.Report,
            await self._call(
                self.stub.RetryReport, reports_pb2.RetryReportRequest(report_id=report_id)
            ),
        )

    async def bulk_retry(
        self, report_filter: reports_pb2.FailedReportFilter
    ) -> reports_pb2.BulkRetryFailedReportsResponse:
        return cast(
            reports_pb2.BulkRetryFailedReportsResponse,
            await self._call(
                self.stub.BulkRetryFailedReports,
                reports_pb2.BulkRetryFailedReportsRequest(filter=report_filter),
            ),
        )

    async def failure_statistics(
        self, window_seconds: int = 0
    ) -> reports_pb2.GetFailureStatisticsResponse:
        return cast(
            reports_pb2.GetFailureStatisticsResponse,
            await self._call(
                self.stub.GetFailureStatistics,
                reports_pb2.GetFailureStatisticsRequest(window_seconds=window_seconds),
            ),
        )

    async def system_status(self) -> reports_pb2.GetSystemStatusResponse:
        return cast(
            reports_pb2.GetSystemStatusResponse,
            await self._call(self.stub.GetSystemStatus, reports_pb2.GetSystemStatusRequest()),
        )

    async def _call(self, method: Any, request: Any) -> Any:
        return await method(request, timeout=self.timeout, wait_for_ready=True)

    async def wait(self, report_id: str) -> reports_pb2.Report:
        """Block until the report is terminal; answers its final state."""
        async for report in self.watch(report_id):
            if report.state in TERMINAL_STATES:
                return report
        # The stream ended without a terminal version: it was already terminal.
        return await self.get(report_id)

    # --- batches -------------------------------------------------------------

    async def create_batch(
        self, entries: Sequence[reports_pb2.CreateReportRequest], request_id: str = ""
    ) -> reports_pb2.Batch:
        """Submit encounters as one batch (all or nothing); answers the batch with its
        report ids in entry order."""
        return cast(
            reports_pb2.Batch,
            await self._call(
                self.stub.CreateBatch,
                reports_pb2.CreateBatchRequest(request_id=request_id, entries=entries),
            ),
        )

    async def get_batch(self, batch_id: str) -> reports_pb2.Batch:
        return cast(
            reports_pb2.Batch,
            await self._call(self.stub.GetBatch, reports_pb2.GetBatchRequest(batch_id=batch_id)),
        )

    async def watch_batch(
        self, batch_id: str, after_version: int = 0
    ) -> AsyncIterator[reports_pb2.Batch]:
        """Each aggregate after `after_version` until the batch is done, resuming after
        drops from the last version seen."""
        last = after_version
        failures = 0
        while True:
            call = self.stub.WatchBatch(
                reports_pb2.WatchBatchRequest(batch_id=batch_id, after_version=last),
                wait_for_ready=True,
            )
            try:
                async for response in call:
                    batch = response.batch
                    if batch.version <= last:
                        continue  # never hand the caller a version twice
                    last = batch.version
                    failures = 0
                    yield batch
                return
            except grpc.aio.AioRpcError as exc:
                if exc.code() not in RESUMABLE or failures >= self.max_reconnects:
                    raise
                failures += 1
                delay = min(5.0, 0.05 * 2**failures) * (0.5 + random.random() / 2)
                log.info(
                    "batch watch dropped; resuming",
                    extra={"batch_id": batch_id, "after_version": last},
                )
                await asyncio.sleep(delay)
            finally:
                call.cancel()

    async def wait_batch(self, batch_id: str) -> reports_pb2.Batch:
        """Block until every report of the batch is terminal; answers the final
        aggregate, with its report ids."""
        # Read to the stream's end (the server ends it right after the batch is done),
        # so the call finishes OK rather than cancelled.
        async for _ in self.watch_batch(batch_id):
            pass
        return await self.get_batch(batch_id)
