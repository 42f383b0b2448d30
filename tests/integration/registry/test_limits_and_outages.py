"""Issue 13 items 4, 5, 7 and 9 through the real app (Flask test client) on SQLite and on real
PostgreSQL: over-long names get one 400 naming the limit and leave no row and no blob; a full
blob store answers 507 and stores nothing; responses carry nosniff; `.metadata` has one
charset; an invalid form requires_python is refused."""

from __future__ import annotations

import base64
import errno
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, text

from registry.config import Settings
from registry.core import limits
from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.db.models import FileRow, ProjectRow, ReleaseRow
from registry.db.session import make_engine, migrate, session_factory
from registry.services.admin import create_repository, issue_token
from registry.storage.local import LocalBlobStore
from registry.web.app import create_app

REPO = "team"

class FullDisk(LocalBlobStore):
    """A local store whose writes fail the way a full disk (or quota) fails them."""

    failing = False

    def put(self, key: str, stream: BinaryIO) -> None:
        if self.failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().put(key, stream)

class App:
    admin_token = ""

    def __init__(self, client: FlaskClient, engine: Engine, blobs: FullDisk, token: str) -> None:
        self.client, self.engine, self.blobs, self.token = client, engine, blobs, token

    def auth(self, token: str | None = None) -> dict[str, str]:
        raw = base64.b64encode(f"__token__:{token or self.token}".encode()).decode()
        return {"Authorization": f"Basic {raw}"}

    def upload(self, filename: str, body: bytes, **fields: str) -> Any:
        name, version = filename.split("-")[:2]
        data: dict[str, Any] = {
            ":action": "file_upload",
            "protocol_version": "1",
            "name": name,
            "version": version,
            "sha256_digest": hashlib.sha256(body).hexdigest(),
            **fields,
            "content": (io.BytesIO(body), filename),
        }
        return self.client.post(f"/{REPO}/", data=data, headers=self.auth())

    def counts(self) -> tuple[int, int, int, int]:
        with self.engine.connect() as conn:
            rows = [
                conn.execute(text(f"select count(*) from {t}")).scalar_one()
                for t in ("projects", "releases", "files")
            ]
        stored = list(self.blobs.keys()) + self.blobs.partial_writes()
        return (*rows, len(stored))  # type: ignore[return-value]

def wheel(name: str, version: str, metadata_extra: str = "") -> tuple[str, bytes]:
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{module}/__init__.py", "")
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{metadata_extra}\n",
        )
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()

@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[App]:
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        # One database for the session: start each test from empty tables.
        engine = make_engine(url)
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE repositories, audit_events RESTART IDENTITY CASCADE"))
    else:
        url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        engine = make_engine(url)
        migrate(engine)
    with session_factory(engine)() as session:
        catalog = SqlCatalog(session)
        create_repository(catalog, REPO, False, Actor.cli())
        token = issue_token(catalog, REPO, "publish", "1d", Actor.cli()).token
        admin = issue_token(catalog, REPO, "admin", "1d", Actor.cli()).token
    blobs = FullDisk(tmp_path / "blobs")
    flask_app = create_app(Settings(data_dir=tmp_path, database_url=url), blobs=blobs)
    registry = App(flask_app.test_client(), engine, blobs, token)
    registry.admin_token = admin
    yield registry
    engine.dispose()

# --- item 4: one set of length limits, checked before anything is written ------------------

LONG_NAME = "a" * (limits.PROJECT_NAME.max_chars + 1)
LONG_VERSION = "1" + ".0" * 50  # 101 characters
NAME_FOR_LONG_FILENAME = "b" * 150  # 150 + 99-character version + tags > 255 characters
VERSION_99 = "1" + ".0" * 49

@pytest.mark.parametrize(
    ("name", "version", "limit"),
    [
        (LONG_NAME, "1.0", "at most 200"),
        ("a" * 5000, "1.0", "at most 200"),
        ("cy-long", LONG_VERSION, "at most 100"),
        (NAME_FOR_LONG_FILENAME, VERSION_99, "at most 255"),
    ],
    ids=["name-201", "name-5000", "version-101", "filename-267"],
)
def test_over_long_values_get_400_with_the_limit_and_leave_nothing(
    app: App, name: str, version: str, limit: str
) -> None:
    filename, body = wheel(name, version)
    reply = app.upload(filename, body)
    assert reply.status_code == 400, reply.get_data(as_text=True)
    assert limit in reply.get_data(as_text=True)
    assert limit in reply.status
    assert app.counts() == (0, 0, 0, 0)

def test_over_long_origin_control_name_gets_400(app: App) -> None:
    reply = app.client.put(
        f"/-/api/repositories/{REPO}/packages/{LONG_NAME}/origin",
        json={"publish": "allow"},
        headers=app.auth(app.admin_token),
    )
    assert reply.status_code == 400, reply.get_data(as_text=True)
    assert "at most 200" in reply.get_data(as_text=True)


def test_values_at_the_limits_are_stored(app: App) -> None:
    name = "c" * limits.PROJECT_NAME.max_chars
    filename, body = wheel(name, "1.0")
    assert app.upload(filename, body).status_code == 200
    filename, body = wheel("cy-edge", "1" + ".0" * 49)
    assert app.upload(filename, body).status_code == 200

def test_limits_match_the_columns() -> None:
    assert ProjectRow.__table__.c.name.type.length == limits.PROJECT_NAME.max_chars
    assert ProjectRow.__table__.c.normalized.type.length == limits.PROJECT_NAME.max_chars
    assert ReleaseRow.__table__.c.version.type.length == limits.VERSION.max_chars
    assert ReleaseRow.__table__.c.canonical_version.type.length == limits.VERSION.max_chars
    assert FileRow.__table__.c.filename.type.length == limits.FILENAME.max_chars

# --- item 5: a full disk answers 507 and stores nothing; it recovers by itself ---------------

def test_full_blob_store_answers_507_and_recovers(app: App) -> None:
    filename, body = wheel("cy-full", "1.0")
    app.blobs.failing = True
    reply = app.upload(filename, body)
    assert reply.status_code == 507, reply.get_data(as_text=True)
    assert "full" in reply.get_data(as_text=True)
    assert app.counts() == (0, 0, 0, 0)
    app.blobs.failing = False
    assert app.upload(filename, body).status_code == 200

def test_real_enospc_in_the_local_store_is_storage_full(tmp_path: Path) -> None:
    from registry.core.errors import StorageFull

    class Exploding(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: Any) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    store = LocalBlobStore(tmp_path)
    with pytest.raises(StorageFull, match="full"):
        store.put("ab/cd", io.BufferedReader(Exploding()))
    assert list(store.keys()) == [] and store.partial_writes() == []

# --- item 9: content types and nosniff ------------------------------------------------------

def test_metadata_has_one_charset_and_every_response_says_nosniff(app: App) -> None:
    filename, body = wheel("cy-meta", "1.0")
    assert app.upload(filename, body).status_code == 200
    sha = hashlib.sha256(body).hexdigest()
    meta = app.client.get(f"/{REPO}/files/{sha}/{filename}.metadata", headers=app.auth())
    assert meta.status_code == 200
    assert meta.headers["Content-Type"] == "text/plain; charset=utf-8"
    for reply in (
        meta,
        app.client.get(f"/{REPO}/files/{sha}/{filename}", headers=app.auth()),
        app.client.get(f"/{REPO}/simple/", headers=app.auth()),
        app.client.get(f"/{REPO}/simple/"),  # 401
        app.client.get("/health"),
        app.client.get("/nowhere/at/all"),  # 404
    ):
        assert reply.headers.get("X-Content-Type-Options") == "nosniff", reply.status

# --- item 7: the form's requires_python is validated when METADATA has none -----------------

def test_invalid_form_requires_python_is_refused(app: App) -> None:
    filename, body = wheel("cy-rp", "1.0")
    reply = app.upload(filename, body, requires_python='"><script>alert(1)</script>')
    assert reply.status_code == 400
    assert "requires_python" in reply.get_data(as_text=True)
    assert app.counts() == (0, 0, 0, 0)
    reply = app.upload(filename, body, requires_python=">=3.9")
    assert reply.status_code == 200
    project = app.client.get(
        f"/{REPO}/simple/cy-rp/",
        headers={**app.auth(), "Accept": "application/vnd.pypi.simple.v1+json"},
    ).get_json()
    assert project["files"][0]["requires-python"] == ">=3.9"

def test_readyz_follows_the_blob_store(app: App) -> None:
    assert app.client.get("/readyz").status_code == 200
    app.blobs.root.rename(app.blobs.root.with_name("blobs-away"))
    try:
        not_ready = app.client.get("/readyz")
        assert not_ready.status_code == 503
        assert "blob store" in not_ready.get_data(as_text=True)
        assert app.client.get("/healthz").status_code == 200  # the process itself is fine
    finally:
        app.blobs.root.with_name("blobs-away").rename(app.blobs.root)
    assert app.client.get("/readyz").status_code == 200
