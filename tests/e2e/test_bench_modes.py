"""The benchmark-only backend modes, over real processes: null answers at once, sleep
answers after BENCH_SLEEP_SECONDS per call, and neither lets note text through."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import grpc
import psycopg
import pytest

from codingintel import pipeline as steps
from codingintel.client import ReportsClient
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc
from codingintel.reports.v1 import reports_pb2

from ..support import EXAMPLES, Suite, free_port

BENCH_SUMMARY = "Benchmark backend: a fixed answer, no analysis was made."
SLEEP_SECONDS = 0.4
# The stages whose call reaches a backend that sleeps (filtering is local to the
# coding service and answers at once in every mode).
SLEEPING_STEPS = (
    steps.PHI_DETECTION,
    steps.ICD10_INFERENCE,
    steps.SNOMED_INFERENCE,
    steps.AI_CODING_ANALYSIS,
    steps.AI_QUALITY_ANALYSIS,
)


def modes(mode: str) -> dict[str, str]:
    return {"PHI_BACKEND": mode, "CODING_BACKEND": mode, "ANALYSIS_BACKEND": mode}


def bundle_codes(bundle: bytes, system: str) -> set[str]:
    codes: set[str] = set()
    for entry in json.loads(bundle)["entry"]:
        resource = entry["resource"]
        for element in ("code", "type"):
            value = resource.get(element)
            if isinstance(value, dict):
                codes.update(c["code"] for c in value.get("coding", []) if c["system"] == system)
    return codes


@pytest.mark.asyncio(loop_scope="session")
async def test_a_report_completes_with_null_backends(database_url: str, tmp_path: Path) -> None:
    bundle = EXAMPLES[0].read_bytes()
    with Suite(database_url, tmp_path, env_overrides=modes("null")) as suite:
        async with ReportsClient(suite.gateway_addr) as client:
            created = await client.create(bundle)
            began = time.monotonic()
            report = await client.wait(created.report_id)
            took = time.monotonic() - began
        phi_log = suite.log("phi")
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error
    assert took < 10, "null backends answer at once"
    result = report.result
    assert result.backends[steps.PHI_DETECTION] == "null"
    assert result.backends[steps.ICD10_INFERENCE] == "null"
    assert result.backends[steps.AI_QUALITY_ANALYSIS] == "null"
    assert list(result.degraded_steps) == []
    # De-identification masks every letter and digit: no note text goes on.
    assert result.notes
    for note in result.notes:
        assert "x" in note.text and re.fullmatch(r"[x\W]+", note.text), note.text[:80]
        assert not note.phi_entities
    # Code inference answers the encounter's own codes; the analyses a fixed summary.
    assert {c.code for c in result.icd10_codes} == bundle_codes(
        bundle, "http://hl7.org/fhir/sid/icd-10-cm"
    )
    assert all(c.source == reports_pb2.CODE_SOURCE_FHIR for c in result.icd10_codes)
    assert result.coding_analysis.summary == BENCH_SUMMARY
    assert result.quality_analysis.summary == BENCH_SUMMARY
    # The mode says loudly that it is for benchmarks only.
    assert "benchmark-only backend" in phi_log


@pytest.mark.asyncio(loop_scope="session")
async def test_sleep_mode_takes_the_configured_delay_per_call(
    database_url: str, tmp_path: Path
) -> None:
    overrides = {**modes("sleep"), "BENCH_SLEEP_SECONDS": str(SLEEP_SECONDS)}
    with Suite(database_url, tmp_path, env_overrides=overrides) as suite:
        # One call straight at a backend: it answers after the delay, not before.
        with grpc.insecure_channel(f"127.0.0.1:{suite.ports['phi']}") as channel:
            stub = phi_pb2_grpc.PhiServiceStub(channel)
            request = phi_pb2.DeidentifyRequest(
                notes=[phi_pb2.Note(source="n", text="Jane Doe, 1970.")]
            )
            stub.Deidentify(request, timeout=10)  # connected and warm
            began = time.monotonic()
            answer = stub.Deidentify(request, timeout=10)
            direct = time.monotonic() - began
        async with ReportsClient(suite.gateway_addr) as client:
            created = await client.create(EXAMPLES[1].read_bytes())
            report = await client.wait(created.report_id)
    assert answer.backend == "sleep" and answer.notes[0].text == "xxxx xxx, xxxx."
    assert direct >= SLEEP_SECONDS
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error
    assert report.result.backends[steps.AI_CODING_ANALYSIS] == "sleep"
    with psycopg.connect(database_url) as conn:
        durations: dict[str, int] = dict(
            conn.execute(
                "SELECT step, duration_ms FROM report_steps WHERE report_id = %s",
                (created.report_id,),
            ).fetchall()
        )
    for step in SLEEPING_STEPS:
        assert durations[step] >= SLEEP_SECONDS * 1000, (step, durations[step])
    assert report.processing_time_ms >= len(SLEEPING_STEPS) * SLEEP_SECONDS * 1000


def test_a_bad_sleep_delay_stops_the_service_naming_the_variable() -> None:
    env = {
        **os.environ,
        "PHI_BACKEND": "sleep",
        "BENCH_SLEEP_SECONDS": "-1",
        "PHI_LISTEN_ADDR": f"127.0.0.1:{free_port()}",
        "PHI_METRICS_PORT": "0",
    }
    done = subprocess.run(
        [sys.executable, "-m", "codingintel_phi"], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 2
    assert b"BENCH_SLEEP_SECONDS" in done.stderr
