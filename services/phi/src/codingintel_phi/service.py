"""PhiService: de-identify each note with the configured backend."""

from __future__ import annotations

import logging

from codingintel import external, ratelimit
from codingintel.grpc_server import Context
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc

from .backends import Backend, EmbeddedBackend

log = logging.getLogger(__name__)

# Kept back from the caller's deadline for answering.
DEADLINE_MARGIN_SECONDS = 1.0


class PhiService(phi_pb2_grpc.PhiServiceServicer):
    def __init__(self, backend: Backend | None = None) -> None:
        self.backend: Backend = backend or EmbeddedBackend()

    async def Deidentify(
        self, request: phi_pb2.DeidentifyRequest, context: Context
    ) -> phi_pb2.DeidentifyResponse:
        remaining = context.time_remaining()
        ratelimit.set_budget(None if remaining is None else remaining - DEADLINE_MARGIN_SECONDS)
        known = [(k.type, k.value) for k in request.known_identifiers]
        try:
            notes = await self.backend.deidentify(request.notes, known)
        except external.ExternalError as exc:
            log.warning(
                "deidentify failed",
                extra={
                    "backend": self.backend.name,
                    "notes": len(request.notes),
                    "grpc_code": exc.code.name,
                    "reason": exc.reason,
                },
            )
            await external.abort(context, exc)
        response = phi_pb2.DeidentifyResponse(notes=notes, backend=self.backend.name)
        log.info(
            "deidentified",
            extra={
                "backend": self.backend.name,
                "notes": len(request.notes),
                "entities": sum(len(n.phi_entities) for n in response.notes),
            },
        )
        return response
