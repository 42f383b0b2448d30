"""publish_file writes the blob before it commits the row, and a failure on either side leaves
no row pointing at a missing blob (SQLite catalog, in-memory blob store that can fail)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from registry.core.archive import ArchiveLimits
from registry.core.errors import NotFound
from registry.core.model import Actor
from registry.core.upload import UploadForm
from registry.db.catalog import SqlCatalog
from registry.db.session import make_engine, migrate, session_factory
from registry.services.admin import check_consistency, create_repository
from registry.services.publish import UploadLimits, publish_file

LIMITS = UploadLimits(10_000_000, ArchiveLimits(50_000_000, 100))
FILENAME = "cy_order-1.0-py3-none-any.whl"


class MemoryBlobs:
    def __init__(self, journal: list[str], fail_put: bool = False) -> None:
        self.data: dict[str, bytes] = {}
        self.journal = journal
        self.fail_put = fail_put

    def put(self, key: str, stream: BinaryIO) -> None:
        if self.fail_put:
            raise OSError("disk full")
        self.data[key] = stream.read()
        self.journal.append(f"put {key}")

    def get(self, key: str) -> bytes:
        if key not in self.data:
            raise NotFound(key)
        return self.data[key]

    def open(self, key: str) -> BinaryIO:
        return io.BytesIO(self.get(key))

    def size(self, key: str) -> int:
        return len(self.get(key))

    def exists(self, key: str) -> bool:
        return key in self.data

    def delete(self, key: str) -> None:
        self.data.pop(key, None)

    def keys(self) -> Iterator[str]:
        return iter(sorted(self.data))


class JournalingCatalog(SqlCatalog):
    def __init__(self, session, journal: list[str], fail_commit: bool = False) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session)
        self.journal, self.fail_commit = journal, fail_commit

    def commit(self) -> None:
        if self.fail_commit:
            raise RuntimeError("database went away")
        self.journal.append("commit")
        super().commit()


def wheel() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "cy_order-1.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: cy-order\nVersion: 1.0\n\n",
        )
    return buf.getvalue()


def form(body: bytes) -> UploadForm:
    return UploadForm(
        action="file_upload",
        protocol_version="1",
        filename=FILENAME,
        sha256_digest=hashlib.sha256(body).hexdigest(),
        fields={"name": ["cy-order"], "version": ["1.0"]},
    )


@pytest.fixture
def sessions(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate(engine)
    factory = session_factory(engine)
    with factory() as session:
        create_repository(SqlCatalog(session), "team", False, Actor.cli())
    yield factory
    engine.dispose()


def test_blobs_are_written_before_the_row_is_committed(sessions) -> None:  # type: ignore[no-untyped-def]
    journal: list[str] = []
    body = wheel()
    blobs = MemoryBlobs(journal)
    with sessions() as session:
        outcome = publish_file(
            JournalingCatalog(session, journal), blobs, "team", form(body), io.BytesIO(body),
            LIMITS, Actor.cli(),
        )  # fmt: skip
    assert outcome.created
    assert [j.split()[0] for j in journal] == ["put", "put", "commit"]  # file, METADATA, row
    assert blobs.get(outcome.file.blob_key) == body


def test_failed_blob_write_leaves_no_row(sessions) -> None:  # type: ignore[no-untyped-def]
    body = wheel()
    with sessions() as session, pytest.raises(OSError, match="disk full"):
        publish_file(
            SqlCatalog(session), MemoryBlobs([], fail_put=True), "team", form(body),
            io.BytesIO(body), LIMITS, Actor.cli(),
        )  # fmt: skip
    with sessions() as session:
        assert SqlCatalog(session).find_file("team", FILENAME) is None


def test_failed_commit_leaves_only_a_harmless_orphan(sessions) -> None:  # type: ignore[no-untyped-def]
    body = wheel()
    blobs = MemoryBlobs([])
    with sessions() as session, pytest.raises(RuntimeError, match="went away"):
        publish_file(
            JournalingCatalog(session, [], fail_commit=True), blobs, "team", form(body),
            io.BytesIO(body), LIMITS, Actor.cli(),
        )  # fmt: skip
    with sessions() as session:
        catalog = SqlCatalog(session)
        assert catalog.find_file("team", FILENAME) is None
        report = check_consistency(catalog, blobs)
    assert report.missing_blobs == []
    assert len(report.orphan_blobs) == 2  # the file and its METADATA, found by `registry check`
    # and the retried upload succeeds, reusing the stored blobs
    with sessions() as session:
        outcome = publish_file(
            SqlCatalog(session), blobs, "team", form(body), io.BytesIO(body), LIMITS, Actor.cli()
        )
    assert outcome.created
