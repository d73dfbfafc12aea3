"""FHIR R4 bundle validation and extraction (fhir.resources R4B models).

Everything a caller may see from here is built from locations and error types only:
validator messages echo the input, and the input is PHI.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pydantic
from fhir.resources import R4B
from fhir.resources.R4B.bundle import Bundle

# Re-exported: callers that parse bundles name the systems from here.
from codingintel.codesystems import ICD10CM_SYSTEM as ICD10CM_SYSTEM
from codingintel.codesystems import LOINC_SYSTEM as LOINC_SYSTEM
from codingintel.codesystems import RXNORM_SYSTEM as RXNORM_SYSTEM
from codingintel.codesystems import SNOMED_SYSTEM as SNOMED_SYSTEM

TEXT_CONTENT_TYPES = ("text/plain", "text/html")
# A single note larger than this rejects the bundle (see parse_encounter).
MAX_NOTE_BYTES = 1024 * 1024

# Resource types whose codes are carried to coding, and the element holding them.
CODED_RESOURCE_TYPES = {
    "Condition": "code",
    "Procedure": "code",
    "Observation": "code",
    "MedicationRequest": "medicationCodeableConcept",
    "AllergyIntolerance": "code",
}


@dataclass(frozen=True)
class Violation:
    """One problem with the input: where it is and what kind it is, never its value."""

    field: str
    description: str


class BundleInvalid(Exception):
    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(f"{len(violations)} field violation(s)")
        self.violations = violations


@dataclass(frozen=True)
class Note:
    source: str
    text: str


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str
    # The FHIR resource type it came from, e.g. "Condition", "MedicationRequest".
    resource_type: str = ""


@dataclass(frozen=True)
class KnownIdentifier:
    type: str
    value: str


@dataclass
class Encounter:
    """What the pipeline needs from a validated bundle."""

    encounter_id: str
    notes: list[Note] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    known_identifiers: list[KnownIdentifier] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _location(loc: tuple[int | str, ...]) -> str:
    path = "fhir_bundle"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def decode_bundle(data: bytes, max_bytes: int) -> dict[str, Any]:
    """Bytes to a JSON object, or BundleInvalid naming where it broke."""
    if not data:
        raise BundleInvalid([Violation("fhir_bundle", "required: the bundle is empty")])
    if len(data) > max_bytes:
        raise BundleInvalid(
            [Violation("fhir_bundle", f"too_large: the bundle exceeds {max_bytes} bytes")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleInvalid(
            [Violation("fhir_bundle", f"invalid_utf8: not valid UTF-8 at byte {exc.start}")]
        ) from None
    try:
        obj = json.loads(text)
    except RecursionError:
        raise BundleInvalid(
            [Violation("fhir_bundle", "too_deep: the JSON is nested too deeply")]
        ) from None
    except json.JSONDecodeError as exc:
        raise BundleInvalid(
            [
                Violation(
                    "fhir_bundle",
                    f"invalid_json: not valid JSON at line {exc.lineno} column {exc.colno}",
                )
            ]
        ) from None
    if not isinstance(obj, dict):
        raise BundleInvalid([Violation("fhir_bundle", "invalid_type: expected a JSON object")])
    if obj.get("resourceType") != "Bundle":
        raise BundleInvalid(
            [Violation("fhir_bundle.resourceType", "invalid_value: expected Bundle")]
        )
    return obj


def _check_resource_types(obj: dict[str, Any]) -> None:
    # fhir.resources answers an unknown resourceType with a KeyError, not a
    # ValidationError; check first so the caller gets a field violation.
    entries = obj.get("entry")
    if not isinstance(entries, list):
        return
    violations = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            continue
        name = resource.get("resourceType")
        location = f"fhir_bundle.entry[{index}].resource.resourceType"
        if not isinstance(name, str):
            violations.append(Violation(location, "required: resourceType is missing"))
            continue
        try:
            R4B.get_fhir_model_class(name)
        except ValueError:
            violations.append(Violation(location, "invalid_value: unknown FHIR resource type"))
    if violations:
        raise BundleInvalid(violations)


def validate_bundle(obj: dict[str, Any]) -> Bundle:
    _check_resource_types(obj)
    try:
        return Bundle.model_validate(obj)
    except pydantic.ValidationError as exc:
        violations = [
            Violation(_location(tuple(error["loc"])), f"{error['type']}: invalid FHIR content")
            for error in exc.errors()[:50]
        ]
        raise BundleInvalid(violations) from None
    except (ValueError, KeyError, TypeError):
        raise BundleInvalid(
            [Violation("fhir_bundle", "invalid: not a valid FHIR R4 Bundle")]
        ) from None


def json_depth(obj: Any, limit: int) -> int:
    """How deeply the JSON nests, counting no further than `limit` + 1 (no recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        if isinstance(node, dict):
            stack.extend(
                (child, depth + 1) for child in node.values() if isinstance(child, dict | list)
            )
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, dict | list))
    return deepest


def check_limits(obj: dict[str, Any], max_entries: int, max_depth: int) -> None:
    """Limits that keep one request from costing everyone else: entries and nesting."""
    entries = obj.get("entry")
    if isinstance(entries, list) and len(entries) > max_entries:
        raise BundleInvalid(
            [Violation("fhir_bundle.entry", f"too_many: at most {max_entries} entries")]
        )
    if json_depth(obj, max_depth) > max_depth:
        raise BundleInvalid(
            [Violation("fhir_bundle", f"too_deep: JSON nested more than {max_depth} levels")]
        )


def parse_encounter(
    data: bytes,
    max_bytes: int = 10 * 1024 * 1024,
    max_note_bytes: int = MAX_NOTE_BYTES,
    *,
    max_entries: int = 10_000,
    max_depth: int = 64,
    max_notes: int = 500,
) -> Encounter:
    """Validate a bundle and extract what the pipeline needs.

    Raises BundleInvalid with PHI-free field violations. A note that is not UTF-8
    or is larger than max_note_bytes rejects the bundle; an empty note, a note
    without inline data or of another content type is skipped with a warning.
    """
    obj = decode_bundle(data, max_bytes)
    check_limits(obj, max_entries, max_depth)
    bundle = validate_bundle(obj)
    entries = list(bundle.entry or [])
    encounter_entries = [
        (i, e)
        for i, e in enumerate(entries)
        if e.resource is not None and e.resource.get_resource_type() == "Encounter"
    ]
    if len(encounter_entries) != 1:
        raise BundleInvalid(
            [
                Violation(
                    "fhir_bundle.entry",
                    f"encounter_count: expected exactly one Encounter, found {len(encounter_entries)}",
                )
            ]
        )
    index, entry = encounter_entries[0]
    resource: Any = entry.resource
    encounter_id = resource.id
    if not encounter_id and resource.identifier:
        encounter_id = resource.identifier[0].value
    if not encounter_id:
        encounter_id = entry.fullUrl
    if not encounter_id:
        raise BundleInvalid(
            [
                Violation(
                    f"fhir_bundle.entry[{index}].resource.id",
                    "required: the Encounter has no id, identifier or fullUrl",
                )
            ]
        )
    encounter = Encounter(encounter_id=str(encounter_id))
    for i, e in enumerate(entries):
        if e.resource is not None:
            _extract(e.resource, f"fhir_bundle.entry[{i}].resource", encounter, max_note_bytes)
    if len(encounter.notes) > max_notes:
        raise BundleInvalid(
            [Violation("fhir_bundle.entry", f"too_many_notes: at most {max_notes} notes")]
        )
    return encounter


def _extract(resource: Any, location: str, out: Encounter, max_note_bytes: int) -> None:
    kind = resource.get_resource_type()
    ref = f"{kind}/{resource.id}" if resource.id else location.removeprefix("fhir_bundle.")
    if kind in ("Patient", "Practitioner", "RelatedPerson"):
        _extract_person(resource, out)
    element = CODED_RESOURCE_TYPES.get(kind)
    concept = getattr(resource, element, None) if element else None
    if concept is not None:
        for coding in concept.coding or []:
            if coding.system and coding.code:
                out.codings.append(Coding(coding.system, coding.code, coding.display or "", kind))
    if kind == "DocumentReference":
        for j, content in enumerate(resource.content or []):
            _add_attachment(
                content.attachment, f"{ref}#content[{j}]", location, out, max_note_bytes
            )
    if kind == "DiagnosticReport":
        for j, form in enumerate(resource.presentedForm or []):
            _add_attachment(form, f"{ref}#presentedForm[{j}]", location, out, max_note_bytes)
    if kind == "Composition":
        _add_sections(resource.section or [], f"{ref}#section", out)


def _add_sections(sections: list[Any], source: str, out: Encounter) -> None:
    for j, section in enumerate(sections):
        if section.text is not None and section.text.div:
            text = _html_to_text(section.text.div)
            title = section.title or ""
            if title:
                text = f"{title}:\n{text}"
            _add_note(text, f"{source}[{j}]", out)
        if section.section:
            _add_sections(section.section, f"{source}[{j}].section", out)


def _extract_person(resource: Any, out: Encounter) -> None:
    if getattr(resource, "birthDate", None):
        out.known_identifiers.append(KnownIdentifier("DATE", str(resource.birthDate)))
    for name in resource.name or []:
        parts = [*(name.given or []), name.family or ""]
        if name.text:
            out.known_identifiers.append(KnownIdentifier("NAME", name.text))
        for part in parts:
            if part and len(part) > 1:
                out.known_identifiers.append(KnownIdentifier("NAME", part))
        full = " ".join(p for p in parts if p)
        if full:
            out.known_identifiers.append(KnownIdentifier("NAME", full))
    for identifier in getattr(resource, "identifier", None) or []:
        if identifier.value:
            out.known_identifiers.append(KnownIdentifier("MRN", identifier.value))
    for telecom in resource.telecom or []:
        if telecom.value:
            kind = {"email": "EMAIL", "fax": "FAX", "url": "URL"}.get(telecom.system, "PHONE")
            out.known_identifiers.append(KnownIdentifier(kind, telecom.value))
    for address in resource.address or []:
        for line in address.line or []:
            out.known_identifiers.append(KnownIdentifier("ADDRESS", line))
        if address.city:
            out.known_identifiers.append(KnownIdentifier("CITY", address.city))
        if address.postalCode:
            out.known_identifiers.append(KnownIdentifier("ZIP", address.postalCode))


def _add_attachment(
    attachment: Any, source: str, location: str, out: Encounter, max_note_bytes: int
) -> None:
    content_type = (attachment.contentType or "").split(";")[0].strip().lower()
    if content_type not in TEXT_CONTENT_TYPES:
        out.warnings.append(f"{source}: content type not read")
        return
    if attachment.data is None:
        out.warnings.append(f"{source}: no inline data")
        return
    raw = attachment.data
    try:
        data = raw if isinstance(raw, bytes) else base64.b64decode(raw, validate=True)
        if len(data) > max_note_bytes:
            raise BundleInvalid(
                [
                    Violation(
                        f"{location}.attachment.data",
                        f"too_large: the note exceeds {max_note_bytes} bytes",
                    )
                ]
            )
        text = data.decode("utf-8")
    except (binascii.Error, ValueError):
        # An unreadable note is rejected rather than skipped: coding an encounter
        # without one of its notes would silently give a wrong report.
        raise BundleInvalid(
            [Violation(f"{location}.attachment.data", "invalid_utf8: the note is not UTF-8 text")]
        ) from None
    if content_type == "text/html":
        text = _html_to_text(text)
    _add_note(text, source, out)


def _add_note(text: str, source: str, out: Encounter) -> None:
    if not text.strip():
        out.warnings.append(f"{source}: empty note skipped")
        return
    out.notes.append(Note(source=source, text=text))


_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6])\s*/?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def _html_to_text(markup: str) -> str:
    text = _BLOCK_TAGS.sub("\n", markup)
    text = _TAGS.sub("", text)
    lines = [line.strip() for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)
