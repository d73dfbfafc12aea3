from __future__ import annotations

from pathlib import Path

import pytest

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


def test_batch_figures_and_exit_codes() -> None:
    batch = reports_pb2.Batch(
        total_count=5, complete_count=2, processing_count=1, pending_count=1, failed_count=1
    )
    assert cli.batch_counts(batch) == "2/5 complete, 1 running, 1 waiting, 1 failed"
    assert cli.batch_eta_text(batch) == "ETA --"
    batch.estimated_time_remaining_ms = 2500
    assert cli.batch_eta_text(batch) == "ETA 2.5s"
    assert cli.batch_exit_code(batch) == cli.EXIT_FAILED
    done = reports_pb2.Batch(total_count=2, complete_count=1, cancelled_count=1, done=True)
    assert cli.batch_eta_text(done) == "done"
    assert cli.batch_exit_code(done) == cli.EXIT_CANCELLED
    assert cli.batch_exit_code(reports_pb2.Batch(total_count=1, complete_count=1)) == 0


def test_a_directory_is_a_batch_of_its_json_files(tmp_path: Path) -> None:
    for name in ("b.json", "a.json", "notes.txt"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "sub.json").mkdir()
    assert [p.name for p in cli.batch_files(tmp_path)] == ["a.json", "b.json"]
    args = cli.parser().parse_args(["submit", str(tmp_path), "--wait", "--json"])
    assert args.files == [str(tmp_path)] and args.wait and args.json
    assert cli.parser().parse_args(["batch", "B", "--watch", "--json"]).watch


def test_a_bad_tls_file_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    not_pem = tmp_path / "ca.txt"
    not_pem.write_text("secret material that must not be echoed")
    monkeypatch.setenv("CODINGINTEL_TLS_CA_FILE", str(not_pem))
    assert cli.main(["get", "00000000-0000-0000-0000-000000000000"]) == cli.EXIT_CALL_FAILED
    out = capsys.readouterr().out
    assert "CODINGINTEL_TLS_CA_FILE: not a PEM file" in out
    assert "secret material" not in out and "Traceback" not in out
