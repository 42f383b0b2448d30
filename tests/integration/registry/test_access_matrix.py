"""The access matrix (issue 13): every endpoint by every kind of credential, on SQLite and on
real PostgreSQL, through the real app. A credential below what an endpoint needs gets 401
(no, unknown, expired or revoked token) or 403 (a live token without the scope or for
another repository) with a reason; one at or above it is let through (whatever the endpoint
answers then, never 401/403 and never a 5xx)."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from registry.config import Settings
from registry.core.model import Actor, Scope
from registry.db.catalog import SqlCatalog
from registry.db.session import make_engine, migrate, session_factory
from registry.services.admin import create_repository, issue_token, revoke_token
from registry.web.app import create_app

REPO, OTHER, PUBLIC = "team", "other", "open"
SEEDED = "cy_matrix-1.0-py3-none-any.whl"


def _wheel() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "cy_matrix-1.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: cy-matrix\nVersion: 1.0\n\n",
        )
    return buf.getvalue()


WHEEL = _wheel()
SHA = hashlib.sha256(WHEEL).hexdigest()


def upload_body(filename: str = SEEDED, body: bytes = WHEEL) -> dict[str, Any]:
    return {
        ":action": "file_upload",
        "protocol_version": "1",
        "name": "cy-matrix",
        "version": "1.0",
        "sha256_digest": hashlib.sha256(body).hexdigest(),
        "content": (io.BytesIO(body), filename),
    }


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    needs: Scope
    json: dict[str, Any] | None = None
    multipart: bool = False

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


API = "/-/api/repositories/" + REPO
ENDPOINTS = [
    Endpoint("GET", f"/{REPO}/simple/", Scope.READ),
    Endpoint("GET", f"/{REPO}/simple/cy-matrix/", Scope.READ),
    Endpoint("GET", f"/{REPO}/simple/no-such-project/", Scope.READ),
    Endpoint("GET", f"/{REPO}/files/{SHA}/{SEEDED}", Scope.READ),
    Endpoint("GET", f"/{REPO}/files/{SHA}/{SEEDED}.metadata", Scope.READ),
    Endpoint("GET", f"/{REPO}/pypi/cy-matrix/json", Scope.READ),
    Endpoint("GET", f"/{REPO}/pypi/cy-matrix/1.0/json", Scope.READ),
    Endpoint("POST", f"/{REPO}/", Scope.PUBLISH, multipart=True),
    Endpoint("POST", f"/{REPO}/legacy/", Scope.PUBLISH, multipart=True),
    Endpoint("GET", API, Scope.READ),
    Endpoint("POST", f"{API}/upstreams", Scope.ADMIN, json={"upstream": PUBLIC}),
    Endpoint("DELETE", f"{API}/upstreams/{PUBLIC}", Scope.ADMIN),
    Endpoint("PUT", f"{API}/external-connection", Scope.ADMIN,
             json={"url": "http://127.0.0.1:9/simple/"}),
    Endpoint("DELETE", f"{API}/external-connection", Scope.ADMIN),
    Endpoint("GET", f"{API}/tokens", Scope.ADMIN),
    Endpoint("POST", f"{API}/tokens", Scope.ADMIN, json={"scope": "read", "expires": "1h"}),
    Endpoint("DELETE", f"{API}/tokens/999999", Scope.ADMIN),
    Endpoint("GET", f"{API}/packages/cy-matrix/origin", Scope.READ),
    Endpoint("PUT", f"{API}/packages/cy-other/origin", Scope.ADMIN, json={"publish": "allow"}),
    Endpoint("POST", "/-/api/copy", Scope.ADMIN,
             json={"from": REPO, "to": REPO, "project": "no-such", "versions": ["1"]}),
    Endpoint("PUT", f"{API}/packages/no-such/versions/1.0/status", Scope.ADMIN,
             json={"status": "archived"}),
    Endpoint("PUT", f"{API}/packages/no-such/versions/1.0/yank", Scope.ADMIN, json={}),
    Endpoint("DELETE", f"{API}/packages/no-such/versions/1.0/yank", Scope.ADMIN),
    Endpoint("DELETE", f"{API}/packages/no-such/versions/1.0", Scope.ADMIN),
    Endpoint("GET", f"{API}/webhooks", Scope.ADMIN),
    Endpoint("POST", f"{API}/webhooks", Scope.ADMIN,
             json={"url": "http://127.0.0.1:9/hook", "secret": "s3cret-s3cret"}),
    Endpoint("DELETE", f"{API}/webhooks/999999", Scope.ADMIN),
    Endpoint("GET", f"{API}/webhooks/deliveries", Scope.ADMIN),
    Endpoint("GET", f"{API}/audit", Scope.ADMIN),
    Endpoint("GET", f"/{REPO}/attestations/{SHA}", Scope.READ),
    Endpoint("POST", f"/{REPO}/attestations", Scope.PUBLISH, json={"payloadType": "x"}),
    Endpoint("GET", f"{API}/review-policy", Scope.READ),
    # An invalid rule: the allowed credential gets 400 and no policy is left behind.
    Endpoint("PUT", f"{API}/review-policy", Scope.ADMIN, json={"require_review": "max-risk=9"}),
    Endpoint("DELETE", f"{API}/review-policy", Scope.ADMIN),
]
# (credential, the scope it holds on REPO or None, the refusal when it is not enough)
CREDENTIALS: list[tuple[str, Scope | None, int]] = [
    ("none", None, 401),
    ("unknown", None, 401),
    ("expired", None, 401),
    ("revoked", None, 401),
    ("other-repo-admin", None, 403),
    ("read", Scope.READ, 403),
    ("publish", Scope.PUBLISH, 403),
    ("admin", Scope.ADMIN, 403),
]


class Registry:
    def __init__(self, client: FlaskClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def call(self, endpoint: Endpoint, credential: str) -> Any:
        headers = {}
        token = self.tokens.get(credential)
        if token:
            raw = base64.b64encode(f"__token__:{token}".encode()).decode()
            headers["Authorization"] = f"Basic {raw}"
        kwargs: dict[str, Any] = {"headers": headers}
        if endpoint.multipart:
            kwargs["data"] = upload_body()
        elif endpoint.json is not None:
            kwargs["json"] = endpoint.json
        return self.client.open(endpoint.path, method=endpoint.method, **kwargs)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def registry(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Registry]:
    tmp = tmp_path_factory.mktemp("matrix")
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        engine = make_engine(url)
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE repositories, audit_events RESTART IDENTITY CASCADE"))
    else:
        url = f"sqlite:///{tmp / 'registry.sqlite3'}"
        engine = make_engine(url)
        migrate(engine)
    tokens: dict[str, str] = {"unknown": "cy_" + "0" * 16 + "_" + "1" * 40}
    with session_factory(engine)() as session:
        catalog, cli = SqlCatalog(session), Actor.cli()
        for name, public in ((REPO, False), (OTHER, False), (PUBLIC, True)):
            create_repository(catalog, name, public, cli)
        for scope in ("read", "publish", "admin"):
            tokens[scope] = issue_token(catalog, REPO, scope, "1d", cli).token
        tokens["other-repo-admin"] = issue_token(catalog, OTHER, "admin", "1d", cli).token
        long_ago = datetime.now(UTC) - timedelta(days=2)
        tokens["expired"] = issue_token(catalog, REPO, "admin", "1d", cli, now=long_ago).token
        revoked = issue_token(catalog, REPO, "admin", "1d", cli)
        revoke_token(catalog, revoked.record.id, cli)
        tokens["revoked"] = revoked.token
    app = create_app(Settings(data_dir=Path(tmp), database_url=url))
    registry = Registry(app.test_client(), tokens)
    seeded = registry.call(Endpoint("POST", f"/{REPO}/", Scope.PUBLISH, multipart=True), "publish")
    assert seeded.status_code == 200, seeded.get_data(as_text=True)
    yield registry
    engine.dispose()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_every_endpoint_against_every_credential(registry: Registry, endpoint: Endpoint) -> None:
    seen = {}
    for credential, holds, refusal in CREDENTIALS:
        reply = registry.call(endpoint, credential)
        seen[credential] = reply.status_code
        assert reply.status_code < 500, (credential, reply.get_data(as_text=True))
        allowed = holds is not None and holds >= endpoint.needs
        if allowed:
            assert reply.status_code not in (401, 403), (credential, reply.get_data(as_text=True))
        else:
            assert reply.status_code == refusal, (credential, seen)
            assert reply.get_data(as_text=True).strip(), "a refusal says why"
            if refusal == 401:
                assert reply.headers["WWW-Authenticate"].startswith("Basic")


def test_a_token_never_reaches_another_repository(registry: Registry) -> None:
    for path in (f"/{OTHER}/simple/", f"/-/api/repositories/{OTHER}/tokens"):
        for credential in ("read", "publish", "admin"):
            assert registry.call(Endpoint("GET", path, Scope.READ), credential).status_code == 403


def test_listing_repositories_shows_only_what_the_caller_may_read(registry: Registry) -> None:
    listing = Endpoint("GET", "/-/api/repositories", Scope.READ)
    for credential, visible in (
        ("none", {PUBLIC}),
        ("read", {PUBLIC, REPO}),
        ("other-repo-admin", {PUBLIC, OTHER}),
    ):
        reply = registry.call(listing, credential)
        assert reply.status_code == 200
        assert {r["name"] for r in reply.get_json()["repositories"]} == visible
    for credential in ("unknown", "expired", "revoked"):
        assert registry.call(listing, credential).status_code == 401


def test_public_read_is_read_only_for_anonymous_callers(registry: Registry) -> None:
    index = Endpoint("GET", f"/{PUBLIC}/simple/", Scope.READ)
    assert registry.call(index, "none").status_code == 200
    upload = Endpoint("POST", f"/{PUBLIC}/", Scope.PUBLISH, multipart=True)
    assert registry.call(upload, "none").status_code == 401
