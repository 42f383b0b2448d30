"""What the sharing use cases share: the SharingStore port, the unit of work, and the
base class holding the catalog, the store, the blob store, the external index and the
webhook dispatcher (one instance per unit of work).

The external-connection download runs in a *fresh* unit (``open_unit``), so that workers
waiting on the single-flight lock see the row the winner committed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

from packaging.utils import canonicalize_version
from packaging.version import InvalidVersion, Version

from registry.core.attestations import SignatureVerifier
from registry.core.errors import InvalidArgument, NotFound
from registry.core.model import Actor, AuditEvent, FileRecord
from registry.core.ports import BlobStore, Catalog
from registry.core.upstreams import DEFAULT_CONTROL, OriginControl
from registry.services.events import Event, EventDispatcher, Webhook
from registry.services.external import ExternalIndex


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


def utc_now() -> datetime:
    return datetime.now(UTC)


def version_matches(record_version: str, wanted: str) -> bool:
    return canonicalize_version(record_version) == canonicalize_version(wanted)


def check_version(version: str) -> None:
    try:
        Version(version)
    except InvalidVersion:
        raise InvalidArgument(f"{version!r} is not a valid PEP 440 version") from None


def event_file(record: FileRecord) -> dict[str, Any]:
    return {"filename": record.filename, "sha256": record.sha256, "size": record.size}


class SharingBase:
    """One unit of work (the core Catalog plus a SharingStore on the same transaction)
    and what every sharing use case needs of it."""

    def __init__(
        self,
        catalog: Catalog,
        store: SharingStore,
        blobs: BlobStore,
        external: ExternalIndex | None = None,
        dispatcher: EventDispatcher | None = None,
        open_unit: Callable[[], AbstractContextManager[Unit]] | None = None,
        attestations: Any = None,
        verifier: SignatureVerifier | None = None,
    ) -> None:
        self.catalog, self.store, self.blobs = catalog, store, blobs
        self.external, self.dispatcher, self.open_unit = external, dispatcher, open_unit
        # Review attestations and policies (registry.services.attestations.AttestationStore;
        # typed loosely here because that module builds on this one). None: no policies.
        self.attestations = attestations
        self.verifier = verifier
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
        self.catalog.record_event(
            AuditEvent(action, repository, actor, subject, details), utc_now()
        )

    def emit(self, event: Event) -> None:
        """Queue webhook deliveries for an event (after the change committed)."""
        if self.dispatcher is None:
            return
        hooks = self.store.webhooks(event.repository)
        if hooks:
            self.dispatcher.dispatch(event, hooks)

    def control(self, repository: str, normalized: str) -> OriginControl:
        return self.store.origin_control(repository, normalized) or DEFAULT_CONTROL
