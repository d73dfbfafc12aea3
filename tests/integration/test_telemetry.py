"""The tracing and metrics interceptors on a real grpc.aio server: every handler shape
keeps working (streams written with context.write() included), spans carry the status,
and logs carry the trace ids."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import grpc
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY

from codingintel import logs, metrics, telemetry

SERVICE = "codingintel.test.v1.Echo"
log = logging.getLogger("codingintel.test")


def _bytes(value: bytes) -> bytes:
    return value


@pytest.fixture(scope="module")
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    yield exporter


class Echo(grpc.GenericRpcHandler):  # type: ignore[misc]
    """Four methods: unary, a unary that aborts, a stream as an async generator, and a
    stream written with context.write() (the shape of the stock health service's Watch)."""

    def service(self, details: Any) -> Any:
        method = details.method.rsplit("/", 1)[-1]
        options = {"request_deserializer": _bytes, "response_serializer": _bytes}

        async def unary(request: bytes, context: Any) -> bytes:
            log.info("inside")
            return request

        async def refuse(request: bytes, context: Any) -> bytes:
            await context.abort(grpc.StatusCode.FAILED_PRECONDITION, "no")
            raise AssertionError("unreachable")

        async def generated(request: bytes, context: Any) -> AsyncIterator[bytes]:
            for _ in range(3):
                yield request

        async def written(request: bytes, context: Any) -> None:
            for _ in range(3):
                await context.write(request)

        if method == "Unary":
            return grpc.unary_unary_rpc_method_handler(unary, **options)
        if method == "Refuse":
            return grpc.unary_unary_rpc_method_handler(refuse, **options)
        if method == "Generated":
            return grpc.unary_stream_rpc_method_handler(generated, **options)
        if method == "Written":
            return grpc.unary_stream_rpc_method_handler(written, **options)
        return None


def _handled(method: str, code: str) -> float:
    value = REGISTRY.get_sample_value(
        "codingintel_grpc_server_handled_total",
        {"grpc_service": SERVICE, "grpc_method": method, "grpc_code": code},
    )
    return value or 0.0


async def test_every_handler_shape_works_traced_and_counted(
    spans: InMemorySpanExporter,
) -> None:
    server = grpc.aio.server(
        interceptors=[telemetry.TracingServerInterceptor(), metrics.MetricsServerInterceptor()]
    )
    server.add_generic_rpc_handlers([Echo()])
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter("test"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    before = {m: _handled(m, "OK") for m in ("Unary", "Generated", "Written")}
    try:
        async with grpc.aio.insecure_channel(
            f"127.0.0.1:{port}", interceptors=telemetry.client_interceptors()
        ) as channel:
            unary = channel.unary_unary(f"/{SERVICE}/Unary", _bytes, _bytes)
            assert await unary(b"x", timeout=5) == b"x"
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await channel.unary_unary(f"/{SERVICE}/Refuse", _bytes, _bytes)(b"x", timeout=5)
            assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            for method in ("Generated", "Written"):
                call = channel.unary_stream(f"/{SERVICE}/{method}", _bytes, _bytes)
                assert [r async for r in call(b"y", timeout=5)] == [b"y"] * 3
    finally:
        log.removeHandler(handler)
        await server.stop(None)

    finished = {(s.name, s.kind): s for s in spans.get_finished_spans()}
    server_unary = finished[(f"{SERVICE}/Unary", trace.SpanKind.SERVER)]
    client_unary = finished[(f"{SERVICE}/Unary", trace.SpanKind.CLIENT)]
    assert server_unary.parent is not None
    assert server_unary.parent.span_id == client_unary.context.span_id
    assert server_unary.context.trace_id == client_unary.context.trace_id
    refused_span = finished[(f"{SERVICE}/Refuse", trace.SpanKind.SERVER)]
    assert refused_span.attributes is not None
    assert refused_span.attributes["rpc.grpc.status_code"] == 9
    assert refused_span.status.status_code == trace.StatusCode.ERROR
    for method in ("Generated", "Written"):
        assert (f"{SERVICE}/{method}", trace.SpanKind.SERVER) in finished

    for method in ("Unary", "Generated", "Written"):
        assert _handled(method, "OK") == before[method] + 1
    assert _handled("Refuse", "FAILED_PRECONDITION") >= 1

    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["trace_id"] == trace.format_trace_id(server_unary.context.trace_id)
    assert line["span_id"] == trace.format_span_id(server_unary.context.span_id)


def test_tracing_stays_off_without_an_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert telemetry.setup("test") is False
    assert not telemetry.enabled()


def test_a_bad_metrics_port_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PHI_METRICS_PORT", "http")
    with pytest.raises(SystemExit):
        metrics.port_for("phi")
    assert "PHI_METRICS_PORT" in capsys.readouterr().err
    monkeypatch.setenv("PHI_METRICS_PORT", "0")
    assert metrics.port_for("phi")[1] == 0
    monkeypatch.delenv("PHI_METRICS_PORT")
    assert metrics.port_for("phi")[1] == 9103


def test_exported_spans_carry_no_exception_message() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(telemetry.ScrubbingExporter(exporter)))
    tracer = provider.get_tracer("test")
    with pytest.raises(ValueError), tracer.start_as_current_span("query"):
        raise ValueError("invalid input syntax: 'Jane Doe'")
    (span,) = exporter.get_finished_spans()
    assert span.status.status_code == trace.StatusCode.ERROR
    assert "Jane" not in str(span.status.description)
    (event,) = span.events
    assert event.attributes is not None
    assert event.attributes["exception.type"] == "ValueError"
    assert "exception.message" not in event.attributes
    assert "exception.stacktrace" not in event.attributes
