"""Holds idle WatchReport streams open for the memory figure.

`python bench/streams.py ADDR COUNT REPORT_ID...` keeps COUNT streams open, spread
over the reports, each resuming at the report's current version (1: nothing is sent),
over one connection per 500 streams. A stream the server ends (say, its database
connection was cut) is opened again, so the count holds. Runs until its standard
input closes.
"""

from __future__ import annotations

import asyncio
import os
import sys

import grpc

from codingintel.grpc_server import CHANNEL_OPTIONS
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

STREAMS_PER_CONNECTION = 500


async def hold(addr: str, count: int, report_ids: list[str]) -> None:
    channels = [
        grpc.aio.insecure_channel(
            addr,
            # Its own connection: channels with equal arguments would share one.
            options=[*CHANNEL_OPTIONS, ("grpc.use_local_subchannel_pool", 1)],
        )
        for _ in range((count + STREAMS_PER_CONNECTION - 1) // STREAMS_PER_CONNECTION)
    ]

    async def stream(index: int) -> None:
        stub = reports_pb2_grpc.ReportServiceStub(channels[index // STREAMS_PER_CONNECTION])
        request = reports_pb2.WatchReportRequest(
            report_id=report_ids[index % len(report_ids)], after_version=1
        )
        while True:
            try:
                async for _ in stub.WatchReport(request):
                    pass
            except grpc.aio.AioRpcError:
                pass
            await asyncio.sleep(1.0)

    tasks = [asyncio.create_task(stream(i)) for i in range(count)]
    # The caller counts open streams on the gateway's gauge (a stream sends nothing).
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for task in tasks:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(hold(sys.argv[1], int(sys.argv[2]), sys.argv[3:]))
    # Closing thousands of calls one by one is slow and nothing needs it.
    os._exit(0)
