"""Splitting text under an external API's size limit, and the pieces sent to it."""

from __future__ import annotations

import asyncio
import itertools
import random

import grpc
import pytest

from codingintel import external
from codingintel.coding.v1 import coding_pb2
from codingintel_coding.comprehend import chunks, clinical_ranges, concepts

WORDS = ["fever", "cough.", "Température", "°C", "naïve", "SpO₂", "\n", "end!", "x" * 40, "🙂"]


@pytest.mark.parametrize("seed", range(20))
def test_chunks_cover_the_text_exactly_within_the_limit(seed: int) -> None:
    rng = random.Random(seed)
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 400)))
    limit = rng.randint(8, 300)
    for size in (len, external.utf8_size):
        spans = external.chunk_spans(text, limit, size)
        assert "".join(text[s:e] for s, e in spans) == text
        assert all(0 < size(text[s:e]) <= limit for s, e in spans)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


def test_cuts_prefer_sentence_ends_then_spaces() -> None:
    text = "One two three. Four five six. Seven eight nine."
    spans = external.chunk_spans(text, 20)
    assert [text[s:e] for s, e in spans] == [
        "One two three. ",
        "Four five six. ",
        "Seven eight nine.",
    ]
    words = "aaaa bbbb cccc"
    assert [words[s:e] for s, e in external.chunk_spans(words, 10)] == [
        "aaaa bbbb ",
        "cccc",
    ]
    # A character is never split: a 4-byte emoji with a 3-byte limit still goes whole.
    assert external.chunk_spans("🙂🙂", 4, external.utf8_size) == [(0, 1), (1, 2)]


def test_only_the_clinical_segments_are_sent_joined_when_adjacent() -> None:
    text = "Billing: 123\nAssessment:\nPneumonia.\nPlan:\nAntibiotics.\nSignature: x"
    note = coding_pb2.ClinicalNote(
        text=text,
        segments=[
            coding_pb2.TextSegment(start=13, end=36, section="assessment"),
            coding_pb2.TextSegment(start=36, end=55, section="plan"),
        ],
    )
    assert clinical_ranges(note) == [(13, 55)]
    assert chunks([note], 10_000) == [(0, 13, 55)]
    # Only a header between two kept segments: sent together, header included.
    text = "Billing:\n123\nHPI:\nCough.\nFamily History:\nFather with asthma.\n"
    hpi, family = text.index("\nCough"), text.index("\nFather")
    note = coding_pb2.ClinicalNote(
        text=text,
        segments=[
            coding_pb2.TextSegment(start=hpi, end=hpi + 8, section="history_of_present_illness"),
            coding_pb2.TextSegment(start=family, end=len(text), section="family_history"),
        ],
    )
    assert clinical_ranges(note) == [(hpi, len(text))]
    # Content of a dropped section between them keeps them apart.
    text2 = text.replace("Family History:", "Billing:\nCode 99213\nFamily History:")
    hpi, family = text2.index("\nCough"), text2.index("\nFather")
    note = coding_pb2.ClinicalNote(
        text=text2,
        segments=[
            coding_pb2.TextSegment(start=hpi, end=hpi + 8),
            coding_pb2.TextSegment(start=family, end=len(text2)),
        ],
    )
    assert clinical_ranges(note) == [(hpi, hpi + 8), (family, len(text2))]
    assert clinical_ranges(coding_pb2.ClinicalNote(text="abc")) == [(0, 3)]


def test_concepts_drop_negated_family_hypothetical_and_low_scores() -> None:
    def entity(traits: list[str], score: float, begin: int = 0) -> dict[str, object]:
        return {
            "BeginOffset": begin,
            "EndOffset": begin + 4,
            "Traits": [{"Name": t, "Score": 0.9} for t in traits],
            "ICD10CMConcepts": [
                {"Code": "Z00.00", "Description": "second", "Score": score / 2},
                {"Code": "J18.9", "Description": "best", "Score": score},
            ],
        }

    answer = {
        "Entities": [
            entity(["DIAGNOSIS"], 0.9),
            entity(["NEGATION"], 0.9),
            entity(["PERTAINS_TO_FAMILY"], 0.9),
            entity(["HYPOTHETICAL", "SIGN"], 0.9),
            entity([], 0.4),
            entity([], 0.9, begin=98),  # runs past its chunk
        ]
    }
    assert concepts(answer, "ICD10CMConcepts", 0.5, 100) == [("J18.9", "best", 0.9, 0, 4)]


async def test_gather_cancels_the_rest_on_the_first_failure() -> None:
    finished: list[str] = []

    async def slow() -> str:
        await asyncio.sleep(5)
        finished.append("slow")
        return "slow"

    async def broken() -> str:
        raise external.ExternalError(grpc.StatusCode.UNAVAILABLE, "BACKEND_UNAVAILABLE", "down")

    with pytest.raises(external.ExternalError):
        await external.gather(slow(), broken())
    assert finished == []
    assert await external.gather(asyncio.sleep(0, "a"), asyncio.sleep(0, "b")) == ["a", "b"]
