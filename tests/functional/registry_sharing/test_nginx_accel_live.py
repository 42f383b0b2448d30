"""The shipped nginx configuration (deploy/nginx/codeyard.conf, TLS swapped for a loopback
port) in front of a live `registry serve` with REGISTRY_ACCEL_REDIRECT: the registry checks
access and answers with X-Accel-Redirect, nginx sends cached pages and files, and clients
see the registry's own headers (Content-Type, ETag, Vary) and its 304s. Real nginx (Debian
package `nginx-light`, installed here when missing and allowed) and real pip."""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.live_registry import free_port, start_serve, stop_serve

from .conftest import clean_env, installed, pip_install, run, wheel

pytestmark = pytest.mark.functional

ROOT = Path(__file__).resolve().parents[3]
JSON = "application/vnd.pypi.simple.v1+json"
PREFIX = "/_codeyard/"


def nginx_binary() -> str:
    sbin = Path("/usr/sbin/nginx")
    found = shutil.which("nginx") or (str(sbin) if sbin.exists() else None)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx-light"], capture_output=True)
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    if found is None or not Path(found).exists():
        message = "nginx is not installed (apt-get install -y nginx-light)"
        (pytest.fail if os.environ.get("CI") else pytest.skip)(message)  # .ci/run installs it
    return found


def shipped_config(listen: int, other: int, upstream: int, data_dir: Path) -> str:
    """deploy/nginx/codeyard.conf as shipped, with TLS and machine paths swapped out."""
    text = (ROOT / "deploy" / "nginx" / "codeyard.conf").read_text()
    text = re.sub(r"^\s*ssl_certificate(_key)? .*\n", "", text, flags=re.M)
    registry_listen, reviewbot_listen = (f"listen 127.0.0.1:{p};" for p in (listen, other))
    text = text.replace("listen 443 ssl http2;", registry_listen, 1)
    text = text.replace("listen 443 ssl http2;", reviewbot_listen, 1)
    text = text.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream};")
    text = text.replace("/run/codeyard-nginx-pages", f"{data_dir.parent / 'nginx-pages'}")
    return text.replace("/var/lib/codeyard/registry/", f"{data_dir}/")


# deploy/nginx/codeyard.conf keeps page answers for 1 s, counted on nginx's whole-second
# clock: an answer cached at 10.0-10.99 s is used until 11.99 s. The README's bound: 2 s.
MICROCACHE_BOUND_SECONDS = 2.0


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    nginx = nginx_binary()
    root = tmp_path_factory.mktemp("accel")
    data_dir, prefix_dir = root / "data", root / "nginx"
    prefix_dir.mkdir()
    registry = str(Path(sys.executable).parent / "registry")
    run([registry, "repo", "create", "acc", "--data-dir", str(data_dir)])
    tokens = {
        scope: run([registry, "token", "create", "--repo", "acc", "--scope", scope,
                    "--data-dir", str(data_dir)]).stdout.strip()
        for scope in ("read", "publish")
    }  # fmt: skip
    app_port, port, other = free_port(), free_port(), free_port()
    server = start_serve(
        data_dir, app_port, root / "registry.log", workers=2,
        env=clean_env(REGISTRY_ACCEL_REDIRECT=PREFIX), label="registry serve (accel)",
    )  # fmt: skip
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {prefix_dir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix_dir / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {prefix_dir / 'nginx.pid'};\n"
        f"error_log {prefix_dir / 'error.log'};\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp}"
        + shipped_config(port, other, app_port, data_dir)
        + "}\n"
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(prefix_dir), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/health", timeout=2)
                break
            except requests.ConnectionError:
                if proxy.poll() is not None:
                    raise RuntimeError(proxy.stderr.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.1)
        filename, content = wheel("acc-lib", "1.0", salt="accel")
        reply = requests.post(
            f"{base}/acc/",
            data={":action": "file_upload", "protocol_version": "1", "metadata_version": "2.1",
                  "name": "acc-lib", "version": "1.0", "filetype": "bdist_wheel",
                  "pyversion": "py3", "sha256_digest": hashlib.sha256(content).hexdigest()},
            files={"content": (filename, content, "application/octet-stream")},
            auth=("__token__", tokens["publish"]), timeout=30,
        )  # fmt: skip
        assert reply.status_code == 200, reply.text
        yield {"base": base, "app": f"http://127.0.0.1:{app_port}", "tokens": tokens,
               "filename": filename, "content": content, "data_dir": data_dir,
               "registry": registry}  # fmt: skip
    finally:
        proxy.terminate()
        proxy.wait(timeout=15)
        stop_serve(server)


def test_pages_come_from_nginx_with_the_registry_headers(stack: dict) -> None:
    base, auth = stack["base"], ("__token__", stack["tokens"]["read"])
    for accept, content_type in ((JSON, JSON), ("text/html", "text/html; charset=utf-8")):
        direct = requests.get(f"{stack['app']}/acc/simple/acc-lib/", headers={"Accept": accept},
                              auth=auth, timeout=30)  # fmt: skip
        assert direct.headers["X-Accel-Redirect"].startswith(f"{PREFIX}pages/acc/acc-lib/")
        assert direct.content == b""
        page = requests.get(f"{base}/acc/simple/acc-lib/", headers={"Accept": accept},
                            auth=auth, timeout=30)  # fmt: skip
        assert page.status_code == 200
        assert stack["filename"] in page.text
        assert page.headers["Content-Type"] == content_type
        assert page.headers["ETag"] == direct.headers["ETag"]
        assert "Accept" in page.headers["Vary"]
        assert "X-Accel-Redirect" not in page.headers
        again = requests.get(
            f"{base}/acc/simple/acc-lib/",
            headers={"Accept": accept, "If-None-Match": page.headers["ETag"]},
            auth=auth, timeout=30,
        )  # fmt: skip
        assert again.status_code == 304
    assert requests.get(f"{base}/acc/simple/acc-lib/", timeout=30).status_code == 401
    internal = direct.headers["X-Accel-Redirect"]
    assert requests.get(base + internal, timeout=30).status_code == 404  # internal only


def test_files_come_from_nginx_with_ranges(stack: dict) -> None:
    base, auth = stack["base"], ("__token__", stack["tokens"]["read"])
    page = requests.get(f"{base}/acc/simple/acc-lib/", headers={"Accept": JSON}, auth=auth,
                        timeout=30).json()  # fmt: skip
    url = page["files"][0]["url"]
    download = requests.get(base + url, auth=auth, timeout=30)
    assert download.status_code == 200
    assert download.content == stack["content"]
    assert download.headers["ETag"] == f'"{hashlib.sha256(stack["content"]).hexdigest()}"'
    part = requests.get(base + url, headers={"Range": "bytes=0-9"}, auth=auth, timeout=30)
    assert part.status_code == 206 and part.content == stack["content"][:10]
    assert requests.get(base + url, timeout=30).status_code == 401


def test_pip_installs_through_nginx(stack: dict, tmp_path: Path) -> None:
    token = stack["tokens"]["read"]
    index = stack["base"].replace("http://", f"http://__token__:{token}@") + "/acc/simple/"
    pip_install(index, tmp_path / "target", "acc-lib==1.0")
    assert installed(tmp_path / "target") == {"acc_lib": "1.0"}


def _publish(base: str, token: str, name: str, version: str) -> str:
    filename, content = wheel(name, version, salt="microcache")
    reply = requests.post(
        f"{base}/acc/",
        data={":action": "file_upload", "protocol_version": "1", "metadata_version": "2.1",
              "name": name, "version": version, "filetype": "bdist_wheel", "pyversion": "py3",
              "sha256_digest": hashlib.sha256(content).hexdigest()},
        files={"content": (filename, content, "application/octet-stream")},
        auth=("__token__", token), timeout=30,
    )  # fmt: skip
    assert reply.status_code == 200, reply.text
    return filename


def test_nginx_answers_repeated_pages_per_credential_and_sees_changes_within_the_bound(
    stack: dict,
) -> None:
    """The page microcache: repeats come from nginx (X-Cache-Status: HIT), never across
    credentials, and a publish or a revocation shows through it once its bound has passed."""
    base, data_dir, registry = stack["base"], str(stack["data_dir"]), stack["registry"]
    token = run([registry, "token", "create", "--repo", "acc", "--scope", "read",
                 "--data-dir", data_dir]).stdout.strip()  # fmt: skip
    first_file = _publish(base, stack["tokens"]["publish"], "acc-micro", "1.0")
    url = f"{base}/acc/simple/acc-micro/"
    first = requests.get(url, auth=("__token__", token), timeout=30)
    assert first.status_code == 200 and first_file in first.text
    again = requests.get(url, auth=("__token__", token), timeout=30)
    assert again.headers["X-Cache-Status"] == "HIT"
    assert again.content == first.content and again.headers["ETag"] == first.headers["ETag"]
    not_modified = requests.get(
        url, auth=("__token__", token), headers={"If-None-Match": first.headers["ETag"]},
        timeout=30,
    )  # fmt: skip
    assert not_modified.status_code == 304
    # Another credential, or none, never gets the cached answer.
    assert requests.get(url, timeout=30).status_code == 401
    bad = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    assert requests.get(url, auth=("__token__", bad), timeout=30).status_code == 401
    assert requests.get(url, auth=("__token__", stack["tokens"]["read"]), timeout=30).ok

    second_file = _publish(base, stack["tokens"]["publish"], "acc-micro", "1.1")
    time.sleep(MICROCACHE_BOUND_SECONDS + 0.1)
    page = requests.get(url, auth=("__token__", token), timeout=30)
    assert second_file in page.text and page.headers["ETag"] != first.headers["ETag"]

    listed = run([registry, "token", "list", "--data-dir", data_dir]).stdout.splitlines()
    token_id = max(int(line.split("\t")[0]) for line in listed[1:])  # the newest: this test's
    run([registry, "token", "revoke", str(token_id), "--data-dir", data_dir])
    time.sleep(MICROCACHE_BOUND_SECONDS + 0.1)
    assert requests.get(url, auth=("__token__", token), timeout=30).status_code == 401
