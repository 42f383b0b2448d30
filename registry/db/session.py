"""Engine, session factory and schema migration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from registry.db.generation import Generation, track

MIGRATIONS = Path(__file__).with_name("migrations")


WRITE_OPTION = "codeyard_write"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, begin transactions: otherwise a SAVEPOINT
            # outside one starts (and its RELEASE commits) a transaction of its own.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Connection) -> None:
            # Writers take the write lock up front, so a read-then-write transaction waits for
            # another writer (busy_timeout) instead of failing on a stale snapshot.
            immediate = connection.get_execution_options().get(WRITE_OPTION)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # A bounded connect: an unreachable database gives 503s in seconds, not hung workers.
    connect_args = {"connect_timeout": 5} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, pool_timeout=10, connect_args=connect_args)


def ping(engine: Engine) -> None:
    """Raise when the database does not answer a trivial query."""
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")


def for_writes(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions are meant to write."""
    return engine.execution_options(**{WRITE_OPTION: True})


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (creates it on first run)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine, generation: Generation | None = None) -> sessionmaker[Session]:
    """Sessions; with a ``generation``, every commit that wrote bumps it (db/generation.py)."""
    return track(sessionmaker(engine, expire_on_commit=False), generation)
