"""ICD-10-CM mentions in de-identified note text: the longest phrase of the full code
set (or of the synonym dictionary) at each place, after abbreviation expansion, with
context so that negated, ruled-out, uncertain, hypothetical, historical and
family-history mentions are marked and never coded."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from codingintel.coding.v1 import coding_pb2

from . import codeset
from .dictionary import ABBREVIATIONS, SNOMED, SYNONYMS

NOTE_PHRASE_SCORE = 0.9
NOTE_ABBREVIATION_SCORE = 0.75
CODESET_VARIANT_SCORE = 0.8

# Sections whose mentions are never the patient's current conditions.
SKIPPED_SECTIONS = frozenset(
    {"family_history", "review_of_systems", "medications", "allergies", "boilerplate"}
)
# Symptoms (R codes) count only where the clinician states diagnoses.
DIAGNOSTIC_SECTIONS = frozenset(
    {
        "assessment",
        "assessment_and_plan",
        "plan",
        "problem_list",
        "diagnoses",
        "chief_complaint",
        "discharge_diagnoses",
        "admission_diagnoses",
        "indication",
    }
)

# Context cues (ConText-style). Before the mention, within its clause:
_BEFORE = {
    "negated": r"no|not|denies|denied|deny|denying|negative for|negative workup for"
    r"|negative evaluation for|without|free of|absence of|absent|no evidence of|no signs? of"
    r"|no symptoms of|no history of|never had|none|no complaints of|not experiencing"
    r"|rules? out|ruled out|resolution of|resolved",
    "uncertain": r"r/o|possible|possibly|probable|suspected|suspect|suspicion of|questionable"
    r"|concern for|concerning for|evaluate for|evaluation for|assess for|workup for"
    r"|work-up for|versus|vs\.?|differential|cannot exclude|may have|likely|presumed|query",
    "hypothetical": r"if|should|watch for|monitor for|monitoring for|call for|seek care"
    r"|return for|in case of|risk of|risk for|prevent|prevention|prophylaxis|screening"
    r"|screen for|warning signs|precautions|signs of|educated on|counseled on|develops?",
    "family": r"family history|family hx|fhx|fh|mother|father|mom|dad|sister|brother"
    r"|sibling|grandmother|grandfather|grandparent|aunt|uncle|cousin|maternal|paternal"
    r"|son|daughter|relative",
    "historical": r"s/p|status post|history of resolved|remote history of|childhood",
}
# After the mention, within its clause.
_AFTER = {
    "negated": r"ruled out|was ruled out|has been ruled out|excluded|has been excluded"
    r"|was excluded|unlikely|negative|not present|absent|resolved|denied|none",
    "uncertain": r"suspected|possible|questionable|\?",
    "hypothetical": r"develops?|occurs?|recurs?|arises?",
    "family": r"in (?:his|her|their|the patient's) (?:mother|father|sister|brother|son|daughter"
    r"|grandmother|grandfather|aunt|uncle|cousin|sibling|parents?)|\((?:mother|father|sister"
    r"|brother|maternal|paternal|son|daughter|grandmother|grandfather|aunt|uncle)\b",
}
_BEFORE_RE = {
    kind: re.compile(rf"(?<![\w/-])(?:{cues})(?![\w-])", re.IGNORECASE)
    for kind, cues in _BEFORE.items()
}
_AFTER_RE = {
    kind: re.compile(rf"(?:^|(?<![\w-]))(?:{cues})(?![\w-])", re.IGNORECASE)
    for kind, cues in _AFTER.items()
}
# Phrases that contain a cue word but do not negate: "no increase in", "not only".
_PSEUDO = re.compile(
    r"\b(?:no (?:increase|change|further|new|longer)|not only|not certain if|without difficulty"
    r"|gram negative|if needed|as needed)\b",
    re.IGNORECASE,
)
# A cue's reach ends at a clause boundary.
_CLAUSE_BREAK = re.compile(
    r"[.;!?\n]|\s-\s|\b(?:but|however|although|though|except|aside from|apart from|which|who"
    r"|presents?|presented|presenting|reports?|now|today|currently|continue|continues)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019]s)?|[A-Za-z]+/[A-Za-z]+")


@dataclass(frozen=True)
class Mention:
    code: str
    note_index: int
    start: int
    end: int
    score: float
    # "" for a positive mention, else why it is not the patient's current condition:
    # negated, uncertain, hypothetical, family, historical, section.
    context: str
    section: str = ""

    @property
    def negated(self) -> bool:
        return bool(self.context)


class DictionaryError(Exception):
    pass


def check_dictionary() -> None:
    """Every code the dictionary can emit is valid and billable; builds the index."""
    codes = {*SYNONYMS.values(), *SNOMED}
    bad = sorted(c for c in codes if not codeset.is_billable(c))
    if bad:
        raise DictionaryError(f"codes not valid and billable in ICD-10-CM: {bad}")
    _synonyms()
    codeset.codeset()


def describe(code: str) -> str:
    return codeset.describe(code)


def is_valid_code(code: str) -> bool:
    return codeset.is_billable(code)


_synonym_index: dict[tuple[str, ...], str] = {}
_synonym_prefixes: set[tuple[str, ...]] = set()


def _synonyms() -> dict[tuple[str, ...], str]:
    if not _synonym_index:
        for phrase, code in SYNONYMS.items():
            key = tuple(codeset.tokens(phrase))
            _synonym_index[key] = code
            for i in range(1, len(key) + 1):
                _synonym_prefixes.add(key[:i])
    return _synonym_index


@dataclass(frozen=True)
class _Token:
    word: str
    start: int
    end: int
    abbreviation: bool


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text, start, end):
        raw = match.group()
        expansion = ABBREVIATIONS.get(raw) or ABBREVIATIONS.get(raw.rstrip("s"))
        if expansion and (raw.isupper() or raw in ABBREVIATIONS):
            for word in codeset.tokens(expansion):
                out.append(_Token(word, match.start(), match.end(), True))
            continue
        if raw.lower() in ("ii",) and out and out[-1].word == "type":
            out.append(_Token("2", match.start(), match.end(), False))
            continue
        for word in codeset.tokens(raw):
            out.append(_Token(word, match.start(), match.end(), False))
    return out


# Generic phrases that name a specialty or a heading rather than a condition.
GENERIC_PHRASES = frozenset(
    tuple(codeset.tokens(p))
    for p in (
        "infectious disease",
        "infectious diseases",
        "disease",
        "illness",
        "mental disorder",
        "internal medicine",
        "critical care",
        "counseling",
        "allergy",
        "allergies",
        "injury",
        "pain",
        "infection",
        "disorder",
    )
)


def _longest(tokens: list[_Token], i: int) -> tuple[int, str, float] | None:
    """The longest phrase starting at token i: (length, code, score)."""
    index = codeset.codeset()
    synonyms = _synonyms()
    best: tuple[int, str, float] | None = None
    key: tuple[str, ...] = ()
    for j in range(i, min(len(tokens), i + index.max_length)):
        key = (*key, tokens[j].word)
        in_synonyms = key in _synonym_prefixes
        if not in_synonyms and key not in index.prefixes:
            break
        if key in synonyms:
            best = (j - i + 1, synonyms[key], NOTE_PHRASE_SCORE)
        elif key in index.phrases:
            entry = index.phrases[key]
            score = NOTE_PHRASE_SCORE if entry.rank == 0 else CODESET_VARIANT_SCORE
            best = (j - i + 1, entry.code, score)
    if best is not None and tuple(t.word for t in tokens[i : i + best[0]]) in GENERIC_PHRASES:
        return None
    if best is not None and all(t.abbreviation for t in tokens[i : i + best[0]]):
        best = (best[0], best[1], NOTE_ABBREVIATION_SCORE)
    return best


def _clause(text: str, lo: int, start: int, end: int, hi: int) -> tuple[str, str]:
    before = text[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    before = before[breaks[-1].end() :] if breaks else before
    after = text[end:hi]
    stop = _CLAUSE_BREAK.search(after)
    after = after[: stop.start()] if stop else after
    return before, after


def context_of(text: str, lo: int, start: int, end: int, hi: int) -> str:
    before, after = _clause(text, lo, start, end, hi)
    before = _PSEUDO.sub(" ", before)
    after_clean = _PSEUDO.sub(" ", after)
    for kind in ("family", "negated", "uncertain", "hypothetical", "historical"):
        if _BEFORE_RE[kind].search(before):
            return kind
    for kind, pattern in _AFTER_RE.items():
        if pattern.search(after_clean[:60]):
            return kind
    return ""


def find_mentions(notes: Iterable[coding_pb2.ClinicalNote]) -> Iterator[Mention]:
    """Every code mention in the notes' segments, longest phrase first, each with its
    context ("" when it is the patient's current condition)."""
    for note_index, note in enumerate(notes):
        text = note.text
        segments = list(note.segments) or [coding_pb2.TextSegment(start=0, end=len(text))]
        for segment in segments:
            tokens = _tokens(text, segment.start, segment.end)
            i = 0
            while i < len(tokens):
                found = _longest(tokens, i)
                if found is None:
                    i += 1
                    continue
                length, code, score = found
                start, end = tokens[i].start, tokens[i + length - 1].end
                context = context_of(text, segment.start, start, end, segment.end)
                if segment.section in SKIPPED_SECTIONS:
                    context = context or "section"
                yield Mention(code, note_index, start, end, score, context, segment.section)
                i += length


def has_diagnostic_sections(note: coding_pb2.ClinicalNote) -> bool:
    return any(s.section in DIAGNOSTIC_SECTIONS for s in note.segments)
