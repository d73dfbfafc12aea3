"""Every service as a real process: health, reflection, configuration errors, and the
pipeline's behaviour when a backend is down."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from codingintel import pipeline
from codingintel.orchestrator.v1 import orchestrator_pb2, orchestrator_pb2_grpc
from codingintel.reports.v1 import reports_pb2, reports_pb2_grpc

from ..support import EXAMPLES, Suite, free_port
from .test_core_path import wait_terminal

SERVICES = {
    "gateway": "codingintel.reports.v1.ReportService",
    "phi": "codingintel.phi.v1.PhiService",
    "coding": "codingintel.coding.v1.CodingService",
    "analysis": "codingintel.analysis.v1.AnalysisService",
}


def test_every_service_serves_health_and_reflection(suite: Suite) -> None:
    for name, service in SERVICES.items():
        with grpc.insecure_channel(f"127.0.0.1:{suite.ports[name]}") as channel:
            health = health_pb2_grpc.HealthStub(channel)
            for target in ("", service):
                status = health.Check(
                    health_pb2.HealthCheckRequest(service=target), timeout=5
                ).status
                assert status == health_pb2.HealthCheckResponse.SERVING, (name, target)
            listed = set(ProtoReflectionDescriptorDatabase(channel).get_services())
            assert {service, "grpc.health.v1.Health"} <= listed, name
            # A generic tool can learn every method from reflection alone.
            descriptor = ProtoReflectionDescriptorDatabase(channel).FindFileContainingSymbol(
                service
            )
            assert descriptor.service[0].method


def test_the_worker_reports_health_and_its_threads(suite: Suite) -> None:
    with grpc.insecure_channel(f"127.0.0.1:{suite.ports['orchestrator']}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        deadline = time.monotonic() + 30
        while True:
            try:
                ready = health.Check(health_pb2.HealthCheckRequest(service="readiness"), timeout=2)
                if ready.status == health_pb2.HealthCheckResponse.SERVING:
                    break
            except grpc.RpcError:
                pass
            assert time.monotonic() < deadline, suite.log("orchestrator")
            time.sleep(0.2)
        live = health.Check(health_pb2.HealthCheckRequest(service="liveness"), timeout=2)
        assert live.status == health_pb2.HealthCheckResponse.SERVING
        status = orchestrator_pb2_grpc.WorkerServiceStub(channel).GetWorkerStatus(
            orchestrator_pb2.GetWorkerStatusRequest(), timeout=2
        )
        assert status.total_threads == 8 and 0 <= status.busy_threads <= 8
        assert status.store_reachable and status.queue_reachable and status.worker_id


def test_a_bad_setting_fails_at_start_naming_the_variable(tmp_path: Path) -> None:
    for module, variable, value in (
        ("codingintel_orchestrator", "PHI_TIMEOUT_SECONDS", "soon"),
        ("codingintel_gateway", "MAX_BUNDLE_BYTES", "lots"),
        ("codingintel_phi", "PHI_BACKEND", "magic"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", module],
            env={**os.environ, variable: value},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, (module, result.stderr)
        assert variable in result.stderr
        assert value not in result.stderr


def test_sigterm_stops_a_service_gracefully(database_url: str, tmp_path: Path) -> None:
    with Suite(database_url, tmp_path, services=("phi",)) as suite:
        began = time.monotonic()
        assert suite.stop("phi") == 0
        assert time.monotonic() - began < 10


def test_coding_down_degrades_and_the_report_still_completes(
    database_url: str, tmp_path: Path
) -> None:
    dead = free_port()
    overrides = {"CODING_SERVICE_ADDR": f"127.0.0.1:{dead}", "CODING_TIMEOUT_SECONDS": "0.5"}
    services = ("gateway", "phi", "analysis", "orchestrator")
    with (
        Suite(database_url, tmp_path, services=services, env_overrides=overrides) as suite,
        grpc.insecure_channel(suite.gateway_addr) as channel,
    ):
        stub = reports_pb2_grpc.ReportServiceStub(channel)
        created = stub.CreateReport(
            reports_pb2.CreateReportRequest(fhir_bundle=EXAMPLES[0].read_bytes())
        )
        report = wait_terminal(stub, created.report_id)
    assert report.state == reports_pb2.REPORT_STATE_COMPLETE, report.error
    assert list(report.result.degraded_steps) == [
        pipeline.CLINICAL_FILTERING,
        pipeline.ICD10_INFERENCE,
        pipeline.SNOMED_INFERENCE,
    ]
    # It went on with what it had: the encounter's own codes, without note evidence.
    assert report.result.icd10_codes
    assert all(c.source == reports_pb2.CODE_SOURCE_FHIR for c in report.result.icd10_codes)
    assert report.result.backends[pipeline.ICD10_INFERENCE] == "none"


def test_phi_down_fails_closed_and_nothing_reaches_later_stages(
    database_url: str, tmp_path: Path
) -> None:
    dead = free_port()
    overrides = {
        "PHI_SERVICE_ADDR": f"127.0.0.1:{dead}",
        "PHI_TIMEOUT_SECONDS": "0.5",
        "RETRY_BASE_SECONDS": "0.1",
    }
    services = ("gateway", "coding", "analysis", "orchestrator")
    with (
        Suite(database_url, tmp_path, services=services, env_overrides=overrides) as suite,
        grpc.insecure_channel(suite.gateway_addr) as channel,
    ):
        stub = reports_pb2_grpc.ReportServiceStub(channel)
        created = stub.CreateReport(
            reports_pb2.CreateReportRequest(fhir_bundle=EXAMPLES[1].read_bytes())
        )
        report = wait_terminal(stub, created.report_id)
    assert report.state == reports_pb2.REPORT_STATE_FAILED
    assert report.current_step == pipeline.PHI_DETECTION and report.progress_percent == 10
    assert report.error.code == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]
    assert report.error.message.startswith("phi_detection failed")
    info = error_details_pb2.ErrorInfo()
    assert report.error.details[0].Unpack(info)
    # A deadline is transient: every attempt was used, then the report failed.
    assert report.attempt_count == 3
    assert info.reason == "STEP_TIMEOUT" and info.metadata["step"] == pipeline.PHI_DETECTION
    assert not report.HasField("result")


def test_a_generic_client_calls_every_gateway_method_through_reflection(suite: Suite) -> None:
    """What grpcurl does: learn the service from reflection alone, build each request
    from JSON, call every method. Each answers with our own status, never UNIMPLEMENTED."""
    from google.protobuf import descriptor_pool, json_format, message_factory

    with grpc.insecure_channel(suite.gateway_addr) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        pool = descriptor_pool.DescriptorPool(database)
        service = pool.FindServiceByName(SERVICES["gateway"])
        bundle = base64.b64encode(EXAMPLES[0].read_bytes()).decode()
        requests: dict[str, dict[str, Any]] = {
            "CreateReport": {"fhir_bundle": bundle},
            "CreateBatch": {"entries": []},
        }
        codes = {}
        for method in service.methods:
            request_class = message_factory.GetMessageClass(method.input_type)
            response_class = message_factory.GetMessageClass(method.output_type)
            request = json_format.ParseDict(requests.get(method.name, {}), request_class())
            path = f"/{service.full_name}/{method.name}"
            kind = channel.unary_stream if method.server_streaming else channel.unary_unary
            call = kind(
                path,
                request_serializer=lambda m: m.SerializeToString(),
                response_deserializer=response_class.FromString,
            )
            try:
                answer = call(request, timeout=10)
                if method.server_streaming:
                    list(answer)
                codes[method.name] = grpc.StatusCode.OK
            except grpc.RpcError as error:
                codes[method.name] = error.code()
    assert len(codes) == len(reports_pb2.DESCRIPTOR.services_by_name["ReportService"].methods)
    print({name: code.name for name, code in codes.items()})
    assert grpc.StatusCode.UNIMPLEMENTED not in codes.values(), codes
    # A valid create succeeds; an empty id is the caller's mistake, never INTERNAL/UNKNOWN.
    assert codes["CreateReport"] == grpc.StatusCode.OK
    assert codes["GetReport"] == grpc.StatusCode.INVALID_ARGUMENT
    assert codes["CreateBatch"] == grpc.StatusCode.INVALID_ARGUMENT
    assert codes["ListReports"] == grpc.StatusCode.OK
    assert not {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN} & set(codes.values()), codes
