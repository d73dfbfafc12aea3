"""ICD-10-CM and SNOMED CT inference: dictionary mentions from the notes plus the
codes the bundle already carries, each FHIR code with the note evidence behind it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from codingintel.coding.v1 import coding_pb2
from codingintel.fhir import ICD10CM_SYSTEM, SNOMED_SYSTEM
from codingintel.reports.v1 import reports_pb2

from . import matching
from .dictionary import Term

BACKEND_NAME = "embedded-dictionary"
FHIR_SCORE = 1.0


def _evidence(
    mention: matching.Mention, notes: Sequence[coding_pb2.ClinicalNote]
) -> reports_pb2.EvidenceSpan:
    text = notes[mention.note_index].text
    return reports_pb2.EvidenceSpan(
        note_index=mention.note_index,
        start=mention.start,
        end=mention.end,
        text=text[mention.start : mention.end],
    )


def _infer(
    notes: Sequence[coding_pb2.ClinicalNote],
    codings: Sequence[coding_pb2.Coding],
    system: str,
    code_of: Callable[[Term], str],
    display_of: Callable[[Term], str],
    fhir_display: Callable[[coding_pb2.Coding], str],
    related: Callable[[str, str], bool],
) -> list[reports_pb2.CodeSuggestion]:
    best: dict[str, matching.Mention] = {}
    for mention in matching.find_mentions(notes):
        if mention.negated:
            continue
        code = code_of(mention.term)
        if code not in best or mention.score > best[code].score:
            best[code] = mention
    suggestions = [
        reports_pb2.CodeSuggestion(
            code=code,
            display=display_of(m.term),
            score=m.score,
            source=reports_pb2.CODE_SOURCE_NOTE,
            evidence=_evidence(m, notes),
        )
        for code, m in best.items()
    ]
    seen: set[str] = set()
    for coding in codings:
        if coding.system != system or coding.code in seen:
            continue
        seen.add(coding.code)
        suggestion = reports_pb2.CodeSuggestion(
            code=coding.code,
            display=fhir_display(coding),
            score=FHIR_SCORE,
            source=reports_pb2.CODE_SOURCE_FHIR,
        )
        support = best.get(coding.code) or next(
            (m for code, m in best.items() if related(code, coding.code)), None
        )
        if support is not None:
            suggestion.evidence.CopyFrom(_evidence(support, notes))
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.code))
    return suggestions


def _same_category(a: str, b: str) -> bool:
    # E11.65 in the note supports E11.9 on the encounter: same diagnosis, other detail.
    return a[:3] == b[:3]


def infer_icd10(
    notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
) -> list[reports_pb2.CodeSuggestion]:
    return _infer(
        notes,
        codings,
        ICD10CM_SYSTEM,
        code_of=lambda t: t.icd10,
        display_of=lambda t: matching.describe(t.icd10),
        fhir_display=lambda c: matching.describe(c.code) or c.display,
        related=_same_category,
    )


def infer_snomed(
    notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
) -> list[reports_pb2.CodeSuggestion]:
    return _infer(
        notes,
        codings,
        SNOMED_SYSTEM,
        code_of=lambda t: t.snomed,
        display_of=lambda t: t.snomed_display,
        fhir_display=lambda c: c.display,
        related=lambda a, b: False,
    )
