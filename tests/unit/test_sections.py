from __future__ import annotations

from codingintel.sections import normalise, section_names, split_sections

NOTE = """Chief Complaint: cough
History of Present Illness:
Three days of cough.
Vital Signs:
Temperature: 38.5
Assessment/Plan:
Pneumonia.
"""


def test_sections_are_named_and_their_content_excludes_the_header() -> None:
    sections = split_sections(NOTE)
    names = [s.name for s in sections]
    assert names == [
        "chief_complaint",
        "history_of_present_illness",
        "vital_signs",
        "assessment_and_plan",
    ]
    hpi = sections[1]
    assert NOTE[hpi.start : hpi.end].strip() == "Three days of cough."


def test_a_value_line_inside_a_section_is_not_a_header() -> None:
    assert "temperature" not in section_names(NOTE)


def test_text_without_headers_is_one_unnamed_section() -> None:
    sections = split_sections("Seen for follow-up. Doing well.")
    assert [(s.name, s.start) for s in sections] == [("", 0)]


def test_more_header_spellings() -> None:
    assert normalise("Indications") == "indication"
    assert normalise("MDM") == "assessment"
    assert normalise("ED Course") == "hospital_course"
