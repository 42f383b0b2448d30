"""publish_file: validate an upload (core), store its bytes, then record it (one transaction)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from registry.core.archive import ArchiveLimits, ArchiveTooLarge, BadArchive, read_distribution
from registry.core.errors import (
    FileConflict,
    InvalidUpload,
    NotFound,
    QuotaExceeded,
    UploadTooLarge,
)
from registry.core.limits import release_problems
from registry.core.model import Actor, AuditEvent, FileRecord, NewFile, blob_key
from registry.core.ports import BlobStore, Catalog
from registry.core.upload import (
    Digests,
    UploadForm,
    check_core_metadata,
    check_form,
    missing_license_files,
)


@dataclass(frozen=True)
class UploadLimits:
    max_upload_bytes: int
    archive: ArchiveLimits
    quota_bytes: int | None = None  # the repository's storage quota; None: unlimited


def _size(value: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{value} bytes"


def check_quota(catalog: Catalog, repository: str, incoming: int, quota: int | None) -> None:
    """Refuse a new file that would take *repository* past *quota* bytes."""
    if quota is None:
        return
    used = catalog.repository_usage(repository)
    if used + incoming > quota:
        raise QuotaExceeded(
            f"repository {repository!r} is over its storage quota: {_size(used)} of "
            f"{_size(quota)} used and this file needs {_size(incoming)}; dispose of or delete "
            "old releases ('registry status … disposed'), or ask the operator to raise "
            "REGISTRY_REPO_QUOTAS / REGISTRY_QUOTA_BYTES"
        )


@dataclass(frozen=True)
class PublishOutcome:
    file: FileRecord
    created: bool  # False: an identical file was already there, nothing changed


def _conflict(existing: FileRecord, repository: str, sha256: str) -> FileConflict:
    return FileConflict(
        f"File already exists: {existing.filename} is already in repository {repository!r} "
        f"with other content (sha256 {existing.sha256}, yours {sha256}); published files "
        "never change: release a new version or add a wheel build tag"
    )


def publish_file(
    catalog: Catalog,
    blobs: BlobStore,
    repository: str,
    form: UploadForm,
    content: BinaryIO,
    limits: UploadLimits,
    actor: Actor,
    now: datetime | None = None,
    review_check: Callable[[str, str], None] | None = None,
) -> PublishOutcome:
    """Publish one distribution file; *content* is a seekable stream of the uploaded bytes.
    *review_check(filename, sha256)* raises to refuse a new file (the repository's review
    policy); it runs before anything is stored."""
    now = now or datetime.now(UTC)
    if catalog.get_repository(repository) is None:
        raise NotFound(f"repository {repository!r} does not exist")
    content.seek(0)
    digests = Digests.of_stream(content)
    if digests.size > limits.max_upload_bytes:
        raise UploadTooLarge(
            f"{form.filename or 'the file'} is {digests.size} bytes, more than this registry's "
            f"limit of {limits.max_upload_bytes} bytes (REGISTRY_MAX_UPLOAD_BYTES)"
        )
    problems, dist = check_form(form, digests)
    # Before any read of the archive or write: PostgreSQL would refuse these only at commit.
    problems += release_problems(form.first("name"), form.first("version"), form.filename)
    if problems or dist is None:
        raise InvalidUpload(problems)

    existing = catalog.find_file(repository, dist.filename)
    if existing is not None:
        if existing.sha256 == digests.sha256:
            return PublishOutcome(existing, created=False)
        raise _conflict(existing, repository, digests.sha256)

    if review_check is not None:
        review_check(dist.filename, digests.sha256)
    check_quota(catalog, repository, digests.size, limits.quota_bytes)
    try:
        contents = read_distribution(content, dist, limits.archive)
    except BadArchive as exc:
        raise InvalidUpload([str(exc)]) from None
    except ArchiveTooLarge as exc:
        raise UploadTooLarge(str(exc)) from None
    raw_metadata = contents.metadata
    meta_problems, meta = check_core_metadata(raw_metadata, dist, form)
    if meta is not None:
        meta_problems += release_problems(meta.name, meta.version)
    if meta_problems or meta is None:
        raise InvalidUpload(meta_problems)
    if license_problems := missing_license_files(meta, dist, contents.members):
        raise InvalidUpload(license_problems)

    # Blobs first (content-addressed, so an orphan left by a failure is harmless), then the row.
    key = blob_key(digests.sha256)
    if not blobs.exists(key):
        content.seek(0)
        blobs.put(key, content)
    metadata_sha256 = metadata_key = None
    if dist.is_wheel:
        metadata_sha256 = hashlib.sha256(raw_metadata).hexdigest()
        metadata_key = blob_key(metadata_sha256)
        if not blobs.exists(metadata_key):
            blobs.put(metadata_key, io.BytesIO(raw_metadata))

    new = NewFile(
        project_name=meta.name,
        version=meta.version,
        filename=dist.filename,
        kind=dist.kind,
        sha256=digests.sha256,
        blake2_256=digests.blake2_256,
        md5=digests.md5,
        size=digests.size,
        requires_python=meta.requires_python,
        summary=meta.summary,
        blob_key=key,
        metadata_sha256=metadata_sha256,
        metadata_blob_key=metadata_key,
    )
    try:
        record = catalog.add_file(repository, new)
    except FileConflict:
        # Lost a race with a concurrent upload of the same filename.
        catalog.rollback()
        winner = catalog.find_file(repository, dist.filename)
        if winner is not None and winner.sha256 == digests.sha256:
            return PublishOutcome(winner, created=False)
        if winner is not None:
            raise _conflict(winner, repository, digests.sha256) from None
        raise
    catalog.record_event(
        AuditEvent(
            "file.publish",
            repository,
            actor,
            dist.filename,
            {"project": record.normalized, "version": record.version, "sha256": record.sha256},
        ),
        now,
    )
    catalog.commit()
    return PublishOutcome(record, created=True)
