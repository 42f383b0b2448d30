"""One suite for the Catalog over SQLite and a real PostgreSQL database (psycopg 3)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from registry.core.errors import AlreadyExists, FileConflict, NotFound
from registry.core.model import Actor, AuditEvent, NewFile, Scope
from registry.db.catalog import SqlCatalog
from registry.db.models import AuditEventRow
from registry.db.session import migrate, session_factory


@pytest.fixture
def catalog(engine):
    session = session_factory(engine)()
    yield SqlCatalog(session)
    session.rollback()
    session.close()


@pytest.fixture
def repo(catalog) -> str:
    name = f"r-{uuid.uuid4().hex[:10]}"
    catalog.create_repository(name, public_read=False)
    catalog.commit()
    return name


def new_file(filename: str, version: str = "1.0", sha: str = "a", **kw) -> NewFile:
    values = {
        "project_name": "Demo_Pkg",
        "version": version,
        "filename": filename,
        "kind": "bdist_wheel" if filename.endswith(".whl") else "sdist",
        "sha256": sha * 64,
        "blake2_256": "b" * 64,
        "md5": "c" * 32,
        "size": 10,
        "requires_python": ">=3.8",
        "summary": "demo",
        "blob_key": f"sha256/{sha * 2}/{sha * 64}",
        "metadata_sha256": None,
        "metadata_blob_key": None,
    }
    values.update(kw)
    return NewFile(**values)


def test_migrate_is_idempotent(engine) -> None:
    migrate(engine)
    migrate(engine)


def test_repositories(catalog, repo) -> None:
    got = catalog.get_repository(repo)
    assert got is not None and got.name == repo and got.public_read is False
    assert got.created_at.tzinfo is not None
    assert repo in [r.name for r in catalog.list_repositories()]
    assert catalog.get_repository("nope-" + repo) is None
    with pytest.raises(AlreadyExists, match="already exists"):
        catalog.create_repository(repo, public_read=True)
    # the session is still usable after the refused insert
    assert catalog.get_repository(repo) is not None


def test_add_and_find_files(catalog, repo) -> None:
    wheel = catalog.add_file(
        repo, new_file("demo_pkg-1.0-py3-none-any.whl", metadata_sha256="d" * 64)
    )
    sdist = catalog.add_file(repo, new_file("demo_pkg-1.0.0.tar.gz", version="1.0.0", sha="e"))
    catalog.commit()
    assert wheel.normalized == "demo-pkg" and wheel.project_name == "Demo_Pkg"
    assert wheel.upload_time.tzinfo is not None
    # 1.0 and 1.0.0 are one PEP 440 release
    assert sdist.version == "1.0"
    assert [p.normalized for p in catalog.list_projects(repo)] == ["demo-pkg"]
    files = catalog.project_files(repo, "demo-pkg")
    assert [f.filename for f in files] == [wheel.filename, sdist.filename]
    assert catalog.find_file(repo, wheel.filename).metadata_sha256 == "d" * 64
    assert catalog.find_file_by_sha256(repo, "e" * 64).filename == sdist.filename
    assert catalog.find_file(repo, "other.whl") is None
    assert wheel.blob_key in catalog.all_blob_keys()


def test_same_filename_twice_is_a_conflict(catalog, repo) -> None:
    catalog.add_file(repo, new_file("demo_pkg-1.0-py3-none-any.whl"))
    catalog.commit()
    with pytest.raises(FileConflict, match="File already exists"):
        catalog.add_file(repo, new_file("demo_pkg-1.0-py3-none-any.whl", sha="f"))
    catalog.rollback()
    assert catalog.find_file(repo, "demo_pkg-1.0-py3-none-any.whl").sha256 == "a" * 64


def test_same_filename_in_two_repositories(catalog, repo) -> None:
    other = f"{repo}-b"
    catalog.create_repository(other, public_read=True)
    catalog.add_file(repo, new_file("demo_pkg-1.0-py3-none-any.whl"))
    catalog.add_file(other, new_file("demo_pkg-1.0-py3-none-any.whl", sha="f"))
    catalog.commit()
    assert catalog.find_file(other, "demo_pkg-1.0-py3-none-any.whl").sha256 == "f" * 64


def test_unknown_repository(catalog) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        catalog.list_projects("missing-repo")


def test_yank_and_unyank(catalog, repo) -> None:
    catalog.add_file(repo, new_file("demo_pkg-2.0-py3-none-any.whl", version="2.0"))
    catalog.add_file(repo, new_file("demo_pkg-2.0.tar.gz", version="2.0", sha="e"))
    assert catalog.set_yanked(repo, "demo-pkg", "2.0.0", True, "broken") == 2
    catalog.commit()
    files = catalog.project_files(repo, "demo-pkg")
    assert all(f.yanked and f.yanked_reason == "broken" for f in files)
    assert catalog.set_yanked(repo, "demo-pkg", "2.0", False, None) == 2
    assert not any(f.yanked or f.yanked_reason for f in catalog.project_files(repo, "demo-pkg"))
    assert catalog.set_yanked(repo, "demo-pkg", "9.9", True, None) == 0


def test_tokens(catalog, repo) -> None:
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    key_id = uuid.uuid4().hex[:16]
    created = catalog.add_token(repo, key_id, "h" * 64, Scope.PUBLISH, expires, "ci")
    catalog.commit()
    got = catalog.get_token_by_key(key_id)
    assert got == created
    assert (got.repository, got.scope, got.expires_at, got.revoked_at) == (
        repo,
        Scope.PUBLISH,
        expires,
        None,
    )
    assert created.id in [t.id for t in catalog.list_tokens()]
    when = expires - timedelta(days=1)
    assert catalog.revoke_token(created.id, when).revoked_at == when
    assert catalog.get_token_by_key(key_id).revoked_at == when
    assert catalog.revoke_token(10**9, when) is None


def test_audit_events(catalog, repo) -> None:
    before = catalog.session.scalar(select(func.count()).select_from(AuditEventRow))
    catalog.record_event(
        AuditEvent("file.publish", repo, Actor(3, "token 3", "10.0.0.1"), "x.whl", {"a": 1}),
        datetime.now(UTC),
    )
    catalog.commit()
    after = catalog.session.scalar(select(func.count()).select_from(AuditEventRow))
    assert after == before + 1
    row = catalog.session.scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc())).first()
    assert (row.action, row.actor_token_id, row.details) == ("file.publish", 3, {"a": 1})
