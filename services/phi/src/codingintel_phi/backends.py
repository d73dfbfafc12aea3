"""The de-identification backends, chosen once at start."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from codingintel import benchmode
from codingintel.phi.v1 import phi_pb2
from codingintel.reports.v1 import reports_pb2

from . import deid
from .settings import PhiSettings

log = logging.getLogger(__name__)

Known = Sequence[tuple[str, str]]


class Backend(Protocol):
    name: str

    async def deidentify(
        self, notes: Sequence[phi_pb2.Note], known: Known
    ) -> list[reports_pb2.DeidentifiedNote]:
        """One de-identified note per note, in order; raises ExternalError."""
        ...

    async def close(self) -> None: ...


class EmbeddedBackend:
    """Offline rules and the bundle's own identifiers."""

    name = deid.BACKEND_NAME

    async def deidentify(
        self, notes: Sequence[phi_pb2.Note], known: Known
    ) -> list[reports_pb2.DeidentifiedNote]:
        out = []
        for note in notes:
            result = deid.deidentify(note.text, known)
            out.append(
                reports_pb2.DeidentifiedNote(
                    source=note.source,
                    text=result.text,
                    phi_entities=[
                        reports_pb2.PhiEntity(
                            type=e.type,
                            original_start=e.original_start,
                            original_end=e.original_end,
                            start=e.start,
                            end=e.end,
                        )
                        for e in result.entities
                    ],
                )
            )
        return out

    async def close(self) -> None:
        return None


class BenchBackend:
    """Benchmarks only (PHI_BACKEND=null or sleep): every letter and digit of each note
    masked, no entities, at once or after BENCH_SLEEP_SECONDS."""

    def __init__(self, mode: benchmode.Mode) -> None:
        self.name: str = mode
        self.delay = benchmode.Delay(mode)

    async def deidentify(
        self, notes: Sequence[phi_pb2.Note], known: Known
    ) -> list[reports_pb2.DeidentifiedNote]:
        await self.delay.wait()
        return [
            reports_pb2.DeidentifiedNote(source=note.source, text=benchmode.mask(note.text))
            for note in notes
        ]

    async def close(self) -> None:
        return None


def create(config: PhiSettings) -> Backend:
    """The configured backend; exits with a message naming the variable when its
    configuration is incomplete."""
    backend = _create(config)
    log.info("backend", extra={"backend": backend.name})
    return backend


def _create(config: PhiSettings) -> Backend:
    if config.phi_backend == "comprehend":
        from .comprehend import ComprehendBackend

        return ComprehendBackend(config)
    if config.phi_backend in ("null", "sleep"):
        return BenchBackend(config.phi_backend)
    return EmbeddedBackend()
