"""Run the gateway: `codingintel-gateway` or `python -m codingintel_gateway`."""

from __future__ import annotations

import asyncio

import grpc

from codingintel import grpc_server, logs, queue, settings
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc
from codingintel.store import ReportStore, new_pool
from codingintel.store.migrate import migrate

from .events import EventHub
from .service import ReportService
from .settings import GatewaySettings
from .unavailable import StoreUnavailable


async def run(config: GatewaySettings) -> None:
    pool = new_pool(config.database_url, config.database_pool_min, config.database_pool_max)
    broker = queue.make_broker(config.redis_url)
    hub = EventHub(config.database_url)
    service = ReportService(
        ReportStore(pool), hub, broker, config.queue_name, config.max_bundle_bytes
    )

    def register(server: grpc.aio.Server) -> None:
        reports_pb2_grpc.add_ReportServiceServicer_to_server(service, server)

    async def on_start() -> None:
        await asyncio.to_thread(migrate, config.database_url)
        await pool.open(wait=True)
        await asyncio.to_thread(broker.client.ping)
        await hub.start()

    async def on_stop() -> None:
        await hub.stop()
        await pool.close()
        broker.close()

    await grpc_server.serve(
        listen_addr=config.gateway_listen_addr,
        service_names=[reports_pb2.DESCRIPTOR.services_by_name["ReportService"].full_name],
        register=register,
        grace_seconds=config.shutdown_grace_seconds,
        on_start=on_start,
        on_stop=on_stop,
        interceptors=[StoreUnavailable()],
    )


def main() -> None:
    config = settings.load(GatewaySettings)
    logs.setup("gateway", config.log_level)
    asyncio.run(run(config))


if __name__ == "__main__":
    main()
