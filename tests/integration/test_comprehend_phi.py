"""The phi service's Comprehend Medical backend, for real over HTTP: boto3 against a
local fake DetectPHI endpoint, the shared limiter on the real Redis."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Iterator

import grpc
import pytest
import pytest_asyncio

from codingintel import comprehend, external, ratelimit
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc
from codingintel_phi import deid
from codingintel_phi.comprehend import ComprehendBackend, PlaceholderMap, Span, merge
from codingintel_phi.service import PhiService
from codingintel_phi.settings import PhiSettings

from ..fakes.comprehend import FakeComprehend
from ..fakes.harness import AWS_ENV, error_info, serving
from ..support import REDIS_URL

# Found by the bundle's identifiers (masked before anything leaves the process).
KNOWN = [("NAME", "Harold Pruitt"), ("MRN", "MRN-007782"), ("PHONE", "(555) 612-0934")]
# Found only by DetectPHI.
FREE_TEXT_PHI = [("PROFESSION", "welder"), ("ADDRESS", "Quarry Ridge"), ("NAME", "Zebulon")]

NOTE = (
    "Patient: Harold Pruitt    MRN: MRN-007782\n"
    "Phone (555) 612-0934. Retired welder living off Quarry Ridge with his son Zebulon.\n"
    "Assessment: community-acquired pneumonia. Plan: ceftriaxone.\n"
)


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def fake() -> Iterator[FakeComprehend]:
    with FakeComprehend(phi_terms=FREE_TEXT_PHI) as server:
        yield server  # type: ignore[misc]


def settings(fake: FakeComprehend, **overrides: object) -> PhiSettings:
    values: dict[str, object] = {
        "phi_backend": "comprehend",
        "comprehend_endpoint_url": fake.url,
        "redis_url": REDIS_URL,
        "comprehend_max_attempts": 2,
        "comprehend_read_timeout_seconds": 2.0,
        "rate_limit_max_wait_seconds": 5.0,
        # A limiter of its own for each test: the keys carry the backend name only.
        "comprehend_detect_phi_rps": 0.0,
        "comprehend_detect_phi_concurrency": 0,
    }
    values.update(overrides)
    return PhiSettings(**values)  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def backend(fake: FakeComprehend) -> AsyncIterator[ComprehendBackend]:
    b = ComprehendBackend(settings(fake))
    yield b
    await b.close()


def check_offsets(original: str, note: object) -> None:
    text = note.text  # type: ignore[attr-defined]
    for e in note.phi_entities:  # type: ignore[attr-defined]
        assert text[e.start : e.end] == f"[{e.type}]"
    # Rebuilding the note from the entities' original offsets gives back the output.
    pieces, position = [], 0
    for e in note.phi_entities:  # type: ignore[attr-defined]
        pieces.append(original[position : e.original_start] + f"[{e.type}]")
        position = e.original_end
    assert "".join(pieces) + original[position:] == text


async def test_known_identifiers_never_reach_aws_and_free_text_phi_is_removed(
    fake: FakeComprehend, backend: ComprehendBackend
) -> None:
    [note] = await backend.deidentify([phi_pb2.Note(source="n", text=NOTE)], KNOWN)
    sent = "\n".join(fake.texts("DetectPHI"))
    assert sent
    for _, value in KNOWN:
        assert value not in sent
    for _, value in [*KNOWN, *FREE_TEXT_PHI]:
        assert value not in note.text
    assert "[PROFESSION]" in note.text and "[ADDRESS]" in note.text
    originals = {NOTE[e.original_start : e.original_end] for e in note.phi_entities}
    assert {"welder", "Quarry Ridge", "Zebulon", "Harold Pruitt", "MRN-007782"} <= originals
    check_offsets(NOTE, note)
    assert "pneumonia" in note.text


async def test_long_notes_are_split_at_sentences_under_the_byte_limit(
    fake: FakeComprehend, backend: ComprehendBackend
) -> None:
    # Multi-byte characters: the limit is in UTF-8 bytes, not characters.
    sentence = "Température 38.9 °C, SpO₂ 89 %, the welder reports fatigue — ñ. "
    long_note = sentence * 700 + "Seen by Zebulon at the end."
    assert len(long_note.encode()) > 2 * comprehend.DETECT_PHI_MAX_BYTES
    [note] = await backend.deidentify([phi_pb2.Note(source="n", text=long_note)], [])
    sent = fake.texts("DetectPHI")
    assert len(sent) >= 3
    assert all(len(t.encode()) <= comprehend.DETECT_PHI_MAX_BYTES for t in sent)
    # Cut at sentence ends: every chunk but the last ends a sentence.
    assert all(t.rstrip().endswith(".") for t in sent[:-1])
    # The embedded rules go first (they take "Seen by Zebulon"); the chunks, sent
    # concurrently, are the pieces of what they leave.
    first_pass = deid.deidentify(long_note, []).text
    assert "Zebulon" not in first_pass
    assert all(t in first_pass for t in sent) and sum(map(len, sent)) == len(first_pass)
    assert "welder" not in note.text and "Zebulon" not in note.text
    assert sum(1 for e in note.phi_entities if e.type == "PROFESSION") == 700
    check_offsets(long_note, note)


def test_chunk_spans_cover_the_text_and_respect_the_limit() -> None:
    text = ("Short one. " * 30) + ("x" * 250) + " tail words here" + ("é" * 90)
    for limit in (17, 64, 101):
        for size in (len, external.utf8_size):
            spans = external.chunk_spans(text, limit, size)
            assert "".join(text[s:e] for s, e in spans) == text
            assert all(size(text[s:e]) <= limit for s, e in spans)
            assert all(e > s for s, e in spans)


def test_placeholder_offsets_map_back_to_the_original() -> None:
    masked = "[NAME] saw [NAME] today."
    original = "Dr Jo saw Harold Pruitt today."

    class E:
        def __init__(self, s: int, e: int, os_: int, oe: int) -> None:
            self.start, self.end, self.original_start, self.original_end = s, e, os_, oe

    mapping = PlaceholderMap([E(0, 6, 0, 5), E(11, 17, 10, 23)])
    assert mapping.to_original(masked.index("today"), is_end=False) == original.index("today")
    assert mapping.to_original(len(masked), is_end=True) == len(original)
    # A span inside a placeholder covers the whole value it replaced.
    assert mapping.to_original(12, is_end=False) == 10
    assert mapping.to_original(14, is_end=True) == 23
    assert merge([Span("NAME", 0, 5), Span("ID", 3, 9), Span("DATE", 20, 22)]) == [
        Span("ID", 0, 9),
        Span("DATE", 20, 22),
    ]


async def test_throttling_is_retried_and_waited_out(fake: FakeComprehend) -> None:
    # botocore retries the first two; the limiter waits out the third (Retry-After).
    fake.fail_next(400, "TooManyRequestsException", times=3, retry_after=0.3)
    backend = ComprehendBackend(settings(fake, comprehend_max_attempts=2))
    attempts = ratelimit.ATTEMPTS.labels(comprehend.BACKEND_NAME, "DetectPHI", "throttled")
    throttled = ratelimit.THROTTLED.labels(comprehend.BACKEND_NAME, "DetectPHI")
    before = (attempts._value.get(), throttled._value.get())
    try:
        began = time.monotonic()
        [note] = await backend.deidentify([phi_pb2.Note(source="n", text=NOTE)], KNOWN)
    finally:
        await backend.close()
    assert "welder" not in note.text
    assert fake.answered("DetectPHI", 400) == 3 and fake.answered("DetectPHI", 200) == 1
    assert time.monotonic() - began >= 0.3
    # Throttling shows in the metrics: every throttled HTTP answer, and the one that
    # outlasted botocore's retries and was waited out through the shared limiter.
    assert attempts._value.get() - before[0] == 3
    assert throttled._value.get() - before[1] == 1


async def test_errors_map_to_grpc_status_codes(fake: FakeComprehend) -> None:
    backend = ComprehendBackend(
        settings(fake, comprehend_max_attempts=1, rate_limit_max_wait_seconds=0.5)
    )

    def register(server: grpc.aio.Server) -> None:
        phi_pb2_grpc.add_PhiServiceServicer_to_server(PhiService(backend), server)

    request = phi_pb2.DeidentifyRequest(notes=[phi_pb2.Note(source="n", text=NOTE)])
    cases = [
        (500, "InternalServerException", None, grpc.StatusCode.UNAVAILABLE, "BACKEND_UNAVAILABLE"),
        (400, "InvalidRequestException", None, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_INPUT"),
        # Asked to wait longer than the caller's budget: refused at once.
        (400, "TooManyRequestsException", 30, grpc.StatusCode.RESOURCE_EXHAUSTED, "RATE_LIMITED"),
        (403, "AccessDeniedException", None, grpc.StatusCode.FAILED_PRECONDITION, "BACKEND_AUTH"),
    ]
    try:
        async with serving(register) as channel:
            stub = phi_pb2_grpc.PhiServiceStub(channel)
            for status, error, retry_after, code, reason in cases:
                fake.fail_next(status, error, retry_after=retry_after)
                began = time.monotonic()
                with pytest.raises(grpc.aio.AioRpcError) as caught:
                    await stub.Deidentify(request, timeout=10)
                assert caught.value.code() == code, error
                assert time.monotonic() - began < 3
                info = error_info(caught.value)
                assert info.reason == reason and info.metadata["operation"] == "DetectPHI"
                # Neither the note nor the API's own message is echoed.
                assert "fake error" not in (caught.value.details() or "")
                assert "Pruitt" not in (caught.value.details() or "")
                # The block a throttle left behind would hold the next case back.
                await backend.comprehend.limiter._client().delete(
                    backend.comprehend.limiter._key("DetectPHI", "blocked")
                )
    finally:
        await backend.close()


async def test_a_slow_endpoint_is_deadline_exceeded(fake: FakeComprehend) -> None:
    fake.delay_seconds = 1.0
    backend = ComprehendBackend(
        settings(fake, comprehend_max_attempts=1, comprehend_read_timeout_seconds=0.3)
    )
    try:
        with pytest.raises(external.ExternalError) as caught:
            await backend.deidentify([phi_pb2.Note(source="n", text=NOTE)], [])
    finally:
        await backend.close()
    assert caught.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def test_missing_region_or_credentials_stop_the_start(
    monkeypatch: pytest.MonkeyPatch, fake: FakeComprehend, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", f"/nonexistent/{uuid.uuid4().hex}")
    monkeypatch.setenv("AWS_CONFIG_FILE", f"/nonexistent/{uuid.uuid4().hex}")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(SystemExit) as caught:
        ComprehendBackend(settings(fake))
    assert caught.value.code == 2 and "AWS_ACCESS_KEY_ID" in capsys.readouterr().err
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    with pytest.raises(SystemExit):
        ComprehendBackend(settings(fake))
    assert "AWS_REGION" in capsys.readouterr().err
