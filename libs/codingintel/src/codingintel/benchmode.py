"""Benchmark-only backend modes, shared by the phi, coding and analysis services.

`<SERVICE>_BACKEND=null` answers every call at once with a fixed, well-formed answer;
`<SERVICE>_BACKEND=sleep` gives the same answer after `BENCH_SLEEP_SECONDS` (1 s by
default), waiting without using the CPU, as a remote API would. They exist so that the
benchmarks measure the engine (queue, store, gRPC, status push) rather than the
embedded rules, and never for real encounters: the null de-identification masks every
letter and digit, so its output carries no PHI but no information either.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from codingintel import settings

log = logging.getLogger(__name__)

Mode = Literal["null", "sleep"]

# Every letter and digit becomes this one; white space and punctuation are kept, so the
# answer has the note's size, lines and sentences, and section filtering downstream
# costs what it costs on a real note.
_WORD_CHARACTER = re.compile(r"\w")
MASK = "x"


class BenchSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    # How long a sleep-mode backend takes to answer each call (seconds).
    bench_sleep_seconds: float = Field(1.0, ge=0)


class Delay:
    """The wait before a benchmark-mode answer: none for null, a fixed sleep for sleep."""

    def __init__(self, mode: Mode, seconds: float | None = None) -> None:
        self.mode = mode
        self.seconds = 0.0
        if mode == "sleep":
            self.seconds = (
                settings.load(BenchSettings).bench_sleep_seconds if seconds is None else seconds
            )
        log.warning(
            "benchmark-only backend: answers are fixed, not computed",
            extra={"backend": mode, "delay_seconds": self.seconds},
        )

    async def wait(self) -> None:
        if self.seconds > 0:
            await asyncio.sleep(self.seconds)


def mask(text: str) -> str:
    """The text with every letter and digit replaced: same length, no content."""
    return _WORD_CHARACTER.sub(MASK, text)
