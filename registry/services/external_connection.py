"""The external connection: setting a repository's external index, offering its files
before they are downloaded (``remote_as_record``), and storing a verified download
(``ExternalSink``) in a fresh unit of work."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, suppress
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from registry.core.errors import FileConflict, InvalidArgument, NotFound
from registry.core.filenames import BadFilename, parse_dist_filename
from registry.core.model import Actor, AuditEvent, FileRecord, NewFile, blob_key
from registry.core.ports import BlobStore
from registry.core.remote_index import RemoteFile
from registry.core.upstreams import control_after_upstream_arrival
from registry.services.core_metadata import parse_metadata, wheel_metadata
from registry.services.external import redact
from registry.services.sharing_base import SharingBase, Unit, utc_now


def remote_as_record(repository: str, normalized: str, remote: RemoteFile) -> FileRecord | None:
    """A not-yet-downloaded remote file, in the shape simple pages render (None: unusable)."""
    if not remote.sha256:
        return None  # cannot be verified, so it is never offered
    try:
        dist = parse_dist_filename(remote.filename)
    except BadFilename:
        return None
    if dist.name != normalized:
        return None
    uploaded = utc_now()
    if remote.upload_time:
        with suppress(ValueError):
            uploaded = datetime.fromisoformat(remote.upload_time.replace("Z", "+00:00"))
    metadata_sha256 = None
    if isinstance(remote.core_metadata, Mapping):
        metadata_sha256 = remote.core_metadata.get("sha256")
    return FileRecord(
        id=0,
        repository=repository,
        project_name=normalized,
        normalized=normalized,
        version=str(dist.version),
        filename=remote.filename,
        kind=dist.kind,
        sha256=remote.sha256,
        blake2_256=remote.hashes.get("blake2b_256", ""),
        md5=remote.hashes.get("md5", ""),
        size=remote.size or 0,
        upload_time=uploaded,
        requires_python=remote.requires_python,
        blob_key="",  # not stored yet
        metadata_sha256=metadata_sha256 if dist.is_wheel else None,
        metadata_blob_key=None,
        yanked=remote.yanked,
        yanked_reason=remote.yanked_reason,
    )


class ExternalConnection(SharingBase):
    """A repository's connection to an external PEP 691/503 index."""

    def set_external(self, repository: str, url: str, ttl_seconds: int, actor: Actor) -> None:
        self._require_repo(repository)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidArgument(
                f"external connection URL must be an http(s) simple index URL such as "
                f"https://pypi.org/simple/, not {redact(url)!r}"
            )
        if ttl_seconds < 0:
            raise InvalidArgument("the cache TTL must be zero or more seconds")
        before = self.store.external(repository)
        self.store.set_external(repository, url, ttl_seconds)
        self._externals = None
        self._audit(
            "repository.external.set",
            repository,
            actor,
            redact(url),
            before={"url": redact(before[0]), "ttl": before[1]} if before else None,
            after={"url": redact(url), "ttl": ttl_seconds},
        )
        self.catalog.commit()

    def remove_external(self, repository: str, actor: Actor) -> None:
        self._require_repo(repository)
        before = self.store.external(repository)
        if not self.store.remove_external(repository):
            raise NotFound(f"repository {repository!r} has no external connection")
        self._externals = None
        url = redact(before[0]) if before else ""
        self._audit(
            "repository.external.remove", repository, actor, url, before={"url": url}, after=None
        )
        self.catalog.commit()


class ExternalSink:
    """Stores a verified remote file in ``repository`` in a fresh unit of work."""

    def __init__(
        self,
        open_unit: Callable[[], AbstractContextManager[Unit]],
        blobs: BlobStore,
        repository: str,
        normalized: str,
    ) -> None:
        self.open_unit, self.blobs = open_unit, blobs
        self.repository, self.normalized = repository, normalized

    def find(self, remote: RemoteFile) -> FileRecord | None:
        with self.open_unit() as (catalog, _store):
            record = catalog.find_file(self.repository, remote.filename)
        if record is None:
            return None
        if record.sha256 != remote.sha256:
            raise FileConflict(
                f"{remote.filename} is stored in {self.repository!r} with sha256 "
                f"{record.sha256}, but the external index now says {remote.sha256}; "
                "refusing to serve either until an admin looks"
            )
        return record

    def store(self, remote: RemoteFile, path: Path, sha256: str, size: int) -> FileRecord:
        dist = parse_dist_filename(remote.filename)
        with path.open("rb") as handle:
            blake, md5 = hashlib.blake2b(digest_size=32), hashlib.md5(usedforsecurity=False)
            while block := handle.read(1 << 20):
                blake.update(block)
                md5.update(block)
        key = blob_key(sha256)
        if not self.blobs.exists(key):
            with path.open("rb") as handle:
                self.blobs.put(key, handle)
        raw_metadata = wheel_metadata(path) if dist.is_wheel else None
        metadata_sha256 = metadata_key = None
        summary = None
        if raw_metadata is not None:
            metadata_sha256 = hashlib.sha256(raw_metadata).hexdigest()
            metadata_key = blob_key(metadata_sha256)
            if not self.blobs.exists(metadata_key):
                self.blobs.put(metadata_key, io.BytesIO(raw_metadata))
            summary = parse_metadata(raw_metadata).get("summary")
        new = NewFile(
            project_name=self.normalized,
            version=str(dist.version),
            filename=remote.filename,
            kind=dist.kind,
            sha256=sha256,
            blake2_256=blake.hexdigest(),
            md5=md5.hexdigest(),
            size=size,
            requires_python=remote.requires_python,
            summary=summary,
            blob_key=key,
            metadata_sha256=metadata_sha256,
            metadata_blob_key=metadata_key,
        )
        with self.open_unit() as (catalog, store):
            try:
                record = catalog.add_file(self.repository, new)
            except FileConflict:
                # Another host (sharing the database, not the lock directory) stored it first.
                catalog.rollback()
                winner = catalog.find_file(self.repository, remote.filename)
                if winner is not None and winner.sha256 == sha256:
                    return winner
                raise
            store.set_file_origin(self.repository, remote.filename, "external")
            if remote.yanked:
                catalog.set_yanked(
                    self.repository, self.normalized, record.version, True, remote.yanked_reason
                )
            current = store.origin_control(self.repository, self.normalized)
            if current is None:
                store.set_origin_control(
                    self.repository, self.normalized, control_after_upstream_arrival(None)
                )
            catalog.record_event(
                AuditEvent(
                    "file.cache_external",
                    self.repository,
                    Actor(None, "external"),
                    remote.filename,
                    {"url": redact(remote.url), "sha256": sha256, "size": size},
                ),
                utc_now(),
            )
            catalog.commit()
            stored = catalog.find_file(self.repository, remote.filename)
        assert stored is not None
        return stored
