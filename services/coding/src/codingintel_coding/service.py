"""CodingService: clinical filtering, ICD-10-CM and SNOMED CT inference."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from codingintel import external, ratelimit
from codingintel.coding.v1 import coding_pb2, coding_pb2_grpc
from codingintel.grpc_server import Context
from codingintel.reports.v1 import reports_pb2

from . import filtering
from .backends import Backend, EmbeddedBackend

log = logging.getLogger(__name__)

# Kept back from the caller's deadline for answering.
DEADLINE_MARGIN_SECONDS = 1.0


class CodingService(coding_pb2_grpc.CodingServiceServicer):
    def __init__(self, backend: Backend | None = None) -> None:
        self.backend: Backend = backend or EmbeddedBackend()

    async def FilterClinicalText(
        self, request: coding_pb2.FilterClinicalTextRequest, context: Context
    ) -> coding_pb2.FilterClinicalTextResponse:
        return coding_pb2.FilterClinicalTextResponse(
            notes=[filtering.filter_note(text) for text in request.texts],
            backend=filtering.BACKEND_NAME,
        )

    async def _codes(
        self, step: str, call: Awaitable[list[reports_pb2.CodeSuggestion]], context: Context
    ) -> list[reports_pb2.CodeSuggestion]:
        try:
            codes = await call
        except external.ExternalError as exc:
            log.warning(
                "inference failed",
                extra={
                    "backend": self.backend.name,
                    "step": step,
                    "grpc_code": exc.code.name,
                    "reason": exc.reason,
                },
            )
            await external.abort(context, exc)
        log.info(
            "inferred", extra={"backend": self.backend.name, "step": step, "codes": len(codes)}
        )
        return codes

    @staticmethod
    def _budget(context: Context) -> None:
        remaining = context.time_remaining()
        ratelimit.set_budget(None if remaining is None else remaining - DEADLINE_MARGIN_SECONDS)

    async def InferIcd10Codes(
        self, request: coding_pb2.InferIcd10CodesRequest, context: Context
    ) -> coding_pb2.InferIcd10CodesResponse:
        self._budget(context)
        codes = await self._codes(
            "icd10", self.backend.infer_icd10(request.notes, request.codings), context
        )
        return coding_pb2.InferIcd10CodesResponse(codes=codes, backend=self.backend.name)

    async def InferSnomedCodes(
        self, request: coding_pb2.InferSnomedCodesRequest, context: Context
    ) -> coding_pb2.InferSnomedCodesResponse:
        self._budget(context)
        codes = await self._codes(
            "snomed", self.backend.infer_snomed(request.notes, request.codings), context
        )
        return coding_pb2.InferSnomedCodesResponse(codes=codes, backend=self.backend.name)
