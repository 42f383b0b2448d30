"""What a repository serves: the seam where upstreams and external connections will merge in."""

from __future__ import annotations

from dataclasses import dataclass

from registry.core.errors import NotFound
from registry.core.model import FileRecord, ReleaseStatus
from registry.core.ports import Catalog

_LISTED = {ReleaseStatus.PUBLISHED}


@dataclass(frozen=True)
class ResolvedProject:
    repository: str
    normalized: str
    files: list[FileRecord]


def list_project_names(catalog: Catalog, repository: str) -> list[str]:
    return [p.name for p in catalog.list_projects(repository)]


def resolve_project(catalog: Catalog, repository: str, normalized: str) -> ResolvedProject:
    """The files *repository* lists for a project (today: its own published files)."""
    if catalog.get_project(repository, normalized) is None:
        raise NotFound(f"project {normalized!r} does not exist in repository {repository!r}")
    files = [f for f in catalog.project_files(repository, normalized) if f.status in _LISTED]
    return ResolvedProject(repository, normalized, files)


def find_served_file(catalog: Catalog, repository: str, sha256: str, filename: str) -> FileRecord:
    record = catalog.find_file(repository, filename)
    if record is None or record.sha256 != sha256:
        raise NotFound(f"file {filename!r} with sha256 {sha256} is not in {repository!r}")
    if record.status == ReleaseStatus.DISPOSED:
        raise NotFound(f"file {filename!r} has been disposed of")
    return record
