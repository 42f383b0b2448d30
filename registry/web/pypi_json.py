"""The PyPI-compatible JSON API: ``R/pypi/<project>/json`` and ``R/pypi/<project>/<version>/json``
(info, releases, urls, digests, yanked, requires_dist), over the same merged view as the
simple API (upstreams, external connection, origin controls, statuses)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, redirect, request, url_for

from registry.core.model import FileRecord, Scope
from registry.core.names import normalize
from registry.web.auth import require
from registry.web.runtime import catalog
from registry.web.sharing import service_for

bp = Blueprint("pypi_json", __name__)


def _file_url(record: FileRecord) -> str:
    return url_for(
        "files.download",
        repo=request.view_args["repo"],  # type: ignore[index]
        sha256=record.sha256,
        filename=record.filename,
        _external=True,
    )


def _respond(repo: str, project: str, version: str | None) -> Response:
    repository, _ = require(repo, Scope.READ)
    normalized = normalize(project)
    if normalized != project:
        endpoint = "pypi_json.project" if version is None else "pypi_json.release"
        args = {"repo": repo, "project": normalized}
        if version is not None:
            args["version"] = version
        return redirect(url_for(endpoint, **args), 301)  # type: ignore[return-value]
    project_url = url_for("pypi_json.project", repo=repo, project=normalized, _external=True)
    project_url = project_url.removesuffix("json")
    document = service_for(catalog()).pypi_json(
        repo, normalized, _file_url, project_url, version=version
    )
    _link_attestations(repo, document)
    response = Response(json.dumps(document, sort_keys=True), mimetype="application/json")
    visibility = "public" if repository.public_read else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age=0, must-revalidate"
    return response


def _link_attestations(repo: str, document: dict[str, Any]) -> None:
    """Point each file's attestation summary at its full list (GET R/attestations/<sha>)."""
    files = [f for group in document.get("releases", {}).values() for f in group]
    for item in [*files, *document.get("urls", [])]:
        summary = item.get("attestations")
        if isinstance(summary, dict) and summary.get("count"):
            sha256 = item["digests"]["sha256"]
            summary["url"] = url_for("attestations.show", repo=repo, sha256=sha256, _external=True)


@bp.get("/<repo>/pypi/<project>/json")
def project(repo: str, project: str) -> Response:
    return _respond(repo, project, None)


@bp.get("/<repo>/pypi/<project>/<version>/json")
def release(repo: str, project: str, version: str) -> Response:
    return _respond(repo, project, version)
