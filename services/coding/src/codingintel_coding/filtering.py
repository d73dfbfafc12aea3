"""Section-aware clinical filtering: keep the parts of a de-identified note that carry
clinical content, tagged with their section, and drop administrative parts."""

from __future__ import annotations

from codingintel.coding.v1 import coding_pb2
from codingintel.sections import split_sections

BACKEND_NAME = "embedded-sections"

# Sections with no clinical content to code from.
ADMINISTRATIVE_SECTIONS = frozenset(
    {
        "billing",
        "insurance",
        "disclaimer",
        "signature",
        "electronically_signed_by",
        "attestation",
        "contact_information",
        "patient_information",
        "demographics",
        "cc_list",
        "copies_to",
    }
)


def filter_note(text: str) -> coding_pb2.ClinicalNote:
    note = coding_pb2.ClinicalNote(text=text)
    for section in split_sections(text):
        if section.name in ADMINISTRATIVE_SECTIONS:
            continue
        if text[section.start : section.end].strip():
            note.segments.append(
                coding_pb2.TextSegment(start=section.start, end=section.end, section=section.name)
            )
    return note
