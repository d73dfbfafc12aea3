"""ICD-10-CM and SNOMED CT inference: mentions from the notes plus the codes the
bundle already carries, each FHIR code with the note evidence behind it.

Only billable ICD-10-CM codes are emitted; within a category, a specific code the
text supports replaces the unspecified one ("T2DM with hyperglycemia" and "T2DM" give
E11.65 alone)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from codingintel.coding.v1 import coding_pb2
from codingintel.fhir import ICD10CM_SYSTEM, SNOMED_SYSTEM
from codingintel.reports.v1 import reports_pb2

from . import codeset, matching
from .dictionary import SNOMED

BACKEND_NAME = "embedded-codeset"
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


def _unspecific(code: str) -> bool:
    description = codeset.describe(code).lower()
    return "unspecified" in description or "without complications" in description


def positive_mentions(notes: Sequence[coding_pb2.ClinicalNote]) -> dict[str, matching.Mention]:
    """The best positive mention per billable code, the most specific per category."""
    diagnostic = [matching.has_diagnostic_sections(n) for n in notes]
    best: dict[str, matching.Mention] = {}
    for mention in matching.find_mentions(notes):
        if mention.context or not codeset.is_billable(mention.code):
            continue
        if (
            mention.code.startswith("R")
            and diagnostic[mention.note_index]
            and mention.section not in matching.DIAGNOSTIC_SECTIONS
        ):
            continue
        current = best.get(mention.code)
        if current is None or mention.score > current.score:
            best[mention.code] = mention
    by_category: dict[str, list[str]] = {}
    for code in best:
        by_category.setdefault(code[:3], []).append(code)
    for codes in by_category.values():
        specific = [c for c in codes if not _unspecific(c)]
        if specific:
            for code in codes:
                if code not in specific:
                    del best[code]
    return best


def _infer(
    notes: Sequence[coding_pb2.ClinicalNote],
    codings: Sequence[coding_pb2.Coding],
    system: str,
    convert: Callable[[str], tuple[str, str] | None],
    fhir_display: Callable[[coding_pb2.Coding], str],
    related: Callable[[str, str], bool],
) -> list[reports_pb2.CodeSuggestion]:
    found: dict[str, tuple[str, matching.Mention]] = {}
    for icd_code, mention in positive_mentions(notes).items():
        converted = convert(icd_code)
        if converted is None:
            continue
        code, display = converted
        if code not in found or mention.score > found[code][1].score:
            found[code] = (display, mention)
    suggestions = [
        reports_pb2.CodeSuggestion(
            code=code,
            display=display,
            score=m.score,
            source=reports_pb2.CODE_SOURCE_NOTE,
            evidence=_evidence(m, notes),
        )
        for code, (display, m) in found.items()
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
        support = found.get(coding.code) or next(
            (v for code, v in found.items() if related(code, coding.code)), None
        )
        if support is not None:
            suggestion.evidence.CopyFrom(_evidence(support[1], notes))
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
        convert=lambda code: (code, codeset.describe(code)),
        fhir_display=lambda c: codeset.describe(c.code) or c.display,
        related=_same_category,
    )


def infer_snomed(
    notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
) -> list[reports_pb2.CodeSuggestion]:
    return _infer(
        notes,
        codings,
        SNOMED_SYSTEM,
        convert=lambda code: SNOMED.get(code),
        fhir_display=lambda c: c.display,
        related=lambda a, b: False,
    )
