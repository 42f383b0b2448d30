"""Upstream resolution: a repository's upstream chain (add, remove) and the merged view
of a project over it — simple pages, project lists, and the file a download asks for
(downloaded from the external connection, verified and stored, when only it has it)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from registry.core.errors import NotFound
from registry.core.filenames import BadFilename, parse_dist_filename
from registry.core.model import Actor, FileRecord, ReleaseStatus
from registry.core.remote_index import RemoteFile
from registry.core.upstreams import (
    DEFAULT_CONTROL,
    Source,
    check_new_upstream,
    merge_nearest,
    resolution_sources,
)
from registry.services.attestations import Attestations
from registry.services.external import (
    RemoteIntegrityError,
    RemoteUnavailable,
    StreamedDownload,
)
from registry.services.external_connection import ExternalSink, remote_as_record

STALE_HEADER = "X-Registry-Stale"
UNLISTED_REASON = "unlisted: install by exact version pin"


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


@dataclass(frozen=True)
class StreamedFile:
    """A file being downloaded from an external index for this request (see
    ``ExternalIndex.stream_file``): its bytes arrive as the client reads them."""

    filename: str
    sha256: str
    size: int | None  # None: the index did not say (HTML pages); sent chunked then
    download: StreamedDownload[FileRecord]


class UpstreamResolution(Attestations):
    """Upstream chains: their configuration, and what a repository serves through them
    (its own files, its upstreams', and its external connection's, nearest first)."""

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
        # Under a review policy the repository lists its own files (they met the policy on
        # arrival) and only those upstream/external files whose sha256 meets it.
        policy = self.review_policy(repository)
        for source in self.sources(repository, normalized):
            if not source.external:
                files = self.catalog.project_files(source.repository, normalized)
                served = [s for f in files if (s := _served(f)) is not None]
                if policy is not None and source.repository != repository:
                    served = self.compliant(policy, served)
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
            if policy is not None:
                remote_files = self.compliant(policy, remote_files)
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
        found = self._find_served_file(repository, sha256, filename, stream=False)
        assert not isinstance(found, StreamedFile)
        return found

    def find_or_stream_file(
        self, repository: str, sha256: str, filename: str
    ) -> FileRecord | StreamedFile:
        """As ``find_served_file``, but a file still only on an external index comes back as
        a download to stream to the client while it is verified and stored."""
        return self._find_served_file(repository, sha256, filename, stream=True)

    def _find_served_file(
        self, repository: str, sha256: str, filename: str, stream: bool
    ) -> FileRecord | StreamedFile:
        own = self.catalog.find_file(repository, filename)
        if own is not None and own.sha256 == sha256:  # the common case: one query
            return _servable(own, repository)
        try:
            dist = parse_dist_filename(filename)
        except BadFilename:
            raise NotFound(f"{filename!r} is not a distribution file") from None
        sources = self.sources(repository, dist.name)
        refusal = self.upstream_file_refusal(repository, sha256, filename)
        if refusal and len(sources) > 1:
            raise NotFound(refusal)  # served from no upstream: the index does not list it
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
                return self._materialize(source.repository, dist.name, remote, stream)
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

    def _materialize(
        self, repository: str, normalized: str, remote: RemoteFile, stream: bool = False
    ) -> FileRecord | StreamedFile:
        assert self.external is not None
        if self.open_unit is None:
            raise RuntimeError("external downloads need open_unit")
        sink = ExternalSink(self.open_unit, self.blobs, repository, normalized)
        if stream:
            found = self.external.stream_file(remote, sink)
            if isinstance(found, StreamedDownload):
                return StreamedFile(remote.filename, remote.sha256, remote.size, found)
            record = found
        else:
            record = self.external.fetch_file(remote, sink)
        # The sink committed in its own unit; end this unit's read snapshot (SQLite WAL keeps
        # one per transaction) so what follows in this request sees the stored file.
        self.catalog.commit()
        return record
