"""Rule-based analysis, the offline default. It says so in every summary: it screens
the codes against the documentation with fixed rules; it is not an AI model.

It gives the same shape of answer as the LLM backend: codes without note evidence,
conditions documented but not coded, unspecified codes where the note has more detail,
conditions coded although a note negates them, and missing note sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from codingintel.reports.v1 import reports_pb2
from codingintel.sections import section_names

BACKEND_NAME = "rules"
CODING_LABEL = "Rule-based screening, not an AI model"
QUALITY_LABEL = "Rule-based documentation screening, not an AI model"

FHIR = reports_pb2.CODE_SOURCE_FHIR
NOTE = reports_pb2.CODE_SOURCE_NOTE

# What each kind of unspecified code needs the documentation to say.
SPECIFICITY_HINTS = {
    "E11": "document complications (e.g. nephropathy, neuropathy, hyperglycemia) and insulin use",
    "I50": "document the type (systolic, diastolic, combined) and acuity (acute, chronic)",
    "J18": "document the causative organism when known",
    "N18": "document the CKD stage",
    "I48": "document the type (paroxysmal, persistent, permanent)",
    "J44": "document exacerbation or infection when present",
    "N39": "document the site of infection and organism",
    "F32": "document episode (single, recurrent) and severity",
    "E66": "document BMI and the cause of obesity",
    "K35": "document perforation, abscess or peritonitis",
    "D64": "document the type and cause of anemia",
    "M17": "document laterality (left, right, bilateral)",
}

# Detail in a note that a more specific code of the category would carry.
DETAIL_PATTERNS = {
    "E11": r"nephropathy|neuropathy|retinopathy|hyperglyc[a-z]*|hypoglyc[a-z]*|gastroparesis"
    r"|insulin|ckd|chronic kidney disease|foot ulcer",
    "I50": r"systolic|diastolic|hfref|hfpef|reduced ejection fraction|preserved ejection fraction"
    r"|acute on chronic|acute|chronic",
    "J18": r"strep[a-z]*|pneumococc[a-z]*|klebsiella|pseudomonas|haemophilus|staph[a-z]*"
    r"|mycoplasma|legionella|aspiration|lobar|influenza|covid",
    "N18": r"stage\s*(?:[1-5]|i{1,3}v?|v)\b|esrd|end[- ]stage",
    "I48": r"paroxysmal|persistent|permanent|longstanding|chronic",
    "J44": r"exacerbation|acute bronchitis|lower respiratory infection",
    "N39": r"cystitis|pyelonephritis|urethritis|e\.? ?coli|escherichia|klebsiella|proteus"
    r"|enterococc[a-z]*",
    "F32": r"recurrent|single episode|mild|moderate|severe|psychotic|remission",
    "E66": r"bmi\s*(?:of\s*)?\d+|morbid|severe obesity|due to excess calories|drug[- ]induced",
    "K35": r"perforat[a-z]*|abscess|peritonitis|gangren[a-z]*|rupture[d]?",
    "D64": r"iron deficiency|blood loss|chronic disease|aplastic|hemolytic|b12|folate",
    "M17": r"\bleft\b|\bright\b|bilateral",
}

# How a condition of each category is named in notes; else the code's display up to
# its first comma.
CONDITION_TERMS = {
    "E11": r"(?:type 2 )?diabetes(?: mellitus)?|t2dm|dm2?",
    "E10": r"type 1 diabetes(?: mellitus)?|t1dm",
    "I10": r"hypertension|htn",
    "I50": r"heart failure|chf|hfref|hfpef",
    "J18": r"pneumonia",
    "N39": r"urinary tract infection|uti",
    "J44": r"copd|chronic obstructive pulmonary disease",
    "F32": r"depression|major depressive disorder|mdd",
    "K35": r"appendicitis",
    "I48": r"atrial fibrillation|afib|a-fib",
    "N18": r"chronic kidney disease|ckd",
    "E66": r"obesity",
    "D64": r"anemia|anaemia",
    "E78": r"hyperlipidemia|dyslipidemia|hypercholesterolemia",
    "J45": r"asthma",
    "I21": r"myocardial infarction|\bmi\b|stemi|nstemi",
    "R07": r"chest pain",
    "R50": r"fever",
}

_NEGATION_BEFORE = (
    r"\b(?:no|not|denies|denied|negative for|without|free of|absence of"
    r"|no evidence of|no signs? of|ruled out|rules out|r/o)\b[^.;:\n]{0,40}?"
)
_NEGATION_AFTER = (
    r"[^.;:\n]{0,20}?\b(?:was|is|has been)?\s*(?:ruled out|excluded|unlikely|negative)\b"
)

EXPECTED_SECTIONS = {
    "chief_complaint": reports_pb2.SEVERITY_WARNING,
    "history_of_present_illness": reports_pb2.SEVERITY_WARNING,
    "assessment": reports_pb2.SEVERITY_ERROR,
    "plan": reports_pb2.SEVERITY_ERROR,
}
SHORT_NOTE_CHARS = 300


def _category(code: str) -> str:
    return code.replace(".", "")[:3].upper()


def _unspecified(code: reports_pb2.CodeSuggestion) -> bool:
    display = code.display.lower()
    return "unspecified" in display or "not specified" in display


def _condition_term(code: reports_pb2.CodeSuggestion) -> str | None:
    term = CONDITION_TERMS.get(_category(code.code))
    if term is not None:
        return term
    head = code.display.split(",")[0].split("(")[0].strip().lower()
    head = re.sub(r"\b(?:unspecified|other|without complications?)\b", "", head).strip()
    return re.escape(head) if len(head) >= 5 else None


def negated_in(note_texts: Sequence[str], code: reports_pb2.CodeSuggestion) -> bool:
    """A note negates the code's condition ("denies chest pain", "pneumonia ruled out")."""
    term = _condition_term(code)
    if term is None:
        return False
    before = re.compile(rf"{_NEGATION_BEFORE}\b(?:{term})\b", re.IGNORECASE)
    after = re.compile(rf"\b(?:{term})\b{_NEGATION_AFTER}", re.IGNORECASE)
    return any(before.search(text) or after.search(text) for text in note_texts)


def detail_in(note_texts: Sequence[str], code: reports_pb2.CodeSuggestion) -> list[str]:
    """Detail words in the notes that a more specific code of the category would carry."""
    pattern = DETAIL_PATTERNS.get(_category(code.code))
    if pattern is None:
        return []
    found: dict[str, None] = {}
    for text in note_texts:
        for match in re.finditer(rf"\b(?:{pattern})", text, re.IGNORECASE):
            found.setdefault(match.group(0).lower(), None)
    return list(found)[:5]


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def analyze_coding(
    note_texts: Sequence[str],
    icd10_codes: Sequence[reports_pb2.CodeSuggestion],
    snomed_codes: Sequence[reports_pb2.CodeSuggestion],
) -> reports_pb2.CodingAnalysis:
    on_encounter = {c.code for c in icd10_codes if c.source == FHIR}
    supported = sorted({c.code for c in icd10_codes if c.HasField("evidence")})
    unsupported = sorted(
        {c.code for c in icd10_codes if c.source == FHIR and not c.HasField("evidence")}
    )
    missed = sorted(
        {
            c.code
            for c in icd10_codes
            if c.source == NOTE and _category(c.code) not in {_category(x) for x in on_encounter}
        }
    )
    negated = sorted(
        {
            c.code
            for c in icd10_codes
            if c.source == FHIR and not c.HasField("evidence") and negated_in(note_texts, c)
        }
    )
    opportunities = []
    seen: set[str] = set()
    for code in icd10_codes:
        if code.code in seen or not _unspecified(code):
            continue
        seen.add(code.code)
        detail = detail_in(note_texts, code)
        if not detail:
            continue  # nothing more to code from: a documentation matter (quality)
        more_specific = sorted(
            {
                c.code
                for c in icd10_codes
                if c.code != code.code
                and _category(c.code) == _category(code.code)
                and c.HasField("evidence")
                and not _unspecified(c)
            }
        )
        opportunities.append(
            reports_pb2.SpecificityOpportunity(
                code=code.code,
                suggestion=f"{code.code} ({code.display}) is unspecified but the note documents "
                f"{', '.join(detail)}: a more specific code may apply.",
                suggested_codes=more_specific,
            )
        )
    summary = (
        f"{CODING_LABEL}: {len(supported)} code(s) supported by the notes, "
        f"{len(unsupported)} on the encounter without note evidence"
        f"{f' ({len(negated)} negated in a note)' if negated else ''}, {len(missed)} documented "
        f"but not coded, {len(opportunities)} specificity "
        f"{_plural(len(opportunities), 'opportunity', 'opportunities')}."
    )
    if not note_texts:
        summary += " The encounter has no clinical note."
    return reports_pb2.CodingAnalysis(
        supported_codes=supported,
        unsupported_codes=unsupported,
        missed_codes=missed,
        specificity_opportunities=opportunities,
        summary=summary,
    )


def analyze_quality(
    note_texts: Sequence[str],
    icd10_codes: Sequence[reports_pb2.CodeSuggestion],
    coding: reports_pb2.CodingAnalysis,
) -> reports_pb2.QualityAnalysis:
    findings: list[reports_pb2.QualityFinding] = []

    def add(
        category: str, severity: reports_pb2.Severity, text: str, codes: Sequence[str] = ()
    ) -> None:
        findings.append(
            reports_pb2.QualityFinding(
                category=category, severity=severity, text=text, related_codes=list(codes)
            )
        )

    if not note_texts:
        add(
            "missing_note",
            reports_pb2.SEVERITY_ERROR,
            "The encounter has no clinical note to support its codes.",
        )
    present: set[str] = set()
    for text in note_texts:
        present |= section_names(text)
    if "assessment_and_plan" in present:
        present |= {"assessment", "plan"}
    if note_texts:
        for section, severity in EXPECTED_SECTIONS.items():
            if section not in present:
                add(
                    "missing_section",
                    severity,
                    f"No {section.replace('_', ' ')} section is documented.",
                )
    for index, text in enumerate(note_texts):
        if len(text.strip()) < SHORT_NOTE_CHARS:
            add(
                "short_note",
                reports_pb2.SEVERITY_WARNING,
                f"Note {index + 1} is under {SHORT_NOTE_CHARS} characters.",
            )
    displays = {c.code: c.display for c in icd10_codes}
    by_code = {c.code: c for c in icd10_codes}
    for code in coding.unsupported_codes:
        suggestion = by_code.get(code)
        if suggestion is not None and negated_in(note_texts, suggestion):
            add(
                "negated_code",
                reports_pb2.SEVERITY_ERROR,
                f"{code} ({displays.get(code, '')}) is on the encounter but a note negates it.",
                [code],
            )
        else:
            add(
                "unsupported_code",
                reports_pb2.SEVERITY_WARNING,
                f"{code} ({displays.get(code, '')}) is on the encounter but no note documents it.",
                [code],
            )
    for code in coding.missed_codes:
        add(
            "uncoded_diagnosis",
            reports_pb2.SEVERITY_INFO,
            f"{code} ({displays.get(code, '')}) is documented in a note but not coded on the encounter.",
            [code],
        )
    with_detail = {o.code for o in coding.specificity_opportunities}
    for opportunity in coding.specificity_opportunities:
        add(
            "unspecified_code",
            reports_pb2.SEVERITY_INFO,
            opportunity.suggestion,
            [opportunity.code],
        )
    seen: set[str] = set()
    for suggestion in icd10_codes:
        if (
            suggestion.code in seen
            or suggestion.code in with_detail
            or not _unspecified(suggestion)
        ):
            continue
        seen.add(suggestion.code)
        hint = SPECIFICITY_HINTS.get(
            _category(suggestion.code), "document the detail that a more specific code needs"
        )
        add(
            "unspecified_code",
            reports_pb2.SEVERITY_INFO,
            f"{suggestion.code} ({suggestion.display}): {hint}.",
            [suggestion.code],
        )
    errors = sum(1 for f in findings if f.severity == reports_pb2.SEVERITY_ERROR)
    warnings = sum(1 for f in findings if f.severity == reports_pb2.SEVERITY_WARNING)
    summary = (
        f"{QUALITY_LABEL}: {len(findings)} finding(s), {errors} error(s), {warnings} warning(s)."
    )
    return reports_pb2.QualityAnalysis(findings=findings, summary=summary)
