"""Repository administration, tokens and yanking: use cases shared by the CLI and the web."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from registry.core import tokens
from registry.core.errors import InvalidArgument, NotFound, PermissionDenied
from registry.core.model import Actor, AuditEvent, Repository, Scope, TokenRecord
from registry.core.names import repository_name_problem
from registry.core.ports import BlobStore, Catalog, PartialWrites


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def create_repository(
    catalog: Catalog,
    name: str,
    public_read: bool,
    actor: Actor,
    description: str = "",
    now: datetime | None = None,
) -> Repository:
    problem = repository_name_problem(name)
    if problem:
        raise InvalidArgument(problem)
    repo = catalog.create_repository(name, public_read, description)
    catalog.record_event(
        AuditEvent("repository.create", name, actor, name, {"public_read": public_read}),
        _now(now),
    )
    catalog.commit()
    return repo


@dataclass(frozen=True)
class IssuedToken:
    token: str  # the secret: shown once
    record: TokenRecord


def issue_token(
    catalog: Catalog,
    repository: str,
    scope: str,
    expires: str | None,
    actor: Actor,
    description: str = "",
    now: datetime | None = None,
) -> IssuedToken:
    now = _now(now)
    try:
        parsed_scope = Scope.parse(scope)
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
    lifetime = tokens.parse_duration(expires) if expires else None
    if catalog.get_repository(repository) is None:
        raise NotFound(
            f"repository {repository!r} does not exist: create it with "
            f"'registry repo create {repository}'"
        )
    new = tokens.generate()
    record = catalog.add_token(
        repository,
        new.key_id,
        new.secret_hash,
        parsed_scope,
        now + lifetime if lifetime else None,
        description,
    )
    catalog.record_event(
        AuditEvent(
            "token.create",
            repository,
            actor,
            f"token {record.id}",
            {"scope": parsed_scope.label, "expires_at": str(record.expires_at)},
        ),
        now,
    )
    catalog.commit()
    return IssuedToken(new.token, record)


def revoke_token(
    catalog: Catalog, token_id: int, actor: Actor, now: datetime | None = None
) -> TokenRecord:
    now = _now(now)
    record = catalog.revoke_token(token_id, now)
    if record is None:
        raise NotFound(f"token {token_id} does not exist (see 'registry token list')")
    catalog.record_event(
        AuditEvent("token.revoke", record.repository, actor, f"token {token_id}"), now
    )
    catalog.commit()
    return record


def authenticate(
    catalog: Catalog,
    repository: str,
    presented: str | None,
    needed: Scope,
    now: datetime | None = None,
) -> tuple[Repository, TokenRecord | None]:
    """The repository and the token acting on it; raises Unauthenticated / PermissionDenied."""
    repo = catalog.get_repository(repository)
    parts = tokens.split(presented) if presented is not None else None
    record = catalog.get_token_by_key(parts[0]) if parts else None
    if repo is None:
        # Anonymous and bad-token callers get the answer a private repository gives, so
        # repository names cannot be probed; a live token's holder learns the name is wrong.
        phantom = Repository(0, repository, False, _now(now))
        with contextlib.suppress(PermissionDenied):
            tokens.authorize(presented, record, phantom, needed, _now(now))
        raise NotFound(f"repository {repository!r} does not exist")
    tokens.authorize(presented, record, repo, needed, _now(now))
    return repo, record


def set_yanked(
    catalog: Catalog,
    repository: str,
    project: str,
    version: str,
    yanked: bool,
    actor: Actor,
    reason: str | None = None,
    now: datetime | None = None,
) -> int:
    """Yank (PEP 592) or unyank every file of a release; returns the number of files."""
    try:
        Version(version)
    except InvalidVersion:
        raise InvalidArgument(f"{version!r} is not a valid PEP 440 version") from None
    if catalog.get_repository(repository) is None:
        raise NotFound(f"repository {repository!r} does not exist")
    normalized = canonicalize_name(project)
    count = catalog.set_yanked(repository, normalized, version, yanked, reason)
    if count == 0:
        raise NotFound(f"{normalized} {version} is not in repository {repository!r}")
    catalog.record_event(
        AuditEvent(
            "release.yank" if yanked else "release.unyank",
            repository,
            actor,
            f"{normalized} {version}",
            {"reason": reason} if yanked else {},
        ),
        _now(now),
    )
    catalog.commit()
    return count


@dataclass(frozen=True)
class ConsistencyReport:
    orphan_blobs: list[str]  # stored but referenced by no row (harmless, reclaimable)
    missing_blobs: list[str]  # referenced by a row but absent (serious)
    # Leftovers of blob writes killed midway (kill -9, power loss): never referenced, removed
    # at the next start once nobody has written to them for a grace period.
    partial_writes: list[str] = field(default_factory=list)


def check_consistency(catalog: Catalog, blobs: BlobStore) -> ConsistencyReport:
    referenced = catalog.all_blob_keys()
    stored = set(blobs.keys())
    partial = blobs.partial_writes() if isinstance(blobs, PartialWrites) else []
    return ConsistencyReport(sorted(stored - referenced), sorted(referenced - stored), partial)


def remove_stale_partial_writes(blobs: BlobStore, older_than_seconds: float) -> list[str]:
    """Delete partial blob files left by writes that died; a write still going on (another
    worker or server on the same store) keeps its file fresh and is left alone."""
    if not isinstance(blobs, PartialWrites):
        return []
    return blobs.remove_partial_writes(older_than_seconds)
