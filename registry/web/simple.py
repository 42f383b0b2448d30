"""The simple repository API (PEP 503 HTML / PEP 691 JSON) for each repository."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, redirect, request, url_for

from registry.core.model import FileRecord, Repository, Scope
from registry.core.names import normalize
from registry.core.negotiation import Choice, negotiate
from registry.core.simple import (
    index_page,
    project_page,
    render_index_html,
    render_json,
    render_project_html,
)
from registry.web.auth import require
from registry.web.runtime import catalog
from registry.web.sharing import list_project_names, resolve_project

bp = Blueprint("simple", __name__)


def _page_response(body: bytes, choice: Choice, repo: Repository) -> Response:
    content_type = choice.content_type
    if choice.kind == "html":
        content_type += "; charset=utf-8"
    response = Response(body, content_type=content_type)
    response.headers["Vary"] = "Accept, Authorization"
    visibility = "public" if repo.public_read else "private"
    response.headers["Cache-Control"] = f"{visibility}, max-age=0, must-revalidate"
    response.set_etag(hashlib.sha256(body + content_type.encode()).hexdigest())
    return response.make_conditional(request)


def file_url(record: FileRecord) -> str:
    return url_for(
        "files.download", repo=record.repository, sha256=record.sha256, filename=record.filename
    )


@bp.get("/<repo>/simple/")
def index(repo: str) -> Response:
    repository, _ = require(repo, Scope.READ)
    choice = negotiate(request.headers.get("Accept"), request.args.get("format"))
    page = index_page(list_project_names(catalog(), repo))
    if choice.kind == "json":
        body = render_json(page)
    else:
        body = render_index_html(page, lambda name: f"{normalize(name)}/")
    return _page_response(body, choice, repository)


@bp.get("/<repo>/simple/<project>/")
def detail(repo: str, project: str) -> Response:
    repository, _ = require(repo, Scope.READ)
    normalized = normalize(project)
    if normalized != project:
        target = url_for("simple.detail", repo=repo, project=normalized)
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        return redirect(target, 301)  # type: ignore[return-value]
    choice = negotiate(request.headers.get("Accept"), request.args.get("format"))
    resolved = resolve_project(catalog(), repo, normalized)
    page = project_page(normalized, resolved.files, file_url)
    body = render_json(page) if choice.kind == "json" else render_project_html(page)
    return _page_response(body, choice, repository)
