"""One encounter through the production backends — Comprehend Medical for phi and
coding, an OpenAI-compatible LLM for analysis — as real processes, against local fakes of
the external APIs. Nothing the bundle identifies, and nothing DetectPHI finds, may reach
any external API past de-identification."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from codingintel import comprehend, fhir, pipeline
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

from ..fakes.comprehend import FakeComprehend
from ..fakes.harness import AWS_ENV
from ..fakes.openai_api import FakeOpenAI
from ..support import EXAMPLES, Suite
from .test_core_path import wait_terminal

EXAMPLE = next(p for p in EXAMPLES if "pneumonia" in p.name)
# Free-text PHI that only DetectPHI finds ("Retired welder." in the admission note).
FREE_TEXT_PHI = [("PROFESSION", "welder")]


@pytest.fixture
def fakes() -> Iterator[tuple[FakeComprehend, FakeOpenAI]]:
    with FakeComprehend(phi_terms=FREE_TEXT_PHI) as aws, FakeOpenAI() as llm:
        yield aws, llm  # type: ignore[misc]


def test_an_encounter_completes_on_every_production_backend(
    database_url: str, tmp_path: Path, fakes: tuple[FakeComprehend, FakeOpenAI]
) -> None:
    aws, llm = fakes
    overrides = {
        **AWS_ENV,
        "PHI_BACKEND": "comprehend",
        "CODING_BACKEND": "comprehend",
        "ANALYSIS_BACKEND": "openai",
        "COMPREHEND_ENDPOINT_URL": aws.url,
        "OPENAI_BASE_URL": f"{llm.url}/v1",
        "OPENAI_API_KEY": "test-key",
        "LLM_MODEL": "fake-model",
        "LLM_TIMEOUT_SECONDS": "5",
    }
    bundle = EXAMPLE.read_bytes()
    encounter = fhir.parse_encounter(bundle, max_bytes=len(bundle))
    with (
        Suite(database_url, tmp_path, env_overrides=overrides) as suite,
        grpc.insecure_channel(suite.gateway_addr) as channel,
    ):
        stub = reports_pb2_grpc.ReportServiceStub(channel)
        created = stub.CreateReport(reports_pb2.CreateReportRequest(fhir_bundle=bundle))
        report = wait_terminal(stub, created.report_id)
        logs = "".join(suite.log(name) for name in ("phi", "coding", "analysis"))
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error
    calls = {op: len(aws.texts(op)) for op in ("DetectPHI", "InferICD10CM", "InferSNOMEDCT")}
    print(
        "production backends:",
        {"processing_time_ms": report.processing_time_ms, **calls, "llm": len(llm.requests)},
    )
    result = report.result
    assert not result.degraded_steps
    assert dict(result.backends) == {
        pipeline.PHI_DETECTION: comprehend.BACKEND_NAME,
        pipeline.CLINICAL_FILTERING: "embedded-sections",
        pipeline.ICD10_INFERENCE: comprehend.BACKEND_NAME,
        pipeline.SNOMED_INFERENCE: comprehend.BACKEND_NAME,
        pipeline.CODE_INFERENCE: "orchestrator",
        pipeline.AI_CODING_ANALYSIS: "fake-model",
        pipeline.AI_QUALITY_ANALYSIS: "fake-model",
    }

    # Every external API was called, and none received the bundle's identifiers.
    detect = aws.texts("DetectPHI")
    infer = aws.texts("InferICD10CM") + aws.texts("InferSNOMEDCT")
    prompts = llm.texts()
    assert detect and infer and len(prompts) == 2
    planted = {k.value for k in encounter.known_identifiers if len(k.value) >= 4}
    assert planted
    for text in detect + infer + prompts:
        for value in planted:
            assert value.lower() not in text.lower(), "an identifier reached an external API"
    # What DetectPHI found never went further, nor into the report.
    for text in infer + prompts + [n.text for n in result.notes]:
        assert "welder" not in text
    assert any(e.type == "PROFESSION" for n in result.notes for e in n.phi_entities)

    # Offsets map back: each placeholder sits where the entity says, in both texts.
    for original, note in zip(encounter.notes, result.notes, strict=True):
        for entity in note.phi_entities:
            assert note.text[entity.start : entity.end] == f"[{entity.type}]"
            assert 0 <= entity.original_start < entity.original_end <= len(original.text)

    # Codes from the notes carry evidence taken from the de-identified text.
    from_notes = [c for c in result.icd10_codes if c.HasField("evidence")]
    assert any(c.code == "J18.9" for c in from_notes)
    for code in from_notes:
        span = code.evidence
        assert result.notes[span.note_index].text[span.start : span.end] == span.text
    assert all(len(t) <= comprehend.INFER_MAX_CHARS for t in infer)

    # The two prompts, in order, with their versions and token usage.
    assert result.coding_analysis.prompt_version == "coding_analysis.v1"
    assert result.quality_analysis.prompt_version == "documentation_quality.v1"
    assert result.coding_analysis.token_usage.total_tokens > 0
    assert result.quality_analysis.findings
    assert "J18.9" in result.coding_analysis.supported_codes

    # Logs hold no note text and no identifier.
    for value in planted | {"welder", "pneumonia"}:
        assert value.lower() not in logs.lower()


def test_a_production_backend_without_its_configuration_stops_at_start() -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "OPENAI_"))}
    for module, env, variable in (
        ("codingintel_analysis", {"ANALYSIS_BACKEND": "openai"}, "OPENAI_API_KEY"),
        (
            "codingintel_analysis",
            {"ANALYSIS_BACKEND": "openai", "LLM_TIMEOUT_SECONDS": "x"},
            "LLM_TIMEOUT_SECONDS",
        ),
        (
            "codingintel_phi",
            {
                "PHI_BACKEND": "comprehend",
                "AWS_CONFIG_FILE": "/nonexistent",
                "AWS_EC2_METADATA_DISABLED": "true",
            },
            "AWS_REGION",
        ),
        ("codingintel_coding", {"COMPREHEND_MIN_SCORE": "2"}, "COMPREHEND_MIN_SCORE"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", module],
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, (module, result.stderr)
        assert variable in result.stderr
