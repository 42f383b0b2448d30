"""Distribution files and their core metadata at content-addressed, immutable URLs."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, Response, request
from werkzeug.wsgi import wrap_file

from registry.core.errors import NotFound
from registry.core.model import FileRecord, Repository, Scope
from registry.services.upstream_resolution import StreamedFile
from registry.web import hot_path
from registry.web.auth import require
from registry.web.runtime import catalog, runtime
from registry.web.sharing import find_or_stream_file, find_served_file

bp = Blueprint("files", __name__)
METADATA_SUFFIX = ".metadata"
YEAR = 365 * 24 * 3600


@bp.get("/<repo>/files/<sha256>/<filename>")
def download(repo: str, sha256: str, filename: str) -> Response:
    repository, _ = require(repo, Scope.READ)
    want_metadata = False
    # A whole-file GET of a file still only on an external index streams to the client while
    # it is verified and stored; ranges and HEAD wait for the stored copy.
    whole = request.method == "GET" and "Range" not in request.headers
    try:
        found = find_or_stream_file(catalog(), repo, sha256, filename, stream=whole)
        if isinstance(found, StreamedFile):
            return _streamed(found, repository)
        record = found
    except NotFound:
        if not filename.endswith(METADATA_SUFFIX):
            raise
        record = find_served_file(catalog(), repo, sha256, filename[: -len(METADATA_SUFFIX)])
        want_metadata = True
    if want_metadata:
        if not record.metadata_blob_key or not record.metadata_sha256:
            raise NotFound(f"{record.filename} has no separate core metadata (only wheels do)")
        key, etag = record.metadata_blob_key, record.metadata_sha256
        content_type = "text/plain; charset=utf-8"
    else:
        key, etag = record.blob_key, record.sha256
        # Never a Content-Encoding: a .tar.gz is served as the bytes it is.
        content_type = "application/octet-stream"
    settings = runtime().settings
    if settings.accel_redirect and settings.storage == "local":
        return _accel_download(settings.accel_redirect, key, etag, content_type, repository, record)
    blobs = runtime().blobs
    size = blobs.size(key)
    stream = blobs.open(key)
    response = Response(
        wrap_file(request.environ, stream, buffer_size=256 * 1024),
        content_type=content_type,  # as is: a mimetype would get a second charset
        direct_passthrough=True,
    )
    response.content_length = size
    response.set_etag(etag)
    visibility = "public" if repository.public_read else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age={YEAR}, immutable"
    response.last_modified = record.upload_time
    # Immutable bytes at an immutable URL: the fast path may repeat a 200 (web/hot_path.py).
    hot_path.offer(partial(blobs.open, key), etag)
    return response.make_conditional(request, accept_ranges=True, complete_length=size)


def _streamed(streamed: StreamedFile, repository: Repository) -> Response:
    response = Response(
        streamed.download, content_type="application/octet-stream", direct_passthrough=True
    )
    if streamed.size is not None:
        response.content_length = streamed.size
    response.set_etag(streamed.sha256)
    visibility = "public" if repository.public_read else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age={YEAR}, immutable"
    response.headers["X-Registry-Cache"] = "MISS"  # fetched from the external index now
    return response


def _accel_download(
    prefix: str,
    key: str,
    etag: str,
    content_type: str,
    repository: Repository,
    record: FileRecord,
) -> Response:
    """Let nginx send the blob (sendfile, Range, HEAD) from its internal location; this
    process only checked access and found the file (deploy/nginx/codeyard.conf)."""
    response = Response(b"", content_type=content_type)
    response.set_etag(etag)
    visibility = "public" if repository.public_read else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age={YEAR}, immutable"
    response.last_modified = record.upload_time
    if request.if_none_match.contains(etag):
        response.status_code = 304
        return response
    response.headers["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/blobs/{key}"
    hot_path.offer(None, etag)
    return response
