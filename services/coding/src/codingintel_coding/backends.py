"""The code-inference backends, chosen once at start. Clinical filtering is the
section-aware filter for every backend: Comprehend Medical has no equivalent."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from codingintel import benchmode, codesystems
from codingintel.coding.v1 import coding_pb2
from codingintel.reports.v1 import reports_pb2

from . import inference
from .settings import CodingSettings

log = logging.getLogger(__name__)

Notes = Sequence[coding_pb2.ClinicalNote]
Codings = Sequence[coding_pb2.Coding]


class Backend(Protocol):
    name: str

    async def infer_icd10(
        self, notes: Notes, codings: Codings
    ) -> list[reports_pb2.CodeSuggestion]: ...

    async def infer_snomed(
        self, notes: Notes, codings: Codings
    ) -> list[reports_pb2.CodeSuggestion]: ...

    async def close(self) -> None: ...


class EmbeddedBackend:
    """The term dictionary, offline."""

    name = inference.BACKEND_NAME

    async def infer_icd10(self, notes: Notes, codings: Codings) -> list[reports_pb2.CodeSuggestion]:
        return list(inference.infer_icd10(notes, codings))

    async def infer_snomed(
        self, notes: Notes, codings: Codings
    ) -> list[reports_pb2.CodeSuggestion]:
        return list(inference.infer_snomed(notes, codings))

    async def close(self) -> None:
        return None


class BenchBackend:
    """Benchmarks only (CODING_BACKEND=null or sleep): the encounter's own codes of each
    system, at once or after BENCH_SLEEP_SECONDS."""

    def __init__(self, mode: benchmode.Mode) -> None:
        self.name: str = mode
        self.delay = benchmode.Delay(mode)

    @staticmethod
    def _own(codings: Codings, system: str) -> list[reports_pb2.CodeSuggestion]:
        return [
            reports_pb2.CodeSuggestion(
                code=c.code, display=c.display, score=1.0, source=reports_pb2.CODE_SOURCE_FHIR
            )
            for c in codings
            if c.system == system
        ]

    async def infer_icd10(self, notes: Notes, codings: Codings) -> list[reports_pb2.CodeSuggestion]:
        await self.delay.wait()
        return self._own(codings, codesystems.ICD10CM_SYSTEM)

    async def infer_snomed(
        self, notes: Notes, codings: Codings
    ) -> list[reports_pb2.CodeSuggestion]:
        await self.delay.wait()
        return self._own(codings, codesystems.SNOMED_SYSTEM)

    async def close(self) -> None:
        return None


def create(config: CodingSettings) -> Backend:
    """The configured backend; exits with a message naming the variable when its
    configuration is incomplete."""
    backend = _create(config)
    log.info("backend", extra={"backend": backend.name})
    return backend


def _create(config: CodingSettings) -> Backend:
    if config.coding_backend == "comprehend":
        from .comprehend import ComprehendBackend

        return ComprehendBackend(config)
    if config.coding_backend in ("null", "sleep"):
        return BenchBackend(config.coding_backend)
    return EmbeddedBackend()
