"""AWS Comprehend Medical through boto3, shared by the phi and coding services.

botocore does the protocol, signing, and the retries of throttling and 5xx answers
(standard retry mode). Region and credentials come from the standard AWS chain
(AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE,
instance roles); COMPREHEND_ENDPOINT_URL points the client elsewhere (a VPC endpoint, a
local test server). Every call goes through the shared limiter of the backend; a
throttle that outlasts botocore's retries blocks the operation for every worker and is
tried again while the caller's budget lasts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3  # type: ignore[import-untyped]
import grpc
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import (  # type: ignore[import-untyped]
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    NoCredentialsError,
    ReadTimeoutError,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from codingintel import ratelimit
from codingintel.external import ExternalError, configuration_error, quiet_client_loggers
from codingintel.settings import DEFAULT_REDIS_URL

log = logging.getLogger(__name__)

BACKEND_NAME = "comprehend-medical"

DETECT_PHI = "DetectPHI"
INFER_ICD10CM = "InferICD10CM"
INFER_SNOMEDCT = "InferSNOMEDCT"

# The size limits of the API (botocore does not check them).
DETECT_PHI_MAX_BYTES = 20_000
INFER_MAX_CHARS = 10_000

_METHODS = {
    DETECT_PHI: "detect_phi",
    INFER_ICD10CM: "infer_icd10_cm",
    INFER_SNOMEDCT: "infer_snomedct",
}

_THROTTLE_CODES = frozenset(
    {
        "TooManyRequestsException",
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestLimitExceeded",
        "LimitExceededException",
        "ProvisionedThroughputExceededException",
    }
)
_INPUT_CODES = frozenset(
    {
        "InvalidRequestException",
        "InvalidEncodingException",
        "TextSizeLimitExceededException",
        "ValidationException",
        "SerializationException",
    }
)
_AUTH_CODES = frozenset(
    {
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "ExpiredTokenException",
        "IncompleteSignature",
        "MissingAuthenticationToken",
        "SubscriptionRequiredException",
    }
)


class ComprehendSettings(BaseSettings):
    """The Comprehend Medical client and the shared limiter's Redis."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    # Unset: the standard AWS chain (AWS_DEFAULT_REGION, the profile).
    aws_region: str | None = None
    comprehend_endpoint_url: str | None = None
    # Attempts per call in botocore's standard retry mode (1 = no retries).
    comprehend_max_attempts: int = 3
    comprehend_connect_timeout_seconds: float = 5.0
    comprehend_read_timeout_seconds: float = 30.0
    # Calls in flight at once from one process.
    comprehend_max_pool_connections: int = 10
    redis_url: str = DEFAULT_REDIS_URL
    # The longest a call waits for the shared limiter (and for the API to stop
    # throttling) before the request fails with RESOURCE_EXHAUSTED.
    rate_limit_max_wait_seconds: float = 30.0


def create_client(settings: ComprehendSettings) -> Any:
    """A comprehendmedical client; exits with a message naming the variables when the
    region or the credentials cannot be found."""
    quiet_client_loggers("boto3", "botocore", "urllib3", "s3transfer")
    session = boto3.session.Session(region_name=settings.aws_region)
    if session.region_name is None:
        configuration_error("AWS_REGION: required for Comprehend Medical")
    if session.get_credentials() is None:
        configuration_error(
            "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or an instance role):"
            " no AWS credentials for Comprehend Medical"
        )
    config = Config(
        retries={
            "mode": "standard",
            "total_max_attempts": max(1, settings.comprehend_max_attempts),
        },
        connect_timeout=settings.comprehend_connect_timeout_seconds,
        read_timeout=settings.comprehend_read_timeout_seconds,
        max_pool_connections=settings.comprehend_max_pool_connections,
    )
    client = session.client(
        "comprehendmedical", endpoint_url=settings.comprehend_endpoint_url, config=config
    )
    # Every HTTP attempt, botocore's own retries included, shows in the metrics.
    client.meta.events.register("needs-retry.comprehendmedical", _count_attempt)
    return client


def _count_attempt(response: Any = None, operation: Any = None, **_: Any) -> None:
    outcome = "error"
    if response is not None:
        http, parsed = response
        code = str((parsed or {}).get("Error", {}).get("Code", ""))
        if http.status_code < 300:
            outcome = "ok"
        elif code in _THROTTLE_CODES or http.status_code == 429:
            outcome = "throttled"
    name = getattr(operation, "name", "unknown")
    ratelimit.ATTEMPTS.labels(BACKEND_NAME, name, outcome).inc()
    # None: the retry decision stays botocore's.


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _status(exc: ClientError) -> int:
    return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def classify(exc: BaseException) -> ratelimit.Verdict:
    """A throttle that outlasted botocore's retries is waited out through the shared
    limiter; everything else is final here (botocore already retried 5xx)."""
    if isinstance(exc, ClientError) and (
        _error_code(exc) in _THROTTLE_CODES or _status(exc) == 429
    ):
        headers = exc.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        return ratelimit.Outcome.THROTTLED, ratelimit.retry_after_seconds(headers)
    return None


def to_external(exc: BaseException, operation: str) -> ExternalError:
    """The gRPC status for a failed call. The API's own message is never kept."""
    meta = {"backend": BACKEND_NAME, "operation": operation}
    if isinstance(exc, ratelimit.Throttled):
        return ExternalError(
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            "RATE_LIMITED",
            f"{operation}: Comprehend Medical is throttling; try again later",
            meta,
        )
    if isinstance(exc, ratelimit.LimiterUnavailable):
        return ExternalError(
            grpc.StatusCode.UNAVAILABLE,
            "LIMITER_UNAVAILABLE",
            f"{operation}: the shared rate limiter (Redis) is unreachable",
            meta,
        )
    if isinstance(exc, ClientError):
        code, status = _error_code(exc), _status(exc)
        meta["error_code"] = code
        if code in _THROTTLE_CODES or status == 429:
            return ExternalError(
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                "RATE_LIMITED",
                f"{operation}: Comprehend Medical is throttling; try again later",
                meta,
            )
        if code in _INPUT_CODES:
            return ExternalError(
                grpc.StatusCode.INVALID_ARGUMENT,
                "INVALID_INPUT",
                f"{operation}: Comprehend Medical rejected the input ({code})",
                meta,
            )
        if code in _AUTH_CODES or status in (401, 403):
            return ExternalError(
                grpc.StatusCode.FAILED_PRECONDITION,
                "BACKEND_AUTH",
                f"{operation}: Comprehend Medical refused the credentials ({code})",
                meta,
            )
        return ExternalError(
            grpc.StatusCode.UNAVAILABLE,
            "BACKEND_UNAVAILABLE",
            f"{operation}: Comprehend Medical failed (HTTP {status or 'error'})",
            meta,
        )
    if isinstance(exc, ReadTimeoutError | ConnectTimeoutError):
        return ExternalError(
            grpc.StatusCode.DEADLINE_EXCEEDED,
            "BACKEND_TIMEOUT",
            f"{operation}: Comprehend Medical did not answer in time",
            meta,
        )
    if isinstance(exc, NoCredentialsError):
        return ExternalError(
            grpc.StatusCode.FAILED_PRECONDITION,
            "BACKEND_AUTH",
            f"{operation}: no AWS credentials",
            meta,
        )
    if isinstance(exc, BotoCoreError):
        return ExternalError(
            grpc.StatusCode.UNAVAILABLE,
            "BACKEND_UNAVAILABLE",
            f"{operation}: Comprehend Medical is unreachable ({type(exc).__name__})",
            meta,
        )
    return ExternalError(
        grpc.StatusCode.INTERNAL,
        "BACKEND_ERROR",
        f"{operation}: Comprehend Medical call failed ({type(exc).__name__})",
        meta,
    )


class Comprehend:
    """Calls to Comprehend Medical within the shared limits."""

    def __init__(self, settings: ComprehendSettings, limits: Mapping[str, ratelimit.Limit]) -> None:
        self.client = create_client(settings)
        self.limiter = ratelimit.Limiter(
            settings.redis_url,
            BACKEND_NAME,
            limits,
            max_wait_seconds=settings.rate_limit_max_wait_seconds,
            lease_seconds=settings.comprehend_read_timeout_seconds
            * max(1, settings.comprehend_max_attempts)
            + settings.rate_limit_max_wait_seconds,
        )
        # boto3 is blocking: calls run on threads of their own, one per pooled connection.
        self.executor = ThreadPoolExecutor(
            max_workers=settings.comprehend_max_pool_connections,
            thread_name_prefix="comprehend",
        )

    async def call(self, operation: str, text: str) -> dict[str, Any]:
        """One call; raises ExternalError with the status to answer with."""
        method = getattr(self.client, _METHODS[operation])
        loop = asyncio.get_running_loop()

        async def once() -> dict[str, Any]:
            result: dict[str, Any] = await loop.run_in_executor(
                self.executor, lambda: method(Text=text)
            )
            return result

        try:
            return await self.limiter.call(operation, once, classify)
        except Exception as exc:
            error = to_external(exc, operation)
            log.warning(
                "comprehend call failed",
                extra={
                    "operation": operation,
                    "grpc_code": error.code.name,
                    "reason": error.reason,
                    "exception": type(exc).__name__,
                    "chars": len(text),
                },
            )
            raise error from None

    async def close(self) -> None:
        await self.limiter.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
