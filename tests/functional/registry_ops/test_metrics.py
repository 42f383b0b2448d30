"""/metrics on a live gunicorn with several workers: the counts of all workers add up."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.live_registry import clean_env, free_port, run, start_serve, stop_serve, tool
from tests.support.wheels import wheel

pytestmark = pytest.mark.functional


def samples(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    reply = requests.get(base + "/metrics", timeout=30)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(reply.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_add_up_over_workers_and_count_uploads_and_bytes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    registry = [tool("registry")]
    run([*registry, "migrate", "--data-dir", str(data)])
    run([*registry, "repo", "create", "team", "--data-dir", str(data)])
    token = run(
        [*registry, "token", "create", "--repo", "team", "--scope", "publish",
         "--data-dir", str(data)]
    ).stdout.strip()  # fmt: skip
    stale = data / "metrics" / "counter_12345.db"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left over by a previous run")
    port = free_port()
    proc = start_serve(data, port, tmp_path / "serve.log", workers=3, env=clean_env())
    base = f"http://127.0.0.1:{port}"
    try:
        assert not stale.exists()  # serve empties the samples directory at start
        auth = ("__token__", token)
        name, content = wheel("metered", "1.0")
        for _ in range(2):  # a new file, then an identical re-upload
            reply = requests.post(
                base + "/team/",
                data={":action": "file_upload", "protocol_version": "1", "name": "metered",
                      "version": "1.0", "filetype": "bdist_wheel", "pyversion": "py3",
                      "metadata_version": "2.1",
                      "sha256_digest": hashlib.sha256(content).hexdigest()},
                files={"content": (name, content)},
                auth=auth,
                timeout=30,
            )  # fmt: skip
            assert reply.status_code == 200, reply.text
        page = requests.get(
            base + "/team/simple/metered/", auth=auth, headers={"Accept": "text/html"}, timeout=30
        )
        href = re.search(r'href="([^"#]+)', page.text).group(1)  # type: ignore[union-attr]
        for _ in range(30):  # spread over the 3 workers by the kernel
            assert requests.get(base + "/team/simple/", auth=auth, timeout=30).ok
        download = requests.get(requests.compat.urljoin(page.url, href), auth=auth, timeout=30)
        assert download.content == content
        assert requests.get(base + "/team/simple/", timeout=30).status_code == 401

        found = samples(base)
        route = "/<repo>/simple/"
        assert value(found, "registry_http_requests_total", route=route, method="GET",
                     status="200") == 30  # fmt: skip
        assert value(found, "registry_http_requests_total", route=route, method="GET",
                     status="401") == 1  # fmt: skip
        assert value(found, "registry_uploads_total", repository="team", status="200") == 2
        assert value(found, "registry_file_bytes_served_total", repository="team") == len(content)
        assert value(found, "registry_http_request_duration_seconds_count", route=route,
                     method="GET") == 31  # fmt: skip
        assert value(found, "registry_http_request_duration_seconds_bucket", route=route,
                     method="GET", le="+Inf") == 31  # fmt: skip
        # Several worker processes wrote samples: the sum is over all of them.
        assert len(list((data / "metrics").glob("counter_*.db"))) >= 2
        # Its own control socket, inside the data directory.
        assert (data / "gunicorn.ctl").is_socket()
    finally:
        stop_serve(proc)


def test_external_fetches_and_cache_hits_are_counted(tmp_path: Path) -> None:
    """A second registry serves as this one's external index: the page and the file are
    fetched from it once, later downloads come from the local copy (cache hits)."""
    remote_data, main_data = tmp_path / "remote", tmp_path / "main"
    registry = [tool("registry")]
    for data in (remote_data, main_data):
        run([*registry, "migrate", "--data-dir", str(data)])
    run([*registry, "repo", "create", "pypi", "--public-read", "--data-dir", str(remote_data)])
    publisher = run([*registry, "token", "create", "--repo", "pypi", "--scope", "publish",
                     "--data-dir", str(remote_data)]).stdout.strip()  # fmt: skip
    remote_port, main_port = free_port(), free_port()
    remote = start_serve(remote_data, remote_port, tmp_path / "remote.log", workers=1,
                         env=clean_env())  # fmt: skip
    try:
        name, content = wheel("far-away", "1.0")
        reply = requests.post(
            f"http://127.0.0.1:{remote_port}/pypi/",
            data={":action": "file_upload", "protocol_version": "1", "name": "far-away",
                  "version": "1.0", "filetype": "bdist_wheel", "pyversion": "py3",
                  "metadata_version": "2.1",
                  "sha256_digest": hashlib.sha256(content).hexdigest()},
            files={"content": (name, content)}, auth=("__token__", publisher), timeout=30,
        )  # fmt: skip
        assert reply.status_code == 200, reply.text
        run([*registry, "repo", "create", "mirror", "--public-read", "--data-dir", str(main_data)])
        index = f"http://127.0.0.1:{remote_port}/pypi/simple/"
        run([*registry, "repo", "set-external", "mirror", index, "--data-dir", str(main_data)])
        main = start_serve(main_data, main_port, tmp_path / "main.log", workers=2, env=clean_env())
        base = f"http://127.0.0.1:{main_port}"
        try:
            page = requests.get(f"{base}/mirror/simple/far-away/",
                                headers={"Accept": "text/html"}, timeout=30)  # fmt: skip
            href = re.search(r'href="([^"#]+)', page.text).group(1)  # type: ignore[union-attr]
            url = requests.compat.urljoin(page.url, href)
            for _ in range(3):
                assert requests.get(url, timeout=30).content == content
            found = samples(base)
            # Two instances on one machine, each with its own gunicorn control socket.
            assert (main_data / "gunicorn.ctl").is_socket()
            assert (remote_data / "gunicorn.ctl").is_socket()
        finally:
            stop_serve(main)
    finally:
        stop_serve(remote)
    assert value(found, "registry_external_fetches_total", kind="page", outcome="200") >= 1
    assert value(found, "registry_external_fetches_total", kind="file", outcome="200") == 1
    assert value(found, "registry_external_cache_hits_total", repository="mirror") >= 2
    assert value(found, "registry_file_bytes_served_total", repository="mirror") == 3 * len(content)
