from __future__ import annotations

from codingintel.settings import QueueSettings, ServiceSettings, StoreSettings


class GatewaySettings(ServiceSettings, StoreSettings, QueueSettings):
    gateway_listen_addr: str = "127.0.0.1:50051"
    # Bundles larger than this are rejected with INVALID_ARGUMENT.
    max_bundle_bytes: int = 10 * 1024 * 1024
