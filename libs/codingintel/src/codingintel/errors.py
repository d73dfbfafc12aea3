"""Rich gRPC errors (AIP-193): google.rpc.Status with BadRequest or ErrorInfo details.

Messages here are fixed text plus identifiers; never input values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NoReturn

from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from codingintel.fhir import Violation
from codingintel.grpc_server import Context

ERROR_DOMAIN = "codingintel.io"


def bad_request(message: str, violations: Iterable[Violation]) -> status_pb2.Status:
    detail = error_details_pb2.BadRequest(
        field_violations=[
            error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
            for v in violations
        ]
    )
    return _status(code_pb2.INVALID_ARGUMENT, message, detail)


def error_info(
    code: int,
    message: str,
    reason: str,
    metadata: Mapping[str, str] | None = None,
    retry_after_seconds: float | None = None,
) -> status_pb2.Status:
    """ErrorInfo, and RetryInfo when the caller should come back after a delay."""
    detail = error_details_pb2.ErrorInfo(
        reason=reason, domain=ERROR_DOMAIN, metadata=dict(metadata or {})
    )
    status = _status(code, message, detail)
    if retry_after_seconds is not None:
        retry = error_details_pb2.RetryInfo()
        retry.retry_delay.FromMilliseconds(max(1, int(retry_after_seconds * 1000)))
        packed = any_pb2.Any()
        packed.Pack(retry)
        status.details.append(packed)
    return status


def _status(
    code: int, message: str, detail: error_details_pb2.BadRequest | error_details_pb2.ErrorInfo
) -> status_pb2.Status:
    packed = any_pb2.Any()
    packed.Pack(detail)
    return status_pb2.Status(code=code, message=message, details=[packed])


async def abort(context: Context, status: status_pb2.Status) -> NoReturn:
    """Abort the call with a rich status."""
    await context.abort_with_status(rpc_status.to_status(status))
    raise AssertionError("abort_with_status returned")
