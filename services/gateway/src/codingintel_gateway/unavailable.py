"""The gateway's error boundary, for unary and streaming methods alike: a store outage
answers UNAVAILABLE (retryable by any gRPC client); any other unexpected exception
answers INTERNAL with a fixed message — never the exception's text, which could carry
input values — and is logged by type only."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
import psycopg
import psycopg_pool
from google.rpc import code_pb2

from codingintel import errors

log = logging.getLogger(__name__)

OUTAGES = (psycopg.OperationalError, psycopg_pool.PoolTimeout)


class StoreUnavailable(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: Any
    ) -> Any:
        handler = await continuation(details)
        # Health and reflection need no store, and Health.Watch streams with
        # context.write(): wrapping it as a generator would break it.
        if handler is None or details.method.startswith("/grpc."):
            return handler
        if handler.unary_unary is not None:
            unary = handler.unary_unary

            async def guarded_unary(request: Any, context: Any) -> Any:
                try:
                    return await unary(request, context)
                except grpc.aio.AbortError:
                    raise
                except Exception as error:
                    await _abort(context, error)

            return grpc.unary_unary_rpc_method_handler(
                guarded_unary,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            stream = handler.unary_stream

            async def guarded_stream(request: Any, context: Any) -> AsyncIterator[Any]:
                try:
                    async for response in stream(request, context):
                        yield response
                except grpc.aio.AbortError:
                    raise
                except Exception as error:
                    await _abort(context, error)

            return grpc.unary_stream_rpc_method_handler(
                guarded_stream,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler


async def _abort(context: Any, error: Exception) -> None:
    if isinstance(error, OUTAGES):
        log.warning("store unavailable", extra={"error": type(error).__name__})
        await errors.abort(
            context,
            errors.error_info(
                code_pb2.UNAVAILABLE,
                "the report store is unavailable; retry",
                "STORE_UNAVAILABLE",
                retry_after_seconds=1.0,
            ),
        )
    log.error("unexpected error", extra={"error": type(error).__name__})
    await context.abort(grpc.StatusCode.INTERNAL, "internal error")
