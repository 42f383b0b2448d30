"""SqlCatalog: the Catalog port (registry.core.ports) over one SQLAlchemy session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from packaging.utils import canonicalize_name, canonicalize_version
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from registry.core.errors import AlreadyExists, FileConflict, NotFound
from registry.core.model import (
    AuditEvent,
    FileRecord,
    NewFile,
    Project,
    ReleaseStatus,
    Repository,
    Scope,
    TokenRecord,
)
from registry.db import serials
from registry.db.models import (
    AuditEventRow,
    FileRow,
    ProjectRow,
    ReleaseRow,
    RepositoryRow,
    TokenRow,
)

T = TypeVar("T")


def _repository(row: RepositoryRow) -> Repository:
    return Repository(row.id, row.name, row.public_read, row.created_at, row.description)


def _file(row: FileRow, release: ReleaseRow, project: ProjectRow, repo: str) -> FileRecord:
    return FileRecord(
        id=row.id,
        repository=repo,
        project_name=project.name,
        normalized=project.normalized,
        version=release.version,
        filename=row.filename,
        kind=row.kind,
        sha256=row.sha256,
        blake2_256=row.blake2_256,
        md5=row.md5,
        size=row.size,
        upload_time=row.upload_time,
        requires_python=row.requires_python,
        blob_key=row.blob_key,
        metadata_sha256=row.metadata_sha256,
        metadata_blob_key=row.metadata_blob_key,
        yanked=release.yanked,
        yanked_reason=release.yanked_reason,
        status=ReleaseStatus(release.status),
    )


# The page path selects plain columns, not ORM entities: a 5,000-file project page built
# 15,000 tracked objects (file, release, project per row) before it rendered a byte.
_FILE_COLUMNS = (
    FileRow.id,
    ProjectRow.name,
    ProjectRow.normalized,
    ReleaseRow.version,
    FileRow.filename,
    FileRow.kind,
    FileRow.sha256,
    FileRow.blake2_256,
    FileRow.md5,
    FileRow.size,
    FileRow.upload_time,
    FileRow.requires_python,
    FileRow.blob_key,
    FileRow.metadata_sha256,
    FileRow.metadata_blob_key,
    ReleaseRow.yanked,
    ReleaseRow.yanked_reason,
    ReleaseRow.status,
    FileRow.origin,
)
_STATUSES = {s.value: s for s in ReleaseStatus}


def _file_from_columns(row: Any, repo: str) -> FileRecord:
    (id_, name, normalized, version, *stored, yanked, reason, status, origin) = row
    return FileRecord(id_, repo, name, normalized, version, *stored, yanked, reason,
                      _STATUSES[status], origin)  # fmt: skip


# Page and download lookups, built once (building a statement costs more than running it).
_REPOSITORY_FILES = (
    select(*_FILE_COLUMNS)
    .join(ReleaseRow, FileRow.release_id == ReleaseRow.id)
    .join(ProjectRow, ReleaseRow.project_id == ProjectRow.id)
    .join(RepositoryRow, FileRow.repository_id == RepositoryRow.id)
    .where(RepositoryRow.name == bindparam("repository"))
)
# The project is looked up first, by its unique (repository, name) key, so the plan starts
# from one project row whatever the database knows of its tables: joined from the
# repository's side, SQLite without ANALYZE statistics (a registry filled since its last
# migration) walked every file of the repository instead (94 ms a page at 20,000 projects,
# 0.7 s at 100,000, seen on pip's first run).
_PROJECT_ID = (
    select(ProjectRow.id)
    .join(RepositoryRow, ProjectRow.repository_id == RepositoryRow.id)
    .where(RepositoryRow.name == bindparam("repository"))
    .where(ProjectRow.normalized == bindparam("normalized"))
    .scalar_subquery()
)
_PROJECT_FILES = (
    select(*_FILE_COLUMNS)
    .join(ReleaseRow, FileRow.release_id == ReleaseRow.id)
    .join(ProjectRow, ReleaseRow.project_id == ProjectRow.id)
    .where(ProjectRow.id == _PROJECT_ID)
    .order_by(FileRow.id)
)
_FILE_BY_NAME = _REPOSITORY_FILES.where(FileRow.filename == bindparam("filename"))
_FILE_BY_SHA256 = _REPOSITORY_FILES.where(FileRow.sha256 == bindparam("sha256")).limit(1)

_REPOSITORY_BY_NAME = select(
    RepositoryRow.id,
    RepositoryRow.name,
    RepositoryRow.public_read,
    RepositoryRow.created_at,
    RepositoryRow.description,
).where(RepositoryRow.name == bindparam("name"))


def _token(row: TokenRow) -> TokenRecord:
    return TokenRecord(
        id=row.id,
        key_id=row.key_id,
        secret_hash=row.secret_hash,
        repository=row.repository.name,
        scope=Scope[row.scope.upper()],
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        description=row.description,
    )


class SqlCatalog:
    def __init__(self, session: Session) -> None:
        self.session = session

    # transaction -----------------------------------------------------------------------
    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    # repositories ----------------------------------------------------------------------
    def _repo_row(self, name: str) -> RepositoryRow:
        row = self.session.scalar(select(RepositoryRow).where(RepositoryRow.name == name))
        if row is None:
            raise NotFound(f"repository {name!r} does not exist")
        return row

    def get_repository(self, name: str) -> Repository | None:
        # Every request's access check starts here: plain columns, a statement built once.
        row = self.session.connection().execute(_REPOSITORY_BY_NAME, {"name": name}).first()
        return Repository(*row) if row else None

    def create_repository(self, name: str, public_read: bool, description: str = "") -> Repository:
        row = RepositoryRow(name=name, public_read=public_read, description=description)
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise AlreadyExists(f"repository {name!r} already exists") from None
        return _repository(row)

    def list_repositories(self) -> list[Repository]:
        rows = self.session.scalars(select(RepositoryRow).order_by(RepositoryRow.name))
        return [_repository(r) for r in rows]

    # projects and files ----------------------------------------------------------------
    def list_projects(self, repository: str) -> list[Project]:
        repo = self._repo_row(repository)
        rows = self.session.execute(
            select(ProjectRow.name, ProjectRow.normalized)
            .where(ProjectRow.repository_id == repo.id)
            .order_by(ProjectRow.normalized)
        )
        return [Project(repository, name, normalized) for name, normalized in rows]

    def get_project(self, repository: str, normalized: str) -> Project | None:
        repo = self._repo_row(repository)
        row = self.session.scalar(
            select(ProjectRow).where(
                ProjectRow.repository_id == repo.id, ProjectRow.normalized == normalized
            )
        )
        return Project(repository, row.name, row.normalized) if row else None

    def _files(self, statement: Select[Any], repository: str, **params: str) -> list[FileRecord]:
        rows = self.session.connection().execute(statement, {"repository": repository, **params})
        return [_file_from_columns(row, repository) for row in rows]

    def project_files(self, repository: str, normalized: str) -> list[FileRecord]:
        return self._files(_PROJECT_FILES, repository, normalized=normalized)

    def repository_usage(self, repository: str) -> int:
        """Bytes of the repository's files that still have bytes (disposed ones do not)."""
        total = self.session.execute(
            select(func.coalesce(func.sum(FileRow.size), 0))
            .join(ReleaseRow, FileRow.release_id == ReleaseRow.id)
            .join(RepositoryRow, FileRow.repository_id == RepositoryRow.id)
            .where(RepositoryRow.name == repository, ReleaseRow.status != "disposed")
        ).scalar_one()
        return int(total)

    def find_file(self, repository: str, filename: str) -> FileRecord | None:
        found = self._files(_FILE_BY_NAME, repository, filename=filename)
        return found[0] if found else None

    def find_file_by_sha256(self, repository: str, sha256: str) -> FileRecord | None:
        found = self._files(_FILE_BY_SHA256, repository, sha256=sha256)
        return found[0] if found else None

    def add_file(self, repository: str, new: NewFile) -> FileRecord:
        repo = self._repo_row(repository)
        normalized = canonicalize_name(new.project_name)
        project, new_project = self._get_or_create(
            select(ProjectRow).where(
                ProjectRow.repository_id == repo.id, ProjectRow.normalized == normalized
            ),
            lambda: ProjectRow(repository_id=repo.id, name=new.project_name, normalized=normalized),
        )
        canonical = canonicalize_version(new.version)
        release, _ = self._get_or_create(
            select(ReleaseRow).where(
                ReleaseRow.project_id == project.id, ReleaseRow.canonical_version == canonical
            ),
            lambda: ReleaseRow(
                project_id=project.id,
                version=new.version,
                canonical_version=canonical,
                summary=new.summary,
                requires_python=new.requires_python,
            ),
        )
        row = FileRow(
            release_id=release.id,
            repository_id=repo.id,
            filename=new.filename,
            kind=new.kind,
            sha256=new.sha256,
            blake2_256=new.blake2_256,
            md5=new.md5,
            size=new.size,
            requires_python=new.requires_python,
            blob_key=new.blob_key,
            metadata_sha256=new.metadata_sha256,
            metadata_blob_key=new.metadata_blob_key,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise FileConflict(
                f"File already exists: {new.filename!r} was uploaded to {repository!r} concurrently"
            ) from None
        serials.bump(self.session, repository, normalized)
        if new_project:
            serials.bump(self.session, repository)
        return _file(row, release, project, repository)

    def _get_or_create(
        self, query: Select[tuple[T]], factory: Callable[[], T]
    ) -> tuple[T, bool]:
        """Select the row, or insert it (True: inserted here); a concurrent insert of the
        same row is not an error."""
        row = self.session.scalar(query)
        if row is not None:
            return row, False
        try:
            with self.session.begin_nested():
                row = factory()
                self.session.add(row)
                self.session.flush()
            return row, True
        except IntegrityError:
            existing = self.session.scalar(query)
            if existing is None:
                raise
            return existing, False

    def set_yanked(
        self, repository: str, normalized: str, version: str, yanked: bool, reason: str | None
    ) -> int:
        repo = self._repo_row(repository)
        release = self.session.scalar(
            select(ReleaseRow)
            .join(ProjectRow, ReleaseRow.project_id == ProjectRow.id)
            .where(
                ProjectRow.repository_id == repo.id,
                ProjectRow.normalized == normalized,
                ReleaseRow.canonical_version == canonicalize_version(version),
            )
        )
        if release is None:
            return 0
        release.yanked = yanked
        release.yanked_reason = reason if yanked else None
        self.session.flush()
        serials.bump(self.session, repository, normalized)
        return len(release.files)

    def all_blob_keys(self) -> set[str]:
        keys: set[str] = set()
        # Disposed releases keep their rows (names, hashes) but not their bytes, by design.
        live = (
            select(FileRow.blob_key, FileRow.metadata_blob_key)
            .join(ReleaseRow, FileRow.release_id == ReleaseRow.id)
            .where(ReleaseRow.status != ReleaseStatus.DISPOSED.value)
        )
        for blob, meta in self.session.execute(live):
            keys.add(blob)
            if meta:
                keys.add(meta)
        return keys

    # tokens ----------------------------------------------------------------------------
    def add_token(
        self,
        repository: str,
        key_id: str,
        secret_hash: str,
        scope: Scope,
        expires_at: datetime | None,
        description: str = "",
    ) -> TokenRecord:
        repo = self._repo_row(repository)
        row = TokenRow(
            key_id=key_id,
            secret_hash=secret_hash,
            repository_id=repo.id,
            scope=scope.label,
            expires_at=expires_at,
            description=description,
        )
        self.session.add(row)
        self.session.flush()
        return _token(row)

    def get_token_by_key(self, key_id: str) -> TokenRecord | None:
        row = self.session.scalar(
            select(TokenRow)
            .options(joinedload(TokenRow.repository))
            .where(TokenRow.key_id == key_id)
        )
        return _token(row) if row else None

    def list_tokens(self) -> list[TokenRecord]:
        rows = self.session.scalars(
            select(TokenRow).options(joinedload(TokenRow.repository)).order_by(TokenRow.id)
        )
        return [_token(r) for r in rows]

    def revoke_token(self, token_id: int, when: datetime) -> TokenRecord | None:
        row = self.session.get(TokenRow, token_id)
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = when
            self.session.flush()
        return _token(row)

    # audit -----------------------------------------------------------------------------
    def record_event(self, event: AuditEvent, when: datetime) -> None:
        self.session.add(
            AuditEventRow(
                occurred_at=when,
                action=event.action,
                repository=event.repository,
                actor_token_id=event.actor.token_id,
                actor_label=event.actor.label,
                remote_addr=event.actor.remote_addr,
                subject=event.subject,
                details=event.details,
            )
        )
        self.session.flush()
