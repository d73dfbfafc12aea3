from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from codingintel.settings import QueueSettings, ServiceSettings, StoreSettings


class GatewaySettings(ServiceSettings, StoreSettings, QueueSettings):
    gateway_listen_addr: str = "127.0.0.1:50051"
    # Bundles larger than this are rejected with INVALID_ARGUMENT.
    max_bundle_bytes: int = 10 * 1024 * 1024
    # Limits that keep one request from costing everyone else.
    max_bundle_entries: int = Field(10_000, ge=1)
    max_notes_per_bundle: int = Field(500, ge=1)
    max_json_depth: int = Field(64, ge=8)
    # Open WatchReport and WatchBatch streams per tenant and gateway process.
    max_watch_streams_per_tenant: int = Field(1000, ge=1)
    # Entries in one CreateBatch call.
    max_batch_size: int = Field(1000, ge=1)
    # Per-tenant creates: a token bucket (rate per second, burst); 0 turns it off.
    create_rate_per_second: float = Field(50.0, ge=0)
    create_burst: int = Field(1000, ge=1)
    # The bearer-token file (hashes only); required unless authentication is disabled.
    codingintel_auth_tokens_file: Path | None = None
    # Development only: every caller is the "default" tenant with every scope.
    codingintel_auth_disabled: bool = False
    # Signs page tokens. Set the same value on every gateway replica; when empty, each
    # process makes its own, and tokens work only on the gateway that issued them.
    page_token_secret: str = ""

    @model_validator(mode="after")
    def _authentication_configured(self) -> GatewaySettings:
        if self.codingintel_auth_tokens_file is None and not self.codingintel_auth_disabled:
            raise ValueError(
                "CODINGINTEL_AUTH_TOKENS_FILE is required (or CODINGINTEL_AUTH_DISABLED=true"
                " for development)"
            )
        return self

    @property
    def batch_limit(self) -> int:
        """The largest batch admitted: a batch takes one create-quota token per entry,
        so one larger than the burst could never pass."""
        if self.create_rate_per_second > 0:
            return min(self.max_batch_size, self.create_burst)
        return self.max_batch_size
