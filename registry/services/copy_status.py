"""Copy and status: promoting releases to another repository (same bytes), their
lifecycle statuses (published, unlisted, archived, disposed), and deletion."""

from __future__ import annotations

from collections.abc import Sequence

from packaging.utils import canonicalize_name

from registry.core.errors import FileConflict, InvalidArgument, NotFound
from registry.core.model import Actor, FileRecord, NewFile, ReleaseStatus
from registry.core.upstreams import check_publish_allowed, control_after_publish
from registry.services import events
from registry.services.attestations import Attestations
from registry.services.events import Event
from registry.services.sharing_base import check_version, event_file, version_matches


class CopyAndStatus(Attestations):
    """Moving releases between repositories and through their lifecycle."""

    def _release_files(self, repository: str, normalized: str, version: str) -> list[FileRecord]:
        files = [
            f
            for f in self.catalog.project_files(repository, normalized)
            if version_matches(f.version, version)
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
            check_version(version)
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
        # The target's review policy: every arriving file needs a satisfying attestation;
        # one refusal refuses the whole copy (each decision audited).
        self.enforce_review_policy(
            target, [(r.filename, r.sha256) for r in plan], actor, f"copy from {source}"
        )
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
            files = [f for f in copied if version_matches(f.version, version)]
            if files:
                self.emit(
                    Event(
                        events.VERSION_COPIED,
                        target,
                        normalized,
                        files[0].version,
                        {"source": source, "files": [event_file(f) for f in files]},
                    )
                )
        return copied

    def set_status(
        self, repository: str, project: str, version: str, status: str, actor: Actor
    ) -> str:
        """Change a release's status; ``disposed`` deletes its bytes but keeps names and
        hashes, so the filenames can never be reused with other bytes."""
        self._require_repo(repository)
        check_version(version)
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
        check_version(version)
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
