"""The coding service's Comprehend Medical backend, for real over HTTP: boto3 against a
local fake InferICD10CM / InferSNOMEDCT endpoint, the shared limiter on the real Redis."""

from __future__ import annotations

import time
from collections.abc import Iterator

import grpc
import pytest

from codingintel import comprehend
from codingintel.coding.v1 import coding_pb2, coding_pb2_grpc
from codingintel.fhir import ICD10CM_SYSTEM, SNOMED_SYSTEM
from codingintel.reports.v1 import reports_pb2
from codingintel_coding import filtering
from codingintel_coding.comprehend import ComprehendBackend
from codingintel_coding.service import CodingService
from codingintel_coding.settings import CodingSettings

from ..fakes.comprehend import FakeComprehend
from ..fakes.harness import AWS_ENV, error_info, serving
from ..support import REDIS_URL

NOTE = (
    "Patient: [NAME]    MRN: [MRN]\n\n"
    "History of Present Illness:\n"
    "Fever and cough for 4 days. He denies chest pain. Some fatigue.\n\n"
    "Family History:\n"
    "Father had lung cancer.\n\n"
    "Assessment:\n"
    "Community-acquired pneumonia. Hyponatremia. Concern for hemoptysis if worse.\n\n"
    "Billing:\n"
    "Hypertension billing line that must never be sent.\n"
)
CODINGS = [
    coding_pb2.Coding(
        system=ICD10CM_SYSTEM, code="J18.9", display="Pneumonia, unspecified organism"
    ),
    coding_pb2.Coding(system=ICD10CM_SYSTEM, code="I10", display="Essential hypertension"),
    coding_pb2.Coding(system=SNOMED_SYSTEM, code="233604007", display="Pneumonia"),
]


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def fake() -> Iterator[FakeComprehend]:
    with FakeComprehend() as server:
        yield server  # type: ignore[misc]


def settings(fake: FakeComprehend, **overrides: object) -> CodingSettings:
    values: dict[str, object] = {
        "coding_backend": "comprehend",
        "comprehend_endpoint_url": fake.url,
        "redis_url": REDIS_URL,
        "comprehend_max_attempts": 2,
        "rate_limit_max_wait_seconds": 5.0,
        "comprehend_infer_icd10cm_rps": 0.0,
        "comprehend_infer_icd10cm_concurrency": 0,
        "comprehend_infer_snomedct_rps": 0.0,
        "comprehend_infer_snomedct_concurrency": 0,
    }
    values.update(overrides)
    return CodingSettings(**values)  # type: ignore[arg-type]


def by_code(
    codes: list[reports_pb2.CodeSuggestion],
) -> dict[tuple[str, int], reports_pb2.CodeSuggestion]:
    return {(c.code, c.source): c for c in codes}


async def test_icd10_drops_negated_family_hypothetical_and_low_scores(fake: FakeComprehend) -> None:
    backend = ComprehendBackend(settings(fake))
    try:
        note = filtering.filter_note(NOTE)
        codes = await backend.infer_icd10([note], CODINGS)
    finally:
        await backend.close()
    found = by_code(codes)
    note_codes = {c.code for c in codes if c.source == reports_pb2.CODE_SOURCE_NOTE}
    # Kept: affirmed diagnoses. Dropped: denied chest pain (NEGATION), the father's lung
    # cancer (PERTAINS_TO_FAMILY), hemoptysis "if worse" (HYPOTHETICAL), fatigue (score).
    assert note_codes == {"J18.9", "E87.1"}
    for code in codes:
        if code.HasField("evidence"):
            span = code.evidence
            assert NOTE[span.start : span.end] == span.text
            assert span.text.lower() in {"pneumonia", "hyponatremia"}
    # The encounter's codes are carried, with the note evidence behind them.
    fhir_j18 = found[("J18.9", reports_pb2.CODE_SOURCE_FHIR)]
    assert fhir_j18.evidence.text.lower() == "pneumonia"
    assert not found[("I10", reports_pb2.CODE_SOURCE_FHIR)].HasField("evidence")
    # Only the clinical segments were sent: not the billing section.
    sent = "\n".join(fake.texts("InferICD10CM"))
    assert "billing line" not in sent and "Community-acquired pneumonia" in sent


async def test_long_notes_are_split_under_the_character_limit_and_offsets_map_back(
    fake: FakeComprehend,
) -> None:
    sentence = "The patient has hypertension and is followed closely in clinic today. "
    text = "Assessment:\n" + sentence * 400 + "Pneumonia at the very end."
    assert len(text) > 2 * comprehend.INFER_MAX_CHARS
    backend = ComprehendBackend(settings(fake))
    try:
        codes = await backend.infer_snomed([filtering.filter_note(text)], [])
    finally:
        await backend.close()
    sent = fake.texts("InferSNOMEDCT")
    assert len(sent) >= 3
    assert all(len(t) <= comprehend.INFER_MAX_CHARS for t in sent)
    assert all(t.rstrip().endswith(".") for t in sent)
    found = {c.code: c for c in codes}
    assert set(found) == {"38341003", "233604007"}
    pneumonia = found["233604007"].evidence
    assert text[pneumonia.start : pneumonia.end] == "Pneumonia"
    assert pneumonia.start == text.index("Pneumonia at the very end")


async def test_snomed_requests_stay_under_the_rate_the_api_allows(fake: FakeComprehend) -> None:
    # The fake throttles above 4 requests a second; the limiter keeps under it.
    fake.max_rps["InferSNOMEDCT"] = 4
    sentence = "Known hypertension, stable on treatment for years now. "
    text = "Assessment:\n" + sentence * 1000
    backend = ComprehendBackend(
        settings(fake, comprehend_infer_snomedct_rps=4.0, comprehend_infer_snomedct_concurrency=2)
    )
    try:
        began = time.monotonic()
        codes = await backend.infer_snomed([filtering.filter_note(text)], [])
        took = time.monotonic() - began
    finally:
        await backend.close()
    calls = len(fake.texts("InferSNOMEDCT"))
    assert calls >= 6
    assert fake.answered("InferSNOMEDCT", 400) == 0
    assert took >= (calls - 1) / 4 * 0.9
    assert fake.peak_in_flight["InferSNOMEDCT"] <= 2
    assert {c.code for c in codes} == {"38341003"}


async def test_errors_map_to_grpc_status_codes(fake: FakeComprehend) -> None:
    backend = ComprehendBackend(settings(fake, comprehend_max_attempts=1))

    def register(server: grpc.aio.Server) -> None:
        coding_pb2_grpc.add_CodingServiceServicer_to_server(CodingService(backend), server)

    # One chunk, so that each scripted failure meets exactly one request.
    note = filtering.filter_note("Assessment:\nCommunity-acquired pneumonia.\n")
    request = coding_pb2.InferIcd10CodesRequest(notes=[note])
    try:
        async with serving(register) as channel:
            stub = coding_pb2_grpc.CodingServiceStub(channel)
            fake.fail_next(503, "ServiceUnavailableException")
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.InferIcd10Codes(request, timeout=10)
            assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
            assert error_info(caught.value).metadata["operation"] == "InferICD10CM"
            fake.fail_next(400, "TextSizeLimitExceededException")
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.InferIcd10Codes(request, timeout=10)
            assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert "pneumonia" not in (caught.value.details() or "").lower()
            # Filtering needs no external API and works the same for every backend.
            filtered = await stub.FilterClinicalText(
                coding_pb2.FilterClinicalTextRequest(texts=[NOTE]), timeout=10
            )
            assert filtered.backend == filtering.BACKEND_NAME
    finally:
        await backend.close()


def test_a_bad_score_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="comprehend_min_score"):
        CodingSettings(comprehend_min_score=1.5)
