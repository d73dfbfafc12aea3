"""Authentication, authorization and audit for every ReportService call.

Bearer tokens are checked against a JSON file of SHA-256 hashes (the tokens themselves
are never stored): {"tokens": [{"sha256": "<hex>", "tenant": "acme",
"scopes": ["reports"], "name": "billing-service"}]}. Scope `reports` opens the report
methods, `admin` the admin methods. Health and reflection stay open.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.rpc import code_pb2

from codingintel import errors

log = logging.getLogger(__name__)

REPORTS_SCOPE = "reports"
ADMIN_SCOPE = "admin"
ADMIN_METHODS = frozenset(
    {
        "ListFailedReports",
        "RetryReport",
        "BulkRetryFailedReports",
        "GetFailureStatistics",
        "GetSystemStatus",
    }
)
OPEN_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")
DEFAULT_TENANT = "default"


@dataclass(frozen=True)
class Principal:
    tenant: str
    name: str
    scopes: frozenset[str]


UNKNOWN_CALLER = Principal("", "unauthenticated", frozenset())
ANONYMOUS = Principal(DEFAULT_TENANT, "anonymous", frozenset({REPORTS_SCOPE, ADMIN_SCOPE}))
current_principal: contextvars.ContextVar[Principal] = contextvars.ContextVar(
    "principal", default=ANONYMOUS
)


class TokenFileError(Exception):
    pass


class TokenStore:
    def __init__(self, principals_by_hash: dict[str, Principal]) -> None:
        self.principals_by_hash = principals_by_hash

    @classmethod
    def load(cls, path: Path) -> TokenStore:
        try:
            data = json.loads(path.read_text())
            entries = data["tokens"]
            principals = {}
            for index, entry in enumerate(entries):
                digest = str(entry["sha256"]).lower()
                if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                    raise TokenFileError(f"tokens[{index}].sha256 is not a hex SHA-256")
                scopes = frozenset(str(s) for s in entry.get("scopes", [REPORTS_SCOPE]))
                principals[digest] = Principal(
                    str(entry["tenant"]), str(entry.get("name", "")), scopes
                )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TokenFileError(f"cannot read the token file: {type(exc).__name__}") from None
        return cls(principals)

    def authenticate(self, token: str) -> Principal | None:
        return self.principals_by_hash.get(hashlib.sha256(token.encode()).hexdigest())


Auditor = Callable[[Principal, str, str, str], Awaitable[None]]


class AuthInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Checks the bearer token and scope, sets the caller for the handler, and audits
    every call (tenant, principal, method, report id, status code)."""

    def __init__(self, tokens: TokenStore | None, audit: Auditor) -> None:
        self.tokens = tokens  # None: authentication is disabled (development only)
        self.audit = audit

    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: Any
    ) -> Any:
        handler = await continuation(details)
        if handler is None or details.method.startswith(OPEN_PREFIXES):
            return handler
        method = details.method.rsplit("/", 1)[-1]
        needed = ADMIN_SCOPE if method in ADMIN_METHODS else REPORTS_SCOPE

        async def admit(request: Any, context: Any) -> Principal:
            """The caller, or the call is refused (and the refusal audited)."""
            if self.tokens is None:
                return ANONYMOUS
            metadata = dict(context.invocation_metadata() or ())
            header = str(metadata.get("authorization", ""))
            scheme, _, token = header.partition(" ")
            principal = (
                self.tokens.authenticate(token.strip()) if scheme.lower() == "bearer" else None
            )
            if principal is None:
                await self._audit(UNKNOWN_CALLER, method, request, "UNAUTHENTICATED")
                await errors.abort(
                    context,
                    errors.error_info(
                        code_pb2.UNAUTHENTICATED,
                        "a valid bearer token is required",
                        "UNAUTHENTICATED",
                    ),
                )
            if needed not in principal.scopes:
                await self._audit(principal, method, request, "PERMISSION_DENIED")
                await errors.abort(
                    context,
                    errors.error_info(
                        code_pb2.PERMISSION_DENIED,
                        f"the token lacks the {needed} scope",
                        "MISSING_SCOPE",
                        {"scope": needed},
                    ),
                )
            return principal

        async def record(principal: Principal, request: Any, context: Any, failed: bool) -> None:
            code = context.code() if failed else grpc.StatusCode.OK
            code_name = code.name if isinstance(code, grpc.StatusCode) else "UNKNOWN"
            await self._audit(principal, method, request, code_name)

        if handler.unary_unary is not None:
            unary = handler.unary_unary

            async def guarded_unary(request: Any, context: Any) -> Any:
                principal = await admit(request, context)
                current_principal.set(principal)
                failed = True
                try:
                    response = await unary(request, context)
                    failed = False
                    return response
                finally:
                    await record(principal, request, context, failed)

            return grpc.unary_unary_rpc_method_handler(
                guarded_unary,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            stream = handler.unary_stream

            async def guarded_stream(request: Any, context: Any) -> AsyncIterator[Any]:
                principal = await admit(request, context)
                current_principal.set(principal)
                failed = True
                try:
                    async for response in stream(request, context):
                        yield response
                    failed = False
                finally:
                    await record(principal, request, context, failed)

            return grpc.unary_stream_rpc_method_handler(
                guarded_stream,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler

    async def _audit(self, principal: Principal, method: str, request: Any, code: str) -> None:
        resource = str(getattr(request, "report_id", "") or "")
        try:
            await self.audit(principal, method, resource, code)
        except Exception as exc:  # an audit outage must not hide the call's own outcome
            log.warning("audit not written", extra={"error": type(exc).__name__})


def tenant() -> str:
    return current_principal.get().tenant
