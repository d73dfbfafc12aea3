from __future__ import annotations

from codingintel_phi import deid

NOTE = (
    "Patient: Maria Lopez-Garcia, MRN: A12345678, seen 03/14/2026 and again on March 21, 2026.\n"
    "SSN 123-45-6789. Call (555) 123-4567 or 555.987.6543, email maria.lopez@example.org.\n"
    "Portal https://portal.example.org/p/77, host 10.2.33.4. Dr. Henry Walsh reviewed.\n"
    "She is a 93 year old woman. Follow-up 2026-04-01. Pacemaker serial number SN-99887766.\n"
)
KNOWN = [
    ("NAME", "Maria"),
    ("NAME", "Lopez-Garcia"),
    ("NAME", "Maria Lopez-Garcia"),
    ("MRN", "A12345678"),
]


def test_every_identifier_is_replaced_and_no_value_survives() -> None:
    result = deid.deidentify(NOTE, KNOWN)
    for value in (
        "Maria",
        "Lopez-Garcia",
        "A12345678",
        "03/14/2026",
        "March 21, 2026",
        "123-45-6789",
        "(555) 123-4567",
        "555.987.6543",
        "maria.lopez@example.org",
        "portal.example.org",
        "10.2.33.4",
        "Henry Walsh",
        "93",
        "2026-04-01",
        "SN-99887766",
    ):
        assert value not in result.text, value
    for placeholder in (
        "[NAME]",
        "[MRN]",
        "[DATE]",
        "[SSN]",
        "[PHONE]",
        "[EMAIL]",
        "[URL]",
        "[IP_ADDRESS]",
        "[AGE]",
        "[DEVICE_ID]",
    ):
        assert placeholder in result.text, placeholder


def test_offsets_map_each_placeholder_back_to_the_original_span() -> None:
    result = deid.deidentify(NOTE, KNOWN)
    assert result.entities
    for entity in result.entities:
        assert result.text[entity.start : entity.end] == f"[{entity.type}]"
        assert 0 <= entity.original_start < entity.original_end <= len(NOTE)
    # The text between entities is untouched.
    rebuilt, position = [], 0
    for entity in result.entities:
        rebuilt.append(NOTE[position : entity.original_start])
        rebuilt.append(f"[{entity.type}]")
        position = entity.original_end
    rebuilt.append(NOTE[position:])
    assert "".join(rebuilt) == result.text


def test_clinical_text_is_left_alone() -> None:
    text = "Metformin 500 mg twice daily. BP 142/88, HR 92. A1c 8.2%. Type 2 diabetes mellitus."
    result = deid.deidentify(text, [])
    assert result.text == text
    assert result.entities == []


def test_known_phone_matches_in_any_format() -> None:
    result = deid.deidentify("reach her at 555-222-3333 today", [("PHONE", "(555) 222-3333")])
    assert "555-222-3333" not in result.text
    assert result.entities[0].type == "PHONE"


def test_ages_up_to_89_are_not_phi() -> None:
    assert deid.deidentify("a 67 year old man", []).text == "a 67 year old man"
    assert deid.deidentify("a 90-year-old man", []).text == "a [AGE]-year-old man"
