"""The management REST API (JSON) under ``/-/api/``: repositories, upstreams, the external
connection, tokens, origin controls, copy, statuses, yank, delete, webhooks and the audit log.
Documented by ``registry/web/openapi.yaml`` (served at ``/-/api/openapi.yaml``).

Tokens are scoped to one repository: changing a repository's settings needs its ``admin``
scope; naming another repository (as an upstream, or as a copy source) also needs read
access to that one, so a link never exposes packages the caller could not read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, request

from registry.core import tokens as token_rules
from registry.core.errors import InvalidArgument, NotFound, Unauthenticated
from registry.core.model import FileRecord, Scope, TokenRecord
from registry.core.names import normalize
from registry.core.upstreams import parse_permission
from registry.services import admin, events
from registry.services.audit import parse_since
from registry.services.events import Event
from registry.services.external import redact
from registry.web.auth import presented_token, require
from registry.web.runtime import actor_for, catalog
from registry.web.sharing import service_for

bp = Blueprint("sharing_api", __name__, url_prefix="/-/api")
OPENAPI = Path(__file__).with_name("openapi.yaml")


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidArgument("send a JSON object body with Content-Type: application/json")
    return data


def _field(data: dict[str, Any], name: str, kind: type, required: bool = True) -> Any:
    value = data.get(name)
    if value is None:
        if required:
            raise InvalidArgument(f"the JSON body needs a {name!r} field")
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise InvalidArgument(f"{name!r} must be a {kind.__name__}")
    return value


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _repository_json(name: str) -> dict[str, Any]:
    repo = catalog().get_repository(name)
    if repo is None:
        raise NotFound(f"repository {name!r} does not exist")
    service = service_for(catalog())
    external = service.store.external(name)
    return {
        "name": repo.name,
        "description": repo.description,
        "public_read": repo.public_read,
        "created_at": _iso(repo.created_at),
        "upstreams": service.store.upstreams(name),
        "external_connection": {"url": redact(external[0]), "ttl_seconds": external[1]}
        if external
        else None,
    }


def _token_json(record: TokenRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "repository": record.repository,
        "scope": record.scope.label,
        "description": record.description,
        "created_at": _iso(record.created_at),
        "expires_at": _iso(record.expires_at),
        "revoked_at": _iso(record.revoked_at),
    }


def _file_json(record: FileRecord) -> dict[str, Any]:
    return {"filename": record.filename, "sha256": record.sha256, "size": record.size}


@bp.get("/openapi.yaml")
def openapi() -> Response:
    return Response(OPENAPI.read_bytes(), mimetype="application/yaml")


# repositories, upstreams, external connection --------------------------------------------


@bp.get("/repositories")
def list_repositories() -> Response:
    """The repositories the caller can read: public-read ones and its token's own."""
    presented = presented_token()
    own = None
    if presented is not None:
        parts = token_rules.split(presented)
        record = catalog().get_token_by_key(parts[0]) if parts else None
        if record is not None:
            # Validates the secret, expiry and revocation like any other request.
            _, token = require(record.repository, Scope.READ)
            own = token.repository if token else None
        else:
            raise Unauthenticated("the API token is unknown or malformed", realm="codeyard")
    names = [r.name for r in catalog().list_repositories() if r.public_read or r.name == own]
    return jsonify({"repositories": [_repository_json(name) for name in names]})


@bp.get("/repositories/<repo>")
def get_repository(repo: str) -> Response:
    require(repo, Scope.READ)
    return jsonify(_repository_json(repo))


@bp.post("/repositories/<repo>/upstreams")
def add_upstream(repo: str) -> tuple[Response, int]:
    _, token = require(repo, Scope.ADMIN)
    upstream = _field(_body(), "upstream", str)
    require(upstream, Scope.READ)
    service_for(catalog()).add_upstream(repo, upstream, actor_for(token))
    return jsonify(_repository_json(repo)), 201


@bp.delete("/repositories/<repo>/upstreams/<upstream>")
def remove_upstream(repo: str, upstream: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    service_for(catalog()).remove_upstream(repo, upstream, actor_for(token))
    return jsonify(_repository_json(repo))


@bp.put("/repositories/<repo>/external-connection")
def set_external(repo: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    data = _body()
    url = _field(data, "url", str)
    ttl = _field(data, "ttl_seconds", int, required=False)
    service_for(catalog()).set_external(repo, url, 300 if ttl is None else ttl, actor_for(token))
    return jsonify(_repository_json(repo))


@bp.delete("/repositories/<repo>/external-connection")
def remove_external(repo: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    service_for(catalog()).remove_external(repo, actor_for(token))
    return jsonify(_repository_json(repo))


# tokens ------------------------------------------------------------------------------------


@bp.get("/repositories/<repo>/tokens")
def list_tokens(repo: str) -> Response:
    require(repo, Scope.ADMIN)
    records = [t for t in catalog().list_tokens() if t.repository == repo]
    return jsonify({"tokens": [_token_json(t) for t in records]})


@bp.post("/repositories/<repo>/tokens")
def create_token(repo: str) -> tuple[Response, int]:
    _, token = require(repo, Scope.ADMIN)
    data = _body()
    scope = _field(data, "scope", str)
    expires = _field(data, "expires", str, required=False)
    description = _field(data, "description", str, required=False) or ""
    issued = admin.issue_token(
        catalog(), repo, scope, expires or "30d", actor_for(token), description
    )
    return jsonify({**_token_json(issued.record), "token": issued.token}), 201


@bp.delete("/repositories/<repo>/tokens/<int:token_id>")
def revoke_token(repo: str, token_id: int) -> Response:
    _, token = require(repo, Scope.ADMIN)
    target = next((t for t in catalog().list_tokens() if t.id == token_id), None)
    if target is None or target.repository != repo:
        raise NotFound(f"token {token_id} does not exist in repository {repo!r}")
    record = admin.revoke_token(catalog(), token_id, actor_for(token))
    return jsonify(_token_json(record))


# packages: origin controls, copy, status, yank, delete -------------------------------------


@bp.get("/repositories/<repo>/packages/<project>/origin")
def get_origin(repo: str, project: str) -> Response:
    require(repo, Scope.READ)
    control = service_for(catalog()).control(repo, normalize(project))
    return jsonify({"project": normalize(project), **control.as_dict()})


@bp.put("/repositories/<repo>/packages/<project>/origin")
def set_origin(repo: str, project: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    data = _body()
    publish = _field(data, "publish", str, required=False)
    upstream = _field(data, "upstream", str, required=False)
    if publish is None and upstream is None:
        raise InvalidArgument("give 'publish' and/or 'upstream' (allow or block)")
    control = service_for(catalog()).set_origin(
        repo,
        project,
        actor_for(token),
        publish=parse_permission(publish) if publish else None,
        upstream=parse_permission(upstream) if upstream else None,
    )
    return jsonify({"project": normalize(project), **control.as_dict()})


@bp.post("/copy")
def copy() -> Response:
    data = _body()
    source = _field(data, "from", str)
    target = _field(data, "to", str)
    project = _field(data, "project", str)
    versions = _field(data, "versions", list)
    if not all(isinstance(v, str) for v in versions):
        raise InvalidArgument("'versions' must be a list of strings")
    _, token = require(target, Scope.ADMIN)
    require(source, Scope.READ)
    copied = service_for(catalog()).copy_versions(
        source, target, project, versions, actor_for(token)
    )
    return jsonify({"copied": [_file_json(f) for f in copied]})


@bp.put("/repositories/<repo>/packages/<project>/versions/<version>/status")
def set_status(repo: str, project: str, version: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    status = _field(_body(), "status", str)
    result = service_for(catalog()).set_status(repo, project, version, status, actor_for(token))
    return jsonify({"project": normalize(project), "version": version, "status": result})


@bp.put("/repositories/<repo>/packages/<project>/versions/<version>/yank")
def yank(repo: str, project: str, version: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    data = request.get_json(silent=True) or {}
    reason = data.get("reason") if isinstance(data, dict) else None
    if reason is not None and not isinstance(reason, str):
        raise InvalidArgument("'reason' must be a string")
    return _yank(repo, project, version, True, reason, token)


@bp.delete("/repositories/<repo>/packages/<project>/versions/<version>/yank")
def unyank(repo: str, project: str, version: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    return _yank(repo, project, version, False, None, token)


def _yank(
    repo: str, project: str, version: str, yanked: bool, reason: str | None, token: Any
) -> Response:
    count = admin.set_yanked(catalog(), repo, project, version, yanked, actor_for(token), reason)
    kind = events.VERSION_YANKED if yanked else events.VERSION_UNYANKED
    service_for(catalog()).emit(
        Event(kind, repo, normalize(project), version, {"reason": reason} if yanked else {})
    )
    return jsonify(
        {"project": normalize(project), "version": version, "yanked": yanked,
         "yanked_reason": reason if yanked else None, "files": count}
    )  # fmt: skip


@bp.delete("/repositories/<repo>/packages/<project>/versions/<version>")
def delete_version(repo: str, project: str, version: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    count = service_for(catalog()).delete_release(repo, project, version, actor_for(token))
    return jsonify({"project": normalize(project), "version": version, "deleted_files": count})


# review policy ------------------------------------------------------------------------------


def _policy_json(repo: str, policy: Any) -> dict[str, Any]:
    return {"repository": repo, "require_review": policy.rule if policy else None}


@bp.get("/repositories/<repo>/review-policy")
def get_review_policy(repo: str) -> Response:
    require(repo, Scope.READ)
    service = service_for(catalog())
    service._require_repo(repo)
    return jsonify(_policy_json(repo, service.review_policy(repo)))


@bp.put("/repositories/<repo>/review-policy")
def set_review_policy(repo: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    rule = _field(_body(), "require_review", str)
    policy = service_for(catalog()).set_review_policy(repo, rule, actor_for(token))
    return jsonify(_policy_json(repo, policy))


@bp.delete("/repositories/<repo>/review-policy")
def clear_review_policy(repo: str) -> Response:
    _, token = require(repo, Scope.ADMIN)
    service_for(catalog()).set_review_policy(repo, None, actor_for(token))
    return jsonify(_policy_json(repo, None))


# webhooks and audit -------------------------------------------------------------------------


@bp.get("/repositories/<repo>/webhooks")
def list_webhooks(repo: str) -> Response:
    require(repo, Scope.ADMIN)
    hooks = service_for(catalog()).store.webhooks(repo)
    return jsonify({"webhooks": [{"id": h.id, "url": h.url} for h in hooks]})


@bp.post("/repositories/<repo>/webhooks")
def add_webhook(repo: str) -> tuple[Response, int]:
    _, token = require(repo, Scope.ADMIN)
    data = _body()
    hook = service_for(catalog()).add_webhook(
        repo, _field(data, "url", str), _field(data, "secret", str), actor_for(token)
    )
    return jsonify({"id": hook.id, "url": hook.url}), 201


@bp.delete("/repositories/<repo>/webhooks/<int:webhook_id>")
def remove_webhook(repo: str, webhook_id: int) -> Response:
    _, token = require(repo, Scope.ADMIN)
    service_for(catalog()).remove_webhook(repo, webhook_id, actor_for(token))
    return jsonify({"id": webhook_id, "deleted": True})


@bp.get("/repositories/<repo>/webhooks/deliveries")
def list_deliveries(repo: str) -> Response:
    require(repo, Scope.ADMIN)
    rows = service_for(catalog()).store.deliveries(repo)  # type: ignore[attr-defined]
    return jsonify(
        {
            "deliveries": [
                {
                    "webhook_id": r.webhook_id,
                    "event_id": r.event_id,
                    "event_type": r.event_type,
                    "attempt": r.attempt,
                    "delivered": r.delivered,
                    "status_code": r.status_code,
                    "error": r.error,
                    "final": r.final,
                    "attempted_at": _iso(r.attempted_at),
                }
                for r in rows
            ]
        }
    )


@bp.get("/repositories/<repo>/audit")
def audit(repo: str) -> Response:
    require(repo, Scope.ADMIN)
    since = request.args.get("since")
    since_at = parse_since(since) if since else None
    rows = service_for(catalog()).store.audit(repo, since_at)  # type: ignore[attr-defined]
    return jsonify({"events": rows})
