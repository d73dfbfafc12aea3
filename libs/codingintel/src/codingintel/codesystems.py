"""The code-system URIs of FHIR codings, apart from the FHIR models: the coding service
uses them without validating bundles, so its image carries no fhir.resources."""

from __future__ import annotations

ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED_SYSTEM = "http://snomed.info/sct"
LOINC_SYSTEM = "http://loinc.org"
RXNORM_SYSTEM = "http://www.nlm.nih.gov/research/umls/rxnorm"
