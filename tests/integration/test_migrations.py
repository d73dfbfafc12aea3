from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from codingintel.store.migrate import migrate, migration_files

from ..support import ADMIN_DATABASE_URL, scratch_database


def test_migrations_apply_once_even_from_two_processes_at_once() -> None:
    with scratch_database() as url:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(migrate, [url, url]))
        versions = [v for v, _ in migration_files()]
        assert sorted(results, key=len) == [[], versions]
        assert migrate(url) == []
        with psycopg.connect(url) as conn:
            recorded = [
                r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")
            ]
        assert recorded == versions


def test_migrate_creates_a_missing_database() -> None:
    name = f"codingintel_test_{uuid.uuid4().hex[:12]}"
    url = make_conninfo(ADMIN_DATABASE_URL, dbname=name)
    try:
        assert migrate(url) == [v for v, _ in migration_files()]
    finally:
        with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
