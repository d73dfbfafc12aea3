"""Generate the labelled synthetic evaluation corpus: FHIR R4 bundles with realistic
notes, planted PHI of every type (with offsets), gold ICD-10-CM codes, and negated,
ruled-out, hypothetical and family-history mentions that must not be coded.

All people, numbers and addresses are invented. The dev and test splits use disjoint
name lists, note templates and phrasings; the test split is frozen (regenerating it
must give the same files, which `--check` verifies).

    python tests/eval/generate.py           # write tests/eval/{dev,test}/
    python tests/eval/generate.py --check   # fail if the files on disk differ
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- names
# Disjoint per split: a rule that only works for the dev names fails on test.
NAMES: dict[str, dict[str, Any]] = {
    "dev": {
        "first": [
            "Dolores",
            "Harold",
            "Camila",
            "Walter",
            "Priya",
            "Marcus",
            "Eleanor",
            "Tyrone",
            "Beatriz",
            "Gideon",
            "Yolanda",
            "Desmond",
            "Ingrid",
            "Rafael",
            "Shauna",
            "Leopold",
            "Mei",
            "Octavia",
            "Bernard",
            "Fatima",
            "Lucinda",
            "Cornelius",
            "Imani",
            "Thaddeus",
        ],
        "last": [
            "Whitcombe",
            "Pruitt",
            "Reyes-Ortega",
            "Kaminski",
            "Venkataraman",
            "Delacroix",
            "Haverford",
            "Okonkwo",
            "Lindgren",
            "Castellanos",
            "Fairbanks",
            "Mbeki",
            "Szymanski",
            "Thornbury",
            "Abernathy",
            "Nakashima",
            "O'Halloran",
            "Petrakis",
            "Quintero",
            "Rasmussen",
        ],
        "clinician_last": [
            "Raghavan",
            "Okafor",
            "Feld",
            "Lindqvist",
            "Marsh",
            "Bhattacharya",
            "Ostrowski",
            "Adeyemi",
            "Kowalczyk",
            "Harrington",
        ],
        "cities": [
            ("Dayton", "OH", "454"),
            ("Spokane", "WA", "992"),
            ("Albany", "NY", "122"),
            ("Tucson", "AZ", "857"),
            ("Knoxville", "TN", "379"),
            ("Boise", "ID", "837"),
        ],
        "streets": [
            "Larkspur Lane",
            "Birchwood Drive",
            "Maple Street",
            "Quarry Road",
            "Harbor View Court",
            "Elmhurst Avenue",
            "Juniper Way",
        ],
    },
    "test": {
        "first": [
            "Rosalind",
            "Emeka",
            "Vivian",
            "Anselm",
            "Tamsin",
            "Jerome",
            "Lakshmi",
            "Dmitri",
            "Consuelo",
            "Percival",
            "Ayesha",
            "Winston",
            "Margarethe",
            "Kwame",
            "Philippa",
            "Isidro",
            "Henrietta",
            "Soren",
            "Nadia",
            "Barnaby",
        ],
        "last": [
            "Ashcroft",
            "Nwachukwu",
            "Pemberton",
            "Gallagher-Ruiz",
            "Trevino",
            "Blackwood",
            "Iyer",
            "Volkov",
            "Montgomery",
            "Esposito",
            "Kingsley",
            "Achterberg",
            "Farouk",
            "Langston",
            "MacAllister",
            "Ferreira",
        ],
        "clinician_last": [
            "Chakraborty",
            "Whitfield",
            "Oyelaran",
            "Brennan",
            "Vasquez",
            "Nakamura",
            "Holloway",
            "Eriksen",
        ],
        "cities": [
            ("Lancaster", "PA", "176"),
            ("Flagstaff", "AZ", "860"),
            ("Savannah", "GA", "314"),
            ("Burlington", "VT", "054"),
            ("Fresno", "CA", "937"),
        ],
        "streets": [
            "Cedar Hollow Road",
            "Winslow Boulevard",
            "Pinecrest Terrace",
            "Old Mill Road",
            "Sycamore Street",
        ],
    },
}

# ----------------------------------------------------------------------- conditions
# code, phrasings (dev uses even indexes, test odd ones, where there are several).


@dataclass(frozen=True)
class Condition:
    code: str
    phrases: tuple[str, ...]


C = Condition
CONDITIONS: dict[str, list[Condition]] = {
    "primary care": [
        C(
            "E11.9",
            ("type 2 diabetes mellitus", "type 2 diabetes", "T2DM", "diabetes mellitus type 2"),
        ),
        C(
            "E11.65",
            (
                "type 2 diabetes mellitus with hyperglycemia",
                "poorly controlled type 2 diabetes",
                "uncontrolled type 2 diabetes",
            ),
        ),
        C("I10", ("essential hypertension", "hypertension", "HTN", "high blood pressure")),
        C("E78.5", ("hyperlipidemia", "HLD", "dyslipidemia")),
        C("E66.9", ("obesity",)),
        C("E03.9", ("hypothyroidism",)),
        C("K21.9", ("gastroesophageal reflux disease", "GERD")),
        C("E55.9", ("vitamin D deficiency",)),
        C("F17.210", ("nicotine dependence, cigarettes", "current cigarette smoker")),
        C("M54.50", ("low back pain", "lower back pain")),
        C("G47.33", ("obstructive sleep apnea", "OSA")),
    ],
    "cardiology": [
        C("I48.91", ("atrial fibrillation", "AFib", "A-fib")),
        C("I48.0", ("paroxysmal atrial fibrillation", "paroxysmal AF")),
        C("I50.9", ("congestive heart failure", "CHF", "heart failure")),
        C(
            "I50.22",
            ("chronic systolic heart failure", "chronic systolic congestive heart failure"),
        ),
        C("I25.10", ("coronary artery disease", "CAD", "atherosclerotic heart disease")),
        C("I10", ("essential hypertension", "HTN")),
        C("E78.5", ("hyperlipidemia",)),
        C("I35.0", ("aortic stenosis", "aortic valve stenosis")),
    ],
    "pulmonology": [
        C("J44.9", ("chronic obstructive pulmonary disease", "COPD")),
        C(
            "J44.1",
            ("COPD exacerbation", "acute exacerbation of COPD", "COPD with acute exacerbation"),
        ),
        C("J45.909", ("asthma", "asthma, unspecified")),
        C("J18.9", ("community-acquired pneumonia", "pneumonia")),
        C("G47.33", ("obstructive sleep apnea",)),
        C("J84.9", ("interstitial lung disease", "ILD")),
    ],
    "nephrology": [
        C("N18.31", ("chronic kidney disease stage 3a", "CKD stage 3a", "CKD 3a")),
        C("N18.32", ("CKD stage 3b", "chronic kidney disease stage 3b", "CKD 3b")),
        C("N18.4", ("chronic kidney disease stage 4", "CKD stage 4", "CKD 4")),
        C("N17.9", ("acute kidney injury", "AKI")),
        C("E87.5", ("hyperkalemia",)),
        C("D63.1", ("anemia in chronic kidney disease", "anemia of CKD")),
    ],
    "endocrinology": [
        C("E10.9", ("type 1 diabetes mellitus", "T1DM", "type 1 diabetes")),
        C("E05.90", ("hyperthyroidism",)),
        C("E03.9", ("hypothyroidism",)),
        C("E11.40", ("type 2 diabetes with diabetic neuropathy", "diabetic neuropathy")),
        C("E28.2", ("polycystic ovarian syndrome", "PCOS")),
        C("M81.0", ("postmenopausal osteoporosis", "age-related osteoporosis")),
    ],
    "emergency": [
        C("N39.0", ("urinary tract infection", "UTI")),
        C("R07.9", ("chest pain", "chest pain, unspecified")),
        C("R55", ("syncope", "syncopal episode")),
        C("L03.115", ("cellulitis of right lower limb", "right lower extremity cellulitis")),
        C("E86.0", ("dehydration",)),
        C("A08.4", ("viral gastroenteritis",)),
        C("S93.401A", ("sprain of right ankle", "right ankle sprain")),
    ],
    "surgery": [
        C("K35.80", ("acute appendicitis", "appendicitis")),
        C("K80.20", ("cholelithiasis", "gallstones")),
        C("K40.90", ("inguinal hernia", "unilateral inguinal hernia")),
        C("K57.32", ("diverticulitis of large intestine", "sigmoid diverticulitis")),
        C("K56.609", ("small bowel obstruction", "SBO")),
    ],
    "psychiatry": [
        C("F32.A", ("depression",)),
        C(
            "F33.1",
            (
                "major depressive disorder, recurrent, moderate",
                "recurrent major depressive disorder, moderate",
            ),
        ),
        C("F41.1", ("generalized anxiety disorder", "GAD")),
        C("F10.20", ("alcohol dependence", "alcohol use disorder, moderate")),
        C("F43.10", ("post-traumatic stress disorder", "PTSD")),
        C("G47.00", ("insomnia",)),
    ],
    "neurology": [
        C("G43.909", ("migraine", "migraine headaches")),
        C("G40.909", ("epilepsy", "seizure disorder")),
        C("G20.A1", ("Parkinson's disease", "Parkinson disease")),
        C("G30.9", ("Alzheimer's disease", "Alzheimer disease")),
        C("I63.9", ("ischemic stroke", "acute ischemic stroke", "CVA")),
        C("G35.D", ("multiple sclerosis", "MS")),
    ],
    "gastroenterology": [
        C("K21.9", ("GERD", "gastroesophageal reflux disease")),
        C("K50.90", ("Crohn's disease", "Crohn disease")),
        C("K51.90", ("ulcerative colitis",)),
        C("K58.9", ("irritable bowel syndrome", "IBS")),
        C("K76.0", ("fatty liver", "nonalcoholic fatty liver disease", "NAFLD")),
        C("D50.9", ("iron deficiency anemia", "iron-deficiency anemia")),
    ],
    "geriatrics": [
        C("F03.90", ("dementia", "unspecified dementia")),
        C("M17.11", ("primary osteoarthritis of right knee", "right knee osteoarthritis")),
        C("R26.81", ("gait instability", "unsteady gait")),
        C("N40.0", ("benign prostatic hyperplasia", "BPH")),
        C("H91.90", ("hearing loss", "hearing loss, unspecified")),
        C("M10.9", ("gout",)),
    ],
    "infectious disease": [
        C("B20", ("HIV disease", "HIV infection")),
        C("A41.9", ("sepsis", "sepsis, unspecified organism")),
        C("B18.2", ("chronic hepatitis C", "chronic hepatitis C infection")),
        C("A69.20", ("Lyme disease",)),
        C("J06.9", ("upper respiratory infection", "URI")),
    ],
}

# Mentions that must never be coded: (kind, template, codes that would be wrong).
# {x} is the condition phrase.
TRAPS: dict[str, list[tuple[str, str]]] = {
    # code, phrase for the trap condition
    "negated": [
        ("R07.9", "chest pain"),
        ("R06.02", "shortness of breath"),
        ("R50.9", "fever"),
        ("R11.0", "nausea"),
        ("R05.9", "cough"),
        ("R55", "syncope"),
        ("R51.9", "headache"),
        ("R10.9", "abdominal pain"),
        ("R00.2", "palpitations"),
        ("K92.2", "gastrointestinal bleeding"),
    ],
    "ruled_out": [
        ("I26.99", "pulmonary embolism"),
        ("I21.9", "myocardial infarction"),
        ("A41.9", "sepsis"),
        ("J18.9", "pneumonia"),
        ("K35.80", "appendicitis"),
        ("I82.409", "deep vein thrombosis"),
        ("G45.9", "transient ischemic attack"),
    ],
    "family": [
        ("C50.919", "breast cancer"),
        ("C18.9", "colon cancer"),
        ("E11.9", "type 2 diabetes"),
        ("I21.9", "myocardial infarction"),
        ("G30.9", "Alzheimer's disease"),
        ("C61", "prostate cancer"),
        ("I63.9", "stroke"),
    ],
    "hypothetical": [
        ("R50.9", "fever"),
        ("R07.9", "chest pain"),
        ("R06.02", "shortness of breath"),
        ("R04.2", "hemoptysis"),
        ("R11.10", "vomiting"),
    ],
}

TRAP_TEMPLATES = {
    "dev": {
        "negated": [
            "Denies {x}.",
            "No {x}.",
            "Negative for {x}.",
            "He reports no {x}.",
            "No evidence of {x} on exam.",
            "Patient denies any {x} or {y}.",
        ],
        "ruled_out": ["{X} was ruled out.", "Workup ruled out {x}.", "{X} ruled out by imaging."],
        "family": ["Mother with {x}.", "Father had {x}.", "Family history of {x} in her sister."],
        "hypothetical": [
            "Return if {x} develops.",
            "Call for any {x}.",
            "Advised to seek care should {x} occur.",
        ],
    },
    "test": {
        "negated": [
            "She denies {x}.",
            "Without {x}.",
            "{X}: none.",
            "No complaints of {x}.",
            "Free of {x} since last visit.",
            "Not experiencing {x} or {y}.",
        ],
        "ruled_out": [
            "{X} has been excluded.",
            "Negative workup for {x}.",
            "Rule out {x} - CT negative, {x} excluded.",
        ],
        "family": [
            "Maternal grandmother with {x}.",
            "Brother diagnosed with {x} at 50.",
            "FHx: {x} (father).",
        ],
        "hypothetical": [
            "If {x} recurs, return to the ED.",
            "Watch for {x}.",
            "Should she develop {x}, call the clinic.",
        ],
    },
}

# ------------------------------------------------------------------- PHI formats


def fmt_date(rng: random.Random, y: int, m: int, d: int, split: str) -> str:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    forms = {
        "dev": [
            f"{m:02d}/{d:02d}/{y}",
            f"{m}/{d}/{y % 100:02d}",
            f"{y}-{m:02d}-{d:02d}",
            f"{months[m - 1]} {d}, {y}",
            f"{d} {months[m - 1][:3]} {y}",
            f"{months[m - 1][:3]}. {d}, {y}",
        ],
        "test": [
            f"{m}/{d}/{y}",
            f"{d:02d}-{months[m - 1][:3]}-{y}",
            f"{months[m - 1]} {d}{ordinal(d)}",
            f"{months[m - 1]} {y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{m}-{d}-{y}",
            f"{d} {months[m - 1]} {y}",
        ],
    }
    return rng.choice(forms[split])


def ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def fmt_phone(rng: random.Random, digits: str, split: str) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    forms = {
        "dev": [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}"],
        "test": [f"+1 {a} {b} {c}", f"({a}){b}-{c}", f"1-{a}-{b}-{c}", f"{a} {b} {c}"],
    }
    return rng.choice(forms[split])


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


# ------------------------------------------------------------------ note builder


@dataclass
class Builder:
    parts: list[str] = field(default_factory=list)
    spans: list[dict[str, Any]] = field(default_factory=list)
    length: int = 0

    def text(self, s: str) -> Builder:
        self.parts.append(s)
        self.length += len(s)
        return self

    def phi(self, kind: str, value: str, in_bundle: bool | None = None) -> Builder:
        span: dict[str, Any] = {
            "type": kind,
            "start": self.length,
            "end": self.length + len(value),
            "value": value,
        }
        if kind == "NAME":
            span["in_bundle"] = bool(in_bundle)
        self.spans.append(span)
        return self.text(value)

    def build(self) -> tuple[str, list[dict[str, Any]]]:
        return "".join(self.parts), self.spans


def fill(b: Builder, template: str, values: dict[str, tuple[str, str, bool | None]]) -> None:
    """Append a template whose {KEY}s are PHI values (type, value, in_bundle)."""
    import re

    position = 0
    for match in re.finditer(r"\{(\w+)\}", template):
        b.text(template[position : match.start()])
        kind, value, in_bundle = values[match.group(1)]
        b.phi(kind, value, in_bundle)
        position = match.end()
    b.text(template[position:])


# ------------------------------------------------------------------- one encounter


def make_encounter(
    split: str, index: int, specialty: str, rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    names = NAMES[split]
    first, middle = rng.sample(names["first"], 2)
    last = rng.choice(names["last"])
    rel_first = rng.choice([n for n in names["first"] if n not in (first, middle)])
    doc_first = rng.choice([n for n in names["first"] if n not in (first, middle, rel_first)])
    doc_last, consult_last, other_last = rng.sample(names["clinician_last"], 3)
    outside_first = rng.choice(
        [n for n in names["first"] if n not in (first, middle, rel_first, doc_first)]
    )
    city, state, zip3 = rng.choice(names["cities"])
    zipcode = zip3 + digits(rng, 2) + (("-" + digits(rng, 4)) if rng.random() < 0.3 else "")
    street = f"{rng.randint(12, 9899)} {rng.choice(names['streets'])}"
    phone_digits = "555" + digits(rng, 7)
    rel_phone_digits = "555" + digits(rng, 7)
    fax_digits = "555" + digits(rng, 7)
    mrn = rng.choice(
        [f"MRN-{digits(rng, 6)}", digits(rng, 8), f"{rng.choice('ABKZ')}{digits(rng, 7)}"]
    )
    ssn = f"{rng.randint(100, 899)}-{digits(rng, 2)}-{digits(rng, 4)}"
    account = digits(rng, 9)
    member = f"{rng.choice(['XJH', 'QMB', 'WPA', 'HZN'])}{digits(rng, 9)}"
    email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(10, 99)}@example.{rng.choice(['com', 'net', 'org'])}"
    ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    url = rng.choice(
        [
            f"https://portal.example.org/patients/{digits(rng, 6)}",
            f"www.example-health.net/records/{digits(rng, 5)}",
        ]
    )
    device = rng.choice(
        [
            f"SN-{digits(rng, 8)}",
            f"{rng.choice('ABCDEFGH')}{rng.choice('JKLMNPQR')}{digits(rng, 7)}",
        ]
    )
    old = specialty == "geriatrics" or rng.random() < 0.2
    age = rng.randint(90, 101) if old else rng.randint(24, 88)
    by = 2026 - age
    bm, bd = rng.randint(1, 12), rng.randint(1, 28)
    vm, vd = rng.randint(1, 11), rng.randint(1, 28)
    male = rng.random() < 0.5
    his = "his" if male else "her"
    title = "Mr." if male else rng.choice(["Mrs.", "Ms."])
    relation = rng.choice(["daughter", "son", "wife", "husband", "niece", "neighbor"])

    def d(y: int, m: int, dd: int) -> str:
        return fmt_date(rng, y, m, dd, split)

    # conditions
    pool = CONDITIONS[specialty]
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(2, 4)))
    # one code per ICD category: two codes of one category in one note contradict
    seen_cat: set[str] = set()
    conditions = []
    for cond in chosen:
        if cond.code[:3] not in seen_cat:
            seen_cat.add(cond.code[:3])
            conditions.append(cond)
    half = [p for i, p in enumerate(conditions[0].phrases) if i % 2 == (0 if split == "dev" else 1)]

    def phrase(cond: Condition) -> str:
        options = [
            p for i, p in enumerate(cond.phrases) if i % 2 == (0 if split == "dev" else 1)
        ] or list(cond.phrases)
        return rng.choice(options)

    del half
    gold_codes = sorted({c.code for c in conditions})
    traps: list[dict[str, Any]] = []
    trap_sentences: list[str] = []
    for kind in ("negated", "ruled_out", "family", "hypothetical"):
        options = [t for t in TRAPS[kind] if t[0][:3] not in seen_cat]
        picks = rng.sample(options, k=2 if kind == "negated" else 1)
        template = rng.choice(TRAP_TEMPLATES[split][kind])
        x = picks[0][1]
        y = picks[1][1] if len(picks) > 1 else x
        if "{y}" not in template:
            picks = picks[:1]
        sentence = template.format(x=x, X=x[0].upper() + x[1:], y=y)
        trap_sentences.append(sentence)
        for code, p in picks:
            traps.append({"kind": kind, "code": code, "phrase": p})

    neg = [
        s
        for s, t in zip(
            trap_sentences, ("negated", "ruled_out", "family", "hypothetical"), strict=True
        )
    ]
    negated_s, ruled_s, family_s, hypo_s = neg

    patient_full = f"{first} {last}"
    doctor = f"{doc_first} {doc_last}"
    P = ("NAME", patient_full, True)
    values: dict[str, tuple[str, str, bool | None]] = {
        "PATIENT": P,
        "PFIRST": ("NAME", first, True),
        "PLAST": ("NAME", last, True),
        "PINIT": ("NAME", f"{first} {middle[0]}. {last}", True),
        "DOCTOR": ("NAME", doctor, True),
        "DOCLAST": ("NAME", doc_last, True),
        "CONSULT": ("NAME", consult_last, False),
        "OTHERDOC": ("NAME", f"{outside_first} {other_last}", False),
        "RELATIVE": ("NAME", f"{rel_first} {last}", True),
        "RELFIRST": ("NAME", rel_first, True),
        "DOB": ("DATE", d(by, bm, bd), None),
        "VISIT": ("DATE", d(2026, vm, vd), None),
        "PRIOR": ("DATE", d(2025, rng.randint(1, 12), rng.randint(1, 28)), None),
        "NEXT": ("DATE", d(2026, vm + 1, rng.randint(1, 28)), None),
        "AGE": ("AGE", str(age), None),
        "MRN": ("MRN", mrn, None),
        "SSN": ("SSN", ssn if rng.random() < 0.8 else ssn.replace("-", " "), None),
        "ACCOUNT": ("ACCOUNT", account, None),
        "MEMBER": ("ACCOUNT", member, None),
        "PHONE": ("PHONE", fmt_phone(rng, phone_digits, split), None),
        "RELPHONE": ("PHONE", fmt_phone(rng, rel_phone_digits, split), None),
        "FAX": ("FAX", fmt_phone(rng, fax_digits, split), None),
        "EMAIL": ("EMAIL", email, None),
        "URL": ("URL", url, None),
        "IP": ("IP_ADDRESS", ip, None),
        "STREET": ("ADDRESS", street, None),
        "CITY": ("CITY", city, None),
        "ZIP": ("ZIP", zipcode, None),
        "DEVICE": ("DEVICE_ID", device, None),
    }
    age_phrase = (
        "{AGE}-year-old"
        if split == "dev"
        else rng.choice(["{AGE} yo", "{AGE}-year-old", "aged {AGE}"])
    )
    age_line = (
        f"{{PATIENT}} is a {age_phrase} {'man' if male else 'woman'}"
        if age >= 90
        else f"{{PATIENT}} is a {age}-year-old {'man' if male else 'woman'}"
    )
    if age < 90:
        del values["AGE"]
    dx_list = [phrase(c) for c in conditions]
    dx_text = ", ".join(dx_list[:-1]) + (" and " if len(dx_list) > 1 else "") + dx_list[-1]

    if split == "dev":
        header = [
            f"{specialty.upper()} {rng.choice(['PROGRESS NOTE', 'CLINIC NOTE', 'CONSULTATION'])}\n",
            "Patient: {PINIT}    DOB: {DOB}    MRN: {MRN}\n",
            "Date of Service: {VISIT}    Provider: Dr. {DOCTOR}, MD\n",
            "Phone: {PHONE}    Fax: {FAX}    Email: {EMAIL}\n",
            "Address: {STREET}, {CITY}, " + state + " {ZIP}\n",
            "SSN: {SSN}    Account #: {ACCOUNT}    Member ID: {MEMBER}\n",
            "\n",
            "Chief Complaint:\n",
            f"Follow-up of {dx_list[0]}.\n\n",
            "History of Present Illness:\n",
            age_line + f" seen on {{VISIT}} for {dx_text}. Last visit was {{PRIOR}}. ",
            f"{his.capitalize()} {relation} {{RELFIRST}} accompanies {'him' if male else 'her'} today "
            "and can be reached at {RELPHONE}. " + negated_s + " " + ruled_s + "\n",
            "Per Dr. {CONSULT} in cardiology, no changes to the regimen. "
            "Case reviewed with nurse practitioner {OTHERDOC}.\n\n",
            "Past Medical History:\n",
            "".join(f"{i + 1}. {p}\n" for i, p in enumerate(dx_list)),
            "\nFamily History:\n",
            family_s + "\n\n",
            "Social History:\n",
            f"Lives in {{CITY}} with {his} {relation}. Never smoker.\n\n",
            "Review of Systems:\n",
            "Constitutional: negative for fever and weight loss. Cardiovascular: no chest pain.\n\n",
            "Assessment and Plan:\n",
            "".join(
                f"{i + 1}. {p[0].upper() + p[1:]} - continue current therapy.\n"
                for i, p in enumerate(dx_list)
            ),
            hypo_s
            + " Patient portal: {URL}. Device: implanted loop recorder serial number {DEVICE}.\n",
            "Follow up on {NEXT}.\n\n",
            "Electronically signed by {DOCTOR}, MD on {VISIT}. Workstation {IP}.\n",
        ]
    else:
        header = [
            f"{rng.choice(['Outpatient visit', 'Office visit', 'Consult note'])} - {specialty}\n",
            "Name: {PLAST}, {PFIRST}   Medical record number {MRN}   Date of birth {DOB}\n",
            "Visit date {VISIT}; seen by {DOCTOR} MD. Referred by Dr. {OTHERDOC}.\n",
            "Home: {STREET}, {CITY} " + state + " {ZIP}. Tel {PHONE}, fax {FAX}. E-mail {EMAIL}.\n",
            "Social Security number {SSN}; acct {ACCOUNT}; insurance member number {MEMBER}.\n",
            "\n",
            "HPI:\n",
            f"{title} {{PLAST}} returns today with {dx_text}. "
            + age_line.replace("{PATIENT}", f"{title} {{PLAST}}")
            + ". Previously evaluated {PRIOR}. "
            + negated_s
            + " "
            + ruled_s
            + "\n",
            f"History obtained from {his} {relation}, {{RELATIVE}} (cell {{RELPHONE}}).\n\n",
            "PMH:\n",
            "".join(f"- {p}\n" for p in dx_list),
            "\nFH:\n",
            family_s + "\n\n",
            "ROS:\n",
            "Negative except as noted in HPI.\n\n",
            "Impression:\n",
            "".join(f"{p[0].upper() + p[1:]}.\n" for p in dx_list),
            "\nPlan:\n",
            hypo_s + " Discussed with Dr. {CONSULT}. Results at {URL} (uploaded from {IP}).\n",
            "Insulin pump / device SN {DEVICE} checked. Next appointment {NEXT}.\n\n",
            "{DOCTOR}, MD\n",
        ]
    b = Builder()
    for piece in header:
        fill(b, piece, values)
    text, spans = b.build()
    # HTML notes must round-trip exactly: no blank lines, no edge spaces.
    as_html = index % 4 == 3
    if as_html:
        lines = [line.strip() for line in text.split("\n")]
        text2_parts: list[str] = []
        offset_map: list[int] = []
        kept = [line for line in lines if line]
        text2 = "\n".join(kept)
        # recompute spans by re-finding each value in order
        position = 0
        new_spans = []
        for span in spans:
            found = text2.find(span["value"], position)
            assert found >= 0
            new_spans.append({**span, "start": found, "end": found + len(span["value"])})
            position = found + len(span["value"])
        text, spans = text2, new_spans
        del text2_parts, offset_map
        markup = (
            "<html><body>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in kept)
            + "</body></html>"
        )
        content_type, payload = "text/html", markup
    else:
        content_type, payload = "text/plain", text

    enc_id = f"enc-{split}-{index:03d}"
    patient = {
        "resourceType": "Patient",
        "id": f"pat-{split}-{index:03d}",
        "identifier": [{"system": "http://hospital.example.org/mrn", "value": mrn}],
        "name": [{"family": last, "given": [first, middle]}],
        "telecom": [
            {"system": "phone", "value": fmt_phone(rng, phone_digits, "dev")},
            {"system": "fax", "value": fmt_phone(rng, fax_digits, "dev")},
            {"system": "email", "value": email},
        ],
        "gender": "male" if male else "female",
        "birthDate": f"{by}-{bm:02d}-{bd:02d}",
        "address": [{"line": [street], "city": city, "state": state, "postalCode": zipcode}],
    }
    practitioner = {
        "resourceType": "Practitioner",
        "id": f"prac-{split}-{index:03d}",
        "name": [{"family": doc_last, "given": [doc_first], "prefix": ["Dr."]}],
    }
    related = {
        "resourceType": "RelatedPerson",
        "id": f"rel-{split}-{index:03d}",
        "patient": {"reference": f"Patient/pat-{split}-{index:03d}"},
        "name": [{"family": last, "given": [rel_first]}],
        "telecom": [{"system": "phone", "value": fmt_phone(rng, rel_phone_digits, "dev")}],
    }
    encounter = {
        "resourceType": "Encounter",
        "id": enc_id,
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
        "subject": {"reference": f"Patient/pat-{split}-{index:03d}"},
    }
    document = {
        "resourceType": "DocumentReference",
        "id": f"doc-{split}-{index:03d}",
        "status": "current",
        "subject": {"reference": f"Patient/pat-{split}-{index:03d}"},
        "content": [
            {
                "attachment": {
                    "contentType": content_type,
                    "data": base64.b64encode(payload.encode()).decode(),
                }
            }
        ],
    }
    bundle = {
        "resourceType": "Bundle",
        "id": f"bundle-{split}-{index:03d}",
        "type": "collection",
        "entry": [{"resource": r} for r in (encounter, patient, practitioner, related, document)],
    }
    gold = {
        "encounter_id": enc_id,
        "specialty": specialty,
        "icd10": gold_codes,
        "traps": traps,
        "notes": {f"DocumentReference/doc-{split}-{index:03d}#content[0]": spans},
    }
    return bundle, gold


COUNTS = {"dev": 48, "test": 36}
SEEDS = {"dev": 20260301, "test": 20260917}


def generate(split: str) -> dict[str, bytes]:
    rng = random.Random(SEEDS[split])
    specialties = sorted(CONDITIONS)
    files: dict[str, bytes] = {}
    for index in range(COUNTS[split]):
        specialty = specialties[index % len(specialties)]
        bundle, gold = make_encounter(split, index, specialty, rng)
        slug = specialty.replace(" ", "-")
        name = f"{index:03d}-{slug}"
        files[f"{name}.json"] = (json.dumps(bundle, indent=1) + "\n").encode()
        files[f"{name}.gold.json"] = (json.dumps(gold, indent=1) + "\n").encode()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if files on disk differ")
    args = parser.parse_args()
    stale = []
    for split in ("dev", "test"):
        folder = HERE / split
        files = generate(split)
        if args.check:
            on_disk = {p.name: p.read_bytes() for p in folder.glob("*.json")}
            if on_disk != files:
                stale.append(split)
            continue
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        print(f"{split}: {len(files) // 2} encounters")
    if stale:
        print(f"stale corpus: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
