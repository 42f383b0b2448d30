"""Registry sharing throughput in-process (Flask test client, SQLite, local blobs).

    python -m benchmarks.registry_sharing [--reads 300] [--remote-files 40]

Repositories app -> team -> internal, internal with an external connection to a local
PEP 691 index (a thread in this process). Prints simple pages/s for a project published in
internal and read through the three-repository chain, for an external project (cached page),
the first download of a remote file (fetch + verify + store) and cached downloads/s.
Figures, not assertions: compare them between commits on the same machine.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.server
import io
import json
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from registry.config import Settings
from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.db.sharing import SqlSharing
from registry.services.admin import create_repository, issue_token
from registry.services.sharing import SharingService
from registry.web.app import create_app

JSON = "application/vnd.pypi.simple.v1+json"


def wheel(name: str, version: str) -> bytes:
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{module}/__init__.py", f"VERSION = {version!r}\n" * 200)
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n",
        )
    return buf.getvalue()


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:<44} {count:>6} in {seconds:6.2f}s  {count / seconds:8.1f}/s")


def remote_index(files: dict[str, bytes]) -> http.server.ThreadingHTTPServer:
    entries = [
        {"filename": n, "url": f"/f/{n}", "hashes": {"sha256": hashlib.sha256(d).hexdigest()}}
        for n, d in files.items()
    ]
    page = json.dumps({"meta": {"api-version": "1.1"}, "name": "ext", "files": entries}).encode()

    class Index(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files[self.path[3:]] if self.path.startswith("/f/") else page
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--remote-files", type=int, default=40)
    args = parser.parse_args()

    remote_files = {
        f"ext_lib-{i}.0-py3-none-any.whl": wheel("ext-lib", f"{i}.0")
        for i in range(1, args.remote_files + 1)
    }
    server = remote_index(remote_files)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp)))
        rt = app.extensions["codeyard.registry"]
        with rt.sessions() as session:
            catalog = SqlCatalog(session)
            for name in ("internal", "team", "app"):
                create_repository(catalog, name, False, Actor.cli())
            service = SharingService(catalog, SqlSharing(session), rt.blobs)
            service.add_upstream("team", "internal", Actor.cli())
            service.add_upstream("app", "team", Actor.cli())
            service.set_external(
                "internal", f"http://127.0.0.1:{server.server_port}/", 3600, Actor.cli()
            )
            publish = issue_token(catalog, "internal", "publish", "1d", Actor.cli()).token
            read = issue_token(catalog, "app", "read", "1d", Actor.cli()).token
        client = app.test_client()

        def auth(token: str) -> dict[str, str]:
            basic = base64.b64encode(f"__token__:{token}".encode()).decode()
            return {"Authorization": f"Basic {basic}"}

        for version in range(1, 11):
            data = wheel("int-lib", f"{version}.0")
            filename = f"int_lib-{version}.0-py3-none-any.whl"
            reply = client.post(
                "/internal/",
                data={":action": "file_upload", "protocol_version": "1", "name": "int-lib",
                      "version": f"{version}.0", "filetype": "bdist_wheel", "pyversion": "py3",
                      "metadata_version": "2.1",
                      "sha256_digest": hashlib.sha256(data).hexdigest(),
                      "content": (io.BytesIO(data), filename)},
                headers=auth(publish),
            )  # fmt: skip
            assert reply.status_code == 200, reply.get_data(as_text=True)

        headers = {**auth(read), "Accept": JSON}
        for label, path in [
            ("page via 3 repositories (10 files)", "/app/simple/int-lib/"),
            (f"external page via chain ({args.remote_files} files)", "/app/simple/ext-lib/"),
        ]:
            assert client.get(path, headers=headers).status_code == 200  # warm the cache
            started = time.perf_counter()
            for _ in range(args.reads):
                assert client.get(path, headers=headers).status_code == 200
            rate(label, args.reads, time.perf_counter() - started)

        page = client.get("/app/simple/ext-lib/", headers=headers).get_json()
        urls = [f["url"] for f in page["files"]]
        started = time.perf_counter()
        for url in urls:
            assert client.get(url, headers=auth(read)).status_code == 200
        rate("first downloads (fetch, verify, store)", len(urls), time.perf_counter() - started)
        started = time.perf_counter()
        for index in range(args.reads):
            assert client.get(urls[index % len(urls)], headers=auth(read)).status_code == 200
        rate("cached external downloads", args.reads, time.perf_counter() - started)
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
