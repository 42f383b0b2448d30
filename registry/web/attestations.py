"""Review attestations over HTTP: ``POST /<R>/attestations`` records a DSSE envelope
(publish scope on R), ``GET /<R>/attestations/<sha256>`` lists a file's attestations (read
access to R). Both answer JSON, errors included: ``{"error": "<what to fix>"}``."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from flask import Blueprint, Response, request, url_for

from registry.core.attestations import MAX_ENVELOPE_BYTES
from registry.core.errors import RegistryError, UploadTooLarge
from registry.core.model import AttestationRecord, Scope
from registry.web.auth import require
from registry.web.errors import handle_domain_error
from registry.web.runtime import actor_for, catalog
from registry.web.sharing import service_for

bp = Blueprint("attestations", __name__)


def _json(document: dict[str, Any], status: int, reason: str | None = None) -> Response:
    response = Response(json.dumps(document), status=status, mimetype="application/json")
    if reason:
        response.status = f"{status} {reason}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(RegistryError)
def _error(exc: RegistryError) -> Response:
    # The app's handler decides status, reason phrase and headers; this only makes the
    # body JSON, which is what clients of this API (reviewbot attest) parse.
    plain = handle_domain_error(exc)
    response = _json({"error": exc.message}, plain.status_code)
    response.status = plain.status
    for header in ("WWW-Authenticate",):
        if header in plain.headers:
            response.headers[header] = plain.headers[header]
    return response


def attestation_json(record: AttestationRecord, trusted: bool) -> dict[str, Any]:
    return {
        "id": record.id,
        "repository": record.repository,
        "filename": record.filename,
        "keyid": record.keyid,
        # Verified when recorded, and its key is still one this registry trusts.
        "verified": trusted,
        "received_at": record.received_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "envelope": json.loads(record.envelope),
        "statement": json.loads(record.statement),
    }


@bp.post("/<repo>/attestations")
def upload(repo: str) -> Response:
    _, token = require(repo, Scope.PUBLISH)
    length = request.content_length
    if length is not None and length > MAX_ENVELOPE_BYTES:
        raise UploadTooLarge(
            f"the envelope is {length} bytes, more than the {MAX_ENVELOPE_BYTES} allowed"
        )
    body = request.get_data(cache=False)
    service = service_for(catalog())
    recorded = service.record_attestation(repo, body, actor_for(token))
    record = recorded.record
    return _json(
        {
            "sha256": record.sha256,
            "filename": record.filename,
            "id": record.id,
            "url": url_for("attestations.show", repo=repo, sha256=record.sha256),
            "keyid": record.keyid,
            "verdict": recorded.verdict,
        },
        201,
    )


@bp.get("/<repo>/attestations/<sha256>")
def show(repo: str, sha256: str) -> Response:
    require(repo, Scope.READ)
    service = service_for(catalog())
    records = service.list_attestations(repo, sha256)
    return _json(
        {
            "sha256": records[0].sha256,
            "attestations": [attestation_json(r, service.trusted(r.keyid)) for r in records],
        },
        200,
    )
