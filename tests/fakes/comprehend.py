"""A fake AWS Comprehend Medical endpoint: the AWS JSON 1.1 protocol (POST /, the
operation in X-Amz-Target), for boto3 with endpoint_url. It enforces the API's size
limits, can throttle (a request rate per operation, or scripted answers) and fail, and
records every request it receives."""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .server import FakeServer, json_body

TARGET_PREFIX = "ComprehendMedical_20181030."
LIMITS = {
    "DetectPHI": ("bytes", 20_000),
    "InferICD10CM": ("chars", 10_000),
    "InferSNOMEDCT": ("chars", 10_000),
}

# term: (ICD-10-CM code, description, SNOMED CT code, description, score)
VOCABULARY: dict[str, tuple[str, str, str, str, float]] = {
    "pneumonia": ("J18.9", "Pneumonia, unspecified organism", "233604007", "Pneumonia", 0.92),
    "hyponatremia": ("E87.1", "Hypo-osmolality and hyponatremia", "89627008", "Hyponatremia", 0.9),
    "nicotine dependence": (
        "F17.210",
        "Nicotine dependence, cigarettes, uncomplicated",
        "56294008",
        "Nicotine dependence",
        0.88,
    ),
    "chronic obstructive pulmonary disease": (
        "J44.9",
        "Chronic obstructive pulmonary disease, unspecified",
        "13645005",
        "Chronic obstructive lung disease",
        0.9,
    ),
    "hypothyroidism": ("E03.9", "Hypothyroidism, unspecified", "40930008", "Hypothyroidism", 0.91),
    "type 2 diabetes mellitus": (
        "E11.9",
        "Type 2 diabetes mellitus without complications",
        "44054006",
        "Diabetes mellitus type 2",
        0.93,
    ),
    "hypertension": ("I10", "Essential (primary) hypertension", "38341003", "Hypertension", 0.9),
    "chest pain": ("R07.9", "Chest pain, unspecified", "29857009", "Chest pain", 0.85),
    "hemoptysis": ("R04.2", "Hemoptysis", "66857006", "Hemoptysis", 0.87),
    "lung cancer": ("C34.90", "Malignant neoplasm of lung", "363358000", "Lung cancer", 0.86),
    "fatigue": ("R53.83", "Other fatigue", "84229001", "Fatigue", 0.3),
}

_NEGATION = re.compile(r"\b(?:no|denies|denied|negative for|without)\b", re.IGNORECASE)
_FAMILY = re.compile(r"\b(?:family history|father|mother|sister|brother)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|concern for|risk of|rule out)\b", re.IGNORECASE)


@dataclass
class Call:
    operation: str
    text: str
    headers: dict[str, str]
    time: float
    answered: int = 200


@dataclass
class Scripted:
    status: int
    error: str
    headers: dict[str, str] = field(default_factory=dict)
    operation: str | None = None


class FakeComprehend(FakeServer):
    def __init__(
        self,
        phi_terms: Iterable[tuple[str, str]] = (),
        *,
        max_rps: dict[str, float] | None = None,
        delay_seconds: float = 0.0,
    ) -> None:
        super().__init__()
        # (type, value): DetectPHI reports every occurrence of each value.
        self.phi_terms = list(phi_terms)
        self.max_rps = dict(max_rps or {})
        self.delay_seconds = delay_seconds
        self.calls: list[Call] = []
        self.script: deque[Scripted] = deque()
        self.recent: dict[str, deque[float]] = {}
        self.in_flight: dict[str, int] = {}
        self.peak_in_flight: dict[str, int] = {}

    # -- scripting -----------------------------------------------------------------
    def fail_next(
        self,
        status: int,
        error: str,
        *,
        times: int = 1,
        retry_after: float | None = None,
        operation: str | None = None,
    ) -> None:
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
        with self.lock:
            for _ in range(times):
                self.script.append(Scripted(status, error, headers, operation))

    def texts(self, operation: str | None = None) -> list[str]:
        with self.lock:
            return [c.text for c in self.calls if operation in (None, c.operation)]

    def answered(self, operation: str, status: int) -> int:
        with self.lock:
            return sum(1 for c in self.calls if c.operation == operation and c.answered == status)

    # -- the API ------------------------------------------------------------------------
    def handle(
        self, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        target = headers.get("x-amz-target", "")
        operation = target.removeprefix(TARGET_PREFIX)
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return self._error(400, "SerializationException")
        text = str(payload.get("Text", ""))
        call = Call(operation, text, headers, time.monotonic())
        with self.lock:
            self.calls.append(call)
            scripted = next((s for s in self.script if s.operation in (None, operation)), None)
            if scripted is not None:
                self.script.remove(scripted)
        if "authorization" not in headers or "AWS4-HMAC-SHA256" not in headers["authorization"]:
            call.answered = 403
            return self._error(403, "UnrecognizedClientException")
        if operation not in LIMITS:
            call.answered = 400
            return self._error(400, "UnknownOperationException")
        if scripted is not None:
            call.answered = scripted.status
            return self._error(scripted.status, scripted.error, scripted.headers)
        if self._over_rate(operation, call.time):
            call.answered = 400
            return self._error(400, "TooManyRequestsException")
        unit, limit = LIMITS[operation]
        size = len(text.encode()) if unit == "bytes" else len(text)
        if not text or size > limit:
            call.answered = 400
            return self._error(400, "TextSizeLimitExceededException")
        with self.lock:
            self.in_flight[operation] = self.in_flight.get(operation, 0) + 1
            self.peak_in_flight[operation] = max(
                self.peak_in_flight.get(operation, 0), self.in_flight[operation]
            )
        try:
            if self.delay_seconds:
                time.sleep(self.delay_seconds)
            if operation == "DetectPHI":
                answer = self._detect_phi(text)
            else:
                answer = self._infer(text, operation)
        finally:
            with self.lock:
                self.in_flight[operation] -= 1
        return 200, {"Content-Type": "application/x-amz-json-1.1"}, json_body(answer)

    def _over_rate(self, operation: str, now: float) -> bool:
        rate = self.max_rps.get(operation)
        if not rate:
            return False
        with self.lock:
            window = self.recent.setdefault(operation, deque())
            while window and now - window[0] >= 1.0:
                window.popleft()
            # A little slack for timing jitter between the limiter and this clock.
            if len(window) >= rate + 0.5:
                return True
            window.append(now)
            return False

    @staticmethod
    def _error(
        status: int, error: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        return (
            status,
            {
                "Content-Type": "application/x-amz-json-1.1",
                "x-amzn-ErrorType": error,
                **(headers or {}),
            },
            json_body({"__type": error, "Message": "fake error"}),
        )

    def _detect_phi(self, text: str) -> dict[str, Any]:
        entities: list[dict[str, Any]] = []
        for kind, value in self.phi_terms:
            for match in re.finditer(re.escape(value), text):
                entities.append(
                    {
                        "Id": len(entities),
                        "BeginOffset": match.start(),
                        "EndOffset": match.end(),
                        "Score": 0.99,
                        "Text": match.group(0),
                        "Category": "PROTECTED_HEALTH_INFORMATION",
                        "Type": kind,
                        "Traits": [],
                    }
                )
        return {"Entities": entities, "ModelVersion": "fake-1"}

    @staticmethod
    def _traits(text: str, start: int) -> list[dict[str, Any]]:
        clause_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
        before = text[clause_start:start]
        # A section header line just before ("Family History:") belongs to the clause.
        section = text[max(0, text.rfind(":\n", 0, start) - 20) : start]
        traits = []
        if _NEGATION.search(before):
            traits.append({"Name": "NEGATION", "Score": 0.95})
        if _FAMILY.search(before) or "Family History" in section:
            traits.append({"Name": "PERTAINS_TO_FAMILY", "Score": 0.9})
        if _HYPOTHETICAL.search(before):
            traits.append({"Name": "HYPOTHETICAL", "Score": 0.8})
        return traits or [{"Name": "DIAGNOSIS", "Score": 0.8}]

    def _infer(self, text: str, operation: str) -> dict[str, Any]:
        snomed = operation == "InferSNOMEDCT"
        entities: list[dict[str, Any]] = []
        for term, (icd, icd_desc, sct, sct_desc, score) in VOCABULARY.items():
            for match in re.finditer(rf"\b{re.escape(term)}\b", text, re.IGNORECASE):
                concept = {
                    "Code": sct if snomed else icd,
                    "Description": sct_desc if snomed else icd_desc,
                    "Score": score,
                }
                entities.append(
                    {
                        "Id": len(entities),
                        "Text": match.group(0),
                        "Category": "MEDICAL_CONDITION",
                        "Type": "DX_NAME",
                        "Score": score,
                        "BeginOffset": match.start(),
                        "EndOffset": match.end(),
                        "Attributes": [],
                        "Traits": self._traits(text, match.start()),
                        ("SNOMEDCTConcepts" if snomed else "ICD10CMConcepts"): [
                            concept,
                            {"Code": "Z00.00", "Description": "weaker", "Score": score / 3},
                        ],
                    }
                )
        answer: dict[str, Any] = {"Entities": entities, "ModelVersion": "fake-1"}
        if snomed:
            answer["SNOMEDCTDetails"] = {
                "Edition": "US",
                "Language": "en",
                "VersionDate": "20250301",
            }
        return answer
