from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from codingintel.reports.v1 import reports_pb2_grpc

from ..support import Suite


@pytest.fixture(scope="module")
def suite(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    """The five services as real processes, sharing the session's database."""
    log_dir: Path = tmp_path_factory.mktemp("logs")
    with Suite(database_url, log_dir) as running:
        yield running


@pytest.fixture(scope="module")
def reports(suite: Suite) -> Iterator[reports_pb2_grpc.ReportServiceStub]:
    with grpc.insecure_channel(suite.gateway_addr) as channel:
        yield reports_pb2_grpc.ReportServiceStub(channel)
