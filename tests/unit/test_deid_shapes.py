"""Date and phone shapes generated as a cross product of their parts, so that a
shape no example anticipated is still found: every order of day, month and year,
every month form in any case, every separator, year form, ordinal, weekday and
trailing time; every area-code form, group separator, extension and cue word."""

from __future__ import annotations

from itertools import product

import pytest

from codingintel_phi import deid


def _cases(word: str) -> list[str]:
    return sorted({word.lower(), word.title(), word.upper()})


# February (three-letter abbreviation) and September (also "Sept").
_MONTHS = {2: ["February", "Feb", "Feb."], 9: ["September", "Sep", "Sept", "Sept."]}
_ALPHA_MONTHS = [
    (number, cased) for number, forms in _MONTHS.items() for f in forms for cased in _cases(f)
]
_NUMERIC_MONTHS = ["2", "02", "9", "09", "11"]
_NUMERIC_DAYS = ["3", "03", "23", "30"]
_WORD_DAYS = ["3", "03", "23", "1st", "2nd", "3rd", "23rd", "30th"]
_YEARS = ["2026", "1998", "26"]
_NUMERIC_SEPARATORS = ["/", "-", "."]
# Around a month in letters: "23-Feb-2026", "23 Feb 2026", "23Feb2026", "23.Feb.26".
_WORD_SEPARATORS = ["/", "-", ".", " ", ""]


def _numeric_dates() -> set[str]:
    dates: set[str] = set()
    for month, day, sep in product(_NUMERIC_MONTHS, _NUMERIC_DAYS, _NUMERIC_SEPARATORS):
        for year in _YEARS:
            dates.add(f"{day}{sep}{month}{sep}{year}")  # D M Y
            dates.add(f"{month}{sep}{day}{sep}{year}")  # M D Y
        dates.add(f"2026{sep}{month}{sep}{day}")  # Y M D
        if sep != ".":  # "12.2026" is a decimal number
            dates.add(f"{month}{sep}2026")  # M Y
    return dates


def _word_dates() -> set[str]:
    dates: set[str] = set()
    for (_, month), day in product(_ALPHA_MONTHS, _WORD_DAYS):
        dotted = month.endswith(".")
        for sep in _WORD_SEPARATORS:
            if dotted and sep in (".", ""):
                continue  # "3.Feb..2026" is no shape anyone writes
            for year in _YEARS:
                dates.add(f"{day}{sep}{month}{sep}{year}")  # 23-Feb-2026, 23FEB26
            if not dotted:  # "on 3 Feb." ends the sentence: its period is not the date's
                dates.add(f"{day}{sep}{month}")  # 23-Feb, 23Feb
        for year in ["2026", "'26"]:
            dates.add(f"{day} {month} {year}")
            dates.add(f"{day} {month}, {year}")
            dates.add(f"{day} of {month} {year}")  # 23rd of February 2026
            dates.add(f"{month} {day} {year}")
            dates.add(f"{month} {day}, {year}")  # February 23, 2026
            dates.add(f"{month}, {day} {year}")  # February, 23 2026
            dates.add(f"{month}, {day}, {year}")
        for sep in ["-", "/", "."]:
            dates.add(f"{month}{sep}{day}{sep}2026")  # Apr-13-2026
            dates.add(f"2026{sep}{month}{sep}{day}")  # 2026-Feb-23
        dates.add(f"2026 {month} {day}")
        dates.add(f"{month} {day}")  # M D
        dates.add(f"{month} the {day}")
        if not dotted:
            dates.add(f"{day} of {month}")  # D M: "(the) 3rd of May"
    for (_, month), sep in product(_ALPHA_MONTHS, [" ", ", ", "-", "/", "", " of "]):
        dates.add(f"{month}{sep}2026")  # M Y: "Feb 2026", "February, 2026", "Feb2026"
    for _, month in _ALPHA_MONTHS:
        dates.add(f"{month} '26")
    return dates


def _iso_dates() -> set[str]:
    dates: set[str] = set()
    for date in ["2026-02-23", "2026-09-03"]:
        for time in ["", "T14:30", "T14:30:00", "T14:30:00Z", "T14:30:00.123Z", "T14:30:00-05:00"]:
            dates.add(date + time)
        for time in [" 14:30", " 14:30:00", " 02:15"]:
            dates.add(date + time)
    return dates


_WEEKDAYS = ["Thu ", "Thu, ", "Thursday ", "Thursday, ", "THURSDAY, ", "thurs. ", "Mon "]
_TIMES = [
    " 14:30",
    " at 14:30",
    ", 14:30",
    " 2:30 pm",
    " 2:30PM",
    " 2:30 p.m.",
    " 14:30:05",
    ", 0215h",
    " 0215 hrs",
    " 0215hrs",
    " @ 0215",
    " at 0215",
    " - 14:30",
]
# Full dates that take a weekday before and a time after.
_ANCHORS = [
    "02/23/2026",
    "2/3/26",
    "23.02.2026",
    "2026-02-23",
    "23-Feb-2026",
    "23FEB2026",
    "02May26",
    "February 23, 2026",
    "Feb 3rd, 2026",
    "3 September 2026",
    "Sept. 3, 2026",
    "Apr-13-2026",
    "February, 20 2026",
    "3rd of May 2026",
]
_WITH_WEEKDAY_AND_TIME = {
    f"{weekday}{date}{time}"
    for date, weekday, time in product(_ANCHORS, ["", *_WEEKDAYS], ["", *_TIMES])
}

DATES = sorted(_numeric_dates() | _word_dates() | _iso_dates() | _WITH_WEEKDAY_AND_TIME)
_DATE_SENTENCES = [
    ("Labs were drawn {} and reviewed.", "Labs were drawn [DATE] and reviewed."),
    ("Follow up on {}; no change.", "Follow up on [DATE]; no change."),
    ("Last visit: {}.", "Last visit: [DATE]."),
    # "the" of "the 3rd of May" stays: it is no part of the date
    ("Seen on the {} in clinic.", "Seen on the [DATE] in clinic."),
]


def test_the_generated_date_shapes_are_many() -> None:
    assert len(DATES) > 2000


@pytest.mark.parametrize("template", _DATE_SENTENCES, ids=["mid", "semicolon", "end", "the"])
def test_every_date_shape_is_replaced_whole(template: tuple[str, str]) -> None:
    source, expected = template
    missed = []
    for date in DATES:
        text = deid.deidentify(source.format(date)).text
        if text != expected:
            missed.append(f"{date!r} -> {text!r}")
    assert not missed, f"{len(missed)} of {len(DATES)}:\n" + "\n".join(missed[:40])


_AREAS = ["555", "(555)", "[555]", "+1 555", "+1-555", "1-555", "+1 (555)", "1 (555)"]
_GROUP_SEPARATORS = ["-", ".", " ", "", "\u2013", "\u2014", "/"]
_LINE_SEPARATORS = ["-", ".", " ", "", "\u2013", "\u2014"]
_EXTENSIONS = ["", " x123", " x 123", " ext. 123", " ext 45", ", ext. 123", " extension 9"]


def _phones() -> list[str]:
    phones = set()
    for area, sep, line_sep in product(_AREAS, _GROUP_SEPARATORS, _LINE_SEPARATORS):
        if sep == "/" and not area[-1].isdigit():
            continue  # "(555)/845" is no shape anyone writes
        phones.add(f"{area}{sep}845{line_sep}1154")
    return sorted(phones)


PHONES = _phones()
# Ten bare digits are a phone only after a cue; without one they may be any number.
_BARE = {"5558451154", "1-5558451154"}
_PHONE_CUES = [
    ("Tel", "PHONE"),
    ("Tel:", "PHONE"),
    ("Ph:", "PHONE"),
    ("ph", "PHONE"),
    ("phone", "PHONE"),
    ("Phone #", "PHONE"),
    ("cell", "PHONE"),
    ("Cell:", "PHONE"),
    ("pager", "PHONE"),
    ("fax", "FAX"),
    ("Fax:", "FAX"),
    ("FAX #", "FAX"),
    ("F:", "FAX"),
]


def test_every_phone_shape_after_a_cue_is_replaced_whole() -> None:
    missed = []
    for (cue, kind), phone, ext in product(_PHONE_CUES, PHONES, _EXTENSIONS):
        text = deid.deidentify(f"Reached via {cue} {phone}{ext} after discharge.").text
        if text != f"Reached via {cue} [{kind}] after discharge.":
            missed.append(f"{cue} {phone}{ext!r} -> {text!r}")
    assert not missed, f"{len(missed)}:\n" + "\n".join(missed[:40])


def test_every_phone_shape_without_a_cue_is_replaced_whole() -> None:
    missed = []
    for phone, ext in product(PHONES, _EXTENSIONS):
        if phone in _BARE:
            continue
        text = deid.deidentify(f"The son was reached at {phone}{ext} about results.").text
        if text != "The son was reached at [PHONE] about results.":
            missed.append(f"{phone}{ext!r} -> {text!r}")
    assert not missed, f"{len(missed)}:\n" + "\n".join(missed[:40])


def test_a_fax_named_after_the_number_is_a_fax() -> None:
    for phone in ["555-845-1154", "(555) 845-1154", "555.845.1154"]:
        assert deid.deidentify(f"Send to {phone} (fax) today.").text == "Send to [FAX] (fax) today."


# Clinical numbers that share a shape with a date or a phone: none is touched.
NEGATIVES = [
    "BP 120/80, HR 72, RR 16.",
    "BP 98/60 mmHg sitting.",
    "Pain 8/10 at rest, 3/10 with medication.",
    "Strength 4/5 in the left arm.",
    "Visual acuity 20/40 vision OD.",
    "HbA1c 7.2 percent.",
    "Give 1.5 mg IV.",
    "Lasted 5-10 minutes.",
    "Take 3-4 times daily.",
    "T 98.6 F.",
    "I:E ratio 2:1 on the vent.",
    "Diagnosis E11.9 and I10.",
    "Lorazepam 0.5-1 mg as needed.",
    "Diabetic since 2019, on metformin.",
    "Smoked from 1998 to 2010.",
    "INR 2.3, Na 138, K 4.1, Cr 1.02.",
    "EF 55-60 percent.",
    "Weight 72.5 kg, BMI 31.2.",
    "Grade 2/6 systolic murmur.",
    "Disc bulge at L4-5 and C5-C6.",
    "Repeat in 2-3 weeks.",
    "Glucose 120-180 overnight.",
    "Take 1/2 tablet twice daily.",
    "Titrate 10-20 units.",
    "Heparin 12.5 mL/hr.",
    "FEV1/FVC 0.65.",
    "Dilated 4 mm, 3 of 4 quadrants.",
    "Platelets 150-400 range.",
    "Ordered 2 units PRBC.",
    "Temp 38.2 overnight.",
    "May be taken with food.",
    "Sept-ic workup negative.",
    "Doses 1-2 may be repeated.",
    "Cr 1.2 may rise.",
    "A 2 may help.",
    "Ratio 12.2019 odd.",
    "Nodule Sep 2 mm.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_clinical_numbers_are_not_dates_or_phones(text: str) -> None:
    assert deid.deidentify(text).text == text
