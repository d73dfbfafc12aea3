"""Per-tenant quota on report creation: a token bucket in Redis, shared by every
gateway replica. The defaults admit a nightly batch job's burst."""

from __future__ import annotations

import logging
import time

import redis.asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# KEYS[1] the bucket; ARGV: rate per second, burst, now (s), cost.
# Answers 0 when admitted, else the seconds until the cost would fit.
_TAKE = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  wait = (cost - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class CreateQuota:
    def __init__(self, redis_url: str, rate_per_second: float, burst: int) -> None:
        self.client = aioredis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1)
        self.rate = rate_per_second
        self.burst = burst
        self.script = self.client.register_script(_TAKE)

    async def take(self, tenant: str, cost: int = 1) -> float:
        """0 when admitted, else the seconds to wait. With Redis unreachable the call is
        admitted: the quota protects the service, and a Redis outage should not stop it."""
        if self.rate <= 0:
            return 0.0
        try:
            wait = await self.script(
                keys=[f"codingintel:quota:creates:{tenant}"],
                args=[self.rate, self.burst, time.time(), cost],
            )
            return float(wait)
        except RedisError as exc:
            log.warning("quota not checked", extra={"error": type(exc).__name__})
            return 0.0

    async def close(self) -> None:
        await self.client.aclose()
