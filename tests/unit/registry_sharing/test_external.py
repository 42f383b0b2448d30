import contextlib
import hashlib
import http.server
import json
import threading
import time
from pathlib import Path

import pytest

from registry.core.remote_index import RemoteFile
from registry.services.external import (
    ExternalIndex,
    FileKeyedLock,
    HttpResponse,
    MemoryPageCache,
    RemoteIntegrityError,
    RemoteUnavailable,
    RequestsHttpClient,
    ThreadKeyedLock,
    redact,
)

INDEX = "https://remote.example/simple"
PAGE_URL = "https://remote.example/simple/acme-utils/"
CONTENT = b"wheel bytes " * 1000
SHA = hashlib.sha256(CONTENT).hexdigest()
JSON_TYPE = "application/vnd.pypi.simple.v1+json"


def page_body(sha=SHA):
    return json.dumps(
        {
            "meta": {"api-version": "1.1"},
            "name": "acme-utils",
            "files": [
                {
                    "filename": "acme_utils-1.0-py3-none-any.whl",
                    "url": "/files/acme_utils-1.0-py3-none-any.whl",
                    "hashes": {"sha256": sha},
                    "core-metadata": True,
                }
            ],
        }
    ).encode()


class FakeHttp:
    """A scripted remote: ``up`` toggles reachability; records every request."""

    def __init__(self):
        self.up = True
        self.requests = []
        self.page_status = 200
        self.etag = '"v1"'
        self.files = {"https://remote.example/files/acme_utils-1.0-py3-none-any.whl": CONTENT}
        self.download_delay = 0.0
        self.downloads = 0
        self._count = threading.Lock()

    def get(self, url, headers):
        self.requests.append((url, dict(headers)))
        if not self.up:
            raise RemoteUnavailable(f"cannot reach {url}: connection refused")
        if url.endswith(".metadata"):
            return HttpResponse(200, {}, b"Metadata-Version: 2.1\n", url)
        if headers.get("If-None-Match") == self.etag:
            return HttpResponse(304, {}, b"", url)
        if self.page_status != 200:
            return HttpResponse(self.page_status, {}, b"", url)
        return HttpResponse(200, {"content-type": JSON_TYPE, "etag": self.etag}, page_body(), url)

    @contextlib.contextmanager
    def stream(self, url):
        if not self.up:
            raise RemoteUnavailable(f"cannot reach {url}")
        with self._count:
            self.downloads += 1
        time.sleep(self.download_delay)
        body = self.files[url]
        yield [body[i : i + 1000] for i in range(0, len(body), 1000)]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class DictSink:
    def __init__(self, root: Path):
        self.root = root
        self.stored = {}

    def find(self, remote):
        return self.stored.get(remote.filename)

    def store(self, remote, path, sha256, size):
        target = self.root / remote.filename
        target.write_bytes(path.read_bytes())
        self.stored[remote.filename] = (target, sha256, size)
        return self.stored[remote.filename]


@pytest.fixture
def remote():
    return FakeHttp()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def index(remote, clock, tmp_path):
    return ExternalIndex(
        remote, MemoryPageCache(), ThreadKeyedLock(), ttl=60, clock=clock, tmp_dir=tmp_path
    )


def test_page_is_cached_for_the_ttl_then_revalidated_conditionally(index, remote, clock):
    first = index.project_page(INDEX + "/", "acme-utils")
    assert not first.stale and first.page.files[0].sha256 == SHA
    assert remote.requests[0][0] == PAGE_URL
    assert remote.requests[0][1]["Accept"].startswith("application/vnd.pypi.simple.v1+json")
    clock.now += 30
    index.project_page(INDEX, "acme-utils")
    assert len(remote.requests) == 1  # within the TTL: no request
    clock.now += 31
    again = index.project_page(INDEX, "acme-utils")
    assert remote.requests[1][1]["If-None-Match"] == '"v1"'  # answered 304
    assert again.page == first.page and not again.stale
    clock.now += 30
    index.project_page(INDEX, "acme-utils")
    assert len(remote.requests) == 2  # the 304 restarted the TTL


def test_remote_down_serves_the_stale_page_with_a_reason(index, remote, clock):
    index.project_page(INDEX, "acme-utils")
    remote.up = False
    clock.now += 120
    result = index.project_page(INDEX, "acme-utils")
    assert result.stale and "connection refused" in result.reason
    assert result.page.files[0].filename == "acme_utils-1.0-py3-none-any.whl"


def test_remote_down_with_nothing_cached_raises_with_a_reason(index, remote):
    remote.up = False
    with pytest.raises(RemoteUnavailable, match="connection refused"):
        index.project_page(INDEX, "acme-utils")


def test_remote_server_error_counts_as_down(index, remote, clock):
    remote.page_status = 503
    with pytest.raises(RemoteUnavailable, match="answered 503"):
        index.project_page(INDEX, "acme-utils")


def test_unknown_project_is_none_and_cached(index, remote, clock):
    remote.page_status = 404
    assert index.project_page(INDEX, "acme-utils").page is None
    index.project_page(INDEX, "acme-utils")
    assert len(remote.requests) == 1


def _remote_file(sha=SHA, **kw):
    return RemoteFile(
        "acme_utils-1.0-py3-none-any.whl",
        "https://remote.example/files/acme_utils-1.0-py3-none-any.whl",
        hashes={"sha256": sha} if sha else {},
        core_metadata=True,
        **kw,
    )


@pytest.mark.parametrize("lock_kind", ["thread", "file"])
def test_concurrent_first_downloads_fetch_once(remote, clock, tmp_path, lock_kind):
    lock = ThreadKeyedLock() if lock_kind == "thread" else FileKeyedLock(tmp_path / "locks")
    index = ExternalIndex(remote, MemoryPageCache(), lock, clock=clock, tmp_dir=tmp_path)
    sink = DictSink(tmp_path)
    remote.download_delay = 0.2
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(index.fetch_file(_remote_file(), sink)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert remote.downloads == 1
    assert len(results) == 6 and len({id(r) for r in results}) == 1
    path, sha, size = results[0]
    assert path.read_bytes() == CONTENT and (sha, size) == (SHA, len(CONTENT))
    assert not list(tmp_path.glob(".remote-*"))  # temp file removed


def test_stored_file_is_served_while_the_remote_is_down(index, remote, tmp_path):
    sink = DictSink(tmp_path)
    index.fetch_file(_remote_file(), sink)
    remote.up = False
    assert index.fetch_file(_remote_file(), sink)[1] == SHA


def test_hash_mismatch_is_refused_and_nothing_is_stored(index, tmp_path):
    sink = DictSink(tmp_path)
    with pytest.raises(RemoteIntegrityError, match="does not match the remote index's sha256"):
        index.fetch_file(_remote_file(sha="00" * 32), sink)
    assert sink.stored == {} and not list(tmp_path.glob(".remote-*"))


def test_size_mismatch_and_missing_hash_are_refused(index, tmp_path):
    sink = DictSink(tmp_path)
    with pytest.raises(RemoteIntegrityError, match="the index said 5"):
        index.fetch_file(_remote_file(size=5), sink)
    with pytest.raises(RemoteIntegrityError, match="no sha256"):
        index.fetch_file(_remote_file(sha=None), sink)
    assert sink.stored == {}


def test_uncached_file_with_remote_down_is_unavailable(index, remote, tmp_path):
    remote.up = False
    with pytest.raises(RemoteUnavailable, match="cannot reach"):
        index.fetch_file(_remote_file(), DictSink(tmp_path))


def test_metadata_is_relayed_verified_and_cached(index, remote):
    body = b"Metadata-Version: 2.1\n"
    good = RemoteFile(
        "a-1-py3-none-any.whl",
        "https://remote.example/a.whl",
        core_metadata={"sha256": hashlib.sha256(body).hexdigest()},
    )
    assert index.fetch_metadata(good) == body
    remote.up = False
    assert index.fetch_metadata(good) == body  # cached for good
    remote.up = True
    bad = RemoteFile(
        "b-1-py3-none-any.whl", "https://remote.example/b.whl", core_metadata={"sha256": "00" * 32}
    )
    with pytest.raises(RemoteIntegrityError, match="refusing to relay"):
        index.fetch_metadata(bad)
    with pytest.raises(RemoteUnavailable, match="offers no metadata"):
        index.fetch_metadata(RemoteFile("c.whl", "https://remote.example/c.whl"))


def test_redact_drops_credentials():
    assert redact("https://u:secret@host:8443/simple/") == "https://host:8443/simple/"
    assert redact("https://host/simple/") == "https://host/simple/"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("If-None-Match") == '"e1"':
            self.send_response(304)
            self.end_headers()
            return
        if self.path.endswith(".whl"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(CONTENT)))
            self.end_headers()
            self.wfile.write(CONTENT)
            return
        body = page_body()
        self.send_response(200)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("ETag", '"e1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_requests_client_against_a_real_http_server(tmp_path, clock):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        index = ExternalIndex(
            RequestsHttpClient(timeout=(2, 5)),
            MemoryPageCache(),
            ThreadKeyedLock(),
            ttl=0,
            clock=clock,
            tmp_dir=tmp_path,
        )
        page = index.project_page(base + "/simple/", "acme-utils").page
        (remote_file,) = page.files
        assert remote_file.url == base + "/files/acme_utils-1.0-py3-none-any.whl"
        clock.now += 1
        assert index.project_page(base + "/simple/", "acme-utils").page == page  # via 304
        stored = index.fetch_file(remote_file, DictSink(tmp_path))
        assert stored[1] == SHA
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(RemoteUnavailable, match="cannot reach"):
        RequestsHttpClient(timeout=(1, 1)).get(base + "/simple/x/", {})
