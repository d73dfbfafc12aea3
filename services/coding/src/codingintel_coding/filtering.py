"""Section-aware clinical filtering: the parts of a de-identified note that carry
clinical content, tagged with their section. Administrative sections are dropped;
family history, review of systems and boilerplate lines are kept but marked by their
section name ("family_history", "review_of_systems", "boilerplate") so that coding
never reads them as the patient's current conditions."""

from __future__ import annotations

import re

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

# Sentences (or lines) that are template text rather than findings about this patient.
# A sentence, not the whole line: narrative notes keep a paragraph on one line.
BOILERPLATE = re.compile(
    r"[^.\n]*(?:electronically signed|dictated but not read|dictated by|transcribed by"
    r"|i have (?:personally )?(?:seen|examined|reviewed)|i agree with|attestation"
    r"|this note (?:was|has been)|this document|speech recognition|voice recognition"
    r"|risks,? benefits|questions were answered|all questions answered"
    r"|patient portal|confidential|do not distribute|copies to|cc:|signed by"
    r"|return precautions|seek (?:immediate )?(?:medical )?(?:care|attention)"
    r"|call 911|go to the (?:nearest )?emergency)[^.\n]*\.?",
    re.IGNORECASE,
)


def filter_note(text: str) -> coding_pb2.ClinicalNote:
    note = coding_pb2.ClinicalNote(text=text)
    for section in split_sections(text):
        if section.name in ADMINISTRATIVE_SECTIONS:
            continue
        position = section.start
        for line in BOILERPLATE.finditer(text, section.start, section.end):
            _add(note, text, position, line.start(), section.name)
            _add(note, text, line.start(), line.end(), "boilerplate")
            position = line.end()
        _add(note, text, position, section.end, section.name)
    return note


def _add(note: coding_pb2.ClinicalNote, text: str, start: int, end: int, name: str) -> None:
    if text[start:end].strip():
        note.segments.append(coding_pb2.TextSegment(start=start, end=end, section=name))
