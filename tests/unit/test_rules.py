from __future__ import annotations

from codingintel.reports.v1 import reports_pb2
from codingintel_analysis import rules

FHIR: reports_pb2.CodeSource = reports_pb2.CODE_SOURCE_FHIR
NOTE: reports_pb2.CodeSource = reports_pb2.CODE_SOURCE_NOTE


def code(
    value: str, display: str, source: reports_pb2.CodeSource, evidence: bool
) -> reports_pb2.CodeSuggestion:
    suggestion = reports_pb2.CodeSuggestion(code=value, display=display, source=source, score=0.9)
    if evidence:
        suggestion.evidence.CopyFrom(reports_pb2.EvidenceSpan(start=0, end=4, text="x"))
    return suggestion


CODES = [
    code("J18.9", "Pneumonia, unspecified organism", FHIR, True),
    code("N39.0", "Urinary tract infection, site not specified", FHIR, False),
    code("I10", "Essential (primary) hypertension", NOTE, True),
]
NOTE_TEXT = (
    "Chief Complaint:\ncough\nHistory of Present Illness:\n"
    + "x " * 200
    + "\nAssessment:\nPneumonia."
)


def test_coding_analysis_sorts_codes_by_support() -> None:
    analysis = rules.analyze_coding([NOTE_TEXT], CODES, [])
    assert list(analysis.supported_codes) == ["I10", "J18.9"]
    assert list(analysis.unsupported_codes) == ["N39.0"]
    assert list(analysis.missed_codes) == ["I10"]
    assert {o.code for o in analysis.specificity_opportunities} == {"J18.9", "N39.0"}
    assert "Rule-based" in analysis.summary and "not an AI model" in analysis.summary


def test_quality_analysis_flags_missing_sections_and_unsupported_codes() -> None:
    coding = rules.analyze_coding([NOTE_TEXT], CODES, [])
    quality = rules.analyze_quality([NOTE_TEXT], CODES, coding)
    by_category: dict[str, list[reports_pb2.QualityFinding]] = {}
    for finding in quality.findings:
        by_category.setdefault(finding.category, []).append(finding)
    missing = [f.text for f in by_category["missing_section"]]
    assert missing == ["No plan section is documented."]
    assert by_category["missing_section"][0].severity == reports_pb2.SEVERITY_ERROR
    assert "N39.0" in by_category["unsupported_code"][0].text
    assert "short_note" not in by_category
    assert "Rule-based" in quality.summary


def test_an_encounter_without_notes_is_an_error() -> None:
    coding = rules.analyze_coding([], CODES, [])
    quality = rules.analyze_quality([], CODES, coding)
    assert quality.findings[0].category == "missing_note"
    assert quality.findings[0].severity == reports_pb2.SEVERITY_ERROR
