"""Registry throughput in-process (Flask test client, SQLite, local blobs).

    python -m benchmarks.registry_simple [--projects 20] [--versions 10] [--reads 500]

Prints uploads/s, simple-page renders/s (JSON, HTML, 304) and downloads/s. Figures, not
assertions: compare them between commits on the same machine.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import tempfile
import time
import zipfile
from pathlib import Path

from registry.config import Settings
from registry.core.model import Actor
from registry.db.catalog import SqlCatalog
from registry.services.admin import create_repository, issue_token
from registry.web.app import create_app

JSON = "application/vnd.pypi.simple.v1+json"


def wheel(name: str, version: str) -> bytes:
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{module}/__init__.py", f"VERSION = {version!r}\n" * 50)
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nRequires-Python: >=3.9\n\n",
        )
    return buf.getvalue()


def rate(label: str, count: int, seconds: float) -> None:
    print(f"{label:<34} {count:>6} in {seconds:6.2f}s  {count / seconds:8.1f}/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--reads", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp)))
        rt = app.extensions["codeyard.registry"]
        with rt.sessions() as session:
            catalog = SqlCatalog(session)
            create_repository(catalog, "bench", False, Actor.cli())
            token = issue_token(catalog, "bench", "publish", "1d", Actor.cli()).token
        basic = base64.b64encode(f"__token__:{token}".encode()).decode()
        auth = {"Authorization": f"Basic {basic}"}
        client = app.test_client()

        uploads = [
            (f"bench-{p}", f"1.{v}") for p in range(args.projects) for v in range(args.versions)
        ]
        start = time.perf_counter()
        for name, version in uploads:
            body = wheel(name, version)
            filename = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
            resp = client.post(
                "/bench/",
                headers=auth,
                content_type="multipart/form-data",
                data={
                    ":action": "file_upload",
                    "protocol_version": "1",
                    "name": name,
                    "version": version,
                    "sha256_digest": hashlib.sha256(body).hexdigest(),
                    "content": (io.BytesIO(body), filename),
                },
            )
            assert resp.status_code == 200, resp.status
        rate("uploads (validate+store+commit)", len(uploads), time.perf_counter() - start)

        page = "/bench/simple/bench-0/"
        for label, headers in (("simple page JSON", {"Accept": JSON}), ("simple page HTML", {})):
            start = time.perf_counter()
            for _ in range(args.reads):
                resp = client.get(page, headers={**auth, **headers})
            rate(label, args.reads, time.perf_counter() - start)
        etag = resp.headers["ETag"]
        start = time.perf_counter()
        for _ in range(args.reads):
            assert client.get(page, headers={**auth, "If-None-Match": etag}).status_code == 304
        rate("simple page 304", args.reads, time.perf_counter() - start)

        url = client.get(page, headers={**auth, "Accept": JSON}).json["files"][0]["url"]
        start = time.perf_counter()
        for _ in range(args.reads):
            client.get(url, headers=auth).get_data()
        rate("file downloads", args.reads, time.perf_counter() - start)


if __name__ == "__main__":
    main()
