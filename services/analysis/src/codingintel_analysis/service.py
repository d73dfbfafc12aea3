"""AnalysisService: the coding analysis, then the documentation-quality analysis."""

from __future__ import annotations

import logging

from codingintel import external, ratelimit
from codingintel.analysis.v1 import analysis_pb2, analysis_pb2_grpc
from codingintel.grpc_server import Context

from .backends import Backend, RulesBackend

log = logging.getLogger(__name__)

# Kept back from the caller's deadline for answering.
DEADLINE_MARGIN_SECONDS = 1.0


class AnalysisService(analysis_pb2_grpc.AnalysisServiceServicer):
    def __init__(self, backend: Backend | None = None) -> None:
        self.backend: Backend = backend or RulesBackend()

    @staticmethod
    def _budget(context: Context) -> None:
        remaining = context.time_remaining()
        ratelimit.set_budget(None if remaining is None else remaining - DEADLINE_MARGIN_SECONDS)

    async def _failed(self, step: str, exc: external.ExternalError, context: Context) -> None:
        log.warning(
            "analysis failed",
            extra={
                "backend": self.backend.name,
                "step": step,
                "grpc_code": exc.code.name,
                "reason": exc.reason,
            },
        )
        await external.abort(context, exc)

    async def AnalyzeCoding(
        self, request: analysis_pb2.AnalyzeCodingRequest, context: Context
    ) -> analysis_pb2.AnalyzeCodingResponse:
        self._budget(context)
        try:
            analysis = await self.backend.analyze_coding(
                request.note_texts, request.icd10_codes, request.snomed_codes
            )
        except external.ExternalError as exc:
            await self._failed("coding", exc, context)
            raise
        return analysis_pb2.AnalyzeCodingResponse(analysis=analysis, backend=self.backend.name)

    async def AnalyzeQuality(
        self, request: analysis_pb2.AnalyzeQualityRequest, context: Context
    ) -> analysis_pb2.AnalyzeQualityResponse:
        self._budget(context)
        try:
            analysis = await self.backend.analyze_quality(
                request.note_texts, request.icd10_codes, request.coding_analysis
            )
        except external.ExternalError as exc:
            await self._failed("quality", exc, context)
            raise
        return analysis_pb2.AnalyzeQualityResponse(analysis=analysis, backend=self.backend.name)
