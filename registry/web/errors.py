"""The one place that turns domain errors into HTTP: status, a reason phrase that says what to
fix (twine prints it) and the same text as the body (uv prints that)."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

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
}
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


def install(app: Flask) -> None:
    app.register_error_handler(errors.RegistryError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
