"""The one place that turns domain errors into HTTP: status, a reason phrase that says what to
fix (twine prints it) and the same text as the body (uv prints that)."""

from __future__ import annotations

import errno
import logging

from flask import Flask, Response
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from registry.core import errors
from registry.web.runtime import runtime

STATUS: dict[type[errors.RegistryError], int] = {
    errors.NotFound: 404,
    errors.AlreadyExists: 409,
    errors.Unauthenticated: 401,
    errors.PermissionDenied: 403,
    errors.InvalidUpload: 400,
    errors.UploadTooLarge: 413,
    errors.FileConflict: 409,
    errors.NotAcceptable: 406,
    errors.InvalidArgument: 400,
    errors.StorageFull: 507,
    errors.UploadStalled: 408,
    errors.InvalidAttestation: 400,
    errors.AttestationRejected: 422,
    errors.NoAttestationKeys: 422,
    errors.PolicyRefused: 403,
}
# Write errors that mean "no room", whichever store raised them.
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
RETRY_AFTER_SECONDS = 5
log = logging.getLogger("registry.web")
MAX_REASON = 900


def reason_phrase(message: str) -> str:
    """One latin-1 line, no control characters (it goes into the HTTP status line)."""
    line = " ".join(message.split())
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line if len(line) <= MAX_REASON else line[: MAX_REASON - 3] + "..."


def text_response(code: int, message: str) -> Response:
    response = Response(message.rstrip("\n") + "\n", mimetype="text/plain")
    response.status = f"{code} {reason_phrase(message)}"
    response.headers["Cache-Control"] = "no-store"
    return response


def _status_for(exc: errors.RegistryError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 400


def handle_domain_error(exc: errors.RegistryError) -> Response:
    message = exc.message
    if isinstance(exc, errors.InvalidUpload) and len(exc.problems) > 1:
        message = "Invalid upload: " + "; ".join(exc.problems)
    elif isinstance(exc, errors.InvalidUpload):
        message = f"Invalid upload: {exc.message}"
    response = text_response(_status_for(exc), message)
    if isinstance(exc, errors.Unauthenticated):
        response.headers["WWW-Authenticate"] = f'Basic realm="{exc.realm}"'
    return response


def handle_http_error(exc: HTTPException) -> Response:
    if isinstance(exc, RequestEntityTooLarge):
        limit = runtime().settings.max_upload_bytes
        return text_response(
            413,
            f"Upload too large: this registry accepts files up to {limit} bytes "
            "(REGISTRY_MAX_UPLOAD_BYTES) plus form fields up to REGISTRY_MAX_FORM_BYTES",
        )
    code = exc.code or 500
    return text_response(code, f"{exc.name}: {exc.description or ''}".strip(": "))


def handle_database_unavailable(exc: Exception) -> Response:
    """The database cannot be reached (or stopped answering mid-request): a 503 that clients
    retry, never a 500. The pool reconnects by itself once the database is back."""
    log.warning("database unavailable: %s", " ".join(str(exc).split())[:300])
    response = text_response(
        503,
        "Service Unavailable: the registry cannot reach its database; retry in a few seconds "
        "(retrying an upload is safe: an identical file is accepted again)",
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handle_os_error(exc: OSError) -> Response:
    if exc.errno in NO_SPACE:
        return handle_domain_error(no_space(exc))
    log.exception("unexpected OS error", exc_info=exc)
    return handle_http_error(InternalServerError())


def no_space(exc: OSError) -> errors.StorageFull:
    return errors.StorageFull(
        "Insufficient Storage: the registry's blob store is full "
        f"({exc.strerror or 'no space left'}); nothing was stored, retry after the operator "
        "frees space"
    )


def install(app: Flask) -> None:
    app.register_error_handler(errors.RegistryError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    for unavailable in (
        sa_exc.OperationalError,  # cannot connect, connection lost, SQLite locked too long
        sa_exc.InterfaceError,  # the driver's connection is already closed
        sa_exc.DisconnectionError,
        sa_exc.TimeoutError,  # no pooled connection came free in time
    ):
        app.register_error_handler(unavailable, handle_database_unavailable)
    app.register_error_handler(OSError, handle_os_error)

    @app.after_request
    def _no_sniffing(response: Response) -> Response:
        # Browsers must not guess a type: an uploaded file or METADATA is never a page.
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
