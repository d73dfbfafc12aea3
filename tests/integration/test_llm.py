"""The analysis service's LLM backend, for real over HTTP: the openai package against a
local fake OpenAI-compatible server (base_url) that answers well, badly or slowly."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import grpc
import pytest

from codingintel.analysis.v1 import analysis_pb2, analysis_pb2_grpc
from codingintel.external import ExternalError
from codingintel.reports.v1 import reports_pb2
from codingintel_analysis import llm
from codingintel_analysis.service import AnalysisService
from codingintel_analysis.settings import AnalysisSettings

from ..fakes import openai_api as fake_api
from ..fakes.harness import error_info, serving
from ..support import REDIS_URL

NOTES = [
    "Chief Complaint:\nCough.\nAssessment:\n[NAME] has community-acquired pneumonia and "
    "hyponatremia. Denies chest pain.\nPlan:\nCeftriaxone."
]
CODES = [
    reports_pb2.CodeSuggestion(
        code="J18.9",
        display="Pneumonia, unspecified organism",
        score=1.0,
        source=reports_pb2.CODE_SOURCE_FHIR,
        evidence=reports_pb2.EvidenceSpan(note_index=0, start=59, end=68, text="pneumonia"),
    ),
    reports_pb2.CodeSuggestion(
        code="I10", display="Essential hypertension", score=1.0, source=reports_pb2.CODE_SOURCE_FHIR
    ),
]


@pytest.fixture
def fake() -> Iterator[fake_api.FakeOpenAI]:
    with fake_api.FakeOpenAI(slow_seconds=1.5, retry_after=0.2) as server:
        yield server  # type: ignore[misc]


def settings(fake: fake_api.FakeOpenAI, **overrides: object) -> AnalysisSettings:
    values: dict[str, object] = {
        "analysis_backend": "openai",
        "openai_base_url": f"{fake.url}/v1",
        "openai_api_key": "test-key",
        "llm_model": "fake-model",
        "llm_timeout_seconds": 1.0,
        "redis_url": REDIS_URL,
        "llm_rps": 0.0,
        "llm_concurrency": 0,
        "rate_limit_max_wait_seconds": 5.0,
    }
    values.update(overrides)
    return AnalysisSettings(**values)  # type: ignore[arg-type]


async def run_both(
    backend: llm.LlmBackend,
) -> tuple[reports_pb2.CodingAnalysis, reports_pb2.QualityAnalysis]:
    coding = await backend.analyze_coding(NOTES, CODES, [])
    quality = await backend.analyze_quality(NOTES, CODES, coding)
    return coding, quality


async def test_both_prompts_in_order_with_structured_output(fake: fake_api.FakeOpenAI) -> None:
    backend = llm.LlmBackend(settings(fake))
    try:
        coding, quality = await run_both(backend)
    finally:
        await backend.close()
    assert [r.prompt for r in fake.requests] == ["coding_analysis", "documentation_quality"]
    first = fake.requests[0]
    assert first.headers["authorization"] == "Bearer test-key"
    assert first.body["model"] == "fake-model"
    assert first.body["response_format"]["type"] == "json_schema"
    assert "sequencing_notes" in json.dumps(first.body["response_format"]["json_schema"]["schema"])
    # The de-identified note and the codes are what the model sees.
    assert "[NAME] has community-acquired pneumonia" in first.text
    assert "J18.9" in first.text and "no note evidence found" in first.text
    assert list(coding.supported_codes) == ["J18.9"]
    assert list(coding.unsupported_codes) == ["I10"]
    assert list(coding.missed_codes) == ["E87.1"]
    assert coding.sequencing_notes[0].code == "J18.9" and coding.sequencing_notes[0].position == 1
    assert coding.specificity_opportunities[0].code == "J18.9"
    assert coding.prompt_version == "coding_analysis.v1"
    assert coding.token_usage.calls == 1 and coding.token_usage.total_tokens > 0
    # The quality prompt builds on the coding analysis.
    assert "E87.1" in fake.requests[1].text
    assert {f.category for f in quality.findings} == {
        "cdi_query",
        "missing_element",
        "conflicting_statement",
    }
    cdi = next(f for f in quality.findings if f.category == "cdi_query")
    assert cdi.severity == reports_pb2.SEVERITY_WARNING and cdi.query and list(cdi.related_codes)
    assert quality.prompt_version == "documentation_quality.v1"


async def test_invalid_json_gets_one_repair_attempt(fake: fake_api.FakeOpenAI) -> None:
    fake.then(fake_api.INVALID_JSON, fake_api.GOOD, fake_api.WRONG_SHAPE, fake_api.FENCED)
    backend = llm.LlmBackend(settings(fake))
    try:
        coding, quality = await run_both(backend)
    finally:
        await backend.close()
    assert len(fake.requests) == 4
    assert coding.token_usage.calls == 2 and quality.token_usage.calls == 2
    repair = fake.requests[1].body["messages"]
    assert repair[-2]["role"] == "assistant"
    assert "does not match the required JSON Schema" in repair[-1]["content"]
    # What was wrong is described by field and error type.
    assert "findings: missing" in fake.requests[3].body["messages"][-1]["content"]
    assert list(coding.supported_codes) == ["J18.9"] and len(quality.findings) == 3


async def test_invalid_twice_fails_clearly(fake: fake_api.FakeOpenAI) -> None:
    fake.then(fake_api.INVALID_JSON, fake_api.WRONG_SHAPE)
    backend = llm.LlmBackend(settings(fake))

    def register(server: grpc.aio.Server) -> None:
        analysis_pb2_grpc.add_AnalysisServiceServicer_to_server(AnalysisService(backend), server)

    try:
        async with serving(register) as channel:
            stub = analysis_pb2_grpc.AnalysisServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.AnalyzeCoding(
                    analysis_pb2.AnalyzeCodingRequest(note_texts=NOTES, icd10_codes=CODES),
                    timeout=10,
                )
            assert caught.value.code() == grpc.StatusCode.INTERNAL
            assert error_info(caught.value).reason == "LLM_INVALID_OUTPUT"
            details = caught.value.details() or ""
            assert "after one repair attempt" in details
            assert "pneumonia" not in details.lower() and "supported_codes" not in details
            # The next call is fine, and the response names the model.
            answer = await stub.AnalyzeCoding(
                analysis_pb2.AnalyzeCodingRequest(note_texts=NOTES, icd10_codes=CODES), timeout=10
            )
            assert answer.backend == "fake-model"
    finally:
        await backend.close()
    assert len(fake.requests) == 3


async def test_a_slow_answer_is_deadline_exceeded(fake: fake_api.FakeOpenAI) -> None:
    fake.then(fake_api.SLOW)
    backend = llm.LlmBackend(settings(fake, llm_timeout_seconds=0.5))
    try:
        began = time.monotonic()
        with pytest.raises(ExternalError) as caught:
            await backend.analyze_coding(NOTES, CODES, [])
    finally:
        await backend.close()
    assert caught.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - began < 1.4  # not tried again


async def test_throttles_and_server_errors_are_waited_out(fake: fake_api.FakeOpenAI) -> None:
    fake.then(fake_api.THROTTLE, fake_api.SERVER_ERROR, fake_api.GOOD)
    backend = llm.LlmBackend(settings(fake))
    try:
        began = time.monotonic()
        coding = await backend.analyze_coding(NOTES, CODES, [])
    finally:
        await backend.close()
    assert time.monotonic() - began >= 0.2  # the Retry-After
    assert len(fake.requests) == 3 and list(coding.supported_codes) == ["J18.9"]


async def test_errors_map_to_grpc_status_codes(fake: fake_api.FakeOpenAI) -> None:
    backend = llm.LlmBackend(settings(fake, llm_max_attempts=2, rate_limit_max_wait_seconds=2.0))
    fake.retry_after = 10  # longer than the wait budget

    def register(server: grpc.aio.Server) -> None:
        analysis_pb2_grpc.add_AnalysisServiceServicer_to_server(AnalysisService(backend), server)

    request = analysis_pb2.AnalyzeQualityRequest(note_texts=NOTES, icd10_codes=CODES)
    cases = [
        ((fake_api.SERVER_ERROR, fake_api.SERVER_ERROR), grpc.StatusCode.UNAVAILABLE),
        ((fake_api.BAD_REQUEST,), grpc.StatusCode.INVALID_ARGUMENT),
        ((fake_api.THROTTLE,), grpc.StatusCode.RESOURCE_EXHAUSTED),
    ]
    try:
        async with serving(register) as channel:
            stub = analysis_pb2_grpc.AnalysisServiceStub(channel)
            for behaviours, code in cases:
                fake.then(*behaviours)
                began = time.monotonic()
                with pytest.raises(grpc.aio.AioRpcError) as caught:
                    await stub.AnalyzeQuality(request, timeout=10)
                assert caught.value.code() == code, behaviours
                assert time.monotonic() - began < 3
                assert error_info(caught.value).metadata["prompt"] == "documentation_quality"
                assert "boom" not in (caught.value.details() or "")
    finally:
        limiter = backend.limiter
        await limiter._client().delete(limiter._key(llm.OPERATION, "blocked"))
        await backend.close()


async def test_json_object_mode_and_missing_configuration(
    fake: fake_api.FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = llm.LlmBackend(settings(fake, llm_response_format="json_object"))
    try:
        await backend.analyze_coding(NOTES, CODES, [])
    finally:
        await backend.close()
    assert fake.requests[0].body["response_format"] == {"type": "json_object"}
    with pytest.raises(SystemExit) as caught:
        llm.LlmBackend(settings(fake, openai_api_key=None, openai_base_url=None))
    assert caught.value.code == 2 and "OPENAI_API_KEY" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        llm.LlmBackend(settings(fake, llm_prompt_version="v999"))
    assert caught.value.code == 2 and "LLM_PROMPT_VERSION" in capsys.readouterr().err
