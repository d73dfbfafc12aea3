"""Rule-based analysis, the offline default. It says so in every summary: it screens
the codes against the documentation with fixed rules; it is not an AI model."""

from __future__ import annotations

from collections.abc import Sequence

from codingintel.reports.v1 import reports_pb2
from codingintel.sections import section_names

BACKEND_NAME = "rules"

FHIR = reports_pb2.CODE_SOURCE_FHIR
NOTE = reports_pb2.CODE_SOURCE_NOTE

# What each kind of unspecified code needs the documentation to say.
SPECIFICITY_HINTS = {
    "E11": "document complications (e.g. nephropathy, neuropathy, hyperglycemia) and insulin use",
    "I50": "document the type (systolic, diastolic, combined) and acuity (acute, chronic)",
    "J18": "document the causative organism when known",
    "N18": "document the CKD stage",
    "I48": "document the type (paroxysmal, persistent, permanent)",
    "J44": "document exacerbation or infection when present",
    "N39": "document the site of infection and organism",
    "F32": "document episode (single, recurrent) and severity",
    "E66": "document BMI and the cause of obesity",
    "K35": "document perforation, abscess or peritonitis",
    "D64": "document the type and cause of anemia",
    "M17": "document laterality (left, right, bilateral)",
}

EXPECTED_SECTIONS = {
    "chief_complaint": reports_pb2.SEVERITY_WARNING,
    "history_of_present_illness": reports_pb2.SEVERITY_WARNING,
    "assessment": reports_pb2.SEVERITY_ERROR,
    "plan": reports_pb2.SEVERITY_ERROR,
}
SHORT_NOTE_CHARS = 300


def _unspecified(code: reports_pb2.CodeSuggestion) -> bool:
    display = code.display.lower()
    return "unspecified" in display or "not specified" in display


def analyze_coding(
    note_texts: Sequence[str],
    icd10_codes: Sequence[reports_pb2.CodeSuggestion],
    snomed_codes: Sequence[reports_pb2.CodeSuggestion],
) -> reports_pb2.CodingAnalysis:
    on_encounter = {c.code for c in icd10_codes if c.source == FHIR}
    supported = sorted({c.code for c in icd10_codes if c.HasField("evidence")})
    unsupported = sorted(
        {c.code for c in icd10_codes if c.source == FHIR and not c.HasField("evidence")}
    )
    missed = sorted(
        {
            c.code
            for c in icd10_codes
            if c.source == NOTE and c.code[:3] not in {x[:3] for x in on_encounter}
        }
    )
    opportunities = []
    seen: set[str] = set()
    for code in icd10_codes:
        if code.code in seen or not _unspecified(code):
            continue
        seen.add(code.code)
        hint = SPECIFICITY_HINTS.get(
            code.code[:3], "document the detail that a more specific code needs"
        )
        opportunities.append(
            reports_pb2.SpecificityOpportunity(
                code=code.code, suggestion=f"{code.code} ({code.display}): {hint}"
            )
        )
    summary = (
        f"Rule-based screening, not an AI model: {len(supported)} code(s) supported by the notes, "
        f"{len(unsupported)} on the encounter without note evidence, {len(missed)} documented but "
        f"not coded, {len(opportunities)} specificity opportunit{'y' if len(opportunities) == 1 else 'ies'}."
    )
    if not note_texts:
        summary += " The encounter has no clinical note."
    return reports_pb2.CodingAnalysis(
        supported_codes=supported,
        unsupported_codes=unsupported,
        missed_codes=missed,
        specificity_opportunities=opportunities,
        summary=summary,
    )


def analyze_quality(
    note_texts: Sequence[str],
    icd10_codes: Sequence[reports_pb2.CodeSuggestion],
    coding: reports_pb2.CodingAnalysis,
) -> reports_pb2.QualityAnalysis:
    findings: list[reports_pb2.QualityFinding] = []

    def add(category: str, severity: reports_pb2.Severity, text: str) -> None:
        findings.append(reports_pb2.QualityFinding(category=category, severity=severity, text=text))

    if not note_texts:
        add(
            "missing_note",
            reports_pb2.SEVERITY_ERROR,
            "The encounter has no clinical note to support its codes.",
        )
    present: set[str] = set()
    for text in note_texts:
        present |= section_names(text)
    if "assessment_and_plan" in present:
        present |= {"assessment", "plan"}
    if note_texts:
        for section, severity in EXPECTED_SECTIONS.items():
            if section not in present:
                add(
                    "missing_section",
                    severity,
                    f"No {section.replace('_', ' ')} section is documented.",
                )
    for index, text in enumerate(note_texts):
        if len(text.strip()) < SHORT_NOTE_CHARS:
            add(
                "short_note",
                reports_pb2.SEVERITY_WARNING,
                f"Note {index + 1} is under {SHORT_NOTE_CHARS} characters.",
            )
    displays = {c.code: c.display for c in icd10_codes}
    for code in coding.unsupported_codes:
        add(
            "unsupported_code",
            reports_pb2.SEVERITY_WARNING,
            f"{code} ({displays.get(code, '')}) is on the encounter but no note documents it.",
        )
    for code in coding.missed_codes:
        add(
            "uncoded_diagnosis",
            reports_pb2.SEVERITY_INFO,
            f"{code} ({displays.get(code, '')}) is documented in a note but not coded on the encounter.",
        )
    for opportunity in coding.specificity_opportunities:
        add("unspecified_code", reports_pb2.SEVERITY_INFO, opportunity.suggestion)
    errors = sum(1 for f in findings if f.severity == reports_pb2.SEVERITY_ERROR)
    warnings = sum(1 for f in findings if f.severity == reports_pb2.SEVERITY_WARNING)
    summary = (
        f"Rule-based documentation screening, not an AI model: {len(findings)} finding(s), "
        f"{errors} error(s), {warnings} warning(s)."
    )
    return reports_pb2.QualityAnalysis(findings=findings, summary=summary)
