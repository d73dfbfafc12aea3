"""Embedded de-identification: typed placeholders for the HIPAA Safe Harbor
identifiers that patterns and the bundle's own identifiers can find.

Works offline. The original values never leave this module: callers get the new
text and, per entity, its type and offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

BACKEND_NAME = "embedded-rules"

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

# Order matters only for readability: overlaps are resolved by length afterwards.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("URL", re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)),
    (
        "IP_ADDRESS",
        re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"),
    ),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    (
        "PHONE",
        re.compile(r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"),
    ),
    (
        "DATE",
        re.compile(
            r"\b\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})\b"
            r"|\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b"
            rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
            rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}\b"
            rf"|\b{_MONTHS}\s+\d{{4}}\b"
            rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:mg|mcg|ml|units?)\b)",
        ),
    ),
    (
        "MRN",
        re.compile(
            r"(?:\bMRN|\bMedical Record(?: Number| No\.?)?|\bRecord (?:Number|No\.?|#)"
            r"|\bAccount(?: Number| No\.?| #)?|\bAcct\.?(?: #)?|\bMember ID|\bPolicy(?: Number| #)?"
            r"|\bHealth Plan ID|\bAccession(?: Number| No\.?| #)?|\bClaim(?: Number| No\.?| #)?)\s*[:#]?\s*(?P<value>[A-Z0-9][A-Z0-9-]{3,})",
            re.IGNORECASE,
        ),
    ),
    (
        "NAME",
        re.compile(
            r"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+(?P<value>[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?)"
        ),
    ),
    (
        "AGE",
        re.compile(r"\b(?P<value>(?:9\d|1[0-4]\d))(?:[\s-]*(?:years?|yrs?|y/?o)\b)", re.IGNORECASE),
    ),
    (
        "DEVICE_ID",
        re.compile(
            r"\b(?:serial|device|implant)\s*(?:number|no\.?|#|id)\s*[:#]?\s*(?P<value>[A-Z0-9-]{5,})",
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class Entity:
    type: str
    original_start: int
    original_end: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Result:
    text: str
    entities: list[Entity]


def _known_patterns(known: Iterable[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    """Exact, case-insensitive matches of values from the bundle's own resources."""
    patterns = []
    seen: set[tuple[str, str]] = set()
    for kind, value in known:
        value = value.strip()
        if len(value) < 2 or (kind, value.lower()) in seen:
            continue
        seen.add((kind, value.lower()))
        if kind == "PHONE":
            digits = re.sub(r"\D", "", value)[-10:]
            if len(digits) < 7:
                continue
            body = r"[\s().-]*".join(re.escape(d) for d in digits)
            patterns.append((kind, re.compile(rf"(?<!\d){body}(?!\d)")))
            continue
        body = r"\s+".join(re.escape(part) for part in value.split())
        patterns.append((kind, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)))
    return patterns


def find(text: str, known: Iterable[tuple[str, str]] = ()) -> list[tuple[str, int, int]]:
    """Spans (type, start, end) of PHI in the text, without overlaps."""
    found: list[tuple[str, int, int]] = []
    for kind, pattern in [*_known_patterns(known), *PATTERNS]:
        for match in pattern.finditer(text):
            group = "value" if "value" in pattern.groupindex else 0
            start, end = match.span(group)
            if end > start:
                found.append((kind, start, end))
    # Longest span first; a span overlapping one already kept is dropped.
    found.sort(key=lambda s: (-(s[2] - s[1]), s[1]))
    kept: list[tuple[str, int, int]] = []
    for span in found:
        if all(span[2] <= k[1] or span[1] >= k[2] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s[1])


def deidentify(text: str, known: Iterable[tuple[str, str]] = ()) -> Result:
    pieces: list[str] = []
    entities: list[Entity] = []
    position = 0
    length = 0
    for kind, start, end in find(text, known):
        pieces.append(text[position:start])
        length += start - position
        placeholder = f"[{kind}]"
        entities.append(Entity(kind, start, end, length, length + len(placeholder)))
        pieces.append(placeholder)
        length += len(placeholder)
        position = end
    pieces.append(text[position:])
    return Result("".join(pieces), entities)
