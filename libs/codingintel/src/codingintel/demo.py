"""`make demo`: start everything on embedded defaults, submit the examples, show a live
progress bar per report, print what each report found, stop everything, exit 0."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from rich.console import Console

from codingintel.cli import exit_code, follow, new_progress, state_name
from codingintel.client import ReportsClient
from codingintel.devstack import Stack, data_dir
from codingintel.reports.v1 import reports_pb2

TIMEOUT_SECONDS = 180.0


def headline(report: reports_pb2.Report, name: str) -> str:
    result = report.result
    icd10 = ", ".join(c.code for c in result.icd10_codes[:8])
    return (
        f"[bold]{name}[/]  {state_name(report)} in {report.processing_time_ms} ms"
        f"  (encounter {report.encounter_id})\n"
        f"  ICD-10-CM: {icd10 or '-'}  ({len(result.snomed_codes)} SNOMED CT)\n"
        f"  PHI removed: {sum(len(n.phi_entities) for n in result.notes)} identifier(s)"
        f" in {len(result.notes)} note(s)\n"
        f"  {result.coding_analysis.summary}\n"
        f"  missed codes: {', '.join(result.coding_analysis.missed_codes) or '-'};"
        f" unsupported: {', '.join(result.coding_analysis.unsupported_codes) or '-'}\n"
        f"  {result.quality_analysis.summary}"
    )


async def submit_all(console: Console, address: str, token: str, examples: list[Path]) -> int:
    async with ReportsClient(address, token=token) as client:
        created = [await client.create(path.read_bytes()) for path in examples]
        with new_progress(console) as progress:
            finals = await asyncio.wait_for(
                asyncio.gather(
                    *(
                        follow(client, progress, r, p.name)
                        for p, r in zip(examples, created, strict=True)
                    )
                ),
                TIMEOUT_SECONDS,
            )
    console.print()
    for path, report in zip(examples, finals, strict=True):
        if report.state == reports_pb2.REPORT_STATE_COMPLETE:
            console.print(headline(report, path.name))
        else:
            console.print(f"[red]{path.name}: {state_name(report)}[/] {report.error.message}")
    return exit_code(finals)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--examples", type=Path, default=Path("examples"))
    options = arguments.parse_args()
    examples = sorted(options.examples.glob("*.json"))
    console = Console()
    if not examples:
        console.print(f"no examples in {options.examples}")
        sys.exit(2)
    began = time.monotonic()
    stack = Stack(data_dir(), free_ports=True, log_dir=data_dir() / "demo-logs", say=console.print)
    code = 1
    try:
        stack.start()
        console.print(
            f"services up in {time.monotonic() - began:.1f}s; gateway at {stack.gateway_addr}"
        )
        code = asyncio.run(submit_all(console, stack.gateway_addr, stack.token, examples))
    finally:
        stack.stop()
    console.print(f"demo finished in {time.monotonic() - began:.1f}s; everything stopped")
    sys.exit(code)


if __name__ == "__main__":
    main()
