"""Interfaces the services need; db/ and storage/ implement them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO, Protocol, runtime_checkable

from registry.core.model import (
    AuditEvent,
    FileRecord,
    NewFile,
    Project,
    Repository,
    Scope,
    TokenRecord,
)


class BlobStore(Protocol):
    """Bytes by key. Writes are atomic: a key is absent or holds all its bytes."""

    def put(self, key: str, stream: BinaryIO) -> None: ...

    def get(self, key: str) -> bytes: ...

    def open(self, key: str) -> BinaryIO:
        """A seekable reader; reading a part fetches only that part (HTTP Range)."""
        ...

    def size(self, key: str) -> int: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def keys(self) -> Iterator[str]: ...


@runtime_checkable
class ReadinessProbe(Protocol):
    """A store that can say whether it can take writes now (for /readyz)."""

    def check_ready(self) -> None:
        """Raise (OSError or the store's own error) with the reason when it cannot."""
        ...


@runtime_checkable
class PartialWrites(Protocol):
    """A store whose interrupted writes can leave partial files behind (kill -9 mid-write)."""

    def partial_writes(self) -> list[str]:
        """Leftover partial files, relative to the store."""
        ...

    def remove_partial_writes(self, older_than_seconds: float) -> list[str]:
        """Delete leftovers not written to for *older_than_seconds*; returns what went."""
        ...


class Catalog(Protocol):
    """Repositories, projects, releases, files, tokens and audit events in one transaction."""

    # transaction
    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    # repositories
    def get_repository(self, name: str) -> Repository | None: ...

    def create_repository(
        self, name: str, public_read: bool, description: str = ""
    ) -> Repository: ...

    def list_repositories(self) -> list[Repository]: ...

    # projects and files
    def list_projects(self, repository: str) -> list[Project]: ...

    def get_project(self, repository: str, normalized: str) -> Project | None: ...

    def project_files(self, repository: str, normalized: str) -> list[FileRecord]: ...

    def repository_usage(self, repository: str) -> int:
        """Bytes stored for the repository's files (disposed releases excluded)."""
        ...

    def find_file(self, repository: str, filename: str) -> FileRecord | None: ...

    def find_file_by_sha256(self, repository: str, sha256: str) -> FileRecord | None: ...

    def add_file(self, repository: str, new: NewFile) -> FileRecord: ...

    def set_yanked(
        self, repository: str, normalized: str, version: str, yanked: bool, reason: str | None
    ) -> int:
        """Mark every file of a release; returns how many files it has (0: no such release)."""
        ...

    def all_blob_keys(self) -> set[str]: ...

    # tokens
    def add_token(
        self,
        repository: str,
        key_id: str,
        secret_hash: str,
        scope: Scope,
        expires_at: datetime | None,
        description: str = "",
    ) -> TokenRecord: ...

    def get_token_by_key(self, key_id: str) -> TokenRecord | None: ...

    def list_tokens(self) -> list[TokenRecord]: ...

    def revoke_token(self, token_id: int, when: datetime) -> TokenRecord | None: ...

    # audit
    def record_event(self, event: AuditEvent, when: datetime) -> None: ...
