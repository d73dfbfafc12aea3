"""Scan the chart's rendered manifests (every values set the tests render) and the
service Dockerfiles with checkov, in its own environment (it pins old versions of
libraries the workspace also uses): `python tests/deploy/checkov.py`.

Fails on any failed check not in the repository's skip list (.checkov.yaml), and prints
how long the scan took.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.deploy import chart  # noqa: E402

CHECKOV = "checkov==3.3.30"


def uvx() -> str:
    local = ROOT / ".tools" / "bin" / "uvx"
    found = shutil.which("uvx")
    if found:
        return found
    if local.exists():
        return str(local)
    raise SystemExit("uvx not found: run make setup")


def render_all(folder: Path) -> list[Path]:
    written = []
    for name in chart.VALUE_FILES:
        manifests = chart.render(chart.values(name))
        for manifest in manifests:
            manifest["metadata"].setdefault("namespace", chart.NAMESPACE)
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump_all(manifests, sort_keys=False))
        written.append(path)
    return written


def main() -> int:
    began = time.monotonic()
    dockerfiles = sorted(ROOT.glob("services/*/Dockerfile"))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        render_all(folder)
        base = [uvx(), "--from", CHECKOV, "checkov", "--config-file", str(ROOT / ".checkov.yaml")]
        base += ["--compact", "--quiet", "--skip-download"]
        env = {**os.environ, "LOG_LEVEL": "WARNING"}
        runs = [
            [*base, "--framework", "kubernetes", "--directory", str(folder)],
            [*base, "--framework", "dockerfile", *(f"--file={p}" for p in dockerfiles)],
        ]
        failed = False
        for command in runs:
            result = subprocess.run(command, cwd=ROOT, env=env)
            failed = failed or result.returncode != 0
    print(f"checkov: {'FAILED' if failed else 'passed'} in {time.monotonic() - began:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
