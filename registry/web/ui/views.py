"""The registry's pages: server-rendered, no JavaScript at all (the Content-Security-Policy
forbids every script), every form CSRF-protected, every change made through the same
services and permission checks as the management API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from registry.core.errors import (
    InvalidArgument,
    NotFound,
    PermissionDenied,
    RegistryError,
    Unauthenticated,
)
from registry.core.model import FileRecord, ReleaseStatus, Scope
from registry.core.upstreams import Permission, parse_permission
from registry.services import admin
from registry.services.core_metadata import parse_metadata
from registry.services.external import RemoteUnavailable, redact
from registry.web.runtime import actor_for, catalog, runtime
from registry.web.sharing import service_for
from registry.web.ui import session as ui_session
from registry.web.ui.readme import render_description
from registry.web.ui.snippets import install_snippets

bp = Blueprint(
    "ui",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/-/ui/static",
)
csrf = CSRFProtect()

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
STATUSES = [s.value for s in ReleaseStatus]
try:
    _VERSION = metadata.version("codeyard")  # shown in the footer: which build is serving
except metadata.PackageNotFoundError:
    _VERSION = "unknown"
SCOPES = [s.label for s in Scope]


@bp.before_request
def _check_csrf() -> None:
    if request.method == "POST":
        csrf.protect()


@bp.after_request
def _page_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"  # pages depend on who is logged in
    return response


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"viewer": ui_session.who, "Scope": Scope, "codeyard_version": _VERSION}


def _error_page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("error.html", title=title, message=message), status


@bp.errorhandler(RegistryError)
def _domain_error(exc: RegistryError) -> tuple[str, int]:
    if isinstance(exc, Unauthenticated):
        # The same answer for a private repository and a missing one, as the API gives.
        return render_template("login.html", message=exc.message, next=request.path), 401
    if isinstance(exc, PermissionDenied):
        return _error_page(403, "Not allowed", exc.message)
    if isinstance(exc, NotFound):
        return _error_page(404, "Not found", exc.message)
    return _error_page(400, "That did not work", exc.message)


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> tuple[str, int]:
    return _error_page(
        400, "Form expired", f"{exc.description} Reload the page and send the form again."
    )


@bp.errorhandler(RemoteUnavailable)
def _remote_error(exc: RemoteUnavailable) -> tuple[str, int]:
    return _error_page(502, "External index unreachable", exc.reason)


# --- helpers --------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""


def _size(value: int) -> str:
    amount = float(value)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if amount < 1024 or unit == "GiB":
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{value} B"


bp.add_app_template_filter(_iso, "iso")
bp.add_app_template_filter(_size, "size")


def _base_url() -> str:
    return request.host_url.rstrip("/")


def _back(default: str) -> Response:
    target = request.form.get("next") or default
    if urlsplit(target).netloc or not target.startswith("/"):
        target = default  # only same-site paths: no open redirect
    return redirect(target, 303)  # type: ignore[return-value]


def _form(name: str) -> str:
    value = (request.form.get(name) or "").strip()
    if not value:
        raise InvalidArgument(f"the form needs a value for {name!r}")
    return value


def _version_key(version: str) -> tuple[int, Any]:
    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


# --- pages ----------------------------------------------------------------------------------


@bp.get("/")
def home() -> str:
    viewer = ui_session.who()
    service = service_for(catalog())
    rows = []
    for repo in catalog().list_repositories():
        if not (repo.public_read or (viewer and viewer.repository == repo.name)):
            continue
        external = service.store.external(repo.name)
        rows.append(
            {
                "repo": repo,
                "upstreams": service.store.upstreams(repo.name),
                "external": redact(external[0]) if external else None,
                "projects": len(catalog().list_projects(repo.name)),
            }
        )
    return render_template("home.html", rows=rows)


@bp.route("/-/ui/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    token = request.form.get("token", "")
    try:
        record = ui_session.log_in(token)
    except RegistryError as exc:
        again = request.form.get("next")
        return render_template("login.html", message=exc.message, next=again), 401
    flash(f"Logged in with token {record.id} ({record.scope.label} on {record.repository}).")
    return _back(url_for("ui.repository", repo=record.repository))


@bp.post("/-/ui/logout")
def logout() -> Response:
    ui_session.log_out()
    flash("Logged out.")
    return redirect(url_for("ui.home"), 303)  # type: ignore[return-value]


@bp.get("/<repo>/")
def repository(repo: str) -> str:
    repository, _ = ui_session.require(repo, Scope.READ)
    service = service_for(catalog())
    query = request.args.get("q", "").strip()
    own = {p.normalized for p in catalog().list_projects(repo)}
    names = service.list_project_names(repo)
    if query:
        needle = canonicalize_name(query)
        names = [n for n in names if needle in canonicalize_name(n)]
    projects = [
        {"name": n, "normalized": canonicalize_name(n), "own": canonicalize_name(n) in own}
        for n in names
    ]
    is_admin = ui_session.can(repo, Scope.ADMIN)
    external = service.store.external(repo)
    context: dict[str, Any] = {
        "review_policy": service.review_policy(repo),
        "repository": repository,
        "projects": projects,
        "query": query,
        "upstreams": service.store.upstreams(repo),
        "external": {"url": redact(external[0]), "ttl": external[1]} if external else None,
        "snippets": install_snippets(_base_url(), repo, repository.public_read),
        "is_admin": is_admin,
        "scopes": SCOPES,
    }
    if is_admin:
        context["tokens"] = [t for t in catalog().list_tokens() if t.repository == repo]
        context["now"] = datetime.now(UTC)
        context["webhooks"] = service.store.webhooks(repo)
        context["other_repositories"] = [
            r.name for r in catalog().list_repositories() if r.name != repo
        ]
    return render_template("repository.html", **context)


@dataclass
class _Release:
    version: str
    files: list[FileRecord] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.files[0].status.value

    @property
    def yanked(self) -> bool:
        return all(f.yanked for f in self.files)

    @property
    def yanked_reason(self) -> str | None:
        return self.files[0].yanked_reason


def _project_releases(repo: str, normalized: str) -> tuple[list[_Release], bool]:
    """Every release of the project: this repository's own (all statuses), then what its
    upstreams and external connection serve for it (labelled with where it comes from)."""
    releases: dict[str, _Release] = {}
    own = catalog().project_files(repo, normalized)
    for record in own:
        releases.setdefault(record.version, _Release(record.version)).files.append(record)
    try:
        shared = service_for(catalog()).resolve_project(repo, normalized)
    except NotFound:
        shared = None
    known = {f.filename for f in own}
    stale = bool(shared and shared.stale)
    for record in shared.files if shared else []:
        if record.filename in known:
            continue
        release = releases.setdefault(record.version, _Release(record.version))
        release.files.append(record)
        release.sources[record.filename] = shared.sources.get(record.filename, "") if shared else ""
    if not releases:
        raise NotFound(f"project {normalized!r} does not exist in repository {repo!r}")
    ordered = sorted(releases.values(), key=lambda r: _version_key(r.version), reverse=True)
    return ordered, stale


def _description(releases: list[_Release]) -> tuple[dict[str, Any], Any]:
    """Metadata of the newest release that has a stored METADATA, and its README."""
    blobs = runtime().blobs
    for release in releases:
        for record in release.files:
            key = record.metadata_blob_key
            if key and blobs.exists(key):
                meta = parse_metadata(blobs.get(key))
                return meta, render_description(
                    meta.get("description"), meta.get("description_content_type")
                )
    return {}, None


def _project_audit(repo: str, normalized: str) -> list[dict[str, Any]]:
    rows = service_for(catalog()).store.audit(repo)  # type: ignore[attr-defined]

    def about(row: dict[str, Any]) -> bool:
        details = row.get("details") or {}
        subject = str(row.get("subject") or "")
        return (
            details.get("project") == normalized
            or subject == normalized
            or subject.split(" ")[0] == normalized
        )

    return [row for row in rows if about(row)][-100:][::-1]


@bp.get("/<repo>/project/<project>/")
def project(repo: str, project: str) -> Response | str:
    repository, _ = ui_session.require(repo, Scope.READ)
    normalized = canonicalize_name(project)
    if normalized != project:
        return redirect(url_for("ui.project", repo=repo, project=normalized), 301)  # type: ignore[return-value]
    releases, stale = _project_releases(repo, normalized)
    meta, readme = _description(releases)
    is_admin = ui_session.can(repo, Scope.ADMIN)
    attestations = service_for(catalog()).attestation_summaries(
        f.sha256 for r in releases for f in r.files
    )
    return render_template(
        "project.html",
        repository=repository,
        project=releases[0].files[0].project_name,
        normalized=normalized,
        releases=releases,
        stale=stale,
        meta=meta,
        readme=readme,
        control=service_for(catalog()).control(repo, normalized),
        permissions=[p.value for p in Permission],
        audit=_project_audit(repo, normalized) if is_admin else None,
        snippets=install_snippets(_base_url(), repo, repository.public_read, normalized),
        is_admin=is_admin,
        statuses=STATUSES,
        attestations=attestations,
        file_url=lambda f: url_for(
            "files.download", repo=repo, sha256=f.sha256, filename=f.filename
        ),
    )


# --- admin actions (POST, CSRF-checked, admin scope on the repository) ----------------------


def _admin_action(repo: str, action: Callable[[Any], str]) -> Response:
    _, token = ui_session.require(repo, Scope.ADMIN)
    try:
        flash(action(actor_for(token)))
    except RegistryError as exc:
        catalog().rollback()
        flash(exc.message, "error")
    return _back(url_for("ui.repository", repo=repo))


@bp.post("/-/ui/<repo>/tokens")
def create_token(repo: str) -> Response | str:
    _, token = ui_session.require(repo, Scope.ADMIN)
    try:
        issued = admin.issue_token(
            catalog(),
            repo,
            _form("scope"),
            request.form.get("expires") or "30d",
            actor_for(token),
            request.form.get("description", "").strip(),
        )
    except RegistryError as exc:
        flash(exc.message, "error")
        return _back(url_for("ui.repository", repo=repo))
    return render_template("token_created.html", repo=repo, issued=issued)


@bp.post("/-/ui/<repo>/tokens/<int:token_id>/revoke")
def revoke_token(repo: str, token_id: int) -> Response:
    def act(actor: Any) -> str:
        target = next((t for t in catalog().list_tokens() if t.id == token_id), None)
        if target is None or target.repository != repo:
            raise NotFound(f"token {token_id} does not exist in repository {repo!r}")
        admin.revoke_token(catalog(), token_id, actor)
        return f"Token {token_id} revoked."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/upstreams")
def add_upstream(repo: str) -> Response:
    def act(actor: Any) -> str:
        upstream = _form("upstream")
        ui_session.require(upstream, Scope.READ)  # a link never exposes what you cannot read
        order = service_for(catalog()).add_upstream(repo, upstream, actor)
        return f"Upstreams of {repo}: {', '.join(order)}."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/upstreams/<upstream>/remove")
def remove_upstream(repo: str, upstream: str) -> Response:
    def act(actor: Any) -> str:
        service_for(catalog()).remove_upstream(repo, upstream, actor)
        return f"Upstream {upstream} removed from {repo}."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/external")
def set_external(repo: str) -> Response:
    def act(actor: Any) -> str:
        ttl_text = request.form.get("ttl_seconds") or "300"
        if not ttl_text.isdigit():
            raise InvalidArgument(
                f"the cache time must be a whole number of seconds, not {ttl_text!r}"
            )
        service_for(catalog()).set_external(repo, _form("url"), int(ttl_text), actor)
        return f"External connection of {repo} set."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/review-policy")
def set_review_policy(repo: str) -> Response:
    def act(actor: Any) -> str:
        policy = service_for(catalog()).set_review_policy(repo, _form("rule"), actor)
        assert policy is not None
        return f"Review policy of {repo}: require-review {policy.rule}."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/review-policy/clear")
def clear_review_policy(repo: str) -> Response:
    def act(actor: Any) -> str:
        service_for(catalog()).set_review_policy(repo, None, actor)
        return f"Review policy of {repo} cleared."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/external/remove")
def remove_external(repo: str) -> Response:
    def act(actor: Any) -> str:
        service_for(catalog()).remove_external(repo, actor)
        return f"External connection of {repo} removed."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/webhooks")
def add_webhook(repo: str) -> Response:
    def act(actor: Any) -> str:
        hook = service_for(catalog()).add_webhook(repo, _form("url"), _form("secret"), actor)
        return f"Webhook {hook.id} added: {hook.url}."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/webhooks/<int:webhook_id>/remove")
def remove_webhook(repo: str, webhook_id: int) -> Response:
    def act(actor: Any) -> str:
        service_for(catalog()).remove_webhook(repo, webhook_id, actor)
        return f"Webhook {webhook_id} removed."

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/project/<project>/origin")
def set_origin(repo: str, project: str) -> Response:
    def act(actor: Any) -> str:
        control = service_for(catalog()).set_origin(
            repo,
            project,
            actor,
            publish=parse_permission(_form("publish")),
            upstream=parse_permission(_form("upstream")),
        )
        return (
            f"Origin controls of {canonicalize_name(project)}: publish {control.publish.value}, "
            f"upstream {control.upstream.value}."
        )

    return _admin_action(repo, act)


@bp.post("/-/ui/<repo>/project/<project>/<version>/status")
def set_status(repo: str, project: str, version: str) -> Response:
    def act(actor: Any) -> str:
        result = service_for(catalog()).set_status(repo, project, version, _form("status"), actor)
        return f"{canonicalize_name(project)} {version} is now {result}."

    return _admin_action(repo, act)
