"""Store outages answer UNAVAILABLE (retryable by any gRPC client) instead of UNKNOWN
with a traceback, for unary and streaming methods alike."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
import psycopg
import psycopg_pool

log = logging.getLogger(__name__)

OUTAGES = (psycopg.OperationalError, psycopg_pool.PoolTimeout)


class StoreUnavailable(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    async def intercept_service(
        self, continuation: Callable[[Any], Awaitable[Any]], details: Any
    ) -> Any:
        handler = await continuation(details)
        if handler is None:
            return handler
        if handler.unary_unary is not None:
            unary = handler.unary_unary

            async def guarded_unary(request: Any, context: Any) -> Any:
                try:
                    return await unary(request, context)
                except OUTAGES as error:
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
                except OUTAGES as error:
                    await _abort(context, error)

            return grpc.unary_stream_rpc_method_handler(
                guarded_stream,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler


async def _abort(context: Any, error: Exception) -> None:
    log.warning("store unavailable", extra={"error": type(error).__name__})
    await context.abort(grpc.StatusCode.UNAVAILABLE, "the report store is unavailable; retry")
