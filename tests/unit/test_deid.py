from __future__ import annotations

import pytest

from codingintel_phi import deid

NOTE = (
    "Patient: Maria Lopez-Garcia, MRN: A12345678, seen 03/14/2026 and again on March 21, 2026.\n"
    "SSN 123-45-6789. Call (555) 123-4567 or 555.987.6543, email maria.lopez@example.org.\n"
    "Portal https://portal.example.org/p/77, host 10.2.33.4. Dr. Henry Walsh reviewed.\n"
    "She is a 93 year old woman. Follow-up 2026-04-01. Pacemaker serial number SN-99887766.\n"
)
KNOWN = [
    ("NAME", "Maria"),
    ("NAME", "Lopez-Garcia"),
    ("NAME", "Maria Lopez-Garcia"),
    ("MRN", "A12345678"),
]


def test_every_identifier_is_replaced_and_no_value_survives() -> None:
    result = deid.deidentify(NOTE, KNOWN)
    for value in (
        "Maria",
        "Lopez-Garcia",
        "A12345678",
        "03/14/2026",
        "March 21, 2026",
        "123-45-6789",
        "(555) 123-4567",
        "555.987.6543",
        "maria.lopez@example.org",
        "portal.example.org",
        "10.2.33.4",
        "Henry Walsh",
        "93",
        "2026-04-01",
        "SN-99887766",
    ):
        assert value not in result.text, value
    for placeholder in (
        "[NAME]",
        "[MRN]",
        "[DATE]",
        "[SSN]",
        "[PHONE]",
        "[EMAIL]",
        "[URL]",
        "[IP_ADDRESS]",
        "[AGE]",
        "[DEVICE_ID]",
    ):
        assert placeholder in result.text, placeholder


def test_offsets_map_each_placeholder_back_to_the_original_span() -> None:
    result = deid.deidentify(NOTE, KNOWN)
    assert result.entities
    for entity in result.entities:
        assert result.text[entity.start : entity.end] == f"[{entity.type}]"
        assert 0 <= entity.original_start < entity.original_end <= len(NOTE)
    # The text between entities is untouched.
    rebuilt, position = [], 0
    for entity in result.entities:
        rebuilt.append(NOTE[position : entity.original_start])
        rebuilt.append(f"[{entity.type}]")
        position = entity.original_end
    rebuilt.append(NOTE[position:])
    assert "".join(rebuilt) == result.text


def test_clinical_text_is_left_alone() -> None:
    text = "Metformin 500 mg twice daily. BP 142/88, HR 92. A1c 8.2%. Type 2 diabetes mellitus."
    result = deid.deidentify(text, [])
    assert result.text == text
    assert result.entities == []


def test_known_phone_matches_in_any_format() -> None:
    result = deid.deidentify("reach her at 555-222-3333 today", [("PHONE", "(555) 222-3333")])
    assert "555-222-3333" not in result.text
    assert result.entities[0].type == "PHONE"


def test_ages_up_to_89_are_not_phi() -> None:
    assert deid.deidentify("a 67 year old man", []).text == "a 67 year old man"
    assert deid.deidentify("a 90-year-old man", []).text == "a [AGE]-year-old man"


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Seen 03/14/2026.", "03/14/2026", "DATE"),
        ("Seen 3/4/26.", "3/4/26", "DATE"),
        ("Seen 2026-03-14.", "2026-03-14", "DATE"),
        ("Seen 2026/03/14.", "2026/03/14", "DATE"),
        ("Seen March 14, 2026.", "March 14, 2026", "DATE"),
        ("Seen Mar. 14, 2026.", "Mar. 14, 2026", "DATE"),
        ("Seen 14 Mar 2026.", "14 Mar 2026", "DATE"),
        ("Seen 14-Mar-2026.", "14-Mar-2026", "DATE"),
        ("Seen March 2026.", "March 2026", "DATE"),
        ("Seen on March 14th.", "March 14th", "DATE"),
        ("Seen 3-14-2026.", "3-14-2026", "DATE"),
        ("A 94 yo man.", "94", "AGE"),
        ("Patient aged 91.", "91", "AGE"),
        ("She is 100 years old.", "100", "AGE"),
        ("MRN: K1883093", "K1883093", "MRN"),
        ("Medical record number 20138126", "20138126", "MRN"),
        ("MR# 00-123-456", "00-123-456", "MRN"),
        ("Account #: 248142415", "248142415", "ACCOUNT"),
        ("acct 826975011", "826975011", "ACCOUNT"),
        ("Member ID: QMB364692292", "QMB364692292", "ACCOUNT"),
        ("insurance member number HZN546707553", "HZN546707553", "ACCOUNT"),
        ("SSN 123-45-6789", "123-45-6789", "SSN"),
        ("SSN: 123 45 6789", "123 45 6789", "SSN"),
        ("Social Security number 123456789", "123456789", "SSN"),
        ("Call (555) 123-4567.", "(555) 123-4567", "PHONE"),
        ("Call 555-123-4567.", "555-123-4567", "PHONE"),
        ("Call 555.123.4567.", "555.123.4567", "PHONE"),
        ("Call +1 555 123 4567.", "+1 555 123 4567", "PHONE"),
        ("Call 1-555-123-4567.", "1-555-123-4567", "PHONE"),
        ("Fax: (555) 765-4321", "(555) 765-4321", "FAX"),
        ("fax 555 765 4321", "555 765 4321", "FAX"),
        ("Email jo.doe+x@mail.example.net now", "jo.doe+x@mail.example.net", "EMAIL"),
        ("See https://portal.example.org/p/77.", "https://portal.example.org/p/77", "URL"),
        ("See www.example-health.net/records/5.", "www.example-health.net/records/5", "URL"),
        ("Host 10.2.33.4 logged", "10.2.33.4", "IP_ADDRESS"),
        ("Lives at 1418 Larkspur Lane, Apt 3B.", "1418 Larkspur Lane, Apt 3B", "ADDRESS"),
        ("Lives at 77 W. Oak Ave.", "77 W. Oak Ave", "ADDRESS"),
        ("Mail to P.O. Box 1234", "P.O. Box 1234", "ADDRESS"),
        ("Dayton, OH 45419", "Dayton", "CITY"),
        ("Dayton, OH 45419", "45419", "ZIP"),
        ("Lancaster PA 17640-7197", "17640-7197", "ZIP"),
        ("She lives in Savannah with her son.", "Savannah", "CITY"),
        ("Pacemaker serial number SN-99887766", "SN-99887766", "DEVICE_ID"),
        ("Pump S/N: AB1234567 checked", "AB1234567", "DEVICE_ID"),
        ("Device SN SN-24781112 checked", "SN-24781112", "DEVICE_ID"),
    ],
)
def test_each_identifier_type_and_format(text: str, value: str, kind: str) -> None:
    result = deid.deidentify(text, [])
    assert value not in result.text, result.text
    spans = [(e.type, text[e.original_start : e.original_end]) for e in result.entities]
    assert any(k == kind and value in v for k, v in spans), spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen with Dr. Ostrowski today.", "Ostrowski"),
        ("Signed: Walter Adeyemi, MD", "Walter Adeyemi"),
        ("Case reviewed with nurse practitioner Imani Fairbanks.", "Imani Fairbanks"),
        ("History obtained from her daughter, Keisha Brandt (cell).", "Keisha Brandt"),
        ("Her husband Priya accompanies her.", "Priya"),
        ("Name: Blackwood, Tamsin   DOB", "Blackwood, Tamsin"),
        ("Patient: Gideon C. Venkataraman    DOB", "Gideon C. Venkataraman"),
        ("Discussed with Jennifer Okwuosa from pharmacy.", "Jennifer Okwuosa"),
        ("Mrs. O'Halloran returns. O'Halloran reports improvement.", "O'Halloran"),
    ],
)
def test_names_not_in_the_bundle_are_found_from_their_context(text: str, name: str) -> None:
    result = deid.deidentify(text, [])
    assert name not in result.text, result.text
    assert "[NAME]" in result.text


def test_bundle_names_are_found_in_any_case_and_with_a_possessive() -> None:
    known = [("NAME", "Dolores"), ("NAME", "Whitcombe"), ("NAME", "Dolores Whitcombe")]
    result = deid.deidentify("WHITCOMBE, DOLORES. Whitcombe's sugars improved.", known)
    assert "olores" not in result.text.lower() and "whitcombe" not in result.text.lower()


def test_bundle_birth_date_is_found_in_other_formats() -> None:
    result = deid.deidentify("DOB 8/22/1959, also 1959-08-22.", [("DATE", "1959-08-22")])
    assert "1959" not in result.text


def test_clinical_numbers_and_words_are_not_phi() -> None:
    text = (
        "Assessment and Plan:\nType 2 diabetes mellitus, A1c 8.2% on 3 mg. BP 142/88. "
        "CKD stage 3a, eGFR 52. Diagnosed 2016. Lives alone. Follow up in 3 months. "
        "Patient denies chest pain. Mother with breast cancer. Parkinson's disease.\n"
    )
    result = deid.deidentify(text, [])
    assert result.entities == [], [
        (e.type, text[e.original_start : e.original_end]) for e in result.entities
    ]


def _values(text: str, known: list[tuple[str, str]] | None = None) -> list[str]:
    return [
        text[e.original_start : e.original_end] for e in deid.deidentify(text, known or []).entities
    ]


def test_an_initial_beside_a_name_is_part_of_it() -> None:
    known = [("NAME", "Gideon"), ("NAME", "Whitcombe"), ("NAME", "Tess")]
    found = _values("WHITCOMBE, Gideon T. seen. Dr. T. Whitcombe signed.", known)
    assert "WHITCOMBE, Gideon T." in found
    assert any(v.endswith("T. Whitcombe") for v in found)


def test_a_quoted_nickname_beside_a_name_and_its_later_uses() -> None:
    known = [("NAME", "Harold"), ("NAME", "Pruitt")]
    text = 'Harold Pruitt ("Skip") here. Skip reports pain.'
    found = _values(text, known)
    assert found.count("Skip") == 2


def test_ages_over_89_in_words() -> None:
    found = _values("A ninety-three-year-old man; aged one hundred and one years.")
    assert "ninety-three" in found and "one hundred and one" in found
    assert _values("A seventy-year-old man.") == []


def test_a_weekday_a_year_and_a_time_belong_to_the_date() -> None:
    text = "Seen Tuesday, April 11, 2026 and on March 4th of 2026; admitted 2026-03-04 10:15."
    found = _values(text)
    assert "Tuesday, April 11, 2026" in found
    assert "2026-03-04 10:15" in found


def test_a_phone_extension_after_a_comma() -> None:
    assert "555-234-5678, ext 12" in _values("Call 555-234-5678, ext 12 today.")


def test_role_labels_announce_a_name() -> None:
    assert "Kowalczyk" in _values("Circulating nurse: Ostrowski. Scrub: Kowalczyk\n")


def test_a_title_or_credential_in_a_known_name_is_not_masked_everywhere() -> None:
    known = [("NAME", "Dr. Anand Raghavan, MD")]
    text = "Seen by Dr. Anand Raghavan, MD. Dr. on call notified; MD review pending."
    found = _values(text, known)
    assert "Anand Raghavan" in found
    assert "Dr" not in found and "MD" not in found


def test_a_column_after_a_name_is_not_part_of_it() -> None:
    found = _values("Ordering Physician: Dr. Simone Okafor    Reading Radiologist: none")
    assert "Simone Okafor" in found


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Call 555/678-5383 today.", "555/678-5383", "PHONE"),
        ("Call 555 / 678-5383 today.", "555 / 678-5383", "PHONE"),
        ("Call (555)678-5383.", "(555)678-5383", "PHONE"),
        ("Call +1 (555) 678-5383.", "+1 (555) 678-5383", "PHONE"),
        ("Call 1.555.678.5383.", "1.555.678.5383", "PHONE"),
        ("Call +1-555-678-5383.", "+1-555-678-5383", "PHONE"),
        ("Call 555-678-5383 ext. 204.", "555-678-5383 ext. 204", "PHONE"),
        ("Call 555.678.5383 x12 now", "555.678.5383 x12", "PHONE"),
        ("Ph: 5556785383", "5556785383", "PHONE"),
        ("C: 678-5383 (cell)", "678-5383", "PHONE"),
        ("Tel 678 5383", "678 5383", "PHONE"),
        ("Her sister abroad: +44 20 7946 0958.", "+44 20 7946 0958", "PHONE"),
        ("fax 555/726-2467", "555/726-2467", "FAX"),
        ("Fax: 555.726.2467", "555.726.2467", "FAX"),
        ("F: (555) 726-2467", "(555) 726-2467", "FAX"),
        ("Fax number is 5557262467.", "5557262467", "FAX"),
        ("Facsimile 555 726 2467", "555 726 2467", "FAX"),
        ("Records to 555-726-2467 (fax).", "555-726-2467", "FAX"),
    ],
)
def test_phone_and_fax_numbers_in_every_separator_and_cue(text: str, value: str, kind: str) -> None:
    result = deid.deidentify(text, [])
    assert value not in result.text, result.text
    spans = [(e.type, text[e.original_start : e.original_end]) for e in result.entities]
    assert (kind, value) in spans, spans


@pytest.mark.parametrize(
    "text",
    [
        "BP 142/88, HR 92, pain 6/10.",
        "Dose 500 mg 2 times daily; 120 tablets dispensed.",
        "Ratio 2/3, A1c 7.1, LDL 104, eGFR 52, weight 88.2 kg.",
        "Code S52.501A, ICD-10 J96.01.",
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert not [e for e in deid.deidentify(text, []).entities if e.type in ("PHONE", "FAX")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Reach nurse navigator Marisol Brennan at the clinic.", "Marisol Brennan"),
        ("Seen today at the request of Ottoline Whitfield.", "Ottoline Whitfield"),
        ("Anticoagulation held per Oskar Lindahl, pharmacy.", "Oskar Lindahl"),
        ("Electronically signed by: Tamsin Okoro", "Tamsin Okoro"),
        ("Electronically signed by Jerome Achterberg, MD on 3/4/26", "Jerome Achterberg"),
        ("cc: Philippa Vance", "Philippa Vance"),
        ("Her wife Mary was present.", "Mary"),
        ("His daughter, Ann, drove him in.", "Ann"),
        ("Daughter is Renata Solberg.", "Renata Solberg"),
        ("Her cardiologist, Tomasz Wojcik, agrees.", "Tomasz Wojcik"),
        ("PCP is Hana Suzuki.", "Hana Suzuki"),
        ("Spoke with Farid Haddad about the results.", "Farid Haddad"),
        ("Called Beatrix Lund back with results.", "Beatrix Lund"),
        ("Paged Dr. Ngata at 0200.", "Ngata"),
        ("Discussed with social worker Quinn Adair.", "Quinn Adair"),
        ("Labs sent on behalf of Ines Carvalho.", "Ines Carvalho"),
        ("Results given to his son's fiancee, Lila Marchetti.", "Lila Marchetti"),
    ],
)
def test_names_after_cue_words_titles_roles_and_relations(text: str, name: str) -> None:
    result = deid.deidentify(text, [])
    assert name not in result.text, result.text
    assert "[NAME]" in result.text


@pytest.mark.parametrize(
    "text",
    [
        "FHx: brother Crohn disease, mother Parkinson's disease, sister Hashimoto thyroiditis.",
        "Per Mom, Motrin helped. Per Dad, Tylenol did not.",
        "Referred to Physical Therapy. Discussed with Cardiology.",
        "Managed per Protocol. Seen at the request of Infectious Disease.",
        "Hodgkin Lymphoma in remission; Bell palsy resolved; Barrett esophagus on surveillance.",
        "Per Sepsis Pathway, lactate repeated.",
    ],
)
def test_clinical_words_and_eponyms_after_cues_are_not_names(text: str) -> None:
    result = deid.deidentify(text, [])
    assert [e for e in result.entities if e.type == "NAME"] == [], result.text


def test_a_score_out_of_ten_is_not_a_date_but_a_short_date_is() -> None:
    assert _values("Pain 8/10. Strength 4/5 in the left arm. Pain rated 7/10.") == []
    assert _values("Seen 3/10, next visit 4/12 at noon.") == ["3/10", "4/12"]
