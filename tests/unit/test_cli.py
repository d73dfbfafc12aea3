from __future__ import annotations

from codingintel import cli, pipeline
from codingintel.reports.v1 import reports_pb2


def report(state: reports_pb2.ReportState, step: str = "", progress: int = 0) -> reports_pb2.Report:
    return reports_pb2.Report(state=state, current_step=step, progress_percent=progress)


def test_exit_code_is_zero_only_when_everything_completed() -> None:
    complete = report(reports_pb2.REPORT_STATE_COMPLETE, pipeline.COMPLETE, 100)
    failed = report(reports_pb2.REPORT_STATE_FAILED, pipeline.PHI_DETECTION, 10)
    cancelled = report(reports_pb2.REPORT_STATE_CANCELLED, pipeline.ICD10_INFERENCE, 50)
    assert cli.exit_code([complete, complete]) == 0
    assert cli.exit_code([complete, failed]) == 1
    assert cli.exit_code([cancelled]) == 3
    assert cli.exit_code([cancelled, failed]) == 1


def test_step_indicators_follow_the_groups() -> None:
    running = cli.step_indicators(
        report(reports_pb2.REPORT_STATE_PROCESSING, pipeline.SNOMED_INFERENCE, 60)
    )
    assert running == "[green]✓[/] PHI → [green]✓[/] Filtering → [yellow]●[/] Codes → [dim]○[/] AI"
    failed = cli.step_indicators(
        report(reports_pb2.REPORT_STATE_FAILED, pipeline.AI_CODING_ANALYSIS, 80)
    )
    assert failed.endswith("[red]✗[/] AI")
    pending = cli.step_indicators(report(reports_pb2.REPORT_STATE_PENDING))
    assert pending.count("○") == 4


def test_eta_shows_the_estimate_then_the_time_taken() -> None:
    running = report(reports_pb2.REPORT_STATE_PROCESSING, pipeline.PHI_DETECTION, 10)
    assert cli.eta_text(running) == "ETA --"
    running.estimated_time_remaining_ms = 1500
    assert cli.eta_text(running) == "ETA 1.5s"
    done = report(reports_pb2.REPORT_STATE_COMPLETE, pipeline.COMPLETE, 100)
    done.processing_time_ms = 2300
    assert cli.eta_text(done) == "2.3s"
