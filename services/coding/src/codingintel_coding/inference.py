"""ICD-10-CM and SNOMED CT inference: mentions from the notes plus the codes the
bundle already carries, each FHIR code with the note evidence behind it.

Only billable ICD-10-CM codes are emitted; within a category, a specific code the
text supports replaces the unspecified one ("T2DM with hyperglycemia" and "T2DM" give
E11.65 alone)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence

import simple_icd_10_cm as icd

from codingintel.codesystems import ICD10CM_SYSTEM, SNOMED_SYSTEM
from codingintel.coding.v1 import coding_pb2
from codingintel.reports.v1 import reports_pb2

from . import codeset, matching
from .dictionary import SNOMED

BACKEND_NAME = "embedded-codeset"
FHIR_SCORE = 1.0


def _evidence(
    mention: matching.Mention, notes: Sequence[coding_pb2.ClinicalNote]
) -> reports_pb2.EvidenceSpan:
    text = notes[mention.note_index].text
    return reports_pb2.EvidenceSpan(
        note_index=mention.note_index,
        start=mention.start,
        end=mention.end,
        text=text[mention.start : mention.end],
    )


def _unspecific(code: str) -> bool:
    description = codeset.describe(code).lower()
    return "unspecified" in description or "without complications" in description


# code -> the code prefixes that make it redundant.
SUBSUMED: dict[str, tuple[str, ...]] = {
    "D64.9": (
        "D50",
        "D51",
        "D52",
        "D53",
        "D55",
        "D56",
        "D57",
        "D58",
        "D59",
        "D60",
        "D61",
        "D62",
        "D63",
        "D64.0",
        "D64.1",
        "D64.2",
        "D64.3",
        "D64.8",
        "O99.0",
    ),
    "E61.1": ("D50",),
    "N39.0": ("N10", "N11", "N12", "N30", "N34", "N41", "O23", "N15.9"),
    "F32.A": (
        "F32.0",
        "F32.1",
        "F32.2",
        "F32.3",
        "F32.4",
        "F32.5",
        "F32.8",
        "F32.9",
        "F33",
        "F31",
        "F34.1",
    ),
    "F32.9": ("F33", "F31"),
    "F41.9": ("F41.0", "F41.1", "F41.3", "F41.8"),
    "R73.9": ("E08", "E09", "E10", "E11", "E13", "O24"),
    "R06.02": ("J44.1", "I50"),
    "E11.9": ("O24",),
    "I10": ("O10", "O11", "O13", "O14", "O16"),
    "J96.90": ("J96.0", "J96.1", "J96.2"),
    "J06.9": ("J02", "J03", "J01", "J20", "J21"),
    "G62.9": ("E10.4", "E11.4"),
    "M19.90": ("M15", "M16", "M17", "M18", "M19.0", "M19.1", "M19.2"),
    "L03.90": ("L03.0", "L03.1", "L03.2", "L03.3"),
    "I48.91": ("I48.0", "I48.1", "I48.2"),
    "K57.92": ("K57.3", "K57.2", "K57.5"),
    "J45.909": ("J45.2", "J45.3", "J45.4", "J45.5"),
    "Z72.0": ("F17",),
    "J90": ("I50",),
    "J91.8": ("I50",),
    # symptoms a diagnosis in the same note already explains
    "R06.00": ("J44.1", "J45.901", "I50", "J18", "J96", "J81"),
    "R05.9": ("J18", "J20", "J44.0", "J44.1", "J45.901", "J06", "J02", "J12", "J15"),
    "R50.9": ("J18", "A41", "N10", "N30", "J06", "J02", "J12", "J15", "B20", "A40"),
    "R10.9": ("K35", "K80", "K81", "K57", "K56", "K85"),
    "R11.0": ("K35", "O21"),
    "R11.2": ("K35", "O21", "A08"),
    "D72.829": ("K35", "A41", "J18"),
    "R07.9": ("I21",),
}


_SIDE = re.compile(r"\b(right|left|bilateral|both|rt|lt)\b|\b([RL])\.?(?=\s+[a-z])", re.IGNORECASE)
_SIDE_WORDS = {"rt": "right", "lt": "left", "r": "right", "l": "left", "both": "bilateral"}


def _side(text: str, start: int, end: int) -> str | None:
    """right, left or bilateral written next to a mention ("right knee osteoarthritis",
    "osteoarthritis of the knee (right)", "otitis media, left ear")."""
    before = text[max(0, start - 24) : start]
    cut = list(re.finditer(r"[.;:\n]", before))
    before = before[cut[-1].end() :] if cut else before
    after = text[end : end + 28]
    stop = re.search(r"[.;\n]|\band\b|\bwith\b|,(?!\s*(?:right|left|bilateral)\b)", after)
    after = after[: stop.start()] if stop else after
    inside = text[start:end]
    sides = set()
    for match in _SIDE.finditer(f"{before} {inside} {after}"):
        if match.group(2) and not match.group(2).isupper():
            continue
        word = (match.group(1) or match.group(2)).lower()
        sides.add(_SIDE_WORDS.get(word, word))
    return sides.pop() if len(sides) == 1 else None


# "Family history of breast cancer" listed among the diagnoses is the Z80-Z84 code
# for the family history, by the chapter and block of the relative's condition.
_FAMILY_HISTORY: tuple[tuple[str, str, str], ...] = (
    ("C15", "C26", "Z80.0"),
    ("C30", "C32", "Z80.2"),
    ("C33", "C34", "Z80.1"),
    ("C50", "C50", "Z80.3"),
    ("C56", "C56", "Z80.41"),
    ("C61", "C61", "Z80.42"),
    ("C62", "C62", "Z80.43"),
    ("C51", "C63", "Z80.49"),
    ("C64", "C65", "Z80.51"),
    ("C67", "C67", "Z80.52"),
    ("C91", "C95", "Z80.6"),
    ("C81", "C96", "Z80.7"),
    ("C00", "C96", "Z80.8"),
    ("I60", "I69", "Z82.3"),
    ("I20", "I25", "Z82.49"),
    ("E08", "E13", "Z83.3"),
    ("G40", "G40", "Z82.0"),
    ("J40", "J47", "Z82.5"),
    ("F10", "F10", "Z81.1"),
    ("F01", "F99", "Z81.8"),
    ("M05", "M19", "Z82.61"),
    ("Q61", "Q61", "Z82.71"),
    ("H40", "H40", "Z83.511"),
)
_FAMILY_HISTORY_BEFORE = re.compile(
    r"(?:family history|family hx|fam hx|fhx|fh)\s*(?:of|:|-)?\s*$", re.IGNORECASE
)


def _family_history_code(text: str, mention: matching.Mention) -> str | None:
    line_start = text.rfind("\n", 0, mention.start) + 1
    if not _FAMILY_HISTORY_BEFORE.search(text[line_start : mention.start]):
        return None
    for first, last, code in _FAMILY_HISTORY:
        if first <= mention.code[:3] <= last:
            return code
    return None


_PUERPERIUM = re.compile(
    r"\b(?:postpartum|post-partum|puerper\w*|weeks? pp|after delivery|since delivery"
    r"|postnatal)\b",
    re.IGNORECASE,
)
_PUERPERAL_FORMS = (
    ("associated", "with", "puerperium"),
    ("of", "puerperium"),
    ("in", "puerperium"),
)


def _puerperal_code(text: str, mention: matching.Mention) -> str | None:
    """In a note after a delivery, the code set's own puerperal form of the condition:
    "anemia" gives "anemia of the puerperium", "nonpurulent mastitis" its puerperal code."""
    words = tuple(codeset.tokens(text[mention.start : mention.end]))
    line_start = text.rfind("\n", 0, mention.start) + 1
    before = tuple(codeset.tokens(text[line_start : mention.start]))[-2:]
    phrases = codeset.codeset().phrases
    # with the words just before the mention too: "nonpurulent mastitis"
    for lead in (before, before[-1:], ()):
        for form in _PUERPERAL_FORMS:
            entry = phrases.get(lead + words + form)
            if entry is not None and codeset.is_billable(entry.code):
                return entry.code
    return None


def positive_mentions(notes: Sequence[coding_pb2.ClinicalNote]) -> dict[str, matching.Mention]:
    """The best positive mention per billable code, the most specific per category."""
    diagnostic = [matching.has_diagnostic_sections(n) for n in notes]
    puerperal = any(_PUERPERIUM.search(n.text) for n in notes)
    best: dict[str, matching.Mention] = {}
    for mention in matching.find_mentions(notes):
        if (
            mention.context == "family"
            and mention.section in matching.DIAGNOSTIC_SECTIONS
            and mention.section not in matching.REASON_SECTIONS
        ):
            family = _family_history_code(notes[mention.note_index].text, mention)
            if family:
                mention = dataclasses.replace(mention, code=family, context="")
        if puerperal and not mention.context and not mention.code.startswith("O"):
            obstetric = _puerperal_code(notes[mention.note_index].text, mention)
            if obstetric:
                mention = dataclasses.replace(mention, code=obstetric)
        if mention.context or not codeset.is_billable(mention.code):
            continue
        # Occasional use of a substance in the social history is not a disorder.
        if mention.section == "social_history" and re.match(r"F1[0-9]\.9", mention.code):
            continue
        if (
            mention.code.startswith("R")
            and diagnostic[mention.note_index]
            and mention.section not in matching.DIAGNOSTIC_SECTIONS
        ):
            continue
        side = _side(notes[mention.note_index].text, mention.start, mention.end)
        # A side does not choose a site: "primary osteoarthritis, unspecified site" with
        # "right" is not the right shoulder.
        sited = not codeset.describe(mention.code).lower().endswith("unspecified site")
        sided = codeset.lateral(mention.code, side) if side and sited else None
        if sided:
            mention = dataclasses.replace(mention, code=sided)
        current = best.get(mention.code)
        if current is None or mention.score > current.score:
            best[mention.code] = mention
    # A symptom given as the reason for the visit gives way to the diagnosis the
    # assessment states.
    if any(
        not code.startswith(("R", "Z"))
        and m.section in matching.DIAGNOSTIC_SECTIONS
        and m.section not in matching.REASON_SECTIONS
        for code, m in best.items()
    ):
        for code in [c for c, m in best.items() if c.startswith("R")]:
            if best[code].section in matching.REASON_SECTIONS:
                del best[code]
    # A code another, more specific code already says: anemia, unspecified beside iron
    # deficiency anemia; urinary tract infection, site not specified, beside cystitis.
    for code, wider in SUBSUMED.items():
        if code in best and any(c != code and c.startswith(wider) for c in best):
            del best[code]
    by_category: dict[str, list[str]] = {}
    for code in best:
        by_category.setdefault(code[:3], []).append(code)
    for codes in by_category.values():
        specific = [c for c in codes if not _unspecific(c)]
        if specific:
            for code in codes:
                if code not in specific:
                    del best[code]
    return best


_CODE_REF = re.compile(
    r"\b([A-Z]\d{2}(?:\.[0-9A-Z]{1,4})?)-?(?:-([A-Z]\d{2}(?:\.[0-9A-Z]{1,4})?)-?)?"
)
# The chronic kidney disease that makes a condition "of renal origin".
_RENAL = ("N18", "N19", "Z99.2", "Z49", "I12", "I13")


@functools.lru_cache(maxsize=4096)
def _excludes1(code: str) -> list[tuple[str, str, str]]:
    """(note, first code, last code) of every Excludes1 note on the code and its
    categories: conditions the code set says are never coded with it."""
    out: list[tuple[str, str, str]] = []
    item = code
    seen: set[str] = set()
    while re.fullmatch(r"[A-Z]\d{2}(?:\.[0-9A-Z]{1,4})?", item) and item not in seen:
        seen.add(item)
        for note in icd.get_excludes1(item):
            for ref in _CODE_REF.finditer(note):
                out.append((note, ref.group(1), ref.group(2) or ref.group(1)))
        parent = icd.get_parent(item) if icd.is_valid_item(item) else ""
        item = parent if isinstance(parent, str) else ""
    return out


def _in_range(code: str, first: str, last: str) -> bool:
    return code.startswith(first) or (first[:3] <= code[:3] <= last[:3] and first != last)


_RENAL_TEXT = re.compile(
    r"\b(?:dialysis|hemodialysis|haemodialysis|HD|PD|CKD|ESRD|ESKD|end[- ]stage (?:renal|kidney)"
    r"|chronic kidney|chronic renal|renal failure|kidney failure|renal transplant"
    r"|kidney transplant)\b",
    re.IGNORECASE,
)


def exclusions(
    mentions: dict[str, matching.Mention], notes: Sequence[coding_pb2.ClinicalNote] = ()
) -> dict[str, matching.Mention]:
    """The code set's Excludes1 notes: a symptom or "not elsewhere classified" code gives
    way to the definitive condition it excludes (convulsions beside epilepsy), and
    secondary hyperparathyroidism with chronic kidney disease is of renal origin."""
    out = dict(mentions)
    for code in list(out):
        # Only a symptom or a residual code gives way; definitive conditions that
        # exclude each other are both left for the coder.
        if not (code.startswith("R") or "not elsewhere classified" in codeset.describe(code)):
            continue
        renal = any(c.startswith(_RENAL) for c in out) or any(
            _RENAL_TEXT.search(n.text) for n in notes
        )
        for note, first, last in _excludes1(code):
            if any(c != code and _in_range(c, first, last) for c in out):
                out.pop(code, None)
                break
            if renal and "renal origin" in note and codeset.is_billable(first) and first not in out:
                out[first] = out.pop(code)
                break
    return out


def combine(mentions: dict[str, matching.Mention]) -> dict[str, matching.Mention]:
    """The combination codes the ICD-10-CM conventions presume when a note documents
    both conditions: hypertension with heart failure (I11.0), with chronic kidney
    disease (I12.x), with both (I13.x); type 2 diabetes with chronic kidney disease
    (E11.22). The stage and the failure keep their own codes."""
    out = dict(mentions)
    ckd = sorted(c for c in out if c.startswith("N18."))
    failure = sorted(c for c in out if c.startswith("I50."))
    late = any(c in ("N18.5", "N18.6") for c in ckd)
    if "I10" in out and (ckd or failure):
        mention = out.pop("I10")
        if ckd and failure:
            out["I13.2" if late else "I13.0"] = mention
        elif ckd:
            out["I12.0" if late else "I12.9"] = mention
        else:
            out["I11.0"] = mention
    elif "I11.9" in out and failure:
        out["I11.0"] = out.pop("I11.9")
    elif "I12.9" in out and late:
        out["I12.0"] = out.pop("I12.9")
    # COPD with a lower respiratory infection: J44.0 beside the infection's own code.
    infection = [
        c
        for c in out
        if c.startswith(("J12", "J13", "J14", "J15", "J16", "J18", "J20", "J21", "J22"))
    ]
    if infection and "J44.9" in out:
        out["J44.0"] = out.pop("J44.9")
    diabetes = sorted(c for c in out if c.startswith("E11."))
    if ckd and diabetes and "E11.22" not in out:
        out["E11.22"] = out[diabetes[0]]
        out.pop("E11.9", None)
    return out


def _infer(
    notes: Sequence[coding_pb2.ClinicalNote],
    codings: Sequence[coding_pb2.Coding],
    system: str,
    convert: Callable[[str], tuple[str, str] | None],
    fhir_display: Callable[[coding_pb2.Coding], str],
    related: Callable[[str, str], bool],
    combined: bool = False,
) -> list[reports_pb2.CodeSuggestion]:
    found: dict[str, tuple[str, matching.Mention]] = {}
    mentions = positive_mentions(notes)
    if combined:
        mentions = exclusions(combine(mentions), notes)
    for icd_code, mention in mentions.items():
        converted = convert(icd_code)
        if converted is None:
            continue
        code, display = converted
        if code not in found or mention.score > found[code][1].score:
            found[code] = (display, mention)
    suggestions = [
        reports_pb2.CodeSuggestion(
            code=code,
            display=display,
            score=m.score,
            source=reports_pb2.CODE_SOURCE_NOTE,
            evidence=_evidence(m, notes),
        )
        for code, (display, m) in found.items()
    ]
    seen: set[str] = set()
    for coding in codings:
        if coding.system != system or coding.code in seen:
            continue
        seen.add(coding.code)
        suggestion = reports_pb2.CodeSuggestion(
            code=coding.code,
            display=fhir_display(coding),
            score=FHIR_SCORE,
            source=reports_pb2.CODE_SOURCE_FHIR,
        )
        support = found.get(coding.code) or next(
            (v for code, v in found.items() if related(code, coding.code)), None
        )
        if support is not None:
            suggestion.evidence.CopyFrom(_evidence(support[1], notes))
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.code))
    return suggestions


def _same_category(a: str, b: str) -> bool:
    # E11.65 in the note supports E11.9 on the encounter: same diagnosis, other detail.
    return a[:3] == b[:3]


def infer_icd10(
    notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
) -> list[reports_pb2.CodeSuggestion]:
    return _infer(
        notes,
        codings,
        ICD10CM_SYSTEM,
        convert=lambda code: (code, codeset.describe(code)),
        fhir_display=lambda c: codeset.describe(c.code) or c.display,
        related=_same_category,
        combined=True,
    )


def infer_snomed(
    notes: Sequence[coding_pb2.ClinicalNote], codings: Sequence[coding_pb2.Coding]
) -> list[reports_pb2.CodeSuggestion]:
    return _infer(
        notes,
        codings,
        SNOMED_SYSTEM,
        convert=lambda code: SNOMED.get(code),
        fhir_display=lambda c: c.display,
        related=lambda a, b: False,
    )
