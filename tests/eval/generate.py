"""Generate the labelled synthetic evaluation corpus: FHIR R4 bundles with realistic
notes, planted PHI of every type (with offsets), gold ICD-10-CM codes, and negated,
ruled-out, hypothetical, family-history (and, in dev, resolved-history) mentions that
must not be coded.

Each split draws from its own set of note templates, written independently: different
specialties and note types (H&P, progress note, discharge summary, ED note, consult,
operative note, telephone note, SOAP, problem list, narrative without headers), its own
name lists, date and phone formats, MRN labels, clinical phrasings and trap wordings.
The test split (its templates, names and wordings) was written first and frozen before
any tuning; once its misses had been read and fixed it became "test (seen)", and the
holdout split was written and frozen as the new held-out part before the rules were
run over it. The same happened in turn to holdout, holdout2, holdout3, holdout4 and
holdout5, whose first clean reading has been taken and whose misses have been read;
the next fresh split is to be written and frozen before anything else is tuned. Each
held-out split was written with the rules frozen, run once for its first clean
reading, and only then looked at. Rules are tuned on dev and
on splits already seen. Regenerating must give the same files, which `--check`
verifies. Some dev encounters carry a second,
shorter note. All people, numbers and addresses are invented.

Gold codes follow the coding conventions a coder applies: hypertension with heart
failure is I11.0 plus the failure code, with chronic kidney disease I12.x plus the
stage, with both I13.x; type 2 diabetes with chronic kidney disease is E11.22 plus
the stage; COPD with pneumonia is J44.0 plus the pneumonia; depression beside
bipolar disorder is the bipolar code alone.

    python tests/eval/generate.py           # write tests/eval/{dev,test,holdout*}/
    python tests/eval/generate.py --check   # fail if the files on disk differ
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

MONTHS = [
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
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
AGE_WORDS = {
    90: "ninety",
    91: "ninety-one",
    92: "ninety-two",
    93: "ninety-three",
    94: "ninety-four",
    95: "ninety-five",
    96: "ninety-six",
    97: "ninety-seven",
    98: "ninety-eight",
    99: "ninety-nine",
    100: "one hundred",
    101: "one hundred and one",
}


def ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


@dataclass(frozen=True)
class Cond:
    """A documented diagnosis: its code and the ways this split's notes write it."""

    code: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    name: str
    specialty: str
    sex: str  # "any", "female", "male"
    pool: tuple[Cond, ...]
    body: str
    child: bool = False


# =========================================================================== TEST
# Written first and frozen: nothing below this line up to DEV was changed after the
# embedded backends were first run over the corpus.

TEST_NAMES: dict[str, Any] = {
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
    "clinician_first": ["Ottoline", "Cyrus", "Bronwen", "Rahul", "Marisol", "Ignatius"],
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
    "nicknames": ["Rosie", "Dima", "Percy", "Nettie", "Buzz", "Kiki"],
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
    "units": ["Apt {n}", "Unit {n}", "#{n}", "Apartment {n}"],
    "relations": ["daughter", "son", "wife", "husband", "granddaughter", "sister"],
}


def test_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m:02d}/{d:02d}/{y}",
            f"{d}-{mon[:3]}-{y}",
            f"{mon} {d}{ordinal(d)}",
            f"{y}/{m:02d}/{d:02d}",
            f"{mon[:3]} {d}, {y}",
            f"{d}{ordinal(d)} of {mon} {y}",
            f"{m}.{d}.{y}",
        ]
    )


def test_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"+1 ({a}) {b}-{c}",
            f"{a} {b} {c}",
            f"1-{a}-{b}-{c}",
            f"({a}){b}-{c} ext 3{c[:2]}",
            f"{a}/{b}-{c}",
        ]
    )


TEST_MRN_LABELS = ["Med Rec #", "MRN", "Medical record number", "Hosp #", "EHR ID"]

TEST_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
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
        ("K92.2", "GI bleeding"),
    ],
    "ruled_out": [
        ("I26.99", "pulmonary embolism"),
        ("I21.9", "myocardial infarction"),
        ("A41.9", "sepsis"),
        ("J18.9", "pneumonia"),
        ("K35.80", "appendicitis"),
        ("I82.409", "DVT"),
        ("G45.9", "TIA"),
    ],
    "family": [
        ("C50.919", "breast cancer"),
        ("C18.9", "colon cancer"),
        ("E11.9", "type 2 diabetes"),
        ("I21.9", "MI"),
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

TEST_TRAPS = {
    "negated": [
        "[SHE] denies {x}.",
        "Without {x}.",
        "{X}: none.",
        "No complaints of {x}.",
        "Free of {x} since last visit.",
        "Not experiencing {x} or {y}.",
        "{X} - absent.",
    ],
    "ruled_out": [
        "{X} has been excluded.",
        "Negative workup for {x}.",
        "CT negative, {x} excluded.",
        "{X} effectively ruled out.",
    ],
    "family": [
        "Maternal grandmother with {x}.",
        "Brother diagnosed with {x} at 50.",
        "FHx: {x} (father).",
        "Strong family history of {x}.",
    ],
    "hypothetical": [
        "If {x} recurs, return to the ED.",
        "Watch for {x}.",
        "Should [SHE] develop {x}, call the clinic.",
        "Reviewed warning signs such as {x}.",
    ],
}

TEST_TEMPLATES: list[Template] = [
    Template(
        "cardiology-consult",
        "cardiology",
        "any",
        (
            Cond("I48.91", ("atrial fibrillation", "AF", "a-fib")),
            Cond("I50.9", ("heart failure", "CHF")),
            Cond("I10", ("hypertension", "HTN")),
            Cond("I25.10", ("CAD", "coronary artery disease")),
            Cond("I35.0", ("aortic stenosis",)),
            Cond("E78.5", ("hyperlipidemia", "dyslipidemia")),
        ),
        "CARDIOLOGY CONSULTATION\n"
        "{PLASTFIRST}    [MRNLABEL]: {MRN}    DOB {DOB}\n"
        "Requesting physician: {OTHERDOC}    Date of consult: {VISIT}\n\n"
        "Reason for consultation: [DX1].\n\n"
        "History of Present Illness:\n"
        "[TITLE] {PLAST} is a [AGEYO] [SEX] with [DXTEXT] referred for evaluation. "
        "Last echo {PRIOR}. [NEG] [RULED]\n\n"
        "Family History:\n[FAM]\n\n"
        "Social History:\nLives at {STREET}, {CITY}, [STATE] {ZIP} with [HIS] [REL] "
        "{RELATIVE}, reachable at {RELPHONE}.\n\n"
        "Impression:\n[DXNUM]\n"
        "Recommendations:\n[HYPO] Remote monitoring via {URL}; device {DEVICE} interrogated. "
        "Will discuss with Dr. {CONSULT}.\n\n"
        "Thank you for this consult.\n{DOCTOR}, MD, FACC\nPager {PHONE}\n",
    ),
    Template(
        "pulmonology-discharge",
        "pulmonology",
        "any",
        (
            Cond("J44.1", ("COPD exacerbation", "acute exacerbation of COPD")),
            Cond("J96.01", ("acute hypoxic respiratory failure",)),
            Cond("J18.9", ("community acquired pneumonia", "CAP")),
            Cond("G47.33", ("obstructive sleep apnea", "OSA")),
            Cond("F17.210", ("current smoker", "cigarette smoker")),
            Cond("I10", ("hypertension",)),
        ),
        "DISCHARGE SUMMARY\n"
        "Patient: {PATIENT}   [MRNLABEL] {MRN}   Acct {ACCOUNT}\n"
        "Admitted: {PRIOR}   Discharged: {VISIT}\n"
        "Attending: Dr. {DOCINIT}\n\n"
        "Discharge Diagnoses:\n[DXLINES]\n"
        "Hospital Course:\n[AGEYO_CAP] [SEX] admitted with [DX1]. Treated with nebulizers and "
        "steroids. [NEG] [RULED] Pulmonology (Dr. {CONSULT}) followed.\n\n"
        "Family History:\n[FAM]\n\n"
        "Discharge Instructions:\n[HYPO] Follow up with {DOCLAST} on {NEXT}. Questions: "
        "{PHONE}. Home oxygen concentrator serial {DEVICE}.\n\n"
        "cc: {OTHERDOC}\n",
    ),
    Template(
        "endocrinology-telephone",
        "endocrinology",
        "any",
        (
            Cond("E11.65", ("uncontrolled type 2 diabetes", "type 2 diabetes with hyperglycemia")),
            Cond("E11.9", ("type 2 diabetes", "DM2")),
            Cond("E03.9", ("hypothyroidism",)),
            Cond("E05.90", ("hyperthyroidism",)),
            Cond("E55.9", ("vitamin D deficiency",)),
            Cond("E66.9", ("obesity",)),
        ),
        "Telephone encounter {VISITTIME}\n"
        "Caller: {RELATIVE} ([REL]) at {RELPHONE} regarding {PFIRST} {PLAST}, DOB {DOB}.\n"
        "Pt known to this clinic for [DXTEXT]. [REL_CAP] reports glucose readings uploaded to "
        "{URL}. [NEG] [HYPO] Pump serial no. {DEVICE} replaced last week. Refills sent. "
        "[FAM]\n"
        "Called back by {DOCTOR} RN at {PHONE}; message left for the patient at {EMAIL}.\n"
        "{DOCLOWER}\n",
    ),
    Template(
        "emergency-ed",
        "emergency",
        "any",
        (
            Cond("N10", ("acute pyelonephritis", "pyelonephritis")),
            Cond("E86.0", ("dehydration",)),
            Cond("S52.501A", ("right distal radius fracture",)),
            Cond("S06.0X0A", ("concussion without loss of consciousness",)),
            Cond("R55", ("syncope", "syncopal episode")),
            Cond("L03.116", ("cellulitis of left leg", "left lower extremity cellulitis")),
        ),
        "EMERGENCY DEPARTMENT NOTE\n"
        "Arrival {VISITTIME}   [MRNLABEL]: {MRN}   Name: {PLASTFIRST}\n"
        "Age: [AGEDIGITS]   Address: {STREET}, {CITY} [STATE] {ZIP}\n\n"
        "HPI:\nBrought in by [HIS] [REL], {RELATIVE}. [AGEYO_CAP] [SEX] presenting after a fall "
        "at home. [NEG]\n\n"
        "ED Course:\nLabs and imaging obtained. [RULED] Discussed with on-call Dr. {CONSULT}.\n\n"
        "FH:\n[FAM]\n\n"
        "Clinical Impression:\n[DXLINES]\n"
        "Disposition:\nDischarged home. [HYPO] Results at {URL}.\n\n"
        "{DOCTOR}, DO   ({PHONE})   workstation {IP}\n",
    ),
    Template(
        "orthopedics-operative",
        "orthopedics",
        "any",
        (
            Cond("M17.11", ("primary osteoarthritis of right knee", "right knee osteoarthritis")),
            Cond("M16.11", ("right hip osteoarthritis", "primary osteoarthritis of right hip")),
            Cond(
                "S83.511A", ("right ACL tear", "sprain of anterior cruciate ligament of right knee")
            ),
            Cond("M75.101", ("rotator cuff tear of right shoulder",)),
            Cond("I10", ("essential hypertension",)),
        ),
        "OPERATIVE REPORT\n"
        "Patient: {PLASTFIRST}   [MRNLABEL] {MRN}   Date of surgery: {VISIT}\n"
        "Surgeon: {DOCTOR}, MD   Assistant: {OTHERDOC}, PA-C\n\n"
        "Preoperative Diagnosis:\n[DXLINES]\n"
        "Postoperative Diagnosis:\nSame.\n\n"
        "Indications:\n[AGEYO_CAP] [SEX] with [DX1] failing conservative care since {PRIOR}. "
        "[NEG] [RULED]\n\n"
        "Findings:\nAs expected. Implant lot and serial {DEVICE} recorded.\n\n"
        "Family History:\n[FAM]\n\n"
        "Plan:\n[HYPO] Follow up {NEXT}. Office {PHONE}, fax {FAX}.\n"
        "{DOCLOWER}\n",
    ),
    Template(
        "psychiatry-soap",
        "psychiatry",
        "any",
        (
            Cond("F33.1", ("recurrent major depressive disorder, moderate",)),
            Cond("F41.1", ("generalized anxiety disorder", "GAD")),
            Cond("F43.10", ("PTSD", "post-traumatic stress disorder")),
            Cond("F10.20", ("alcohol use disorder, moderate", "alcohol dependence")),
            Cond("G47.00", ("insomnia",)),
        ),
        "Outpatient psychiatry - {VISIT}\n"
        "{PATIENT} (goes by [QUOTE]{NICK}[QUOTE])   [MRNLABEL]: {MRN}\n\n"
        "S: [AGEYO_CAP] [SEX] seen for follow-up of [DXTEXT]. Lives with [HIS] [REL] "
        "{RELFIRST} in {CITY}. [NEG]\n"
        "O: Alert, cooperative, linear thought process.\n"
        "A: [DXINLINE]\n"
        "P: Continue sertraline. Therapy with {OTHERDOC}, LCSW. [HYPO] Crisis line {PHONE}.\n"
        "FHx: [FAM]\n"
        "{DOCTOR}, MD\n",
    ),
    Template(
        "oncology-problem-list",
        "oncology",
        "any",
        (
            Cond("C34.90", ("non-small cell lung cancer", "lung cancer")),
            Cond("C79.51", ("bone metastases", "metastatic disease to bone")),
            Cond("D64.81", ("anemia due to chemotherapy",)),
            Cond("D69.6", ("thrombocytopenia",)),
            Cond("E86.0", ("dehydration",)),
        ),
        "Oncology clinic - problem-oriented note\n"
        "{PLASTFIRST} | [MRNLABEL] {MRN} | DOB {DOB} | seen {VISIT}\n"
        "Insurance member {MEMBER}; SSN {SSN}\n\n"
        "Problem List:\n[DXHASH]\n"
        "Interval history: cycle 3 given {PRIOR}. [NEG] [RULED]\n"
        "Family history: [FAM]\n"
        "Plan: [HYPO] Next infusion {NEXT}. Port serial number {DEVICE}. "
        "Reach nurse navigator {OTHERDOC} at {PHONE}.\n\n"
        "{DOCTOR}\n"
        "Hematology/Oncology\n",
    ),
    Template(
        "pediatrics-hp",
        "pediatrics",
        "any",
        (
            Cond("H66.90", ("acute otitis media", "otitis media")),
            Cond("J02.0", ("strep pharyngitis", "streptococcal pharyngitis")),
            Cond("J45.909", ("asthma",)),
            Cond("F90.9", ("ADHD", "attention deficit hyperactivity disorder")),
            Cond("J21.9", ("bronchiolitis",)),
        ),
        "PEDIATRIC HISTORY AND PHYSICAL\n"
        "Patient: {PFIRST} {PLAST}   DOB: {DOB}   [MRNLABEL]: {MRN}\n"
        "Parent/guardian: {RELATIVE}   Phone: {RELPHONE}   Email: {EMAIL}\n"
        "Address: {STREET}, {CITY}, [STATE] {ZIP}\n\n"
        "Chief Complaint: [DX1]\n\n"
        "HPI: [CHILDAGE] [CHILDSEX] brought by [HIS] [REL] for [DXTEXT]. [NEG]\n\n"
        "Family History: [FAM]\n\n"
        "Assessment:\n[DXNUM]\n"
        "Plan:\n[HYPO] School note provided. Recheck on {NEXT} with Dr. {DOCLAST}.\n\n"
        "Seen and examined with Dr. {CONSULT}.\n"
        "{DOCTOR}, MD\n",
        child=True,
    ),
    Template(
        "infectious-narrative",
        "infectious disease",
        "any",
        (
            Cond("B20", ("HIV disease", "HIV infection")),
            Cond("B18.2", ("chronic hepatitis C",)),
            Cond("A41.9", ("sepsis",)),
            Cond("A04.72", ("C. diff colitis", "Clostridium difficile colitis")),
            Cond("N39.0", ("UTI", "urinary tract infection")),
        ),
        "{VISIT}\n"
        "{PLASTFIRST} was seen today in the infectious disease clinic at the request of "
        "{OTHERDOC}. [TITLE] {PLAST} is a [AGEYO] [SEX] with [DXTEXT]. [NEG] "
        "[RULED] [SHE_CAP] was accompanied by [HIS] [REL] {RELFIRST}. "
        "[FAM] Labs from {PRIOR} reviewed on the portal ({URL}). "
        "Current problems are [DXTEXT]; antimicrobials adjusted. [HYPO] "
        "Return visit {NEXT}; clinic line {PHONE}, fax {FAX}.\n"
        "{DOCTOR}, MD, Infectious Diseases\n",
    ),
]


# ============================================================================ DEV

DEV_NAMES: dict[str, Any] = {
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
        "O'Halloran",
        "Petrakis",
    ],
    "clinician_first": ["Lucinda", "Cornelius", "Imani", "Thaddeus", "Augusta", "Felix"],
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
    "nicknames": ["Dee", "Hal", "Bunny", "Tito", "Babs", "Skip"],
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
    "units": ["Apt {n}", "Unit {n}", "Suite {n}", "Apt. {n}"],
    "relations": ["daughter", "son", "wife", "husband", "niece", "neighbor"],
}


def dev_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{m}/{d}/{y % 100:02d}",
            f"{m:02d}-{d:02d}-{y}",
            f"{d} {mon} {y}",
            f"{mon[:3]} {d}{ordinal(d)}, {y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{mon} {d}, {y}",
            f"{WEEKDAYS[(d + m) % 7]}, {mon} {d}, {y}",
            f"{m:02d}.{d:02d}.{y}",
        ]
    )


def dev_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"({a}) {b}-{c} ext. 2{c[:2]}",
            f"{a}.{b}.{c}",
            f"+1 {a}-{b}-{c}",
            f"{a}-{b}-{c} x4{c[1:3]}",
            f"({a}) {b}-{c}",
            f"({a}){b}-{c}",
            f"{a}{b}{c}",
            f"{a}-{b}-{c}, ext 1{c[2:]}",
        ]
    )


DEV_MRN_LABELS = ["MRN", "MR#", "Medical Record No.", "Patient ID", "Chart #"]

DEV_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
    "negated": [
        ("R07.9", "chest pain"),
        ("R06.02", "shortness of breath"),
        ("R50.9", "fevers"),
        ("R11.0", "nausea"),
        ("R05.9", "cough"),
        ("R42", "dizziness"),
        ("R51.9", "headache"),
        ("R10.9", "abdominal pain"),
        ("R00.2", "palpitations"),
        ("R04.2", "hemoptysis"),
    ],
    "ruled_out": [
        ("I26.99", "PE"),
        ("I21.9", "MI"),
        ("A41.9", "sepsis"),
        ("J18.9", "pneumonia"),
        ("I82.409", "deep vein thrombosis"),
        ("N20.0", "kidney stone"),
        ("G45.9", "transient ischemic attack"),
    ],
    "family": [
        ("C50.919", "breast cancer"),
        ("C18.9", "colon cancer"),
        ("E11.9", "diabetes"),
        ("I21.9", "heart attack"),
        ("G30.9", "Alzheimer disease"),
        ("C61", "prostate cancer"),
        ("I63.9", "CVA"),
    ],
    "hypothetical": [
        ("R50.9", "fever"),
        ("R07.9", "chest pain"),
        ("R06.02", "shortness of breath"),
        ("R55", "syncope"),
        ("R11.10", "vomiting"),
    ],
}

DEV_TRAP_CONDITIONS["resolved"] = [
    ("K35.80", "appendicitis"),
    ("J18.9", "pneumonia"),
    ("I82.409", "DVT"),
    ("L03.90", "cellulitis"),
    ("K80.20", "cholelithiasis"),
    ("S82.90XA", "ankle fracture"),
]

DEV_TRAPS = {
    "negated": [
        "Denies {x}.",
        "No {x}.",
        "Negative for {x}.",
        "[SHE_CAP] reports no {x}.",
        "No evidence of {x} on exam.",
        "Patient denies any {x} or {y}.",
        "No {x}, no {y}.",
        "No longer has {x}.",
        "Denies: {x}, {y}.",
        "{X} is not present.",
    ],
    "ruled_out": [
        "{X} was ruled out.",
        "Workup ruled out {x}.",
        "{X} ruled out by imaging.",
        "Doubt {x}; troponin and imaging unremarkable.",
        "Low suspicion for {x}.",
        "{X} unlikely given normal labs.",
    ],
    "family": [
        "Mother with {x}.",
        "Father had {x}.",
        "Family history of {x} in [HIS] sister.",
        "[HIS_CAP] uncle died of {x}.",
        "Both parents had {x}.",
    ],
    "hypothetical": [
        "Return if {x} develops.",
        "Call for any {x}.",
        "Advised to seek care should {x} occur.",
        "Go to the ER if {x}.",
        "Monitor for {x}.",
        "Risk of {x} discussed.",
    ],
    "resolved": [
        "S/p {x} (2019).",
        "{X} in 2021, resolved.",
        "Remote history of {x}.",
        "Prior {x}, treated, now resolved.",
        "Hx of {x} as a child.",
        "Status post {x} last year, no residual.",
    ],
}

DEV_TEMPLATES: list[Template] = [
    Template(
        "nephrology-progress",
        "nephrology",
        "any",
        (
            Cond("N18.31", ("CKD stage 3a", "chronic kidney disease stage 3a")),
            Cond("N18.4", ("CKD 4", "chronic kidney disease stage 4")),
            Cond("I10", ("hypertension", "HTN", "hypertention")),
            Cond("E11.9", ("type 2 diabetes", "T2DM")),
            Cond("E87.5", ("hyperkalemia",)),
            Cond("D50.9", ("iron deficiency anemia",)),
        ),
        "NEPHROLOGY PROGRESS NOTE\n"
        "Patient: {PLASTFIRST}    DOB: {DOB}    [MRNLABEL]: {MRN}\n"
        "Date of Service: {VISIT}    Provider: Dr. {DOCINIT}\n"
        "Phone: {PHONE}    Fax: {FAX}    Email: {EMAIL}\n"
        "Address: {STREET}, {CITY}, [STATE] {ZIP}\n\n"
        "Chief Complaint:\nFollow-up of [DX1].\n\n"
        "History of Present Illness:\n[AGEYO_CAP] [SEX] seen for [DXTEXT]. Last visit {PRIOR}. "
        "[NEG] [RULED] [RESOLVED]\n\n"
        "Family History:\n[FAM]\n\n"
        "Vital Signs:\nBP 152/94, HR 81, Temp 98.4 F, SpO2 97% RA, Wt 88.2 kg.\n\n"
        "Results:\nK 5.6, Cr 2.1 (baseline 1.8), eGFR 38. UACR 310 mg/g.\n\n"
        "Assessment and Plan:\n[DXPLAN]\n[HYPO] Follow up {NEXT}. Recheck BMP in 1-2 weeks; "
        "Lasix 40 mg PO BID x 3/7.\n\n"
        "Electronically signed by {DOCTOR}, MD on {VISIT}. Workstation {IP}.\n",
    ),
    Template(
        "cardiology-hp",
        "cardiology",
        "any",
        (
            Cond("I50.22", ("chronic systolic heart failure", "chronic HFrEF")),
            Cond("I48.0", ("paroxysmal atrial fibrillation", "paroxysmal AFib")),
            Cond("I10", ("HTN", "essential hypertension")),
            Cond("I25.10", ("coronary artery disease", "ASHD")),
            Cond("E78.5", ("hyperlipidemia", "HLD")),
            Cond("I21.4", ("NSTEMI",)),
        ),
        "ADMISSION HISTORY AND PHYSICAL\n"
        "Name: {PLAST}, {PFIRST}    [MRNLABEL] {MRN}    Admit date: {VISITTIME}\n"
        "Attending: {DOCTOR}, MD    PCP: Dr. {OTHERDOC}\n\n"
        "Chief Complaint: [DX1]\n\n"
        "HPI:\n[TITLE] {PLAST} is a [AGEYO] [SEX] with [DXTEXT]. [NEG] [RULED] "
        "[HIS_CAP] [REL] {RELATIVE} ({RELPHONE}) provided history.\n\n"
        "Past Medical History:\n[DXLINES]\n"
        "Medications:\nMetoprolol succinate 25 mg daily, Eliquis 5 mg BID, Lipitor 40 mg qHS\n\n"
        "Physical Exam:\nGeneral: NAD. CV: irregularly irregular, 2/6 SEM at RUSB. "
        "Lungs: bibasilar crackles. Ext: 1+ pitting edema. Neuro: GCS 15, A&O x3.\n\n"
        "Family History:\n[FAM]\n\n"
        "Social History:\nLives at {STREET}, {CITY} [STATE] {ZIP}.\n\n"
        "Assessment/Plan:\n[DXPLAN]\n[HYPO] Pacemaker model/serial {DEVICE}.\n\n"
        "{DOCLOWER}, md\n",
    ),
    Template(
        "emergency-ed",
        "emergency",
        "any",
        (
            Cond("N39.0", ("urinary tract infection", "UTI")),
            Cond("R07.9", ("chest pain",)),
            Cond("S93.401A", ("right ankle sprain", "sprain of right ankle")),
            Cond("E86.0", ("dehydration",)),
            Cond("A08.4", ("viral gastroenteritis",)),
            Cond("L03.115", ("right lower extremity cellulitis", "cellulitis of right leg")),
        ),
        "ED PROVIDER NOTE\n"
        "{PATIENT}  [MRNLABEL]: {MRN}  Arrived {VISITTIME}\n\n"
        "HPI: [AGEYO_CAP] [SEX] to ED with [DXTEXT]. [NEG] Accompanied by [HIS] [REL] "
        "{RELFIRST}. Pain 7/10. Placed in Room 14, bed B. Foley not placed. Given Zofran 4 mg "
        "IV and Toradol 30 mg IM at 10:42.\n\n"
        "ROS: Otherwise negative.\n\n"
        "MDM: [RULED] Case discussed with Dr. {CONSULT}. d/w charge nurse {OTHERDOC}.\n\n"
        "Family History: [FAM]\n\n"
        "Diagnoses:\n[DXLINES]\n"
        "Disposition: home. [HYPO] Contact {PHONE}.\n"
        "{DOCTOR}, PA-C\n",
    ),
    Template(
        "surgery-operative",
        "surgery",
        "any",
        (
            Cond("K35.80", ("acute appendicitis",)),
            Cond("K80.20", ("symptomatic cholelithiasis", "gallstones")),
            Cond("K40.90", ("right inguinal hernia", "inguinal hernia")),
            Cond("K57.32", ("sigmoid diverticulitis",)),
            Cond("E66.9", ("obesity",)),
        ),
        "OPERATIVE NOTE\n"
        "Patient: {PLASTFIRST}    [MRNLABEL] {MRN}    Date: {VISIT}\n"
        "Surgeon: Dr. {DOCINIT}    Anesthesia: {OTHERDOC}, CRNA\n\n"
        "Preoperative Diagnosis: [DXINLINE]\n"
        "Postoperative Diagnosis: Same\n"
        "Procedure: laparoscopic repair (Hasson technique, 12 mm port, 0 Vicryl, 4-0 Monocryl).\n"
        "Anesthesia: General ETT. EBL 15 mL. ASA class II. Mallampati 2.\n"
        "Indications: [AGEYO_CAP] [SEX]. [NEG] [RULED]\n"
        "Family History: [FAM]\n"
        "Findings: as above. Clip applier lot {DEVICE}.\n"
        "Circulating nurse: {OTHERDOC}. Scrub: {CONSULT}\n"
        "Plan: [HYPO] Post-op visit {NEXT}; office {PHONE}.\n\n"
        "{DOCTOR}, MD\n",
    ),
    Template(
        "gastroenterology-consult",
        "gastroenterology",
        "any",
        (
            Cond("K21.9", ("GERD", "acid reflux")),
            Cond("K50.90", ("Crohn's disease",)),
            Cond("K58.9", ("irritable bowel syndrome", "IBS")),
            Cond("K76.0", ("NAFLD", "fatty liver")),
            Cond("D50.9", ("iron-deficiency anemia",)),
        ),
        "GI CONSULTATION\n"
        "Re: {PLASTFIRST}    DOB {DOB}    [MRNLABEL]: {MRN}\n"
        "Referred by: Dr. {OTHERDOC}    Consult date: {VISIT}    SSN: {SSN}\n\n"
        "Reason for Referral: [DX1]\n\n"
        "HPI: [TITLE] {PLAST}, a [AGEYO] [SEX], has [DXTEXT]. [NEG] [RULED]\n\n"
        "Family History: [FAM]\n\n"
        "Impression:\n[DXNUM]\n"
        "Plan: [HYPO] Records at {URL}. Per pharmacist {OTHERDOC}, no interactions.\n\n"
        "{DOCTOR}, MD\nGastroenterology\n",
    ),
    Template(
        "neurology-discharge",
        "neurology",
        "any",
        (
            Cond("I63.9", ("acute ischemic stroke", "ischemic stroke")),
            Cond("G40.909", ("seizure disorder", "epilepsy")),
            Cond("G43.909", ("migraine",)),
            Cond("G20.A1", ("Parkinson's disease",)),
            Cond("I10", ("hypertension",)),
        ),
        "DISCHARGE SUMMARY - NEUROLOGY\n"
        "{PLASTFIRST}    [MRNLABEL] {MRN}    Account #: {ACCOUNT}\n"
        "Admission: {PRIOR}    Discharge: {VISIT}\n\n"
        "Discharge Diagnoses:\n[DXNUM]\n"
        "Hospital Course:\n[AGEYO_CAP] [SEX] admitted for [DX1]. [NEG] [RULED] "
        "[RESOLVED] Seen by neurosurgery (Dr. {CONSULT}).\n\n"
        "Family History:\n[FAM]\n\n"
        "Discharge Instructions:\n[HYPO] Follow up on {NEXT} with {DOCTOR}. "
        "[HIS_CAP] [REL], {RELATIVE}, at {RELPHONE}.\n",
    ),
    Template(
        "obstetrics-soap",
        "obstetrics",
        "female",
        (
            Cond("O24.410", ("gestational diabetes, diet controlled",)),
            Cond("O21.0", ("hyperemesis gravidarum",)),
            Cond("O13.9", ("gestational hypertension",)),
            Cond("O99.019", ("anemia complicating pregnancy",)),
        ),
        "Prenatal visit {VISIT}\n"
        '{PATIENT} ("{NICK}")    [MRNLABEL]: {MRN}    DOB {DOB}\n\n'
        "S: [AGEYO_CAP] G2P1 here for routine visit; pregnancy complicated by [DXTEXT]. [NEG]\n"
        "O: BP 132/84, FHR 140s, fundal height 31 cm. GBS pending. Rh positive. "
        "Prior baby's Apgars 8/9.\n"
        "A: [DXINLINE]\n"
        "P: [HYPO] Husband {RELFIRST} present. Next visit {NEXT}. Call {PHONE}.\n"
        "FHx: [FAM]\n"
        "- {DOCTOR}, CNM\n",
    ),
    Template(
        "endocrinology-problem-list",
        "endocrinology",
        "any",
        (
            Cond("E10.65", ("type 1 diabetes with hyperglycemia", "poorly controlled T1DM")),
            Cond("E03.9", ("hypothyroidism",)),
            Cond("E21.0", ("primary hyperparathyroidism",)),
            Cond("M81.0", ("postmenopausal osteoporosis", "osteoporosis")),
            Cond("E55.9", ("vitamin D deficiency",)),
        ),
        "Endocrine follow-up    {VISIT}\n"
        "{PLASTFIRST}, [MRNLABEL] {MRN}, {STREET}, {CITY} [STATE] {ZIP}\n\n"
        "Active Problems:\n[DXHASH]\n"
        "Interval: [AGEYO_CAP] [SEX]. CGM sensor serial # {DEVICE}. [NEG] [RESOLVED]\n"
        "Family History: [FAM]\n"
        "Plan: [HYPO] Labs before {NEXT}. Portal message to {EMAIL}.\n"
        "{DOCTOR}\n"
        "Endocrinology\n",
    ),
    Template(
        "psychiatry-narrative",
        "psychiatry",
        "any",
        (
            Cond("F32.A", ("depression",)),
            Cond("F41.1", ("generalized anxiety disorder",)),
            Cond("F31.9", ("bipolar disorder",)),
            Cond("F10.20", ("alcohol dependence",)),
            Cond("G47.00", ("insomnia",)),
        ),
        "{PLASTFIRST} was seen on {VISIT} for medication management. [TITLE] {PLAST} is a "
        "[AGEYO] [SEX] with [DXTEXT]. [NEG] [RULED] [SHE_CAP] lives in {CITY} with [HIS] [REL] "
        "{RELFIRST} {PLAST}, who can be reached at {RELPHONE}. [FAM] We agreed to continue "
        "the current regimen for [DX1]. [HYPO] Therapy with {OTHERDOC}. Next visit {NEXT}.\n"
        "{DOCTOR}, MD\n",
    ),
    Template(
        "pulmonology-telephone",
        "pulmonology",
        "any",
        (
            Cond("J45.901", ("asthma exacerbation",)),
            Cond("J44.9", ("COPD", "chronic obstructive pulmonary disease")),
            Cond("J84.9", ("interstitial lung disease", "ILD")),
            Cond("G47.33", ("OSA",)),
            Cond("J18.9", ("pneumonia", "pnuemonia")),
        ),
        "TELEPHONE NOTE {VISITTIME}\n"
        "Spoke with {PATIENT} ([MRNLABEL] {MRN}) at {PHONE}. Known [DXTEXT]. [NEG] "
        "[HYPO] CPAP device serial {DEVICE}. [FAM] [RESOLVED]\n"
        "{DOCTOR}, RN\n",
    ),
    Template(
        "orthopedics-clinic",
        "orthopedics",
        "any",
        (
            Cond(
                "M17.12",
                ("left knee osteoarthritis", "osteoarthritis of the left knee", "L knee OA"),
            ),
            Cond("M16.12", ("osteoarthritis of left hip", "left hip OA")),
            Cond("M54.16", ("lumbar radiculopathy",)),
            Cond("M81.0", ("osteoporosis",)),
            Cond("G56.01", ("right carpal tunnel syndrome", "carpal tunnel syndrome, right")),
            Cond("M10.9", ("gout",)),
        ),
        "ORTHOPAEDIC CLINIC NOTE\n"
        "Pt: {PLASTFIRST}   DOB: {DOB}   [MRNLABEL] {MRN}   Visit: {VISIT}\n"
        "Referring: {OTHERDOC}, NP\n\n"
        "Subjective:\n[AGEYO_CAP] [SEX] returns for [DXTEXT]. [NEG] Walks with a cane. "
        "[HIS_CAP] [REL] {RELFIRST} drove [HIM] in. [RESOLVED]\n\n"
        "Objective:\nAntalgic gait. Crepitus with ROM.\n\n"
        "X-rays: joint space narrowing. [RULED]\n\n"
        "Family history: [FAM]\n\n"
        "Assessment & Plan:\n[DXPLAN]\n[HYPO] Brace order faxed to {FAX}. RTC {NEXT}.\n\n"
        "{DOCTOR}, MD\nOrthopaedic Surgery\n",
    ),
    Template(
        "oncology-consult",
        "oncology",
        "female",
        (
            Cond("C50.912", ("left breast cancer", "malignant neoplasm of left breast")),
            Cond("C78.7", ("liver metastases", "metastatic disease to the liver")),
            Cond("D70.1", ("chemotherapy-induced neutropenia", "neutropenia due to chemotherapy")),
            Cond("J91.0", ("malignant pleural effusion",)),
            Cond("E43", ("severe protein-calorie malnutrition",)),
        ),
        "HEMATOLOGY/ONCOLOGY CONSULT NOTE\n"
        "{PATIENT}   [MRNLABEL]: {MRN}   DOB: {DOB}\n"
        "Consult requested by Dr. {OTHERDOC} on {VISIT}\n"
        "Insurance: Member ID {MEMBER}; Social Security # {SSN}\n\n"
        "Reason for Consultation:\n[DX1]\n\n"
        "HPI:\n[TITLE] {PLAST} is a [AGEYO] woman with [DXTEXT]. Last cycle {PRIOR}. [NEG] "
        "[RULED]\n\n"
        "Family Hx:\n[FAM]\n\n"
        "Social Hx:\nLives with [HIS] [REL] at {STREET}, {CITY}, [STATE] {ZIP}.\n\n"
        "Impression/Plan:\n[DXNUM][HYPO] Port-a-cath serial no. {DEVICE}. "
        "Chemo teaching with oncology nurse {CONSULT}.\n\n"
        "{DOCLOWER}, md - {PHONE}\n",
    ),
    Template(
        "pediatrics-soap",
        "pediatrics",
        "any",
        (
            Cond(
                "H66.92",
                (
                    "left acute otitis media",
                    "acute otitis media of the left ear",
                    "otitis media, left ear",
                ),
            ),
            Cond("J05.0", ("croup",)),
            Cond("L20.9", ("atopic dermatitis", "atopic eczema")),
            Cond("J06.9", ("viral URI", "upper respiratory infection")),
            Cond("R62.51", ("failure to thrive",)),
        ),
        "Pediatric sick visit    {VISIT}\n"
        '{PFIRST} {PLAST} ("{NICK}")    DOB {DOB}    [MRNLABEL] {MRN}\n'
        "Accompanied by [REL], {RELATIVE} - cell {RELPHONE}\n\n"
        "S: [CHILDAGE] [CHILDSEX] with [DXTEXT]. [NEG]\n"
        "O: Afebrile in clinic. TM bulging on exam. Wt 18.4 kg (50th %ile). "
        "Tylenol 15 mg/kg q6h PRN. Per Mom, Motrin helped.\n"
        "A: [DXINLINE]\n"
        "P: Amoxicillin. [HYPO] Recheck {NEXT}.\n"
        "FH: [FAM]\n\n"
        "{DOCTOR}, MD (Pediatrics)\n",
        child=True,
    ),
    Template(
        "medicine-discharge",
        "internal medicine",
        "any",
        (
            Cond("I50.32", ("chronic diastolic heart failure", "chronic HFpEF")),
            Cond("I10", ("hypertension", "HTN")),
            Cond("N18.32", ("CKD stage 3b", "chronic kidney disease, stage 3b")),
            Cond("E11.9", ("type II diabetes", "diabetes mellitus type 2")),
            Cond("E87.1", ("hyponatremia",)),
            Cond("N17.9", ("acute kidney injury", "AKI")),
        ),
        "HOSPITAL MEDICINE DISCHARGE SUMMARY\n"
        "Name: {PLASTFIRST}   [MRNLABEL]: {MRN}   Account: {ACCOUNT}\n"
        "Admitted {PRIOR}; discharged {VISITTIME}\n"
        "Attending of record: {DOCTOR}, MD\n\n"
        "Principal and secondary diagnoses:\n[DXNUM]\n"
        "Hospital Course:\n[AGEYO_CAP] [SEX] admitted with [DX1]. Diuresed. [NEG] [RULED] "
        "[RESOLVED] Renal consulted (Dr. {CONSULT}).\n\n"
        "Discharge Medications:\nfurosemide, insulin glargine, losartan\n\n"
        "Family History:\n[FAM]\n\n"
        "Follow-up:\nPCP {OTHERDOC} on {NEXT}. [HYPO] Home health: {PHONE}.\n",
    ),
    Template(
        "urology-ed-narrative",
        "urology",
        "male",
        (
            Cond("N20.0", ("nephrolithiasis", "kidney stone")),
            Cond("N40.0", ("BPH", "benign prostatic hyperplasia")),
            Cond("N10", ("pyelonephritis",)),
            Cond("R33.9", ("urinary retention",)),
            Cond("R97.20", ("elevated PSA",)),
        ),
        "ED note {VISITTIME}. {PATIENT}, [MRNLABEL] {MRN}, is a [AGEYO] man who arrives by "
        "private vehicle with [HIS] [REL] {RELFIRST}. CT today shows [DXTEXT]. [NEG] [RULED] "
        "Urology (Dr. {DOCINIT}) will see him in clinic on {NEXT}. [FAM] No longer has "
        "nausea. [HYPO] Home address {STREET}, {CITY} [STATE] {ZIP}; phone {PHONE}.\n"
        "Impression: [DXINLINE]\n"
        "-- {DOCLOWER}\n",
    ),
    Template(
        "rheumatology-problem-list",
        "rheumatology",
        "any",
        (
            Cond("M06.9", ("rheumatoid arthritis", "RA")),
            Cond("M32.9", ("SLE", "systemic lupus erythematosus")),
            Cond("M79.7", ("fibromyalgia",)),
            Cond("M81.0", ("osteoporosis",)),
            Cond("D86.9", ("sarcoidosis",)),
        ),
        "Rheumatology follow-up\n"
        "{PATIENT}    DOB {DOB}    [MRNLABEL]: {MRN}    seen {VISIT} by {DOCTOR}\n\n"
        "Problems:\n[DXHASH]\n"
        "Vitals: BP 128/76, HR 72, SpO2 98% RA\n\n"
        "Interval history: [AGEYO_CAP] [SEX], stable. [NEG] [RULED] [RESOLVED]\n"
        "Family history: [FAM]\n"
        "Plan: [HYPO] Labs via {URL}; questions to {EMAIL}. Covering provider: Dr. "
        "{CONSULT}. Physical therapy ({OTHERDOC}, PT) to continue.\n\n"
        "{DOCTOR}\n",
    ),
]

DEV_ADDENDA = [
    "Nursing addendum {VISITTIME}\nSpoke with {RELATIVE} ([REL]) at {RELPHONE}. [DX1] stable "
    "per family. Labs faxed to Dr. {CONSULT} at {FAX}.\n-- {OTHERDOC}, RN\n",
    "Telephone follow-up, {NEXT}: {PFIRST} called from {PHONE}; doing well. "
    "Message routed to {DOCLAST}. [DX1] unchanged.\n{OTHERDOC}\n",
    "Care coordination note {VISIT}\nRecords for {PLASTFIRST} ({MRN}) sent to {EMAIL} "
    "at the request of {OTHERDOC}. Home visit booked at {STREET}, {CITY}.\n",
]

# ======================================================================== HOLDOUT
# A fresh held-out split, written and frozen after the test split had been looked at:
# its templates, name lists, date, phone, address and age formats, MRN labels and
# trap wordings are new, and nothing below this line up to HOLDOUT2 was changed after
# the embedded backends were first run over it.

HOLDOUT_NAMES: dict[str, Any] = {
    "first": [
        "Thomasina",
        "Evander",
        "Solveig",
        "Anouk",
        "Idris",
        "Lucan",
        "Oona",
        "Cosmo",
        "Perpetua",
        "Alaric",
        "Zinnia",
        "Bartosz",
        "Eero",
        "Wren",
        "Florian",
        "Itzel",
        "Teodora",
        "Kazimierz",
        "Mireille",
        "Desiree",
        "Lamar",
        "Ngozi",
        "Hyun-woo",
        "Bernadine",
    ],
    "last": [
        "Quarles",
        "Ebbesen",
        "Tollefson",
        "Abernathy-Kwan",
        "Lachance",
        "Oyelowo",
        "Szabo",
        "Dunleavy",
        "Marchbanks",
        "McCrory",
        "D'Amico",
        "Ngata",
        "Villalobos",
        "Przybylski",
        "Haugland",
        "Okereke",
    ],
    "clinician_first": ["Leocadia", "Ulysses", "Mehitabel", "Rainer", "Saskia", "Tobiah", "Jun"],
    "clinician_last": [
        "Fairweather",
        "Okonjo",
        "Thistlewood",
        "Baptiste",
        "Kristiansen",
        "Ferrante",
        "Halvorsen",
        "Ashdown",
        "Mbatha",
    ],
    "nicknames": ["Bea", "Sonny", "Lolly", "Tuck", "Mimi", "Red"],
    "cities": [
        ("Duluth", "MN", "558"),
        ("Pueblo", "CO", "810"),
        ("Macon", "GA", "312"),
        ("Bangor", "ME", "044"),
        ("Las Cruces", "NM", "880"),
        ("Eau Claire", "WI", "547"),
        ("St. Cloud", "MN", "563"),
        ("Winston-Salem", "NC", "271"),
    ],
    "streets": [
        "Foxglove Ridge",
        "Mill Creek Run",
        "Abbott Crossing",
        "Lakeshore Drive",
        "N. Willow St.",
        "County Road 12",
        "Tamarack Court",
        "SE Division Street",
    ],
    "units": ["Apt. #{n}", "Ste {n}", "Lot {n}", "Bldg {n}", "Unit {n}"],
    "relations": ["partner", "stepdaughter", "grandson", "nephew", "brother", "mother-in-law"],
}


def holdout_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{d:02d}{mon[:3].upper()}{y}",
            f"{mon[:3]}-{d:02d}-{y}",
            f"{y}.{m:02d}.{d:02d}",
            f"{WEEKDAYS[(d + 2 * m) % 7][:3]} {m}/{d}/{y % 100:02d}",
            f"{mon}, {d} {y}",
            f"{m:02d}/{d:02d}/{y % 100:02d}",
            f"the {d}{ordinal(d)} of {mon}, {y}",
            f"{d}.{m}.{y}",
        ]
    )


def holdout_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"({a})-{b}-{c}",
            f"{a} {b}-{c}",
            f"{a}.{b}.{c} x 2{c[:1]}",
            f"1 {a} {b} {c}",
            f"{a}-{b}-{c} (m)",
            f"{a}{b}{c}",
            f"[{a}] {b}-{c}",
            f"+1.{a}.{b}.{c}",
        ]
    )


HOLDOUT_MRN_LABELS = ["Acct/MRN", "Unit No.", "Pt #", "MRN#", "Patient No.", "Hospital ID"]

HOLDOUT_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
    "negated": [
        ("R06.2", "wheezing"),
        ("R19.7", "diarrhea"),
        ("R42", "lightheadedness"),
        ("R60.9", "edema"),
        ("R53.83", "fatigue"),
        ("R31.9", "hematuria"),
        ("R63.4", "weight loss"),
        ("R07.9", "chest discomfort"),
        ("R50.9", "fevers"),
        ("R11.0", "nausea"),
    ],
    "ruled_out": [
        ("I26.99", "pulmonary embolus"),
        ("I21.9", "acute MI"),
        ("K85.90", "pancreatitis"),
        ("N20.0", "nephrolithiasis"),
        ("I71.00", "aortic dissection"),
        ("G03.9", "meningitis"),
        ("K56.609", "bowel obstruction"),
    ],
    "family": [
        ("C25.9", "pancreatic cancer"),
        ("I25.10", "coronary artery disease"),
        ("C43.9", "melanoma"),
        ("E10.9", "type 1 diabetes"),
        ("G20", "Parkinson's disease"),
        ("G30.9", "dementia of the Alzheimer type"),
        ("I63.9", "a stroke"),
    ],
    "hypothetical": [
        ("R04.0", "nosebleeds"),
        ("R55", "fainting"),
        ("R11.10", "vomiting"),
        ("R50.9", "a fever over 101"),
        ("R58", "bleeding"),
        ("R07.9", "chest pain"),
    ],
}

HOLDOUT_TRAPS = {
    "negated": [
        "Not having any {x}.",
        "No {x} reported.",
        "[SHE_CAP] denies any recent {x}.",
        "{X}: no.",
        "There is no {x}.",
        "Pt without {x} today.",
        "{X}? None.",
        "Negative for {x} and {y}.",
    ],
    "ruled_out": [
        "{X} was considered but excluded.",
        "Evaluation negative for {x}.",
        "{X} not supported by imaging.",
        "{X} felt unlikely.",
        "We have ruled out {x}.",
    ],
    "family": [
        "Dad had {x}.",
        "Sister recently diagnosed with {x}.",
        "FH significant for {x} (mother).",
        "Grandfather passed from {x}.",
        "Family hx: {x}.",
    ],
    "hypothetical": [
        "Return precautions given for {x}.",
        "Instructed to call if {x} occurs.",
        "In the event of {x}, go to the ED.",
        "Seek care for any {x}.",
        "Discussed what to do if {x} develops.",
    ],
}

HOLDOUT_TEMPLATES: list[Template] = [
    Template(
        "geriatrics-home-visit",
        "geriatrics",
        "any",
        (
            Cond("F03.90", ("dementia", "major neurocognitive disorder")),
            Cond("M81.0", ("osteoporosis", "age-related osteoporosis")),
            Cond("R29.6", ("recurrent falls", "repeated falls")),
            Cond("E03.9", ("hypothyroidism",)),
            Cond("R32", ("urinary incontinence",)),
            Cond("E66.9", ("obesity",)),
        ),
        "HOME VISIT - GERIATRIC MEDICINE\n"
        "Pt: {PLASTFIRST}  |  [MRNLABEL] {MRN}  |  D.O.B. {DOB}\n"
        "Visit address: {STREET}, {CITY}, [STATE] {ZIP}\n"
        "Present: patient, [HIS] [REL] {RELATIVE}, home health aide {THIRD}.\n\n"
        "Subjective: [AGEYO] [SEX] followed for [DXTEXT]. [NEG] [RULED]\n\n"
        "Objective: Frail, pleasant, oriented to person.\n\n"
        "Assessment & Plan:\n[DXNUM]\n[HYPO] Next home visit {NEXT}. Questions: {PHONE}. "
        "Medical alert pendant ID {DEVICE}.\n\n"
        "Family hx: [FAM]\n\n"
        "Electronically signed: {DOCTOR}, MD {VISIT}\n",
    ),
    Template(
        "dermatology-clinic",
        "dermatology",
        "any",
        (
            Cond("L40.0", ("plaque psoriasis", "psoriasis vulgaris")),
            Cond("L20.9", ("atopic dermatitis", "eczema")),
            Cond("C44.91", ("basal cell carcinoma", "BCC")),
            Cond("L70.0", ("acne vulgaris",)),
            Cond("L57.0", ("actinic keratosis", "actinic keratoses")),
            Cond("L71.9", ("rosacea",)),
        ),
        "Dermatology Clinic Note -- {VISIT}\n"
        "{PATIENT} ([MRNLABEL] {MRN}), DOB {DOB}, referred by {OTHERDOC}.\n\n"
        "CC: [DX1]\n"
        "HPI: [AGEYO] [SEX] here for [DXTEXT]. Uses a cream prescribed by Dr. {CONSULT}. "
        "[NEG]\n"
        "Skin exam: scattered erythematous plaques.\n"
        "Dx:\n[DXLINES]"
        "Plan: [HYPO] [RULED] Photos uploaded to {URL}. Biopsy results to be emailed to "
        "{EMAIL}. RTC {NEXT}.\n"
        "FAMILY HISTORY: [FAM]\n"
        "-- {DOCTOR}, MD (Dermatology) | clinic {PHONE} | fax {FAX}\n",
    ),
    Template(
        "hospital-medicine-progress",
        "hospital medicine",
        "any",
        (
            Cond("N17.9", ("AKI", "acute kidney injury")),
            Cond("E87.1", ("hyponatremia",)),
            Cond("E87.6", ("hypokalemia",)),
            Cond("L03.90", ("cellulitis",)),
            Cond("A41.9", ("sepsis",)),
            Cond("D69.6", ("thrombocytopenia",)),
        ),
        "Hospitalist Progress Note  HD#3\n"
        "{PLAST}, {PFIRST}   [MRNLABEL]: {MRN}   Rm 4-112   Adm {PRIOR}\n\n"
        "Overnight: signed out to night float {THIRD}; no events.\n"
        "S: [AGEYO_CAP] [SEX] with [DXTEXT]. [NEG]\n"
        "O: T 37.9  HR 96  BP 108/64  SpO2 95% RA. Na 129, K 3.1, Cr 2.3 (baseline 1.0).\n"
        "A/P:\n[DXPLAN]"
        "[RULED] [HYPO]\n"
        "Dispo: likely home {NEXT}. Case manager {OTHERDOC} following. Updated [HIS] [REL] "
        "{RELFIRST} by phone ({RELPHONE}).\n"
        "FHx: [FAM]\n"
        "{DOCTOR}, DO - hospitalist pager {PHONE}\n",
    ),
    Template(
        "gynecology-visit",
        "gynecology",
        "female",
        (
            Cond("E28.2", ("PCOS", "polycystic ovary syndrome")),
            Cond("N80.9", ("endometriosis",)),
            Cond("N92.0", ("menorrhagia", "heavy menstrual bleeding")),
            Cond("D50.9", ("iron deficiency anemia",)),
            Cond("D25.9", ("uterine fibroids", "uterine leiomyoma")),
        ),
        "GYN ANNUAL / PROBLEM VISIT\n"
        "Name: {PFIRST} {PLAST}    [MRNLABEL] {MRN}    Date: {VISIT}\n"
        "Insurance: member ID {MEMBER}\n"
        "Contact: cell {PHONE}; email {EMAIL}\n\n"
        "History: [AGEYO_CAP] G2P2 here regarding [DXTEXT]. [NEG] [RULED]\n"
        "Family history: [FAM]\n\n"
        "IMPRESSION:\n[DXHASH]\n"
        "PLAN: [HYPO] Pelvic ultrasound ordered; results via {URL}. "
        "Chaperone: {THIRD}, CMA.\n"
        "{DOCTOR}, MD, FACOG\n",
    ),
    Template(
        "ent-referral-letter",
        "otolaryngology",
        "any",
        (
            Cond("J32.9", ("chronic sinusitis", "chronic rhinosinusitis")),
            Cond("J30.9", ("allergic rhinitis",)),
            Cond("G47.33", ("obstructive sleep apnea", "OSA")),
            Cond("H91.90", ("hearing loss",)),
            Cond("K21.9", ("GERD", "gastroesophageal reflux disease")),
        ),
        "{VISIT}\n\n"
        "To: Dr. {CONSULT}\n"
        "cc: {OTHERDOC}, MD\n\n"
        "Re: {PATIENT}, DOB {DOB}, [MRNLABEL] {MRN}\n"
        "{STREET}\n"
        "{CITY}, [STATE] {ZIP}\n\n"
        "Dear Dr. {CONSULT},\n\n"
        "Thank you for asking me to see this pleasant [AGEYO] [SEX], who came with [HIS] [REL] "
        "{RELATIVE}. [SHE_CAP] has [DXTEXT]. [NEG] [RULED] [FAM]\n\n"
        "My impression is [DXINLINE] [HYPO] I will see [HIM] again on {NEXT}.\n\n"
        "With kind regards,\n\n"
        "{DOCTOR}, MD\n"
        "Otolaryngology - Head and Neck Surgery\n"
        "tel {PHONE}  fax {FAX}\n",
    ),
    Template(
        "vascular-consult",
        "vascular surgery",
        "any",
        (
            Cond("I73.9", ("peripheral arterial disease", "PAD", "peripheral vascular disease")),
            Cond("I71.40", ("abdominal aortic aneurysm", "AAA")),
            Cond("I65.29", ("carotid stenosis", "carotid artery stenosis")),
            Cond("E78.5", ("hyperlipidemia",)),
            Cond("F17.210", ("cigarette smoker", "nicotine dependence, cigarettes")),
        ),
        "VASCULAR SURGERY CONSULT\n"
        "Requested by: {OTHERDOC}    Date: {VISITTIME}\n"
        "{PLASTFIRST}   [MRNLABEL]: {MRN}   SSN: {SSN}\n\n"
        "Reason: [DX1]\n"
        "History: [AGEYO_CAP] [SEX], lives with [HIS] [REL] in {CITY}. Known [DXTEXT]. "
        "Ambulates with a cane. [NEG]\n"
        "Studies: ABI 0.62 R, 0.71 L. Duplex {PRIOR}.\n"
        "Pertinent family history: [FAM]\n"
        "Assessment:\n[DXLINES]"
        "Recommendations: [RULED] [HYPO] Will review in conference with Dr. {CONSULT} and "
        "vascular fellow {THIRD}.\n"
        "{DOCTOR}, MD  RPVI   {PHONE}\n",
    ),
    Template(
        "urgent-care",
        "urgent care",
        "any",
        (
            Cond("J20.9", ("acute bronchitis",)),
            Cond("J01.90", ("acute sinusitis",)),
            Cond("J11.1", ("influenza", "flu")),
            Cond("H10.9", ("conjunctivitis", "pink eye")),
            Cond("L50.9", ("urticaria", "hives")),
        ),
        "UC visit {VISITTIME} - {PATIENT}, age [AGEDIGITS], [MRNLABEL] {MRN}\n"
        "Accompanied by [REL] {RELFIRST} ({RELPHONE}).\n"
        "cc [DX1]. [AGEYO_CAP] [SEX], sx x 4 days. [NEG] [RULED]\n"
        "FHx: [FAM]\n"
        "Vitals reviewed. Lungs: scattered rhonchi.\n"
        "Dx: [DXINLINE]\n"
        "Plan: supportive care. [HYPO] Work note given. Forms faxed to employer at {FAX}.\n"
        "Seen by {DOCTOR}, PA-C; supervising physician {OTHERDOC}.\n",
    ),
    Template(
        "hematology-infusion",
        "hematology",
        "any",
        (
            Cond("C91.10", ("chronic lymphocytic leukemia", "CLL")),
            Cond("D70.9", ("neutropenia",)),
            Cond("C90.00", ("multiple myeloma",)),
            Cond("D69.6", ("thrombocytopenia",)),
            Cond("E86.0", ("dehydration",)),
        ),
        "Infusion Center Nursing/Provider Note\n"
        "{PLAST}, {PFIRST} {MIDDLEINIT}  [MRNLABEL] {MRN}  Acct {ACCOUNT}\n"
        "DOB {DOB}   Visit {VISIT}\n\n"
        "Diagnoses: [DXINLINE]\n"
        "Interval: [AGEYO_CAP] [SEX] here for C2D1. [NEG] [RULED] Port accessed; "
        "port ID {DEVICE}.\n"
        "Pre-meds given per protocol. Pharmacist {THIRD} verified dosing.\n"
        "Family Hx: [FAM]\n"
        "Education: [HYPO] Triage line {PHONE}; after hours {RELPHONE}.\n"
        "{DOCTOR}, NP  /  co-signed {OTHERDOC}, MD\n",
    ),
    Template(
        "behavioral-health-intake",
        "psychiatry",
        "any",
        (
            Cond("F31.9", ("bipolar disorder", "bipolar affective disorder")),
            Cond("F11.20", ("opioid use disorder, severe", "opioid use disorder, moderate")),
            Cond("F20.9", ("schizophrenia",)),
            Cond("F90.9", ("ADHD",)),
            Cond("F17.210", ("nicotine dependence, cigarettes", "tobacco use disorder")),
        ),
        "BEHAVIORAL HEALTH INTAKE  {VISIT}\n"
        "Client: {PATIENT} (prefers {NICK})   [MRNLABEL] {MRN}\n"
        "Address on file: {STREET}, {CITY} [STATE] {ZIP}   Phone {PHONE}\n"
        "Emergency contact: {RELATIVE}, [REL], {RELPHONE}\n\n"
        "Presenting problem: [AGEYO_CAP] [SEX] with a history of [DXTEXT]. [NEG] [RULED] "
        "[FAM]\n"
        "Safety plan reviewed. [HYPO]\n"
        "DSM-5 diagnoses:\n[DXNUM]"
        "Referred to peer recovery coach {THIRD}. Will coordinate with PCP {OTHERDOC}.\n"
        "Clinician: {DOCTOR}, LCSW   Supervisor: Dr. {CONSULT}\n",
    ),
]

HOLDOUT_ADDENDA = [
    "Late entry {NEXT}: {RELATIVE} phoned ({RELPHONE}) to report [DX1] unchanged. "
    "Forwarded to {DOCLAST}. -- {THIRD}, RN\n",
    "Addendum: outside records from {OTHERDOC} ({FAX}) received and scanned for "
    "{PLASTFIRST}, MRN {MRN}. No change to plan.\n",
    "Phone note {VISITTIME}: left voicemail for {PFIRST} at {PHONE} with results; "
    "portal message sent to {EMAIL}.\n",
]


HOLDOUT_THIRD_FIRST = ["Rosamund", "Dashawn", "Liesel", "Arvo", "Concepcion", "Kenji", "Philomena"]
HOLDOUT_THIRD_LAST = ["Greenhalgh", "Abiodun", "Sorensen", "Quintero", "Wojtowicz", "Fenwick"]


def holdout_extra(
    rng: random.Random, names: dict[str, Any], middle: str
) -> dict[str, tuple[str, str, bool | None]]:
    """Values only this split's templates use: a third clinician or helper the bundle
    does not name, and the patient's middle initial on its own."""
    third = f"{rng.choice(HOLDOUT_THIRD_FIRST)} {rng.choice(HOLDOUT_THIRD_LAST)}"
    return {
        "THIRD": ("NAME", third, False),
        "MIDDLEINIT": ("NAME", f"{middle[0]}.", True),
    }


HOLDOUT_AGE_FORMS = ["{AGE} y.o.", "{AGE}yo", "{AGE} years of age", "{AGE}-yr-old"]


# ======================================================================= HOLDOUT2
# A second fresh held-out split, written and frozen after the holdout split had been
# looked at and its misses fixed: new specialties and note types, new name lists (a
# fourth person the bundle does not name, in new roles), new date, time, phone, age
# and MRN forms, and new trap wordings. Nothing below this line up to HOLDOUT3 was
# changed after the embedded backends were first run over it.

HOLDOUT2_NAMES: dict[str, Any] = {
    "first": [
        "Ottilie",
        "Caspian",
        "Yevgenia",
        "Radomir",
        "Seraphina",
        "Lorcan",
        "Khadijah",
        "Nnenna",
        "Bogdan",
        "Marisela",
        "Tiberius",
        "Ysolde",
        "Anselm",
        "Rukmini",
        "Dagny",
        "Emeric",
        "Fenella",
        "Gwilym",
        "Henrike",
        "Ignatia",
        "Jarrah",
        "Kaveh",
        "Leocadio",
        "Mireya",
    ],
    "last": [
        "Vanterpool",
        "Oduya",
        "Brackenridge",
        "Szczepanski",
        "Mwangi-Otieno",
        "Lindqvist",
        "O'Shaughnessy",
        "Achterberg",
        "Castellanos",
        "Fairbairn",
        "Nakagawa",
        "Delacroix",
        "Umarov",
        "Pemberton-Hale",
        "Rautio",
        "Kowalczyk",
    ],
    "clinician_first": ["Perpetua", "Anatole", "Zuleika", "Ewart", "Minerva", "Osric", "Aug"],
    "clinician_last": [
        "Wetherell",
        "Ngcobo",
        "Blackadder",
        "Iturbide",
        "Quennell",
        "Marchetti",
        "Holloway-Pike",
        "Savolainen",
        "Oyebanji",
    ],
    "nicknames": ["Pip", "Zee", "Birdie", "Ozzie", "Tootsie", "Moose"],
    "cities": [
        ("Kalamazoo", "MI", "490"),
        ("Coeur d'Alene", "ID", "838"),
        ("Fond du Lac", "WI", "549"),
        ("Port St. Lucie", "FL", "349"),
        ("Sioux Falls", "SD", "571"),
        ("Hot Springs", "AR", "719"),
        ("Wilkes-Barre", "PA", "187"),
        ("McAllen", "TX", "785"),
    ],
    "streets": [
        "Juniper Hollow",
        "Quarry Bend",
        "Old Mill Pass",
        "Heron Glen",
        "Summit Heights",
        "Osprey Point",
        "Ferry Landing",
        "W. 3rd Street",
    ],
    "units": ["Apt {n}", "#{n}", "Suite {n}", "Trlr {n}", "Rm {n}"],
    "relations": ["wife", "son-in-law", "granddaughter", "foster mother", "fiancé", "aunt"],
}


def holdout2_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{mon[:3]} {d}{ordinal(d)}, {y}",
            f"{y}/{m:02d}/{d:02d}",
            f"{m:02d}-{d:02d}-{y}",
            f"{WEEKDAYS[(d + m) % 7][:3]}, {d:02d} {mon[:3]} {y}",
            f"{d:02d} {mon[:3]} {y % 100:02d}",
            f"{mon} {d}{ordinal(d)} {y}",
            f"{m}/{d}/{y}",
            f"{mon[:3].upper()} {d:02d} {y}",
        ]
    )


def holdout2_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"{a}-{b}-{c} ext. 4{c[:2]}",
            f"({a}){b}-{c}",
            f"+1 ({a}) {b}-{c}",
            f"1-{a}-{b}-{c}",
            f"{a} {b} {c}",
            f"{a}.{b}.{c}",
            f"({a}) {b} {c}",
            f"{a}/{b}.{c}",
        ]
    )


def holdout2_visit_time(rng: random.Random, day: str, hh: int, mm: int) -> str:
    h12 = hh % 12 or 12
    return rng.choice(
        [
            f"{day} @ {hh:02d}{mm:02d}",
            f"{day} {h12}:{mm:02d} {'PM' if hh >= 12 else 'AM'}",
            f"{day}, {hh:02d}:{mm:02d}",
            day,
        ]
    )


HOLDOUT2_MRN_LABELS = ["Med. Rec. No.", "MR No:", "EMPI", "Chart No.", "Hosp. No.", "MRN -"]

HOLDOUT2_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
    "negated": [
        ("R06.02", "shortness of breath"),
        ("R51.9", "headaches"),
        ("R10.9", "abdominal pain"),
        ("R00.2", "palpitations"),
        ("R05.9", "cough"),
        ("R21", "rash"),
        ("R42", "dizziness"),
        ("R50.9", "fever"),
    ],
    "ruled_out": [
        ("I82.409", "DVT"),
        ("I63.9", "stroke"),
        ("K35.80", "appendicitis"),
        ("L03.90", "cellulitis"),
        ("M00.9", "septic arthritis"),
        ("J93.9", "pneumothorax"),
        ("M10.9", "gout"),
    ],
    "family": [
        ("C18.9", "colon cancer"),
        ("C50.919", "breast cancer"),
        ("E11.9", "type 2 diabetes"),
        ("D57.1", "sickle cell disease"),
        ("H40.9", "glaucoma"),
        ("G10", "Huntington disease"),
        ("I63.9", "stroke"),
    ],
    "hypothetical": [
        ("R50.9", "fever"),
        ("R06.02", "shortness of breath"),
        ("R58", "bleeding"),
        ("R56.9", "seizures"),
        ("R07.9", "chest pain"),
        ("R41.0", "confusion"),
    ],
}

HOLDOUT2_TRAPS = {
    "negated": [
        "Denies {x}.",
        "{X}: denied.",
        "No signs of {x}.",
        "Free of {x} since last visit.",
        "Absence of {x} noted.",
        "{X} - none.",
        "No {x} or {y}.",
        "[SHE_CAP] has not had any {x}.",
    ],
    "ruled_out": [
        "{X} has been ruled out.",
        "Workup excluded {x}.",
        "{X} was not found on CT.",
        "No evidence of {x} on imaging.",
        "{X} is doubtful.",
        "Doubt {x}.",
    ],
    "family": [
        "Mother: {x}.",
        "Brother with {x}.",
        "Paternal aunt had {x}.",
        "FHx + {x} (father).",
        "Family history notable for {x}.",
    ],
    "hypothetical": [
        "Go to the ER if {x} develops.",
        "Monitor for {x}.",
        "If [SHE] experiences {x}, call us.",
        "Watch for signs of {x}.",
        "Risk of {x} discussed.",
    ],
}

HOLDOUT2_TEMPLATES: list[Template] = [
    Template(
        "sleep-medicine-consult",
        "sleep medicine",
        "any",
        (
            Cond("G47.33", ("obstructive sleep apnea", "OSA")),
            Cond("G47.00", ("insomnia",)),
            Cond("G25.81", ("restless legs syndrome", "RLS")),
            Cond("G47.419", ("narcolepsy",)),
            Cond("E66.9", ("obesity",)),
            Cond("I10", ("hypertension", "HTN")),
        ),
        "SLEEP MEDICINE CONSULTATION\n"
        "{PLASTFIRST} | [MRNLABEL] {MRN} | DOB: {DOB} | Seen: {VISITTIME}\n"
        "Referring: {OTHERDOC}, DO\n"
        "Polysomnography tech: {FOURTH}\n\n"
        "HPI: [AGEYO] [SEX] referred for evaluation of [DXTEXT]. Bed partner ([REL] "
        "{RELATIVE}) reports loud snoring. [NEG]\n"
        "CPAP unit S/N {DEVICE} downloaded today; data uploaded to {URL}.\n"
        "Family History: [FAM]\n\n"
        "Impression:\n[DXNUM]"
        "Recommendations: [RULED] [HYPO] Follow up {NEXT}.\n\n"
        "{DOCTOR}, MD, Diplomate ABSM\n"
        "Sleep Center phone {PHONE} | fax {FAX}\n",
    ),
    Template(
        "palliative-care-note",
        "palliative care",
        "any",
        (
            Cond("C34.90", ("lung cancer", "non-small cell lung cancer")),
            Cond("G89.3", ("cancer-related pain", "neoplasm related pain")),
            Cond("R63.0", ("anorexia", "poor appetite")),
            Cond("F41.9", ("anxiety",)),
            Cond("K59.03", ("opioid-induced constipation", "drug-induced constipation")),
        ),
        "Palliative Care Follow-Up ({VISIT})\n"
        "Patient: {PATIENT}    [MRNLABEL] {MRN}\n"
        "Met at bedside with patient, [REL] {RELFIRST}, and chaplain {FOURTH}.\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. Goals of care discussed; remains full code "
        "for now. [NEG] [RULED]\n"
        "Social: lives at {STREET}, {CITY}, [STATE] {ZIP} with [HIS] [REL]. Health care "
        "proxy is {RELATIVE} ({RELPHONE}).\n"
        "FAMILY HX: [FAM]\n\n"
        "Assessment/Recommendations\n[DXPLAN]"
        "[HYPO]\n"
        "Time spent: 70 minutes. Discussed with primary oncologist Dr. {CONSULT}.\n"
        "{DOCINIT}, MD - Palliative Medicine (pager {PHONE})\n",
    ),
    Template(
        "podiatry-clinic",
        "podiatry",
        "any",
        (
            Cond("B35.1", ("onychomycosis", "toenail fungus")),
            Cond("M72.2", ("plantar fasciitis",)),
            Cond("M20.40", ("hammer toe",)),
            Cond("L60.0", ("ingrown toenail",)),
            Cond("B35.3", ("tinea pedis", "athlete's foot")),
            Cond("M20.10", ("bunion", "hallux valgus")),
        ),
        "PODIATRY\n"
        "Date of service: {VISIT}\n"
        "Pt name: {PLAST}, {PFIRST}   [MRNLABEL] {MRN}   Ins: {MEMBER}\n\n"
        "Chief complaint: foot pain.\n"
        "[AGEYO_CAP] [SEX], retired mail carrier, here with [DXTEXT]. [NEG]\n"
        "Vascular: DP and PT pulses 2+. Monofilament intact.\n"
        "Diagnoses:\n[DXLINES]"
        "Procedure: debridement of nails 1-5 bilaterally, tolerated well. Assisted by "
        "MA {FOURTH}.\n"
        "Plan: [RULED] [HYPO] Orthotics order faxed to {FAX}. Return {NEXT}.\n"
        "Family hx: [FAM]\n"
        "{DOCTOR}, DPM\n",
    ),
    Template(
        "ophthalmology-visit",
        "ophthalmology",
        "any",
        (
            Cond("H40.9", ("glaucoma",)),
            Cond("H26.9", ("cataract", "cataracts")),
            Cond("H35.30", ("macular degeneration", "age-related macular degeneration")),
            Cond("H04.129", ("dry eye syndrome", "dry eyes")),
            Cond("H52.4", ("presbyopia",)),
        ),
        "EYE CLINIC NOTE\n"
        "{PATIENT} (goes by {NICK})   DOB {DOB}   [MRNLABEL] {MRN}\n"
        "Exam date {VISITTIME}; technician {FOURTH}\n\n"
        "History: [AGEYO] [SEX] returns for [DXTEXT]. [NEG] Driver's license no. "
        "{LICENSE} on file for low-vision form.\n"
        "VA cc: OD 20/40, OS 20/30. IOP 19/21.\n"
        "Assessment: [DXINLINE]\n"
        "Plan: [RULED] [HYPO] OCT images at {URL}. Results to {EMAIL}.\n"
        "Fam hx: [FAM]\n"
        "Dr. {DOCLAST} / {DOCTOR}, MD, ophthalmology, tel {PHONE}\n",
    ),
    Template(
        "allergy-immunology-followup",
        "allergy and immunology",
        "any",
        (
            Cond("J30.9", ("allergic rhinitis",)),
            Cond("J45.909", ("asthma",)),
            Cond("L50.9", ("urticaria", "hives")),
            Cond("Z91.010", ("peanut allergy", "allergy to peanuts")),
            Cond("L20.9", ("atopic dermatitis",)),
        ),
        "Allergy & Immunology -- follow-up visit\n"
        "{VISIT}\n"
        "{PATIENT}, [AGEDIGITS] y, [MRNLABEL] {MRN}\n"
        "Address: {STREET}, {CITY} [STATE] {ZIP}\n\n"
        "Interval history: [AGEYO_CAP] [SEX] seen for [DXTEXT]. [NEG] Epinephrine "
        "auto-injector lot {DEVICE}. [RULED]\n"
        "Skin testing performed by RN {FOURTH}.\n"
        "FH: [FAM]\n"
        "Problem list:\n[DXHASH]"
        "Plan: [HYPO] Next visit {NEXT}. Questions to {PHONE} or portal {URL}.\n"
        "{DOCTOR}, MD (Allergy/Immunology)\n",
    ),
    Template(
        "sports-medicine-clinic",
        "sports medicine",
        "any",
        (
            Cond("M76.50", ("patellar tendinitis", "jumper's knee")),
            Cond("M77.10", ("lateral epicondylitis", "tennis elbow")),
            Cond("S93.409A", ("ankle sprain",)),
            Cond("M54.50", ("low back pain",)),
            Cond("M72.2", ("plantar fasciitis",)),
        ),
        "Sports Medicine Clinic   {VISITTIME}\n"
        "Athlete: {PFIRST} {PLAST}   [MRNLABEL] {MRN}\n"
        "Team: varsity track; athletic trainer {FOURTH} present.\n\n"
        "S: [AGEYO_CAP] [SEX] with [DXTEXT] after a meet on {PRIOR}. [NEG]\n"
        "O: antalgic gait, mild effusion, full ROM.\n"
        "A: [DXINLINE]\n"
        "P: [RULED] [HYPO] Home exercise program sent to {EMAIL}. PT referral to "
        "{OTHERDOC}, DPT. Recheck {NEXT}.\n"
        "FHx: [FAM]\n"
        "-- {DOCLOWER}, MD, CAQSM  {PHONE}\n",
    ),
    Template(
        "pain-management-procedure",
        "pain medicine",
        "any",
        (
            Cond("M54.16", ("lumbar radiculopathy",)),
            Cond("G89.29", ("chronic pain",)),
            Cond("M79.7", ("fibromyalgia",)),
            Cond("M54.2", ("neck pain", "cervicalgia")),
            Cond("G43.909", ("migraine", "migraines")),
        ),
        "INTERVENTIONAL PAIN - PROCEDURE NOTE\n"
        "Name: {PLASTFIRST}\n"
        "[MRNLABEL] {MRN}   Acct: {ACCOUNT}   SSN: {SSN}\n"
        "Date: {VISIT}\n\n"
        "Pre-procedure diagnosis: [DX1]\n"
        "History: [AGEYO_CAP] [SEX] with [DXTEXT]. [NEG] [RULED]\n"
        "Procedure: L4-5 interlaminar epidural steroid injection under fluoroscopy. "
        "Spinal cord stimulator trial generator serial {DEVICE} discussed. Sedation "
        "nurse {FOURTH}.\n"
        "Assessment:\n[DXLINES]"
        "Plan: [HYPO] Follow-up {NEXT}; call {PHONE}.\n"
        "Family history: [FAM]\n"
        "Attending: {DOCTOR}, MD   Fellow: {OTHERDOC}, MD\n",
    ),
    Template(
        "transitional-care-call",
        "transitional care",
        "any",
        (
            Cond("I50.9", ("heart failure", "CHF")),
            Cond("J44.9", ("COPD",)),
            Cond("E11.9", ("type 2 diabetes",)),
            Cond("I48.91", ("atrial fibrillation", "afib")),
            Cond("N39.0", ("UTI", "urinary tract infection")),
        ),
        "Transitional care management call -- {VISITTIME}\n"
        "Called {PFIRST} {PLAST} ([MRNLABEL] {MRN}) at {PHONE}, 2 days after discharge "
        "from {CITY} General. Spoke with patient and [HIS] [REL], {RELATIVE}.\n"
        "[AGEYO_CAP] [SEX] discharged {PRIOR} after admission for [DXTEXT]. "
        "[NEG] [RULED] Home health (RN {FOURTH}) starts tomorrow. Scale reading "
        "uploaded from {IP}.\n"
        "Family history: [FAM]\n"
        "Problems addressed: [DXINLINE]\n"
        "[HYPO] PCP appointment {NEXT} with Dr. {CONSULT}.\n"
        "Call completed by {DOCTOR}, RN care manager\n",
    ),
    Template(
        "bariatric-preop",
        "bariatric surgery",
        "any",
        (
            Cond("E66.01", ("morbid obesity", "severe obesity")),
            Cond("G47.33", ("obstructive sleep apnea",)),
            Cond("K21.9", ("GERD", "acid reflux")),
            Cond("E78.5", ("hyperlipidemia",)),
            Cond("R73.03", ("prediabetes",)),
            Cond("K76.0", ("fatty liver", "NAFLD")),
        ),
        "Bariatric Surgery Pre-operative Evaluation\n"
        "Patient: {PATIENT}\nDOB: {DOB}\n[MRNLABEL] {MRN}\nInsurance member #: {MEMBER}\n"
        "Visit: {VISIT}\n\n"
        "[AGEYO_CAP] [SEX] seeking sleeve gastrectomy for [DXTEXT]. [NEG]\n"
        "Dietitian {FOURTH} and psychologist Dr. {CONSULT} have cleared [HIM]. [RULED]\n"
        "Family: [FAM]\n"
        "ASSESSMENT\n[DXNUM]"
        "PLAN: [HYPO] Tentative surgery date {NEXT}. Packet mailed to {STREET}, "
        "{CITY}, [STATE] {ZIP}.\n"
        "{DOCTOR}, MD, FACS, FASMBS | office {PHONE} | fax {FAX}\n",
    ),
    Template(
        "occupational-health-visit",
        "occupational medicine",
        "any",
        (
            Cond("G56.00", ("carpal tunnel syndrome",)),
            Cond("M65.4", ("de Quervain tenosynovitis",)),
            Cond("M54.50", ("low back pain", "lumbago")),
            Cond("L25.9", ("contact dermatitis",)),
            Cond("M77.10", ("lateral epicondylitis",)),
        ),
        "OCCUPATIONAL HEALTH -- WORKERS' COMPENSATION\n"
        "Employee: {PATIENT}   DOB {DOB}   Claim #: {ACCOUNT}\n"
        "Employer contact: safety officer {FOURTH}, {RELPHONE}\n"
        "[MRNLABEL] {MRN}   Date of injury: {PRIOR}   Seen: {VISIT}\n\n"
        "[AGEYO_CAP] [SEX], forklift operator, with [DXTEXT]. [NEG] [RULED]\n"
        "Family history: [FAM]\n"
        "Work status: modified duty.\n"
        "Diagnosis: [DXINLINE]\n"
        "[HYPO] Report faxed to adjuster at {FAX}. Recheck {NEXT}.\n"
        "Examining provider: {DOCTOR}, MD, MPH\n",
    ),
]

HOLDOUT2_ADDENDA = [
    "Nurse call-back {NEXT}: {FOURTH} reached {PFIRST} at {RELPHONE}; [DX1] no worse. "
    "Routed to Dr. {DOCLAST}.\n",
    "Records request: {PLASTFIRST} (DOB {DOB}) asked that notes go to {OTHERDOC}, "
    "fax {FAX}, and to {EMAIL}.\n",
    "Portal message {VISITTIME} from {RELATIVE} ([REL]): [DX1] stable. Reply sent by {DOCTOR}.\n",
]

HOLDOUT2_FOURTH_FIRST = ["Wilhelmina", "Tadhg", "Xiadani", "Oyelaran", "Bronislava", "Cormac"]
HOLDOUT2_FOURTH_LAST = ["Ekwueme", "Vasquez-Roe", "Thorburn", "Lisowski", "Ahlgren", "Mabuza"]


def holdout2_extra(
    rng: random.Random, names: dict[str, Any], middle: str
) -> dict[str, tuple[str, str, bool | None]]:
    """Values only this split's templates use: a fourth person the bundle does not
    name (a technician, chaplain, trainer, dietitian), and a driver's licence number."""
    fourth = f"{rng.choice(HOLDOUT2_FOURTH_FIRST)} {rng.choice(HOLDOUT2_FOURTH_LAST)}"
    licence = f"{rng.choice('BDKS')}{digits(rng, 3)}-{digits(rng, 4)}-{digits(rng, 4)}"
    return {
        "FOURTH": ("NAME", fourth, False),
        "LICENSE": ("ACCOUNT", licence, None),
    }


HOLDOUT2_AGE_FORMS = ["{AGE} yr old", "{AGE}y", "{AGE} yrs", "{AGE}-year-old", "{AGE} y/o"]


# ======================================================================= HOLDOUT3
# A third fresh held-out split, written and frozen after holdout2 had been looked at
# and its misses fixed: new specialties and note types, new name lists (a fifth
# person the bundle does not name, in new roles), new date, time, phone, age and MRN
# forms, and new trap wordings. Nothing below this line up to HOLDOUT4 was changed after
# the embedded backends were first run over it.

HOLDOUT3_NAMES: dict[str, Any] = {
    "first": [
        "Aurelie",
        "Benedikt",
        "Chiamaka",
        "Dariusz",
        "Esmeralda",
        "Fintan",
        "Giedre",
        "Hollis",
        "Inaya",
        "Joaquim",
        "Katalin",
        "Leontyne",
        "Mauricio",
        "Nadezhda",
        "Oluwatobi",
        "Priyamvada",
        "Quillon",
        "Rosalba",
        "Sigurd",
        "Temperance",
        "Ugochi",
        "Vasilisa",
        "Wendeline",
        "Xavi",
    ],
    "last": [
        "Abernethy",
        "Bjornstad",
        "Cienfuegos",
        "Dwyer-Okafor",
        "Eastwood",
        "Fitzgibbon",
        "Gunawardena",
        "Hrabowski",
        "Ilunga",
        "Jablonski",
        "Kerrigan",
        "Laframboise",
        "Mbeki",
        "Nussbaum",
        "Ortolani",
        "St. Amant",
    ],
    "clinician_first": ["Cressida", "Horatio", "Ngozika", "Leopold", "Philippa", "Tarquin", "Dec"],
    "clinician_last": [
        "Umberfield",
        "Ravensworth",
        "Adeyemi-Cole",
        "Ferreira",
        "Lachapelle",
        "Oyinlola",
        "Strathearn",
        "Vukovic",
        "Ballantyne",
    ],
    "nicknames": ["Sunny", "Boo", "Coco", "Digger", "Trixie", "Mac"],
    "cities": [
        ("Bismarck", "ND", "585"),
        ("Ann Arbor", "MI", "481"),
        ("Cape Girardeau", "MO", "637"),
        ("Truth or Consequences", "NM", "879"),
        ("Lake Havasu City", "AZ", "864"),
        ("Chattanooga", "TN", "374"),
        ("Poughkeepsie", "NY", "126"),
        ("Walla Walla", "WA", "993"),
    ],
    "streets": [
        "Cottonwood Trace",
        "Bayberry Commons",
        "Route 9W",
        "Paseo del Norte",
        "Kingfisher Walk",
        "Old Post Road",
        "E. Maple Ave",
        "Rue Lafayette",
    ],
    "units": ["Apt. {n}", "Unit #{n}", "Ste. {n}", "Fl {n}", "Space {n}"],
    "relations": ["husband", "goddaughter", "stepson", "sister-in-law", "partner", "uncle"],
}


def holdout3_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{d} {mon}, {y}",
            f"{mon} {d} {y}",
            f"{d:02d}.{m:02d}.{y % 100:02d}",
            f"{y}-{m}-{d}",
            f"{m}-{d}-{y % 100:02d}",
            f"{mon[:3]}. {d}, '{y % 100:02d}",
            f"{d}{ordinal(d)} {mon[:3]} {y}",
            f"{m}/{d}/{y}",
        ]
    )


def holdout3_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"({a}) {b}-{c} x{c[:3]}",
            f"+1-{a}-{b}-{c}",
            f"({a}) {b}.{c}",
            f"{a} - {b} - {c}",
            f"1.{a}.{b}.{c}",
            f"{a}-{b}-{c}",
            f"{a}{b}{c}",
            f"+1 {a}.{b}.{c}",
        ]
    )


def holdout3_visit_time(rng: random.Random, day: str, hh: int, mm: int) -> str:
    h12 = hh % 12 or 12
    return rng.choice(
        [
            f"{day} at {h12}:{mm:02d}pm" if hh >= 12 else f"{day} at {h12}:{mm:02d}am",
            f"{day} {hh:02d}h{mm:02d}",
            f"{day} - {hh:02d}:{mm:02d}:00",
            day,
        ]
    )


HOLDOUT3_MRN_LABELS = ["MRN/CSN", "Patient #", "Med Rec#:", "Encounter ID", "Record no", "FIN"]

HOLDOUT3_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
    "negated": [
        ("R07.9", "chest pain"),
        ("R11.10", "vomiting"),
        ("R05.9", "cough"),
        ("R42", "vertigo"),
        ("R21", "rash"),
        ("R63.4", "weight loss"),
        ("R31.9", "hematuria"),
        ("R19.7", "diarrhea"),
    ],
    "ruled_out": [
        ("I63.9", "CVA"),
        ("K85.90", "acute pancreatitis"),
        ("G03.9", "meningitis"),
        ("N20.0", "kidney stone"),
        ("J18.9", "pneumonia"),
        ("I26.99", "pulmonary embolism"),
    ],
    "family": [
        ("C18.9", "colorectal cancer"),
        ("C50.919", "breast cancer"),
        ("E10.9", "type 1 diabetes"),
        ("G30.9", "Alzheimer disease"),
        ("F31.9", "bipolar disorder"),
        ("C43.9", "melanoma"),
    ],
    "hypothetical": [
        ("R50.9", "fever"),
        ("R55", "syncope"),
        ("R56.9", "seizure"),
        ("R07.9", "chest pain"),
        ("R41.0", "confusion"),
        ("R10.9", "abdominal pain"),
    ],
}

HOLDOUT3_TRAPS = {
    "negated": [
        "Patient reports no {x}.",
        "{X} is absent.",
        "Without {x}.",
        "{X}: not present.",
        "No {x}, no {y}.",
        "Has had no further {x}.",
    ],
    "ruled_out": [
        "{X} was excluded by CT.",
        "Negative workup for {x}.",
        "{X} - ruled out.",
        "Low suspicion for {x}.",
        "Not consistent with {x}.",
    ],
    "family": [
        "[HIS_CAP] mother has {x}.",
        "Maternal grandmother: {x}.",
        "{X} runs in the family.",
        "Family history of {x} in father.",
        "Siblings with {x}.",
    ],
    "hypothetical": [
        "Should {x} recur, return.",
        "Educated about {x} warning signs.",
        "Call 911 for {x}.",
        "If any {x}, come back.",
        "Plan for {x} reviewed in case it happens.",
    ],
}

HOLDOUT3_TEMPLATES: list[Template] = [
    Template(
        "radiation-oncology-consult",
        "radiation oncology",
        "any",
        (
            Cond("C61", ("prostate cancer", "adenocarcinoma of the prostate")),
            Cond("C50.919", ("breast cancer", "carcinoma of the breast")),
            Cond("L58.0", ("acute radiation dermatitis",)),
            Cond("C71.9", ("glioblastoma", "brain tumor")),
            Cond("D64.9", ("anemia",)),
        ),
        "RADIATION ONCOLOGY CONSULTATION\n"
        "Date: {VISIT}\n"
        "Patient: {PATIENT} ([MRNLABEL] {MRN})\n"
        "Referring physician: Dr. {CONSULT}\n"
        "Dosimetrist: {FIFTH}\n\n"
        "HISTORY: [AGEYO_CAP] [SEX] with [DXTEXT]. [NEG] [RULED]\n"
        "SOCIAL: lives in {CITY} with [HIS] [REL].\n"
        "FAMILY HISTORY: [FAM]\n\n"
        "IMPRESSION\n[DXNUM]"
        "PLAN: [HYPO] Simulation {NEXT}. Immobilization device tag {DEVICE}.\n"
        "{DOCTOR}, MD, PhD\nRadiation Oncology | {PHONE}\n",
    ),
    Template(
        "hepatology-clinic",
        "hepatology",
        "any",
        (
            Cond("K74.60", ("cirrhosis", "liver cirrhosis")),
            Cond("B18.2", ("chronic hepatitis C", "chronic HCV")),
            Cond("K75.81", ("NASH", "nonalcoholic steatohepatitis")),
            Cond("R18.8", ("ascites",)),
            Cond("I85.00", ("esophageal varices",)),
            Cond("K76.6", ("portal hypertension",)),
        ),
        "Hepatology Clinic - return visit {VISITTIME}\n"
        "{PLASTFIRST}   [MRNLABEL] {MRN}   DOB {DOB}\n"
        "Transplant coordinator: {FIFTH}\n\n"
        "[AGEYO_CAP] [SEX] followed for [DXTEXT]. MELD 14. [NEG]\n"
        "Last EGD {PRIOR}. [RULED]\n"
        "Family Hx - [FAM]\n"
        "Assessment and Plan:\n[DXPLAN]"
        "[HYPO] Labs q3 months; results on {URL}.\n"
        "Seen with fellow {OTHERDOC}. Attending: {DOCTOR}, MD. Clinic fax {FAX}.\n",
    ),
    Template(
        "wound-care-visit",
        "wound care",
        "any",
        (
            Cond("L89.90", ("pressure ulcer", "pressure injury")),
            Cond("I87.2", ("venous insufficiency", "venous stasis")),
            Cond("L03.90", ("cellulitis",)),
            Cond("E11.9", ("type 2 diabetes", "diabetes mellitus type 2")),
            Cond("E66.9", ("obesity",)),
        ),
        "Wound Care Center -- weekly visit\n"
        "{VISIT}    {PLAST}, {PFIRST}    [MRNLABEL] {MRN}\n"
        "Home: {STREET}, {CITY}, [STATE] {ZIP}    Cell {PHONE}\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. Wound measured 2.1 x 1.4 x 0.3 cm. [NEG]\n"
        "Negative pressure device serial# {DEVICE} changed by wound nurse {FIFTH}.\n"
        "FH: [FAM]\n"
        "Dx list: [DXINLINE]\n"
        "Plan: [RULED] [HYPO] Home health orders faxed to {FAX}. Next visit {NEXT}.\n"
        "{DOCTOR}, DO, CWS\n",
    ),
    Template(
        "cardiac-rehab-progress",
        "cardiac rehabilitation",
        "any",
        (
            Cond("I25.10", ("coronary artery disease", "CAD")),
            Cond("I50.22", ("chronic systolic heart failure", "HFrEF, chronic")),
            Cond("I10", ("hypertension",)),
            Cond("E78.5", ("hyperlipidemia", "dyslipidemia")),
            Cond("Z95.1", ("s/p CABG", "history of CABG")),
        ),
        "Cardiac Rehabilitation - Session 18 of 36\n"
        "{PATIENT}   [MRNLABEL] {MRN}   {VISITTIME}\n"
        "Exercise physiologist: {FIFTH}\n\n"
        "[AGEYO_CAP] [SEX] in phase II rehab for [DXTEXT]. Telemetry via {IP}. [NEG]\n"
        "Resting HR 68, BP 128/76. Peak METs 5.1.\n"
        "Diagnoses: [DXINLINE]\n"
        "Family history: [FAM]\n"
        "Notes: [RULED] [HYPO] Progress report sent to Dr. {CONSULT} and to [HIS] [REL] "
        "{RELATIVE} at {EMAIL}.\n"
        "Medical director: {DOCTOR}, MD, FACC\n",
    ),
    Template(
        "physical-therapy-eval",
        "physical therapy",
        "any",
        (
            Cond("R26.9", ("gait abnormality", "abnormal gait")),
            Cond("M62.81", ("muscle weakness",)),
            Cond("M54.50", ("low back pain",)),
            Cond("M48.061", ("lumbar spinal stenosis",)),
        ),
        "PHYSICAL THERAPY INITIAL EVALUATION\n"
        "Pt: {PFIRST} {PLAST} | DOB {DOB} | [MRNLABEL] {MRN}\n"
        "Referred by: {OTHERDOC}, NP   Date of eval: {VISIT}\n"
        "PTA: {FIFTH}\n\n"
        "Subjective: [AGEYO_CAP] [SEX] referred for [DXTEXT]. [NEG]\n"
        "Objective: TUG 16 s; 5xSTS 19 s.\n"
        "PT diagnosis: [DXINLINE]\n"
        "Goals/Plan: [RULED] [HYPO] 2x/week for 6 weeks; re-eval {NEXT}.\n"
        "Family hx: [FAM]\n"
        "{DOCTOR}, PT, DPT, OCS   ph {PHONE}\n",
    ),
    Template(
        "pediatric-asthma-clinic",
        "pediatric pulmonology",
        "any",
        (
            Cond("J45.40", ("moderate persistent asthma",)),
            Cond("J30.9", ("allergic rhinitis",)),
            Cond("L20.9", ("atopic dermatitis",)),
            Cond("Z91.010", ("peanut allergy",)),
            Cond("F90.9", ("ADHD", "attention deficit hyperactivity disorder")),
        ),
        "Pediatric Asthma Clinic\n"
        "{VISIT}\n"
        'Child: {PATIENT} ("{NICK}")   [MRNLABEL] {MRN}\n'
        "Parent: [REL] {RELATIVE}, {RELPHONE}\n"
        "School nurse: {FIFTH}\n\n"
        "[CHILDAGE] [CHILDSEX] with [DXTEXT]. Uses spacer. [NEG] [RULED]\n"
        "Family history: [FAM]\n"
        "ASSESSMENT: [DXINLINE]\n"
        "PLAN: [HYPO] Asthma action plan emailed to {EMAIL}. Follow-up {NEXT}.\n"
        "{DOCTOR}, MD (Pediatric Pulmonology), fax {FAX}\n",
        child=True,
    ),
    Template(
        "oral-surgery-consult",
        "oral and maxillofacial surgery",
        "any",
        (
            Cond("K01.1", ("impacted wisdom teeth", "impacted third molars")),
            Cond("K02.9", ("dental caries",)),
            Cond("K04.7", ("periapical abscess", "tooth abscess")),
            Cond("M26.609", ("TMJ disorder", "temporomandibular joint disorder")),
            Cond("K05.10", ("chronic gingivitis",)),
        ),
        "ORAL & MAXILLOFACIAL SURGERY CONSULT\n"
        "{VISIT}  {PATIENT}  [MRNLABEL] {MRN}  Ins ID {MEMBER}\n"
        "Referred by Dr. {CONSULT}, DDS. Dental hygienist {FIFTH} assisting.\n\n"
        "[AGEYO_CAP] [SEX] presents with [DXTEXT]. [NEG] [RULED]\n"
        "Panoramic radiograph reviewed.\n"
        "FAMILY HISTORY: [FAM]\n"
        "DIAGNOSIS:\n[DXLINES]"
        "TREATMENT PLAN: [HYPO] Surgery scheduled {NEXT}; pre-op instructions mailed to "
        "{STREET}, {CITY}, [STATE] {ZIP}.\n"
        "{DOCTOR}, DMD, MD\n",
    ),
    Template(
        "emergency-psychiatry-eval",
        "emergency psychiatry",
        "any",
        (
            Cond("R45.851", ("suicidal ideation", "SI")),
            Cond("F20.9", ("schizophrenia",)),
            Cond("F10.20", ("alcohol dependence", "alcohol use disorder, severe")),
            Cond("F43.10", ("PTSD", "post-traumatic stress disorder")),
            Cond("F41.0", ("panic disorder",)),
        ),
        "ED PSYCHIATRY EVALUATION  {VISITTIME}\n"
        "{PLASTFIRST}  [MRNLABEL] {MRN}  SSN {SSN}\n"
        "Brought in by police; 1:1 sitter {FIFTH} at bedside.\n"
        "Collateral from [REL] {RELFIRST} at {RELPHONE}.\n\n"
        "HPI: [AGEYO] [SEX] with [DXTEXT]. [NEG] [RULED]\n"
        "Family psychiatric history: [FAM]\n"
        "Formulation/Diagnoses:\n[DXHASH]"
        "Disposition: [HYPO] Voluntary admission. Discussed with on-call attending "
        "Dr. {DOCLAST}.\n"
        "Evaluator: {DOCINIT}, MD | psych pager {PHONE}\n",
    ),
    Template(
        "transplant-nephrology",
        "transplant nephrology",
        "any",
        (
            Cond("Z94.0", ("kidney transplant status", "renal transplant")),
            Cond("N18.30", ("CKD stage 3", "chronic kidney disease stage 3")),
            Cond("D84.821", ("immunosuppression due to drugs",)),
            Cond("E83.42", ("hypomagnesemia",)),
            Cond("B25.9", ("CMV infection", "cytomegalovirus infection")),
            Cond("I10", ("hypertension", "HTN")),
        ),
        "Transplant Nephrology Follow-Up\n"
        "{PATIENT} | [MRNLABEL] {MRN} | DOB {DOB} | Visit {VISIT}\n"
        "Transplant coordinator {FIFTH} present.\n\n"
        "[AGEYO_CAP] [SEX], deceased-donor graft {PRIOR}, with [DXTEXT]. Tacrolimus "
        "trough 6.2. [NEG]\n"
        "Family History: [FAM]\n"
        "Assessment:\n[DXLINES]"
        "Plan: [RULED] [HYPO] Labs twice weekly; portal {URL}; questions {PHONE}.\n"
        "{DOCTOR}, MD -- Transplant Nephrology\n",
    ),
    Template(
        "travel-medicine-visit",
        "travel medicine",
        "any",
        (
            Cond("A09", ("traveler's diarrhea", "infectious diarrhea")),
            Cond("B54", ("malaria",)),
            Cond("A90", ("dengue fever", "dengue")),
            Cond("T75.3XXA", ("motion sickness",)),
        ),
        "Travel & Tropical Medicine -- returned traveler\n"
        "Seen {VISITTIME}: {PATIENT}, [MRNLABEL] {MRN}, passport on file, cell {PHONE}\n"
        "Interpreter (Portuguese): {FIFTH}\n\n"
        "[AGEYO_CAP] [SEX] back from a 3-week trip on {PRIOR}, now with [DXTEXT]. [NEG]\n"
        "[RULED]\n"
        "Fam hx: [FAM]\n"
        "Impression: [DXINLINE]\n"
        "[HYPO] Results will be sent to {EMAIL}; lab requisition faxed to {FAX}.\n"
        "{DOCTOR}, MD, DTM&H\n",
    ),
]

HOLDOUT3_ADDENDA = [
    "Telephone encounter {NEXT}: {FIFTH} left a message for {PFIRST} at {PHONE} about "
    "[DX1]. Dr. {DOCLAST} aware.\n",
    "Outside records from Dr. {CONSULT} received for {PLASTFIRST} (DOB {DOB}); "
    "copy sent to {EMAIL}.\n",
    "Addendum {VISITTIME} by {DOCTOR}: [REL] {RELATIVE} called {RELPHONE}; [DX1] unchanged.\n",
]

HOLDOUT3_FIFTH_FIRST = ["Eustacia", "Kwabena", "Solenne", "Ruairi", "Yaretzi", "Dec", "Mo"]
HOLDOUT3_FIFTH_LAST = ["Pennywhistle", "Agbaje", "Lindgren", "Ostrowska", "Tembo", "Vance"]


def holdout3_extra(
    rng: random.Random, names: dict[str, Any], middle: str
) -> dict[str, tuple[str, str, bool | None]]:
    """A fifth person the bundle does not name (a dosimetrist, coordinator, sitter,
    hygienist, interpreter)."""
    fifth = f"{rng.choice(HOLDOUT3_FIFTH_FIRST)} {rng.choice(HOLDOUT3_FIFTH_LAST)}"
    return {"FIFTH": ("NAME", fifth, False)}


HOLDOUT3_AGE_FORMS = ["{AGE} years", "{AGE}-yo", "{AGE} YO", "{AGE} yr.", "{AGE} y.o"]


# ======================================================================= HOLDOUT4
# A fourth fresh held-out split, written and frozen after holdout3 had been looked at
# and its misses fixed: new specialties and note types, new name lists (a sixth person
# the bundle does not name), new date, time, phone, age and MRN forms, and new trap
# wordings. Nothing below this line up to SPLITS was changed after the embedded
# backends were first run over it.

HOLDOUT4_NAMES: dict[str, Any] = {
    "first": [
        "Adaugo",
        "Brannagh",
        "Cyprian",
        "Dorotea",
        "Eulalia",
        "Ferdinand",
        "Gaukhar",
        "Heloise",
        "Ishbel",
        "Jurgen",
        "Kiri",
        "Lysander",
        "Morwenna",
        "Nikolaus",
        "Ondine",
        "Pilar",
        "Ramesh",
        "Saoirse",
        "Thandeka",
        "Ulrike",
        "Vaclav",
        "Winnifred",
        "Yohannes",
        "Zephyrine",
    ],
    "last": [
        "Achebe-Lund",
        "Bellweather",
        "Czarnecki",
        "Du Plessis",
        "Esterhuizen",
        "Featherstonehaugh",
        "Grzelak",
        "Hakobyan",
        "Inglethorpe",
        "Juarez-Whitlock",
        "Kuznetsova",
        "Loughnane",
        "MacGillivray",
        "Nwachukwu",
        "Ouellette",
        "Pugliese",
    ],
    "clinician_first": ["Beatrix", "Cuthbert", "Esperanza", "Rupert", "Sunniva", "Thaddeus", "Mar"],
    "clinician_last": [
        "Okonkwo-Reyes",
        "Threlkeld",
        "Vanderpump",
        "Achterberg",
        "Lindqvist-Moe",
        "Ramaswamy",
        "Fothergill",
        "Kazantzidis",
        "Whitcombe",
    ],
    "nicknames": ["Bubba", "Gigi", "Lulu", "Scout", "Tiny", "Dodo"],
    "cities": [
        ("Eau Gallie", "FL", "329"),
        ("Pocatello", "ID", "832"),
        ("Saint Paul", "MN", "551"),
        ("Bowling Green", "KY", "421"),
        ("Rancho Cucamonga", "CA", "917"),
        ("Grand Forks", "ND", "582"),
        ("New Bern", "NC", "285"),
        ("Kennewick", "WA", "993"),
    ],
    "streets": [
        "Larkspur Ln",
        "Silver Birch Cres",
        "Township Rd 40",
        "Calle Sombra",
        "Harbor View Dr",
        "Pine Knoll Cir",
        "S. Main St.",
        "Blackberry Row",
    ],
    "units": ["Apt {n}", "#{n}", "Suite {n}", "Unit {n}", "Lot {n}"],
    "relations": ["daughter", "nephew", "stepmother", "grandson", "wife", "best friend"],
}


def holdout4_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    wd = WEEKDAYS[(d + 3 * m) % 7]
    return rng.choice(
        [
            f"{mon[:4] if mon.startswith('Sep') else mon[:3]}. {d}, {y}",
            f"{d:02d}-{mon[:3].upper()}-{y}",
            f"{y} {mon[:3]} {d:02d}",
            f"{mon[:3]} {d}{ordinal(d)} '{y % 100:02d}",
            f"{d} {mon[:3]}. {y}",
            f"{wd} {d} {mon} {y}",
            f"{m}.{d}.{y}",
            f"{d}/{m}/{y % 100:02d}",
        ]
    )


def holdout4_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"{a}.{b}.{c} (work)",
            f"({a})-{b}-{c}",
            f"{a} {b}-{c}",
            f"+1 {a}-{b}-{c}",
            f"1({a}){b}-{c}",
            f"{a}\u2013{b}\u2013{c}",
            f"{a}-{b}-{c}",
            f"{a}.{b}.{c}",
        ]
    )


def holdout4_visit_time(rng: random.Random, day: str, hh: int, mm: int) -> str:
    h12 = hh % 12 or 12
    return rng.choice(
        [
            f"{day}, {h12}:{mm:02d} {'p.m.' if hh >= 12 else 'a.m.'}",
            f"{day} @{hh:02d}:{mm:02d}",
            f"{day} {hh:02d}:{mm:02d}",
            day,
        ]
    )


HOLDOUT4_MRN_LABELS = ["MRN No.", "Medical record #", "Pt ID", "Hospital #", "Acct/MR#", "MR#"]

HOLDOUT4_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
    "negated": [
        ("R06.02", "shortness of breath"),
        ("R11.10", "vomiting"),
        ("R51.9", "headache"),
        ("R05.9", "cough"),
        ("R42", "dizziness"),
        ("R21", "rash"),
        ("R00.2", "palpitations"),
        ("R19.7", "diarrhea"),
    ],
    "ruled_out": [
        ("K35.80", "appendicitis"),
        ("I63.9", "stroke"),
        ("N20.0", "nephrolithiasis"),
        ("G03.9", "meningitis"),
        ("K85.90", "pancreatitis"),
        ("J93.9", "pneumothorax"),
    ],
    "family": [
        ("C18.9", "colon cancer"),
        ("C50.919", "breast cancer"),
        ("E10.9", "type 1 diabetes"),
        ("G30.9", "Alzheimer's"),
        ("I25.10", "coronary disease"),
        ("C61", "prostate cancer"),
    ],
    "hypothetical": [
        ("R50.9", "fever"),
        ("R55", "fainting"),
        ("R56.9", "seizures"),
        ("R07.9", "chest pain"),
        ("R58", "bleeding"),
        ("R41.0", "confusion"),
    ],
}

HOLDOUT4_TRAPS = {
    "negated": [
        "No complaints of {x}.",
        "{X} denied by patient.",
        "Negative: {x}.",
        "{X}? Denies.",
        "Not experiencing {x}.",
        "No {x} since last visit.",
    ],
    "ruled_out": [
        "{X} ruled out by ultrasound.",
        "Workup negative for {x}.",
        "{X} was unlikely given normal labs.",
        "Initially concerned for {x}, since excluded.",
        "R/O {x} - negative.",
    ],
    "family": [
        "Dad: {x}.",
        "[HIS_CAP] brother has {x}.",
        "Positive family history of {x}.",
        "Grandparents with {x}.",
        "FHx {x} (maternal aunt).",
    ],
    "hypothetical": [
        "Discussed signs of {x}.",
        "Contact us should {x} occur.",
        "At risk for {x}.",
        "Seek care promptly for {x}.",
        "Advised how to prevent {x}.",
    ],
}

HOLDOUT4_TEMPLATES: list[Template] = [
    Template(
        "epilepsy-clinic",
        "neurology",
        "any",
        (
            Cond("G40.909", ("epilepsy", "seizure disorder")),
            Cond("G43.909", ("migraine",)),
            Cond("F41.9", ("anxiety",)),
            Cond("G47.00", ("insomnia",)),
            Cond("E55.9", ("vitamin D deficiency",)),
        ),
        "Comprehensive Epilepsy Center - Clinic Note\n"
        "{PATIENT}   [MRNLABEL] {MRN}   DOB {DOB}   Seen {VISITTIME}\n"
        "EEG technologist: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. Last seizure {PRIOR}. [NEG]\n"
        "VNS generator model 106, serial {DEVICE}, interrogated.\n"
        "FAMILY HISTORY: [FAM]\n"
        "Impression/Plan:\n[DXNUM]"
        "[RULED] [HYPO] Seizure diary via {URL}. Driving restrictions reviewed.\n"
        "{DOCTOR}, MD (Epileptology) -- clinic line {PHONE}\n",
    ),
    Template(
        "obstetric-triage",
        "obstetrics",
        "female",
        (
            Cond("O21.0", ("hyperemesis gravidarum",)),
            Cond("O13.9", ("gestational hypertension",)),
            Cond("O24.419", ("gestational diabetes",)),
            Cond("O99.019", ("anemia in pregnancy",)),
        ),
        "L&D TRIAGE NOTE\n"
        "{VISITTIME}\n"
        "{PLASTFIRST}   [MRNLABEL] {MRN}   G3P2 at 31w2d\n"
        "Doula present: {SIXTH}. Partner {RELFIRST} reachable at {RELPHONE}.\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. [NEG] [RULED]\n"
        "FHR 140s, moderate variability. Toco quiet.\n"
        "Family hx: [FAM]\n"
        "Assessment: [DXINLINE]\n"
        "Plan: [HYPO] Discharged home; OB follow-up {NEXT}.\n"
        "{DOCTOR}, CNM\n",
    ),
    Template(
        "hospice-admission",
        "hospice",
        "any",
        (
            Cond("C25.9", ("pancreatic cancer", "carcinoma of the pancreas")),
            Cond("R64", ("cachexia",)),
            Cond("I50.9", ("heart failure",)),
            Cond("J44.9", ("COPD", "chronic obstructive pulmonary disease")),
            Cond("F03.90", ("dementia",)),
        ),
        "HOSPICE ADMISSION\n"
        "Patient: {PATIENT}\nDOB: {DOB}\n[MRNLABEL] {MRN}\nMedicare ID: {MEMBER}\n"
        "Admitted: {VISIT}\nAddress: {STREET}\n{CITY}, [STATE] {ZIP}\n\n"
        "[AGEYO_CAP] [SEX] admitted to hospice for [DXTEXT]. [NEG] [RULED]\n"
        "Caregiver: [REL] {RELATIVE} ({RELPHONE}). Hospice aide {SIXTH} assigned.\n"
        "Family History: [FAM]\n"
        "Terminal diagnoses:\n[DXLINES]"
        "[HYPO] Comfort kit delivered. Next RN visit {NEXT}.\n"
        "Hospice medical director: {DOCTOR}, MD, HMDC | fax {FAX}\n",
    ),
    Template(
        "dialysis-rounds",
        "nephrology",
        "any",
        (
            Cond("N18.6", ("ESRD", "end-stage renal disease")),
            Cond("D63.1", ("anemia of CKD", "anemia in chronic kidney disease")),
            Cond("E87.5", ("hyperkalemia",)),
            Cond("N25.81", ("secondary hyperparathyroidism",)),
            Cond("I10", ("hypertension",)),
        ),
        "Hemodialysis Unit Rounds  {VISIT}\n"
        "{PLAST}, {PFIRST}  [MRNLABEL] {MRN}  Chair 7  MWF 2nd shift\n"
        "Dialysis tech: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX] on HD for [DXTEXT]. Access: L AVF, good thrill. [NEG]\n"
        "Machine #{DEVICE}. Kt/V 1.4.\n"
        "FHx: [FAM]\n"
        "Problems:\n[DXPLAN]"
        "[RULED] [HYPO] Labs {NEXT}.\n"
        "{DOCINIT}, MD (Nephrology)\n",
    ),
    Template(
        "urogynecology-visit",
        "urogynecology",
        "female",
        (
            Cond("N39.3", ("stress urinary incontinence", "stress incontinence")),
            Cond("N32.81", ("overactive bladder",)),
            Cond("N81.10", ("cystocele",)),
            Cond("N95.1", ("menopausal symptoms",)),
            Cond("N39.0", ("recurrent UTI", "recurrent urinary tract infections")),
        ),
        "Urogynecology -- new patient\n"
        "{VISIT} | {PATIENT} | [MRNLABEL] {MRN} | email {EMAIL}\n"
        "Pelvic floor PT: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX], para 3, with [DXTEXT]. [NEG]\n"
        "POP-Q: Aa -1, Ba -1, C -6.\n"
        "Family history: [FAM]\n"
        "Dx: [DXINLINE]\n"
        "Plan: [RULED] [HYPO] Urodynamics {NEXT}. Bladder diary mailed to {STREET}, "
        "{CITY}.\n"
        "{DOCTOR}, MD, FPMRS   {PHONE}\n",
    ),
    Template(
        "ild-clinic",
        "pulmonology",
        "any",
        (
            Cond("J84.112", ("idiopathic pulmonary fibrosis", "IPF")),
            Cond("D86.0", ("pulmonary sarcoidosis",)),
            Cond("R09.02", ("hypoxemia",)),
            Cond("M34.9", ("scleroderma", "systemic sclerosis")),
        ),
        "Interstitial Lung Disease Clinic\n"
        "Visit {VISITTIME} -- {PFIRST} {PLAST} ([MRNLABEL] {MRN})\n"
        "Respiratory therapist {SIXTH} performed 6MWT.\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. FVC 58% predicted. [NEG] [RULED]\n"
        "Home O2 concentrator S/N {DEVICE}.\n"
        "Family history: [FAM]\n"
        "A/P:\n[DXHASH]"
        "[HYPO] HRCT {NEXT}. Results to {EMAIL}.\n"
        "{DOCTOR}, MD, FCCP   tel {PHONE}   fax {FAX}\n",
    ),
    Template(
        "student-health-visit",
        "student health",
        "any",
        (
            Cond("J02.0", ("strep throat", "streptococcal pharyngitis")),
            Cond("J06.9", ("URI", "upper respiratory infection")),
            Cond("F41.1", ("generalized anxiety disorder", "GAD")),
            Cond("L70.0", ("acne vulgaris",)),
            Cond("N30.00", ("acute cystitis",)),
        ),
        "University Student Health Services\n"
        "Student: {PATIENT}   Student ID {ACCOUNT}   [MRNLABEL] {MRN}\n"
        "Date: {VISIT}   Cell: {PHONE}\n\n"
        "[AGEYO_CAP] [SEX], junior, here for [DXTEXT]. [NEG] [RULED]\n"
        "Nursing student {SIXTH} observed with consent.\n"
        "Family hx: [FAM]\n"
        "Diagnoses: [DXINLINE]\n"
        "Plan: [HYPO] Return {NEXT} if needed. Excuse note emailed to {EMAIL}.\n"
        "{DOCTOR}, FNP-C\n",
    ),
    Template(
        "correctional-health-intake",
        "correctional health",
        "male",
        (
            Cond("F11.20", ("opioid use disorder, severe",)),
            Cond("B18.2", ("chronic hepatitis C",)),
            Cond("B20", ("HIV", "HIV disease")),
            Cond("F17.210", ("cigarette smoker",)),
            Cond("Z22.7", ("latent tuberculosis",)),
        ),
        "INTAKE HEALTH SCREENING -- COUNTY DETENTION CENTER\n"
        "Name: {PLASTFIRST}   Booking # {ACCOUNT}   [MRNLABEL] {MRN}\n"
        "DOB {DOB}   Screened {VISITTIME}   SSN {SSN}\n"
        "Officer present: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. [NEG] [RULED]\n"
        "Family history: [FAM]\n"
        "Problem list: [DXINLINE]\n"
        "Plan: [HYPO] MAT continued per community clinic ({FAX}). Emergency contact "
        "[REL] {RELATIVE}, {RELPHONE}.\n"
        "Screening clinician: {DOCTOR}, RN\n",
    ),
    Template(
        "anticoagulation-clinic",
        "anticoagulation",
        "any",
        (
            Cond("I48.91", ("atrial fibrillation", "AF")),
            Cond("I82.409", ("DVT", "deep vein thrombosis")),
            Cond("Z79.01", ("long-term anticoagulation", "long term use of anticoagulants")),
            Cond("Z95.2", ("mechanical mitral valve", "prosthetic heart valve")),
        ),
        "Anticoagulation Clinic -- INR check\n"
        "{VISITTIME}  {PATIENT}  [MRNLABEL] {MRN}\n"
        "Pharmacist: {SIXTH}, PharmD\n\n"
        "[AGEYO_CAP] [SEX] on warfarin for [DXTEXT]. INR 2.6 (goal 2.5-3.5). [NEG]\n"
        "Point-of-care meter #{DEVICE}.\n"
        "Fam hx: [FAM]\n"
        "Indications: [DXINLINE]\n"
        "Plan: [RULED] [HYPO] Same dose; recheck {NEXT}. Called [REL] {RELFIRST} at "
        "{RELPHONE}.\n"
        "Supervising physician: {DOCTOR}, MD\n",
    ),
    Template(
        "hand-surgery-postop",
        "hand surgery",
        "any",
        (
            Cond("M72.0", ("Dupuytren contracture", "Dupuytren's disease")),
            Cond("M65.30", ("trigger finger",)),
            Cond("M18.9", ("thumb CMC arthritis", "basal joint arthritis of the thumb")),
            Cond("M67.40", ("ganglion cyst",)),
            Cond("G56.00", ("carpal tunnel syndrome",)),
        ),
        "Hand Surgery Post-op Visit\n"
        "DOS: {PRIOR}    Today: {VISIT}\n"
        "{PATIENT} | [MRNLABEL] {MRN} | Ins {MEMBER}\n"
        "Certified hand therapist {SIXTH} to follow.\n\n"
        "[AGEYO_CAP] [SEX], 2 weeks post-op for [DXTEXT]. Incision c/d/i. [NEG] [RULED]\n"
        "Fam Hx: [FAM]\n"
        "Post-op diagnosis:\n[DXLINES]"
        "Plan: [HYPO] Sutures out today. Splint. RTC {NEXT}.\n"
        "{DOCTOR}, MD (Hand & Upper Extremity) | {PHONE}\n",
    ),
]

HOLDOUT4_ADDENDA = [
    "Phone follow-up {NEXT}: {SIXTH} spoke with {PFIRST} ({PHONE}); [DX1] about the "
    "same. Forwarded to {DOCLAST}.\n",
    "Release of information: records for {PLASTFIRST}, DOB {DOB}, faxed to {FAX} at the "
    "request of {OTHERDOC}.\n",
    "Addendum {VISITTIME}: [REL] {RELATIVE} ({RELPHONE}) updated; [DX1] stable.\n",
]

HOLDOUT4_SIXTH_FIRST = ["Ottoline", "Fionnuala", "Kwasi", "Margarethe", "Idunn", "Mar"]
HOLDOUT4_SIXTH_LAST = ["Quarshie", "Blenkinsop", "Tchaikovskaya", "Oyelowo-Hart", "Dabrowski"]


def holdout4_extra(
    rng: random.Random, names: dict[str, Any], middle: str
) -> dict[str, tuple[str, str, bool | None]]:
    """A sixth person the bundle does not name (a technologist, doula, aide, officer,
    pharmacist, therapist)."""
    sixth = f"{rng.choice(HOLDOUT4_SIXTH_FIRST)} {rng.choice(HOLDOUT4_SIXTH_LAST)}"
    return {"SIXTH": ("NAME", sixth, False)}


HOLDOUT4_AGE_FORMS = ["{AGE} year-old", "aged {AGE},", "{AGE} years old", "{AGE}yr", "{AGE}-y/o"]


# A fifth fresh held-out split, written and frozen after holdout4 had been looked at
# and its misses fixed: new specialties and note types, new name lists (a seventh
# person the bundle does not name), new date, time, phone, age and MRN forms, and new
# trap wordings. Nothing below this line up to SPLITS was changed after the embedded
# backends were first run over it.

HOLDOUT5_NAMES: dict[str, Any] = {
    "first": [
        "Adaeze",
        "Bronwen",
        "Caoimhe",
        "Dagny",
        "Emeka",
        "Fenella",
        "Gwendolyn",
        "Hamish",
        "Ingeborg",
        "Jacinta",
        "Kofi",
        "Leocadia",
        "Mireille",
        "Nkechi",
        "Osric",
        "Perpetua",
        "Quillon",
        "Rhiannon",
        "Siddharth",
        "Tamsin",
        "Ulla",
        "Valentijn",
        "Wilhelmina",
        "Xiomara",
    ],
    "last": [
        "Abernethy-Cole",
        "Brzezinski",
        "Castellanos",
        "Delacroix",
        "Eberhardt",
        "Fairweather",
        "Gallacher",
        "Haversham",
        "Iwuchukwu",
        "Jablonski",
        "Kettleborough",
        "Lindgren-Oduya",
        "Mavromatis",
        "Nakashima",
        "Oyelaran",
        "Pemberton-Smythe",
    ],
    "clinician_first": ["Aurelio", "Bathsheba", "Cosmo", "Dorcas", "Evander", "Oct", "Jun"],
    "clinician_last": [
        "Ashdown",
        "Babatunde",
        "Cavendish-Ruiz",
        "Drummond",
        "Eklund",
        "Fitzwilliam",
        "Gyamfi",
        "Hollingworth",
        "Ivanova",
    ],
    "nicknames": ["Pip", "Bitsy", "Moose", "Coco", "Boo", "Sunny"],
    "cities": [
        ("Coeur d'Alene", "ID", "838"),
        ("Sault Ste. Marie", "MI", "497"),
        ("Winston-Salem", "NC", "271"),
        ("Baton Rouge", "LA", "708"),
        ("Fond du Lac", "WI", "549"),
        ("Las Cruces", "NM", "880"),
        ("Cedar Rapids", "IA", "524"),
        ("Martinsburg", "WV", "254"),
    ],
    "streets": [
        "Quail Hollow Rd",
        "N. Juniper Ave",
        "Old Mill Pike",
        "Tamarack Ct",
        "Via Del Sol",
        "Ridgecrest Blvd",
        "Hawthorne Terrace",
        "County Rd 12",
    ],
    "units": ["Apt. {n}", "No. {n}", "Ste {n}", "Bldg {n}", "Rm {n}"],
    "relations": ["husband", "granddaughter", "sister-in-law", "son", "partner", "niece"],
}


def holdout5_date(rng: random.Random, y: int, m: int, d: int) -> str:
    mon = MONTHS[m - 1]
    return rng.choice(
        [
            f"{mon.upper()} {d}, {y}",
            f"{d}.{mon[:3]}.{y}",
            f"{y}/{m:02d}/{d:02d}",
            f"the {d}{ordinal(d)} of {mon}, {y}",
            f"{mon[:3].lower()} {d} {y}",
            f"{d:02d}{mon[:3]}{y % 100:02d}",
            f"{m:02d}-{d:02d}-{y}",
            f"{mon} {d}{ordinal(d).upper()}, {y}",
        ]
    )


def holdout5_phone(rng: random.Random, a: str, b: str, c: str) -> str:
    return rng.choice(
        [
            f"{a}\u2011{b}\u2011{c}",
            f"({a}) {b}.{c}",
            f"{a}\u00a0{b}\u00a0{c}",
            f"+1.{a}.{b}.{c}",
            f"{a}-{b}-{c} (cell)",
            f"{a} {b} {c}",
            f"({a}){b}{c}",
            f"{a}\u2014{b}\u2014{c}",
        ]
    )


def holdout5_visit_time(rng: random.Random, day: str, hh: int, mm: int) -> str:
    h12 = hh % 12 or 12
    return rng.choice(
        [
            f"{day} at {h12}:{mm:02d}{'PM' if hh >= 12 else 'AM'}",
            f"{day}, {hh:02d}{mm:02d}h",
            f"{day} {hh:02d}:{mm:02d}:00",
            day,
        ]
    )


HOLDOUT5_MRN_LABELS = ["Medical Record No:", "MRN -", "Chart No.", "Record #", "Patient ID:", "MRN"]

HOLDOUT5_TRAP_CONDITIONS: dict[str, list[tuple[str, str]]] = {
    "negated": [
        ("R06.02", "shortness of breath"),
        ("R11.0", "nausea"),
        ("R51.9", "headache"),
        ("R10.9", "abdominal pain"),
        ("R42", "dizziness"),
        ("R60.9", "swelling"),
        ("R00.2", "palpitations"),
        ("R50.9", "fever"),
    ],
    "ruled_out": [
        ("I26.99", "pulmonary embolism"),
        ("I21.9", "myocardial infarction"),
        ("K81.9", "cholecystitis"),
        ("A41.9", "sepsis"),
        ("K56.609", "bowel obstruction"),
        ("I82.409", "DVT"),
    ],
    "family": [
        ("C25.9", "pancreatic cancer"),
        ("C56.9", "ovarian cancer"),
        ("E11.9", "type 2 diabetes"),
        ("G20.A1", "Parkinson's disease"),
        ("I63.9", "stroke"),
        ("F31.9", "bipolar disorder"),
    ],
    "hypothetical": [
        ("R55", "syncope"),
        ("R04.0", "nosebleeds"),
        ("R56.9", "seizure"),
        ("R07.9", "chest pain"),
        ("R58", "bleeding"),
        ("R41.0", "confusion"),
    ],
}

HOLDOUT5_TRAPS = {
    "negated": [
        "Patient negative for {x}.",
        "{X}: not present.",
        "Free of {x}.",
        "Never had {x}.",
        "No history of {x}.",
        "Absence of {x} noted.",
    ],
    "ruled_out": [
        "{X} excluded on imaging.",
        "Low suspicion for {x}; workup unremarkable.",
        "Evaluated for {x}, not found.",
        "Doubt {x}.",
        "{X} was considered and ruled out.",
    ],
    "family": [
        "Mother had {x}.",
        "Family history significant for {x} in a sibling.",
        "[HIS_CAP] maternal grandfather died of {x}.",
        "FH: {x} (father).",
        "Several relatives with {x}.",
    ],
    "hypothetical": [
        "Return precautions for {x} reviewed.",
        "If {x} develops, go to the ED.",
        "Monitor for {x}.",
        "Instructed to call for any {x}.",
        "Should {x} recur, we will reassess.",
    ],
}

HOLDOUT5_TEMPLATES: list[Template] = [
    Template(
        "memory-clinic",
        "geriatric neurology",
        "any",
        (
            Cond("G30.9", ("Alzheimer disease", "Alzheimer's dementia")),
            Cond("G31.84", ("mild cognitive impairment",)),
            Cond("F32.A", ("depression",)),
            Cond("E53.8", ("B12 deficiency", "vitamin B12 deficiency")),
            Cond("H91.90", ("hearing loss",)),
        ),
        "MEMORY DISORDERS CLINIC -- FOLLOW-UP\n"
        "Pt: {PATIENT} | DOB {DOB} | [MRNLABEL] {MRN} | Seen {VISITTIME}\n"
        "Neuropsychometrist: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX] accompanied by [REL] {RELATIVE} for [DXTEXT]. MoCA 19/30. [NEG]\n"
        "Family History: [FAM]\n"
        "Assessment and Plan:\n[DXNUM]"
        "[RULED] [HYPO] Caregiver resources sent to {EMAIL}. Recheck {NEXT}.\n"
        "{DOCTOR}, MD -- Memory Clinic {PHONE}\n",
    ),
    Template(
        "breast-surgery-consult",
        "breast surgery",
        "female",
        (
            Cond("C50.911", ("right breast cancer",)),
            Cond("N60.19", ("fibrocystic breast disease",)),
            Cond("Z80.3", ("family history of breast cancer",)),
            Cond("E66.9", ("obesity",)),
        ),
        "Breast Surgical Oncology Consultation\n"
        "Date of service: {VISIT}\n"
        "Patient: {PLASTFIRST}   [MRNLABEL] {MRN}   Insurance ID {MEMBER}\n"
        "Referred by: {OTHERDOC}\n"
        "Nurse navigator {SIXTH} present.\n\n"
        "[AGEYO_CAP] [SEX] referred with [DXTEXT]. [NEG] [RULED]\n"
        "Family hx: [FAM]\n"
        "Impression: [DXINLINE]\n"
        "Plan: [HYPO] Lumpectomy discussed; call {PHONE} to schedule.\n"
        "{DOCTOR}, MD, FACS | fax {FAX}\n",
    ),
    Template(
        "heart-failure-clinic",
        "cardiology",
        "any",
        (
            Cond("I50.22", ("chronic systolic heart failure", "HFrEF, chronic")),
            Cond("I48.20", ("chronic atrial fibrillation",)),
            Cond("E87.6", ("hypokalemia",)),
            Cond("N18.31", ("CKD stage 3a",)),
            Cond("Z95.810", ("ICD in place", "AICD in situ")),
        ),
        "Advanced Heart Failure Program - Clinic Visit {VISITTIME}\n"
        "{PLAST}, {PFIRST}   [MRNLABEL] {MRN}   DOB: {DOB}\n"
        "HF nurse: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. NYHA class II. [NEG]\n"
        "CardioMEMS sensor serial {DEVICE}.\n"
        "FAMILY HX: [FAM]\n"
        "Problem-based plan:\n[DXPLAN]"
        "[RULED] [HYPO] Daily weights; log to {URL}.\n"
        "{DOCINIT}, MD\n",
    ),
    Template(
        "preanesthesia-evaluation",
        "anesthesiology",
        "any",
        (
            Cond("G47.33", ("obstructive sleep apnea", "OSA")),
            Cond("E66.01", ("morbid obesity",)),
            Cond("K21.9", ("GERD", "acid reflux")),
            Cond("I10", ("hypertension", "HTN")),
            Cond("Z79.01", ("long-term anticoagulation",)),
        ),
        "PRE-ANESTHESIA EVALUATION\n"
        "{PATIENT}  [MRNLABEL] {MRN}  Surgery date {NEXT}\n"
        "Evaluated {VISITTIME} with interpreter {SIXTH} (Cantonese).\n\n"
        "[AGEYO_CAP] [SEX] for elective hernia repair. PMH: [DXTEXT]. [NEG] [RULED]\n"
        "Airway: Mallampati III.\n"
        "Family history: [FAM] No family hx of malignant hyperthermia.\n"
        "ASA III. Anesthesia-relevant diagnoses:\n[DXLINES]"
        "[HYPO] NPO after midnight.\n"
        "{DOCTOR}, MD (Anesthesiology) pager {PHONE}\n",
    ),
    Template(
        "home-health-intake",
        "home health",
        "any",
        (
            Cond("L89.153", ("stage 3 sacral pressure ulcer",)),
            Cond("I89.0", ("lymphedema",)),
            Cond("E11.9", ("type 2 diabetes", "T2DM")),
            Cond("R26.81", ("unsteady gait", "gait instability")),
            Cond("Z74.09", ("impaired mobility",)),
        ),
        "Home Health Start of Care\n"
        "Patient: {PATIENT}\nDOB: {DOB}\n[MRNLABEL] {MRN}\n"
        "Home: {STREET}\n{CITY}, [STATE] {ZIP}\nPhone {PHONE}\n"
        "SOC {VISIT}\n\n"
        "[AGEYO_CAP] [SEX] homebound with [DXTEXT]. [NEG]\n"
        "Home health aide {SIXTH} visits 3x/week. [REL] {RELATIVE} ({RELPHONE}) is primary "
        "caregiver.\n"
        "Family history: [FAM]\n"
        "Skilled need / diagnoses: [DXINLINE]\n"
        "[RULED] [HYPO]\n"
        "Certifying physician: {DOCTOR}, DO\n",
    ),
    Template(
        "postpartum-visit",
        "obstetrics",
        "female",
        (
            Cond("F53.0", ("postpartum depression",)),
            Cond("O90.81", ("postpartum anemia",)),
            Cond("O91.22", ("nonpurulent mastitis",)),
            Cond("E03.9", ("hypothyroidism",)),
        ),
        "Postpartum Visit (6 weeks)\n"
        "{VISITTIME} -- {PFIRST} {PLAST}, [MRNLABEL] {MRN}\n"
        "Lactation consultant: {SIXTH}, IBCLC\n\n"
        "[AGEYO_CAP] [SEX], G2P2, SVD on {PRIOR}, now with [DXTEXT]. EPDS 14. [NEG] "
        "[RULED]\n"
        "Family history: [FAM]\n"
        "Assessment: [DXINLINE]\n"
        "Plan: [HYPO] Portal message via {URL}. Support line {PHONE}.\n"
        "{DOCTOR}, CNM, MSN\n",
    ),
    Template(
        "endoscopy-report",
        "gastroenterology",
        "any",
        (
            Cond("K22.70", ("Barrett esophagus", "Barrett's esophagus")),
            Cond("K44.9", ("hiatal hernia",)),
            Cond("K29.70", ("gastritis",)),
            Cond("K63.5", ("colon polyp", "polyp of colon")),
            Cond("K57.30", ("diverticulosis of the colon",)),
        ),
        "ENDOSCOPY SUITE -- PROCEDURE REPORT\n"
        "Patient {PLASTFIRST}   [MRNLABEL] {MRN}   DOB {DOB}\n"
        "Procedure date: {VISITTIME}   Scope SN {DEVICE}\n"
        "Endoscopy nurse: {SIXTH}\n\n"
        "Indication: [AGEYO] [SEX] with reflux. [NEG]\n"
        "Findings / Impression:\n[DXNUM]"
        "Family history: [FAM]\n"
        "[RULED] [HYPO] Pathology to {EMAIL}; results by phone {PHONE}.\n"
        "Endoscopist: {DOCTOR}, MD\n",
    ),
    Template(
        "spine-clinic",
        "spine surgery",
        "any",
        (
            Cond("M48.061", ("lumbar spinal stenosis",)),
            Cond("M54.16", ("lumbar radiculopathy",)),
            Cond("M51.26", ("lumbar disc herniation",)),
            Cond("M81.0", ("osteoporosis",)),
            Cond("F17.210", ("cigarette smoker",)),
        ),
        "Spine Center New Patient\n"
        "{VISIT} | {PATIENT} | [MRNLABEL] {MRN} | Workers comp claim {ACCOUNT}\n"
        "Physician assistant: {SIXTH}\n\n"
        "[AGEYO_CAP] [SEX] with [DXTEXT]. [NEG] [RULED]\n"
        "MRI L-spine reviewed.\n"
        "Family history: [FAM]\n"
        "Diagnoses:\n[DXHASH]"
        "[HYPO] PT referral faxed to {FAX}. Follow-up {NEXT}.\n"
        "{DOCTOR}, MD (Orthopaedic Spine)\n",
    ),
    Template(
        "nutrition-consult",
        "clinical nutrition",
        "any",
        (
            Cond("E44.0", ("moderate protein-calorie malnutrition",)),
            Cond("E55.9", ("vitamin D deficiency",)),
            Cond("K90.0", ("celiac disease",)),
            Cond("D50.9", ("iron deficiency anemia",)),
        ),
        "Medical Nutrition Therapy Consult\n"
        "{PLAST}, {PFIRST}  [MRNLABEL] {MRN}  {VISITTIME}\n"
        "Dietetic intern {SIXTH} co-interviewed.\n\n"
        "[AGEYO_CAP] [SEX] referred for [DXTEXT]. BMI 17.8. [NEG] [RULED]\n"
        "Family history: [FAM]\n"
        "Nutrition diagnoses: [DXINLINE]\n"
        "[HYPO] Meal plan emailed to {EMAIL}; questions to {PHONE}.\n"
        "{DOCTOR}, RDN, LD\n",
    ),
]

HOLDOUT5_ADDENDA = [
    "Late entry {NEXT}: {SIXTH} left a voicemail for {PFIRST} at {PHONE} about [DX1].\n",
    "Records request: chart of {PLASTFIRST} (DOB {DOB}) faxed to {FAX} for {OTHERDOC}.\n",
    "Addendum {VISITTIME}: spoke with [REL] {RELATIVE}, {RELPHONE}; [DX1] unchanged.\n",
]

HOLDOUT5_SEVENTH_FIRST = ["Aoife", "Baptiste", "Clodagh", "Dov", "Eulalia", "Feb", "Nov"]
HOLDOUT5_SEVENTH_LAST = ["Ruckelshaus", "Oyinlola", "Szczepanski", "Ten Boom", "Mbeki-Laird"]


def holdout5_extra(
    rng: random.Random, names: dict[str, Any], middle: str
) -> dict[str, tuple[str, str, bool | None]]:
    """A seventh person the bundle does not name (a neuropsychometrist, navigator,
    interpreter, aide, lactation consultant, endoscopy nurse, dietetic intern)."""
    seventh = f"{rng.choice(HOLDOUT5_SEVENTH_FIRST)} {rng.choice(HOLDOUT5_SEVENTH_LAST)}"
    return {"SIXTH": ("NAME", seventh, False)}


HOLDOUT5_AGE_FORMS = ["{AGE} YO", "age {AGE}", "{AGE} yrs old", "{AGE}-year-old", "{AGE} y/o"]


SPLITS: dict[str, dict[str, Any]] = {
    "test": {
        "names": TEST_NAMES,
        "date": test_date,
        "phone": test_phone,
        "mrn_labels": TEST_MRN_LABELS,
        "trap_conditions": TEST_TRAP_CONDITIONS,
        "traps": TEST_TRAPS,
        "templates": TEST_TEMPLATES,
        "count": 40,
        "seed": 20260917,
    },
    "dev": {
        "names": DEV_NAMES,
        "date": dev_date,
        "phone": dev_phone,
        "mrn_labels": DEV_MRN_LABELS,
        "trap_conditions": DEV_TRAP_CONDITIONS,
        "traps": DEV_TRAPS,
        "templates": DEV_TEMPLATES,
        "addendum": DEV_ADDENDA,
        "count": 80,
        "seed": 20260301,
    },
    "holdout": {
        "names": HOLDOUT_NAMES,
        "date": holdout_date,
        "phone": holdout_phone,
        "mrn_labels": HOLDOUT_MRN_LABELS,
        "trap_conditions": HOLDOUT_TRAP_CONDITIONS,
        "traps": HOLDOUT_TRAPS,
        "templates": HOLDOUT_TEMPLATES,
        "addendum": HOLDOUT_ADDENDA,
        "extra": holdout_extra,
        "age_forms": HOLDOUT_AGE_FORMS,
        "age_forms_young": HOLDOUT_AGE_FORMS,
        "count": 45,
        "seed": 20261128,
    },
    "holdout2": {
        "names": HOLDOUT2_NAMES,
        "date": holdout2_date,
        "phone": holdout2_phone,
        "visit_time": holdout2_visit_time,
        "mrn_labels": HOLDOUT2_MRN_LABELS,
        "trap_conditions": HOLDOUT2_TRAP_CONDITIONS,
        "traps": HOLDOUT2_TRAPS,
        "templates": HOLDOUT2_TEMPLATES,
        "addendum": HOLDOUT2_ADDENDA,
        "extra": holdout2_extra,
        "age_forms": HOLDOUT2_AGE_FORMS,
        "age_forms_young": HOLDOUT2_AGE_FORMS,
        "count": 50,
        "seed": 20261205,
    },
    "holdout3": {
        "names": HOLDOUT3_NAMES,
        "date": holdout3_date,
        "phone": holdout3_phone,
        "visit_time": holdout3_visit_time,
        "mrn_labels": HOLDOUT3_MRN_LABELS,
        "trap_conditions": HOLDOUT3_TRAP_CONDITIONS,
        "traps": HOLDOUT3_TRAPS,
        "templates": HOLDOUT3_TEMPLATES,
        "addendum": HOLDOUT3_ADDENDA,
        "extra": holdout3_extra,
        "age_forms": HOLDOUT3_AGE_FORMS,
        "age_forms_young": HOLDOUT3_AGE_FORMS,
        "count": 50,
        "seed": 20261212,
    },
    "holdout4": {
        "names": HOLDOUT4_NAMES,
        "date": holdout4_date,
        "phone": holdout4_phone,
        "visit_time": holdout4_visit_time,
        "mrn_labels": HOLDOUT4_MRN_LABELS,
        "trap_conditions": HOLDOUT4_TRAP_CONDITIONS,
        "traps": HOLDOUT4_TRAPS,
        "templates": HOLDOUT4_TEMPLATES,
        "addendum": HOLDOUT4_ADDENDA,
        "extra": holdout4_extra,
        "age_forms": HOLDOUT4_AGE_FORMS,
        "age_forms_young": HOLDOUT4_AGE_FORMS,
        "count": 50,
        "seed": 20261219,
    },
    "holdout5": {
        "names": HOLDOUT5_NAMES,
        "date": holdout5_date,
        "phone": holdout5_phone,
        "visit_time": holdout5_visit_time,
        "mrn_labels": HOLDOUT5_MRN_LABELS,
        "trap_conditions": HOLDOUT5_TRAP_CONDITIONS,
        "traps": HOLDOUT5_TRAPS,
        "templates": HOLDOUT5_TEMPLATES,
        "addendum": HOLDOUT5_ADDENDA,
        "extra": holdout5_extra,
        "age_forms": HOLDOUT5_AGE_FORMS,
        "age_forms_young": HOLDOUT5_AGE_FORMS,
        "count": 45,
        "seed": 20261226,
    },
}


# ---------------------------------------------------------------- coding conventions


def combine(codes: set[str]) -> set[str]:
    """Combination codes a coder assigns when the note documents both conditions."""
    out = set(codes)
    ckd = sorted(c for c in out if c.startswith("N18."))
    hf = sorted(c for c in out if c.startswith("I50."))
    if "I10" in out and (ckd or hf):
        out.discard("I10")
        late = any(c in ("N18.5", "N18.6") for c in ckd)
        if ckd and hf:
            out.add("I13.2" if late else "I13.0")
        elif ckd:
            out.add("I12.0" if late else "I12.9")
        else:
            out.add("I11.0")
    if ckd and any(c.startswith("E11.") for c in out):
        out.discard("E11.9")
        out.add("E11.22")
    if "J44.9" in out and any(c.startswith(("J12", "J15", "J18", "J20")) for c in out):
        out.discard("J44.9")
        out.add("J44.0")
    if any(c.startswith("F31") for c in out):
        out.discard("F32.A")
    return out


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
    position = 0
    for match in re.finditer(r"\{([A-Z]+)\}", template):
        b.text(template[position : match.start()])
        kind, value, in_bundle = values[match.group(1)]
        # Words around an identifier are not part of it: a line-type marker after a
        # number ("555-207-8766 (m)"), an article before a date ("the 4th of May, 2026").
        marker = re.search(r" \([a-z]+\)$", value) if kind in ("PHONE", "FAX") else None
        article = re.match(r"the ", value) if kind == "DATE" else None
        if marker:
            b.phi(kind, value[: marker.start()], in_bundle).text(marker.group())
        elif article:
            b.text(article.group()).phi(kind, value[article.end() :], in_bundle)
        else:
            b.phi(kind, value, in_bundle)
        position = match.end()
    b.text(template[position:])


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ------------------------------------------------------------------- one encounter


def make_encounter(
    split: str, index: int, template: Template, rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    cfg = SPLITS[split]
    names = cfg["names"]
    date = cfg["date"]
    phone = cfg["phone"]
    first, middle = rng.sample(names["first"], 2)
    last = rng.choice(names["last"])
    rel_first = rng.choice([n for n in names["first"] if n not in (first, middle)])
    doc_first = rng.choice(names["clinician_first"])
    doc_last, consult_last, other_last = rng.sample(names["clinician_last"], 3)
    other_first = rng.choice([n for n in names["clinician_first"] if n != doc_first])
    nick = rng.choice(names["nicknames"])
    city, state, zip3 = rng.choice(names["cities"])
    zipcode = zip3 + digits(rng, 2) + (("-" + digits(rng, 4)) if rng.random() < 0.4 else "")
    street = f"{rng.randint(12, 9899)} {rng.choice(names['streets'])}"
    if rng.random() < 0.5:
        unit = rng.choice(names["units"]).format(
            n=rng.choice([str(rng.randint(1, 40)), "3B", "12C"])
        )
        street += rng.choice([", ", " "]) + unit
    pd_, rd_, fd_ = ("555" + digits(rng, 7) for _ in range(3))
    mrn = rng.choice(
        [f"MRN-{digits(rng, 6)}", digits(rng, 8), f"{rng.choice('ABKZ')}{digits(rng, 7)}"]
    )
    ssn = f"{rng.randint(100, 899)}-{digits(rng, 2)}-{digits(rng, 4)}"
    account = digits(rng, 9)
    member = f"{rng.choice(['XJH', 'QMB', 'WPA', 'HZN'])}{digits(rng, 9)}"
    email = (
        f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(10, 99)}"
        f"@example.{rng.choice(['com', 'net', 'org'])}"
    )
    ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    url = rng.choice(
        [
            f"https://portal.example.org/patients/{digits(rng, 6)}",
            f"www.example-health.net/records/{digits(rng, 5)}",
            f"http://mychart.example.com/chart?id={digits(rng, 7)}",
        ]
    )
    device = rng.choice(
        [
            f"SN-{digits(rng, 8)}",
            f"{rng.choice('ABCDEFGH')}{rng.choice('JKLMNPQR')}{digits(rng, 7)}",
            f"{digits(rng, 3)}-{rng.choice('XYZW')}{digits(rng, 5)}",
        ]
    )
    male = rng.random() < 0.5 if template.sex == "any" else template.sex == "male"
    if template.child:
        age = rng.randint(2, 15)
    else:
        age = rng.randint(90, 101) if rng.random() < 0.3 else rng.randint(24, 88)
    if template.name.startswith("obstetrics"):
        age = rng.randint(19, 41)
    by = 2026 - age
    bm, bd = rng.randint(1, 12), rng.randint(1, 28)
    vm, vd = rng.randint(1, 11), rng.randint(1, 28)
    hh, mm = rng.randint(0, 23), rng.choice([0, 5, 15, 20, 30, 42, 55])

    def d(y: int, m: int, dd: int) -> str:
        return str(date(rng, y, m, dd))

    if "visit_time" in cfg:
        visit_time = cfg["visit_time"](rng, d(2026, vm, vd), hh, mm)
    else:
        visit_time = rng.choice(
            [
                f"{2026}-{vm:02d}-{vd:02d}T{hh:02d}:{mm:02d}",
                f"{2026}-{vm:02d}-{vd:02d} {hh:02d}:{mm:02d}",
                d(2026, vm, vd),
            ]
        )

    # conditions: 2-4 from the template's pool, one per ICD category
    chosen = rng.sample(template.pool, k=min(len(template.pool), rng.randint(2, 4)))
    seen_cat: set[str] = set()
    conditions: list[Cond] = []
    for cond in chosen:
        if cond.code[:3] not in seen_cat:
            seen_cat.add(cond.code[:3])
            conditions.append(cond)
    dx = [rng.choice(c.phrases) for c in conditions]
    gold_codes = sorted(combine({c.code for c in conditions}))
    blocked = {c[:3] for c in gold_codes} | seen_cat

    he, his, him = ("he", "his", "him") if male else ("she", "her", "her")
    relation = rng.choice(names["relations"])
    if template.child:
        relation = rng.choice(["mother", "father", "grandmother"])
    if template.name.startswith("obstetrics"):
        relation = "husband"

    traps: list[dict[str, Any]] = []
    sentences: dict[str, str] = {}
    for kind in cfg["traps"]:
        if kind == "resolved" and "[RESOLVED]" not in template.body:
            continue
        options = [t for t in cfg["trap_conditions"][kind] if t[0][:3] not in blocked]
        picks = rng.sample(options, k=2)
        wording = rng.choice(cfg["traps"][kind])
        x, y = picks[0][1], picks[1][1]
        if "{y}" not in wording:
            picks = picks[:1]
        sentence = wording.format(x=x, X=cap(x), y=y)
        sentences[kind] = sentence
        for code, p in picks:
            traps.append({"kind": kind, "code": code, "phrase": p})

    doctor = f"{doc_first} {doc_last}"
    values: dict[str, tuple[str, str, bool | None]] = {
        "PATIENT": ("NAME", f"{first} {last}", True),
        "PFIRST": ("NAME", first, True),
        "PLAST": ("NAME", last, True),
        "PLASTFIRST": ("NAME", f"{last.upper()}, {first} {middle[0]}.", True),
        "NICK": ("NAME", nick, False),
        "DOCTOR": ("NAME", doctor, True),
        "DOCINIT": ("NAME", f"{doc_first[0]}. {doc_last}", True),
        "DOCLOWER": ("NAME", doctor.lower(), True),
        "DOCLAST": ("NAME", doc_last, True),
        "CONSULT": ("NAME", consult_last, False),
        "OTHERDOC": ("NAME", f"{other_first} {other_last}", False),
        "RELATIVE": ("NAME", f"{rel_first} {last}", True),
        "RELFIRST": ("NAME", rel_first, True),
        "DOB": ("DATE", d(by, bm, bd), None),
        "VISIT": ("DATE", d(2026, vm, vd), None),
        "VISITTIME": ("DATE", visit_time, None),
        "PRIOR": ("DATE", d(2025, rng.randint(1, 12), rng.randint(1, 28)), None),
        "NEXT": ("DATE", d(2026, vm + 1, rng.randint(1, 28)), None),
        "MRN": ("MRN", mrn, None),
        "SSN": ("SSN", ssn if rng.random() < 0.8 else ssn.replace("-", " "), None),
        "ACCOUNT": ("ACCOUNT", account, None),
        "MEMBER": ("ACCOUNT", member, None),
        "PHONE": ("PHONE", phone(rng, pd_[:3], pd_[3:6], pd_[6:]), None),
        "RELPHONE": ("PHONE", phone(rng, rd_[:3], rd_[3:6], rd_[6:]), None),
        "FAX": ("FAX", phone(rng, fd_[:3], fd_[3:6], fd_[6:]), None),
        "EMAIL": ("EMAIL", email, None),
        "URL": ("URL", url, None),
        "IP": ("IP_ADDRESS", ip, None),
        "STREET": ("ADDRESS", street, None),
        "CITY": ("CITY", city, None),
        "ZIP": ("ZIP", zipcode, None),
        "DEVICE": ("DEVICE_ID", device, None),
    }
    if "extra" in cfg:
        values.update(cfg["extra"](rng, names, middle))
    if age >= 90:
        values["AGE"] = ("AGE", AGE_WORDS[age] if rng.random() < 0.4 else str(age), None)
        forms = ["{AGE}-year-old", "{AGE} year old", "{AGE} y/o", "{AGE} yo"]
        yo = rng.choice(cfg.get("age_forms", forms))
        age_digits = "{AGE}"
    else:
        forms = ["{AGE}-year-old", "{AGE} y/o", "{AGE} yo"]
        yo = rng.choice(cfg.get("age_forms_young", forms)).replace("{AGE}", str(age))
        age_digits = str(age)
    sex = "man" if male else "woman"
    if rng.random() < 0.3:
        sex = "male" if male else "female"
    plans = [
        "continue current therapy",
        "stable, no changes",
        "labs in 3 months",
        "adjust regimen as discussed",
        "follow with PCP",
    ]
    slots = {
        "[DX1]": cap(dx[0]),
        "[DXTEXT]": ", ".join(dx[:-1]) + (" and " if len(dx) > 1 else "") + dx[-1],
        "[DXLINES]": "".join(f"- {cap(p)}\n" for p in dx),
        "[DXNUM]": "".join(f"{i + 1}. {cap(p)}\n" for i, p in enumerate(dx)),
        "[DXHASH]": "".join(f"#{i + 1} {cap(p)}\n" for i, p in enumerate(dx)),
        "[DXINLINE]": "; ".join(cap(p) for p in dx) + ".",
        "[DXPLAN]": "".join(
            f"{i + 1}. {cap(p)} - {rng.choice(plans)}.\n" for i, p in enumerate(dx)
        ),
        "[NEG]": sentences["negated"],
        "[RULED]": sentences["ruled_out"],
        "[FAM]": sentences["family"],
        "[HYPO]": sentences["hypothetical"],
        "[RESOLVED]": sentences.get("resolved", ""),
        "[AGEYO_CAP]": cap(yo) if not yo.startswith("{") else yo,
        "[AGEYO]": yo,
        "[AGEDIGITS]": age_digits,
        "[CHILDAGE]": f"{age}-year-old",
        "[CHILDSEX]": "boy" if male else "girl",
        "[SEX]": sex,
        "[TITLE]": "Mr." if male else rng.choice(["Mrs.", "Ms."]),
        "[SHE_CAP]": cap(he),
        "[SHE]": he,
        "[HIS_CAP]": cap(his),
        "[HIS]": his,
        "[HIM]": him,
        "[REL_CAP]": cap(relation),
        "[REL]": relation,
        "[STATE]": state,
        "[MRNLABEL]": rng.choice(cfg["mrn_labels"]),
        "[QUOTE]": '"',
    }
    body = template.body
    # Trap sentences carry their own pronoun slots: fill them first.
    for key in ("[NEG]", "[RULED]", "[FAM]", "[HYPO]", "[RESOLVED]"):
        body = body.replace(key, slots[key])
    for key, value in slots.items():
        body = body.replace(key, value)
    if "{AGE}" not in body:
        values.pop("AGE", None)
    b = Builder()
    fill(b, body, values)
    text, spans = b.build()

    as_html = index % 4 == 3
    if as_html:
        # Offsets move with the stripped lines: map each kept character to its new place.
        kept: list[str] = []
        moved: dict[int, int] = {}
        length = 0
        line_start = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped:
                if kept:
                    length += 1  # the joining newline
                lead = len(line) - len(line.lstrip())
                for k in range(len(stripped) + 1):
                    moved[line_start + lead + k] = length + k
                kept.append(stripped)
                length += len(stripped)
            line_start += len(line) + 1
        text2 = "\n".join(kept)
        new_spans = []
        for span in spans:
            start, end = moved[span["start"]], moved[span["end"]]
            assert text2[start:end] == span["value"]
            new_spans.append({**span, "start": start, "end": end})
        text, spans = text2, new_spans
        markup = (
            "<html><body>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in kept)
            + "</body></html>"
        )
        content_type, payload = "text/html", markup
    else:
        content_type, payload = "text/plain", text

    pid = f"pat-{split}-{index:03d}"
    patient = {
        "resourceType": "Patient",
        "id": pid,
        "identifier": [{"system": "http://hospital.example.org/mrn", "value": mrn}],
        "name": [{"family": last, "given": [first, middle]}],
        "telecom": [
            {"system": "phone", "value": f"({pd_[:3]}) {pd_[3:6]}-{pd_[6:]}"},
            {"system": "fax", "value": f"{fd_[:3]}-{fd_[3:6]}-{fd_[6:]}"},
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
        "patient": {"reference": f"Patient/{pid}"},
        "name": [{"family": last, "given": [rel_first]}],
        "telecom": [{"system": "phone", "value": f"{rd_[:3]}.{rd_[3:6]}.{rd_[6:]}"}],
    }
    enc_id = f"enc-{split}-{index:03d}"
    encounter = {
        "resourceType": "Encounter",
        "id": enc_id,
        "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
        "subject": {"reference": f"Patient/{pid}"},
    }
    document = {
        "resourceType": "DocumentReference",
        "id": f"doc-{split}-{index:03d}",
        "status": "current",
        "subject": {"reference": f"Patient/{pid}"},
        "content": [
            {
                "attachment": {
                    "contentType": content_type,
                    "data": base64.b64encode(payload.encode()).decode(),
                }
            }
        ],
    }
    resources = [encounter, patient, practitioner, related, document]
    notes_gold = {f"DocumentReference/doc-{split}-{index:03d}#content[0]": spans}
    if cfg.get("addendum") and index % 4 == 1:
        # A second, shorter note on the same encounter: PHI recurs across notes.
        b2 = Builder()
        addendum = rng.choice(cfg["addendum"])
        fill(b2, addendum.replace("[DX1]", cap(dx[0])).replace("[REL]", relation), values)
        text2, spans2 = b2.build()
        doc2 = f"doc-{split}-{index:03d}-b"
        resources.append(
            {
                "resourceType": "DocumentReference",
                "id": doc2,
                "status": "current",
                "subject": {"reference": f"Patient/{pid}"},
                "content": [
                    {
                        "attachment": {
                            "contentType": "text/plain",
                            "data": base64.b64encode(text2.encode()).decode(),
                        }
                    }
                ],
            }
        )
        notes_gold[f"DocumentReference/{doc2}#content[0]"] = spans2
    bundle = {
        "resourceType": "Bundle",
        "id": f"bundle-{split}-{index:03d}",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }
    gold = {
        "encounter_id": enc_id,
        "template": template.name,
        "specialty": template.specialty,
        "icd10": gold_codes,
        "traps": traps,
        "notes": notes_gold,
    }
    return bundle, gold


def generate(split: str) -> dict[str, bytes]:
    cfg = SPLITS[split]
    rng = random.Random(cfg["seed"])
    templates: list[Template] = cfg["templates"]
    files: dict[str, bytes] = {}
    for index in range(cfg["count"]):
        template = templates[index % len(templates)]
        bundle, gold = make_encounter(split, index, template, rng)
        name = f"{index:03d}-{template.name}"
        files[f"{name}.json"] = (json.dumps(bundle, indent=1) + "\n").encode()
        files[f"{name}.gold.json"] = (json.dumps(gold, indent=1) + "\n").encode()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if files on disk differ")
    args = parser.parse_args()
    stale = []
    for split in SPLITS:
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
        print(f"{split}: {len(files) // 2} encounters, {len(SPLITS[split]['templates'])} templates")
    if stale:
        print(f"stale corpus: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
