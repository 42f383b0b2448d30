"""The sharing helpers every blueprint imports (blueprints never import each other), and
their wiring into the app.

``install(app)`` builds the external-connection client (page cache in the database, a file
lock per download shared by all gunicorn workers), the webhook dispatcher, the 502 mapping
for an unreachable remote and the stale-page header; ``create_app`` registers the
blueprints.

The views import ``resolve_project``, ``list_project_names``, ``find_served_file``,
``publish_file`` and ``service_for`` from here instead of from the services: the same
signatures, adding upstream chains, the external connection, origin controls, lifecycle
statuses and webhook events, on the request's catalog.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy.orm import Session, sessionmaker

from registry.core.attestations import SignatureVerifier
from registry.core.errors import NotFound
from registry.core.filenames import BadFilename, parse_dist_filename
from registry.core.model import Actor, FileRecord, blob_key
from registry.core.ports import BlobStore, Catalog
from registry.core.upload import UploadForm
from registry.db.attestations import SqlAttestations
from registry.db.catalog import SqlCatalog
from registry.db.page_cache import SqlPageCache
from registry.db.sharing import SqlSharing
from registry.db.webhook_deliveries import SqlDeliveryRecorder
from registry.services import publish as publish_service
from registry.services.attestation_keys import Ed25519Keyring
from registry.services.events import EventDispatcher, RequestsSender
from registry.services.external import (
    ExternalIndex,
    FileKeyedLock,
    RemoteUnavailable,
    RequestsHttpClient,
)
from registry.services.external_connection import remote_as_record
from registry.services.sharing import SharingService
from registry.services.sharing_base import Unit
from registry.services.upstream_resolution import STALE_HEADER, SharedProject, StreamedFile
from registry.web.errors import text_response

EXTENSION = "codeyard.registry.sharing"
METADATA_SUFFIX = ".metadata"
CACHE_HEADER = "X-Registry-Cache"


@dataclass
class SharingRuntime:
    sessions: sessionmaker[Session]
    blobs: BlobStore
    external: ExternalIndex
    dispatcher: EventDispatcher
    verifier: SignatureVerifier  # the reviewer's public keys (REGISTRY_ATTESTATION_KEYS)


def sharing_runtime() -> SharingRuntime:
    return current_app.extensions[EXTENSION]


@contextlib.contextmanager
def _unit(sessions: sessionmaker[Session]) -> Iterator[Unit]:
    session = sessions()
    try:
        yield SqlCatalog(session), SqlSharing(session)
    finally:
        session.close()


def service_for(catalog: Catalog) -> SharingService:
    """The sharing use cases on the request's catalog (same session, same transaction)."""
    rt = sharing_runtime()
    session = catalog.session  # type: ignore[attr-defined]
    return SharingService(
        catalog,
        SqlSharing(session),
        rt.blobs,
        external=rt.external,
        dispatcher=rt.dispatcher,
        open_unit=lambda: _unit(rt.sessions),
        attestations=SqlAttestations(session),
        verifier=rt.verifier,
    )


# --- drop-in replacements for registry.services.resolve / publish ------------------------


def resolve_project(catalog: Catalog, repository: str, normalized: str) -> SharedProject:
    shared = service_for(catalog).resolve_project(repository, normalized)
    if shared.stale and has_request_context():
        g.registry_stale_reason = shared.stale_reason or "the external index is unreachable"
    # Every file is served under the requested repository's URLs (its token may not read
    # the upstream it comes from); find_served_file walks the same chain to serve it.
    return replace(shared, files=[replace(f, repository=repository) for f in shared.files])


def list_project_names(catalog: Catalog, repository: str) -> list[str]:
    return service_for(catalog).list_project_names(repository)


def find_served_file(catalog: Catalog, repository: str, sha256: str, filename: str) -> FileRecord:
    found = find_or_stream_file(catalog, repository, sha256, filename, stream=False)
    assert not isinstance(found, StreamedFile)
    return found


def find_or_stream_file(
    catalog: Catalog, repository: str, sha256: str, filename: str, stream: bool = True
) -> FileRecord | StreamedFile:
    """The stored file, or (``stream``) a file still only on an external index, on its way."""
    service = service_for(catalog)
    if filename.endswith(METADATA_SUFFIX):
        raise NotFound(f"{filename!r} is not a distribution file")
    # Relaying only concerns external connections: without any, skip its lookups.
    if has_request_context() and request.path.endswith(METADATA_SUFFIX) and service.externals():
        relayed = _relay_metadata(service, catalog, repository, sha256, filename)
        if relayed is not None:
            return relayed
    if stream:
        found = service.find_or_stream_file(repository, sha256, filename)
        if isinstance(found, StreamedFile):
            return found
        record = found
    else:
        record = service.find_served_file(repository, sha256, filename)
    if has_request_context() and record.blob_key and record.origin == "external":
        g.registry_cache_hit = True
    return record


def _relay_metadata(
    service: SharingService, catalog: Catalog, repository: str, sha256: str, filename: str
) -> FileRecord | None:
    """For a wheel still only on the external index: the remote's ``.metadata``, verified
    and kept, without downloading the wheel (PEP 658 relay)."""
    try:
        dist = parse_dist_filename(filename)
    except BadFilename:
        return None
    for source in service.sources(repository, dist.name):
        if not source.external:
            record = catalog.find_file(source.repository, filename)
            if record is not None:
                return None  # stored: served from our own copy
    for source in service.sources(repository, dist.name):
        if source.external and catalog.find_file(source.repository, filename) is not None:
            return None
    remote = service.remote_file(repository, filename)
    if remote is None or remote.sha256 != sha256 or remote.core_metadata is False:
        return None
    if service.upstream_file_refusal(repository, sha256, filename):
        return None  # not served under the review policy: find_served_file says why
    rt = sharing_runtime()
    raw = rt.external.fetch_metadata(remote)
    digest = hashlib.sha256(raw).hexdigest()
    key = blob_key(digest)
    if not rt.blobs.exists(key):
        rt.blobs.put(key, io.BytesIO(raw))
    record = remote_as_record(repository, dist.name, remote)
    if record is None:
        return None
    return replace(record, metadata_sha256=digest, metadata_blob_key=key)


def publish_file(
    catalog: Catalog,
    blobs: BlobStore,
    repository: str,
    form: UploadForm,
    content: BinaryIO,
    limits: publish_service.UploadLimits,
    actor: Actor,
) -> publish_service.PublishOutcome:
    """The core publish, refused first when origin controls block it, then fixing origin
    controls on a first publish and notifying webhooks."""
    service = service_for(catalog)
    project = form.first("name")
    with contextlib.suppress(BadFilename):
        project = parse_dist_filename(form.filename).name
    if project:
        service.check_publish(repository, project)

    def review_check(filename: str, sha256: str) -> None:
        service.enforce_review_policy(repository, [(filename, sha256)], actor, "publish")

    outcome = publish_service.publish_file(
        catalog, blobs, repository, form, content, limits, actor, review_check=review_check
    )
    service.after_publish(outcome.file, outcome.created)
    return outcome


# --- app wiring --------------------------------------------------------------------------


def _remote_unavailable(exc: RemoteUnavailable) -> Response:
    return text_response(502, f"Bad Gateway: {exc.reason}")


def _stale_header(response: Response) -> Response:
    if g.pop("registry_cache_hit", False):
        # A file from the external index, served from this registry's own verified copy
        # (also while the remote is down).
        response.headers[CACHE_HEADER] = "HIT"
    reason = g.pop("registry_stale_reason", None)
    if reason:
        response.headers[STALE_HEADER] = "true"
        response.headers["Warning"] = '110 - "Response is Stale"'
        response.headers[STALE_HEADER + "-Reason"] = (
            " ".join(reason.split())[:500].encode("latin-1", "replace").decode("latin-1")
        )
    return response


def install(app: Flask) -> None:
    from registry.web.runtime import EXTENSION as CORE_EXTENSION

    core = app.extensions[CORE_EXTENSION]
    settings = core.settings
    settings.tmp_dir.mkdir(parents=True, exist_ok=True)
    external = ExternalIndex(
        RequestsHttpClient(),
        SqlPageCache(core.sessions),
        FileKeyedLock(settings.data_dir / "locks"),
        tmp_dir=settings.tmp_dir,
        max_file_bytes=max(settings.max_upload_bytes, 1 << 30),
    )
    dispatcher = EventDispatcher(RequestsSender(), SqlDeliveryRecorder(core.sessions))
    verifier = Ed25519Keyring.from_files(settings.attestation_keys)
    app.extensions[EXTENSION] = SharingRuntime(
        core.sessions, core.blobs, external, dispatcher, verifier
    )
    app.register_error_handler(RemoteUnavailable, _remote_unavailable)
    app.after_request(_stale_header)
