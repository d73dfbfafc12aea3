"""The analysis backends, chosen once at start."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from codingintel import benchmode
from codingintel.reports.v1 import reports_pb2

from . import rules
from .settings import AnalysisSettings

log = logging.getLogger(__name__)

Codes = Sequence[reports_pb2.CodeSuggestion]


class Backend(Protocol):
    # "rules" or the LLM model name: the report says which backend produced each part.
    name: str

    async def analyze_coding(
        self, note_texts: Sequence[str], icd10_codes: Codes, snomed_codes: Codes
    ) -> reports_pb2.CodingAnalysis: ...

    async def analyze_quality(
        self,
        note_texts: Sequence[str],
        icd10_codes: Codes,
        coding: reports_pb2.CodingAnalysis,
    ) -> reports_pb2.QualityAnalysis: ...

    async def close(self) -> None: ...


class RulesBackend:
    """Rule-based screening, not an AI model; offline."""

    name = rules.BACKEND_NAME

    async def analyze_coding(
        self, note_texts: Sequence[str], icd10_codes: Codes, snomed_codes: Codes
    ) -> reports_pb2.CodingAnalysis:
        return rules.analyze_coding(note_texts, icd10_codes, snomed_codes)

    async def analyze_quality(
        self,
        note_texts: Sequence[str],
        icd10_codes: Codes,
        coding: reports_pb2.CodingAnalysis,
    ) -> reports_pb2.QualityAnalysis:
        return rules.analyze_quality(note_texts, icd10_codes, coding)

    async def close(self) -> None:
        return None


class BenchBackend:
    """Benchmarks only (ANALYSIS_BACKEND=null or sleep): a fixed, empty analysis, at once
    or after BENCH_SLEEP_SECONDS."""

    SUMMARY = "Benchmark backend: a fixed answer, no analysis was made."

    def __init__(self, mode: benchmode.Mode) -> None:
        self.name: str = mode
        self.delay = benchmode.Delay(mode)

    async def analyze_coding(
        self, note_texts: Sequence[str], icd10_codes: Codes, snomed_codes: Codes
    ) -> reports_pb2.CodingAnalysis:
        await self.delay.wait()
        return reports_pb2.CodingAnalysis(summary=self.SUMMARY)

    async def analyze_quality(
        self,
        note_texts: Sequence[str],
        icd10_codes: Codes,
        coding: reports_pb2.CodingAnalysis,
    ) -> reports_pb2.QualityAnalysis:
        await self.delay.wait()
        return reports_pb2.QualityAnalysis(summary=self.SUMMARY)

    async def close(self) -> None:
        return None


def create(config: AnalysisSettings) -> Backend:
    """The configured backend; exits with a message naming the variable when its
    configuration is incomplete."""
    backend = _create(config)
    log.info("backend", extra={"backend": backend.name})
    return backend


def _create(config: AnalysisSettings) -> Backend:
    if config.analysis_backend == "openai":
        from .llm import LlmBackend

        return LlmBackend(config)
    if config.analysis_backend in ("null", "sleep"):
        return BenchBackend(config.analysis_backend)
    return RulesBackend()
