"""Durable orchestration over real processes: retries counted in Postgres, deadlines,
checkpoints that keep finished AI calls from running again, cancel, the admin API for
failed reports, duplicate delivery, and the outbox when Redis is down.

Backend faults come from the services' test-only fault injection (FAULTS), and every
backend call is recorded (FAULT_LOG) so tests count calls per report.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import grpc
import psycopg
import pytest
from google.rpc import error_details_pb2
from prometheus_client.parser import text_string_to_metric_families

from codingintel import pipeline, queue
from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..support import EXAMPLES, REDIS_URL, Suite, free_port, start_redis

pytestmark = pytest.mark.asyncio(loop_scope="session")

FAST_RETRIES = {
    "MAX_ATTEMPTS": "3",
    "RETRY_BASE_SECONDS": "0.1",
    "RETRY_MAX_SECONDS": "0.3",
    "LEASE_SECONDS": "2",
    "RECONCILE_INTERVAL_SECONDS": "0.3",
    "REQUEUE_AFTER_SECONDS": "5",
}


@contextmanager
def faulty_suite(
    database_url: str, log_dir: Path, faults: Mapping[str, Mapping[str, object]], **extra: str
) -> Iterator[tuple[Suite, Path]]:
    calls = log_dir / "calls.log"
    calls.touch()
    overrides = {**FAST_RETRIES, "FAULTS": json.dumps(faults), "FAULT_LOG": str(calls), **extra}
    with Suite(database_url, log_dir, env_overrides=overrides) as suite:
        yield suite, calls


def scrape(port: int) -> dict[str, float]:
    """The samples a Prometheus scrape of the port would get."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


def calls_for(log: Path, report_id: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in log.read_text().splitlines():
        method, rid, _ = line.split("\t")
        if rid == report_id:
            counts[method] += 1
    return counts


def error_info(report: reports_pb2.Report) -> error_details_pb2.ErrorInfo:
    info = error_details_pb2.ErrorInfo()
    assert report.error.details[0].Unpack(info)
    return info


async def submit(client: ReportsClient, path: Path = EXAMPLES[0]) -> reports_pb2.Report:
    return await client.create(await asyncio.to_thread(path.read_bytes))


async def wait(client: ReportsClient, report_id: str, limit: float = 30) -> reports_pb2.Report:
    return await asyncio.wait_for(client.wait(report_id), limit)


async def test_transient_failures_retry_and_never_repeat_a_finished_stage(
    database_url: str, tmp_path: Path
) -> None:
    faults = {"AnalyzeCoding": {"fail_times": 2, "code": "UNAVAILABLE"}}
    with faulty_suite(database_url, tmp_path, faults) as (suite, calls):
        async with ReportsClient(suite.gateway_addr) as client:
            created = await submit(client)
            report = await wait(client, created.report_id)
        metrics = scrape(suite.ports["metrics"])
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error.message
    assert report.attempt_count == 3
    assert metrics['codingintel_retries_total{stage="ai_coding_analysis"}'] == 2.0
    assert (
        metrics['codingintel_stage_failures_total{code="UNAVAILABLE",stage="ai_coding_analysis"}']
        == 2.0
    )
    assert metrics['codingintel_reports_finished_total{state="COMPLETE"}'] == 1.0
    counts = calls_for(calls, report.report_id)
    assert counts == Counter(
        {
            "Deidentify": 1,
            "FilterClinicalText": 1,
            "InferIcd10Codes": 1,
            "InferSnomedCodes": 1,
            "AnalyzeCoding": 3,
            "AnalyzeQuality": 1,
        }
    )


async def test_permanent_failure_fails_at_once_and_phi_failure_sends_nothing_on(
    database_url: str, tmp_path: Path
) -> None:
    faults = {"Deidentify": {"fail_times": 1, "code": "INVALID_ARGUMENT"}}
    with faulty_suite(database_url, tmp_path, faults) as (suite, calls):
        async with ReportsClient(suite.gateway_addr) as client:
            created = await submit(client)
            report = await wait(client, created.report_id)
    assert report.state == reports_pb2.REPORT_STATE_FAILED
    assert report.attempt_count == 1
    assert report.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    info = error_info(report)
    assert info.metadata["step"] == pipeline.PHI_DETECTION and info.metadata["backend"] == "phi"
    assert info.metadata["grpc_code"] == "INVALID_ARGUMENT" and info.metadata["attempt"] == "1"
    # Fail-closed: no later stage was called for this report.
    assert calls_for(calls, report.report_id) == Counter({"Deidentify": 1})


async def test_exhausted_retries_fail_are_listed_and_an_admin_retry_completes(
    database_url: str, tmp_path: Path
) -> None:
    faults = {"AnalyzeQuality": {"fail_times": 3, "code": "RESOURCE_EXHAUSTED"}}
    with faulty_suite(database_url, tmp_path, faults) as (suite, calls):
        async with ReportsClient(suite.gateway_addr) as client:
            created = [await submit(client, path) for path in EXAMPLES[:3]]
            failed = [await wait(client, r.report_id) for r in created]
            for report in failed:
                assert report.state == reports_pb2.REPORT_STATE_FAILED
                assert report.attempt_count == 3
                assert "ai_quality_analysis failed: RESOURCE_EXHAUSTED" in report.error.message
                assert error_info(report).metadata["step"] == pipeline.AI_QUALITY_ANALYSIS
            stub = client.stub
            listed = await stub.ListFailedReports(
                reports_pb2.ListFailedReportsRequest(
                    filter=reports_pb2.FailedReportFilter(
                        step=pipeline.AI_QUALITY_ANALYSIS,
                        error_code=grpc.StatusCode.RESOURCE_EXHAUSTED.value[0],
                    ),
                    page_size=2,
                )
            )
            assert len(listed.reports) == 2 and listed.next_page_token
            # The next page: same filter (a token is bound to its filter).
            rest = await stub.ListFailedReports(
                reports_pb2.ListFailedReportsRequest(
                    filter=reports_pb2.FailedReportFilter(
                        step=pipeline.AI_QUALITY_ANALYSIS,
                        error_code=grpc.StatusCode.RESOURCE_EXHAUSTED.value[0],
                    ),
                    page_size=2,
                    page_token=listed.next_page_token,
                )
            )
            ids = {r.report_id for r in [*listed.reports, *rest.reports]}
            assert {r.report_id for r in created} <= ids
            stats = await stub.GetFailureStatistics(reports_pb2.GetFailureStatisticsRequest())
            assert stats.failures_by_step[pipeline.AI_QUALITY_ANALYSIS] >= 3
            assert stats.failures_by_code["RESOURCE_EXHAUSTED"] >= 3
            assert 0 < stats.failure_rate <= 1

            retried = await stub.RetryReport(
                reports_pb2.RetryReportRequest(report_id=created[0].report_id)
            )
            assert retried.state == reports_pb2.REPORT_STATE_PENDING and retried.attempt_count == 0
            done = await wait(client, created[0].report_id)
            assert done.state == reports_pb2.REPORT_STATE_COMPLETE and done.attempt_count == 1
            # The finished coding prompt was not sent again; only the failed one was.
            counts = calls_for(calls, created[0].report_id)
            assert counts["AnalyzeCoding"] == 1 and counts["AnalyzeQuality"] == 4
            assert counts["Deidentify"] == 1

            bulk = await stub.BulkRetryFailedReports(
                reports_pb2.BulkRetryFailedReportsRequest(
                    filter=reports_pb2.FailedReportFilter(step=pipeline.AI_QUALITY_ANALYSIS)
                )
            )
            assert bulk.requeued_count >= 2
            again = await stub.BulkRetryFailedReports(
                reports_pb2.BulkRetryFailedReportsRequest(
                    filter=reports_pb2.FailedReportFilter(step=pipeline.AI_QUALITY_ANALYSIS)
                )
            )
            assert again.requeued_count == 0
            for report in created[1:]:
                assert (
                    await wait(client, report.report_id)
                ).state == reports_pb2.REPORT_STATE_COMPLETE
            stats = await stub.GetFailureStatistics(reports_pb2.GetFailureStatisticsRequest())
            assert stats.retry_success_rate > 0

            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.RetryReport(
                    reports_pb2.RetryReportRequest(report_id=created[0].report_id)
                )
            assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_a_hung_backend_is_cut_at_its_deadline(database_url: str, tmp_path: Path) -> None:
    faults = {"AnalyzeCoding": {"hang": True}}
    with faulty_suite(
        database_url, tmp_path, faults, ANALYSIS_TIMEOUT_SECONDS="0.5", MAX_ATTEMPTS="1"
    ) as (suite, _):
        async with ReportsClient(suite.gateway_addr) as client:
            created = await submit(client)
            began = time.monotonic()
            report = await wait(client, created.report_id)
    assert report.state == reports_pb2.REPORT_STATE_FAILED
    assert time.monotonic() - began < 10
    assert report.error.code == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]
    assert "ai_coding_analysis" in report.error.message and "deadline" in report.error.message
    assert error_info(report).reason == "STEP_TIMEOUT"


async def test_cancel_stops_at_the_next_stage_boundary(database_url: str, tmp_path: Path) -> None:
    faults = {"AnalyzeCoding": {"delay_ms": 1500}}
    with faulty_suite(database_url, tmp_path, faults) as (suite, calls):
        async with ReportsClient(suite.gateway_addr) as client:
            created = await submit(client)
            seen: list[reports_pb2.Report] = []
            async for version in client.watch(created.report_id):
                seen.append(version)
                if (
                    version.current_step == pipeline.AI_CODING_ANALYSIS
                    and version.state == reports_pb2.REPORT_STATE_PROCESSING
                ):
                    cancelled = await client.stub.CancelReport(
                        reports_pb2.CancelReportRequest(report_id=created.report_id)
                    )
                    assert cancelled.state == reports_pb2.REPORT_STATE_CANCELLED
            assert seen[-1].state == reports_pb2.REPORT_STATE_CANCELLED
            await asyncio.sleep(2.5)  # the in-flight call finishes; its result is dropped
            final = await client.get(created.report_id)
            assert final.state == reports_pb2.REPORT_STATE_CANCELLED
            assert final.version == seen[-1].version
            assert calls_for(calls, created.report_id)["AnalyzeQuality"] == 0
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await client.stub.CancelReport(
                    reports_pb2.CancelReportRequest(report_id=created.report_id)
                )
            assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_the_same_message_delivered_three_times_is_processed_once(
    database_url: str, tmp_path: Path
) -> None:
    faults = {"Deidentify": {"delay_ms": 400}}
    with faulty_suite(database_url, tmp_path, faults) as (suite, calls):
        broker = queue.make_broker(REDIS_URL)
        async with ReportsClient(suite.gateway_addr) as client:
            created = await submit(client)
            for _ in range(2):
                queue.enqueue_report(broker, suite.queue_name, created.report_id)
            report = await wait(client, created.report_id)
            # A late duplicate for a terminal report changes nothing either.
            queue.enqueue_report(broker, suite.queue_name, created.report_id)
            await asyncio.sleep(1.0)
            assert (await client.get(created.report_id)).version == report.version
        broker.close()
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE and report.attempt_count == 1
    assert report.version == len(pipeline.SCALE) + 1
    counts = calls_for(calls, report.report_id)
    assert set(counts.values()) == {1}, counts
    with psycopg.connect(database_url) as conn:
        versions = [
            r[0]
            for r in conn.execute(
                "SELECT version FROM report_events WHERE report_id = %s ORDER BY version",
                (report.report_id,),
            )
        ]
    assert versions == list(range(1, report.version + 1))


async def test_create_succeeds_while_redis_is_down_and_the_report_completes_after(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    redis_dir = tmp_path / "redis"
    redis_dir.mkdir()
    own_redis = start_redis(port, redis_dir)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        with Suite(
            database_url, tmp_path, env_overrides={**FAST_RETRIES, "REDIS_URL": url}
        ) as suite:
            async with ReportsClient(suite.gateway_addr) as client:
                warm = await submit(client)
                assert (
                    await wait(client, warm.report_id)
                ).state == reports_pb2.REPORT_STATE_COMPLETE
                own_redis.terminate()
                own_redis.wait(10)
                began = time.monotonic()
                created = await submit(client)
                assert time.monotonic() - began < 10
                assert created.state == reports_pb2.REPORT_STATE_PENDING
                # Reads still work while Redis is down.
                assert (
                    await client.get(created.report_id)
                ).state == reports_pb2.REPORT_STATE_PENDING
                own_redis = start_redis(port, redis_dir)
                report = await wait(client, created.report_id, limit=60)
                assert report.state == reports_pb2.REPORT_STATE_COMPLETE
    finally:
        own_redis.terminate()
        own_redis.wait(10)
