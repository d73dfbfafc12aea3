"""`codingintel`: submit encounters, watch reports live, read, list, cancel and retry them.

`submit FILE|DIR...`: each file becomes a report; each directory becomes one batch of
the *.json files in it (all or nothing).

The token comes from CODINGINTEL_TOKEN, the gateway address from CODINGINTEL_ADDR.

Exit codes: 0 complete, 1 failed, 3 cancelled, 4 the call itself failed (not found,
invalid, gateway unreachable), 2 bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TaskProgressColumn, TextColumn
from rich.table import Table

from codingintel import pipeline, tls
from codingintel.client import TERMINAL_STATES, ReportsClient, default_address
from codingintel.reports.v1 import reports_pb2

EXIT_COMPLETE, EXIT_FAILED, EXIT_USAGE, EXIT_CANCELLED, EXIT_CALL_FAILED = 0, 1, 2, 3, 4

STATE_NAMES = {
    value: name.removeprefix("REPORT_STATE_") for name, value in reports_pb2.ReportState.items()
}


def state_name(report: reports_pb2.Report) -> str:
    return STATE_NAMES.get(report.state, str(report.state))


def step_indicators(report: reports_pb2.Report) -> str:
    """PHI → Filtering → Codes → AI, each done (✓), running (●), failed (✗) or to come (○)."""
    complete = report.state == reports_pb2.REPORT_STATE_COMPLETE
    current = next(
        (i for i, (_, steps) in enumerate(pipeline.STEP_GROUPS) if report.current_step in steps),
        -1 if report.state == reports_pb2.REPORT_STATE_PENDING else len(pipeline.STEP_GROUPS),
    )
    marks = []
    for index, (label, _) in enumerate(pipeline.STEP_GROUPS):
        if complete or index < current:
            mark = "[green]✓[/]"
        elif index == current:
            mark = "[red]✗[/]" if report.state in TERMINAL_STATES else "[yellow]●[/]"
        else:
            mark = "[dim]○[/]"
        marks.append(f"{mark} {label}")
    return " → ".join(marks)


def eta_text(report: reports_pb2.Report) -> str:
    if report.state in TERMINAL_STATES:
        return f"{report.processing_time_ms / 1000:.1f}s"
    if report.HasField("estimated_time_remaining_ms"):
        return f"ETA {report.estimated_time_remaining_ms / 1000:.1f}s"
    return "ETA --"


def batch_eta_text(batch: reports_pb2.Batch) -> str:
    if batch.done:
        return "done"
    if batch.HasField("estimated_time_remaining_ms"):
        return f"ETA {batch.estimated_time_remaining_ms / 1000:.1f}s"
    return "ETA --"


def batch_counts(batch: reports_pb2.Batch) -> str:
    parts = [f"{batch.complete_count}/{batch.total_count} complete"]
    for count, label in (
        (batch.processing_count, "running"),
        (batch.pending_count, "waiting"),
        (batch.failed_count, "failed"),
        (batch.cancelled_count, "cancelled"),
    ):
        if count:
            parts.append(f"{count} {label}")
    return ", ".join(parts)


def batch_exit_code(batch: reports_pb2.Batch) -> int:
    if batch.failed_count:
        return EXIT_FAILED
    if batch.cancelled_count:
        return EXIT_CANCELLED
    return EXIT_COMPLETE


def exit_code(reports: Sequence[reports_pb2.Report]) -> int:
    states = {r.state for r in reports}
    if reports_pb2.REPORT_STATE_FAILED in states:
        return EXIT_FAILED
    if reports_pb2.REPORT_STATE_CANCELLED in states:
        return EXIT_CANCELLED
    return EXIT_COMPLETE


def new_progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}", style="bold"),
        BarColumn(bar_width=30),
        TaskProgressColumn(),
        TextColumn("{task.fields[step]:<20}"),
        TextColumn("{task.fields[indicators]}"),
        TextColumn("{task.fields[eta]}"),
        console=console,
        transient=False,
    )


def _update(progress: Progress, task: TaskID, report: reports_pb2.Report) -> None:
    step = report.current_step or state_name(report).lower()
    if report.state == reports_pb2.REPORT_STATE_FAILED:
        step = f"failed at {report.current_step}"
    progress.update(
        task,
        completed=report.progress_percent,
        step=step,
        indicators=step_indicators(report),
        eta=eta_text(report),
    )


async def follow(
    client: ReportsClient,
    progress: Progress,
    report: reports_pb2.Report,
    label: str,
    streams: asyncio.Semaphore | None = None,
) -> reports_pb2.Report:
    """Drive one progress bar from the report's stream until it is terminal. With
    `streams`, the stream waits for a free slot (a batch's bars take turns, so a large
    batch stays under the gateway's limit of open streams)."""
    task = progress.add_task(label, total=100, step="", indicators="", eta="")
    _update(progress, task, report)
    final = report
    async with streams if streams is not None else contextlib.nullcontext():
        async for version in client.watch(report.report_id):
            final = version
            _update(progress, task, version)
    return final


async def batch_members(
    client: ReportsClient, batch: reports_pb2.Batch
) -> list[reports_pb2.Report]:
    """The batch's reports in entry order, listed by batch a page at a time."""
    found: dict[str, reports_pb2.Report] = {}
    token = ""
    while True:
        page = await client.list(
            reports_pb2.ListReportsRequest(
                batch_id=batch.batch_id, page_size=1000, page_token=token
            )
        )
        found.update((r.report_id, r) for r in page.reports)
        token = page.next_page_token
        if not token:
            break
    return [found[r] for r in batch.report_ids if r in found]


def _update_batch(progress: Progress, task: TaskID, batch: reports_pb2.Batch) -> None:
    progress.update(
        task,
        completed=batch.progress_percent,
        step=batch_counts(batch),
        indicators="",
        eta=batch_eta_text(batch),
    )


async def follow_batch(
    client: ReportsClient, progress: Progress, batch: reports_pb2.Batch, label: str
) -> reports_pb2.Batch:
    """Drive the batch's overall bar from its stream until every report is terminal."""
    task = progress.add_task(label, total=100, step="", indicators="", eta="")
    _update_batch(progress, task, batch)
    final = batch
    async for version in client.watch_batch(batch.batch_id):
        final = version
        _update_batch(progress, task, version)
    return final


# Report streams a CLI keeps open at once while following a batch.
BATCH_STREAMS = 64


async def follow_all(
    client: ReportsClient,
    progress: Progress,
    reports: Sequence[tuple[str, reports_pb2.Report]],
    batches: Sequence[tuple[str, reports_pb2.Batch]],
) -> tuple[list[reports_pb2.Report], list[reports_pb2.Batch]]:
    """One bar per batch (overall) and one per report, all live until terminal."""
    streams = asyncio.Semaphore(BATCH_STREAMS)
    batch_tasks = [follow_batch(client, progress, batch, label) for label, batch in batches]
    report_tasks = [follow(client, progress, report, label, streams) for label, report in reports]
    results = await asyncio.gather(*batch_tasks, *report_tasks)
    return (
        [r for r in results if isinstance(r, reports_pb2.Report)],
        [b for b in results if isinstance(b, reports_pb2.Batch)],
    )


def summary(report: reports_pb2.Report) -> str:
    lines = [
        f"report {report.report_id}  encounter {report.encounter_id}",
        f"  state {state_name(report)}  progress {report.progress_percent}%"
        f"  step {report.current_step or '-'}  version {report.version}"
        f"  attempts {report.attempt_count}  time {report.processing_time_ms} ms",
    ]
    if report.HasField("error"):
        lines.append(f"  error: {report.error.message}")
    if report.HasField("result"):
        result = report.result
        icd10 = ", ".join(f"{c.code}" for c in result.icd10_codes[:10])
        snomed = ", ".join(f"{c.code}" for c in result.snomed_codes[:6])
        lines.append(f"  ICD-10-CM: {icd10 or '-'}")
        lines.append(f"  SNOMED CT: {snomed or '-'}")
        lines.append(f"  coding: {result.coding_analysis.summary}")
        lines.append(f"  quality: {result.quality_analysis.summary}")
        if result.degraded_steps:
            lines.append(f"  degraded: {', '.join(result.degraded_steps)}")
    return "\n".join(lines)


def batch_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".json")


def batch_summary(batch: reports_pb2.Batch, label: str) -> str:
    return (
        f"batch {batch.batch_id}  {label}  {batch_counts(batch)}"
        f"  progress {batch.progress_percent}%  version {batch.version}"
    )


def summary_table(rows: Sequence[tuple[str, reports_pb2.Report]]) -> Table:
    table = Table(title="summary")
    for column in ("file", "report", "state", "ICD-10-CM", "time", "error"):
        table.add_column(column)
    for label, report in rows:
        table.add_row(
            label,
            report.report_id,
            state_name(report),
            ", ".join(c.code for c in report.result.icd10_codes[:5]) or "-",
            f"{report.processing_time_ms / 1000:.1f}s",
            report.error.message if report.HasField("error") else "",
        )
    return table


async def submit(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        reports: list[tuple[str, reports_pb2.Report]] = []
        batches: list[tuple[str, reports_pb2.Batch]] = []
        members: list[tuple[str, reports_pb2.Report]] = []
        for path in map(Path, args.files):
            request_id = args.request_id if args.request_id else ""
            if path.is_dir():
                files = await asyncio.to_thread(batch_files, path)
                if not files:
                    console.print(f"[red]error:[/] no *.json files in {path}", highlight=False)
                    return EXIT_USAGE
                entries = [
                    reports_pb2.CreateReportRequest(
                        fhir_bundle=await asyncio.to_thread(f.read_bytes)
                    )
                    for f in files
                ]
                batch = await client.create_batch(entries, request_id=request_id)
                batches.append((path.name or str(path), batch))
                names = dict(zip(batch.report_ids, (f.name for f in files), strict=True))
                members.extend((names[r.report_id], r) for r in await batch_members(client, batch))
                if not args.wait and not args.json:
                    console.print(batch_summary(batch, str(path)), highlight=False)
                    for file, report_id in zip(files, batch.report_ids, strict=True):
                        console.print(f"  {report_id}  {file}", highlight=False)
                continue
            bundle = await asyncio.to_thread(path.read_bytes)
            report = await client.create(bundle, request_id=request_id)
            reports.append((path.name, report))
            if not args.wait and not args.json:
                console.print(f"{report.report_id}  {state_name(report)}  {path}", highlight=False)
        if args.wait:
            # Bars on stderr when printing JSON, so stdout stays parseable.
            live_console = Console(stderr=True) if args.json else console
            with new_progress(live_console) as progress:
                finals, final_batches = await follow_all(
                    client, progress, [*reports, *members], batches
                )
            labelled = list(zip([label for label, _ in [*reports, *members]], finals, strict=True))
            batches = [(label, b) for (label, _), b in zip(batches, final_batches, strict=True)]
        else:
            labelled = [*reports, *members]
        if args.json:
            print(
                json.dumps(
                    {
                        "reports": [to_dict(r) for _, r in labelled],
                        "batches": [to_dict(b) for _, b in batches],
                    },
                    indent=2,
                )
            )
        if not args.wait:
            return EXIT_COMPLETE
        if not args.json:
            for _, report in labelled[: len(reports)]:
                console.print(summary(report), highlight=False)
            for label, batch in batches:
                console.print(batch_summary(batch, label), highlight=False)
            if batches:
                console.print(summary_table(labelled[len(reports) :]))
        return exit_code([r for _, r in labelled])


async def batch(args: argparse.Namespace, console: Console) -> int:
    """A batch's counts, progress and ETA; with --watch, live bars until it is done."""
    async with ReportsClient(args.addr) as client:
        current = await client.get_batch(args.batch_id)
        if args.watch:
            members = [(r.encounter_id, r) for r in await batch_members(client, current)]
            live_console = Console(stderr=True) if args.json else console
            with new_progress(live_console) as progress:
                finals, _ = await follow_all(
                    client, progress, members, [(f"batch {current.batch_id[:8]}", current)]
                )
            current = await client.get_batch(args.batch_id)
            if not args.json:
                console.print(summary_table([(r.encounter_id, r) for r in finals]))
    if args.json:
        print(to_json(current))
    else:
        console.print(batch_summary(current, ""), highlight=False)
        console.print(f"  ETA {batch_eta_text(current)}", highlight=False)
    return batch_exit_code(current) if current.done else EXIT_COMPLETE


async def watch(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        report = await client.get(args.report_id)
        with new_progress(console) as progress:
            final = await follow(client, progress, report, report.encounter_id or report.report_id)
        console.print(summary(final), highlight=False)
        return exit_code([final])


async def get(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        report = await client.get(args.report_id)
    if args.json:
        print(to_json(report))
    else:
        console.print(summary(report), highlight=False)
    if report.state in TERMINAL_STATES:
        return exit_code([report])
    return EXIT_COMPLETE


def to_json(message: Any) -> str:
    return json_format.MessageToJson(message, preserving_proto_field_name=True)


def to_dict(message: Any) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def show(console: Console, report: reports_pb2.Report, as_json: bool) -> None:
    if as_json:
        print(to_json(report))
    else:
        console.print(summary(report), highlight=False)


def report_table(reports: Sequence[reports_pb2.Report], title: str) -> Table:
    table = Table(title=title)
    for column in ("report", "encounter", "state", "step", "progress", "created", "error"):
        table.add_column(column)
    for report in reports:
        table.add_row(
            report.report_id,
            report.encounter_id,
            state_name(report),
            report.current_step or "-",
            f"{report.progress_percent}%",
            report.create_time.ToDatetime().strftime("%Y-%m-%d %H:%M:%S"),
            report.error.message if report.HasField("error") else "",
        )
    return table


async def list_reports(args: argparse.Namespace, console: Console) -> int:
    request = reports_pb2.ListReportsRequest(
        page_size=args.limit,
        encounter_id=args.encounter or "",
        state=f"REPORT_STATE_{args.state.upper()}" if args.state else None,
    )
    async with ReportsClient(args.addr) as client:
        response = await client.list(request)
    if args.json:
        print(to_json(response))
    else:
        console.print(report_table(response.reports, "reports"))
    return EXIT_COMPLETE


async def cancel(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        report = await client.cancel(args.report_id)
    show(console, report, args.json)
    return EXIT_COMPLETE


async def delete(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        await client.delete(args.report_id)
    if args.json:
        print("{}")
    else:
        console.print(f"deleted {args.report_id}")
    return EXIT_COMPLETE


def failed_filter(args: argparse.Namespace) -> reports_pb2.FailedReportFilter:
    return reports_pb2.FailedReportFilter(step=args.step or "")


async def failed(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        response = await client.list_failed(
            reports_pb2.ListFailedReportsRequest(filter=failed_filter(args), page_size=args.limit)
        )
    if args.json:
        print(to_json(response))
    else:
        console.print(report_table(response.reports, "failed reports"))
    return EXIT_COMPLETE


async def retry(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        report = await client.retry(args.report_id)
    show(console, report, args.json)
    return EXIT_COMPLETE


async def bulk_retry(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        response = await client.bulk_retry(failed_filter(args))
    if args.json:
        print(to_json(response))
    else:
        console.print(f"re-queued {response.requeued_count} report(s)")
    return EXIT_COMPLETE


async def stats(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        response = await client.failure_statistics(args.window)
    if args.json:
        print(to_json(response))
        return EXIT_COMPLETE
    table = Table(title=f"last {response.window_seconds} s")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("completed", str(response.completed_count))
    table.add_row("failed", str(response.failed_count))
    table.add_row("cancelled", str(response.cancelled_count))
    table.add_row("failure rate", f"{response.failure_rate:.1%}")
    table.add_row("retry success rate", f"{response.retry_success_rate:.1%}")
    for step, count in sorted(response.failures_by_step.items()):
        table.add_row(f"failed at {step}", str(count))
    for code, count in sorted(response.failures_by_code.items()):
        table.add_row(f"failed with {code}", str(count))
    console.print(table)
    return EXIT_COMPLETE


async def status(args: argparse.Namespace, console: Console) -> int:
    async with ReportsClient(args.addr) as client:
        response = await client.system_status()
    if args.json:
        print(to_json(response))
        return EXIT_COMPLETE
    table = Table(title="system status")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("queue depth", str(response.queue_depth))
    table.add_row("pending", str(response.pending_count))
    table.add_row("processing", str(response.processing_count))
    table.add_row("live workers", str(response.live_workers))
    table.add_row("completed (1 h)", str(response.completed_last_hour))
    table.add_row("failed (1 h)", str(response.failed_last_hour))
    table.add_row("failure rate (1 h)", f"{response.failure_rate_last_hour:.1%}")
    console.print(table)
    return EXIT_COMPLETE


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="codingintel", description=__doc__.split("\n\n")[0])
    main.add_argument(
        "--addr", default=default_address(), help="gateway address (env CODINGINTEL_ADDR)"
    )
    commands = main.add_subparsers(dest="command", required=True)
    submit_cmd = commands.add_parser(
        "submit", help="submit FHIR R4 bundles (JSON files; a directory becomes a batch)"
    )
    submit_cmd.add_argument("files", nargs="+", metavar="FILE|DIR")
    submit_cmd.add_argument("--wait", action="store_true", help="show live progress until done")
    submit_cmd.add_argument("--request-id", help="idempotency key (one FILE or DIR only)")
    batch_cmd = commands.add_parser("batch", help="show a batch; --watch for live progress")
    batch_cmd.add_argument("batch_id")
    batch_cmd.add_argument("--watch", action="store_true", help="live bars until it is done")
    watch_cmd = commands.add_parser("watch", help="show a report's live progress until done")
    watch_cmd.add_argument("report_id")
    get_cmd = commands.add_parser("get", help="print a report")
    get_cmd.add_argument("report_id")
    list_cmd = commands.add_parser("list", help="list reports, newest first")
    list_cmd.add_argument(
        "--state", choices=["pending", "processing", "complete", "failed", "cancelled"]
    )
    list_cmd.add_argument("--encounter", help="only this encounter id")
    list_cmd.add_argument("--limit", type=int, default=50)
    for name, text in (
        ("cancel", "cancel a report"),
        ("delete", "purge a report's data"),
        ("retry", "retry a failed report (admin)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("report_id")
    failed_cmd = commands.add_parser("failed", help="list failed reports (admin)")
    failed_cmd.add_argument("--step", help="only failures at this stage")
    failed_cmd.add_argument("--limit", type=int, default=50)
    bulk_cmd = commands.add_parser("bulk-retry", help="retry every failed report matching (admin)")
    bulk_cmd.add_argument("--step", help="only failures at this stage")
    stats_cmd = commands.add_parser("stats", help="failure statistics (admin)")
    stats_cmd.add_argument("--window", type=int, default=3600, help="seconds")
    commands.add_parser("status", help="queue depth, workers, recent outcomes (admin)")
    for command in commands.choices.values():
        command.add_argument("--json", action="store_true", help="machine-readable output")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "submit" and args.request_id and len(args.files) != 1:
        parser().error("--request-id takes exactly one FILE or DIR")
    console = Console()
    command = {
        "submit": submit,
        "batch": batch,
        "watch": watch,
        "get": get,
        "list": list_reports,
        "cancel": cancel,
        "delete": delete,
        "failed": failed,
        "retry": retry,
        "bulk-retry": bulk_retry,
        "stats": stats,
        "status": status,
    }[args.command]
    try:
        return asyncio.run(command(args, console))
    except grpc.aio.AioRpcError as exc:
        console.print(f"[red]error:[/] {exc.code().name}: {exc.details()}", highlight=False)
        return EXIT_CALL_FAILED
    except OSError as exc:
        console.print(f"[red]error:[/] cannot read {exc.filename}: {exc.strerror}", highlight=False)
        return EXIT_CALL_FAILED
    except tls.TlsFileError as exc:
        # A bad CODINGINTEL_TLS_* file: the message names the variable, never the content.
        console.print(f"[red]error:[/] {exc}", highlight=False)
        return EXIT_CALL_FAILED
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
