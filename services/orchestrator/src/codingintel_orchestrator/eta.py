"""Estimated time remaining from recent stage timings (a moving average per stage,
seeded with typical durations of the embedded backends)."""

from __future__ import annotations

from collections.abc import Sequence

# Typical durations in milliseconds until real timings come in.
SEED_MS = {
    "phi_detection": 100.0,
    "clinical_filtering": 50.0,
    "icd10_inference": 100.0,
    "snomed_inference": 100.0,
    "code_inference": 10.0,
    "ai_coding_analysis": 100.0,
    "ai_quality_analysis": 100.0,
}
WEIGHT = 0.2  # of the newest timing


class EtaModel:
    def __init__(self) -> None:
        self.average_ms = dict(SEED_MS)

    def record(self, step: str, duration_ms: float) -> None:
        previous = self.average_ms.get(step, duration_ms)
        self.average_ms[step] = previous + WEIGHT * (duration_ms - previous)

    def remaining_ms(self, steps_left: Sequence[str]) -> int:
        return int(sum(self.average_ms.get(step, 0.0) for step in steps_left))
