"""SQLAlchemy 2 typed models. Alembic migrations (migrations/) create and evolve the schema.

Shape: repository → project → release (version, status, yank) → file (digests, blob keys).
Tokens belong to a repository; audit events record every state change. Later features
(upstreams, external connections, origin controls, webhooks) add tables that reference
repositories and projects without changing these.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RepositoryRow(Base):
    __tablename__ = "repositories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    public_read: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    projects: Mapped[list[ProjectRow]] = relationship(back_populates="repository")


class ProjectRow(Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("repository_id", "normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    normalized: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    repository: Mapped[RepositoryRow] = relationship(back_populates="projects")
    releases: Mapped[list[ReleaseRow]] = relationship(back_populates="project")


class ReleaseRow(Base):
    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("project_id", "canonical_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(100))
    canonical_version: Mapped[str] = mapped_column(String(100))
    # published | unlisted | archived | disposed (lifecycle, see core.model.ReleaseStatus)
    status: Mapped[str] = mapped_column(String(20), default="published")
    yanked: Mapped[bool] = mapped_column(Boolean, default=False)
    yanked_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    requires_python: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[ProjectRow] = relationship(back_populates="releases")
    files: Mapped[list[FileRow]] = relationship(back_populates="release")


class FileRow(Base):
    __tablename__ = "files"
    __table_args__ = (
        UniqueConstraint("repository_id", "filename"),
        Index("ix_files_repository_id_sha256", "repository_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Indexed: every project page joins files to its releases; without it the join walks
    # every file of the repository.
    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), index=True
    )
    # Denormalised so "one filename, one content, per repository" is a plain unique constraint.
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    blake2_256: Mapped[str] = mapped_column(String(64))
    md5: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(BigInteger)
    upload_time: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requires_python: Mapped[str | None] = mapped_column(Text, nullable=True)
    blob_key: Mapped[str] = mapped_column(String(255))
    metadata_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    metadata_blob_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # Where the file came from: "upload" now; "copy", "upstream", "external" later.
    origin: Mapped[str] = mapped_column(String(20), default="upload")

    release: Mapped[ReleaseRow] = relationship(back_populates="files")


class TokenRow(Base):
    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    repository: Mapped[RepositoryRow] = relationship()


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_repository_occurred", "repository", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    # Names, not foreign keys: the record outlives what it describes.
    repository: Mapped[str | None] = mapped_column(String(64), nullable=True)
    actor_token_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_label: Mapped[str] = mapped_column(String(100))
    remote_addr: Mapped[str | None] = mapped_column(String(64), nullable=True)
    subject: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChangeSerialRow(Base):
    """A counter per (repository, project) page bumped in the same transaction as every
    change that alters what the page shows, so rendered pages are cached under the serials
    they were rendered from (registry.db.serials). ``project`` "" is the repository's project
    list; repository "" and project "" together is the upstream/external configuration.
    Names, not foreign keys, and rows are never deleted: a serial never repeats."""

    __tablename__ = "change_serials"

    repository: Mapped[str] = mapped_column(String(64), primary_key=True)
    project: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    serial: Mapped[int] = mapped_column(BigInteger, default=0)
