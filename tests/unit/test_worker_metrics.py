from __future__ import annotations

from prometheus_client import REGISTRY

from codingintel import pipeline
from codingintel_orchestrator import metrics


def test_every_known_series_exists_at_zero_before_its_first_event() -> None:
    # rate() cannot see the increment that creates a series; these must exist up front.
    assert metrics.REPORTS_FINISHED is not None
    for state in ("COMPLETE", "FAILED", "CANCELLED"):
        assert (
            REGISTRY.get_sample_value("codingintel_reports_finished_total", {"state": state}) == 0
        )
    for stage in pipeline.STEPS:
        assert REGISTRY.get_sample_value("codingintel_retries_total", {"stage": stage}) == 0
        assert (
            REGISTRY.get_sample_value(
                "codingintel_reports_failed_total", {"stage": stage, "reason": "STEP_FAILED"}
            )
            == 0
        )
