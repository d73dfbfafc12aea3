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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen 23FEB2026 in clinic.", "23FEB2026"),
        ("Seen 4-mar-26 in clinic.", "4-mar-26"),
        ("Seen 09.Sep.2025 in clinic.", "09.Sep.2025"),
        ("Seen Apr-13-2026 in clinic.", "Apr-13-2026"),
        ("Seen OCT 3 2025 in clinic.", "OCT 3 2025"),
        ("Seen February, 20 2026 in clinic.", "February, 20 2026"),
        ("Seen 2026-Feb-23 in clinic.", "2026-Feb-23"),
        ("Seen the 3rd of May, 2026 in clinic.", "3rd of May, 2026"),
        ("Last colonoscopy Mar-2024, normal.", "Mar-2024"),
        ("Last colonoscopy 03/2024, normal.", "03/2024"),
        ("Arrived 2026-04-26 15:15: alert.", "2026-04-26 15:15"),
        ("Drawn 2026-04-26T15:15:07Z.", "2026-04-26T15:15:07Z"),
    ],
)
def test_dates_in_every_shape(text: str, value: str) -> None:
    assert value in _values(text), (text, _values(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("She is a 92 y.o. woman.", "92"),
        ("91yo man with falls.", "91"),
        ("A man 93 years of age.", "93"),
        ("A 97-yr-old woman.", "97"),
        ("A 104 y/o woman.", "104"),
        ("Aged 95, lives alone.", "95"),
        ("Age/Sex: 94/F", "94"),
        ("A ninety-six y.o. man.", "ninety-six"),
    ],
)
def test_ages_over_89_in_every_shape(text: str, value: str) -> None:
    assert value in _values(text), (text, _values(text))


def test_ages_under_90_in_the_same_shapes_stay() -> None:
    for text in ("She is a 72 y.o. woman.", "61yo man.", "A man 45 years of age."):
        assert not deid.find(text), text


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Call [555] 123-4567 today.", "[555] 123-4567", "PHONE"),
        ("Fax [555] 765-4321.", "[555] 765-4321", "FAX"),
        ("Medical alert pendant ID 021-Y60372.", "021-Y60372", "DEVICE_ID"),
        ("Port ID 237-Z65295 accessed.", "237-Z65295", "DEVICE_ID"),
        ("Hearing aid serial 4411-ZX99 fitted.", "4411-ZX99", "DEVICE_ID"),
        ("Glucose monitor S/N 7788123 paired.", "7788123", "DEVICE_ID"),
    ],
)
def test_bracketed_area_codes_and_identifiers_after_any_id_cue(
    text: str, value: str, kind: str
) -> None:
    spans = deid.find(text)
    assert any(text[s:e] == value and k == kind for k, s, e in spans), spans


def test_city_and_zip_on_the_line_under_a_street() -> None:
    text = "Re: patient\n1200 Elm Street\nSt. Cloud, MN 56301-1754\n\nDear Dr. Okafor,\n"
    found = {(k, text[s:e]) for k, s, e in deid.find(text)}
    assert {("ADDRESS", "1200 Elm Street"), ("CITY", "St. Cloud"), ("ZIP", "56301-1754")} <= found
    assert not any("Dear" in v for _, v in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Present: home health aide Philippa Okwuosa.", "Philippa Okwuosa"),
        ("Signed out to night float Tadeusz Brzezinski; no events.", "Tadeusz Brzezinski"),
        ("Referred to peer recovery coach Oyelaran Whitcombe.", "Oyelaran Whitcombe"),
        ("Chaperone: Ximena Ruiz, CMA.", "Ximena Ruiz"),
        ("Seen by the PA; supervising physician Anneliese Vukovic.", "Anneliese Vukovic"),
        ("NP note / co-signed Ingeborg Tallis, MD", "Ingeborg Tallis"),
        ("Outside records from Mehmet Ozturk (555-123-4567) received.", "Mehmet Ozturk"),
        ("Requested by: Jun Takahashi", "Jun Takahashi"),
        ("Will coordinate with PCP May Lindqvist.", "May Lindqvist"),
        ("cc: Cordelia Fairbanks, MD", "Cordelia Fairbanks"),
        ("Discussed with Dr. West at length.", "West"),
        ("Philippa Castillo called about results.", "Philippa Castillo"),
    ],
)
def test_names_after_any_role_and_in_the_middle_of_a_sentence(text: str, name: str) -> None:
    assert name in _values(text), (text, _values(text))


@pytest.mark.parametrize(
    "text",
    [
        "Hospitalist Progress Note  HD#3",
        "CC: Plaque psoriasis",
        "CC: Rosacea\nDx:\n- Acne vulgaris\n- Atopic dermatitis",
        "Plan: start Humira Pen and Trelegy Ellipta today.",
        "Follows at Kaiser Permanente for dialysis.",
        "Will see in May. The West wing is closed.",
    ],
)
def test_headings_diagnoses_drugs_and_organisations_are_not_names(text: str) -> None:
    assert not [s for s in deid.find(text) if s[0] == "NAME"], deid.find(text)


def test_a_greeting_under_a_zip_code_is_not_an_address() -> None:
    text = "Bangor, ME 04401-3333\n\nDear Dr. Abernathy,"
    assert not [s for s in deid.find(text) if s[0] == "ADDRESS"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen: Feb 13th, 2026 @ 1020\nReferring: Dr. Osei", "Feb 13th, 2026 @ 1020"),
        ("Exam date 08-11-2026 @ 1300; tech present.", "08-11-2026 @ 1300"),
        ("Date of service: 03 Feb 26\nPt name:", "03 Feb 26"),
        ("Nurse call-back 07 Aug 26: reached patient.", "07 Aug 26"),
        ("Seen: Wed, 02 Jul 2026\n", "Wed, 02 Jul 2026"),
        ("Last A1c Mar '26, stable.", "Mar '26"),
        ("Booked for 26-Mar, morning.", "26-Mar"),
        ("Return March the 3rd.", "March the 3rd"),
    ],
)
def test_more_date_and_time_shapes(text: str, value: str) -> None:
    assert value in _values(text), (text, _values(text))


@pytest.mark.parametrize("text", ["VA cc: OD 20/40, OS 20/30.", "IOP 19/21, stable."])
def test_fractions_that_are_no_month_and_day_are_not_dates(text: str) -> None:
    assert not [s for s in deid.find(text) if s[0] == "DATE"], deid.find(text)


def test_ages_over_89_with_a_bare_y() -> None:
    assert "97" in _values("S: 97y woman with knee pain.")
    assert "101" in _values("Ann Lee, 101 y, MRN 12345678")
    assert not deid.find("S: 47y woman with knee pain.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Attending: Minerva Oyebanji, MD   Fellow: Aug Holloway-Pike, MD", "Aug Holloway-Pike"),
        ("Debridement done. Assisted by MA Cormac Lisowski.", "Cormac Lisowski"),
        ("Home health (RN Bronislava Lisowski) starts tomorrow.", "Bronislava Lisowski"),
        ("Nurse call-back May 6th 2026: Tadhg Mabuza reached the patient.", "Tadhg Mabuza"),
        ("Case manager Rainer Okonjo following.", "Rainer Okonjo"),
        ("ATTENDING: JANE DOE-SMITH", "JANE DOE-SMITH"),
        ("Provider: OKAFOR, CHIDI", "OKAFOR, CHIDI"),
        ("Seen by Dr. Anna van der Berg today.", "Anna van der Berg"),
        ("Called Luis de la Cruz, RN.", "Luis de la Cruz"),
    ],
)
def test_names_with_credentials_as_roles_capitals_and_particles(text: str, name: str) -> None:
    assert name in _values(text), (text, _values(text))


@pytest.mark.parametrize(
    "text",
    [
        "Forklift operator with de Quervain tenosynovitis.",
        "Diagnosis: De Quervain tenosynovitis; Contact dermatitis.",
        "Seen: Wed, 02 Jul 2026",
        "DIAGNOSIS: ACUTE BRONCHITIS",
    ],
)
def test_eponyms_weekdays_and_capital_diagnoses_are_not_names(text: str) -> None:
    assert not [s for s in deid.find(text) if s[0] == "NAME"], deid.find(text)


def test_the_last_four_digits_of_a_social_security_number() -> None:
    assert "6789" in _values("SSN (last 4): 6789")
    assert "1234" in _values("Verified last four of SSN 1234.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Next visit 06.06.26.", "06.06.26"),
        ("Seen 10.02.26 at 2:42pm today.", "10.02.26 at 2:42pm"),
        ("Return visit Nov. 18, '26 03h55\n", "Nov. 18, '26 03h55"),
        ("Arrived 2026-7-19 - 15:30:00\n", "2026-7-19 - 15:30:00"),
        ("Seen 3 August, 2026 - 05:05:00\n", "3 August, 2026 - 05:05:00"),
        ("Seen 7th Mar 2026 20h55\n", "7th Mar 2026 20h55"),
    ],
)
def test_two_digit_years_and_times_after_a_dash_or_with_an_h(text: str, value: str) -> None:
    assert value in _values(text), (text, _values(text))


def test_version_numbers_are_not_two_digit_year_dates() -> None:
    assert not [s for s in deid.find("Firmware 2.10.26.4 installed.") if s[0] == "DATE"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Interpreter (Portuguese): Ruairi Tembo\n", "Ruairi Tembo"),
        ("PTA: Eustacia Pennywhistle\n", "Eustacia Pennywhistle"),
        ("Dosimetrist: Solenne Ekwueme, CMD\n", "Solenne Ekwueme"),
        ("Exercise physiologist: Dec Lindgren\n", "Dec Lindgren"),
    ],
)
def test_a_full_name_alone_after_any_line_label(text: str, name: str) -> None:
    assert name in _values(text), (text, _values(text))


def test_a_known_surname_with_an_abbreviation_is_covered_with_its_period() -> None:
    text = "Progress report sent to her uncle Ugochi St. Amant today."
    known = [("NAME", "Ugochi"), ("NAME", "St. Amant"), ("NAME", "Ugochi St. Amant")]
    assert "Ugochi St. Amant" in _values(text, known)


def test_a_label_before_a_diagnosis_in_title_case_is_not_a_name() -> None:
    for text in ("Dx list: Pressure Injury\n", "Reason: Chest Pain\n", "Dx: Bell Palsy\n"):
        assert not [s for s in deid.find(text) if s[0] == "NAME"], text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # every Unicode dash and space between the groups of a number
        ("Call 555\u2013123\u20134567 today.", "555\u2013123\u20134567"),
        ("Call 555\u2011123\u20114567 today.", "555\u2011123\u20114567"),
        ("Call 555\u2014123\u20144567 today.", "555\u2014123\u20144567"),
        ("Call 555\u00a0123\u00a04567 today.", "555\u00a0123\u00a04567"),
        ("Call 555\u2212123\u22124567 today.", "555\u2212123\u22124567"),
        ("Call (555)8451154 today.", "(555)8451154"),
    ],
)
def test_phones_with_any_unicode_dash_or_space_or_no_separator(text: str, value: str) -> None:
    assert value in _values(text), (text, _values(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Date of service: 02May26\n", "02May26"),
        ("Seen 3rd of February, 2026, 0215h. Stable.", "3rd of February, 2026, 0215h"),
        ("Seen 2026/11/12, 0855h\n", "2026/11/12, 0855h"),
        ("Seen 12\u00a0Mar\u00a02026 in clinic.", "12\u00a0Mar\u00a02026"),
        ("Procedure 07-16-2026, 0520 hrs.", "07-16-2026, 0520 hrs"),
    ],
)
def test_compact_dates_and_24_hour_times_with_their_unit(text: str, value: str) -> None:
    assert value in _values(text), (text, _values(text))


def test_a_24_hour_time_alone_is_not_a_date() -> None:
    assert not deid.find("BP 120/80 at 1015h, HR 72.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pelvic floor PT: Mar Blenkinsop\n", "Mar Blenkinsop"),
        ("Hospice aide Mar Oyelowo-Hart assigned.", "Mar Oyelowo-Hart"),
        ("Dietetic intern Feb Szczepanski co-interviewed.", "Feb Szczepanski"),
        ("Endoscopy nurse: Nov Ruckelshaus\n", "Nov Ruckelshaus"),
    ],
)
def test_a_month_abbreviation_as_a_given_name_before_a_surname(text: str, name: str) -> None:
    assert name in _values(text), (text, _values(text))


@pytest.mark.parametrize(
    "text",
    [
        "Comfort kit delivered. Next RN visit Nov. 22, 2026.",
        "Upcoming MD review in two weeks.",
        "Previous RN note reviewed.",
    ],
)
def test_a_common_word_before_a_credential_is_not_a_name(text: str) -> None:
    assert not [s for s in deid.find(text) if s[0] == "NAME"], (text, _values(text))
