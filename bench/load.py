"""Callers of CreateReport and of the echo baseline, the same harness for both.

As a process (`python bench/load.py ...`) it runs closed-loop callers for a window
that starts at an agreed wall-clock time, so that several client processes measure the
same seconds, and prints one JSON line: calls finished in the window, and errors by
code. One Python client process saturates near 2k calls/s on its own; the throughput
figures therefore spread their callers over several processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import grpc

from codingintel.grpc_server import CHANNEL_OPTIONS
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

ECHO_METHOD = "/bench.Echo/Echo"

Call = Callable[[], Awaitable[Any]]


def make_call(channel: grpc.aio.Channel, target: str, bundle: bytes, timeout: float) -> Call:
    """One call of the target: a CreateReport with the bundle, or an echo of a
    serialized CreateReportRequest carrying the same bundle (the same bytes on the
    wire)."""
    request = reports_pb2.CreateReportRequest(fhir_bundle=bundle)
    if target == "create":
        stub = reports_pb2_grpc.ReportServiceStub(channel)

        async def create() -> Any:
            return await stub.CreateReport(request, timeout=timeout)

        return create
    payload = request.SerializeToString()
    echo = channel.unary_unary(ECHO_METHOD)

    async def call_echo() -> Any:
        return await echo(payload, timeout=timeout)

    return call_echo


def channel_for(addr: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(addr, options=CHANNEL_OPTIONS)


async def sequential_latencies(addr: str, target: str, bundle: bytes, calls: int) -> list[float]:
    """One caller at a time: each call's latency in ms (after a short warm-up)."""
    async with channel_for(addr) as channel:
        call = make_call(channel, target, bundle, 30.0)
        for _ in range(max(5, calls // 20)):
            await call()
        latencies = []
        for _ in range(calls):
            began = time.perf_counter()
            await call()
            latencies.append((time.perf_counter() - began) * 1000)
        return latencies


async def window(
    addr: str, target: str, bundle: bytes, callers: int, start_at: float, seconds: float
) -> dict[str, Any]:
    """Closed-loop callers from now until the window ends; counts the calls that end
    inside [start_at, start_at + seconds]."""
    end_at = start_at + seconds
    done = 0
    errors: Counter[str] = Counter()
    async with channel_for(addr) as channel:
        call = make_call(channel, target, bundle, 30.0)

        async def caller() -> None:
            nonlocal done
            while time.time() < end_at:
                try:
                    await call()
                    ok = True
                except grpc.aio.AioRpcError as exc:
                    ok = False
                    code = exc.code().name
                finished = time.time()
                if start_at <= finished <= end_at:
                    if ok:
                        done += 1
                    else:
                        errors[code] += 1

        await asyncio.gather(*(caller() for _ in range(callers)))
    return {"done": done, "errors": dict(errors)}


async def burst(addr: str, bundle: bytes, calls: int, start_at: float) -> dict[str, Any]:
    """`calls` CreateReport calls sent at the same moment, each on its own; answers the
    errors by code and the slowest answer."""
    errors: Counter[str] = Counter()
    slowest = 0.0
    async with channel_for(addr) as channel:
        await channel.channel_ready()
        call = make_call(channel, "create", bundle, 60.0)
        await asyncio.sleep(max(0.0, start_at - time.time()))

        async def one() -> None:
            nonlocal slowest
            began = time.perf_counter()
            try:
                await call()
            except grpc.aio.AioRpcError as exc:
                errors[exc.code().name] += 1
            slowest = max(slowest, time.perf_counter() - began)

        await asyncio.gather(*(one() for _ in range(calls)))
    return {"errors": dict(errors), "slowest_s": slowest}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("window", "burst"))
    parser.add_argument("--addr", required=True)
    parser.add_argument("--target", choices=("create", "echo"), default="create")
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--callers", type=int, default=50)
    parser.add_argument("--start-at", type=float, required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    bundle = args.bundle.read_bytes()
    if args.mode == "window":
        result = asyncio.run(
            window(args.addr, args.target, bundle, args.callers, args.start_at, args.seconds)
        )
    else:
        result = asyncio.run(burst(args.addr, bundle, args.callers, args.start_at))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
