"""Dictionary matching of clinical terms in de-identified note text, with negation
and family-history handling."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import simple_icd_10_cm as icd

from codingintel.coding.v1 import coding_pb2

from .dictionary import FAMILY_HISTORY_TERMS, TERMS, Term

# Cues that negate a finding later in the same clause: "denies chest pain",
# "no fever", "negative for cough".
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|denies|denied|deny|negative for|without|free of|absence of|absent"
    r"|no evidence of|no signs? of|ruled out|rules out|rule out|r/o)\b",
    re.IGNORECASE,
)
# Cues after the term: "pneumonia was ruled out", "fever: denies".
_NEGATION_AFTER = re.compile(
    r"^[^.;\n]{0,20}?\b(?:was|is|were|has been)?\s*(?:ruled out|unlikely|excluded|negative|resolved)\b",
    re.IGNORECASE,
)
# A clause ends at these; a cue before one does not reach past it.
_CLAUSE_BREAK = re.compile(r"[.;:\n]|\bbut\b|\bhowever\b|\balthough\b", re.IGNORECASE)

NOTE_PHRASE_SCORE = 0.9
NOTE_ABBREVIATION_SCORE = 0.75


@dataclass(frozen=True)
class Mention:
    term: Term
    note_index: int
    start: int
    end: int
    score: float
    negated: bool


class DictionaryError(Exception):
    pass


def check_dictionary() -> None:
    """Every ICD-10-CM code must exist in the code set and be billable."""
    bad = [t.icd10 for t in (*TERMS, *FAMILY_HISTORY_TERMS) if not _billable(t.icd10)]
    if bad:
        raise DictionaryError(f"codes not valid and billable in ICD-10-CM: {bad}")


def _billable(code: str) -> bool:
    return bool(icd.is_valid_item(code) and icd.is_leaf(code))


def describe(code: str) -> str:
    return str(icd.get_description(code)) if icd.is_valid_item(code) else ""


def is_valid_code(code: str) -> bool:
    return bool(icd.is_valid_item(code))


def _compile(terms: Iterable[Term]) -> list[tuple[re.Pattern[str], Term, float]]:
    compiled = []
    for term in terms:
        for phrase in term.phrases:
            body = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", phrase))
            compiled.append(
                (re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE), term, NOTE_PHRASE_SCORE)
            )
        for abbreviation in term.abbreviations:
            compiled.append(
                (
                    re.compile(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])"),
                    term,
                    NOTE_ABBREVIATION_SCORE,
                )
            )
    return compiled


_PATIENT_PATTERNS = _compile(TERMS)
_FAMILY_PATTERNS = _compile(FAMILY_HISTORY_TERMS)


def _negated(text: str, segment_start: int, start: int, end: int) -> bool:
    before = text[segment_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    if _NEGATION_BEFORE.search(clause):
        return True
    return bool(_NEGATION_AFTER.match(text[end : end + 40]))


def find_mentions(notes: Iterable[coding_pb2.ClinicalNote]) -> Iterator[Mention]:
    """Every dictionary mention in the notes' kept segments; longer phrases win
    over shorter ones they contain."""
    for note_index, note in enumerate(notes):
        text = note.text
        segments = list(note.segments) or [coding_pb2.TextSegment(start=0, end=len(text))]
        for segment in segments:
            patterns = (
                _FAMILY_PATTERNS if segment.section == "family_history" else _PATIENT_PATTERNS
            )
            found: list[tuple[int, int, Term, float]] = []
            for pattern, term, score in patterns:
                for match in pattern.finditer(text, segment.start, segment.end):
                    found.append((match.start(), match.end(), term, score))
            found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
            taken: list[tuple[int, int]] = []
            for start, end, term, score in found:
                if any(start < e and end > s for s, e in taken):
                    continue
                taken.append((start, end))
                yield Mention(
                    term, note_index, start, end, score, _negated(text, segment.start, start, end)
                )
