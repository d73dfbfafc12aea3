from __future__ import annotations

from typing import Literal

from pydantic import Field

from codingintel.comprehend import ComprehendSettings
from codingintel.settings import ServiceSettings


class CodingSettings(ServiceSettings, ComprehendSettings):
    coding_listen_addr: str = "127.0.0.1:50053"
    # embedded: section filtering and the term dictionary, offline.
    # comprehend: section filtering, then Comprehend Medical InferICD10CM / InferSNOMEDCT.
    # null, sleep: benchmarks only (codingintel.benchmode).
    coding_backend: Literal["embedded", "comprehend", "null", "sleep"] = "embedded"
    # Concepts scored below this are dropped (0..1).
    comprehend_min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    # The shared limits across every coding process (0: unlimited). InferSNOMEDCT's
    # default quota is about 2 requests per second.
    comprehend_infer_icd10cm_rps: float = 10.0
    comprehend_infer_icd10cm_concurrency: int = 10
    comprehend_infer_snomedct_rps: float = 2.0
    comprehend_infer_snomedct_concurrency: int = 2
