"""The legacy upload API (``POST R/`` and ``R/legacy/``) as twine and ``uv publish`` use it:
parse the multipart form here, validate in the core, publish in the service, answer here."""

from __future__ import annotations

import contextlib
import socket

from flask import Blueprint, Response, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import ClientDisconnected

from registry.core.archive import ArchiveLimits
from registry.core.errors import InvalidUpload, RegistryError, UploadStalled
from registry.core.model import Scope
from registry.core.upload import UploadForm
from registry.services.publish import UploadLimits
from registry.web.auth import require
from registry.web.errors import text_response
from registry.web.runtime import actor_for, catalog, runtime
from registry.web.sharing import publish_file

bp = Blueprint("upload", __name__)

_CONTROL_FIELDS = {
    ":action",
    "protocol_version",
    "content",
    "filetype",
    "pyversion",
    "sha256_digest",
    "blake2_256_digest",
    "md5_digest",
    "gpg_signature",
    "attestations",
    "comment",
}


@bp.post("/<repo>/", strict_slashes=False)
@bp.post("/<repo>/legacy/", strict_slashes=False)
def upload(repo: str) -> Response:
    settings = runtime().settings
    # The token and its permission come from the headers: refuse before reading a byte of
    # the body, so an anonymous client that stalls mid-body never holds a worker thread.
    try:
        _repository, token = require(repo, Scope.PUBLISH)
    except RegistryError:
        stop_reading_body()
        raise
    # End the token lookup's transaction before the (possibly slow) body read: on SQLite a
    # write transaction holds the database lock, and one slow client would block every other
    # upload behind it.
    catalog().rollback()
    # Long descriptions must not turn into 413s: raise werkzeug's limits for this view only.
    request.max_content_length = settings.max_upload_bytes + settings.max_form_bytes
    request.max_form_memory_size = settings.max_form_bytes
    form = read_form(settings.read_timeout_seconds)
    content = request.files.get("content")
    if content is None:
        raise InvalidUpload(["the 'content' file field is missing from the multipart form"])
    upload_form = UploadForm(
        action=form.get(":action"),
        protocol_version=form.get("protocol_version"),
        filename=content.filename or "",
        filetype=form.get("filetype"),
        sha256_digest=form.get("sha256_digest"),
        blake2_256_digest=form.get("blake2_256_digest"),
        md5_digest=form.get("md5_digest"),
        fields={k: form.getlist(k) for k in form if k not in _CONTROL_FIELDS},
    )
    limits = UploadLimits(
        settings.max_upload_bytes,
        ArchiveLimits(settings.max_uncompressed_bytes, settings.max_compression_ratio),
        quota_bytes=settings.quota_for(repo),
    )
    outcome = publish_file(
        catalog(), runtime().blobs, repo, upload_form, content.stream, limits, actor_for(token)
    )
    name = outcome.file.filename
    if outcome.created:
        return text_response(200, f"OK: {name} published to {repo}")
    return text_response(200, f"OK: {name} was already published with identical content")


# A refused body at most this large is read to its end before answering, so that closing the
# connection does not reset it (unread bytes make the kernel send RST, which can reach the
# client before it has read our 401/403 and turn a clear refusal into "connection reset").
DRAIN_BYTES = 256 * 1024
DRAIN_SECONDS = 2.0


def stop_reading_body() -> None:
    """After a refusal from the headers alone: the server would otherwise drain the unread
    body (gunicorn waits up to 5 s for it, then lingers 2 s closing) while a stalled client
    sends nothing, tying up a thread and the worker's event loop per connection. A small
    body is read to its end within DRAIN_SECONDS; for a larger one, shutting the read side
    makes those reads end at once."""
    sock = request.environ.get("gunicorn.socket")
    if not isinstance(sock, socket.socket):
        return
    length = request.content_length
    if length is not None and length <= DRAIN_BYTES:
        sock.settimeout(DRAIN_SECONDS)
        try:
            request.stream.read(length)
            return
        except (OSError, ClientDisconnected):
            pass  # a timeout or a disconnect: stop reading below
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)


def read_form(timeout_seconds: float) -> ImmutableMultiDict[str, str]:
    """Parse the multipart body, every socket read bounded by *timeout_seconds*: a client
    that stops sending gets 408 instead of holding this thread (gunicorn's own reads have
    no such bound). Under the in-process test client there is no socket to bound."""
    sock = request.environ.get("gunicorn.socket")
    if isinstance(sock, socket.socket):
        sock.settimeout(timeout_seconds)
    try:
        return request.form
    except (TimeoutError, ClientDisconnected) as exc:
        # werkzeug reports a failed read as ClientDisconnected; the timeout is its context.
        if not isinstance(exc, TimeoutError) and not isinstance(exc.__context__, TimeoutError):
            raise
        stop_reading_body()
        raise UploadStalled(
            f"Request Timeout: no part of the upload arrived for {timeout_seconds:g} s; "
            "nothing was stored (REGISTRY_READ_TIMEOUT)"
        ) from None
