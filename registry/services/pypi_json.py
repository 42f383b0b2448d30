"""The PyPI JSON API (``/pypi/<project>/json``) as a use case: releases, files and core
metadata of what a repository serves (unlisted releases only by exact version)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from packaging.utils import canonicalize_name, canonicalize_version

from registry.core.errors import NotFound
from registry.core.model import FileRecord, ReleaseStatus
from registry.core.pypi_json import JsonFile, JsonRelease, project_json
from registry.services.core_metadata import parse_metadata
from registry.services.sharing_base import version_matches
from registry.services.upstream_resolution import UpstreamResolution


class PypiJsonView(UpstreamResolution):
    """The PyPI JSON API's document, over the same merged view as the simple pages."""

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
            unlisted = [f for f in shared.files if version_matches(f.version, version)]
            if unlisted:
                by_version[canonicalize_version(version)] = unlisted
        if not by_version:
            raise NotFound(f"project {normalized!r} has no listed releases in {repository!r}")
        releases = []
        name = normalized
        summaries = self.attestation_summaries(
            r.sha256 for records in by_version.values() for r in records
        )
        for records in by_version.values():
            name = records[0].project_name
            yanked = all(r.yanked for r in records)
            releases.append(
                JsonRelease(
                    version=records[0].version,
                    files=[_json_file(r, file_url, summaries) for r in records],
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


def _json_file(
    record: FileRecord,
    file_url: Callable[[FileRecord], str],
    summaries: dict[str, dict[str, object]],
) -> JsonFile:
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
        attestations=summaries.get(record.sha256, {"count": 0, "latest_verdict": None}),
    )
