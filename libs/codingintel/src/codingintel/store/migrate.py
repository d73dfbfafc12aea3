"""Versioned SQL migrations, applied at start and by `make migrate`.

Safe to run twice and from two processes at once: the whole run holds a
transaction-scoped advisory lock, and each file is recorded once.
"""

from __future__ import annotations

import contextlib
import logging
from importlib import resources

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

log = logging.getLogger(__name__)

# Any constant will do; all codingintel processes agree on it.
MIGRATION_LOCK_ID = 0x636F64696E67


def migration_files() -> list[tuple[str, str]]:
    folder = resources.files("codingintel.store") / "migrations"
    files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(name.removesuffix(".sql"), (folder / name).read_text()) for name in files]


def ensure_database(database_url: str) -> None:
    """Create the database named in the URL when it does not exist yet."""
    params = conninfo_to_dict(database_url)
    name = params.get("dbname")
    if not name:
        return
    admin_url = make_conninfo(database_url, dbname="postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        # Another process may create it first.
        with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(name))))


def migrate(database_url: str) -> list[str]:
    """Apply the migrations not applied yet; answers their versions."""
    ensure_database(database_url)
    applied_now = []
    with psycopg.connect(database_url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_ID,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, text in migration_files():
            if version in done:
                continue
            conn.execute(text.encode())
            conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
            applied_now.append(version)
    for version in applied_now:
        log.info("migration applied", extra={"migration": version})
    return applied_now


def main() -> None:
    from codingintel import logs, settings

    logs.setup("migrate")
    store_settings = settings.load(settings.StoreSettings)
    applied = migrate(store_settings.database_url)
    print(f"migrations applied: {len(applied)} ({', '.join(applied) or 'up to date'})")


if __name__ == "__main__":
    main()
