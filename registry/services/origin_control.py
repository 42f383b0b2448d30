"""Origin control: whether a package may be published directly and whether upstreams may
supply it; set by an admin, and fixed on a first publish."""

from __future__ import annotations

from packaging.utils import canonicalize_name

from registry.core import limits
from registry.core.errors import InvalidArgument
from registry.core.model import Actor, FileRecord
from registry.core.upstreams import (
    OriginControl,
    Permission,
    check_publish_allowed,
    control_after_publish,
)
from registry.services import events
from registry.services.events import Event
from registry.services.sharing_base import SharingBase, event_file


class OriginControls(SharingBase):
    """Per-package origin controls: may it be published here, may upstreams supply it."""

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
                {"files": [event_file(record)]},
            )
        )
