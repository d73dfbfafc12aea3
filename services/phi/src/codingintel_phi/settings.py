from __future__ import annotations

from typing import Literal

from codingintel.comprehend import ComprehendSettings
from codingintel.settings import ServiceSettings


class PhiSettings(ServiceSettings, ComprehendSettings):
    phi_listen_addr: str = "127.0.0.1:50052"
    # embedded: offline rules and the bundle's own identifiers.
    # comprehend: the same, then AWS Comprehend Medical DetectPHI on what is left.
    # null, sleep: benchmarks only (codingintel.benchmode).
    phi_backend: Literal["embedded", "comprehend", "null", "sleep"] = "embedded"
    # The shared limits of DetectPHI across every phi process (0: unlimited).
    comprehend_detect_phi_rps: float = 10.0
    comprehend_detect_phi_concurrency: int = 10
