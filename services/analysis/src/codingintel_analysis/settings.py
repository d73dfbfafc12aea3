from __future__ import annotations

from typing import Literal

from codingintel.settings import ServiceSettings


class AnalysisSettings(ServiceSettings):
    analysis_listen_addr: str = "127.0.0.1:50054"
    # rules: offline rule-based screening, labelled as such in every summary.
    analysis_backend: Literal["rules"] = "rules"
