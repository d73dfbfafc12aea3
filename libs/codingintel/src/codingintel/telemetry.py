"""Tracing with the OpenTelemetry SDK, configured by the standard OTEL_* variables only.

Off, and silent, unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set: the
API's no-op tracer is used and nothing is exported. When on, spans go out as OTLP over
gRPC or HTTP (OTEL_EXPORTER_OTLP_PROTOCOL / ..._TRACES_PROTOCOL: `grpc` or
`http/protobuf`, the default), which Jaeger and the OpenTelemetry Collector ingest
natively. OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG),
OTEL_PROPAGATORS and OTEL_BSP_* work as the specification says.

gRPC spans come from our own interceptors (below), not from the grpc instrumentation
package: its grpc.aio server wrapper turns every handler into one shape and breaks
streaming handlers that write with context.write() (the stock health service's Watch
among them), and one wrapper here serves both the traces and the metrics. Health is never
traced. PostgreSQL (psycopg) and Redis calls are traced by OpenTelemetry's own
instrumentations; statements are recorded with their placeholders only, never values.

Span attributes carry identifiers (report id, stage, method, status code) and never
note text, names or any other input value.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import grpc
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.propagators.textmap import Getter
from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

log = logging.getLogger(__name__)

INSTRUMENTATION = "codingintel"
# Never traced: probes would drown the traces, and Watch is a long-lived stream.
UNTRACED_SERVICES = ("grpc.health.v1.Health",)
REPORT_ID_ATTRIBUTE = "codingintel.report_id"
STAGE_ATTRIBUTE = "codingintel.stage"

_enabled = False


def tracer() -> trace.Tracer:
    return trace.get_tracer(INSTRUMENTATION)


def enabled() -> bool:
    return _enabled


def _endpoint_configured() -> bool:
    return bool(
        os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    )


def setup(service: str) -> bool:
    """Set up tracing for this process from OTEL_*; answers whether it is on.

    `service` names the process (`codingintel-<service>`) unless OTEL_SERVICE_NAME or a
    `service.name` in OTEL_RESOURCE_ATTRIBUTES says otherwise. Safe to call twice."""
    global _enabled
    if _enabled:
        return True
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true" or not _endpoint_configured():
        return False
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import _get_from_env_or_default

    resource = Resource.create({})
    if str(resource.attributes.get("service.name", "")).startswith("unknown_service"):
        resource = resource.merge(Resource({"service.name": f"codingintel-{service}"}))
    provider = TracerProvider(
        resource=resource, sampler=StoreSpansNeedAParent(_get_from_env_or_default())
    )
    provider.add_span_processor(BatchSpanProcessor(ScrubbingExporter(_exporter())))
    trace.set_tracer_provider(provider)
    _instrument_stores()
    _enabled = True
    log.info("tracing on")
    return True


def _exporter() -> Any:
    protocol = (
        os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or "http/protobuf"
    ).strip()
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
            OTLPSpanExporter as GrpcExporter,
        )

        return GrpcExporter()
    if protocol == "http/protobuf":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
            OTLPSpanExporter as HttpExporter,
        )

        return HttpExporter()
    raise SystemExit(
        f"configuration error: OTEL_EXPORTER_OTLP_PROTOCOL: {protocol!r} is not supported"
        " (grpc or http/protobuf)"
    )


def _instrument_stores() -> None:
    try:
        from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

        # Statements with their placeholders only; parameters are never captured.
        PsycopgInstrumentor().instrument(
            skip_dep_check=True, enable_commenter=False, capture_parameters=False
        )
    except ImportError:
        pass
    try:
        from opentelemetry.instrumentation.redis import RedisInstrumentor

        # Commands are recorded as "EVALSHA ? ? ?": no argument values.
        RedisInstrumentor().instrument(skip_dep_check=True)
    except ImportError:
        pass


class ScrubbingExporter(SpanExporter):
    """Exports spans without exception messages: an instrumentation that records an error
    (a database driver's, say) puts the exception's text in an event and in the status,
    and that text may quote an input value. The exception's type stays."""

    def __init__(self, delegate: SpanExporter) -> None:
        self.delegate = delegate

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.delegate.export([scrub(span) for span in spans])

    def shutdown(self) -> None:
        self.delegate.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.delegate.force_flush(timeout_millis)


def scrub(span: ReadableSpan) -> ReadableSpan:
    messages = any(
        "exception.message" in (event.attributes or {}) for event in span.events
    ) or bool(span.status.description)
    if not messages:
        return span
    events = [
        Event(
            event.name,
            {
                k: v
                for k, v in (event.attributes or {}).items()
                if k not in ("exception.message", "exception.stacktrace")
            },
            event.timestamp,
        )
        for event in span.events
    ]
    description = span.status.description
    status = Status(span.status.status_code, description.split(":", 1)[0] if description else None)
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=span.attributes,
        events=events,
        links=span.links,
        kind=span.kind,
        status=status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class StoreSpansNeedAParent(Sampler):
    """A sampler: a database or Redis call with no span around it (a worker polling its
    queue, the reconciler's pass, a listener's keepalive) is dropped rather than
    becoming a trace of its own; everything else is decided by the configured sampler."""

    def __init__(self, delegate: Sampler) -> None:
        self.delegate = delegate

    def should_sample(
        self,
        parent_context: otel_context.Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Any = None,
        links: Sequence[Any] | None = None,
        trace_state: Any = None,
    ) -> SamplingResult:
        parent = trace.get_current_span(parent_context).get_span_context()
        if (
            not parent.is_valid
            and kind == SpanKind.CLIENT
            and attributes
            and ("db.system" in attributes or "db.system.name" in attributes)
        ):
            return SamplingResult(Decision.DROP)
        return self.delegate.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return f"StoreSpansNeedAParent{{{self.delegate.get_description()}}}"


# --- gRPC ------------------------------------------------------------------------


def split_method(full_method: str) -> tuple[str, str]:
    """'/pkg.Service/Method' -> ('pkg.Service', 'Method')."""
    service, _, method = full_method.lstrip("/").rpartition("/")
    return service, method


def status_of(error: BaseException | None, context: Any) -> grpc.StatusCode:
    """The status a server call ended with."""
    code = None
    try:
        code = context.code()
    except Exception:
        code = None
    if isinstance(code, grpc.StatusCode):
        return code
    if isinstance(code, int):
        for status in grpc.StatusCode:
            if status.value[0] == code:
                return status
    if error is None:
        return grpc.StatusCode.OK
    if isinstance(error, asyncio.CancelledError | GeneratorExit):
        # The client went away (or the stream was closed under the handler).
        return grpc.StatusCode.CANCELLED
    if isinstance(error, grpc.aio.AioRpcError):
        return error.code()  # type: ignore[no-any-return]
    return grpc.StatusCode.UNKNOWN


Around = Callable[[str, Any], Any]


def wrap_handler(handler: Any, method: str, around: Around) -> Any:
    """The same handler with each call run inside `around(method, context)` (a context
    manager; it sees the call's exception, if any). Each handler keeps its shape: an
    async generator stays one, and a coroutine that streams with context.write() stays a
    coroutine, so streaming handlers of any kind keep working."""
    kwargs = {
        "request_deserializer": handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            _wrap_call(handler.unary_unary, method, around), **kwargs
        )
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            _wrap_call(handler.unary_stream, method, around), **kwargs
        )
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(
            _wrap_call(handler.stream_unary, method, around), **kwargs
        )
    if handler.stream_stream is not None:
        return grpc.stream_stream_rpc_method_handler(
            _wrap_call(handler.stream_stream, method, around), **kwargs
        )
    return handler


def _wrap_call(behavior: Callable[..., Any], method: str, around: Around) -> Callable[..., Any]:
    if inspect.isasyncgenfunction(behavior):

        async def streaming(request: Any, context: Any) -> AsyncIterator[Any]:
            with around(method, context):
                async for response in behavior(request, context):
                    yield response

        return streaming

    async def call(request: Any, context: Any) -> Any:
        with around(method, context):
            result = behavior(request, context)
            if inspect.isawaitable(result):
                result = await result
            return result

    return call


class _MetadataGetter(Getter[Any]):
    """A propagation getter over gRPC invocation metadata."""

    def get(self, carrier: Any, key: str) -> list[str] | None:
        values = [v for k, v in carrier if k == key and isinstance(v, str)]
        return values or None

    def keys(self, carrier: Any) -> list[str]:
        return [k for k, _ in carrier]


_METADATA = _MetadataGetter()


# Set while a server span is current: resetting it tells whether a span ends in the
# context it began in.
_scope: contextvars.ContextVar[Span] = contextvars.ContextVar("codingintel_server_span")


@contextmanager
def server_span(method: str, context: Any) -> Iterator[Span]:
    """A SERVER span for one call, continuing the caller's trace from its metadata."""
    service, name = split_method(method)
    parent = propagate.extract(tuple(context.invocation_metadata() or ()), getter=_METADATA)
    attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}
    span = tracer().start_span(
        f"{service}/{name}", context=parent, kind=SpanKind.SERVER, attributes=attributes
    )
    # The caller's baggage stays out (it is free text); only the span becomes current.
    current = trace.set_span_in_context(span)
    token = otel_context.attach(current)
    scope = _scope.set(span)
    error: BaseException | None = None
    try:
        yield span
    except BaseException as exc:
        error = exc
        raise
    finally:
        code = status_of(error, context)
        span.set_attribute("rpc.grpc.status_code", code.value[0])
        if code != grpc.StatusCode.OK:
            span.set_status(Status(StatusCode.ERROR, code.name))
        if error is not None and not isinstance(
            error, grpc.aio.AbortError | asyncio.CancelledError | GeneratorExit
        ):
            # The type only: exception messages may carry input values.
            span.set_attribute("error.type", type(error).__name__)
        span.end()
        try:
            _scope.reset(scope)
        except ValueError:
            # A stream the client left is closed by the event loop's finaliser, in a copy
            # of the call's context: nothing to restore there (detaching would fail).
            pass
        else:
            otel_context.detach(token)


class TracingServerInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """SERVER spans for every method but the health service's."""

    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: Any
    ) -> Any:
        handler = await continuation(details)
        if handler is None or split_method(details.method)[0] in UNTRACED_SERVICES:
            return handler
        return wrap_handler(handler, details.method, server_span)


class TracingClientInterceptor(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """CLIENT spans for unary calls; the trace context travels in the call's metadata
    (W3C traceparent/tracestate)."""

    def __init__(self, tracer_provider: Any = None) -> None:
        self._tracer = trace.get_tracer(INSTRUMENTATION, tracer_provider=tracer_provider)

    async def intercept_unary_unary(
        self, continuation: Callable[..., Awaitable[Any]], client_call_details: Any, request: Any
    ) -> Any:
        method = client_call_details.method
        if isinstance(method, bytes):
            method = method.decode()
        service, name = split_method(method)
        span = self._tracer.start_span(
            f"{service}/{name}",
            kind=SpanKind.CLIENT,
            attributes={"rpc.system": "grpc", "rpc.service": service, "rpc.method": name},
        )
        carrier: dict[str, str] = {}
        propagate.inject(carrier, context=trace.set_span_in_context(span))
        metadata = list(client_call_details.metadata or ())
        metadata.extend(carrier.items())
        details = grpc.aio.ClientCallDetails(
            client_call_details.method,
            client_call_details.timeout,
            grpc.aio.Metadata(*metadata),
            client_call_details.credentials,
            client_call_details.wait_for_ready,
        )
        try:
            call = await continuation(details, request)
            code = await call.code()
        except BaseException as error:
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR))
            span.end()
            raise
        span.set_attribute("rpc.grpc.status_code", code.value[0])
        if code != grpc.StatusCode.OK:
            span.set_status(Status(StatusCode.ERROR, code.name))
        span.end()
        return call


def client_interceptors(tracer_provider: Any = None) -> list[Any]:
    """Interceptors for a grpc.aio channel: CLIENT spans and trace propagation."""
    return [TracingClientInterceptor(tracer_provider)]


@contextmanager
def stage_span(report_id: str, stage: str, attempt: int) -> Iterator[Span]:
    """An INTERNAL span for one pipeline stage; identifiers only."""
    with tracer().start_as_current_span(
        f"stage {stage}",
        attributes={
            REPORT_ID_ATTRIBUTE: report_id,
            STAGE_ATTRIBUTE: stage,
            "codingintel.attempt": attempt,
        },
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield span
        except BaseException as error:
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR))
            raise
