"""Authentication, authorization and audit for every ReportService call.

Bearer tokens are checked against a JSON file of SHA-256 hashes (the tokens themselves
are never stored): {"tokens": [{"sha256": "<hex>", "tenant": "acme",
"scopes": ["reports"], "name": "billing-service"}]}. Scope `reports` opens the report
methods, `admin` the admin methods. Health and reflection stay open.

Optionally, OIDC: with CODINGINTEL_OIDC_JWKS_FILE set, a bearer token that is a JWT
(three dot-separated parts) is verified against that key set instead: RS256 or ES256
only, signed by a key of the set (by `kid`), with the configured issuer and audience,
not expired. The tenant comes from a claim (CODINGINTEL_OIDC_TENANT_CLAIM, default
`tenant`), the scopes from `scope` (space-separated) or `scp`, the principal's name from
`sub`. The file is read again when it changes, so keys can be rotated without a restart.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import jwt
from google.rpc import code_pb2
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from codingintel import errors, settings, telemetry

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


class OidcSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    # The issuer's public keys (a JWKS document); unset: no JWTs are accepted.
    codingintel_oidc_jwks_file: Path | None = None
    codingintel_oidc_issuer: str = ""
    codingintel_oidc_audience: str = ""
    codingintel_oidc_tenant_claim: str = Field("tenant", min_length=1)
    # Clock skew allowed on exp, nbf and iat.
    codingintel_oidc_leeway_seconds: float = Field(30.0, ge=0, le=300)

    @model_validator(mode="after")
    def _complete(self) -> OidcSettings:
        if self.codingintel_oidc_jwks_file is not None and not (
            self.codingintel_oidc_issuer and self.codingintel_oidc_audience
        ):
            raise ValueError(
                "CODINGINTEL_OIDC_JWKS_FILE needs CODINGINTEL_OIDC_ISSUER and"
                " CODINGINTEL_OIDC_AUDIENCE"
            )
        return self


class JwksFileError(Exception):
    pass


# The only algorithms accepted, with the key type each needs: never `none`, never an
# HMAC keyed with a public key.
JWT_ALGORITHMS = {"RS256": "RSA", "ES256": "EC"}
JWKS_CHECK_SECONDS = 10.0
UNKNOWN_KID_CHECK_SECONDS = 1.0


def load_jwks(path: Path) -> dict[str | None, jwt.PyJWK]:
    """Signing keys by kid. Keys of other types or algorithms, encryption keys and
    anything carrying private material are left out."""
    try:
        document = json.loads(path.read_bytes())
        entries = document["keys"]
        if not isinstance(entries, list):
            raise TypeError("keys")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise JwksFileError(f"cannot read the key set: {type(exc).__name__}") from None
    keys: dict[str | None, jwt.PyJWK] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig" or "d" in entry:
            continue
        kty = entry.get("kty")
        algorithm = entry.get("alg") or {"RSA": "RS256", "EC": "ES256"}.get(str(kty))
        if algorithm not in JWT_ALGORITHMS or JWT_ALGORITHMS[algorithm] != kty:
            continue
        if kty == "EC" and entry.get("crv") != "P-256":
            continue
        try:
            key = jwt.PyJWK(entry, algorithm=algorithm)
        except jwt.PyJWTError:
            continue
        keys[entry.get("kid")] = key
    if not keys:
        raise JwksFileError("the key set holds no RS256 or ES256 signing key")
    return keys


class OidcVerifier:
    """Verifies JWTs against a JWKS file and maps them to a Principal."""

    def __init__(
        self,
        jwks_file: Path,
        issuer: str,
        audience: str,
        tenant_claim: str = "tenant",
        leeway_seconds: float = 30.0,
    ) -> None:
        self.jwks_file = jwks_file
        self.issuer = issuer
        self.audience = audience
        self.tenant_claim = tenant_claim
        self.leeway = leeway_seconds
        self.mtime = 0.0
        self.keys = load_jwks(jwks_file)
        self.mtime = self._mtime()
        self.checked_at = time.monotonic()

    @classmethod
    def from_environment(cls) -> OidcVerifier | None:
        """From CODINGINTEL_OIDC_*; None when no JWKS file is configured. A bad setting
        stops the gateway with a message naming the variable."""
        config = settings.load(OidcSettings)
        if config.codingintel_oidc_jwks_file is None:
            return None
        try:
            return cls(
                config.codingintel_oidc_jwks_file,
                config.codingintel_oidc_issuer,
                config.codingintel_oidc_audience,
                config.codingintel_oidc_tenant_claim,
                config.codingintel_oidc_leeway_seconds,
            )
        except JwksFileError as exc:
            print(f"configuration error: CODINGINTEL_OIDC_JWKS_FILE: {exc}", file=sys.stderr)
            raise SystemExit(2) from None

    def _mtime(self) -> float:
        try:
            return self.jwks_file.stat().st_mtime
        except OSError:
            return self.mtime

    def _refresh(self, every: float) -> None:
        """Read the file again if it changed (checked at most every `every` seconds). A
        broken file keeps the keys already loaded."""
        now = time.monotonic()
        if now - self.checked_at < every:
            return
        self.checked_at = now
        mtime = self._mtime()
        if mtime == self.mtime:
            return
        try:
            self.keys = load_jwks(self.jwks_file)
            self.mtime = mtime
            log.info("oidc keys reloaded", extra={"keys": len(self.keys)})
        except JwksFileError as exc:
            log.warning("oidc keys not reloaded", extra={"error": str(exc)})

    def _key(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None and len(self.keys) == 1:
            return next(iter(self.keys.values()))
        return self.keys.get(kid)

    def authenticate(self, token: str) -> Principal | None:
        self._refresh(JWKS_CHECK_SECONDS)
        try:
            header = jwt.get_unverified_header(token)
            algorithm = header.get("alg")
            if algorithm not in JWT_ALGORITHMS:
                raise jwt.InvalidAlgorithmError(str(algorithm))
            kid = header.get("kid")
            key = self._key(kid)
            if key is None:
                self._refresh(UNKNOWN_KID_CHECK_SECONDS)  # a key rotated in just now
                key = self._key(kid)
            if key is None:
                raise jwt.InvalidKeyError("unknown kid")
            if key.algorithm_name != algorithm:
                raise jwt.InvalidAlgorithmError(str(algorithm))
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            # The kind of refusal only: the token and its claims stay out of the log.
            log.info("jwt refused", extra={"reason": type(exc).__name__})
            return None
        tenant = claims.get(self.tenant_claim)
        subject = claims.get("sub")
        if not isinstance(tenant, str) or not tenant or not isinstance(subject, str):
            log.info("jwt refused", extra={"reason": "MissingTenant"})
            return None
        return Principal(tenant, subject, _scopes(claims))


def _scopes(claims: dict[str, Any]) -> frozenset[str]:
    found: set[str] = set()
    for name in ("scope", "scp"):
        value = claims.get(name)
        if isinstance(value, str):
            found.update(value.split())
        elif isinstance(value, list):
            found.update(str(v) for v in value)
    return frozenset(found)


def looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2


class _FromEnvironment:
    pass


FROM_ENVIRONMENT = _FromEnvironment()


Auditor = Callable[[Principal, str, str, str], Awaitable[None]]


class AuthInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Checks the bearer token and scope, sets the caller for the handler, and audits
    every call (tenant, principal, method, report id, status code)."""

    def __init__(
        self,
        tokens: TokenStore | None,
        audit: Auditor,
        oidc: OidcVerifier | _FromEnvironment | None = FROM_ENVIRONMENT,
    ) -> None:
        self.tokens = tokens  # None: authentication is disabled (development only)
        self.audit = audit
        if isinstance(oidc, _FromEnvironment):
            oidc = OidcVerifier.from_environment() if tokens is not None else None
        self.oidc = oidc

    def authenticate(self, token: str) -> Principal | None:
        """JWTs go to OIDC when it is configured; anything else to the token file."""
        if self.oidc is not None and looks_like_jwt(token):
            return self.oidc.authenticate(token)
        assert self.tokens is not None
        return self.tokens.authenticate(token)

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
            principal = self.authenticate(token.strip()) if scheme.lower() == "bearer" else None
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

        async def record(
            principal: Principal, request: Any, context: Any, error: BaseException | None
        ) -> None:
            # A stream the client abandoned ends CANCELLED, not UNKNOWN.
            await self._audit(principal, method, request, telemetry.status_of(error, context).name)

        if handler.unary_unary is not None:
            unary = handler.unary_unary

            async def guarded_unary(request: Any, context: Any) -> Any:
                principal = await admit(request, context)
                current_principal.set(principal)
                error: BaseException | None = None
                try:
                    return await unary(request, context)
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    await record(principal, request, context, error)

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
                error: BaseException | None = None
                try:
                    async for response in stream(request, context):
                        yield response
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    await record(principal, request, context, error)

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
