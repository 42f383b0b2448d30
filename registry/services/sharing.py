"""Sharing use cases: upstream chains and the external connection in resolution, origin
controls, promotion (copy), lifecycle statuses, delete, and the events they emit.

``SharingService`` wraps one unit of work (the core ``Catalog`` plus a ``SharingStore`` on
the same transaction).  The external-connection download runs in a *fresh* unit
(``open_unit``), so that workers waiting on the single-flight lock see the row the winner
committed.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from packaging.utils import canonicalize_name, canonicalize_version
from packaging.version import InvalidVersion, Version

from registry.core import limits
from registry.core.errors import FileConflict, InvalidArgument, NotFound
from registry.core.filenames import BadFilename, parse_dist_filename
from registry.core.model import Actor, AuditEvent, FileRecord, NewFile, ReleaseStatus, blob_key
from registry.core.ports import BlobStore, Catalog
from registry.core.pypi_json import JsonFile, JsonRelease, project_json
from registry.core.remote_index import RemoteFile
from registry.core.tokens import parse_duration
from registry.core.upstreams import (
    DEFAULT_CONTROL,
    OriginControl,
    Permission,
    Source,
    check_new_upstream,
    check_publish_allowed,
    control_after_publish,
    control_after_upstream_arrival,
    merge_nearest,
    resolution_sources,
)
from registry.services import events
from registry.services.events import Event, EventDispatcher, Webhook
from registry.services.external import (
    ExternalIndex,
    RemoteIntegrityError,
    RemoteUnavailable,
    redact,
)

STALE_HEADER = "X-Registry-Stale"
UNLISTED_REASON = "unlisted: install by exact version pin"


class SharingStore(Protocol):
    """Sharing configuration and the few release/file writes the core Catalog lacks."""

    def upstream_graph(self) -> dict[str, list[str]]: ...
    def upstreams(self, repository: str) -> list[str]: ...
    def add_upstream(self, repository: str, upstream: str) -> None: ...
    def remove_upstream(self, repository: str, upstream: str) -> bool: ...
    def externals(self) -> dict[str, tuple[str, int]]: ...
    def external(self, repository: str) -> tuple[str, int] | None: ...
    def set_external(self, repository: str, url: str, ttl_seconds: int) -> None: ...
    def remove_external(self, repository: str) -> bool: ...
    def origin_control(self, repository: str, normalized: str) -> OriginControl | None: ...
    def set_origin_control(
        self, repository: str, normalized: str, control: OriginControl
    ) -> None: ...
    def origin_controls(self, repository: str) -> dict[str, OriginControl]: ...
    def webhooks(self, repository: str) -> list[Webhook]: ...
    def add_webhook(self, repository: str, url: str, secret: str) -> Webhook: ...
    def remove_webhook(self, repository: str, webhook_id: int) -> bool: ...
    def set_release_status(
        self, repository: str, normalized: str, version: str, status: str
    ) -> str | None:
        """Set the status; returns the previous one (None: no such release)."""
        ...

    def delete_release(self, repository: str, normalized: str, version: str) -> int: ...
    def set_file_origin(self, repository: str, filename: str, origin: str) -> None: ...
    def file_origin(self, repository: str, filename: str) -> str | None: ...
    def file_origins(self, repository: str, normalized: str) -> dict[str, str]: ...
    def blob_in_use(self, key: str) -> bool:
        """Does any file that still has bytes (not disposed) reference this blob?"""
        ...


Unit = tuple[Catalog, SharingStore]


@dataclass(frozen=True)
class SharedProject:
    """What a repository serves for a project, merged over its sources (nearest wins)."""

    repository: str
    normalized: str
    files: list[FileRecord]
    stale: bool = False
    stale_reason: str | None = None
    # filename -> where it comes from ("<repo>" or "<repo> (external)")
    sources: dict[str, str] = field(default_factory=dict)


def _now() -> datetime:
    return datetime.now(UTC)


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``--since``: a duration back from now (``90m``, ``12h``, ``7d``) or an ISO 8601 time."""
    value = text.strip()
    with suppress(ValueError):
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        delta = parse_duration(value)
    except InvalidArgument:
        delta = None
    if delta is None:
        raise InvalidArgument(
            f"--since {text!r} is neither a duration (e.g. 90m, 12h, 7d) nor an ISO 8601 time "
            "(e.g. 2026-01-31T12:00:00Z)"
        )
    return (now or _now()) - delta


def _version_matches(record_version: str, wanted: str) -> bool:
    return canonicalize_version(record_version) == canonicalize_version(wanted)


def _check_version(version: str) -> None:
    try:
        Version(version)
    except InvalidVersion:
        raise InvalidArgument(f"{version!r} is not a valid PEP 440 version") from None


def _served(record: FileRecord) -> FileRecord | None:
    """How a file appears on simple pages given its release status (None: not at all)."""
    if record.status == ReleaseStatus.PUBLISHED:
        return record
    if record.status == ReleaseStatus.UNLISTED:
        # PEP 592 semantics: installers only select it for an exact == pin.
        return replace(record, yanked=True, yanked_reason=record.yanked_reason or UNLISTED_REASON)
    return None


def _servable(record: FileRecord, repository: str) -> FileRecord:
    if record.status in (ReleaseStatus.DISPOSED, ReleaseStatus.ARCHIVED):
        raise NotFound(
            f"{record.filename} is {record.status.value} in {repository!r} and is no longer served"
        )
    return record


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
    uploaded = _now()
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


def wheel_metadata(path: Path) -> bytes | None:
    """METADATA of a wheel already verified against the remote's hash."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                parts = name.split("/")
                if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA":
                    info = archive.getinfo(name)
                    if info.file_size > 8 * 1024 * 1024:
                        return None
                    return archive.read(name)
    except (zipfile.BadZipFile, OSError):
        return None
    return None


def parse_metadata(raw: bytes) -> dict[str, Any]:
    """The JSON API's view of core metadata (lower-case, underscore names)."""
    message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw)
    single = {
        "summary": "Summary", "author": "Author", "author_email": "Author-email",
        "license": "License", "license_expression": "License-Expression",
        "home_page": "Home-page", "keywords": "Keywords", "maintainer": "Maintainer",
        "maintainer_email": "Maintainer-email", "requires_python": "Requires-Python",
        "description_content_type": "Description-Content-Type", "download_url": "Download-URL",
        "platform": "Platform",
    }  # fmt: skip
    meta: dict[str, Any] = {key: message.get(header) for key, header in single.items()}
    meta["requires_dist"] = message.get_all("Requires-Dist") or []
    meta["classifiers"] = message.get_all("Classifier") or []
    meta["provides_extra"] = message.get_all("Provides-Extra") or []
    meta["dynamic"] = message.get_all("Dynamic") or []
    meta["license_files"] = message.get_all("License-File") or []
    urls = {}
    for item in message.get_all("Project-URL") or []:
        label, _, url = item.partition(",")
        urls[label.strip()] = url.strip()
    meta["project_urls"] = urls
    body = message.get_payload()
    meta["description"] = message.get("Description") or (body if isinstance(body, str) else None)
    return meta


class SharingService:
    def __init__(
        self,
        catalog: Catalog,
        store: SharingStore,
        blobs: BlobStore,
        external: ExternalIndex | None = None,
        dispatcher: EventDispatcher | None = None,
        open_unit: Callable[[], AbstractContextManager[Unit]] | None = None,
    ) -> None:
        self.catalog, self.store, self.blobs = catalog, store, blobs
        self.external, self.dispatcher, self.open_unit = external, dispatcher, open_unit
        self._graph: dict[str, list[str]] | None = None  # read once per unit of work
        self._externals: dict[str, tuple[str, int]] | None = None

    def graph(self) -> dict[str, list[str]]:
        if self._graph is None:
            self._graph = self.store.upstream_graph()
        return self._graph

    def externals(self) -> dict[str, tuple[str, int]]:
        if self._externals is None:
            self._externals = self.store.externals() if self.external is not None else {}
        return self._externals

    # helpers ---------------------------------------------------------------------------
    def _require_repo(self, name: str) -> None:
        if self.catalog.get_repository(name) is None:
            raise NotFound(
                f"repository {name!r} does not exist: create it with 'registry repo create {name}'"
            )

    def _audit(
        self, action: str, repository: str | None, actor: Actor, subject: str, **details: Any
    ) -> None:
        self.catalog.record_event(AuditEvent(action, repository, actor, subject, details), _now())

    def emit(self, event: Event) -> None:
        """Queue webhook deliveries for an event (after the change committed)."""
        if self.dispatcher is None:
            return
        hooks = self.store.webhooks(event.repository)
        if hooks:
            self.dispatcher.dispatch(event, hooks)

    def control(self, repository: str, normalized: str) -> OriginControl:
        return self.store.origin_control(repository, normalized) or DEFAULT_CONTROL

    # upstreams and external connection -------------------------------------------------
    def add_upstream(self, repository: str, upstream: str, actor: Actor) -> list[str]:
        self._require_repo(repository)
        self._require_repo(upstream)
        before = self.store.upstreams(repository)
        check_new_upstream(self.store.upstream_graph(), repository, upstream)
        self.store.add_upstream(repository, upstream)
        self._graph = None
        after = self.store.upstreams(repository)
        self._audit(
            "repository.upstream.add", repository, actor, upstream, before=before, after=after
        )
        self.catalog.commit()
        return after

    def remove_upstream(self, repository: str, upstream: str, actor: Actor) -> list[str]:
        self._require_repo(repository)
        before = self.store.upstreams(repository)
        if not self.store.remove_upstream(repository, upstream):
            raise NotFound(f"{upstream!r} is not an upstream of {repository!r}")
        self._graph = None
        after = self.store.upstreams(repository)
        self._audit(
            "repository.upstream.remove", repository, actor, upstream, before=before, after=after
        )
        self.catalog.commit()
        return after

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

    # origin controls -------------------------------------------------------------------
    def set_origin(
        self,
        repository: str,
        project: str,
        actor: Actor,
        publish: Permission | None = None,
        upstream: Permission | None = None,
    ) -> OriginControl:
        self._require_repo(repository)
        normalized = canonicalize_name(project)
        if too_long := limits.problem(limits.PROJECT_NAME, normalized):
            raise InvalidArgument(too_long)  # before PostgreSQL refuses it as a 500
        before = self.control(repository, normalized)
        after = OriginControl(publish or before.publish, upstream or before.upstream)
        self.store.set_origin_control(repository, normalized, after)
        self._audit(
            "package.origin.set",
            repository,
            actor,
            normalized,
            before=before.as_dict(),
            after=after.as_dict(),
        )
        self.catalog.commit()
        return after

    def check_publish(self, repository: str, project: str) -> None:
        """Refuse a direct publish blocked by origin controls (call before publishing)."""
        normalized = canonicalize_name(project)
        check_publish_allowed(
            repository, normalized, self.store.origin_control(repository, normalized)
        )

    def after_publish(self, record: FileRecord, created: bool) -> None:
        """Fix origin controls on first publish and notify webhooks (call after commit)."""
        if not created:
            return
        if self.store.origin_control(record.repository, record.normalized) is None:
            # First direct arrival (or the first since sharing was enabled): block upstreams.
            self.store.set_origin_control(
                record.repository, record.normalized, control_after_publish(None)
            )
            self.catalog.commit()
        self.emit(
            Event(
                events.VERSION_PUBLISHED,
                record.repository,
                record.normalized,
                record.version,
                {"files": [_event_file(record)]},
            )
        )

    # resolution ------------------------------------------------------------------------
    def sources(self, repository: str, normalized: str) -> list[Source]:
        return resolution_sources(
            repository,
            self.graph(),
            self.externals().__contains__,
            lambda name: self.control(name, normalized),
        )

    def resolve_project(self, repository: str, normalized: str) -> SharedProject:
        """The merged file list for a project; raises NotFound or RemoteUnavailable."""
        layers: list[tuple[str, list[FileRecord]]] = []
        stale_reasons: list[str] = []
        failures: list[str] = []
        externals = self.externals()
        for source in self.sources(repository, normalized):
            if not source.external:
                files = self.catalog.project_files(source.repository, normalized)
                served = [s for f in files if (s := _served(f)) is not None]
                layers.append((source.repository, served))
                continue
            url, ttl = externals[source.repository]
            assert self.external is not None
            try:
                result = self.external.project_page(url, normalized, ttl=ttl)
            except RemoteUnavailable as exc:
                failures.append(exc.reason)
                continue
            if result.stale and result.reason:
                stale_reasons.append(result.reason)
            if result.page is None:
                continue
            remote_files = [
                r
                for f in result.page.files
                if (r := remote_as_record(source.repository, normalized, f)) is not None
            ]
            layers.append((f"{source.repository} (external)", remote_files))
        merged = merge_nearest(layers, key=lambda f: f.filename)
        if not merged:
            if failures:
                raise RemoteUnavailable(
                    f"project {normalized!r} is not in {repository!r} or its upstreams, and the "
                    f"external connection failed: {failures[0]}"
                )
            self._require_repo(repository)
            raise NotFound(f"project {normalized!r} does not exist in repository {repository!r}")
        reasons = stale_reasons + failures
        return SharedProject(
            repository=repository,
            normalized=normalized,
            files=[record for _source, record in merged],
            stale=bool(reasons),
            stale_reason="; ".join(reasons) or None,
            sources={record.filename: source for source, record in merged},
        )

    def list_project_names(self, repository: str) -> list[str]:
        """Projects of the repository and its upstream chain (external indexes are not listed)."""
        self._require_repo(repository)
        names: dict[str, str] = {}
        order = resolution_sources(
            repository, self.graph(), lambda _n: False, lambda _n: DEFAULT_CONTROL
        )
        for source in order:
            for project in self.catalog.list_projects(source.repository):
                names.setdefault(project.normalized, project.name)
        return sorted(names.values(), key=str.lower)

    def find_served_file(self, repository: str, sha256: str, filename: str) -> FileRecord:
        """A file ``repository`` may serve: its own, an upstream's, or downloaded now from an
        external connection (verified and stored first)."""
        own = self.catalog.find_file(repository, filename)
        if own is not None and own.sha256 == sha256:  # the common case: one query
            return _servable(own, repository)
        try:
            dist = parse_dist_filename(filename)
        except BadFilename:
            raise NotFound(f"{filename!r} is not a distribution file") from None
        sources = self.sources(repository, dist.name)
        for source in sources:
            if source.external or source.repository == repository:
                continue
            record = self.catalog.find_file(source.repository, filename)
            if record is not None and record.sha256 == sha256:
                return _servable(record, source.repository)
        externals = self.externals()
        failures: list[str] = []
        for source in sources:
            if not source.external or self.external is None:
                continue
            url, ttl = externals[source.repository]
            try:
                page = self.external.project_page(url, dist.name, ttl=ttl).page
            except RemoteUnavailable as exc:
                failures.append(exc.reason)
                continue
            remote = page.file(filename) if page is not None else None
            if remote is None or remote.sha256 != sha256:
                continue
            try:
                return self._materialize(source.repository, dist.name, remote)
            except RemoteIntegrityError:
                raise
            except RemoteUnavailable as exc:
                raise RemoteUnavailable(
                    f"{filename} is not cached here and could not be downloaded from the "
                    f"external index: {exc.reason}"
                ) from None
        if failures:
            raise RemoteUnavailable(f"{filename} is not cached here and {failures[0]}")
        self._require_repo(repository)
        raise NotFound(f"file {filename!r} with sha256 {sha256} is not in {repository!r}")

    def remote_file(self, repository: str, filename: str) -> RemoteFile | None:
        """The remote record behind a not-yet-stored external file, for metadata relay."""
        dist = parse_dist_filename(filename)
        externals = self.externals()
        for source in self.sources(repository, dist.name):
            if source.external and self.external is not None:
                url, ttl = externals[source.repository]
                page = self.external.project_page(url, dist.name, ttl=ttl).page
                remote = page.file(filename) if page is not None else None
                if remote is not None:
                    return remote
        return None

    def _materialize(self, repository: str, normalized: str, remote: RemoteFile) -> FileRecord:
        assert self.external is not None
        if self.open_unit is None:
            raise RuntimeError("external downloads need open_unit")
        sink = _ExternalSink(self.open_unit, self.blobs, repository, normalized)
        record = self.external.fetch_file(remote, sink)
        # The sink committed in its own unit; end this unit's read snapshot (SQLite WAL keeps
        # one per transaction) so what follows in this request sees the stored file.
        self.catalog.commit()
        return record

    # promotion and lifecycle -----------------------------------------------------------
    def _release_files(self, repository: str, normalized: str, version: str) -> list[FileRecord]:
        files = [
            f
            for f in self.catalog.project_files(repository, normalized)
            if _version_matches(f.version, version)
        ]
        if not files:
            raise NotFound(f"{normalized} {version} is not in repository {repository!r}")
        return files

    def copy_versions(
        self, source: str, target: str, project: str, versions: Sequence[str], actor: Actor
    ) -> list[FileRecord]:
        """Copy releases' files (same bytes, same metadata, no re-upload) into ``target``."""
        self._require_repo(source)
        self._require_repo(target)
        if source == target:
            raise InvalidArgument("copy needs two different repositories")
        if not versions:
            raise InvalidArgument("name at least one version to copy")
        normalized = canonicalize_name(project)
        target_control = self.store.origin_control(target, normalized)
        check_publish_allowed(target, normalized, target_control)
        plan: list[FileRecord] = []
        for version in versions:
            _check_version(version)
            files = self._release_files(source, normalized, version)
            for record in files:
                if record.status == ReleaseStatus.DISPOSED:
                    raise InvalidArgument(
                        f"{normalized} {version} is disposed in {source!r}: its files are gone"
                    )
                existing = self.catalog.find_file(target, record.filename)
                if existing is not None and existing.sha256 != record.sha256:
                    raise FileConflict(
                        f"File already exists: {record.filename} is in {target!r} with other "
                        f"content (sha256 {existing.sha256}); copy never overwrites"
                    )
                if existing is None:
                    if not self.blobs.exists(record.blob_key):
                        raise NotFound(f"the bytes of {record.filename} are missing in storage")
                    plan.append(record)
        copied = []
        for record in plan:  # nothing written until every check passed
            new = NewFile(
                project_name=record.project_name,
                version=record.version,
                filename=record.filename,
                kind=record.kind,
                sha256=record.sha256,
                blake2_256=record.blake2_256,
                md5=record.md5,
                size=record.size,
                requires_python=record.requires_python,
                summary=None,
                blob_key=record.blob_key,
                metadata_sha256=record.metadata_sha256,
                metadata_blob_key=record.metadata_blob_key,
            )
            copied.append(self.catalog.add_file(target, new))
            self.store.set_file_origin(target, record.filename, "copy")
        if copied and target_control is None:
            self.store.set_origin_control(target, normalized, control_after_publish(None))
        self._audit(
            "release.copy",
            target,
            actor,
            f"{normalized} {' '.join(versions)}",
            source=source,
            target=target,
            files=[f.filename for f in copied],
        )
        self.catalog.commit()
        for version in versions:
            files = [f for f in copied if _version_matches(f.version, version)]
            if files:
                self.emit(
                    Event(
                        events.VERSION_COPIED,
                        target,
                        normalized,
                        files[0].version,
                        {"source": source, "files": [_event_file(f) for f in files]},
                    )
                )
        return copied

    def set_status(
        self, repository: str, project: str, version: str, status: str, actor: Actor
    ) -> str:
        """Change a release's status; ``disposed`` deletes its bytes but keeps names and
        hashes, so the filenames can never be reused with other bytes."""
        self._require_repo(repository)
        _check_version(version)
        try:
            wanted = ReleaseStatus(status)
        except ValueError:
            choices = ", ".join(s.value for s in ReleaseStatus)
            raise InvalidArgument(f"status must be one of {choices}, not {status!r}") from None
        normalized = canonicalize_name(project)
        files = self._release_files(repository, normalized, version)
        before = files[0].status
        if before == ReleaseStatus.DISPOSED and wanted != ReleaseStatus.DISPOSED:
            raise InvalidArgument(
                f"{normalized} {version} is disposed: its files are deleted and it cannot "
                "change status again"
            )
        self.store.set_release_status(repository, normalized, files[0].version, wanted.value)
        self._audit(
            "release.status",
            repository,
            actor,
            f"{normalized} {version}",
            before=before.value,
            after=wanted.value,
        )
        self.catalog.commit()
        if wanted == ReleaseStatus.DISPOSED:
            self._delete_unused_blobs(files)
        if before != wanted:
            self.emit(
                Event(
                    events.VERSION_STATUS_CHANGED,
                    repository,
                    normalized,
                    files[0].version,
                    {"before": before.value, "after": wanted.value},
                )
            )
        return wanted.value

    def delete_release(self, repository: str, project: str, version: str, actor: Actor) -> int:
        """Remove a release, its files and (when nothing else uses them) their bytes."""
        self._require_repo(repository)
        _check_version(version)
        normalized = canonicalize_name(project)
        files = self._release_files(repository, normalized, version)
        count = self.store.delete_release(repository, normalized, files[0].version)
        self._audit(
            "release.delete",
            repository,
            actor,
            f"{normalized} {version}",
            before={
                "status": files[0].status.value,
                "files": {f.filename: f.sha256 for f in files},
            },
            after=None,
        )
        self.catalog.commit()
        self._delete_unused_blobs(files)
        self.emit(Event(events.VERSION_DELETED, repository, normalized, files[0].version, {}))
        return count

    def _delete_unused_blobs(self, files: Sequence[FileRecord]) -> None:
        # After the commit: a crash here leaves an orphan blob (harmless), never a dangling row.
        for record in files:
            for key in (record.blob_key, record.metadata_blob_key):
                if key and not self.store.blob_in_use(key) and self.blobs.exists(key):
                    self.blobs.delete(key)

    # webhooks --------------------------------------------------------------------------
    def add_webhook(self, repository: str, url: str, secret: str, actor: Actor) -> Webhook:
        self._require_repo(repository)
        if urlsplit(url).scheme not in ("http", "https"):
            raise InvalidArgument(f"webhook URL must be http(s), not {url!r}")
        if len(secret) < 16:
            raise InvalidArgument("a webhook secret needs at least 16 characters")
        hook = self.store.add_webhook(repository, url, secret)
        self._audit("webhook.create", repository, actor, f"webhook {hook.id}", after={"url": url})
        self.catalog.commit()
        return hook

    def remove_webhook(self, repository: str, webhook_id: int, actor: Actor) -> None:
        self._require_repo(repository)
        if not self.store.remove_webhook(repository, webhook_id):
            raise NotFound(f"webhook {webhook_id} does not exist in {repository!r}")
        self._audit("webhook.delete", repository, actor, f"webhook {webhook_id}")
        self.catalog.commit()

    # PyPI JSON API ---------------------------------------------------------------------
    def pypi_json(
        self,
        repository: str,
        project: str,
        file_url: Callable[[FileRecord], str],
        project_url: str,
        version: str | None = None,
    ) -> dict[str, Any]:
        normalized = canonicalize_name(project)
        shared = self.resolve_project(repository, normalized)
        by_version: dict[str, list[FileRecord]] = {}
        for record in shared.files:
            if record.status == ReleaseStatus.PUBLISHED:  # unlisted ones are not listed here
                by_version.setdefault(canonicalize_version(record.version), []).append(record)
        if version is not None and canonicalize_version(version) not in by_version:
            # An unlisted release is still reachable by its exact version.
            unlisted = [f for f in shared.files if _version_matches(f.version, version)]
            if unlisted:
                by_version[canonicalize_version(version)] = unlisted
        if not by_version:
            raise NotFound(f"project {normalized!r} has no listed releases in {repository!r}")
        releases = []
        name = normalized
        for records in by_version.values():
            name = records[0].project_name
            yanked = all(r.yanked for r in records)
            releases.append(
                JsonRelease(
                    version=records[0].version,
                    files=[_json_file(r, file_url) for r in records],
                    metadata=self._metadata_for(records),
                    yanked=yanked,
                    yanked_reason=records[0].yanked_reason if yanked else None,
                )
            )
        serial = max((r.id for r in shared.files), default=0)
        return project_json(name, releases, project_url, version=version, last_serial=serial)

    def _metadata_for(self, records: Sequence[FileRecord]) -> dict[str, Any]:
        for record in records:
            if record.metadata_blob_key and self.blobs.exists(record.metadata_blob_key):
                return parse_metadata(self.blobs.get(record.metadata_blob_key))
        first = records[0]
        return {"requires_python": first.requires_python}


def _event_file(record: FileRecord) -> dict[str, Any]:
    return {"filename": record.filename, "sha256": record.sha256, "size": record.size}


def _json_file(record: FileRecord, file_url: Callable[[FileRecord], str]) -> JsonFile:
    return JsonFile(
        filename=record.filename,
        url=file_url(record),
        size=record.size,
        sha256=record.sha256,
        upload_time=record.upload_time,
        requires_python=record.requires_python,
        blake2b_256=record.blake2_256 or None,
        md5=record.md5 or None,
        yanked=record.yanked,
        yanked_reason=record.yanked_reason,
    )


class _ExternalSink:
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
                _now(),
            )
            catalog.commit()
            stored = catalog.find_file(self.repository, remote.filename)
        assert stored is not None
        return stored
