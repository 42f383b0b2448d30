"""Registry sharing end to end: two live `registry serve` instances (the second is the first
one's external index), real pip and uv, the registry CLI.

The main registry's repositories:
    app -> team -> internal -> public ==external==> remote registry's "pypi" repository
plus staging/release (copy), life (statuses), counted (single-flight, against a counting
index).  Tests run in file order; the last one stops the remote.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import io
import json
import os
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.db.session import make_engine, session_factory
from registry.services.admin import issue_token

from .conftest import Server, installed, pip_install, uv_install, wheel

pytestmark = pytest.mark.functional

JSON = "application/vnd.pypi.simple.v1+json"


class World:
    main: Server
    remote: Server
    tokens: dict[str, str]
    cold_file: dict


@pytest.fixture(scope="module")
def world(servers: tuple[Server, Server]) -> World:
    main, remote = servers
    w = World()
    w.main, w.remote, w.tokens = main, remote, {}

    # The external index: a second registry, public-read, serving the "public" packages,
    # among them a higher-versioned acme-utils (the dependency-confusion attack).
    remote.cli("repo", "create", "pypi", "--public-read")
    remote_token = remote.cli("token", "create", "--repo", "pypi", "--scope", "publish").stdout
    remote.start(workers=1)
    for name, version, deps in [
        ("acme-utils", "99.0", ()),
        ("ext-dep", "1.0", ()),
        ("ext-lib", "1.0", ()),
        ("ext-lib", "2.0", ("ext-dep>=1.0",)),
        ("cold-lib", "1.0", ()),
    ]:
        filename, data = wheel(name, version, deps, salt="public")
        assert remote.upload("pypi", filename, data, remote_token.strip()).status_code == 200

    for repo in ("public", "internal", "team", "app", "staging", "release", "life"):
        main.cli("repo", "create", repo)
    main.cli("repo", "set-external", "public", f"{remote.base}/pypi/simple/", "--ttl", "1")
    main.cli("repo", "add-upstream", "internal", "public")
    main.cli("repo", "add-upstream", "team", "internal")
    main.cli("repo", "add-upstream", "app", "team")
    # Tokens straight through the service (the CLI's `token create` is the core's, tested
    # there; one process instead of eleven keeps this setup short).
    engine = make_engine(f"sqlite:///{main.data_dir / 'registry.sqlite3'}")
    with session_factory(engine)() as session:
        for repo, scope in [
            ("app", "read"), ("team", "read"), ("public", "read"), ("public", "publish"),
            ("internal", "publish"), ("internal", "admin"), ("staging", "publish"),
            ("release", "read"), ("release", "publish"), ("life", "publish"), ("life", "read"),
        ]:  # fmt: skip
            issued = issue_token(SqlCatalog(session), repo, scope, "1d", Actor.cli())
            w.tokens[f"{repo}-{scope}"] = issued.token
    engine.dispose()
    main.start(workers=2)
    filename, data = wheel("acme-utils", "1.0", salt="internal")
    reply = main.upload("internal", filename, data, w.tokens["internal-publish"])
    assert reply.status_code == 200, reply.text
    return w


def get(server: Server, path: str, token: str | None, **headers: str) -> requests.Response:
    auth = ("__token__", token) if token else None
    return requests.get(server.base + path, auth=auth, headers=headers, timeout=30)


def origin_of(target: Path, module: str) -> str:
    return (target / module / "__init__.py").read_text().split('ORIGIN = "')[1].split('"')[0]


def test_dependency_confusion_attack_fails_for_pip_and_uv(world: World, tmp_path: Path) -> None:
    main, tokens = world.main, world.tokens
    # The remote really offers 99.0, and the external connection would list it ...
    page = get(main, "/public/simple/acme-utils/", tokens["public-read"], Accept=JSON).json()
    assert {f["filename"] for f in page["files"]} == {"acme_utils-99.0-py3-none-any.whl"}
    # ... but the first publish fixed upstream=block for acme-utils in "internal".
    shown = main.cli("package", "origin", "--repo", "internal", "acme-utils").stdout
    assert "publish=allow upstream=block" in shown
    index = main.index_url("app", tokens["app-read"])
    pip_install(index, tmp_path / "pip", "acme-utils")
    uv_install(index, tmp_path / "uv", "acme-utils")
    for target in (tmp_path / "pip", tmp_path / "uv"):
        assert installed(target) == {"acme_utils": "1.0"}
        assert origin_of(target, "acme_utils") == "internal"


def test_three_repository_chain_and_external_connection(world: World, tmp_path: Path) -> None:
    main, tokens = world.main, world.tokens
    pip_install(main.index_url("app", tokens["app-read"]), tmp_path / "pip", "ext-lib")
    assert installed(tmp_path / "pip") == {"ext_lib": "2.0", "ext_dep": "1.0"}
    uv_install(main.index_url("team", tokens["team-read"]), tmp_path / "uv", "ext-lib==1.0")
    assert installed(tmp_path / "uv") == {"ext_lib": "1.0"}
    # Files are listed through this registry's URLs, with the remote's hashes.
    page = get(main, "/app/simple/ext-lib/", tokens["app-read"], Accept=JSON).json()
    assert all(f["url"].startswith("/app/files/") for f in page["files"])
    html = get(main, "/app/simple/ext-lib/", tokens["app-read"], Accept="text/html").text
    assert "/app/files/" in html and "#sha256=" in html
    # Retained in "public" with origin external: a direct publish there is now refused.
    assert (
        "publish=block upstream=allow"
        in main.cli("package", "origin", "--repo", "public", "ext-lib").stdout
    )
    filename, data = wheel("ext-lib", "3.0", salt="internal")
    refused = main.upload("public", filename, data, tokens["public-publish"])
    assert refused.status_code == 403 and "--publish allow" in refused.text


def test_remote_core_metadata_is_relayed_without_fetching_the_wheel(world: World) -> None:
    main, tokens = world.main, world.tokens
    page = get(main, "/app/simple/cold-lib/", tokens["app-read"], Accept=JSON).json()
    (entry,) = page["files"]
    assert entry["core-metadata"]["sha256"]
    reply = get(main, entry["url"] + ".metadata", tokens["app-read"])
    assert reply.status_code == 200, reply.text
    assert hashlib.sha256(reply.content).hexdigest() == entry["core-metadata"]["sha256"]
    assert b"Name: cold-lib" in reply.content
    # The wheel itself was not downloaded: "public" holds no cold-lib file yet.
    assert "cold-lib" not in main.cli("repo", "show", "public").stdout
    world.cold_file = entry


def test_concurrent_first_downloads_fetch_the_remote_file_once(world: World) -> None:
    """Eight simultaneous first requests over two gunicorn workers: one remote download
    (from an HTML-only index)."""
    filename, data = wheel("burst-lib", "1.0", salt="burst")
    sha = hashlib.sha256(data).hexdigest()
    hits = {"file": 0}
    lock = threading.Lock()

    class Index(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.endswith(".whl"):
                with lock:
                    hits["file"] += 1
                time.sleep(0.5)  # a slow remote widens the race
                body, kind = data, "application/octet-stream"
            else:  # an HTML-only index (PEP 503), like pypiserver: the fallback path
                body = (
                    f'<!DOCTYPE html><html><body><a href="/f/{filename}#sha256={sha}" '
                    f'data-requires-python="&gt;=3.8">{filename}</a></body></html>'
                ).encode()
                kind = "text/html"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    index = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    threading.Thread(target=index.serve_forever, daemon=True).start()
    main = world.main
    try:
        main.cli("repo", "create", "counted", "--public-read")
        main.cli("repo", "set-external", "counted", f"http://127.0.0.1:{index.server_port}/")
        page = get(main, "/counted/simple/burst-lib/", None, Accept=JSON).json()
        (entry,) = page["files"]
        assert entry["hashes"] == {"sha256": sha} and entry["requires-python"] == ">=3.8"
        url = f"/counted/files/{sha}/{filename}"
        assert entry["url"] == url
        with ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(lambda _: get(main, url, None), range(8)))
    finally:
        index.shutdown()
        index.server_close()
    assert [r.status_code for r in replies] == [200] * 8
    assert all(r.content == data for r in replies)
    assert hits["file"] == 1


def _large_wheel(name: str, version: str, payload: bytes) -> tuple[str, bytes]:
    """A valid wheel carrying ``payload`` uncompressed (so its bytes are that big)."""
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{module}/data.bin", payload)
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        )
        zf.writestr(f"{module}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\n")
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()


def test_a_cold_external_file_streams_to_the_client_while_it_is_cached(world: World) -> None:
    """The remote sends the first part of a file and then waits until the client has read
    its first bytes: a registry that downloaded the whole file before answering would never
    answer. Once the remote sends the rest the client has the whole file, verified, and the
    registry its copy (served with the remote gone)."""
    filename, data = _large_wheel("stream-lib", "1.0", os.urandom(640 * 1024))
    sha = hashlib.sha256(data).hexdigest()
    first_part = 4 * 65536
    client_has_bytes = threading.Event()

    class Index(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.endswith(".whl"):
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[:first_part])
                self.wfile.flush()
                client_has_bytes.wait(20)
                self.wfile.write(data[first_part:])
                return
            body = (
                f'<!DOCTYPE html><html><body><a href="/f/{filename}#sha256={sha}">'
                f"{filename}</a></body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    index = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    threading.Thread(target=index.serve_forever, daemon=True).start()
    main = world.main
    url = f"/streamed/files/{sha}/{filename}"
    try:
        main.cli("repo", "create", "streamed", "--public-read")
        main.cli("repo", "set-external", "streamed", f"http://127.0.0.1:{index.server_port}/")
        with requests.get(main.base + url, stream=True, timeout=10) as reply:
            assert reply.status_code == 200
            assert reply.headers["X-Registry-Cache"] == "MISS"
            head = reply.raw.read(65536)
            assert head == data[:65536]  # while the remote still holds back the rest
            client_has_bytes.set()
            rest = reply.raw.read()
        assert head + rest == data
    finally:
        client_has_bytes.set()
        index.shutdown()
        index.server_close()
    again = get(main, url, None)  # the remote is gone: the registry's verified copy
    assert again.status_code == 200 and again.content == data
    assert again.headers["X-Registry-Cache"] == "HIT"


def test_copy_between_repositories_then_install_from_the_target(
    world: World, tmp_path: Path
) -> None:
    main, tokens = world.main, world.tokens
    filename, data = wheel("promo-lib", "1.0", salt="staging")
    assert main.upload("staging", filename, data, tokens["staging-publish"]).status_code == 200
    out = main.cli("copy", "--from", "staging", "--to", "release", "promo-lib", "1.0").stdout
    assert f"copied\t{filename}\t{hashlib.sha256(data).hexdigest()}" in out
    pip_install(main.index_url("release", tokens["release-read"]), tmp_path, "promo-lib")
    assert installed(tmp_path) == {"promo_lib": "1.0"}
    assert origin_of(tmp_path, "promo_lib") == "staging"
    # Copy never overwrites different bytes, and writes nothing when it refuses.
    other_name, other = wheel("promo-lib", "1.1", salt="release")
    assert main.upload("release", other_name, other, tokens["release-publish"]).status_code == 200
    newer_name, newer = wheel("promo-lib", "1.1", salt="staging")
    assert main.upload("staging", newer_name, newer, tokens["staging-publish"]).status_code == 200
    refused = main.cli("copy", "--from", "staging", "--to", "release", "promo-lib", "1.1",
                       check=False)  # fmt: skip
    assert refused.returncode == 2 and "never overwrites" in refused.stderr
    page = get(main, "/release/simple/promo-lib/", tokens["release-read"], Accept=JSON).json()
    sha = {f["filename"]: f["hashes"]["sha256"] for f in page["files"]}
    assert sha[newer_name] == hashlib.sha256(other).hexdigest()


def test_statuses_as_seen_by_pip_and_uv(world: World, tmp_path: Path) -> None:
    main, tokens = world.main, world.tokens
    files = {}
    for version in ("1.0", "2.0", "3.0"):
        filename, data = wheel("lc-pkg", version, salt="life")
        files[version] = (filename, data)
        assert main.upload("life", filename, data, tokens["life-publish"]).status_code == 200
    index = main.index_url("life", tokens["life-read"])

    main.cli("status", "--repo", "life", "lc-pkg", "3.0", "unlisted")
    for installer, name in ((pip_install, "pip"), (uv_install, "uv")):
        installer(index, tmp_path / f"{name}-latest", "lc-pkg")
        assert installed(tmp_path / f"{name}-latest") == {"lc_pkg": "2.0"}
        installer(index, tmp_path / f"{name}-pinned", "lc-pkg==3.0")
        assert installed(tmp_path / f"{name}-pinned") == {"lc_pkg": "3.0"}

    main.cli("status", "--repo", "life", "lc-pkg", "2.0", "archived")
    for installer, name in ((pip_install, "pip"), (uv_install, "uv")):
        refused = installer(index, tmp_path / f"{name}-archived", "lc-pkg==2.0", check=False)
        assert refused.returncode != 0
        installer(index, tmp_path / f"{name}-after", "lc-pkg")
        assert installed(tmp_path / f"{name}-after") == {"lc_pkg": "1.0"}

    sha1 = hashlib.sha256(files["1.0"][1]).hexdigest()
    assert get(main, f"/life/files/{sha1}/{files['1.0'][0]}", tokens["life-read"]).ok
    main.cli("status", "--repo", "life", "lc-pkg", "1.0", "disposed")
    gone = get(main, f"/life/files/{sha1}/{files['1.0'][0]}", tokens["life-read"])
    assert gone.status_code == 404
    assert not (main.data_dir / "blobs" / "sha256" / sha1[:2] / sha1).exists()
    check = main.cli("check")  # a disposed file's missing bytes are not a missing blob
    assert "MISSING" not in check.stdout and check.stderr.startswith("0 missing")
    # The name and hash are kept: the filename can never come back with other bytes.
    _, other = wheel("lc-pkg", "1.0", salt="impostor")
    reupload = main.upload("life", files["1.0"][0], other, tokens["life-publish"])
    assert reupload.status_code == 409 and "File already exists" in reupload.text
    page = get(main, "/life/simple/lc-pkg/", tokens["life-read"], Accept=JSON).json()
    assert [(f["filename"], bool(f["yanked"])) for f in page["files"]] == [(files["3.0"][0], True)]
    html = get(main, "/life/simple/lc-pkg/", tokens["life-read"], Accept="text/html").text
    assert html.count("<a ") == 1 and "data-yanked=" in html


def test_pypi_json_api(world: World) -> None:
    main, tokens = world.main, world.tokens
    filename, data = wheel("json-pkg", "1.0", deps=("ext-dep>=1.0",), salt="internal")
    assert main.upload("internal", filename, data, tokens["internal-publish"]).status_code == 200
    doc = get(main, "/team/pypi/JSON_pkg/json", tokens["team-read"]).json()
    assert doc["info"]["name"] == "json-pkg" and doc["info"]["version"] == "1.0"
    assert doc["info"]["requires_dist"] == ["ext-dep>=1.0"]
    (entry,) = doc["releases"]["1.0"]
    assert entry["digests"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["digests"]["md5"] == hashlib.md5(data).hexdigest()
    assert entry["packagetype"] == "bdist_wheel" and entry["size"] == len(data)
    download = requests.get(entry["url"], auth=("__token__", tokens["team-read"]), timeout=30)
    assert download.content == data
    version_doc = get(main, "/team/pypi/json-pkg/1.0/json", tokens["team-read"]).json()
    assert "releases" not in version_doc and version_doc["urls"][0]["filename"] == filename
    assert get(main, "/team/pypi/json-pkg/9.9/json", tokens["team-read"]).status_code == 404


def test_webhook_delivery_is_signed_and_failures_are_visible(world: World) -> None:
    main, tokens = world.main, world.tokens
    received: list[tuple[bytes, dict[str, str]]] = []
    arrived = threading.Event()

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, dict(self.headers)))
            self.send_response(204)
            self.end_headers()
            arrived.set()

        def log_message(self, *args: object) -> None:
            pass

    receiver = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    secret = "s3cret-for-the-hook"
    admin = ("__token__", tokens["internal-admin"])
    api = f"{main.base}/-/api/repositories/internal/webhooks"
    try:
        ok = requests.post(api, json={"url": f"http://127.0.0.1:{receiver.server_port}/h",
                                      "secret": secret}, auth=admin, timeout=30)  # fmt: skip
        assert ok.status_code == 201, ok.text
        dead = requests.post(api, json={"url": "http://127.0.0.1:9/closed", "secret": secret},
                             auth=admin, timeout=30)  # fmt: skip
        assert dead.status_code == 201
        filename, data = wheel("hook-pkg", "1.0", salt="internal")
        started = time.monotonic()
        reply = main.upload("internal", filename, data, tokens["internal-publish"])
        assert reply.status_code == 200 and time.monotonic() - started < 5
        assert arrived.wait(15), "no webhook delivery arrived"
    finally:
        receiver.shutdown()
        receiver.server_close()
    body, headers = received[0]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Registry-Signature-256"] == expected
    event = json.loads(body)
    assert event["type"] == "package_version.published"
    assert event["package"] == {"format": "pypi", "name": "hook-pkg", "version": "1.0"}
    assert event["repository"] == "internal" and event["data"]["files"][0]["filename"] == filename
    # The receiver sees the request before the sender records its answer: poll for both.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        log = requests.get(api + "/deliveries", auth=admin, timeout=30).json()["deliveries"]
        failed = [d for d in log if d["webhook_id"] == dead.json()["id"] and not d["delivered"]]
        delivered = [d for d in log if d["webhook_id"] == ok.json()["id"] and d["delivered"]]
        if failed and delivered:
            break
        time.sleep(0.3)
    assert failed and failed[-1]["error"]
    assert delivered


def test_audit_lists_who_did_what_from_where(world: World) -> None:
    out = world.main.cli("audit", "--repo", "internal", "--since", "1h").stdout.splitlines()
    rows = [line.split("\t") for line in out]
    actions = [r[4] for r in rows]
    assert {"repository.create", "repository.upstream.add", "file.publish",
            "webhook.create"} <= set(actions)  # fmt: skip
    hook = next(r for r in rows if r[4] == "webhook.create")
    assert hook[2].startswith("token ") and hook[3] == "127.0.0.1"
    upstream = next(r for r in rows if r[4] == "repository.upstream.add")
    assert json.loads(upstream[6]) == {"before": [], "after": ["public"]}
    as_json = world.main.cli("audit", "--repo", "life", "--json", "--action", "release.status")
    statuses = [json.loads(line)["details"] for line in as_json.stdout.splitlines()]
    assert {"before": "published", "after": "disposed"} in statuses
    bad = world.main.cli("audit", "--since", "yesterday-ish", check=False)
    assert bad.returncode == 2 and "ISO 8601" in bad.stderr


def test_remote_down_serves_cached_pages_and_files_and_502_otherwise(
    world: World, tmp_path: Path
) -> None:
    main, tokens = world.main, world.tokens
    world.remote.stop()
    time.sleep(1.2)  # past the 1 s page TTL: the next request must revalidate, and cannot
    stale = get(main, "/app/simple/ext-lib/", tokens["app-read"], Accept=JSON)
    assert stale.status_code == 200 and stale.headers["X-Registry-Stale"] == "true"
    assert "refused" in stale.headers["X-Registry-Stale-Reason"].lower()
    pip_install(main.index_url("app", tokens["app-read"]), tmp_path, "ext-lib")
    assert installed(tmp_path) == {"ext_lib": "2.0", "ext_dep": "1.0"}
    (wheel_entry,) = [f for f in stale.json()["files"] if f["filename"].startswith("ext_lib-2.0")]
    cached = get(main, wheel_entry["url"], tokens["app-read"])
    assert cached.status_code == 200 and cached.headers["X-Registry-Cache"] == "HIT"
    unknown = get(main, "/app/simple/never-seen/", tokens["app-read"])
    assert unknown.status_code == 502 and "external connection failed" in unknown.text
    cold = get(main, world.cold_file["url"], tokens["app-read"])
    assert cold.status_code == 502 and "not cached here" in cold.text
