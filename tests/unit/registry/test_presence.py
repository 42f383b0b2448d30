"""Where a command looks for a registry before it refuses to create an empty one."""

from __future__ import annotations

from pathlib import Path

from registry.config import Settings
from registry.db.presence import missing_registry
from registry.db.session import make_engine, migrate


def test_a_directory_without_a_database_is_no_registry(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "registry-data")
    said = missing_registry(settings.data_dir, settings.database_url)
    assert (
        said == f"no registry in {tmp_path / 'registry-data'} (there is no registry.sqlite3 there)"
    )
    assert not (tmp_path / "registry-data").exists()  # looking creates nothing


def test_a_migrated_database_is_a_registry(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    migrate(make_engine(settings.resolved_database_url))
    assert missing_registry(settings.data_dir, settings.database_url) is None


def test_an_explicit_database_url_without_a_schema_is_no_registry(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert "holds no registry yet" in str(missing_registry(tmp_path, url))
    migrate(make_engine(url))
    assert missing_registry(tmp_path, url) is None
