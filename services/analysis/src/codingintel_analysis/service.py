"""AnalysisService: the coding analysis, then the documentation-quality analysis."""

from __future__ import annotations

from codingintel.analysis.v1 import analysis_pb2, analysis_pb2_grpc
from codingintel.grpc_server import Context

from . import rules


class AnalysisService(analysis_pb2_grpc.AnalysisServiceServicer):
    async def AnalyzeCoding(
        self, request: analysis_pb2.AnalyzeCodingRequest, context: Context
    ) -> analysis_pb2.AnalyzeCodingResponse:
        return analysis_pb2.AnalyzeCodingResponse(
            analysis=rules.analyze_coding(
                request.note_texts, request.icd10_codes, request.snomed_codes
            ),
            backend=rules.BACKEND_NAME,
        )

    async def AnalyzeQuality(
        self, request: analysis_pb2.AnalyzeQualityRequest, context: Context
    ) -> analysis_pb2.AnalyzeQualityResponse:
        return analysis_pb2.AnalyzeQualityResponse(
            analysis=rules.analyze_quality(
                request.note_texts, request.icd10_codes, request.coding_analysis
            ),
            backend=rules.BACKEND_NAME,
        )
