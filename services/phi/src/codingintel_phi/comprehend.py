"""De-identification with AWS Comprehend Medical DetectPHI.

The embedded de-identifier runs first: the bundle's own identifiers and everything its
patterns find are replaced before any text leaves the process, so those values never
reach AWS. DetectPHI then reads the masked text, in chunks under its 20,000-byte limit
cut at sentence boundaries, and what it finds (free-text names, addresses, ...) is
mapped back to offsets in the original note. The two sets of spans are merged and the
note is rebuilt with typed placeholders, with offsets in both texts.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from codingintel import comprehend, external, ratelimit
from codingintel.phi.v1 import phi_pb2
from codingintel.reports.v1 import reports_pb2

from . import deid
from .settings import PhiSettings

log = logging.getLogger(__name__)

BACKEND_NAME = comprehend.BACKEND_NAME

# Comprehend Medical's PHI types, in our placeholder vocabulary.
TYPE_NAMES = {
    "PHONE_OR_FAX": "PHONE",
    "ALL_OTHER": "OTHER",
}


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int


class PlaceholderMap:
    """Maps offsets in a text with placeholders back to the text they replaced."""

    def __init__(self, entities: Sequence[Any]) -> None:
        # Entities with start/end (placeholder) and original_start/original_end.
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]

    def to_original(self, offset: int, *, is_end: bool) -> int:
        index = bisect.bisect_right(self.starts, offset - 1 if is_end else offset) - 1
        if index < 0:
            return offset
        entity = self.entities[index]
        if offset < entity.end or (is_end and offset == entity.end):
            # Inside a placeholder: the whole replaced value.
            return int(entity.original_end if is_end else entity.original_start)
        return int(offset - entity.end + entity.original_end)


def merge(spans: Sequence[Span]) -> list[Span]:
    """Overlapping or touching-inside spans become one, typed by the longest part."""
    merged: list[tuple[int, int, Span]] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.end <= span.start:
            continue
        if merged and span.start < merged[-1][1]:
            start, end, longest = merged[-1]
            if span.end - span.start > longest.end - longest.start:
                longest = span
            merged[-1] = (start, max(end, span.end), longest)
        else:
            merged.append((span.start, span.end, span))
    return [Span(longest.type, start, end) for start, end, longest in merged]


def rebuild(source: str, text: str, spans: Sequence[Span]) -> reports_pb2.DeidentifiedNote:
    note = reports_pb2.DeidentifiedNote(source=source)
    pieces: list[str] = []
    position = 0
    length = 0
    for span in spans:
        pieces.append(text[position : span.start])
        length += span.start - position
        placeholder = f"[{span.type}]"
        note.phi_entities.append(
            reports_pb2.PhiEntity(
                type=span.type,
                original_start=span.start,
                original_end=span.end,
                start=length,
                end=length + len(placeholder),
            )
        )
        pieces.append(placeholder)
        length += len(placeholder)
        position = span.end
    pieces.append(text[position:])
    note.text = "".join(pieces)
    return note


class ComprehendBackend:
    name = BACKEND_NAME

    def __init__(self, config: PhiSettings) -> None:
        self.comprehend = comprehend.Comprehend(
            config,
            {
                comprehend.DETECT_PHI: ratelimit.Limit(
                    rps=config.comprehend_detect_phi_rps,
                    concurrency=config.comprehend_detect_phi_concurrency,
                )
            },
        )
        self.max_bytes = comprehend.DETECT_PHI_MAX_BYTES

    async def _detect(self, masked: str) -> list[Span]:
        """DetectPHI over the masked text, chunk by chunk; spans in masked offsets."""
        chunks = [
            (start, end)
            for start, end in external.chunk_spans(masked, self.max_bytes, external.utf8_size)
            if masked[start:end].strip()
        ]
        answers = await external.gather(
            *(self.comprehend.call(comprehend.DETECT_PHI, masked[s:e]) for s, e in chunks)
        )
        spans = []
        for (start, end), answer in zip(chunks, answers, strict=True):
            for entity in answer.get("Entities", []):
                # Clamped to the chunk: an offset a little off masks a little more,
                # never less.
                begin = max(0, int(entity.get("BeginOffset", 0)))
                finish = min(end - start, int(entity.get("EndOffset", end - start)))
                if finish <= begin:
                    continue
                kind = str(entity.get("Type") or "OTHER")
                spans.append(Span(TYPE_NAMES.get(kind, kind), start + begin, start + finish))
        return spans

    async def _one(
        self, note: phi_pb2.Note, known: Sequence[tuple[str, str]]
    ) -> reports_pb2.DeidentifiedNote:
        masked = deid.deidentify(note.text, known)
        mapping = PlaceholderMap(masked.entities)
        found = await self._detect(masked.text)
        spans = [Span(e.type, e.original_start, e.original_end) for e in masked.entities]
        for span in found:
            spans.append(
                Span(
                    span.type,
                    mapping.to_original(span.start, is_end=False),
                    mapping.to_original(span.end, is_end=True),
                )
            )
        log.debug(
            "detected",
            extra={"embedded": len(masked.entities), "comprehend": len(found)},
        )
        return rebuild(note.source, note.text, merge(spans))

    async def deidentify(
        self, notes: Sequence[phi_pb2.Note], known: Sequence[tuple[str, str]]
    ) -> list[reports_pb2.DeidentifiedNote]:
        return list(await external.gather(*(self._one(note, known) for note in notes)))

    async def close(self) -> None:
        await self.comprehend.close()
