"""The legacy upload API (``POST R/`` and ``R/legacy/``) as twine and ``uv publish`` use it:
parse the multipart form here, validate in the core, publish in the service, answer here."""

from __future__ import annotations

from flask import Blueprint, Response, request

from registry.core.archive import ArchiveLimits
from registry.core.errors import InvalidUpload
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
    # Long descriptions must not turn into 413s: raise werkzeug's limits for this view only.
    request.max_content_length = settings.max_upload_bytes + settings.max_form_bytes
    request.max_form_memory_size = settings.max_form_bytes
    form = request.form  # reads the whole body first, so refusals reach the client cleanly
    _repository, token = require(repo, Scope.PUBLISH)
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
