"""The shared limiter on the real Redis: several limiters with their own connections
(as separate workers would have) share one budget."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio
import redis.asyncio as aioredis

from codingintel import ratelimit
from codingintel.ratelimit import Limit, Limiter, Outcome

from ..support import REDIS_URL, free_port


class Busy(Exception):
    """Stands for an API's throttling answer."""

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__("busy")
        self.retry_after = retry_after


class Flaky(Exception):
    pass


def classify(exc: BaseException) -> ratelimit.Verdict:
    if isinstance(exc, Busy):
        return Outcome.THROTTLED, exc.retry_after
    if isinstance(exc, Flaky):
        return Outcome.TRANSIENT, None
    return None


@pytest_asyncio.fixture
async def make() -> AsyncIterator[Callable[..., Limiter]]:
    prefix = f"test:ratelimit:{uuid.uuid4().hex[:8]}"
    made: list[Limiter] = []

    def factory(limit: Limit, **kwargs: object) -> Limiter:
        limiter = Limiter(
            REDIS_URL,
            "fake-api",
            {"*": limit},
            prefix=prefix,
            base_backoff_seconds=0.05,
            **kwargs,  # type: ignore[arg-type]
        )
        made.append(limiter)
        return limiter

    yield factory
    for limiter in made:
        await limiter.close()
    client = aioredis.Redis.from_url(REDIS_URL)
    keys = [k async for k in client.scan_iter(f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_the_rate_is_shared_by_every_limiter(make: Callable[..., Limiter]) -> None:
    workers = [make(Limit(rps=40)) for _ in range(3)]
    stamps: list[float] = []

    async def one(limiter: Limiter) -> None:
        async with limiter.slot("Op"):
            stamps.append(time.monotonic())

    began = time.monotonic()
    await asyncio.gather(*(one(workers[i % 3]) for i in range(21)))
    # 21 calls at 40 a second: the last starts about half a second after the first.
    assert time.monotonic() - began >= 0.45
    stamps.sort()
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) > 0.015


async def test_concurrent_calls_are_capped_across_limiters(make: Callable[..., Limiter]) -> None:
    workers = [make(Limit(concurrency=2)) for _ in range(3)]
    in_flight = 0
    peak = 0

    async def one(limiter: Limiter) -> None:
        nonlocal in_flight, peak
        async with limiter.slot("Op"):
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.05)
            in_flight -= 1

    await asyncio.gather(*(one(workers[i % 3]) for i in range(8)))
    assert peak == 2


async def test_retry_after_blocks_every_worker_then_the_call_succeeds(
    make: Callable[..., Limiter],
) -> None:
    first, second = make(Limit()), make(Limit())
    answers: list[Exception | str] = [Busy(retry_after=0.3), "ok"]

    async def api() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    began = time.monotonic()
    assert await first.call("Op", api, classify) == "ok"
    assert time.monotonic() - began >= 0.3
    # A block is shared: another worker waits for it too.
    await first.backoff("Op", 0.3)
    began = time.monotonic()
    async with second.slot("Op"):
        pass
    assert time.monotonic() - began >= 0.25


async def test_a_wait_longer_than_the_budget_is_refused_at_once(
    make: Callable[..., Limiter],
) -> None:
    limiter = make(Limit(), max_wait_seconds=0.5)

    async def api() -> str:
        raise Busy(retry_after=20)

    began = time.monotonic()
    with pytest.raises(ratelimit.Throttled):
        await limiter.call("Op", api, classify)
    assert time.monotonic() - began < 0.4
    # The API's block is remembered: the next call is refused without calling it.
    with pytest.raises(ratelimit.Throttled):
        async with limiter.slot("Op"):
            raise AssertionError("called while blocked")
    # A request's own deadline also limits the wait.
    other = make(Limit(rps=1), max_wait_seconds=30)
    async with other.slot("Other"):
        pass
    ratelimit.set_budget(0.2)
    try:
        with pytest.raises(ratelimit.Throttled):
            async with other.slot("Other"):
                pass
    finally:
        ratelimit.set_budget(None)


async def test_transient_errors_are_tried_a_few_times(make: Callable[..., Limiter]) -> None:
    limiter = make(Limit(), max_transient_attempts=3)
    calls = 0

    async def api() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise Flaky()
        return "ok"

    assert await limiter.call("Op", api, classify) == "ok"
    calls = -10
    with pytest.raises(Flaky):
        await limiter.call("Op", api, classify)
    assert calls == -7

    async def broken() -> str:
        raise ValueError("not retryable")

    with pytest.raises(ValueError):
        await limiter.call("Op", broken, classify)


async def test_waits_and_throttles_show_in_metrics(make: Callable[..., Limiter]) -> None:
    limiter = make(Limit(rps=20))

    def value(counter: object) -> float:
        return float(counter.labels("fake-api", "Op")._value.get())  # type: ignore[attr-defined]

    waits, throttled = value(ratelimit.WAITS), value(ratelimit.THROTTLED)
    answers: list[Exception | str] = [Busy(retry_after=0.05), "ok", "ok", "ok"]

    async def api() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    for _ in range(3):
        await limiter.call("Op", api, classify)
    assert value(ratelimit.THROTTLED) == throttled + 1
    assert value(ratelimit.WAITS) > waits


async def test_an_unreachable_redis_is_reported() -> None:
    limiter = Limiter(f"redis://127.0.0.1:{free_port()}/0", "fake-api", {"Op": Limit(rps=1)})
    try:
        with pytest.raises(ratelimit.LimiterUnavailable):
            async with limiter.slot("Op"):
                pass
    finally:
        await limiter.close()


def test_retry_after_headers() -> None:
    assert ratelimit.retry_after_seconds({"Retry-After": "2"}) == 2.0
    assert ratelimit.retry_after_seconds({"retry-after-ms": "250", "Retry-After": "9"}) == 0.25
    assert ratelimit.retry_after_seconds({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}) is None
    assert ratelimit.retry_after_seconds(None) is None


WORKER = """
import asyncio, json, sys, time
from codingintel.ratelimit import Limit, Limiter

async def main(url, prefix, start, calls):
    limiter = Limiter(url, "fake-api", {"*": Limit(rps=20, concurrency=1)}, prefix=prefix)
    await asyncio.sleep(max(0.0, start - time.time()))
    stamps = []
    for _ in range(calls):
        async with limiter.slot("Op"):
            stamps.append(time.time())
    await limiter.close()
    print(json.dumps(stamps))

asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])))
"""


def test_separate_processes_share_one_budget() -> None:
    prefix = f"test:ratelimit:{uuid.uuid4().hex[:8]}"
    start = time.time() + 2.0
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, REDIS_URL, prefix, str(start), "8"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    stamps = sorted(t for w in workers for t in json.loads(w.communicate(timeout=30)[0]))
    assert all(w.returncode == 0 for w in workers)
    # 24 calls from three processes at 20 a second in all: spaced by about 50 ms.
    assert stamps[-1] - stamps[0] >= 23 / 20 * 0.9
    assert min(b - a for a, b in itertools.pairwise(stamps)) > 0.03
