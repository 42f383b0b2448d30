"""A project page's file query starts from the project, on SQLite without statistics too.

A registry filled after its last migration has no ANALYZE statistics; joined from the
repository's side, SQLite's planner then walked every file of the repository for each
project page (94 ms at 20,000 projects, 0.7 s at 100,000: pip's first run after a write took
14.5 s at that scale). The plan is read with EXPLAIN QUERY PLAN on a migrated database."""

from __future__ import annotations

from pathlib import Path

from registry.db.catalog import _PROJECT_FILES
from registry.db.session import make_engine, migrate


def test_project_files_are_found_through_the_project_not_the_repository(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    migrate(engine)
    statement = _PROJECT_FILES.compile(engine)
    with engine.connect() as conn:
        explained = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(statement),
            tuple(statement.params[name] or name for name in statement.positiontup or ()),
        )
        plan = [row[-1] for row in explained]
    engine.dispose()
    searched = " | ".join(plan)
    assert "SEARCH files USING INDEX ix_files_release_id (release_id=?)" in plan, searched
    assert not any(step.startswith("SCAN files") for step in plan), searched
    assert not any("files USING INDEX ix_files_repository_id" in step for step in plan), searched
