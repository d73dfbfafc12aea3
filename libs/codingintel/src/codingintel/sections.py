"""Clinical note sections: headers on their own line ending in a colon
("Assessment:", "History of Present Illness:"), normalised to snake_case names."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A header is a short title at the start of a line followed by a colon; text may
# follow on the same line ("Assessment: stable").
_HEADER = re.compile(r"^[ \t]*([A-Za-z][A-Za-z /&()'-]{1,48}?)[ \t]*:", re.MULTILINE)

# Spellings seen in notes, mapped to one name.
ALIASES = {
    "cc": "chief_complaint",
    "chief complaint": "chief_complaint",
    "reason for visit": "chief_complaint",
    "hpi": "history_of_present_illness",
    "history of present illness": "history_of_present_illness",
    "pmh": "past_medical_history",
    "past medical history": "past_medical_history",
    "past surgical history": "past_surgical_history",
    "psh": "past_surgical_history",
    "medications": "medications",
    "current medications": "medications",
    "home medications": "medications",
    "allergies": "allergies",
    "family history": "family_history",
    "fh": "family_history",
    "social history": "social_history",
    "sh": "social_history",
    "review of systems": "review_of_systems",
    "ros": "review_of_systems",
    "physical exam": "physical_exam",
    "physical examination": "physical_exam",
    "exam": "physical_exam",
    "vital signs": "vital_signs",
    "vitals": "vital_signs",
    "labs": "results",
    "laboratory": "results",
    "results": "results",
    "imaging": "results",
    "assessment": "assessment",
    "impression": "assessment",
    "diagnosis": "assessment",
    "diagnoses": "assessment",
    "assessment and plan": "assessment_and_plan",
    "assessment/plan": "assessment_and_plan",
    "a/p": "assessment_and_plan",
    "plan": "plan",
    "hospital course": "hospital_course",
    "disposition": "disposition",
    "discharge instructions": "discharge_instructions",
    "follow-up": "follow_up",
    "follow up": "follow_up",
    "fhx": "family_history",
    "family hx": "family_history",
    "family medical history": "family_history",
    "review of symptoms": "review_of_systems",
    "systems review": "review_of_systems",
    "problem list": "problem_list",
    "active problems": "problem_list",
    "active problem list": "problem_list",
    "problems": "problem_list",
    "discharge diagnoses": "discharge_diagnoses",
    "discharge diagnosis": "discharge_diagnoses",
    "admission diagnoses": "admission_diagnoses",
    "admitting diagnosis": "admission_diagnoses",
    "final diagnosis": "assessment",
    "final diagnoses": "assessment",
    "postoperative diagnosis": "assessment",
    "preoperative diagnosis": "assessment",
    "clinical impression": "assessment",
    "impression and plan": "assessment_and_plan",
    "assessment & plan": "assessment_and_plan",
    "a&p": "assessment_and_plan",
    "plan of care": "plan",
    "recommendations": "plan",
    "interval history": "history_of_present_illness",
    "subjective": "history_of_present_illness",
    "objective": "physical_exam",
    "findings": "results",
    "clinical indication": "indication",
    "indication": "indication",
    "indications": "indication",
    "reason for admission": "chief_complaint",
    "history": "history_of_present_illness",
    "course": "hospital_course",
    "ed course": "hospital_course",
    "mdm": "assessment",
    "medical decision making": "assessment",
    "active issues": "problem_list",
    "reason for exam": "indication",
    "reason for consultation": "chief_complaint",
    "reason for referral": "chief_complaint",
    "presenting complaint": "chief_complaint",
    "past history": "past_medical_history",
    "medical history": "past_medical_history",
    "surgical history": "past_surgical_history",
    "outpatient medications": "medications",
    "discharge medications": "medications",
    "medication list": "medications",
    "drug allergies": "allergies",
    "social hx": "social_history",
    "attestation": "attestation",
    "signature": "signature",
}


@dataclass(frozen=True)
class Section:
    name: str  # normalised; "" for text before the first header
    start: int  # where the section's content starts (after the header)
    end: int


def normalise(title: str) -> str:
    key = " ".join(title.lower().split())
    return ALIASES.get(key, re.sub(r"[^a-z0-9]+", "_", key).strip("_"))


def split_sections(text: str) -> list[Section]:
    """The note's sections in order; content offsets exclude the header itself."""
    headers = [m for m in _HEADER.finditer(text) if _is_header(text, m)]
    sections: list[Section] = []
    position = 0
    name = ""
    for match in headers:
        if match.start() > position or name:
            sections.append(Section(name, position, match.start()))
        name = normalise(match.group(1))
        position = match.end()
    sections.append(Section(name, position, len(text)))
    return [s for s in sections if s.name or text[s.start : s.end].strip()]


def _is_header(text: str, match: re.Match[str]) -> bool:
    if " ".join(match.group(1).lower().split()) in ALIASES:
        return True
    # An unknown title counts only alone on its line, so "Temperature: 38.5" in a
    # vitals block stays content.
    rest_of_line = text[match.end() :].split("\n", 1)[0]
    return match.group(1).istitle() and not rest_of_line.strip()


def section_names(text: str) -> set[str]:
    return {s.name for s in split_sections(text) if s.name}
