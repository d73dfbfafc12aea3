from __future__ import annotations

import simple_icd_10_cm as icd

from codingintel.coding.v1 import coding_pb2
from codingintel.reports.v1 import reports_pb2
from codingintel_coding import filtering, inference, matching
from codingintel_coding.dictionary import FAMILY_HISTORY_TERMS, TERMS

NOTE = """History of Present Illness:
Productive cough for three days. Denies chest pain or shortness of breath. No fever.
Past Medical History:
Type 2 diabetes mellitus with hyperglycemia. HTN.
Family History:
Mother with breast cancer.
Assessment:
Community-acquired pneumonia. Pulmonary embolism was ruled out.
"""


def codes(note: str = NOTE) -> dict[str, reports_pb2.CodeSuggestion]:
    return {c.code: c for c in inference.infer_icd10([filtering.filter_note(note)], [])}


def test_every_dictionary_code_is_a_billable_icd10cm_code() -> None:
    matching.check_dictionary()
    for term in (*TERMS, *FAMILY_HISTORY_TERMS):
        assert icd.is_valid_item(term.icd10) and icd.is_leaf(term.icd10), term.icd10
        assert term.snomed.isdigit()


def test_positive_mentions_are_coded_with_evidence() -> None:
    found = codes()
    assert {"R05.9", "E11.65", "I10", "J18.9"} <= set(found)
    evidence = found["J18.9"].evidence
    assert NOTE[evidence.start : evidence.end] == "Community-acquired pneumonia"
    assert found["I10"].score < found["J18.9"].score  # an abbreviation is weaker evidence


def test_negated_mentions_are_not_coded() -> None:
    found = codes()
    for negated in ("R07.9", "R06.02", "R50.9", "I26.99"):
        assert negated not in found, negated


def test_the_longest_phrase_wins() -> None:
    assert "E11.9" not in codes()


def test_family_history_maps_to_a_family_history_code() -> None:
    found = codes()
    assert "Z80.3" in found
    assert "C50.919" not in found


def test_fhir_codes_carry_the_note_evidence_behind_them() -> None:
    note = filtering.filter_note(NOTE)
    codings = [
        coding_pb2.Coding(system="http://hl7.org/fhir/sid/icd-10-cm", code="E11.9"),
        coding_pb2.Coding(system="http://hl7.org/fhir/sid/icd-10-cm", code="N39.0"),
    ]
    found = {(c.code, c.source): c for c in inference.infer_icd10([note], codings)}
    diabetes = found[("E11.9", reports_pb2.CODE_SOURCE_FHIR)]
    assert diabetes.HasField("evidence")  # same category as E11.65 in the note
    assert diabetes.display == "Type 2 diabetes mellitus without complications"
    assert not found[("N39.0", reports_pb2.CODE_SOURCE_FHIR)].HasField("evidence")


def test_snomed_codes_come_from_the_bundle_and_the_notes() -> None:
    note = filtering.filter_note(NOTE)
    codings = [
        coding_pb2.Coding(system="http://snomed.info/sct", code="233604007", display="Pneumonia")
    ]
    found = {(c.code, c.source): c for c in inference.infer_snomed([note], codings)}
    assert found[("233604007", reports_pb2.CODE_SOURCE_FHIR)].HasField("evidence")
    assert ("59621000", reports_pb2.CODE_SOURCE_NOTE) in found


def test_filtering_drops_administrative_sections() -> None:
    note = filtering.filter_note("Assessment:\nAsthma.\nBilling:\nCOPD screening code.\n")
    assert [s.section for s in note.segments] == ["assessment"]
    found = {c.code for c in inference.infer_icd10([note], [])}
    assert found == {"J45.909"}
