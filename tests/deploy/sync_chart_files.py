"""Copy the observability files the chart ships into the chart (Helm reads only files
inside the chart directory): `python tests/deploy/sync_chart_files.py`. The chart test
fails while a copy differs from its source."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "deploy" / "observability"
TARGET = ROOT / "charts" / "codingintel" / "files"
FILES = ("alerts.yaml", "grafana-dashboard.json")


def stale() -> list[str]:
    return [
        name
        for name in FILES
        if not (TARGET / name).exists()
        or (TARGET / name).read_bytes() != (SOURCE / name).read_bytes()
    ]


def main() -> None:
    for name in FILES:
        shutil.copyfile(SOURCE / name, TARGET / name)
        print(f"{SOURCE.relative_to(ROOT) / name} -> {TARGET.relative_to(ROOT) / name}")


if __name__ == "__main__":
    main()
