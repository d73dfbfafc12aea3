"""The queue contract between the gateway (producer) and the orchestrator (consumer).

A message carries a report id and nothing else: never PHI. The gateway enqueues by
name, so it does not import the orchestrator.

Traces cross the queue: `TracePropagation` (a Dramatiq middleware on every broker made
here) opens a PRODUCER span around each enqueue and puts its W3C `traceparent` /
`tracestate` in the message options; the worker continues that trace in a CONSUMER span
linked to the producer. A retry is a new message sent from inside the run, and a
redelivered message keeps its options, so both show as further spans of the same trace.
A message sent outside the report's own spans (a re-send by the reconciler) can continue
the report's trace from the context kept at creation: `trace_context()` then
`enqueue_report(..., trace_context=...)`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from contextvars import Token
from typing import Any

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode

PROCESS_REPORT_ACTOR = "process_report"
TRACE_OPTIONS = ("traceparent", "tracestate")
MESSAGING_SYSTEM = "dramatiq"


def _destination(queue_name: str) -> str:
    # Delayed messages go through "<queue>.DQ"; the destination is the queue itself.
    for suffix in (".DQ", ".XQ"):
        if queue_name.endswith(suffix):
            return queue_name[: -len(suffix)]
    return queue_name


def _attributes(message: Any, operation: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "messaging.system": MESSAGING_SYSTEM,
        "messaging.operation.type": operation,
        "messaging.operation.name": operation,
        "messaging.destination.name": _destination(message.queue_name),
        "messaging.message.id": message.message_id,
        "codingintel.actor": message.actor_name,
    }
    if message.actor_name == PROCESS_REPORT_ACTOR and message.args:
        # A report id is an identifier, not PHI.
        attributes["codingintel.report_id"] = str(message.args[0])
    return attributes


class TracePropagation(Middleware):  # type: ignore[misc]
    """PRODUCER spans on enqueue, CONSUMER spans on processing, with the W3C trace
    context carried in the message options."""

    def __init__(self) -> None:
        self._producing: dict[str, tuple[Span, Token[otel_context.Context]]] = {}
        self._consuming = threading.local()
        self._lock = threading.Lock()

    @staticmethod
    def _tracer() -> trace.Tracer:
        return trace.get_tracer("codingintel.queue")

    def before_enqueue(self, broker: Any, message: Any, delay: int | None) -> None:
        destination = _destination(message.queue_name)
        attributes = _attributes(message, "send")
        if delay:
            attributes["codingintel.delay_ms"] = int(delay)
        # A message that already carries a trace (a delayed message a worker moves to its
        # queue once due) stays in it; a new message joins the caller's trace, if any.
        carried = {k: str(message.options[k]) for k in TRACE_OPTIONS if k in message.options}
        parent = propagate.extract(carried) if carried else None
        links = None
        if parent is not None:
            # Sent from inside another trace (an admin's retry, say): linked to it.
            current = trace.get_current_span().get_span_context()
            carried_trace = trace.get_current_span(parent).get_span_context().trace_id
            if current.is_valid and current.trace_id != carried_trace:
                links = [Link(current)]
        span = self._tracer().start_span(
            f"send {destination}",
            context=parent,
            kind=SpanKind.PRODUCER,
            attributes=attributes,
            links=links,
        )
        carrier: dict[str, str] = {}
        propagate.inject(carrier, context=trace.set_span_in_context(span))
        for key in TRACE_OPTIONS:
            if key in carrier:
                message.options[key] = carrier[key]
        # Current until the send is done, so that the Redis call shows inside it.
        token = otel_context.attach(trace.set_span_in_context(span))
        with self._lock:
            self._producing[message.message_id] = (span, token)

    def after_enqueue(self, broker: Any, message: Any, delay: int | None) -> None:
        self.end_producer_for(message.message_id, None)

    def end_producer_for(self, message_id: str, error: BaseException | None) -> None:
        with self._lock:
            producing = self._producing.pop(message_id, None)
        if producing is None:
            return
        span, token = producing
        if error is not None:
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR))
        span.end()
        otel_context.detach(token)

    def before_process_message(self, broker: Any, message: Any) -> None:
        carrier = {k: str(message.options[k]) for k in TRACE_OPTIONS if k in message.options}
        parent = propagate.extract(carrier)
        producer = trace.get_current_span(parent).get_span_context()
        destination = _destination(message.queue_name)
        attributes = _attributes(message, "process")
        attributes["messaging.dramatiq.retries"] = int(message.options.get("retries", 0))
        span = self._tracer().start_span(
            f"process {destination}",
            context=parent,
            kind=SpanKind.CONSUMER,
            attributes=attributes,
            links=[Link(producer)] if producer.is_valid else None,
        )
        token = otel_context.attach(trace.set_span_in_context(span, parent))
        stack = getattr(self._consuming, "stack", None)
        if stack is None:
            stack = self._consuming.stack = []
        stack.append((message.message_id, span, token))

    def _end_consumer(self, message: Any, error: BaseException | None) -> None:
        stack = getattr(self._consuming, "stack", None)
        if not stack or stack[-1][0] != message.message_id:
            return
        _, span, token = stack.pop()
        if error is not None:
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR))
        span.end()
        otel_context.detach(token)

    def after_process_message(
        self, broker: Any, message: Any, *, result: Any = None, exception: Any = None
    ) -> None:
        self._end_consumer(message, exception)

    def after_skip_message(self, broker: Any, message: Any) -> None:
        self._end_consumer(message, None)


def make_broker(redis_url: str) -> RedisBroker:
    # Short socket timeouts: with Redis down a send fails fast (the report waits in the
    # outbox) instead of hanging the caller.
    client = redis.Redis.from_url(
        redis_url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=15
    )
    broker = RedisBroker(client=client)
    broker.add_middleware(TracePropagation())
    return broker


def _propagation(broker: RedisBroker) -> TracePropagation | None:
    for middleware in broker.middleware:
        if isinstance(middleware, TracePropagation):
            return middleware
    return None


def trace_context() -> dict[str, str]:
    """The current span's W3C `traceparent` (and `tracestate`): what a report keeps so
    that a later send continues its trace. Empty with tracing off or outside a span.
    Baggage is left out: it is the caller's free text."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return {k: carrier[k] for k in TRACE_OPTIONS if k in carrier}


def enqueue_report(
    broker: RedisBroker,
    queue_name: str,
    report_id: str,
    delay_ms: int | None = None,
    trace_context: Mapping[str, str] | None = None,
) -> str:
    """Send one message for the report (after `delay_ms`, if given); answers its id.
    With `trace_context` (from `trace_context()`), the send continues that trace instead
    of the current one, which it links to."""
    message: dramatiq.Message[None] = dramatiq.Message(
        queue_name=queue_name,
        actor_name=PROCESS_REPORT_ACTOR,
        args=(report_id,),
        kwargs={},
        options={k: str(v) for k, v in (trace_context or {}).items() if k in TRACE_OPTIONS},
    )
    try:
        return str(broker.enqueue(message, delay=delay_ms).message_id)
    except BaseException as error:
        # The producer span of a send that failed ends here (after_enqueue never ran).
        propagation = _propagation(broker)
        if propagation is not None:
            propagation.end_producer_for(message.message_id, error)
        raise
