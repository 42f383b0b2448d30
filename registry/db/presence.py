"""Is there a registry where a command is pointed? Commands other than ``serve`` and
``migrate`` must not create a new, empty registry because they ran in the wrong directory
(or with a mistyped --data-dir): they ask here first and refuse with where they looked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from registry.db.session import make_engine

SQLITE_FILE = "registry.sqlite3"


def missing_registry(data_dir: Path, database_url: str | None) -> str | None:
    """None when a registry exists there; otherwise what was looked for, where. Without a
    database URL the registry is the SQLite file in *data_dir*."""
    if database_url is None:
        database = (data_dir / SQLITE_FILE).resolve()
        if database.exists():
            return None
        return f"no registry in {data_dir.resolve()} (there is no {database.name} there)"
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if inspect(connection).has_table("alembic_version"):
                return None
    except SQLAlchemyError:
        return None  # unreachable: the command's own connection reports it in full
    finally:
        engine.dispose()
    return f"the database {database_url!r} holds no registry yet (no schema)"


def how_to_point() -> str:
    """The second half of the refusal: how to reach the right registry, or make one."""
    return (
        "run the command where `registry serve` runs (it keeps its data in ./registry-data), "
        "or point at the registry with --data-dir DIR / REGISTRY_DATA_DIR or --database-url / "
        "REGISTRY_DATABASE_URL; to create a new registry there, run `registry migrate` first"
    )
