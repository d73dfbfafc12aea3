"""The full ICD-10-CM code set (simple-icd-10-cm) as a phrase index.

Every code's description and inclusion terms become normalised token phrases, with
the variants notes actually use: non-essential modifiers in parentheses dropped,
"unspecified" / "NOS" / "site not specified" qualifiers dropped, "X, stage 3a" read
as "stage 3a X", and ", initial encounter" dropped for injury codes. A phrase that
lands on a category maps to its one unspecified billable child, or to nothing.

Built once, on first use (about a second); lookups are dictionary hits.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import simple_icd_10_cm as icd

# Words notes leave out or the descriptions add.
STOPWORDS = frozenset({"the", "a", "an"})
_TOKEN = re.compile(r"[a-z0-9]+")
# External causes are circumstances, not conditions read from a note's diagnoses.
_SKIPPED_CHAPTERS = ("V", "W", "X", "Y")
_QUALIFIERS = re.compile(
    r",\s*\b(?:unspecified|not otherwise specified|nos|site not specified"
    r"|not elsewhere classified|nec|of unspecified site|unspecified site)\b.*$"
)


def tokens(text: str) -> list[str]:
    text = text.lower().replace("'s", "").replace("\u2019s", "")
    return [t for t in _TOKEN.findall(text) if t not in STOPWORDS]


@dataclass(frozen=True)
class Entry:
    code: str
    # 0: the description itself, 1: an inclusion term, 2: a derived variant.
    rank: int


def is_billable(code: str) -> bool:
    return bool(icd.is_valid_item(code) and icd.is_leaf(code))


def describe(code: str) -> str:
    return str(icd.get_description(code)) if icd.is_valid_item(code) else ""


def default_leaf(code: str) -> str | None:
    """A billable code for a category: itself, or its one 'unspecified' child."""
    for _ in range(4):
        if icd.is_leaf(code):
            return code
        children = icd.get_children(code)
        names = _descriptions()
        plain = [
            c for c in children if re.search(r"(?:without complications|uncomplicated)$", names[c])
        ]
        unspecified = [c for c in children if "unspecified" in names[c]]
        if len(unspecified) > 1:
            unspecified = [c for c in unspecified if c.endswith("9")]
        if len(children) == 1:
            code = children[0]
        elif len(plain) == 1:
            code = plain[0]
        elif len(unspecified) == 1:
            code = unspecified[0]
        else:
            return None
    return code if icd.is_leaf(code) else None


def _variants(description: str) -> list[tuple[str, int]]:
    lowered = description.lower()
    text = re.sub(r"\[[^\]]*\]", "", lowered)
    without = re.sub(r"\([^)]*\)", " ", text)
    with_words = text.replace("(", " ").replace(")", " ")
    out = [(text, 0), (without, 2), (with_words, 2)]
    if "[" in lowered:
        out.append((lowered.replace("[", " ").replace("]", " "), 2))
    for base in (without, with_words):
        stripped = _QUALIFIERS.sub("", base).strip(" ,")
        stripped = re.sub(r"^unspecified\s+", "", stripped)
        out.append((stripped, 2))
        if " without " in stripped:
            out.append((stripped.split(" without ")[0], 2))
        # "chronic kidney disease, stage 3a" -> "stage 3a chronic kidney disease"
        if stripped.count(",") == 1:
            head, tail = (p.strip() for p in stripped.split(","))
            if tail and len(tail.split()) <= 3:
                out.append((f"{tail} {head}", 2))
                # "radiculopathy, lumbar region" -> "lumbar radiculopathy"
                if tail.endswith(" region"):
                    out.append((f"{tail.removesuffix(' region')} {head}", 2))
        # "osteoarthritis of hip" -> "hip osteoarthritis"
        match = re.fullmatch(r"(\w+(?: \w+)?) of (\w+(?: \w+)?)", stripped)
        if match:
            out.append((f"{match.group(2)} {match.group(1)}", 2))
        # "anemia due to antineoplastic chemotherapy" -> "chemotherapy induced anemia"
        match = re.fullmatch(
            r"(.+?) (?:due to antineoplastic|secondary to cancer) chemotherapy", stripped
        )
        if match:
            head = match.group(1)
            out.extend(
                (form, 2)
                for form in (
                    f"{head} due to chemotherapy",
                    f"chemotherapy induced {head}",
                    f"{head} secondary to chemotherapy",
                    f"chemotherapy related {head}",
                )
            )
        # "secondary malignant neoplasm of liver" -> "liver metastases", "metastatic
        # disease to the liver"
        match = re.fullmatch(
            r"secondary malignant neoplasm of (\w+(?: \w+)?)(?: and .*)?", stripped
        )
        if match:
            site = match.group(1)
            out.extend(
                (form, 2)
                for form in (
                    f"{site} metastases",
                    f"{site} metastasis",
                    f"{site} mets",
                    f"metastases to {site}",
                    f"metastasis to {site}",
                    f"metastatic disease to {site}",
                    f"metastatic disease of {site}",
                    f"metastatic disease in {site}",
                    f"metastases to the {site}",
                )
            )
    return out


class CodeSet:
    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], Entry] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        self.max_length = 0
        for code in icd.get_all_codes(True):
            if code[0] in _SKIPPED_CHAPTERS or not icd.is_category_or_subcategory(code):
                continue
            target = default_leaf(code)
            if target is None:
                continue
            description = _descriptions()[code]
            initial = len(code.replace(".", "")) == 8 and code.endswith("A")
            floor = 0 if target == code else 1
            for phrase, rank in _variants(description):
                self._add(phrase, target, max(rank, floor))
                if initial and phrase.endswith(", initial encounter"):
                    self._add(phrase.removesuffix(", initial encounter"), target, rank)
            for term in [*icd.get_inclusion_term(code), *icd.get_includes(code)]:
                for phrase, rank in _variants(term):
                    self._add(phrase, target, max(rank, 1))

    def _add(self, phrase: str, code: str, rank: int) -> None:
        key = tuple(tokens(phrase))
        if not key or (len(key) == 1 and len(key[0]) < 4):
            return
        entry = Entry(code, rank)
        current = self.phrases.get(key)
        if current is None or _better(entry, current):
            self.phrases[key] = entry
        for i in range(1, len(key) + 1):
            self.prefixes.add(key[:i])
        self.max_length = max(self.max_length, len(key))


def _preference(entry: Entry) -> tuple[int, int, int, int, str]:
    # The default code for a bare phrase: unspecified, without complications.
    description = _descriptions().get(entry.code, "")
    return (
        entry.rank,
        "unspecified" not in description,
        description.count(" with ") - description.count(" without "),
        len(entry.code),
        entry.code,
    )


def _better(new: Entry, old: Entry) -> bool:
    return _preference(new) < _preference(old)


_SIDES = {"right": "right", "left": "left", "bilateral": "bilateral"}
_by_description: dict[str, str] = {}


def lateral(code: str, side: str) -> str | None:
    """The code for the same condition on the given side ("right", "left",
    "bilateral"), when the code itself leaves the side unspecified: "unspecified ear"
    becomes "right ear"; "osteoarthritis of knee, unspecified" becomes the right-knee
    code with the fewest added words."""
    names = _descriptions()
    description = names.get(code, "")
    if not description or side in description:
        return None
    if not _by_description:
        for other, text in names.items():
            if is_billable(other):
                _by_description.setdefault(text, other)
    for match in re.finditer(r"\bunspecified (?=\w)", description):
        candidate = description[: match.start()] + side + " " + description[match.end() :]
        found = _by_description.get(candidate)
        if found:
            return found
    content = set(tokens(description)) - {"unspecified", "of", "and", "site"}
    best: list[tuple[int, str]] = []
    for other, text in names.items():
        if other[:3] != code[:3] or other == code or not is_billable(other):
            continue
        words = set(tokens(text))
        if side not in words or not content <= words:
            continue
        if side != "bilateral" and "bilateral" in words:
            continue
        best.append((len(words - content), other))
    best.sort()
    if best and (len(best) == 1 or best[0][0] < best[1][0]):
        return best[0][1]
    return None


_description_cache: dict[str, str] = {}


def _descriptions() -> dict[str, str]:
    if not _description_cache:
        for code in icd.get_all_codes(True):
            _description_cache[code] = str(icd.get_description(code)).lower()
    return _description_cache


_lock = threading.Lock()
_instance: CodeSet | None = None


def codeset() -> CodeSet:
    global _instance
    with _lock:
        if _instance is None:
            _instance = CodeSet()
        return _instance
