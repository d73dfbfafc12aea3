"""Run the gateway: `codingintel-gateway` or `python -m codingintel_gateway`."""

from __future__ import annotations

import asyncio
import logging
import secrets

import grpc

from codingintel import grpc_server, logs, queue, settings
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc
from codingintel.store import AuditRow, ReportStore, audited_batch_id, new_pool
from codingintel.store.migrate import migrate

from .audit import AuditWriter
from .auth import AuthInterceptor, Principal, TokenFileError, TokenStore
from .events import EventHub
from .paging import PageTokens
from .quota import CreateQuota
from .service import ReportService
from .settings import GatewaySettings
from .unavailable import StoreUnavailable


async def run(config: GatewaySettings) -> None:
    pool = new_pool(config.database_url, config.database_pool_min, config.database_pool_max)
    broker = queue.make_broker(config.redis_url)
    hub = EventHub(config.database_url)
    store = ReportStore(pool)
    audit_writer = AuditWriter(store)
    secret = config.page_token_secret.encode() or secrets.token_bytes(32)
    quota = CreateQuota(config.redis_url, config.create_rate_per_second, config.create_burst)
    service = ReportService(
        store, hub, broker, config.queue_name, config, PageTokens(secret), quota
    )
    tokens = None
    if not config.codingintel_auth_disabled:
        assert config.codingintel_auth_tokens_file is not None
        try:
            tokens = TokenStore.load(config.codingintel_auth_tokens_file)
        except TokenFileError as exc:
            raise SystemExit(f"configuration error: CODINGINTEL_AUTH_TOKENS_FILE: {exc}") from None
    else:
        logging.getLogger(__name__).warning(
            "authentication is disabled: every caller is the default tenant"
        )

    async def audit(principal: Principal, method: str, report_id: str, code: str) -> None:
        logging.getLogger("codingintel.audit").info(
            "call",
            extra={
                "tenant": principal.tenant,
                "principal": principal.name,
                "method": method,
                "report_id": report_id,
                "code": code,
            },
        )
        # Written behind the call; the batch id is the one this call set.
        await audit_writer.record(
            AuditRow(
                principal.tenant,
                principal.name,
                method,
                report_id,
                code,
                audited_batch_id.get(),
            )
        )

    def register(server: grpc.aio.Server) -> None:
        reports_pb2_grpc.add_ReportServiceServicer_to_server(service, server)

    async def on_start() -> None:
        await asyncio.to_thread(migrate, config.database_url)
        await pool.open(wait=True)
        await asyncio.to_thread(broker.client.ping)
        await hub.start()
        audit_writer.start()

    async def ready() -> bool:
        """Postgres and Redis both answer (and the event listener is connected)."""
        async with pool.connection(timeout=2) as conn:
            await conn.execute("SELECT 1")
        await asyncio.to_thread(broker.client.ping)
        return hub.connected.is_set()

    async def on_stop() -> None:
        await audit_writer.stop()
        await quota.close()
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
        interceptors=[AuthInterceptor(tokens, audit), StoreUnavailable()],
        readiness=ready,
    )


def main() -> None:
    config = settings.load(GatewaySettings)
    logs.setup("gateway", config.log_level)
    asyncio.run(run(config))


if __name__ == "__main__":
    main()
