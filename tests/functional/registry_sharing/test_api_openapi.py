"""The management API answers as registry/web/openapi.yaml says: every operation is called,
and every answer's status, content type and JSON body are checked against the document
(the spec itself is validated as OpenAPI 3.0 first)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate as validate_spec

from registry.config import Settings
from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.services import admin
from registry.web.app import create_app

from .conftest import wheel

SPEC_PATH = Path(__file__).parents[3] / "registry" / "web" / "openapi.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text())


def _resolve(node: Any) -> Any:
    """Inline $refs and turn OpenAPI 3.0 'nullable' into JSON Schema."""
    if isinstance(node, list):
        return [_resolve(n) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _resolve(target)
    out = {k: _resolve(v) for k, v in node.items() if k not in ("nullable", "example")}
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


class Checker:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.seen: set[str] = set()
        self.templates = []
        for template, item in SPEC["paths"].items():
            parts = re.split(r"\{[^}]+\}", template)
            pattern = "[^/]+".join(re.escape(part) for part in parts)
            self.templates.append((re.compile("^/-/api" + pattern + "$"), template, item))

    def operation(self, method: str, path: str) -> dict[str, Any]:
        matches = [
            (template, item[method])
            for regex, template, item in self.templates
            if regex.match(path) and method in item
        ]
        # The most literal template wins (/webhooks/deliveries over /webhooks/{id}).
        matches.sort(key=lambda m: m[0].count("{"))
        assert matches, f"{method.upper()} {path} is not in the OpenAPI document"
        return matches[0][1]

    def call(self, method: str, path: str, token: str | None, json: Any = None,
             status: int | None = None) -> Any:  # fmt: skip
        headers = {}
        if token:
            headers["Authorization"] = (
                "Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()
            )
        response = self.client.open(path, method=method.upper(), json=json, headers=headers)
        operation = self.operation(method, path.split("?")[0])
        self.seen.add(operation["operationId"])
        documented = operation["responses"]
        code = str(response.status_code)
        assert code in documented, (
            f"{method.upper()} {path} answered {code}, not documented: {response.get_data()!r}"
        )
        expected = _resolve(documented[code])
        content_type = response.mimetype
        assert content_type in expected["content"], f"{path}: undocumented {content_type}"
        if content_type == "application/json":
            schema = expected["content"]["application/json"]["schema"]
            jsonschema.validate(response.get_json(), schema)
        if status is not None:
            assert response.status_code == status, response.get_data(as_text=True)
        return response.get_json(silent=True)


@pytest.fixture
def api(tmp_path: Path) -> tuple[Checker, dict[str, str], Any]:
    app = create_app(Settings(data_dir=tmp_path / "data"))
    sessions = app.extensions["codeyard.registry"].sessions
    catalog = SqlCatalog(sessions())
    tokens = {}
    for name, public in (("ops", False), ("up", True), ("src", True)):
        admin.create_repository(catalog, name, public, Actor.cli())
    for repo, scope in (("ops", "admin"), ("ops", "read"), ("src", "publish")):
        tokens[f"{repo}-{scope}"] = admin.issue_token(catalog, repo, scope, None, Actor.cli()).token
    catalog.session.close()
    return Checker(app.test_client()), tokens, app


def test_the_document_is_valid_openapi() -> None:
    validate_spec(SPEC)


def test_every_operation_answers_as_documented(api) -> None:  # type: ignore[no-untyped-def]
    check, tokens, app = api
    adm, read = tokens["ops-admin"], tokens["ops-read"]
    base = "/-/api/repositories/ops"

    def names(token):  # type: ignore[no-untyped-def]
        listed = check.call("get", "/-/api/repositories", token, status=200)
        return [r["name"] for r in listed["repositories"]]

    assert names(None) == ["src", "up"]
    assert names(read) == ["ops", "src", "up"]
    check.call("get", "/-/api/repositories", "cyr_bogus_token", status=401)
    check.call("get", base, read, status=200)
    check.call("get", base, None, status=401)
    check.call("get", "/-/api/repositories/nope", adm, status=404)
    repo = check.call("post", f"{base}/upstreams", adm, {"upstream": "up"}, status=201)
    assert repo["upstreams"] == ["up"]
    check.call("post", f"{base}/upstreams", read, {"upstream": "up"}, status=403)
    check.call("post", f"{base}/upstreams", adm, {"upstream": "up"}, status=400)  # duplicate
    check.call("post", f"{base}/upstreams", adm, {"nope": 1}, status=400)
    check.call("delete", f"{base}/upstreams/up", adm, status=200)
    check.call("delete", f"{base}/upstreams/up", adm, status=404)

    url = {"url": "https://user:pw@pypi.example/simple/", "ttl_seconds": 60}
    repo = check.call("put", f"{base}/external-connection", adm, url, status=200)
    assert repo["external_connection"] == {"url": "https://pypi.example/simple/", "ttl_seconds": 60}
    check.call("put", f"{base}/external-connection", adm, {"url": "ftp://x"}, status=400)
    check.call("delete", f"{base}/external-connection", adm, status=200)
    check.call("delete", f"{base}/external-connection", adm, status=404)

    created = check.call("post", f"{base}/tokens", adm, {"scope": "read", "expires": "1d"},
                         status=201)  # fmt: skip
    assert created["token"] and created["scope"] == "read"
    check.call("post", f"{base}/tokens", adm, {"scope": "root"}, status=400)
    listed = check.call("get", f"{base}/tokens", adm, status=200)["tokens"]
    assert created["id"] in [t["id"] for t in listed] and "token" not in listed[0]
    revoked = check.call("delete", f"{base}/tokens/{created['id']}", adm, status=200)
    assert revoked["revoked_at"]
    check.call("delete", f"{base}/tokens/99999", adm, status=404)

    check.call("get", f"{base}/packages/Acme_Utils/origin", read, status=200)
    origin = check.call("put", f"{base}/packages/acme-utils/origin", adm,
                        {"upstream": "block"}, status=200)  # fmt: skip
    assert origin == {"project": "acme-utils", "publish": "allow", "upstream": "block"}
    check.call("put", f"{base}/packages/acme-utils/origin", adm, {"upstream": "no"}, status=400)

    # Copy from a public-read repository into "ops", then drive the version's lifecycle.
    filename, data = wheel("api-pkg", "1.0")
    sha = hashlib.sha256(data).hexdigest()
    upload = app.test_client().post(
        "/src/",
        data={":action": "file_upload", "protocol_version": "1", "metadata_version": "2.1",
              "name": "api-pkg", "version": "1.0", "filetype": "bdist_wheel",
              "pyversion": "py3", "sha256_digest": sha,
              "content": (__import__("io").BytesIO(data), filename)},
        headers={"Authorization": "Basic " + base64.b64encode(
            f"__token__:{tokens['src-publish']}".encode()).decode()},
    )  # fmt: skip
    assert upload.status_code == 200, upload.get_data(as_text=True)
    copy = {"from": "src", "to": "ops", "project": "api-pkg", "versions": ["1.0"]}
    copied = check.call("post", "/-/api/copy", adm, copy, status=200)["copied"]
    assert copied == [{"filename": filename, "sha256": sha, "size": len(data)}]
    check.call("post", "/-/api/copy", adm, {**copy, "versions": ["7.0"]}, status=404)
    check.call("post", "/-/api/copy", adm, {**copy, "versions": "1.0"}, status=400)

    # A review policy on "ops": a copy of a file without a review attestation is refused,
    # naming the file and why; clearing the policy lets it through again.
    assert check.call("get", f"{base}/review-policy", read, status=200)["require_review"] is None
    policy = check.call("put", f"{base}/review-policy", adm, {"require_review": "Max-Risk=0.5"},
                        status=200)  # fmt: skip
    assert policy == {"repository": "ops", "require_review": "max-risk=0.5"}
    check.call("put", f"{base}/review-policy", adm, {"require_review": "max-risk=2"}, status=400)
    check.call("put", f"{base}/review-policy", read, {"require_review": "pass"}, status=403)
    filename2, data2 = wheel("api-pkg", "2.0")
    upload2 = app.test_client().post(
        "/src/",
        data={":action": "file_upload", "protocol_version": "1", "metadata_version": "2.1",
              "name": "api-pkg", "version": "2.0", "filetype": "bdist_wheel",
              "pyversion": "py3", "sha256_digest": hashlib.sha256(data2).hexdigest(),
              "content": (__import__("io").BytesIO(data2), filename2)},
        headers={"Authorization": "Basic " + base64.b64encode(
            f"__token__:{tokens['src-publish']}".encode()).decode()},
    )  # fmt: skip
    assert upload2.status_code == 200, upload2.get_data(as_text=True)
    refused = app.test_client().post(
        "/-/api/copy", json={**copy, "versions": ["2.0"]},
        headers={"Authorization": f"Bearer {adm}"},
    )  # fmt: skip
    assert refused.status_code == 403
    assert f"{filename2}: no verified review attestation" in refused.get_data(as_text=True)
    cleared = check.call("delete", f"{base}/review-policy", adm, status=200)
    assert cleared["require_review"] is None

    versions = f"{base}/packages/api-pkg/versions/1.0"
    yanked = check.call("put", f"{versions}/yank", adm, {"reason": "broken"}, status=200)
    assert yanked["yanked"] and yanked["yanked_reason"] == "broken"
    assert not check.call("delete", f"{versions}/yank", adm, status=200)["yanked"]
    status = check.call("put", f"{versions}/status", adm, {"status": "unlisted"}, status=200)
    assert status["status"] == "unlisted"
    check.call("put", f"{versions}/status", adm, {"status": "gone"}, status=400)
    assert check.call("delete", versions, adm, status=200)["deleted_files"] == 1
    check.call("delete", versions, adm, status=404)

    hook = check.call("post", f"{base}/webhooks", adm,
                      {"url": "http://127.0.0.1:9/h", "secret": "x" * 16}, status=201)  # fmt: skip
    check.call("post", f"{base}/webhooks", adm, {"url": "http://h", "secret": "x"}, status=400)
    assert check.call("get", f"{base}/webhooks", adm, status=200)["webhooks"] == [hook]
    check.call("get", f"{base}/webhooks/deliveries", adm, status=200)
    check.call("delete", f"{base}/webhooks/{hook['id']}", adm, status=200)
    check.call("delete", f"{base}/webhooks/{hook['id']}", adm, status=404)

    events = check.call("get", f"{base}/audit?since=1h", adm, status=200)["events"]
    actions = [e["action"] for e in events]
    assert {"repository.upstream.add", "token.create", "release.copy", "release.yank",
            "release.status", "release.delete", "webhook.create"} <= set(actions)  # fmt: skip
    check.call("get", f"{base}/audit?since=whenever", adm, status=400)
    check.call("get", f"{base}/audit", read, status=403)

    documented = {
        op["operationId"] for item in SPEC["paths"].values() for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }  # fmt: skip
    assert documented == check.seen, f"not exercised: {documented - check.seen}"
