"""Retention: PHI at rest does not outlive its use.

A report finished (COMPLETE, FAILED or CANCELLED) longer ago than the retention age
loses its source data; what the report says about the encounter stays.

Purged:
- the raw FHIR bundle (the `encounters` row): notes, names, identifiers;
- every copy of the note text: each de-identified note's text and each evidence quote,
  in the report's result and in every stored version of it (`report_events`), and the
  step checkpoints' outputs (de-identified and filtered text). Checkpoint rows stay with
  their step, backend, duration and degraded flag.

De-identified text counts as note text: de-identification finds identifiers with a
recall below 1, so what it leaves may still identify a patient.

Kept: state, codes (code, display, score, source, evidence offsets), the coding and
quality analyses, backends, degraded steps, timings, attempts, the error, the encounter
id, each note's source and its PHI entities' types and offsets. `purged_at` records when.

The purge works in batches, one transaction each, locking its rows with SKIP LOCKED so
that two purgers never take the same report and a report being retried or deleted at
that moment is left for the next pass.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from psycopg_pool import AsyncConnectionPool

from codingintel.reports.v1 import reports_pb2
from codingintel.store import TERMINAL_STATES

DEFAULT_BATCH_SIZE = 500
SECONDS_PER_DAY = 86_400.0

# Literal states, so that the planner matches the partial index reports_retention_due.
_TERMINAL_SQL = ", ".join(str(int(s)) for s in sorted(TERMINAL_STATES))

_TAKE_DUE = (
    "SELECT report_id, state, result FROM reports"
    f" WHERE state IN ({_TERMINAL_SQL}) AND purged_at IS NULL AND deleted_at IS NULL"
    " AND processing_complete_time < now() - make_interval(secs => %s)"
    " ORDER BY processing_complete_time LIMIT %s FOR UPDATE SKIP LOCKED"
)


def scrub_result(result: reports_pb2.ReportResult) -> bool:
    """Clear the note text from a result in place; answers whether anything changed."""
    changed = False
    for note in result.notes:
        if note.text:
            note.text = ""
            changed = True
    for code in [*result.icd10_codes, *result.snomed_codes]:
        if code.HasField("evidence") and code.evidence.text:
            code.evidence.text = ""
            changed = True
    return changed


def scrub_snapshot(snapshot: bytes) -> bytes | None:
    """A stored Report without its note text, or None when it carries none."""
    report = reports_pb2.Report.FromString(snapshot)
    if not report.HasField("result") or not scrub_result(report.result):
        return None
    return report.SerializeToString()


async def purge_batch(
    pool: AsyncConnectionPool, older_than_seconds: float, limit: int = DEFAULT_BATCH_SIZE
) -> Counter[int]:
    """Purge up to `limit` due reports in one transaction; answers how many, by state."""
    purged: Counter[int] = Counter()
    async with pool.connection() as conn:
        cur = await conn.execute(_TAKE_DUE, (older_than_seconds, limit))
        rows = await cur.fetchall()
        if not rows:
            return purged
        ids = [row[0] for row in rows]
        results: list[tuple[bytes, Any]] = []
        for report_id, state, result in rows:
            purged[state] += 1
            if result is not None:
                parsed = reports_pb2.ReportResult.FromString(result)
                if scrub_result(parsed):
                    results.append((parsed.SerializeToString(), report_id))
        await conn.execute("UPDATE reports SET purged_at = now() WHERE report_id = ANY(%s)", (ids,))
        async with conn.cursor() as write:
            if results:
                await write.executemany(
                    "UPDATE reports SET result = %s WHERE report_id = %s", results
                )
            await write.execute("DELETE FROM encounters WHERE report_id = ANY(%s)", (ids,))
            await write.execute(
                "UPDATE report_steps SET output = ''::bytea"
                " WHERE report_id = ANY(%s) AND output <> ''::bytea",
                (ids,),
            )
            events = await conn.execute(
                "SELECT report_id, version, snapshot FROM report_events WHERE report_id = ANY(%s)",
                (ids,),
            )
            rewritten = []
            for report_id, version, snapshot in await events.fetchall():
                scrubbed = scrub_snapshot(bytes(snapshot))
                if scrubbed is not None:
                    rewritten.append((scrubbed, report_id, version))
            if rewritten:
                await write.executemany(
                    "UPDATE report_events SET snapshot = %s WHERE report_id = %s AND version = %s",
                    rewritten,
                )
    return purged


async def purge_expired(
    pool: AsyncConnectionPool, retention_days: float, batch_size: int = DEFAULT_BATCH_SIZE
) -> Counter[int]:
    """Purge every report due, batch after batch, until none is left; answers how many,
    by state. A retention of 0 days (or less) purges nothing: retention is off."""
    total: Counter[int] = Counter()
    if retention_days <= 0:
        return total
    older_than = retention_days * SECONDS_PER_DAY
    while True:
        purged = await purge_batch(pool, older_than, batch_size)
        total.update(purged)
        if sum(purged.values()) < batch_size:
            return total
        await asyncio.sleep(0)  # let the loop's other work through between batches


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "purge_batch",
    "purge_expired",
    "scrub_result",
    "scrub_snapshot",
]
