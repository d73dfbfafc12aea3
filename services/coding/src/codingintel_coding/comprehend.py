"""ICD-10-CM and SNOMED CT inference with AWS Comprehend Medical (InferICD10CM,
InferSNOMEDCT).

Only the clinical segments of the de-identified notes are sent, in chunks under the
10,000-character limit cut at sentence boundaries; offsets in the answers are mapped back
to the note. Concepts of entities marked NEGATION, HYPOTHETICAL or PERTAINS_TO_FAMILY
are dropped, and so are concepts scored under the threshold. The codes on the encounter
are carried as in the embedded backend, with the note evidence behind them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from codingintel import comprehend, external, ratelimit
from codingintel.codesystems import ICD10CM_SYSTEM, SNOMED_SYSTEM
from codingintel.coding.v1 import coding_pb2
from codingintel.reports.v1 import reports_pb2

from .settings import CodingSettings

log = logging.getLogger(__name__)

BACKEND_NAME = comprehend.BACKEND_NAME
DROPPED_TRAITS = frozenset({"NEGATION", "HYPOTHETICAL", "PERTAINS_TO_FAMILY"})
FHIR_SCORE = 1.0


@dataclass(frozen=True)
class Found:
    code: str
    display: str
    score: float
    note_index: int
    start: int
    end: int


# Between two kept segments, nothing but a section header ("Family History:"): the
# segments are sent together, header included, which gives the API its context.
_HEADER_ONLY = re.compile(r"\s*[A-Za-z][A-Za-z /&()'-]{0,60}:\s*")


def clinical_ranges(note: coding_pb2.ClinicalNote) -> list[tuple[int, int]]:
    """The note's kept segments, joined where only a header separates them; the whole
    note when it has none. Dropped (administrative) sections stay out."""
    segments = sorted((s.start, s.end) for s in note.segments) or [(0, len(note.text))]
    ranges: list[tuple[int, int]] = []
    for start, end in segments:
        start, end = max(0, start), min(len(note.text), end)
        if end <= start:
            continue
        if ranges and (
            start <= ranges[-1][1]
            or _HEADER_ONLY.fullmatch(note.text, ranges[-1][1], start) is not None
        ):
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((start, end))
    return ranges


def chunks(notes: Sequence[coding_pb2.ClinicalNote], limit: int) -> list[tuple[int, int, int]]:
    """(note index, start, end) of every chunk to send."""
    out = []
    for index, note in enumerate(notes):
        for start, end in clinical_ranges(note):
            for s, e in external.chunk_spans(note.text[start:end], limit):
                if note.text[start + s : start + e].strip():
                    out.append((index, start + s, start + e))
    return out


def concepts(
    answer: dict[str, Any], concepts_key: str, min_score: float, chunk_length: int
) -> list[tuple[str, str, float, int, int]]:
    """(code, description, score, begin, end) of the best concept of each entity kept."""
    out = []
    for entity in answer.get("Entities", []):
        traits = {str(t.get("Name", "")) for t in entity.get("Traits", [])}
        if traits & DROPPED_TRAITS:
            continue
        begin, end = int(entity.get("BeginOffset", -1)), int(entity.get("EndOffset", -1))
        if not 0 <= begin < end <= chunk_length:
            continue
        ranked = sorted(entity.get(concepts_key, []), key=lambda c: -float(c.get("Score", 0.0)))
        if not ranked:
            continue
        best = ranked[0]
        score = float(best.get("Score", 0.0))
        code = str(best.get("Code", "")).strip()
        if not code or score < min_score:
            continue
        out.append((code, str(best.get("Description", "")), score, begin, end))
    return out


def suggestions(
    notes: Sequence[coding_pb2.ClinicalNote],
    found: Sequence[Found],
    codings: Sequence[coding_pb2.Coding],
    system: str,
    related: Callable[[str, str], bool],
) -> list[reports_pb2.CodeSuggestion]:
    best: dict[str, Found] = {}
    for f in found:
        if f.code not in best or f.score > best[f.code].score:
            best[f.code] = f

    def evidence(f: Found) -> reports_pb2.EvidenceSpan:
        return reports_pb2.EvidenceSpan(
            note_index=f.note_index,
            start=f.start,
            end=f.end,
            text=notes[f.note_index].text[f.start : f.end],
        )

    out = [
        reports_pb2.CodeSuggestion(
            code=f.code,
            display=f.display,
            score=round(f.score, 4),
            source=reports_pb2.CODE_SOURCE_NOTE,
            evidence=evidence(f),
        )
        for f in best.values()
    ]
    seen: set[str] = set()
    for coding in codings:
        if coding.system != system or coding.code in seen:
            continue
        seen.add(coding.code)
        suggestion = reports_pb2.CodeSuggestion(
            code=coding.code,
            display=coding.display,
            score=FHIR_SCORE,
            source=reports_pb2.CODE_SOURCE_FHIR,
        )
        support = best.get(coding.code) or next(
            (f for code, f in best.items() if related(code, coding.code)), None
        )
        if support is not None:
            suggestion.evidence.CopyFrom(evidence(support))
        out.append(suggestion)
    out.sort(key=lambda s: (-s.score, s.code))
    return out


def _same_category(a: str, b: str) -> bool:
    return a.replace(".", "")[:3] == b.replace(".", "")[:3]


class ComprehendBackend:
    name = BACKEND_NAME

    def __init__(self, config: CodingSettings) -> None:
        self.comprehend = comprehend.Comprehend(
            config,
            {
                comprehend.INFER_ICD10CM: ratelimit.Limit(
                    rps=config.comprehend_infer_icd10cm_rps,
                    concurrency=config.comprehend_infer_icd10cm_concurrency,
                ),
                comprehend.INFER_SNOMEDCT: ratelimit.Limit(
                    rps=config.comprehend_infer_snomedct_rps,
                    concurrency=config.comprehend_infer_snomedct_concurrency,
                ),
            },
        )
        self.min_score = config.comprehend_min_score
        self.max_chars = comprehend.INFER_MAX_CHARS

    async def _infer(
        self, operation: str, concepts_key: str, notes: Sequence[coding_pb2.ClinicalNote]
    ) -> list[Found]:
        pieces = chunks(notes, self.max_chars)
        answers = await external.gather(
            *(self.comprehend.call(operation, notes[i].text[s:e]) for i, s, e in pieces)
        )
        found = []
        for (index, start, end), answer in zip(pieces, answers, strict=True):
            for code, display, score, begin, finish in concepts(
                answer, concepts_key, self.min_score, end - start
            ):
                found.append(Found(code, display, score, index, start + begin, start + finish))
        log.info(
            "comprehend inference",
            extra={"operation": operation, "chunks": len(pieces), "concepts": len(found)},
        )
        return found

    async def infer_icd10(
        self, notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
    ) -> list[reports_pb2.CodeSuggestion]:
        found = await self._infer(comprehend.INFER_ICD10CM, "ICD10CMConcepts", notes)
        return suggestions(notes, found, codings, ICD10CM_SYSTEM, _same_category)

    async def infer_snomed(
        self, notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
    ) -> list[reports_pb2.CodeSuggestion]:
        found = await self._infer(comprehend.INFER_SNOMEDCT, "SNOMEDCTConcepts", notes)
        return suggestions(notes, found, codings, SNOMED_SYSTEM, lambda a, b: False)

    async def close(self) -> None:
        await self.comprehend.close()
