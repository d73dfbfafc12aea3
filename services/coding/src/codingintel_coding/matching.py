"""ICD-10-CM mentions in de-identified note text: the longest phrase of the full code
set (or of the synonym dictionary) at each place, after abbreviation expansion, with
context so that negated, ruled-out, uncertain, hypothetical, historical and
family-history mentions are marked and never coded."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from codingintel.coding.v1 import coding_pb2

from . import codeset
from .dictionary import ABBREVIATIONS, AMBIGUOUS_AFTER, AMBIGUOUS_BEFORE, SNOMED, SYNONYMS

NOTE_PHRASE_SCORE = 0.9
NOTE_ABBREVIATION_SCORE = 0.75
CODESET_VARIANT_SCORE = 0.8

# Sections whose mentions are never the patient's current conditions.
# Vital signs, examination findings and results are observations, not the clinician's
# diagnostic statements ("SpO2 89% RA" is room air; "obese woman" is an exam finding).
SKIPPED_SECTIONS = frozenset(
    {
        "family_history",
        "review_of_systems",
        "medications",
        "allergies",
        "boilerplate",
        "vital_signs",
        "physical_exam",
        "results",
        "differential_diagnosis",
    }
)
# Where the visit's reason is stated: symptoms there give way to a diagnosis stated in
# the assessment.
REASON_SECTIONS = frozenset({"chief_complaint", "indication"})
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
    r"|rules? out|ruled out|resolution of|resolved|excluded|has excluded|have excluded"
    r"|negative|neg for|nor|neither|ruling out|no further|no recurrence of|no new"
    r"|not consistent with|inconsistent with|not suggestive of|no radiographic evidence of"
    r"|no imaging evidence of|no clinical evidence of|no features of|no findings of"
    r"|without evidence of|without signs of|not demonstrate|did not show|does not have"
    r"|did not have|never|unremarkable for|free from|fails to reveal|failed to reveal"
    r"|no sign of|rather than|instead of|not have|no longer has|no longer",
    "uncertain": r"r/o|possible|possibly|probable|suspected|suspect|suspicion of|questionable"
    r"|concern for|concerning for|evaluate for|evaluation for|assess for|workup for"
    r"|work-up for|versus|vs\.?|differential|cannot exclude|may have|likely|presumed|query"
    r"|doubt|doubtful|low suspicion for|less likely|consistent with|compatible with"
    r"|suggestive of|suggesting|indicative of|worrisome for|cannot rule out|rule out"
    r"|to rule out|differential diagnosis|ddx|question of|questionable for|considered"
    r"|considering|consider|entertain|entertained|not excluded|borderline for|at risk for"
    r"|potential|potentially|presumptive|probably|maybe|might have|could be|unclear if"
    r"|uncertain if|unclear whether|uncertain whether|whether|unlikely to be|questionably"
    r"|differential includes|vs|r/o for|evaluated for|being evaluated for|suspicious for",
    "hypothetical": r"if|should|as needed for|prn for|prn|watch for|monitor for|monitoring for"
    r"|call for|seek care|return for|in case of|risk of|risk for|prevent|prevention"
    r"|prophylaxis|screening|screen for|warning signs|precautions|signs of|educated on"
    r"|counseled on|counselled on|develops?|in the event of|in the event that|in the event"
    r"|in case|unless|return if|call if|come back if|report any|for any|to avoid"
    r"|reduce the risk of|lower the risk of|protect against|precaution|instructions? for"
    r"|instructed on|reviewed signs of|what to do|anticipatory guidance|educated about"
    r"|educated regarding|counseled about|counselled about|warning signs of|call 911 for"
    r"|call 911 if|go to the er for|go to the ed for|if any"
    r"|return precautions for|precautions for|in the future|plan to screen for|would",
    "family": r"family history|family hx|fhx|fh|mother|father|mom|dad|sisters?|brothers?"
    r"|parents?|siblings?|grandmothers?|grandfathers?|grandparents?|aunts?|uncles?|cousins?"
    r"|maternal|paternal|sons?|daughters?|relatives?",
    "historical": r"s/p|status post|history of resolved|remote history of|childhood"
    # "Last seizure 3 weeks ago": the latest past episode, not a current condition
    # (right before the mention only: "since last visit, worsening COPD" is current)
    r"|(?:last|most recent|latest)(?=\s*$)|h/o resolved|hx of resolved"
    r"|prior(?!\s+to\b)|previous|previously treated|past episode of|resolved|remote"
    # the reaction an allergy causes: "penicillin allergy is hives", "reaction: rash"
    r"|allerg(?:y|ies|ic)(?:\s+(?:is|was|causes?|caused|with|reaction))?\s*[:(-]?"
    r"|reactions?\s*(?:is|was|of|:|-)|causes|caused|intolerance",
}
# After the mention, within its clause.
_AFTER = {
    "negated": r"ruled out|was ruled out|has been ruled out|excluded|has been excluded"
    r"|was excluded|unlikely|negative|not present|absent|resolved|denied|none"
    r"|not supported|not confirmed|not substantiated|not seen|not found|not identified"
    r"|not demonstrated|not favou?red|not likely|felt unlikely|deemed unlikely|doubtful"
    r"|not evident|not detected|not appreciated|not observed|was negative|were negative"
    r"|came back negative|dismissed|eliminated",
    "uncertain": r"suspected|possible|questionable|\?|considered|entertained|versus|vs\.?"
    r"|not excluded|cannot be excluded|cannot be ruled out|can not be excluded|to be ruled out"
    r"|is possible|is likely|is suspected|in the differential|on the differential"
    r"|remains? possible|is a consideration|under consideration",
    "hypothetical": r"develops?|occurs?|recurs?|arises?|happens?|returns?"
    r"|should occur|should develop|were to occur|warning signs",
    "historical": r"as a child|in childhood|as an infant|as a teen(?:ager)?|years ago"
    r"|in remission|no residual|healed|now resolved",
    # A test, a vaccine or a screening for a condition is not the condition.
    "test": r"vaccines?|vaccinations?|immunizations?|shots?|screening|testing|tests?|pcr|swabs?"
    r"|antigens?|antibod(?:y|ies)|titers?|serology|panel|cultures?|assay|prophylaxis"
    # a record or a plan named after the condition: "seizure diary", "asthma action plan"
    r"|diar(?:y|ies)|logs?|action plans?|precautions|education|protocol",
    "family": r"runs in (?:the|his|her|their) family|in the family|in (?:his|her|their|the patient's)"
    r" family|in (?:his|her|their|the patient's) (?:mother|father|sister|brother|son|daughter"
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
_TEST_AFTER = re.compile(
    rf"[\s/-]*(?:[A-Za-z0-9]+[\s/-]+)?(?:{_AFTER['test']})(?![\w-])", re.IGNORECASE
)
# Phrases that contain a cue word but do not negate: "no increase in", "not only".
_PSEUDO = re.compile(
    r"\b(?:no (?:increase|change)|no further (?:workup|work-up|evaluation|testing|imaging"
    r"|treatment|intervention|action|follow-up)|not only|not certain if|without difficulty"
    r"|gram negative|if needed|no longer (?:needs?|requires?|on|taking))\b",
    re.IGNORECASE,
)
# A cue's reach ends at a clause boundary.
_CLAUSE_BREAK = re.compile(
    r"[.;!?\n]|\s-\s|\b(?:but(?!\s+(?:was\s+|were\s+|is\s+|has been\s+|later\s+|then\s+"
    r"|subsequently\s+|ultimately\s+)?(?:excluded|ruled out|felt unlikely|deemed unlikely"
    r"|not\b|negative|dismissed))|however|although|though|except|aside from|apart from|which|who"
    r"|presents|presented|presenting|reports?|now|today|currently|continue|continues)\b",
    re.IGNORECASE,
)
# A list entry answered after a dash, colon or equals sign: "Chest pain - absent",
# "Fever: denies", "Edema: none", "Nausea = no", "Cough (-)". The answer follows at
# once, or after other entries of the same list ("Fever, chills: denied").
_LIST_ANSWER = re.compile(
    r"(?:\s*(?:,|/|\bor\b|\band\b)\s*[A-Za-z][A-Za-z' -]{0,30}?){0,4}"
    r"\s*(?:[:=?]|\s[-\u2013\u2014]+|[-\u2013\u2014]{2})\s*"
    r"(?:absent|none|nil|negative|neg|denie[sd]|deny|not present|not noted|not seen"
    r"|ruled out|r/o'd|excluded|unlikely|resolved|not supported"
    r"|no(?=\s*(?:[.,;)\n]|$))|\(-\)|0(?=\s*(?:[.,;\n]|$)))(?![\w-])"
    r"|\s*\(\s*-\s*\)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['\u2019]s)?|[A-Za-z]+/[A-Za-z]+")
# A capitalised mention inside the name of a clinic, department or organisation
# ("Interstitial Lung Disease Clinic", "Comprehensive Epilepsy Center", "Diabetes
# Education Program") names a place, not the patient's condition.
_ORGANISATION_AFTER = re.compile(
    r"(?:[ \t]+(?:[A-Z][\w'\u2019-]*|&|and|of|for))*?[ \t]+"
    r"(?:Clinic|Clinics|Center|Centre|Institute|Program|Programme|Service|Services|Department"
    r"|Dept|Unit|Foundation|Association|Society|Team|Lab|Laboratory|Network|Alliance|Hospital"
    r"|Practice|Associates|Partners|Division|Group|Collaborative|Consortium|Registry|Fund"
    r"|Support Group|Research|Trust|League|Coalition|Office)\b"
)


def _organisation(text: str, start: int, end: int) -> bool:
    if not text[start : start + 1].isupper():
        return False
    line_end = text.find("\n", end)
    return bool(_ORGANISATION_AFTER.match(text[end : line_end if line_end >= 0 else len(text)]))


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


_derived_index: dict[tuple[str, ...], str] = {}

# "leiomyoma of uterus" is written "uterine leiomyoma": the adjective of a site.
SITE_ADJECTIVES = {
    "uterus": "uterine",
    "kidney": "renal",
    "liver": "hepatic",
    "lung": "pulmonary",
    "stomach": "gastric",
    "heart": "cardiac",
    "skin": "cutaneous",
    "colon": "colonic",
    "prostate": "prostatic",
    "ovary": "ovarian",
    "rectum": "rectal",
    "esophagus": "esophageal",
    "pancreas": "pancreatic",
    "spleen": "splenic",
    "brain": "cerebral",
    "cervix": "cervical",
    "bladder": "vesical",
    "duodenum": "duodenal",
    "thyroid": "thyroid",
    "breast": "breast",
    "bone": "bone",
    "vagina": "vaginal",
    "vulva": "vulvar",
    "testis": "testicular",
    "adrenal gland": "adrenal",
    "gallbladder": "gallbladder",
    "eye": "ocular",
    "nose": "nasal",
}


def _synonyms() -> dict[tuple[str, ...], str]:
    if not _synonym_index:
        for phrase, code in SYNONYMS.items():
            key = tuple(codeset.tokens(phrase))
            _synonym_index[key] = code
            for i in range(1, len(key) + 1):
                _synonym_prefixes.add(key[:i])
        _derive(codeset.codeset())
    return _synonym_index


def _derive(index: codeset.CodeSet) -> None:
    """Code-set phrases "X of <site>" also read as "<site adjective> X", and "malignant
    neoplasm of <site>" as "<site> cancer" ("pancreatic cancer", "cancer of the
    bladder", "thyroid cancer")."""
    sites = {tuple(codeset.tokens(site)): adjective for site, adjective in SITE_ADJECTIVES.items()}
    for key, entry in index.phrases.items():
        if "of" not in key or len(key) > 7:
            continue
        at = key.index("of")
        head, site = key[:at], key[at + 1 :]
        if not head or not site:
            continue
        if site[-1] == "gland":
            site = site[:-1]
        adjective = sites.get(site)
        variants = [(adjective, *head)] if adjective else []
        if head == ("malignant", "neoplasm") and len(site) <= 2:
            # "adenocarcinoma of the prostate", "prostate cancer", "pancreatic carcinoma"
            for noun in ("cancer", "carcinoma", "adenocarcinoma"):
                variants += [(*site, noun), (noun, "of", *site)]
                if adjective:
                    variants.append((adjective, noun))
        for variant in variants:
            if variant in index.phrases or variant in _synonym_index or variant in _derived_index:
                continue
            _derived_index[variant] = entry.code
            for i in range(1, len(variant) + 1):
                _synonym_prefixes.add(variant[:i])


@dataclass(frozen=True)
class _Token:
    word: str
    start: int
    end: int
    abbreviation: bool


_AMBIGUOUS_BEFORE = {k: re.compile(v, re.IGNORECASE) for k, v in AMBIGUOUS_BEFORE.items()}
_AMBIGUOUS_AFTER = {k: re.compile(v, re.IGNORECASE) for k, v in AMBIGUOUS_AFTER.items()}


def _other_meaning(text: str, abbreviation: str, start: int, end: int) -> bool:
    """An abbreviation the text around gives another meaning ("SpO2 95% RA")."""
    line_start = text.rfind("\n", 0, start) + 1
    before = _AMBIGUOUS_BEFORE.get(abbreviation)
    if before and before.search(text[max(line_start, start - 24) : start]):
        return True
    after = _AMBIGUOUS_AFTER.get(abbreviation)
    return bool(after and after.match(text, end, min(len(text), end + 24)))


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text, start, end):
        raw = match.group()
        key = raw if raw in ABBREVIATIONS else raw.rstrip("s")
        expansion = ABBREVIATIONS.get(key)
        if (
            expansion
            and (raw.isupper() or raw in ABBREVIATIONS)
            and not _other_meaning(text, key, match.start(), match.end())
        ):
            for word in codeset.tokens(expansion):
                out.append(_Token(word, match.start(), match.end(), True))
            continue
        if raw.lower() in ("ii",) and out and out[-1].word == "type":
            out.append(_Token("2", match.start(), match.end(), False))
            continue
        for word in codeset.tokens(raw):
            out.append(_Token(spelling(word), match.start(), match.end(), False))
    return out


_deletes: dict[str, set[str]] = {}
_vocabulary: set[str] = set()
_spelling_lock = threading.Lock()


def _one_deleted(word: str) -> set[str]:
    return {word[:k] + word[k + 1 :] for k in range(len(word))}


def _close(a: str, b: str) -> bool:
    """One edit apart: a letter added, dropped, changed, or two swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short in _one_deleted(long_)


def spelling(word: str) -> str:
    """A long word the code set does not know, one edit from exactly one word it
    does ("pnuemonia", "hypertention"), read as that word."""
    if len(word) < 7 or not word.isalpha():
        return word
    with _spelling_lock:
        if not _vocabulary:
            words = {w for key in codeset.codeset().phrases for w in key}
            words |= {w for key in _synonyms() for w in key}
            _vocabulary.update(words)
            for w in words:
                if len(w) >= 6 and w.isalpha():
                    _deletes.setdefault(w, set()).add(w)
                    for variant in _one_deleted(w):
                        _deletes.setdefault(variant, set()).add(w)
    if word in _vocabulary:
        return word
    candidates: set[str] = set()
    for key in (word, *_one_deleted(word)):
        candidates |= _deletes.get(key, set())
    matches = {c for c in candidates if c[0] == word[0] and _close(word, c)}
    return matches.pop() if len(matches) == 1 else word


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


# Side words inside a phrase ("osteoarthritis of the left hip") are read past; the
# side then picks the lateral code.
SIDES = frozenset({"right", "left", "bilateral"})


def _forms(word: str) -> tuple[str, ...]:
    """The word, and for a plural its singulars: phrases write "polyp of colon", notes
    "colon polyps"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return (word, word[:-1], word[:-2]) if word.endswith("es") else (word, word[:-1])
    return (word,)


def _longest(tokens: list[_Token], i: int) -> tuple[int, str, float] | None:
    """The longest phrase starting at token i: (length, code, score). A side word
    ("right", "left", "bilateral") inside the phrase may be read past."""
    index = codeset.codeset()
    synonyms = _synonyms()
    best: tuple[int, str, float] | None = None
    limit = min(len(tokens), i + index.max_length + 2)
    stack: list[tuple[int, tuple[str, ...]]] = [(i, ())]
    while stack:
        j, key = stack.pop()
        if j >= limit:
            continue
        word = tokens[j].word
        if key and word in SIDES:
            stack.append((j + 1, key))
        for form in _forms(word):
            extended = (*key, form)
            if extended not in _synonym_prefixes and extended not in index.prefixes:
                continue
            length = j - i + 1
            found: tuple[int, str, float] | None = None
            if extended in synonyms:
                found = (length, synonyms[extended], NOTE_PHRASE_SCORE)
            elif extended in index.phrases:
                entry = index.phrases[extended]
                score = NOTE_PHRASE_SCORE if entry.rank == 0 else CODESET_VARIANT_SCORE
                found = (length, entry.code, score)
            elif extended in _derived_index:
                found = (length, _derived_index[extended], CODESET_VARIANT_SCORE)
            if found and (best is None or found[0] > best[0]):
                best = found
            stack.append((j + 1, extended))
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
    if _LIST_ANSWER.match(text, end, hi):
        return "negated"
    for kind, pattern in _AFTER_RE.items():
        if kind == "test":
            # only right after the mention: "influenza vaccine", "HIV antibody test"
            if _TEST_AFTER.match(after_clean):
                return kind
        elif pattern.search(after_clean[:60]):
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
                if not context and _organisation(text, start, end):
                    context = "organisation"
                if segment.section in SKIPPED_SECTIONS:
                    context = context or "section"
                yield Mention(code, note_index, start, end, score, context, segment.section)
                i += length


def has_diagnostic_sections(note: coding_pb2.ClinicalNote) -> bool:
    return any(s.section in DIAGNOSTIC_SECTIONS for s in note.segments)
