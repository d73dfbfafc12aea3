"""Fault injection for tests only: off unless FAULTS or FAULT_LOG is set.

FAULTS is JSON keyed by method name, e.g.
  {"AnalyzeCoding": {"fail_times": 2, "code": "UNAVAILABLE"},
   "AnalyzeQuality": {"hang": true}, "Deidentify": {"delay_ms": 200},
   "FilterClinicalText": {"crash": true}}
`fail_times` counts per report (the caller's x-codingintel-report-id metadata), so
concurrent reports each fail that many times. `reports` limits a fault to the first N
reports that call the method (every call of theirs), and `skip_reports` spares the first
N, so one run can hold reports that fail and reports that complete, e.g.
{"AnalyzeQuality": {"hang": true, "reports": 1}}.
FAULT_LOG names a file that gets one line per call
("<method>\\t<report id>\\t<unix time>"), to count calls at the backend.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

REPORT_ID_METADATA = "x-codingintel-report-id"


class FaultInjector(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    def __init__(self, faults: dict[str, dict[str, Any]], log_path: str | None) -> None:
        self.faults = faults
        self.log_path = log_path
        self.failures: Counter[tuple[str, str]] = Counter()
        # Per method, the reports that called it, in order (for `reports`/`skip_reports`).
        self.callers: dict[str, list[str]] = {}

    @classmethod
    def from_environment(cls) -> FaultInjector | None:
        faults = os.environ.get("FAULTS")
        log_path = os.environ.get("FAULT_LOG")
        if not faults and not log_path:
            return None
        return cls(json.loads(faults) if faults else {}, log_path)

    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: Any
    ) -> Any:
        handler = await continuation(details)
        method = details.method.rsplit("/", 1)[-1]
        if handler is None or handler.unary_unary is None or details.method.startswith("/grpc."):
            return handler
        inner = handler.unary_unary

        async def faulty(request: Any, context: Any) -> Any:
            report_id = dict(context.invocation_metadata() or ()).get(REPORT_ID_METADATA, "")
            if self.log_path:
                with open(self.log_path, "a") as log:  # noqa: ASYNC230 - tests only, tiny
                    log.write(f"{method}\t{report_id}\t{time.time():.6f}\n")
            fault = self.faults.get(method, {})
            if not self._applies(method, fault, report_id):
                return await inner(request, context)
            if fault.get("crash"):
                os._exit(70)
            if fault.get("delay_ms"):
                await asyncio.sleep(fault["delay_ms"] / 1000)
            if fault.get("hang"):
                await asyncio.sleep(3600)
            if self.failures[(method, report_id)] < fault.get("fail_times", 0):
                self.failures[(method, report_id)] += 1
                await context.abort(
                    grpc.StatusCode[fault.get("code", "UNAVAILABLE")], "injected fault"
                )
            return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(
            faulty,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _applies(self, method: str, fault: dict[str, Any], report_id: str) -> bool:
        limit, skip = fault.get("reports"), int(fault.get("skip_reports", 0))
        if limit is None and not skip:
            return True
        callers = self.callers.setdefault(method, [])
        if report_id not in callers:
            callers.append(report_id)
        index = callers.index(report_id)
        return index >= skip and (limit is None or index < skip + int(limit))
