"""The alembic migrations build exactly the schema the SQLAlchemy models describe (indexes
included: the page path depends on them), on SQLite and on real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import registry.db.attestations  # registers the attestation tables on Base.metadata
import registry.db.sharing  # noqa: F401  (registers the sharing tables on Base.metadata)
from registry.db.models import Base
from registry.db.session import make_engine, migrate


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'schema.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def test_migrated_schema_has_no_difference_from_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            indexes = {i["name"] for i in inspect(connection).get_indexes("files")}
    finally:
        engine.dispose()
    assert diff == []
    assert "ix_files_release_id" in indexes
