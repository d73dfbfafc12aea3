"""The pipeline watched live: concurrent and late watchers over real processes, and the
CLI driven as a person would, in a pseudo-terminal."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codingintel import pipeline
from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..support import EXAMPLES, ROOT, Suite


def assert_on_scale(versions: list[reports_pb2.Report], start: int) -> None:
    """Strictly consecutive from `start` to a terminal COMPLETE, progress in scale order."""
    assert [v.version for v in versions] == list(range(start, start + len(versions)))
    assert versions[-1].state == reports_pb2.REPORT_STATE_COMPLETE
    progress = [v.progress_percent for v in versions]
    assert progress == sorted(progress)
    scale = [(s, p) for s, p in pipeline.SCALE]
    for version in versions:
        if version.state != reports_pb2.REPORT_STATE_PENDING:
            assert (version.current_step, version.progress_percent) in scale


@pytest.mark.asyncio(loop_scope="session")
async def test_concurrent_and_late_watchers_each_see_every_version_once(suite: Suite) -> None:
    async with ReportsClient(suite.gateway_addr) as client:
        created = [await client.create(path.read_bytes()) for path in EXAMPLES[:3]]

        async def watch(report_id: str, after: int) -> list[reports_pb2.Report]:
            return [r async for r in client.watch(report_id, after)]

        early = await asyncio.gather(
            *(watch(r.report_id, after) for r in created for after in (0, 0, 1, 1))
        )
        for versions in early:
            assert versions
            assert_on_scale(versions, versions[0].version)
            assert versions[-1].version == len(pipeline.SCALE) + 1
        # Watchers that begin with after_version=1 see the whole scale.
        assert [(v.current_step, v.progress_percent) for v in early[2]] == list(pipeline.SCALE)

        late_snapshot = await watch(created[0].report_id, 0)
        assert [v.version for v in late_snapshot] == [len(pipeline.SCALE) + 1]
        late_resume = await watch(created[0].report_id, 4)
        assert_on_scale(late_resume, 5)


def run_in_terminal(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its stdout, as a person's shell would."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        args, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    code = process.wait(10)
    return code, output.decode("utf-8", "replace")


def cli_env(suite: Suite) -> dict[str, str]:
    return {
        **os.environ,
        "CODINGINTEL_ADDR": suite.gateway_addr,
        "COLUMNS": "160",
        "TERM": "xterm-256color",
    }


CLI = [sys.executable, "-m", "codingintel.cli"]


def test_submit_wait_shows_live_bars_to_100_percent(suite: Suite) -> None:
    code, screen = run_in_terminal(
        [*CLI, "submit", "--wait", str(EXAMPLES[0]), str(EXAMPLES[1])], cli_env(suite)
    )
    assert code == 0, screen
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert plain.count("100%") >= 2
    assert "✓ PHI → ✓ Filtering → ✓ Codes → ✓ AI" in plain
    assert "state COMPLETE" in plain
    # Live means redrawn: the terminal got cursor movement, not one final print.
    assert "\x1b[" in screen


def test_get_json_parses_and_watch_exits_zero(suite: Suite) -> None:
    env = cli_env(suite)
    submitted = subprocess.run(
        [*CLI, "submit", str(EXAMPLES[2])], env=env, capture_output=True, text=True, timeout=60
    )
    assert submitted.returncode == 0, submitted.stderr
    report_id = submitted.stdout.split()[0]
    code, screen = run_in_terminal([*CLI, "watch", report_id], env)
    assert code == 0, screen
    got = subprocess.run(
        [*CLI, "get", report_id, "--json"], env=env, capture_output=True, text=True, timeout=60
    )
    assert got.returncode == 0
    report = json.loads(got.stdout)
    assert report["report_id"] == report_id and report["state"] == "REPORT_STATE_COMPLETE"
    assert report["result"]["icd10_codes"]


def test_cli_errors_have_their_own_exit_code(suite: Suite) -> None:
    env = cli_env(suite)
    missing = subprocess.run(
        [*CLI, "get", "00000000-0000-0000-0000-000000000000"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 4 and "NOT_FOUND" in missing.stdout
    bad = ROOT / "pyproject.toml"
    rejected = subprocess.run(
        [*CLI, "submit", str(bad)], env=env, capture_output=True, text=True, timeout=60
    )
    assert rejected.returncode == 4 and "INVALID_ARGUMENT" in rejected.stdout


def test_submit_a_directory_as_a_batch_with_live_bars_and_json(
    suite: Suite, tmp_path: Path
) -> None:
    folder = tmp_path / "tonight"
    folder.mkdir()
    for path in EXAMPLES[:3]:
        shutil.copy(path, folder / path.name)
    (folder / "notes.txt").write_text("not a bundle: skipped")
    env = cli_env(suite)
    code, screen = run_in_terminal([*CLI, "submit", "--wait", str(folder)], env, timeout=120)
    assert code == 0, screen
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    # One bar per report and the batch's overall bar, each reaching 100%.
    final_lines = {line.split()[0] for line in plain.splitlines() if "100%" in line}
    assert {"tonight", *(p.name for p in EXAMPLES[:3])} <= final_lines, plain[-3000:]
    assert "✓ PHI → ✓ Filtering → ✓ Codes → ✓ AI" in plain
    assert "3/3 complete" in plain and "summary" in plain
    assert "\x1b[" in screen
    batch_id = re.search(r"batch ([0-9a-f-]{36})", plain)
    assert batch_id is not None, plain[-3000:]

    shown = subprocess.run(
        [*CLI, "batch", batch_id.group(1), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    batch = json.loads(shown.stdout)
    assert batch["done"] is True and batch["complete_count"] == 3 and len(batch["report_ids"]) == 3

    code, screen = run_in_terminal([*CLI, "batch", batch_id.group(1), "--watch"], env)
    assert code == 0 and "3/3 complete" in screen, screen

    submitted = subprocess.run(
        [*CLI, "submit", str(folder), "--json"], env=env, capture_output=True, text=True, timeout=60
    )
    assert submitted.returncode == 0, submitted.stderr
    created = json.loads(submitted.stdout)
    assert [b["total_count"] for b in created["batches"]] == [3]
    assert {r["report_id"] for r in created["reports"]} == set(created["batches"][0]["report_ids"])

    waited = subprocess.run(
        [*CLI, "submit", str(folder), "--wait", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert waited.returncode == 0, waited.stderr
    finished = json.loads(waited.stdout)
    assert {r["state"] for r in finished["reports"]} == {"REPORT_STATE_COMPLETE"}
    assert finished["batches"][0]["done"] is True


def test_a_missing_batch_is_a_call_failure(suite: Suite) -> None:
    missing = subprocess.run(
        [*CLI, "batch", "00000000-0000-0000-0000-000000000000"],
        env=cli_env(suite),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 4 and "NOT_FOUND" in missing.stdout
