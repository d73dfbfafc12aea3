"""PhiService: de-identify each note with the configured backend."""

from __future__ import annotations

import logging

from codingintel.grpc_server import Context
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc
from codingintel.reports.v1 import reports_pb2

from . import deid

log = logging.getLogger(__name__)


class PhiService(phi_pb2_grpc.PhiServiceServicer):
    async def Deidentify(
        self, request: phi_pb2.DeidentifyRequest, context: Context
    ) -> phi_pb2.DeidentifyResponse:
        known = [(k.type, k.value) for k in request.known_identifiers]
        response = phi_pb2.DeidentifyResponse(backend=deid.BACKEND_NAME)
        for note in request.notes:
            result = deid.deidentify(note.text, known)
            response.notes.append(
                reports_pb2.DeidentifiedNote(
                    source=note.source,
                    text=result.text,
                    phi_entities=[
                        reports_pb2.PhiEntity(
                            type=e.type,
                            original_start=e.original_start,
                            original_end=e.original_end,
                            start=e.start,
                            end=e.end,
                        )
                        for e in result.entities
                    ],
                )
            )
        log.info(
            "deidentified",
            extra={
                "notes": len(request.notes),
                "entities": sum(len(n.phi_entities) for n in response.notes),
            },
        )
        return response
