"""Embedded de-identification: typed placeholders for the HIPAA Safe Harbor
identifiers that appear in free text.

Three sources of spans, merged longest-first:
- the bundle's own identifiers (names, MRNs, phones, addresses), matched in any format;
- patterns for identifiers with a shape (dates, phones, SSNs, emails, URLs, IPs, ZIPs)
  or a cue ("MRN:", "serial number", "Acct #");
- names the bundle does not hold, found from their context (titles, credentials,
  relations, "seen by", "Name:") and then removed wherever else they recur.

Works offline. The original values never leave this module: callers get the new
text and, per entity, its type and offsets.

Types: NAME, DATE, AGE, PHONE, FAX, EMAIL, URL, IP_ADDRESS, SSN, MRN, ACCOUNT
(account, member, policy, claim, health-plan numbers), DEVICE_ID, ADDRESS, CITY, ZIP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .names import (
    AMBIGUOUS_GIVEN_NAMES,
    CLINICAL_WORDS,
    COMMON_WORDS,
    DRUG_NAMES,
    GIVEN_NAMES,
    ORGANISATION_WORDS,
    SURNAMES,
    US_STATES,
)

BACKEND_NAME = "embedded-rules"

Span = tuple[str, int, int]

# The verb "may" is no month: only "May" and "MAY" are.
_MONTH_NAMES = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|(?-i:May|MAY)|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTHS = _MONTH_NAMES + r"\.?"
# Not the decimals of a value: "Cr 1.2 May" is no second of May.
_DAY = r"(?<!\d[.,])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
# A month in letters not run into a word: "FEB", "Sept.", "23Feb2026" but not "Mayo".
# Its period is kept only before more of the date: "on 3 Feb." ends a sentence.
_MON = _MONTH_NAMES + r"(?:\.(?=[\s,/-]*(?:of\s+|the\s+)?['\d]))?(?![a-z])"
# A year after a day and a month: "2026", "'26", "26" (not the hour of "26 14:30").
_YEAR_AFTER = rf"(?:{_YEAR}\b|'\d{{2}}\b|\d{{2}}(?!\d|:\d))"
_NOT_A_DOSE = (
    r"(?!\s*(?:mg|mcg|g|kg|ml|mm|cm|units?|tabs?|tablets?|caps?|doses?|puffs?|drops?|times)\b)"
)
_STATE = "|".join(US_STATES)
# A capitalised name token: "O'Halloran", "Reyes-Ortega", "McAllister".
_NAME_TOKEN = r"[A-Z][a-zA-Z'\u2019]*[a-z][a-zA-Z'\u2019]*(?:-[A-Z][a-zA-Z'\u2019]+)?"
_INITIAL = r"[A-Z](?:\.|(?![A-Za-z'\u2019-]))"
# Parts of one name are one space apart: "Okafor    Reading" is a name and a column.
# Surname particles: "Anna van der Berg", "Luis de la Cruz", "Omar bin Said".
_PARTICLE = (
    r"(?:(?:van|von|der|den|de|del|della|da|di|du|des|la|le|ter|ten|bin|ibn|al|el|dos|das)\s)"
)
_PERSON = rf"{_NAME_TOKEN}(?: {_PARTICLE}{{0,2}}(?:{_INITIAL}|{_NAME_TOKEN})){{0,2}}"
# A name in capitals after a label: "ATTENDING: JANE DOE-SMITH", "Provider: OKAFOR, CHIDI".
_CAPS_NAME = (
    r"[A-Z][A-Z'\u2019]+(?:-[A-Z][A-Z'\u2019]+)?(?:,?[ \t]+[A-Z][A-Z'\u2019]+(?:-[A-Z]+)?){1,2}"
)
_CREDENTIALS = (
    r"(?:MD|M\.D\.|DO|D\.O\.|RN|NP|PA-C|PA|PhD|DNP|APRN|CNM|CRNA|FNP(?:-BC)?|MSN|BSN|LPN|LVN"
    r"|LCSW|LMSW|MSW|LMFT|LPC|LMHC|LADC|CADC|PsyD|PharmD|RPh|DDS|DMD|DPM|OD|DC|MBBS|MPH|CNA"
    r"|CMA|RMA|MA|CNS|CRNP|AGNP|ANP|PMHNP|RD|RDN|PT|DPT|OTR|OT|SLP|CCC-SLP|RRT|RT|EMT"
    r"|CST|RDMS|RVT|RPVI|CCRN|ATC|LAc|FACOG|FAAP|FACC|FACS|FACP|FCCP|FHM)"
)
_TITLE_OR_CREDENTIAL = re.compile(
    rf"(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Rev|Jr|Sr|II|III|IV|FACC|FACS|FACP|{_CREDENTIALS})",
    re.IGNORECASE,
)
_STREET_TYPES = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Terrace"
    r"|Ter|Place|Pl|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Row|Loop|Pike"
    r"|Alley|Crescent|Close|Plaza)"
)

_AGE_WORDS = (
    r"(?:ninety|(?:one|a) hundred)(?:[\s-]+(?:and[\s-]+)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?"
)
# "92 years", "92-yr-old", "92 y.o.", "91yo", "93 y/o", "93 years of age".
_AGE_UNIT = r"[\s-]*(?:years?|yrs?|y\.?\s?/?\s?o\b\.?|-year|year-old|y(?=[\s,;:)]|$))(?![A-Za-z])"
_AGE_CUE = r"\b(?:aged?|age of|age/sex|age/gender|age and sex)\s*[:=]?\s*"
# A US phone number: an area code (bare, "(555)", "[555]", after "+1" or "1-"), then
# three and four digits, each group after any one separator or none: "(555) 123-4567",
# "555/123-4567", "555.123.4567", "+1-555-123-4567", "(555)1234567", "555123-4567".
# Ten bare digits are left to the cues below: alone they may be any number.
_PHONE_BODY = (
    r"(?:(?<![\w/.+-])(?!(?:1[\s./-]?)?\d{10}(?!\d))(?:\+?1[\s./-]?)?(?:\(\d{3}\)|\[\d{3}\]|\d{3})"
    r"(?:\s?[-./]\s?|\s)?\d{3}(?:\s?[-.]\s?|\s)?\d{4}(?![\d/-]))"
)
# After a cue ("Ph:", "fax"), seven digits or ten without separators are enough.
_PHONE_SHORT = r"(?<!\d)(?:(?:\+?1[\s.-]?)?\d{10}|\d{3}[\s.-]?\d{4})(?![\d/-])"
# In the span, so that a fax with an extension is no longer a phone than a fax.
_PHONE_EXTENSION = r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
# Patterns: a named group "value" narrows the span to the identifier after its cue.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "URL",
        re.compile(
            r"\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]+[^\s<>\"').,;:\]]"
            r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|us|info|health|biz)\b"
            r"(?:/[^\s<>\"')\]]*[^\s<>\"').,;:\]])?",
            re.IGNORECASE,
        ),
    ),
    (
        "IP_ADDRESS",
        re.compile(
            r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b"
            r"|\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b",
            re.IGNORECASE,
        ),
    ),
    (
        "SSN",
        re.compile(
            r"\b\d{3}-\d{2}-\d{4}\b"
            r"|(?:\bSSN|\bSocial Security(?: Number| No\.?| #)?|\bSS#)\s*(?:is|of|on file)?\s*[:#]?\s*"
            r"(?P<value>\d{3}[\s-]?\d{2}[\s-]?\d{4})\b"
            # "SSN (last 4): 6789", "last four of SSN 6789"
            r"|(?:\bSSN|\bsocial security(?: number)?|\bSS#)[^\n\d]{0,16}?\blast\s(?:4|four)\b"
            r"[^\n\d]{0,12}?(?P<value2>\d{4})\b"
            r"|\blast\s(?:4|four)(?:\s+digits)?\s+of\s+(?:the\s+)?(?:SSN|social security(?: number)?)"
            r"[^\n\d]{0,6}?(?P<value3>\d{4})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "FAX",
        re.compile(
            r"(?:\bfax|\bfacsimile|\bfx|\bf(?=\s*:))(?:\s*(?:number|no\.?|#|line))?"
            rf"[^\d\n+]{{0,12}}?(?P<value>(?:{_PHONE_BODY}|{_PHONE_SHORT}){_PHONE_EXTENSION})"
            # "555-123-4567 (fax)", "555.123.4567 fax"
            rf"|(?P<value2>{_PHONE_BODY})\s*\(?(?:fax|f)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "PHONE",
        re.compile(
            rf"{_PHONE_BODY}{_PHONE_EXTENSION}"
            r"|(?<![\w+])\+(?!1\b)\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\d-])"
            r"|(?:\b(?:phone|ph|tel|telephone|cell|mobile|mob|pager|beeper|call|contact|reach"
            r"|home|work|office|direct|callback|[PCHWM](?=\s*:))\b[^\d\n+]{0,12}?)"
            rf"(?P<value>\d{{10}}|{_PHONE_SHORT})",
            re.IGNORECASE,
        ),
    ),
    (
        "DATE",
        re.compile(
            # A month in letters, in any order with a day and a year, any separator:
            # "3rd of FEB '26", "23Feb2026", "3.Feb", "Sept. 3, 2026", "Feb, 23 2026",
            # "February the 3rd", "Feb of 2026", "Sep '26"
            rf"\b{_DAY}(?:\s+of\s+|[\s./-]?){_MON}(?:,?[\s./-]?{_YEAR_AFTER})?"
            rf"|\b{_MON}(?:,?\s+|[./-]|\s+the\s+){_DAY}\b"
            rf"(?:(?:,\s*|[\s./-]){_YEAR}\b|,?\s*'\d{{2}}\b|[./-]\d{{2}}\b|{_NOT_A_DOSE})"
            rf"|\b{_MON}(?:,?\s*|[./-]|\s+of\s+)(?:{_YEAR}\b|'\d{{2}}\b)"
            r"|\b\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})\b"
            r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b"
            r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b"
            # "10.02.26": a day and a month (either order) and a two-digit year
            r"|\b(?:(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])\.(?:[12]\d|3[01]))"
            r"\.\d{2}\b(?!\.?\d)"
            # day, month, year with the month in letters, any case and separator:
            # "23FEB2026", "23-Feb-26", "4 March 2026", "3rd of May 2026"
            rf"|\b{_DAY}(?:[\s./-]*|\s+of\s+){_MONTHS}(?:[\s.,/-]*{_YEAR}|[\s./-]?\d{{2}}(?!\d|:\d))\b"
            # month, day, year: "Apr-13-2026", "April 13, 2026", "February, 20 2026"
            rf"|\b{_MONTHS}[\s,./-]*{_DAY}(?:,?[\s./-]*{_YEAR}\b|[./-]\d{{2}}\b"
            r"|,?\s*['\u2019]\d{2}\b)"
            # year, month, day: "2026-Feb-23", "2026 February 23"
            rf"|\b{_YEAR}[\s./-]*{_MONTHS}[\s./-]*{_DAY}\b"
            # month and year: "March 2026", "Mar-2026", "03/2026"
            rf"|\b{_MONTHS}[\s,./-]*'?{_YEAR}\b"
            rf"|\b{_MONTHS}\s*['\u2019]\d{{2}}\b"
            rf"|\b{_DAY}-{_MONTH_NAMES}\b(?!-)"
            rf"|\b{_MONTH_NAMES}\.?\s+the\s+{_DAY}\b"
            rf"|\b(?:0?[1-9]|1[0-2])[/-]{_YEAR}\b"
            rf"|\b(?:{_MONTH_NAMES}\.?\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH_NAMES})\b"
            rf"{_NOT_A_DOSE}"
            r"|(?<![\d.])\d{1,2}/\d{1,2}(?![\d/.])(?=\s*(?:[,;.)]|$|\s(?:at|to|and|visit|@)\b))",
            re.IGNORECASE,
        ),
    ),
    (
        "MRN",
        re.compile(
            r"(?:\bMRN|\bMR\s?#|\bMedical Record(?: Number| No\.?| #)?|\bRecord(?: Number| No\.?| #)"
            r"|\bChart(?: Number| No\.?| #)|\bPatient ID|\bHospital (?:Number|No\.?|#))"
            r"\s*(?:is)?\s*[:#]?\s*(?P<value>[A-Z0-9][A-Z0-9-]{3,})",
            re.IGNORECASE,
        ),
    ),
    (
        "ACCOUNT",
        re.compile(
            r"(?:\bAccount|\bAcct\.?|\bMember(?:ship)?(?: ID)?|\bSubscriber(?: ID)?|\bPolicy"
            r"|\bGroup|\bHealth Plan(?: ID)?|\bBeneficiary|\bInsurance(?: ID)?|\bClaim"
            r"|\bAccession|\bCertificate|\bLicen[cs]e|\bDEA|\bNPI|\bVIN|\bPlate|\bMedicaid"
            r"|\bMedicare)"
            r"(?:\s*(?:Number|No\.?|ID|#|identifier))?\s*(?:is)?\s*[:#]?\s*"
            r"(?P<value>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})",
            re.IGNORECASE,
        ),
    ),
    (
        "DEVICE_ID",
        re.compile(
            r"(?:\b(?:serial|device|implant|model|lot|pump|pacemaker|UDI|IMEI)"
            r"\s*(?:number|no\.?|#|id|identifier)?|\bS/?N\b"
            # any "<thing> ID / serial / #": "pendant ID", "port ID", "monitor S/N"
            r"|\b[a-z][a-z-]+\s+(?:ID|S/?N|serial(?:\s+(?:number|no\.?|#))?|identifier|tag"
            r"|number|no\.|#))\s*[:#]?\s*"
            r"(?P<value>(?=[A-Z0-9()-]*\d{3})[A-Z0-9(][A-Z0-9()-]{4,})",
            re.IGNORECASE,
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            # one line: "3333\n\nDear Dr." is a ZIP code and a greeting
            rf"\b\d{{1,6}}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z][A-Za-z]+\.?[ \t]+){{1,3}}"
            rf"{_STREET_TYPES}\b\.?"
            r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Bldg|Floor|#)\.?[ \t]*#?[ \t]*[A-Z0-9-]+)?"
            r"|\bP\.?\s?O\.?\s+Box\s+\d+",
        ),
    ),
    (
        "AGE",
        re.compile(
            rf"\b(?P<value>(?:9\d|1[0-4]\d))(?={_AGE_UNIT})"
            rf"|{_AGE_CUE}(?P<value2>9\d|1[0-4]\d)\b",
            re.IGNORECASE,
        ),
    ),
    # "ninety-two-year-old", "one hundred and one years old", "aged ninety-four".
    (
        "AGE",
        re.compile(
            rf"\b(?P<value>{_AGE_WORDS})(?={_AGE_UNIT})"
            rf"|{_AGE_CUE}(?P<value2>{_AGE_WORDS})\b",
            re.IGNORECASE,
        ),
    ),
    # "Dayton, OH 45419", "Lancaster PA 17640-7197": a city before a state and ZIP.
    (
        "CITY",
        re.compile(
            rf"(?P<value>[A-Z][a-z]+\.?(?:[ -][A-Z][a-z]+){{0,2}}),?\s+(?:{_STATE})\.?\s+\d{{5}}(?:-\d{{4}})?\b"
        ),
    ),
    ("ZIP", re.compile(rf"\b(?:{_STATE})\.?,?\s+(?P<value>\d{{5}}(?:-\d{{4}})?)\b")),
    (
        "ZIP",
        re.compile(r"\b(?:zip|postal)(?: code)?\s*[:#]?\s*(?P<value>\d{5}(?:-\d{4})?)\b", re.I),
    ),
    (
        "CITY",
        re.compile(
            r"\b(?:lives|living|resides|residing|moved|relocated|born|raised|grew up)"
            r"\s+(?:alone\s+|independently\s+)?(?:in|to|near)\s+"
            r"(?P<value>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
        ),
    ),
    # Any long run of digits left over is an identifier of some kind.
    ("MRN", re.compile(r"(?<![\d.,/-])\d{7,}(?![\d.,/])|\b[A-Z]{1,4}-?\d{6,}\b")),
]

# Context that announces a person: the span is the name after (or before) it.
_TITLE_CUE = re.compile(rf"\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Sr|Rev)\.?\s+(?P<value>{_PERSON})")
_NAME_CUES: list[re.Pattern[str]] = [
    _TITLE_CUE,
    # a credential used as the role before the name: "RN Tadhg Mabuza", "MA Cormac Lee"
    re.compile(
        r"\b(?:RN|LPN|LVN|CNA|MA|CMA|NP|PA|PA-C|APRN|CRNA|RT|RRT|SLP|EMT|DPT|OTR|PharmD)"
        rf"\s+(?P<value>{_NAME_TOKEN}(?: {_INITIAL})? {_NAME_TOKEN})"
    ),
    re.compile(rf"(?P<value>{_PERSON}),?\s+{_CREDENTIALS}\b"),
    re.compile(
        r"\b(?i:patient(?: name)?|name|pt|attending|provider|physician|pcp|surgeon|consultant"
        r"|scrub(?: nurse| tech)?|circulat(?:or|ing nurse)|anesthesiologist|assistant"
        r"|covering(?: provider| physician)?|cosigner|proceduralist|technologist|tech|midwife"
        r"|primary nurse|charge nurse|coordinator|counselor|dietitian|navigator|advocate"
        r"|resident|fellow|nurse|rn|np|pa|scribe|author|radiologist|pathologist|pharmacist"
        r"|referring(?: provider| physician)?|ordering(?: provider| physician)?|guardian"
        r"|emergency contact|contact|interpreter|therapist|social worker|case manager|caller"
        r"|signature|signed|e-signed|attn|attention|copy to|copies to|to|from|parent|chaperone"
        r"|supervisor|supervising(?: physician| provider)?|clinician|aide|sitter|doula|chaplain"
        r"|cosigned by|co-signed by|co-signer|preceptor|scribed by"
        r"|mother|father|spouse|poa|hcp|health care proxy|proxy|next of kin|nok|witness"
        r"|(?:requested|referred|completed|entered|verified|approved|ordered|prepared|recorded"
        r"|reported|dictated|transcribed|reviewed|performed|signed|seen) by)"
        r"(?:\s*\([^()\n]{1,30}\))?"
        rf"\s*:\s*(?:(?P<value>{_NAME_TOKEN}(?:,\s*{_NAME_TOKEN})?"
        rf"(?:\s+{_PARTICLE}{{0,2}}(?:{_INITIAL}|{_NAME_TOKEN})){{0,2}})|(?P<value2>{_CAPS_NAME})\b)",
    ),
    # "cc:" is a copy recipient or the chief complaint: only a full name or a titled
    # one is read ("cc: Jun Ferrante, MD", not "CC: Plaque psoriasis").
    re.compile(
        rf"\b(?i:cc)\s*:\s*(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+(?P<value>{_PERSON})"
        rf"|(?P<value2>{_NAME_TOKEN}(?: {_INITIAL})? {_NAME_TOKEN}))"
    ),
    re.compile(
        r"\b(?i:signed|e-signed|reviewed|seen|dictated|transcribed|examined|evaluated|discussed"
        r"|spoke|spoken|talked|referred|accompanied|cosigned|co-signed|attested|authored|called"
        r"|consulted|staffed|interviewed|obtained|provided|performed|read|interpreted|paged"
        r"|notified|informed|updated|contacted|messaged|texted|emailed|phoned|relieved|covered"
        r"|handed off|signed out|verified|witnessed|translated|escorted|brought(?: in)?|visited"
        r"|met|routed|forwarded|sent|faxed|copied|approved|countersigned)"
        r"(?:\s+(?i:electronically|today|also|again|personally|directly|back|over the phone))?"
        r"(?:\s+(?i:by|with|to|from|for))?\s*:?\s+"
        r"(?:(?:the\s+)?(?:patient's|his|her|their)\s+[\w-]+,?\s+)?"
        r"(?:(?:nurse practitioner|physician assistant|nurse|pharmacist|resident|fellow|attending"
        r"|Dr\.?|NP|PA|RN)\s+)?"
        rf"(?P<value>{_PERSON})"
    ),
    re.compile(
        r"\b(?i:nurse practitioner|physician assistant|medical assistant|nurse|pharmacist"
        r"|resident|fellow|attending|physician|surgeon|therapist|midwife|doula|chaplain"
        r"|interpreter|translator|social worker|case manager|care manager|caregiver|dietitian"
        r"|nutritionist|navigator|coordinator|liaison|advocate|educator|counsel(?:l)?or"
        r"|technician|technologist|aide|hospitalist|intensivist|psychologist|paramedic|doctor"
        r"|provider|clinician|pcp|[a-z]+ologist|[a-z]+iatrist|specialist|sitter|volunteer"
        r"|supervisor|manager|director|representative|secretary|scheduler|receptionist"
        r"|aide|float|coach|mentor|chaperone|preceptor|student|trainee|intern|registrar|sponsor"
        r"|doula|chaplain|sitter|volunteer|worker|officer|attorney|lawyer|teacher|pastor"
        r"|supervising(?: physician| provider)?|co-?signer|co-?signed(?: by)?|countersigned by)"
        r"(?:,\s*|\s+(?:is|was|named)\s+|\s+)(?:Dr\.?\s+)?"
        rf"(?P<value>{_PERSON})"
    ),
    re.compile(
        r"\b(?i:daughter|son|wife|husband|spouse|partner|mother|father|mom|dad|sister|brother"
        r"|niece|nephew|aunt|uncle|cousin|grandson|granddaughter|grandmother|grandfather"
        r"|friend|neighbor|neighbour|fianc[ée]e?|boyfriend|girlfriend|guardian|caregiver"
        r"|roommate|sibling|child|stepdaughter|stepson|stepmother|stepfather|godmother"
        r"|godfather|significant other|(?:mother|father|son|daughter|brother|sister)-in-law"
        r"|grandchild|twin)"
        r"(?:['\u2019]s)?(?:\s+\(|\s+(?:is|was|named|called)\s+|\s+"
        # after a comma, only an appositive: "daughter, Ann, ..." (not "Mom, Motrin helped")
        rf"|,\s*(?={_PERSON}\s*(?:[,.;()]|$)))"
        rf"(?P<value>{_PERSON})",
    ),
    # "Name: Blackwood, Tamsin"; "Walker, Anne M" at a line start before a DOB.
    re.compile(
        rf"^(?P<value>{_NAME_TOKEN},\s+{_NAME_TOKEN}(?:\s+{_INITIAL})?)(?=\s{{2,}}|\t|$)", re.M
    ),
    # Nicknames: 'goes by "Bud"', "aka Dee", "prefers Bunny".
    re.compile(
        r"\b(?:goes by|known as|aka|a\.k\.a\.|prefers(?: to be called)?|nicknamed?)"
        rf"\s+[\"\u201c']?(?P<value>{_NAME_TOKEN})"
    ),
]


# A capitalised word after a known first name: "Walter Adeyemi". Each capitalised word
# is tried (the look-ahead lets matches overlap) and kept when it is a given name.
_GIVEN_NAMES = GIVEN_NAMES
_AFTER_GIVEN_NAME = re.compile(
    rf"\b(?=(?P<value>(?P<first>[A-Z][a-z]+)\s+(?:{_INITIAL}\s+)?{_NAME_TOKEN})\b)"
)
# A capitalised word before a frequent surname: "Philippa Castillo".
_BEFORE_SURNAME = re.compile(
    rf"\b(?=(?P<value>{_NAME_TOKEN} (?:{_INITIAL} )?(?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?))(?![\w-]))"
)
# Two or three capitalised words in the middle of a sentence, none of them a common
# or clinical word: "signed out to night float Dashawn Quintero", "outside records from
# Mehitabel Kristiansen (...)". A lower-case word (or "word," / "word:") comes before,
# so headings and list entries at the start of a line are not read.
# Any label at the start of a line followed by a full name and nothing else:
# "PTA: Eustacia Pennywhistle", "Dosimetrist: Ruairi Tembo, CMD".
_LABELLED_NAME = re.compile(
    r"^[ \t]*[A-Za-z][A-Za-z /&'-]{0,40}(?:\s*\([^()\n]{1,30}\))?[ \t]*:[ \t]*"
    rf"(?P<value>{_NAME_TOKEN}(?: {_INITIAL})? {_NAME_TOKEN})(?=[ \t]*(?:,|\||$|[ \t]{{2}}))",
    re.MULTILINE,
)
_MID_SENTENCE_NAME = re.compile(
    r"(?:(?<=[a-z] )|(?<=[a-z0-9][,:] )|(?<=[a-z]\) ))"
    rf"(?P<value>{_NAME_TOKEN}(?: {_INITIAL})? {_NAME_TOKEN}(?: {_NAME_TOKEN})?)(?![\w'\u2019-])"
)

# Weaker cues, so only a full name of words that are not common or clinical follows
# them: "at the request of Ottoline Whitfield", "per Anna Kovacs".
_FULL_NAME_CUES: list[re.Pattern[str]] = [
    re.compile(
        r"\b(?i:(?:at the )?request of|requested by|per|on behalf of|courtesy of|care of"
        r"|attn\.?|attention|according to|in consultation with|together with|alongside"
        r"|co-managed with|comanaged with|in the presence of|accompanied by)"
        r"\s+(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?\s+)?"
        rf"(?P<value>{_NAME_TOKEN}(?: {_INITIAL})? {_NAME_TOKEN})\b"
        rf"(?=\s*(?:,|\.|;|\)|\n|$|\(|\s(?:at|on|in|for|from|who|and|to|is|was|re|regarding"
        r"|about|via|by|will|has|had|said|stated|reports?|agrees?|called|[A-Z]{2,5}\b)))"
    ),
]


@dataclass(frozen=True)
class Entity:
    type: str
    original_start: int
    original_end: int
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Result:
    text: str
    entities: list[Entity]


def _known_patterns(known: Iterable[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    """Values from the bundle's own resources, matched in the formats notes use."""
    patterns = []
    seen: set[tuple[str, str]] = set()
    for kind, raw in known:
        value = raw.strip()
        if len(value) < 2 or (kind, value.lower()) in seen:
            continue
        seen.add((kind, value.lower()))
        if kind in ("PHONE", "FAX"):
            digits = re.sub(r"\D", "", value)[-10:]
            if len(digits) < 7:
                continue
            body = r"[\s().-]*".join(re.escape(d) for d in digits)
            patterns.append(
                (kind, re.compile(rf"(?<!\d)(?:\+?1[\s.-]*)?{body}(?!\d){_PHONE_EXTENSION}"))
            )
            continue
        if kind == "DATE":
            patterns.extend(_date_variants(value))
            continue
        if kind == "NAME":
            for raw_part in re.split(r"\s+", value):
                part = raw_part.strip(".,")
                # "Dr. Anand Raghavan, MD": the title and the credential are not the name
                if len(part) < 2 or _TITLE_OR_CREDENTIAL.fullmatch(part):
                    continue
                word = part.lower() in COMMON_WORDS
                body = re.escape(part).replace(r"\-", r"[-\s]?")
                if raw_part.endswith("."):
                    body += r"\.?"
                flags = 0 if word else re.IGNORECASE
                patterns.append(
                    (kind, re.compile(rf"(?<![\w-]){body}(?:'s|\u2019s)?(?![\w-])", flags))
                )
            continue
        if kind == "ADDRESS":
            value = re.sub(r"\s+", " ", value)
        body = r"[\s,.-]*".join(re.escape(part) for part in re.split(r"[\s,.-]+", value) if part)
        if body:
            patterns.append((kind, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)))
    return patterns


def _date_variants(value: str) -> list[tuple[str, re.Pattern[str]]]:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return []
    y, m, d = match.groups()
    mi, di = int(m), int(d)
    forms = [rf"0?{mi}[/-]0?{di}[/-](?:{y}|{y[2:]})", rf"{y}[/-]{m}[/-]{d}"]
    return [("DATE", re.compile(rf"(?<!\d){f}(?!\d)")) for f in forms]


def _pattern_spans(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> list[Span]:
    found: list[Span] = []
    for kind, pattern in patterns:
        groups = [g for g in ("value", "value2", "value3") if g in pattern.groupindex]
        for match in pattern.finditer(text):
            group: str | int = next((g for g in groups if match.group(g) is not None), 0)
            start, end = match.span(group)
            if end > start:
                found.append((kind, start, end))
    return found


# Words with a clinical ending are not names ("Crohn colitis", "Hodgkin Lymphoma").
_CLINICAL_ENDING = re.compile(
    r"(?:itis|osis|emia|aemia|ectomy|otomy|ostomy|plasty|scopy|graphy|pathy|algia|oma|omas"
    r"|trophy|plegia|uria|penia|ology|ologic|ological|iatric|iatry|ectasis|iasis|genic)$",
    re.IGNORECASE,
)
# An eponym names a disease, a sign or a test, not a person: "Parkinson's disease",
# "Bell palsy", "Barrett esophagus", "Apgar score".
_EPONYM_AFTER = re.compile(
    r"(?:['\u2019]s?)?\s+(?i:disease|syndrome|palsy|sign|test|maneuver|manoeuvre|phenomenon"
    r"|esophagus|lymphoma|sarcoma|ulcer|cyst|tumou?r|criteria|score|scale|classification"
    r"|fracture|procedure|operation|repair|reflex|node|nodes|disorder|dystrophy|type|stage"
    r"|grade|position|solution|catheter|tube|needle|equation|formula|ratio|index|rule"
    r"|fistula|diverticulum|hernia|contracture|deformity|anomaly|malformation|thyroiditis"
    r"|encephalopathy|neuroma|angina|block|triad|law|method)\b"
)


_NEXT_WORD = re.compile(r"(?:['\u2019]s?)?\s+([a-z]+)")


def _eponym(text: str, end: int) -> bool:
    """A name followed by a disease word names the disease: "Parkinson's disease",
    "de Quervain tenosynovitis", "Hashimoto thyroiditis"."""
    if _EPONYM_AFTER.match(text, end):
        return True
    after = _NEXT_WORD.match(text, end)
    return bool(after and _CLINICAL_ENDING.search(after.group(1)))


def _common(word: str) -> bool:
    word = word.strip(".,'\u2019").lower()
    word = word[:-2] if word.endswith(("'s", "\u2019s")) else word
    return (
        word in COMMON_WORDS
        or word in CLINICAL_WORDS
        or word in DRUG_NAMES
        or word in ORGANISATION_WORDS
        or bool(_CLINICAL_ENDING.search(word))
    )


def _plausible_name(value: str) -> bool:
    words = re.findall(r"[A-Za-z'\u2019-]+", value)
    return bool(words) and not all(_common(w) for w in words)


def _ambiguous_given(tokens: list[re.Match[str]]) -> bool:
    """A given name that is also a word ("Jun", "May") before a surname that is not."""
    return (
        len(tokens) > 1
        and tokens[0].group().strip(".") in AMBIGUOUS_GIVEN_NAMES
        and not _common(tokens[1].group())
    )


def _trim_name(text: str, start: int, end: int, titled: bool = False) -> tuple[int, int] | None:
    """Drop common words at either end of a cue match ("Walter Adeyemi Today"). After a
    title a surname that is also a word stays ("Dr. West", "Mrs. Brown")."""
    tokens = list(re.finditer(r"[A-Za-z'\u2019.-]+", text[start:end]))
    while tokens and _common(tokens[-1].group()):
        if titled and tokens[-1].group().strip(".") in SURNAMES:
            break
        tokens.pop()
    while tokens and _common(tokens[0].group()) and not _ambiguous_given(tokens):
        if titled and tokens[0].group().strip(".") in SURNAMES:
            break
        tokens.pop(0)
    if not tokens:
        return None
    return start + tokens[0].start(), start + tokens[-1].end()


def _strict_name(text: str, start: int, end: int) -> bool:
    """Every word of a name found without a strong cue is neither common nor clinical,
    but for a leading given name that is also a word ("Jun Okonjo")."""
    tokens = list(re.finditer(r"[A-Za-z'\u2019-]{2,}", text[start:end]))
    if not tokens:
        return False
    rest = tokens[1:] if _ambiguous_given(tokens) else tokens
    return not any(_common(t.group()) for t in rest)


def _value_span(match: re.Match[str]) -> tuple[int, int]:
    for group in ("value", "value2"):
        if group in match.re.groupindex and match.group(group) is not None:
            return match.span(group)
    return match.span()


def _name_spans(text: str) -> list[Span]:
    found: list[Span] = []
    cues = (
        (False, [*_NAME_CUES, _AFTER_GIVEN_NAME]),
        (True, [*_FULL_NAME_CUES, _BEFORE_SURNAME, _MID_SENTENCE_NAME, _LABELLED_NAME]),
    )
    for strict, patterns in cues:
        for pattern in patterns:
            for match in pattern.finditer(text):
                start, end = _value_span(match)
                if "first" in pattern.groupindex and match.group("first") not in _GIVEN_NAMES:
                    continue
                if "last" in pattern.groupindex and match.group("last") not in SURNAMES:
                    continue
                if strict:
                    if not _strict_name(text, start, end):
                        continue
                    trimmed: tuple[int, int] | None = (start, end)
                else:
                    trimmed = _trim_name(text, start, end, pattern is _TITLE_CUE)
                if not trimmed:
                    continue
                value = text[trimmed[0] : trimmed[1]]
                titled_surname = pattern is _TITLE_CUE and value.strip(".") in SURNAMES
                if not (titled_surname or _plausible_name(value)):
                    continue
                if _eponym(text, trimmed[1]):
                    continue
                found.append(("NAME", *trimmed))
    # A name found once is removed wherever else it occurs in the note.
    tokens = {
        word
        for _, start, end in found
        for word in re.findall(r"[A-Za-z'\u2019-]{2,}", text[start:end])
        if not _common(word) and word[0].isupper()
    }
    for word in tokens:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?:'s)?(?![\w-])", text):
            if not _eponym(text, match.end()):
                found.append(("NAME", *match.span()))
    return found


def _merge_names(text: str, spans: list[Span]) -> list[Span]:
    """Join name parts split by a space, a comma or a middle initial into one span."""
    merged: list[Span] = []
    for span in spans:
        if merged and span[0] == "NAME" and merged[-1][0] == "NAME":
            gap = text[merged[-1][2] : span[1]]
            if re.fullmatch(r"\s*,?\s*(?:[A-Z]\.?\s+)?", gap) and "\n" not in gap:
                merged[-1] = ("NAME", merged[-1][1], span[2])
                continue
        merged.append(span)
    return merged


# "pain 8/10", "strength 4/5": a score out of ten or five, not a month and day.
_SCORE_BEFORE = re.compile(
    r"(?i:pain|score|scale|scored|rated|rates|severity|intensity|strength|power|reflexes"
    r"|murmur|grade|nrs|vas|level)\b[^.\n]{0,12}$"
)


def _score(text: str, span: Span) -> bool:
    kind, start, end = span
    if kind != "DATE":
        return False
    short = re.fullmatch(r"(\d{1,2})/(\d{1,2})", text[start:end])
    if short is None:
        return False
    a, b = int(short.group(1)), int(short.group(2))
    # "20/40" (visual acuity), "19/21": no month and day in either order
    if not (1 <= a <= 12 and 1 <= b <= 31) and not (1 <= b <= 12 and 1 <= a <= 31):
        return True
    return b in (5, 10) and _SCORE_BEFORE.search(text, max(0, start - 30), start) is not None


# The line under a street line: "St. Cloud, MN 56301", "Bangor ME", "Macon, GA 31201".
_CITY_LINE = re.compile(
    r"[ \t]*,?[ \t]*\n[ \t]*(?P<city>[A-Z][A-Za-z'.]*(?:[ -][A-Z][A-Za-z'.]*){0,3}),?[ \t]+"
    rf"(?:{_STATE})\b\.?(?:,?[ \t]+(?P<zip>\d{{5}}(?:-\d{{4}})?))?[ \t]*(?=\n|$)"
)


def _address_block(text: str, spans: list[Span]) -> list[Span]:
    """The city and ZIP code on the line after a street address."""
    out: list[Span] = []
    for kind, _, end in spans:
        if kind != "ADDRESS":
            continue
        line = _CITY_LINE.match(text, end)
        if line:
            out.append(("CITY", *line.span("city")))
            if line.group("zip"):
                out.append(("ZIP", *line.span("zip")))
    return out


# Every Unicode dash and space as its ASCII form, one character for one so that
# offsets stay the same: "555\u2013123\u20134567", "12\u00a0Mar\u00a02026".
_FOLD = str.maketrans(
    {
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
        **{
            c: " "
            for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
            "\u2008\u2009\u200a\u202f\u205f\u3000"
        },
        **{
            "\u2018": "'",
            "\u2019": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\uff08": "(",
            "\uff09": ")",
        },
    }
)


def find(text: str, known: Iterable[tuple[str, str]] = ()) -> list[Span]:
    """Spans (type, start, end) of PHI in the text, without overlaps."""
    text = text.translate(_FOLD)
    patterns = [s for s in _pattern_spans(text, PATTERNS) if not _score(text, s)]
    found = [
        *_pattern_spans(text, _known_patterns(known)),
        *patterns,
        *_address_block(text, patterns),
        *_name_spans(text),
    ]
    # Longest span first; a span overlapping one already kept is dropped.
    found.sort(key=lambda s: (-(s[2] - s[1]), s[1]))
    kept: list[Span] = []
    for span in found:
        if all(span[2] <= k[1] or span[1] >= k[2] for k in kept):
            kept.append(span)
    kept = _extend(text, sorted(kept, key=lambda s: s[1]))
    kept = _quoted_nicknames(text, kept)
    return _merge_names(text, kept)


# A time after a date belongs to the timestamp; a year after "March 4th" to the date.
_DATE_TAIL = re.compile(
    r"(?:,?\s+(?:(?:of\s+)?(?:19|20)\d{2}\b))?"
    # "2026-04-26 15:15:" ends at the time: a colon after it starts the text
    r"(?:(?:,?\s*|\s+[-\u2013]\s+)(?:(?:at|@)\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp](?:\.[Mm]\.|[Mm]\b))?"
    r"(?!\d|:\d)"
    # "20h55", "03h55"
    r"|\s+(?:[01]?\d|2[0-3])h[0-5]\d\b"
    # ", 0215h", " 2355 hrs": a 24-hour time with its unit
    r"|,?\s*(?:[01]\d|2[0-3])[0-5]\d\s?h(?:rs?|ours)?\b"
    # "@ 0655", "at 1420h": a 24-hour time without a colon after an "@" or "at"
    r"|,?\s*(?:at|@)\s*(?:[01]\d|2[0-3])[0-5]\d(?:\s?h(?:rs?)?)?(?![\d:]))?"
)
_WEEKDAY_BEFORE = re.compile(
    r"(?<![\w])(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+$", re.I
)
_EXTENSION = re.compile(r",?\s*(?:x|ext\.?|extension)\s*\d{1,6}\b", re.I)
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.\s+$")
_INITIAL_AFTER = re.compile(r"^\s+[A-Z]\.(?![\w])")


def _extend(text: str, spans: list[Span]) -> list[Span]:
    """Grow date spans over a following year or time, and name spans over an adjacent
    initial ("C. Feld", "WHITCOMBE, Gideon T.")."""
    out: list[Span] = []
    for i, (kind, start, end) in enumerate(spans):
        limit = spans[i + 1][1] if i + 1 < len(spans) else len(text)
        low = out[-1][2] if out else 0
        if kind == "DATE":
            tail = _DATE_TAIL.match(text, end, limit)
            if tail and tail.group().strip():
                end = tail.end()
            weekday = _WEEKDAY_BEFORE.search(text[max(low, start - 12) : start])
            if weekday:
                start -= len(weekday.group())
        elif kind in ("PHONE", "FAX"):
            extension = _EXTENSION.match(text, end, limit)
            if extension:
                end = extension.end()
        elif kind == "NAME":
            before = _INITIAL_BEFORE.search(text[max(low, start - 4) : start])
            if before:
                start -= len(before.group())
            after = _INITIAL_AFTER.match(text[end:limit])
            if after:
                end += after.end()
        out.append((kind, start, end))
    return out


_QUOTED = re.compile(rf"[\"\u201c'](?P<value>{_NAME_TOKEN})[\"\u201d']")


def _quoted_nicknames(text: str, spans: list[Span]) -> list[Span]:
    """A capitalised word in quotes next to a name ('Robert "Bobby" Smith',
    'Jane Doe ("JJ")') is a nickname, and so is each later use of it."""
    names = [s for s in spans if s[0] == "NAME"]
    words: set[str] = set()
    for match in _QUOTED.finditer(text):
        near = any(0 <= match.start() - e <= 12 or 0 <= s - match.end() <= 2 for _, s, e in names)
        if near and match.group("value").lower() not in COMMON_WORDS:
            words.add(match.group("value"))
    if not words:
        return spans
    extra: list[Span] = []
    for word in words:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            extra.append(("NAME", *match.span()))
    merged = sorted(spans, key=lambda s: s[1])
    for span in extra:
        if all(span[2] <= k[1] or span[1] >= k[2] for k in merged):
            merged.append(span)
    return sorted(merged, key=lambda s: s[1])


def deidentify(text: str, known: Iterable[tuple[str, str]] = ()) -> Result:
    pieces: list[str] = []
    entities: list[Entity] = []
    position = 0
    length = 0
    for kind, start, end in find(text, known):
        pieces.append(text[position:start])
        length += start - position
        placeholder = f"[{kind}]"
        entities.append(Entity(kind, start, end, length, length + len(placeholder)))
        pieces.append(placeholder)
        length += len(placeholder)
        position = end
    pieces.append(text[position:])
    return Result("".join(pieces), entities)
