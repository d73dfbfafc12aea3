"""CodingService: clinical filtering, ICD-10-CM and SNOMED CT inference."""

from __future__ import annotations

from codingintel.coding.v1 import coding_pb2, coding_pb2_grpc
from codingintel.grpc_server import Context

from . import filtering, inference


class CodingService(coding_pb2_grpc.CodingServiceServicer):
    async def FilterClinicalText(
        self, request: coding_pb2.FilterClinicalTextRequest, context: Context
    ) -> coding_pb2.FilterClinicalTextResponse:
        return coding_pb2.FilterClinicalTextResponse(
            notes=[filtering.filter_note(text) for text in request.texts],
            backend=filtering.BACKEND_NAME,
        )

    async def InferIcd10Codes(
        self, request: coding_pb2.InferIcd10CodesRequest, context: Context
    ) -> coding_pb2.InferIcd10CodesResponse:
        return coding_pb2.InferIcd10CodesResponse(
            codes=inference.infer_icd10(request.notes, request.codings),
            backend=inference.BACKEND_NAME,
        )

    async def InferSnomedCodes(
        self, request: coding_pb2.InferSnomedCodesRequest, context: Context
    ) -> coding_pb2.InferSnomedCodesResponse:
        return coding_pb2.InferSnomedCodesResponse(
            codes=inference.infer_snomed(request.notes, request.codings),
            backend=inference.BACKEND_NAME,
        )
