"""Run the embedded backends over the labelled corpus and print the figures.

Each encounter goes the way the pipeline sends it: FHIR extraction, de-identification
with the bundle's known identifiers, section filtering, then ICD-10-CM inference on the
de-identified notes. The bundle's own codings are withheld from inference so that the
ICD-10-CM figures measure what is read from the text.

    python tests/eval/run.py [--split dev|test|holdout|holdout2|...|holdout5] [--details]

A third table, "examples, hand-labelled", scores ICD-10-CM inference on the realistic
encounters in examples/ against examples_gold.json (the documented, current diagnoses
of each encounter, judged as a coder would); it has no target.

Exits 1 when a target is missed on the dev split. The other splits are reported, not
enforced: "test (seen)" and "holdout" to "holdout5" (seen) were each held out until
their first clean reading was taken, then read and fixed with general rules. A miss on
any split but dev is printed and does not change the exit code, so that a fresh
held-out split's first reading is reported, not tuned away.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import simple_icd_10_cm as icd

from codingintel import fhir
from codingintel_coding import filtering, inference, matching
from codingintel_phi import deid

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[1] / "examples"

TARGETS = {"phi_recall": 0.99, "phi_precision": 0.90, "icd_f1": 0.80}
# Every split, in the order reported, with the name its table carries.
SPLITS = {
    "dev": "dev",
    "test": "test (seen)",
    "holdout": "holdout (seen)",
    "holdout2": "holdout2 (seen)",
    "holdout3": "holdout3 (seen)",
    "holdout4": "holdout4 (seen)",
    "holdout5": "holdout5 (seen)",
}
ENFORCED = {"dev"}


@dataclass
class Figures:
    encounters: int = 0
    notes: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    predicted_ok: Counter[str] = field(default_factory=Counter)
    icd_tp: int = 0
    icd_fp: int = 0
    icd_fn: int = 0
    trap_total: Counter[str] = field(default_factory=Counter)
    trap_coded: Counter[str] = field(default_factory=Counter)
    invalid: int = 0
    deid_seconds: float = 0.0
    coding_seconds: float = 0.0
    misses: list[str] = field(default_factory=list)


def covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Every character of [start, end) that is not white space lies in a span."""
    return all(any(s <= i < e for s, e in spans) for i in range(start, end))


def evaluate(split: str, details: bool) -> Figures:
    figures = Figures()
    for path in sorted((HERE / split).glob("*.json")):
        if path.name.endswith(".gold.json"):
            continue
        gold: dict[str, Any] = json.loads(
            path.with_suffix("").with_suffix(".gold.json").read_text()
        )
        encounter = fhir.parse_encounter(path.read_bytes())
        figures.encounters += 1
        known = [(k.type, k.value) for k in encounter.known_identifiers]
        clinical = []
        for note in encounter.notes:
            figures.notes += 1
            spans_gold = gold["notes"].get(note.source, [])
            started = time.perf_counter()
            result = deid.deidentify(note.text, known)
            figures.deid_seconds += time.perf_counter() - started
            predicted = [(e.original_start, e.original_end) for e in result.entities]
            for span in spans_gold:
                if note.text[span["start"] : span["end"]] != span["value"]:
                    raise SystemExit(f"{path.name}: gold span does not match the note text")
                kind = span["type"]
                if kind == "NAME":
                    kind = "NAME (in bundle)" if span["in_bundle"] else "NAME (not in bundle)"
                figures.gold[kind] += 1
                if covered(span["start"], span["end"], predicted):
                    figures.found[kind] += 1
                elif details:
                    figures.misses.append(f"{path.name}: missed {kind} {span['value']!r}")
            gold_ranges = [(s["start"], s["end"]) for s in spans_gold]
            for entity in result.entities:
                figures.predicted[entity.type] += 1
                if any(
                    entity.original_start < e and entity.original_end > s for s, e in gold_ranges
                ):
                    figures.predicted_ok[entity.type] += 1
                elif details:
                    value = note.text[entity.original_start : entity.original_end]
                    figures.misses.append(f"{path.name}: false {entity.type} {value!r}")
            started = time.perf_counter()
            clinical.append(filtering.filter_note(result.text))
            figures.coding_seconds += time.perf_counter() - started
        started = time.perf_counter()
        codes = inference.infer_icd10(clinical, [])
        figures.coding_seconds += time.perf_counter() - started
        emitted = {c.code for c in codes}
        expected = set(gold["icd10"])
        figures.icd_tp += len(emitted & expected)
        figures.icd_fp += len(emitted - expected)
        figures.icd_fn += len(expected - emitted)
        if details:
            for code in sorted(emitted - expected):
                figures.misses.append(f"{path.name}: extra code {code} {matching.describe(code)}")
            for code in sorted(expected - emitted):
                figures.misses.append(f"{path.name}: missed code {code}")
        figures.invalid += sum(1 for c in emitted if not (icd.is_valid_item(c) and icd.is_leaf(c)))
        for trap in gold["traps"]:
            figures.trap_total[trap["kind"]] += 1
            category = trap["code"][:3]
            if any(c[:3] == category for c in emitted - expected):
                figures.trap_coded[trap["kind"]] += 1
                if details:
                    figures.misses.append(
                        f"{path.name}: coded {trap['kind']} mention {trap['phrase']!r}"
                    )
    return figures


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def report(split: str, f: Figures) -> list[str]:
    missed: list[str] = []
    print(f"\n== {SPLITS[split]}: {f.encounters} encounters, {f.notes} notes")
    print(f"{'PHI type':<24}{'gold':>6}{'found':>7}{'recall':>8}{'predicted':>11}{'precision':>11}")
    kinds = sorted(set(f.gold) | set(f.predicted))
    for kind in kinds:
        base = kind.split(" ")[0]
        pred = f.predicted[kind] if kind == base else 0
        line = f"{kind:<24}{f.gold[kind]:>6}{f.found[kind]:>7}"
        line += f"{ratio(f.found[kind], f.gold[kind]):>8.3f}" if f.gold[kind] else f"{'-':>8}"
        if kind == base and pred:
            line += f"{pred:>11}{ratio(f.predicted_ok[kind], pred):>11.3f}"
        print(line)
        if f.gold[kind] and ratio(f.found[kind], f.gold[kind]) < TARGETS["phi_recall"]:
            missed.append(f"PHI recall {kind}")
    recall = ratio(sum(f.found.values()), sum(f.gold.values()))
    precision = ratio(sum(f.predicted_ok.values()), sum(f.predicted.values()))
    print(
        f"{'all':<24}{sum(f.gold.values()):>6}{sum(f.found.values()):>7}{recall:>8.3f}"
        f"{sum(f.predicted.values()):>11}{precision:>11.3f}"
    )
    if recall < TARGETS["phi_recall"]:
        missed.append("PHI recall")
    if precision < TARGETS["phi_precision"]:
        missed.append("PHI precision")
    p = ratio(f.icd_tp, f.icd_tp + f.icd_fp)
    r = ratio(f.icd_tp, f.icd_tp + f.icd_fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"ICD-10-CM  tp {f.icd_tp}  fp {f.icd_fp}  fn {f.icd_fn}  "
        f"precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}"
    )
    if f1 < TARGETS["icd_f1"]:
        missed.append("ICD-10-CM F1")
    traps = "  ".join(f"{k} {f.trap_coded[k]}/{f.trap_total[k]}" for k in sorted(f.trap_total))
    print(f"mentions coded that must not be: {traps}")
    print(f"invalid or non-billable codes emitted: {f.invalid}")
    if sum(f.trap_coded.values()):
        missed.append("negated mentions coded")
    if f.invalid:
        missed.append("invalid codes")
    print(
        f"time: de-identification {1000 * f.deid_seconds / max(f.notes, 1):.1f} ms/note, "
        f"filtering and coding {1000 * f.coding_seconds / max(f.notes, 1):.1f} ms/note"
    )
    for line in f.misses:
        print("  " + line)
    return missed


def examples(details: bool) -> None:
    """ICD-10-CM precision, recall and F1 on the hand-labelled examples."""
    gold: dict[str, list[str]] = json.loads((HERE / "examples_gold.json").read_text())["encounters"]
    tp = fp = fn = 0
    lines: list[str] = []
    for name, expected_codes in sorted(gold.items()):
        encounter = fhir.parse_encounter((EXAMPLES / name).read_bytes())
        known = [(k.type, k.value) for k in encounter.known_identifiers]
        notes = [
            filtering.filter_note(deid.deidentify(n.text, known).text) for n in encounter.notes
        ]
        emitted = {c.code for c in inference.infer_icd10(notes, [])}
        expected = set(expected_codes)
        tp += len(emitted & expected)
        fp += len(emitted - expected)
        fn += len(expected - emitted)
        for code in sorted(emitted - expected):
            lines.append(f"{name}: extra code {code} {matching.describe(code)}")
        for code in sorted(expected - emitted):
            lines.append(f"{name}: missed code {code} {matching.describe(code)}")
    p = ratio(tp, tp + fp)
    r = ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"\n== examples, hand-labelled: {len(gold)} encounters (no target)")
    print(f"ICD-10-CM  tp {tp}  fp {fp}  fn {fn}  precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    if details:
        for line in lines:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=tuple(SPLITS), action="append")
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument("--no-examples", action="store_true", help="skip the examples row")
    args = parser.parse_args()
    started = time.perf_counter()
    matching.check_dictionary()
    print(f"code set loaded and indexed in {time.perf_counter() - started:.2f} s")
    missed: dict[str, list[str]] = defaultdict(list)
    for split in args.split or list(SPLITS):
        missed[split] = report(split, evaluate(split, args.details))
    if not args.no_examples:
        examples(args.details)
    print(
        "\ntargets: PHI recall >= 0.99 overall and per type, PHI precision >= 0.90, "
        "ICD-10-CM F1 >= 0.80, no invalid codes, no negated, ruled-out, family-history, "
        "hypothetical or resolved mention coded"
    )
    failed = {s: m for s, m in missed.items() if m}
    for split, what in failed.items():
        reported = "" if split in ENFORCED else " (reported, not failing the run)"
        print(f"{SPLITS[split]}: MISSED {', '.join(what)}{reported}")
    for split in missed:
        if not missed[split]:
            print(f"{SPLITS[split]}: all targets met")
    return 1 if ENFORCED & set(failed) else 0


if __name__ == "__main__":
    sys.exit(main())
