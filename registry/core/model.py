"""Plain records the services and ports exchange (no ORM, no Flask)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Scope(enum.IntEnum):
    """Token scopes; a higher scope includes the lower ones."""

    READ = 1
    PUBLISH = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Scope:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"scope must be read, publish or admin, got {value!r}") from None


class ReleaseStatus(enum.StrEnum):
    """Lifecycle of a version (CodeArtifact's statuses); issue 2 only publishes."""

    PUBLISHED = "published"
    UNLISTED = "unlisted"
    ARCHIVED = "archived"
    DISPOSED = "disposed"


@dataclass(frozen=True)
class Repository:
    id: int
    name: str
    public_read: bool
    created_at: datetime
    description: str = ""


@dataclass(frozen=True)
class Project:
    repository: str
    name: str  # as first uploaded
    normalized: str


@dataclass(frozen=True)
class NewFile:
    """A validated distribution file ready to be recorded."""

    project_name: str
    version: str
    filename: str
    kind: str  # "bdist_wheel" | "sdist"
    sha256: str
    blake2_256: str
    md5: str
    size: int
    requires_python: str | None
    summary: str | None
    blob_key: str
    metadata_sha256: str | None = None
    metadata_blob_key: str | None = None


@dataclass(frozen=True)
class FileRecord:
    id: int
    repository: str
    project_name: str
    normalized: str
    version: str
    filename: str
    kind: str
    sha256: str
    blake2_256: str
    md5: str
    size: int
    upload_time: datetime
    requires_python: str | None
    blob_key: str
    metadata_sha256: str | None
    metadata_blob_key: str | None
    yanked: bool = False
    yanked_reason: str | None = None
    status: ReleaseStatus = ReleaseStatus.PUBLISHED
    origin: str | None = None  # upload, copy or external (None: not read with the file)


@dataclass(frozen=True)
class TokenRecord:
    id: int
    key_id: str
    secret_hash: str
    repository: str
    scope: Scope
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    description: str = ""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a token (id) or the operator's CLI."""

    token_id: int | None
    label: str
    remote_addr: str | None = None

    @classmethod
    def cli(cls) -> Actor:
        return cls(None, "cli")


@dataclass(frozen=True)
class AuditEvent:
    action: str  # "file.publish", "release.yank", "token.create", ...
    repository: str | None
    actor: Actor
    subject: str
    details: dict[str, Any] = field(default_factory=dict)


def blob_key(sha256: str) -> str:
    """Content-addressed key: a blob's key never names other bytes."""
    return f"sha256/{sha256[:2]}/{sha256}"


@dataclass(frozen=True)
class AttestationRecord:
    """A stored, verified review attestation of the file with ``sha256``."""

    id: int
    repository: str  # where it was recorded
    sha256: str
    filename: str
    keyid: str
    envelope: str  # DSSE envelope JSON as received
    statement: str  # the in-toto Statement JSON (the envelope's decoded payload)
    received_at: datetime
    review: Any  # registry.core.attestations.Review (kept apart: model imports nothing)
