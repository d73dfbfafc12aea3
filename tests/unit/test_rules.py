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
    code("R07.9", "Chest pain, unspecified", FHIR, False),
]
NOTE_TEXT = (
    "Chief Complaint:\ncough\nHistory of Present Illness:\n"
    + "x " * 200
    + "\nHe denies chest pain.\nAssessment:\nPneumonia of the right lower lobe, "
    "sputum culture grew Streptococcus pneumoniae. Hypertension."
)


def by_category(
    quality: reports_pb2.QualityAnalysis,
) -> dict[str, list[reports_pb2.QualityFinding]]:
    found: dict[str, list[reports_pb2.QualityFinding]] = {}
    for finding in quality.findings:
        found.setdefault(finding.category, []).append(finding)
    return found


def test_coding_analysis_sorts_codes_by_support() -> None:
    analysis = rules.analyze_coding([NOTE_TEXT], CODES, [])
    assert list(analysis.supported_codes) == ["I10", "J18.9"]
    assert list(analysis.unsupported_codes) == ["N39.0", "R07.9"]
    assert list(analysis.missed_codes) == ["I10"]
    assert "Rule-based" in analysis.summary and "not an AI model" in analysis.summary
    assert "1 negated in a note" in analysis.summary


def test_unspecified_codes_are_opportunities_only_where_the_note_has_more_detail() -> None:
    analysis = rules.analyze_coding([NOTE_TEXT], CODES, [])
    # The note names the organism: J18.9 could be more specific. Nothing in it says more
    # about the urinary tract infection: that is a documentation matter instead.
    [opportunity] = analysis.specificity_opportunities
    assert opportunity.code == "J18.9"
    assert "streptococcus" in opportunity.suggestion
    quality = rules.analyze_quality([NOTE_TEXT], CODES, analysis)
    unspecified = {f.related_codes[0]: f for f in by_category(quality)["unspecified_code"]}
    assert "site of infection" in unspecified["N39.0"].text
    assert "J18.9" in unspecified


def test_a_coded_condition_the_note_negates_is_an_error() -> None:
    analysis = rules.analyze_coding([NOTE_TEXT], CODES, [])
    quality = rules.analyze_quality([NOTE_TEXT], CODES, analysis)
    found = by_category(quality)
    [negated] = found["negated_code"]
    assert negated.related_codes == ["R07.9"] and negated.severity == reports_pb2.SEVERITY_ERROR
    assert [f.related_codes[0] for f in found["unsupported_code"]] == ["N39.0"]
    assert rules.negated_in(["Pneumonia was ruled out."], CODES[0])
    assert not rules.negated_in(["Pneumonia, no fever."], CODES[0])


def test_quality_analysis_flags_missing_sections() -> None:
    coding = rules.analyze_coding([NOTE_TEXT], CODES, [])
    quality = rules.analyze_quality([NOTE_TEXT], CODES, coding)
    found = by_category(quality)
    assert [f.text for f in found["missing_section"]] == ["No plan section is documented."]
    assert found["missing_section"][0].severity == reports_pb2.SEVERITY_ERROR
    assert "short_note" not in found
    assert "Rule-based" in quality.summary and "not an AI model" in quality.summary
    # The same shape as the LLM's answer, without what only an LLM gives.
    assert not quality.prompt_version and not quality.HasField("token_usage")


def test_an_encounter_without_notes_is_an_error() -> None:
    coding = rules.analyze_coding([], CODES, [])
    quality = rules.analyze_quality([], CODES, coding)
    assert quality.findings[0].category == "missing_note"
    assert quality.findings[0].severity == reports_pb2.SEVERITY_ERROR
    assert "no clinical note" in coding.summary
