from __future__ import annotations

from typing import Literal

from codingintel.settings import ServiceSettings


class CodingSettings(ServiceSettings):
    coding_listen_addr: str = "127.0.0.1:50053"
    # embedded: section filtering and the term dictionary, offline.
    coding_backend: Literal["embedded"] = "embedded"
