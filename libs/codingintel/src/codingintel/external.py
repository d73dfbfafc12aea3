"""What the backends that call external APIs (Comprehend Medical, an LLM) share: errors
that map to gRPC status codes the orchestrator can act on, and splitting text into
chunks under an API's size limit at sentence boundaries.

Error messages here are fixed text and identifiers: an external API's own message may
echo the text it was sent, so it is never kept.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import re
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import NoReturn, TypeVar

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from codingintel.grpc_server import Context

ERROR_DOMAIN = "codingintel.io"

T = TypeVar("T")


class ExternalError(Exception):
    """A failed call to an external API, as the gRPC status to answer with."""

    def __init__(
        self,
        code: grpc.StatusCode,
        reason: str,
        message: str,
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.metadata = dict(metadata or {})

    def status(self) -> status_pb2.Status:
        detail = error_details_pb2.ErrorInfo(
            reason=self.reason, domain=ERROR_DOMAIN, metadata=self.metadata
        )
        packed = any_pb2.Any()
        packed.Pack(detail)
        return status_pb2.Status(code=self.code.value[0], message=self.message, details=[packed])


async def abort(context: Context, error: ExternalError) -> NoReturn:
    await context.abort_with_status(rpc_status.to_status(error.status()))
    raise AssertionError("abort_with_status returned")


def configuration_error(message: str) -> NoReturn:
    """Stop at start with a message that names the variable (never its value)."""
    print(f"configuration error: {message}", file=sys.stderr)
    raise SystemExit(2)


def quiet_client_loggers(*names: str) -> None:
    """HTTP client libraries log request bodies at DEBUG, and the bodies are note text:
    keep them at WARNING whatever LOG_LEVEL says."""
    for name in names:
        logging.getLogger(name).setLevel(logging.WARNING)


async def gather(*calls: Awaitable[T]) -> list[T]:
    """All results in order; on the first failure the other calls are cancelled and
    that failure is raised (none is left running or unretrieved)."""
    tasks = [asyncio.ensure_future(call) for call in calls]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


# A sentence ends after . ! or ? followed by white space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_SPACE = re.compile(r"\s+")


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def chunk_spans(text: str, limit: int, size: Callable[[str], int] = len) -> list[tuple[int, int]]:
    """Cover `text` with consecutive (start, end) character spans, each of `size` at
    most `limit`, cut at sentence ends where possible, else at white space, else
    between characters. Concatenated, the spans give back the text exactly."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    if size(text) <= limit:
        return [(0, len(text))] if text else []
    # Candidate cut points, best first: sentence ends, then spaces.
    sentence_cuts = sorted({m.end() for m in _SENTENCE_END.finditer(text)})
    space_cuts = sorted({m.end() for m in _SPACE.finditer(text)})
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = _furthest(text, start, limit, size)
        if end < len(text):
            cut = _last_cut(sentence_cuts, start, end) or _last_cut(space_cuts, start, end)
            if cut:
                end = cut
        spans.append((start, end))
        start = end
    return spans


def _furthest(text: str, start: int, limit: int, size: Callable[[str], int]) -> int:
    """The largest end such that size(text[start:end]) <= limit (at least one char)."""
    low, high = start + 1, len(text)
    if size(text[start:high]) <= limit:
        return high
    # Binary search: size is monotonic in the end.
    while low < high:
        middle = (low + high + 1) // 2
        if size(text[start:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _last_cut(cuts: list[int], start: int, end: int) -> int | None:
    index = bisect.bisect_right(cuts, end) - 1
    if index >= 0 and cuts[index] > start:
        return cuts[index]
    return None
