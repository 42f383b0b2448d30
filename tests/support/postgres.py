"""A freshly created, uniquely named PostgreSQL database for one test run (others test
concurrently on the same server), dropped afterwards; the test is skipped when PostgreSQL is
not reachable. Imported as `tests.support.postgres` (see tests/support/live_registry.py)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from registry.db.session import make_engine

PG_ADMIN_URLS = [
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "postgresql+psycopg://root@127.0.0.1:5432/postgres",
]


def admin_engine() -> Engine | None:
    """An AUTOCOMMIT engine on the `postgres` database as the first user that can connect."""
    for url in PG_ADMIN_URLS:
        engine = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            return engine
        except Exception:
            engine.dispose()
    return None


@contextlib.contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """The URL of a new database named `<prefix><random>`, dropped (forcibly) on exit."""
    admin = admin_engine()
    if admin is None:
        # CI must exercise the real backend, so there a missing server is a failure.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "PostgreSQL is not reachable on 127.0.0.1:5432"
        )
    name = f"{prefix}{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
