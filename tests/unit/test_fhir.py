from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from codingintel import fhir

from ..support import EXAMPLES


def bundle(*resources: dict[str, Any], **entry_extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r, **entry_extra} for r in resources],
    }


ENCOUNTER = {
    "resourceType": "Encounter",
    "id": "enc-1",
    "status": "finished",
    "class": {"code": "AMB"},
}


def note(text: bytes, content_type: str = "text/plain") -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "content": [
            {"attachment": {"contentType": content_type, "data": base64.b64encode(text).decode()}}
        ],
    }


def parse(obj: dict[str, Any]) -> fhir.Encounter:
    return fhir.parse_encounter(json.dumps(obj).encode())


def test_every_example_is_a_valid_encounter_with_notes_and_codes() -> None:
    assert len(EXAMPLES) >= 5
    for path in EXAMPLES:
        encounter = fhir.parse_encounter(path.read_bytes())
        assert encounter.encounter_id
        assert encounter.notes, path.name
        systems = {c.system for c in encounter.codings}
        assert {fhir.ICD10CM_SYSTEM, fhir.SNOMED_SYSTEM} <= systems, path.name
        assert any(k.type == "NAME" for k in encounter.known_identifiers)


def test_encounter_id_falls_back_to_identifier_then_full_url() -> None:
    assert parse(bundle(ENCOUNTER)).encounter_id == "enc-1"
    with_identifier = {**ENCOUNTER, "id": None, "identifier": [{"value": "V-77"}]}
    del with_identifier["id"]
    assert parse(bundle(with_identifier)).encounter_id == "V-77"
    bare = {k: v for k, v in ENCOUNTER.items() if k != "id"}
    url = "urn:uuid:3f0c5c3e-8f0e-4f51-9d7e-2f1f0f3a9a11"
    assert parse(bundle(bare, fullUrl=url)).encounter_id == url
    with pytest.raises(fhir.BundleInvalid) as caught:
        parse(bundle(bare))
    assert caught.value.violations[0].field == "fhir_bundle.entry[0].resource.id"


def test_html_notes_become_text_and_other_content_types_are_skipped_with_a_warning() -> None:
    encounter = parse(
        bundle(
            ENCOUNTER,
            note(b"<p>Assessment:</p><p>Asthma &amp; GERD</p>", "text/html"),
            note(b"%PDF-1.4", "application/pdf"),
        )
    )
    assert [n.text for n in encounter.notes] == ["Assessment:\nAsthma & GERD"]
    assert len(encounter.warnings) == 1 and "content type" in encounter.warnings[0]


def test_an_empty_note_is_skipped_with_a_warning() -> None:
    encounter = parse(bundle(ENCOUNTER, note(b"   ")))
    assert encounter.notes == []
    assert "empty" in encounter.warnings[0]


SECRET = "Zebulon Quixote 999-88-7777"

BAD_BUNDLES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "fhir_bundle"),
    (
        "invalid utf-8",
        b'{"resourceType": "Bundle", "x": "\xff\xfe' + SECRET.encode() + b'"}',
        "fhir_bundle",
    ),
    ("not json", f"{{resourceType: Bundle {SECRET}".encode(), "fhir_bundle"),
    ("json array", json.dumps([SECRET]).encode(), "fhir_bundle"),
    (
        "not a bundle",
        json.dumps({"resourceType": "Patient", "id": SECRET}).encode(),
        "fhir_bundle.resourceType",
    ),
    (
        "no encounter",
        json.dumps(bundle({"resourceType": "Patient", "name": [{"family": SECRET}]})).encode(),
        "fhir_bundle.entry",
    ),
    (
        "two encounters",
        json.dumps(bundle(ENCOUNTER, {**ENCOUNTER, "id": "enc-2"})).encode(),
        "fhir_bundle.entry",
    ),
    (
        "unknown resource type",
        json.dumps(bundle(ENCOUNTER, {"resourceType": "Zebulon", "text": SECRET})).encode(),
        "fhir_bundle.entry[1].resource.resourceType",
    ),
    (
        "unknown element",
        json.dumps(bundle({**ENCOUNTER, "secretField": SECRET})).encode(),
        "fhir_bundle.entry[0].resource.secretField",
    ),
    (
        "bad date",
        json.dumps(bundle(ENCOUNTER, {"resourceType": "Patient", "birthDate": SECRET})).encode(),
        "fhir_bundle.entry[1].resource.birthDate",
    ),
    (
        "missing required field",
        json.dumps({"resourceType": "Bundle", "entry": [{"resource": ENCOUNTER}]}).encode(),
        "fhir_bundle.type",
    ),
    (
        "note not utf-8",
        json.dumps(bundle(ENCOUNTER, note(b"\xff\xfe\xfd" + SECRET.encode()))).encode(),
        "fhir_bundle.entry[1].resource.attachment.data",
    ),
    (
        "too large",
        json.dumps(
            bundle(ENCOUNTER, {"resourceType": "Basic", "code": {"text": SECRET * 4000}})
        ).encode(),
        "fhir_bundle",
    ),
]


@pytest.mark.parametrize(("kind", "data", "field"), BAD_BUNDLES, ids=[b[0] for b in BAD_BUNDLES])
def test_bad_bundles_get_field_violations_that_echo_nothing(
    kind: str, data: bytes, field: str
) -> None:
    with pytest.raises(fhir.BundleInvalid) as caught:
        fhir.parse_encounter(data, max_bytes=64 * 1024)
    violations = caught.value.violations
    assert field in [v.field for v in violations]
    for violation in violations:
        for word in ("Zebulon", "Quixote", "999-88-7777"):
            assert word not in violation.field + violation.description


def coded(kind: str, element: str, system: str, code: str) -> dict[str, Any]:
    extra = {"status": "active", "intent": "order", "subject": {"reference": "Patient/p"}}
    if kind == "Observation":
        extra = {"status": "final"}
    if kind in ("Condition", "AllergyIntolerance"):
        extra = (
            {"patient": {"reference": "Patient/p"}}
            if kind == "AllergyIntolerance"
            else {"subject": {"reference": "Patient/p"}}
        )
    if kind == "Procedure":
        extra = {"status": "completed", "subject": {"reference": "Patient/p"}}
    return {
        "resourceType": kind,
        **extra,
        element: {"coding": [{"system": system, "code": code, "display": "d"}]},
    }


def test_codings_keep_their_system_and_resource_type() -> None:
    encounter = parse(
        bundle(
            ENCOUNTER,
            coded("Condition", "code", fhir.ICD10CM_SYSTEM, "I10"),
            coded("Procedure", "code", fhir.SNOMED_SYSTEM, "80146002"),
            coded("Observation", "code", fhir.LOINC_SYSTEM, "4548-4"),
            coded("MedicationRequest", "medicationCodeableConcept", fhir.RXNORM_SYSTEM, "860975"),
            coded("AllergyIntolerance", "code", fhir.RXNORM_SYSTEM, "7980"),
        )
    )
    assert {(c.resource_type, c.system, c.code) for c in encounter.codings} == {
        ("Condition", fhir.ICD10CM_SYSTEM, "I10"),
        ("Procedure", fhir.SNOMED_SYSTEM, "80146002"),
        ("Observation", fhir.LOINC_SYSTEM, "4548-4"),
        ("MedicationRequest", fhir.RXNORM_SYSTEM, "860975"),
        ("AllergyIntolerance", fhir.RXNORM_SYSTEM, "7980"),
    }


def test_person_resources_give_known_identifiers() -> None:
    people: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "name": [{"given": ["Zebulon"], "family": "Quixote"}],
            "birthDate": "1950-02-03",
            "telecom": [{"system": "fax", "value": "555-111-2222"}],
        },
        {
            "resourceType": "RelatedPerson",
            "patient": {"reference": "Patient/p"},
            "name": [{"given": ["Ophelia"], "family": "Quixote"}],
        },
        {"resourceType": "Practitioner", "name": [{"given": ["Anand"], "family": "Raghavan"}]},
    ]
    known = {(k.type, k.value) for k in parse(bundle(ENCOUNTER, *people)).known_identifiers}
    assert {("NAME", "Zebulon"), ("NAME", "Ophelia"), ("NAME", "Raghavan")} <= known
    assert ("DATE", "1950-02-03") in known and ("FAX", "555-111-2222") in known


def test_diagnostic_report_and_nested_composition_sections_are_notes() -> None:
    report = {
        "resourceType": "DiagnosticReport",
        "status": "final",
        "code": {"text": "CXR"},
        "presentedForm": [
            {
                "contentType": "text/plain",
                "data": base64.b64encode(b"Impression: pneumonia").decode(),
            }
        ],
    }
    div = '<div xmlns="http://www.w3.org/1999/xhtml">{}</div>'
    composition = {
        "resourceType": "Composition",
        "status": "final",
        "type": {"text": "note"},
        "date": "2026-01-01",
        "author": [{"display": "x"}],
        "title": "t",
        "section": [
            {
                "title": "Assessment",
                "text": {"status": "generated", "div": div.format("<p>Asthma</p>")},
                "section": [
                    {"title": "Plan", "text": {"status": "generated", "div": div.format("Inhaler")}}
                ],
            }
        ],
    }
    encounter = parse(bundle(ENCOUNTER, report, composition))
    assert [n.text for n in encounter.notes] == [
        "Impression: pneumonia",
        "Assessment:\nAsthma",
        "Plan:\nInhaler",
    ]


def test_a_note_over_the_size_limit_rejects_the_bundle_without_echoing_it() -> None:
    data = json.dumps(bundle(ENCOUNTER, note(SECRET.encode() * 10))).encode()
    with pytest.raises(fhir.BundleInvalid) as caught:
        fhir.parse_encounter(data, max_note_bytes=100)
    violation = caught.value.violations[0]
    assert violation.field == "fhir_bundle.entry[1].resource.attachment.data"
    assert "too_large" in violation.description and "Zebulon" not in violation.description
    assert fhir.parse_encounter(data, max_note_bytes=1000).notes
