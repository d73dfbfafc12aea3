"""The embedded term dictionary: clinical terms as written in notes, with their
ICD-10-CM code and SNOMED CT concept.

Every ICD-10-CM code is checked against the full code set (simple-icd-10-cm) when
the service starts, and must be billable; displays come from the code set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    icd10: str
    snomed: str
    snomed_display: str
    # Phrases matched case-insensitively on word boundaries.
    phrases: tuple[str, ...]
    # Abbreviations matched case-sensitively (HTN, CHF).
    abbreviations: tuple[str, ...] = ()


TERMS: tuple[Term, ...] = (
    Term(
        "E11.65",
        "44054006",
        "Diabetes mellitus type 2",
        ("type 2 diabetes mellitus with hyperglycemia", "type 2 diabetes with hyperglycemia"),
    ),
    Term(
        "E11.40",
        "230572002",
        "Diabetic neuropathy",
        (
            "type 2 diabetes with neuropathy",
            "diabetic neuropathy",
            "diabetic peripheral neuropathy",
        ),
    ),
    Term(
        "E11.9",
        "44054006",
        "Diabetes mellitus type 2",
        (
            "type 2 diabetes mellitus",
            "type 2 diabetes",
            "type ii diabetes",
            "diabetes mellitus type 2",
            "non-insulin-dependent diabetes",
        ),
        ("T2DM", "DM2"),
    ),
    Term(
        "E10.9",
        "46635009",
        "Diabetes mellitus type 1",
        ("type 1 diabetes mellitus", "type 1 diabetes", "diabetes mellitus type 1"),
        ("T1DM",),
    ),
    Term(
        "I10",
        "59621000",
        "Essential hypertension",
        ("essential hypertension", "hypertension", "high blood pressure"),
        ("HTN",),
    ),
    Term("E78.5", "55822004", "Hyperlipidemia", ("hyperlipidemia", "dyslipidemia"), ("HLD",)),
    Term(
        "E78.00", "13644009", "Hypercholesterolemia", ("hypercholesterolemia", "high cholesterol")
    ),
    Term(
        "J18.9",
        "233604007",
        "Pneumonia",
        ("community-acquired pneumonia", "community acquired pneumonia", "pneumonia"),
        ("CAP",),
    ),
    Term(
        "N39.0",
        "68566005",
        "Urinary tract infectious disease",
        ("urinary tract infection",),
        ("UTI",),
    ),
    Term(
        "I50.9",
        "42343007",
        "Congestive heart failure",
        ("congestive heart failure", "heart failure"),
        ("CHF",),
    ),
    Term(
        "J44.1",
        "195951007",
        "Acute exacerbation of chronic obstructive airways disease",
        (
            "copd exacerbation",
            "exacerbation of copd",
            "acute exacerbation of copd",
            "acute exacerbation of chronic obstructive pulmonary disease",
        ),
    ),
    Term(
        "J44.9",
        "13645005",
        "Chronic obstructive lung disease",
        ("chronic obstructive pulmonary disease",),
        ("COPD",),
    ),
    Term("I48.91", "49436004", "Atrial fibrillation", ("atrial fibrillation", "a-fib"), ("AFib",)),
    Term(
        "N17.9",
        "14669001",
        "Acute renal failure syndrome",
        ("acute kidney injury", "acute renal failure"),
        ("AKI",),
    ),
    Term("N30.00", "444814009", "Acute cystitis", ("acute cystitis",)),
    Term(
        "N40.0",
        "266569009",
        "Benign prostatic hyperplasia",
        ("benign prostatic hyperplasia",),
        ("BPH",),
    ),
    Term("M10.9", "90560007", "Gout", ("gout",)),
    Term(
        "D50.9",
        "87522002",
        "Iron deficiency anemia",
        ("iron deficiency anemia", "iron-deficiency anemia", "anemia with iron deficiency"),
    ),
    Term(
        "Z87.891",
        "8517006",
        "Ex-smoker",
        ("former smoker", "ex-smoker", "history of tobacco use", "quit smoking"),
    ),
    Term(
        "N18.30",
        "433144002",
        "Chronic kidney disease stage 3",
        ("chronic kidney disease stage 3", "ckd stage 3", "stage 3 chronic kidney disease"),
    ),
    Term("N18.9", "709044004", "Chronic kidney disease", ("chronic kidney disease",), ("CKD",)),
    Term(
        "F32.9", "370143000", "Major depressive disorder", ("major depressive disorder",), ("MDD",)
    ),
    Term("F32.A", "35489007", "Depressive disorder", ("depression",)),
    Term("K35.80", "85189001", "Acute appendicitis", ("acute appendicitis", "appendicitis")),
    Term("R07.9", "29857009", "Chest pain", ("chest pain",)),
    Term("R06.02", "267036007", "Dyspnea", ("shortness of breath", "dyspnea"), ("SOB",)),
    Term("R50.9", "386661006", "Fever", ("fever", "febrile")),
    Term("R05.9", "49727002", "Cough", ("cough",)),
    Term("E66.01", "238136002", "Morbid obesity", ("morbid obesity", "severe obesity")),
    Term("E66.9", "414916001", "Obesity", ("obesity", "obese")),
    Term("D64.9", "271737000", "Anemia", ("anemia", "anaemia")),
    Term("E03.9", "40930008", "Hypothyroidism", ("hypothyroidism",)),
    Term(
        "K21.9",
        "235595009",
        "Gastroesophageal reflux disease",
        ("gastroesophageal reflux disease", "acid reflux"),
        ("GERD",),
    ),
    Term("J45.909", "195967001", "Asthma", ("asthma",)),
    Term("G43.909", "37796009", "Migraine", ("migraine", "migraines")),
    Term(
        "M17.9",
        "239873007",
        "Osteoarthritis of knee",
        ("osteoarthritis of the knee", "knee osteoarthritis", "osteoarthritis of knee"),
    ),
    Term("M19.90", "396275006", "Osteoarthritis", ("osteoarthritis",)),
    Term("A41.9", "91302008", "Sepsis", ("sepsis",)),
    Term("L03.90", "128045006", "Cellulitis", ("cellulitis",)),
    Term("E87.6", "43339004", "Hypokalemia", ("hypokalemia",)),
    Term("E87.1", "89627008", "Hyponatremia", ("hyponatremia",)),
    Term("E86.0", "34095006", "Dehydration", ("dehydration", "dehydrated")),
    Term("R55", "271594007", "Syncope", ("syncope", "fainting")),
    Term("R51.9", "25064002", "Headache", ("headache",)),
    Term(
        "R11.2", "16932000", "Nausea and vomiting", ("nausea and vomiting", "nausea with vomiting")
    ),
    Term("R11.0", "422587007", "Nausea", ("nausea",)),
    Term("R10.9", "21522001", "Abdominal pain", ("abdominal pain",)),
    Term("I25.10", "53741008", "Coronary arteriosclerosis", ("coronary artery disease",), ("CAD",)),
    Term("F41.9", "197480006", "Anxiety disorder", ("anxiety disorder", "anxiety")),
    Term("G47.00", "193462001", "Insomnia", ("insomnia",)),
    Term("M54.50", "279039007", "Low back pain", ("low back pain", "lower back pain")),
    Term("I82.409", "128053003", "Deep venous thrombosis", ("deep vein thrombosis",), ("DVT",)),
    Term("I26.99", "59282003", "Pulmonary embolism", ("pulmonary embolism",)),
    Term(
        "I63.9",
        "230690007",
        "Cerebrovascular accident",
        ("ischemic stroke", "cerebrovascular accident", "stroke"),
        ("CVA",),
    ),
    Term(
        "G47.33",
        "78275009",
        "Obstructive sleep apnea syndrome",
        ("obstructive sleep apnea",),
        ("OSA",),
    ),
    Term("E55.9", "34713006", "Vitamin D deficiency", ("vitamin d deficiency",)),
    Term(
        "F17.210",
        "56294008",
        "Nicotine dependence",
        ("cigarette smoker", "current smoker", "smokes cigarettes", "nicotine dependence"),
    ),
)

# In a family-history section a condition is the relative's, not the patient's:
# it maps to a Z80-Z84 "family history of" code instead.
FAMILY_HISTORY_TERMS: tuple[Term, ...] = (
    Term(
        "Z80.3", "429740004", "Family history of malignant neoplasm of breast", ("breast cancer",)
    ),
    Term("Z80.0", "312824007", "Family history of cancer of colon", ("colon cancer",)),
    Term("Z83.3", "160303001", "Family history of diabetes mellitus", ("diabetes",)),
    Term(
        "Z82.49",
        "266894000",
        "Family history of cardiovascular disease",
        ("coronary artery disease", "heart disease", "myocardial infarction", "heart attack"),
    ),
)
