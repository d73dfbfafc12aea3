from __future__ import annotations

from typing import Literal

from codingintel.settings import ServiceSettings


class PhiSettings(ServiceSettings):
    phi_listen_addr: str = "127.0.0.1:50052"
    # embedded: offline rules and the bundle's own identifiers.
    phi_backend: Literal["embedded"] = "embedded"
