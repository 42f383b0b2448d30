"""The HTTP surface, run in-process and against live gunicorn through one driver."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import zipfile

import pytest

from .conftest import MAX_UPLOAD, PUBLIC_REPO, REPO, Driver, make_wheel

pytestmark = pytest.mark.functional

JSON = "application/vnd.pypi.simple.v1+json"
WHEEL_NAME = "cy_http-1.0-py3-none-any.whl"
WHEEL = make_wheel("cy-http", "1.0")


def make_sdist(name: str, version: str) -> bytes:
    stem = f"{name.replace('-', '_')}-{version}"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        data = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n".encode()
        info = tarfile.TarInfo(f"{stem}/PKG-INFO")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


SDIST_NAME = "cy_http-1.0.tar.gz"
SDIST = make_sdist("cy-http", "1.0")


@pytest.fixture
def seeded(driver: Driver) -> Driver:
    for name, body in ((WHEEL_NAME, WHEEL), (SDIST_NAME, SDIST)):
        reply = driver.upload(REPO, name, body, driver.tokens["publish"])
        assert reply.status == 200, reply.text
    reply = driver.upload(PUBLIC_REPO, WHEEL_NAME, WHEEL, driver.tokens["open-publish"])
    assert reply.status == 200, reply.text
    return driver


def detail_json(driver: Driver, repo: str = REPO, project: str = "cy-http") -> dict:
    reply = driver.get(f"/{repo}/simple/{project}/", {"Accept": JSON}, driver.tokens["read"])
    assert reply.status == 200, reply.text
    return json.loads(reply.body)


def test_identical_reupload_is_a_no_op(seeded: Driver) -> None:
    before = (seeded.row_counts(), seeded.blob_files())
    reply = seeded.upload(REPO, WHEEL_NAME, WHEEL, seeded.tokens["publish"])
    assert reply.status == 200
    assert "identical content" in reply.text
    assert (seeded.row_counts(), seeded.blob_files()) == before


def test_same_filename_other_bytes_is_409(seeded: Driver) -> None:
    other = make_wheel("cy-http", "1.0", extra={"cy_http/extra.py": b"x = 1\n"})
    before = (seeded.row_counts(), seeded.blob_files())
    reply = seeded.upload(REPO, WHEEL_NAME, other, seeded.tokens["publish"])
    assert reply.status == 409
    assert "File already exists" in reply.reason
    assert "File already exists" in reply.text
    assert (seeded.row_counts(), seeded.blob_files()) == before


def test_detail_json_and_html(seeded: Driver) -> None:
    data = detail_json(seeded)
    assert data["meta"]["api-version"] == "1.1"
    assert data["versions"] == ["1.0"]
    files = {f["filename"]: f for f in data["files"]}
    wheel = files[WHEEL_NAME]
    assert wheel["hashes"]["sha256"] == hashlib.sha256(WHEEL).hexdigest()
    assert wheel["size"] == len(WHEEL)
    assert wheel["upload-time"].endswith("Z")
    assert "core-metadata" in wheel and "dist-info-metadata" not in wheel
    assert "core-metadata" not in files[SDIST_NAME]

    html = seeded.get(f"/{REPO}/simple/cy-http/", {"Accept": "text/html"}, seeded.tokens["read"])
    assert html.status == 200
    assert html.headers["Content-Type"].startswith("text/html")
    assert f"#sha256={wheel['hashes']['sha256']}" in html.text
    assert 'data-core-metadata="sha256=' in html.text
    assert 'data-dist-info-metadata="sha256=' in html.text


def test_negotiation_vary_406_and_format_override(seeded: Driver) -> None:
    token = seeded.tokens["read"]
    path = f"/{REPO}/simple/cy-http/"
    reply = seeded.get(path, {"Accept": f"text/html;q=0.5, {JSON}"}, token)
    assert reply.headers["Content-Type"] == JSON
    assert "Accept" in reply.headers["Vary"]
    reply = seeded.get(path, {"Accept": "application/xml"}, token)
    assert reply.status == 406
    assert "is served here" in reply.text
    reply = seeded.get(path + "?format=" + JSON, {"Accept": "text/html"}, token)
    assert reply.headers["Content-Type"] == JSON


def test_index_page(seeded: Driver) -> None:
    token = seeded.tokens["read"]
    reply = seeded.get(f"/{REPO}/simple/", {"Accept": JSON}, token)
    assert {"name": "cy-http"} in json.loads(reply.body)["projects"]
    html = seeded.get(f"/{REPO}/simple/", {"Accept": "text/html"}, token)
    assert '<a href="cy-http/">cy-http</a>' in html.text


def test_non_normalized_name_redirects(seeded: Driver) -> None:
    reply = seeded.get(f"/{REPO}/simple/Cy_HTTP/?format=json", None, seeded.tokens["read"])
    assert reply.status == 301
    assert reply.headers["Location"].endswith(f"/{REPO}/simple/cy-http/?format=json")


def test_etag_and_304(seeded: Driver) -> None:
    token = seeded.tokens["read"]
    path = f"/{REPO}/simple/cy-http/"
    first = seeded.get(path, {"Accept": JSON}, token)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = seeded.get(path, {"Accept": JSON, "If-None-Match": etag}, token)
    assert again.status == 304 and again.body == b""
    # the HTML representation has its own ETag
    html = seeded.get(path, {"Accept": "text/html", "If-None-Match": etag}, token)
    assert html.status == 200


def test_unknown_project_and_repository(seeded: Driver) -> None:
    assert seeded.get(f"/{REPO}/simple/nope/", None, seeded.tokens["read"]).status == 404
    reply = seeded.get("/no-such-repo/simple/", None, seeded.tokens["read"])
    assert reply.status == 404 and "does not exist" in reply.text
    # without a valid token an unknown repository looks like a private one: no name probing
    for token in (None, "cyr_0000000000000000_not-a-real-secret"):
        reply = seeded.get("/no-such-repo/simple/", None, token)
        assert reply.status == 401 and "does not exist" not in reply.text
        assert reply.headers["WWW-Authenticate"].startswith("Basic")


def test_download_metadata_ranges_and_caching(seeded: Driver) -> None:
    token = seeded.tokens["read"]
    files = {f["filename"]: f for f in detail_json(seeded)["files"]}
    url = files[WHEEL_NAME]["url"]
    reply = seeded.get(url, None, token)
    assert reply.status == 200 and reply.body == WHEEL
    assert reply.headers["Accept-Ranges"] == "bytes"
    assert "immutable" in reply.headers["Cache-Control"]
    assert reply.headers["ETag"] == f'"{hashlib.sha256(WHEEL).hexdigest()}"'

    part = seeded.get(url, {"Range": "bytes=10-19"}, token)
    assert part.status == 206 and part.body == WHEEL[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(WHEEL)}"

    with zipfile.ZipFile(io.BytesIO(WHEEL)) as zf:
        expected = zf.read("cy_http-1.0.dist-info/METADATA")
    meta = seeded.get(url + ".metadata", None, token)
    assert meta.status == 200 and meta.body == expected
    assert files[WHEEL_NAME]["core-metadata"]["sha256"] == hashlib.sha256(expected).hexdigest()

    sdist = seeded.get(files[SDIST_NAME]["url"], {"Accept-Encoding": "gzip"}, token)
    assert sdist.body == SDIST
    assert "Content-Encoding" not in sdist.headers
    assert seeded.get(files[SDIST_NAME]["url"] + ".metadata", None, token).status == 404
    wrong = url.replace(files[WHEEL_NAME]["hashes"]["sha256"], "0" * 64)
    assert seeded.get(wrong, None, token).status == 404


def test_private_reads_need_a_token(seeded: Driver) -> None:
    reply = seeded.get(f"/{REPO}/simple/cy-http/")
    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert (
        seeded.get(f"/{REPO}/simple/cy-http/", None, "cyr_0000000000000000_" + "x" * 43).status
        == 401
    )
    # a public-read repository serves anyone, files included
    data = seeded.get(f"/{PUBLIC_REPO}/simple/cy-http/", {"Accept": JSON})
    assert data.status == 200
    url = json.loads(data.body)["files"][0]["url"]
    assert seeded.get(url).body == WHEEL
    # but uploading to it still needs a publish token for it
    reply = seeded.upload(PUBLIC_REPO, WHEEL_NAME, WHEEL, seeded.tokens["publish"])
    assert reply.status == 403 and f"'{PUBLIC_REPO}'" in reply.reason


def zip_bomb() -> bytes:
    return make_wheel("cy-bomb", "1.0", extra={"cy_bomb/zeros.bin": b"\0" * (20 * 1024 * 1024)})


def oversized() -> bytes:
    return make_wheel("cy-big", "1.0", extra={"cy_big/noise.bin": os.urandom(MAX_UPLOAD + 1000)})


GALLERY = [
    # id, filename, content factory, token kind, field overrides, status, message
    ("wrong-digest", "cy_bad-1.0-py3-none-any.whl", lambda: make_wheel("cy-bad", "1.0"),
     "publish", {"sha256_digest": "0" * 64}, 400, "does not match the uploaded bytes"),
    ("name-mismatch", "cy_bad-1.0-py3-none-any.whl", lambda: make_wheel("cy-bad", "1.0"),
     "publish", {"name": "someone-else"}, 400, "does not match the project in the filename"),
    ("metadata-mismatch", "cy_bad-1.0-py3-none-any.whl", lambda: make_wheel("cy-bad", "1.0"),
     "publish", {"version": "2.0"}, 400, "does not match the version in the filename"),
    ("path-traversal", "../cy_bad-1.0-py3-none-any.whl", lambda: make_wheel("cy-bad", "1.0"),
     "publish", {"name": "cy-bad", "version": "1.0"}, 400, "not a plain file name"),
    ("bad-zip", "cy_bad-1.0-py3-none-any.whl", lambda: b"PK\x03\x04 not really a zip",
     "publish", {}, 400, "not a readable zip file"),
    ("zip-bomb", "cy_bomb-1.0-py3-none-any.whl", zip_bomb,
     "publish", {}, 413, "zip bomb"),
    ("oversized", "cy_big-1.0-py3-none-any.whl", oversized,
     "publish", {}, 413, "more than this registry's limit"),
    ("egg-format", "cy_bad-1.0-py3.11.egg", lambda: make_wheel("cy-bad", "1.0"),
     "publish", {"name": "cy-bad", "version": "1.0"}, 400, "neither a wheel (.whl) nor an sdist"),
    ("missing-auth", "cy_bad-1.0-py3-none-any.whl", lambda: make_wheel("cy-bad", "1.0"),
     None, {}, 401, "needs a token with publish scope"),
    ("read-only-token", "cy_bad-1.0-py3-none-any.whl", lambda: make_wheel("cy-bad", "1.0"),
     "read", {}, 403, "read scope on repository 'team'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("filename", "factory", "token_kind", "overrides", "status", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in GALLERY],
)
def test_hostile_uploads_are_refused_and_leave_nothing(
    driver: Driver, filename, factory, token_kind, overrides, status, message
) -> None:
    before = (driver.row_counts(), driver.blob_files())
    token = driver.tokens[token_kind] if token_kind else None
    reply = driver.upload(REPO, filename, factory(), token, **overrides)
    assert reply.status == status, reply.text
    assert message in reply.reason, reply.reason
    assert message in reply.text
    assert (driver.row_counts(), driver.blob_files()) == before
    if status == 401:
        assert "WWW-Authenticate" in reply.headers


def test_long_description_is_not_a_413(driver: Driver) -> None:
    body = make_wheel("cy-long", "1.0")
    reply = driver.upload(
        REPO,
        "cy_long-1.0-py3-none-any.whl",
        body,
        driver.tokens["publish"],
        description="x" * (3 * 1024 * 1024),
    )
    assert reply.status == 200, reply.reason


def test_concurrent_uploads_of_a_new_project(live) -> None:  # type: ignore[no-untyped-def]
    """CI jobs upload one wheel per platform at once: none may fail on the new project row."""
    from concurrent.futures import ThreadPoolExecutor

    from .conftest import LiveDriver

    def one(i: int) -> int:
        driver = LiveDriver(live.base, live.data_dir, live.tokens)
        tag = f"py3{i}"
        body = make_wheel("cy-conc", "1.0", extra={f"cy_conc/{tag}.py": tag.encode()})
        filename = f"cy_conc-1.0-{tag}-none-any.whl"
        return driver.upload(REPO, filename, body, live.tokens["publish"]).status

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(one, range(8)))
    assert statuses == [200] * 8
    page = live.get(f"/{REPO}/simple/cy-conc/", {"Accept": JSON}, live.tokens["read"])
    assert len(json.loads(page.body)["files"]) == 8
