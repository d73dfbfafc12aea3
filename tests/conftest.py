from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from codingintel.store import ReportStore, new_pool
from codingintel.store.migrate import migrate

from .support import scratch_database


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A migrated scratch database on the real Postgres, for the whole session."""
    with scratch_database() as url:
        migrate(url)
        yield url


@pytest_asyncio.fixture(scope="session")
async def store(database_url: str) -> AsyncIterator[ReportStore]:
    pool = new_pool(database_url, 1, 4)
    await pool.open(wait=True)
    yield ReportStore(pool)
    await pool.close()


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    return tmp_path
