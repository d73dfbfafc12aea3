"""A limiter for external APIs, shared by every worker and process through Redis.

Each backend (e.g. "comprehend-medical", "llm") and operation (e.g. "DetectPHI") has a
request rate and a number of concurrent calls. All processes that talk to the same
backend share one budget, because they share the Redis keys: autoscaled workers do not
multiply the calls an external API sees.

- Rate: a reservation per call (generic cell rate). A caller that gets a slot in the
  future sleeps until then; one whose slot is further away than its wait budget is told
  at once (`Throttled`) instead of waiting in vain.
- Concurrency: leases in a sorted set, each with an expiry, so that a process that dies
  holding one does not hold it for ever.
- Retry-After: when the API throttles anyway, `backoff` blocks the operation for every
  process until the time the API asked for; the caller then waits and tries again.

Waits, throttles and refusals are counted in Prometheus metrics, and nothing here holds
request content: keys and labels are backend and operation names only.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

import redis.asyncio as aioredis
from prometheus_client import Counter
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

T = TypeVar("T")

KEY_PREFIX = "codingintel:ratelimit"

WAITS = Counter(
    "codingintel_ratelimit_waits_total",
    "Calls to an external API that waited for the shared limiter",
    ["backend", "operation"],
)
WAIT_SECONDS = Counter(
    "codingintel_ratelimit_wait_seconds_total",
    "Time calls spent waiting for the shared limiter",
    ["backend", "operation"],
)
THROTTLED = Counter(
    "codingintel_external_throttled_total",
    "Answers from an external API that said to slow down (HTTP 429, ThrottlingException)",
    ["backend", "operation"],
)
REFUSED = Counter(
    "codingintel_ratelimit_refused_total",
    "Calls given up because the wait would outlast the caller's budget",
    ["backend", "operation"],
)
ATTEMPTS = Counter(
    "codingintel_external_attempts_total",
    "HTTP requests to an external API by outcome (ok, throttled, error)",
    ["backend", "operation", "outcome"],
)
RETRIES = Counter(
    "codingintel_external_retries_total",
    "Calls to an external API tried again after a throttle or a transient error",
    ["backend", "operation", "reason"],
)

# KEYS: the reservation key, the blocked-until key. ARGV: interval ms, max wait ms.
# Returns {1, wait_ms} with a reservation made, or {0, wait_ms} without one.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local slot = now
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat > slot then slot = tat end
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > slot then slot = blocked end
local wait = slot - now
if wait > max_wait then return {0, wait} end
if interval > 0 then
  redis.call('SET', KEYS[1], slot + interval, 'PX', wait + interval + 1000)
end
return {1, wait}
"""

# KEYS: the blocked-until key. ARGV: block ms. Extends, never shortens, the block.
_BLOCK = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untill = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untill > current then
  redis.call('SET', KEYS[1], untill, 'PX', tonumber(ARGV[1]) + 1000)
end
return untill
"""

# KEYS: the lease set. ARGV: limit, lease ms, lease id. Returns 1 when leased.
_LEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
  return 1
end
return 0
"""

# The time a caller may still spend waiting, set per request (e.g. from the gRPC
# deadline): a wait that would outlast it is refused at once.
_budget_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "ratelimit_budget_deadline", default=None
)


def set_budget(seconds: float | None) -> None:
    """Limit the waits of the current request (task) to `seconds` from now."""
    _budget_deadline.set(None if seconds is None else time.monotonic() + max(0.0, seconds))


@dataclass(frozen=True)
class Limit:
    """Requests per second (0: no rate limit) and concurrent calls (0: no limit)."""

    rps: float = 0.0
    concurrency: int = 0


class Throttled(Exception):
    """The limiter or the API would make the caller wait longer than its budget."""

    def __init__(self, backend: str, operation: str, wait_seconds: float) -> None:
        super().__init__(f"{backend} {operation}: throttled, {wait_seconds:.1f}s to wait")
        self.backend = backend
        self.operation = operation
        self.wait_seconds = wait_seconds


class LimiterUnavailable(Exception):
    """Redis could not be reached: the shared budget cannot be checked."""


class Outcome(Enum):
    THROTTLED = "throttled"
    TRANSIENT = "transient"


# What a caller's classifier says of an exception: None (not retryable: re-raise), or
# the outcome and the delay the API asked for (None: no hint, back off exponentially).
Verdict = tuple[Outcome, float | None] | None


class Limiter:
    """The shared limiter of one backend."""

    def __init__(
        self,
        redis_url: str,
        backend: str,
        limits: Mapping[str, Limit],
        *,
        max_wait_seconds: float = 30.0,
        lease_seconds: float = 120.0,
        max_transient_attempts: int = 3,
        base_backoff_seconds: float = 0.5,
        prefix: str = KEY_PREFIX,
    ) -> None:
        self.redis_url = redis_url
        self.backend = backend
        self.limits = dict(limits)
        self.max_wait_seconds = max_wait_seconds
        self.lease_seconds = lease_seconds
        self.max_transient_attempts = max_transient_attempts
        self.base_backoff_seconds = base_backoff_seconds
        self.prefix = prefix
        self._redis: aioredis.Redis | None = None

    def _client(self) -> aioredis.Redis:
        if self._redis is None:
            self._redis = aioredis.Redis.from_url(
                self.redis_url, socket_timeout=5, socket_connect_timeout=5
            )
        return self._redis

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None

    def _key(self, operation: str, kind: str) -> str:
        return f"{self.prefix}:{self.backend}:{operation}:{kind}"

    def _limit(self, operation: str) -> Limit:
        return self.limits.get(operation) or self.limits.get("*") or Limit()

    def _deadline(self) -> float:
        deadline = time.monotonic() + self.max_wait_seconds
        budget = _budget_deadline.get()
        return deadline if budget is None else min(deadline, budget)

    async def _eval(self, script: str, keys: list[str], args: list[Any]) -> Any:
        try:
            return await self._client().eval(script, len(keys), *keys, *args)  # type: ignore[misc]
        except RedisError as exc:
            raise LimiterUnavailable(type(exc).__name__) from None

    async def backoff(self, operation: str, seconds: float) -> None:
        """Block `operation` for every process for `seconds` (e.g. from Retry-After)."""
        await self._eval(_BLOCK, [self._key(operation, "blocked")], [max(1, int(seconds * 1000))])

    async def _refuse(self, operation: str, wait: float) -> Throttled:
        REFUSED.labels(self.backend, operation).inc()
        log.warning(
            "rate limit wait refused",
            extra={"backend": self.backend, "operation": operation, "wait_seconds": wait},
        )
        return Throttled(self.backend, operation, wait)

    async def _lease(self, operation: str, limit: Limit, deadline: float) -> str | None:
        if limit.concurrency <= 0:
            return None
        lease = uuid.uuid4().hex
        key = self._key(operation, "leases")
        began = time.monotonic()
        pause = 0.01
        while True:
            got = await self._eval(
                _LEASE, [key], [limit.concurrency, int(self.lease_seconds * 1000), lease]
            )
            if int(got) == 1:
                waited = time.monotonic() - began
                if waited > 0.005:
                    WAITS.labels(self.backend, operation).inc()
                    WAIT_SECONDS.labels(self.backend, operation).inc(waited)
                return lease
            if time.monotonic() + pause > deadline:
                raise await self._refuse(operation, time.monotonic() - began)
            await asyncio.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 0.2)

    async def _release(self, operation: str, lease: str | None) -> None:
        if lease is None:
            return
        try:
            await self._client().zrem(self._key(operation, "leases"), lease)
        except RedisError:
            # The lease expires on its own.
            log.warning("lease release failed", extra={"backend": self.backend})

    async def _reserve(self, operation: str, limit: Limit, deadline: float) -> None:
        interval_ms = int(1000 / limit.rps) if limit.rps > 0 else 0
        while True:
            remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
            ok, wait_ms = await self._eval(
                _RESERVE,
                [self._key(operation, "tat"), self._key(operation, "blocked")],
                [interval_ms, remaining_ms],
            )
            wait = int(wait_ms) / 1000
            if not int(ok):
                raise await self._refuse(operation, wait)
            if wait <= 0:
                return
            WAITS.labels(self.backend, operation).inc()
            WAIT_SECONDS.labels(self.backend, operation).inc(wait)
            await asyncio.sleep(wait)
            if interval_ms:
                return  # the reservation is ours
            # Only a block was waited for: look again, it may have been extended.

    @asynccontextmanager
    async def slot(self, operation: str, deadline: float | None = None) -> AsyncIterator[None]:
        """Hold a concurrency lease and a rate reservation for one call."""
        limit = self._limit(operation)
        deadline = self._deadline() if deadline is None else deadline
        lease = await self._lease(operation, limit, deadline)
        try:
            await self._reserve(operation, limit, deadline)
            yield
        finally:
            await self._release(operation, lease)

    async def call(
        self,
        operation: str,
        fn: Callable[[], Awaitable[T]],
        classify: Callable[[BaseException], Verdict],
    ) -> T:
        """Run `fn` within the shared limits. Throttling answers block the operation for
        every process (for the time the API asked, else exponentially longer) and are
        tried again while the caller's budget lasts; transient errors are tried again a
        few times. Raises Throttled when the budget runs out, else fn's own exception."""
        deadline = self._deadline()
        throttles = 0
        transient = 0
        while True:
            async with self.slot(operation, deadline):
                try:
                    return await fn()
                except Exception as exc:
                    verdict = classify(exc)
                    if verdict is None:
                        raise
                    outcome, hint = verdict
                    failure = exc
                    if outcome is Outcome.TRANSIENT:
                        transient += 1
                        if transient >= self.max_transient_attempts:
                            raise
            if outcome is Outcome.THROTTLED:
                throttles += 1
                THROTTLED.labels(self.backend, operation).inc()
                delay = (
                    hint
                    if hint is not None
                    else self.base_backoff_seconds * 2 ** min(throttles - 1, 6)
                )
                delay *= 1 + random.random() * 0.1
                log.warning(
                    "throttled by the API",
                    extra={"backend": self.backend, "operation": operation, "delay": delay},
                )
                # Every worker holds back, whether or not this caller can wait.
                await self.backoff(operation, delay)
                if time.monotonic() + delay > deadline:
                    raise await self._refuse(operation, delay)
                RETRIES.labels(self.backend, operation, "throttled").inc()
            else:
                delay = self.base_backoff_seconds * 2 ** (transient - 1) * (0.5 + random.random())
                if time.monotonic() + delay > deadline:
                    raise failure  # no time for another attempt: the error stands
                RETRIES.labels(self.backend, operation, "transient").inc()
                await asyncio.sleep(delay)


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """The delay an HTTP answer asks for: `retry-after-ms`, else `retry-after` in
    seconds (an HTTP date is not honoured: the limiter's own backoff applies)."""
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = lowered.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            continue
        if seconds >= 0:
            return seconds
    return None
