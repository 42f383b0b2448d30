"""Crash tests (issue 13): kill -9 a gunicorn worker, or the whole server, while a large
upload and many small ones are in flight, on SQLite and on PostgreSQL. Afterwards every
upload the server acknowledged (200) is served and verifies, an unacknowledged one is either
absent or complete (never a row without its blob), and after a restart `registry check`
reports no missing blob and no partial write."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from .conftest import REPO, MakeServer, Server, make_wheel

pytestmark = pytest.mark.functional

SMALL_UPLOADS = 12
LARGE_BYTES = 24 * 1024 * 1024


@dataclass
class Attempt:
    filename: str
    sha256: str
    status: int | None = None  # None: the connection failed, nothing was acknowledged


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def upload_in_background(server: Server, filename: str, body: bytes, into: Attempt) -> None:
    try:
        into.status = server.upload(filename, body, timeout=120).status_code
    except requests.RequestException:
        into.status = None


def served_and_verified(server: Server, attempt: Attempt) -> bool | None:
    """True: served with the right bytes; False: not there; None: something half there."""
    reply = requests.get(
        f"{server.base}/{REPO}/files/{attempt.sha256}/{attempt.filename}",
        auth=("__token__", server.tokens["read"]),
        timeout=60,
    )
    if reply.status_code == 404:
        return False
    if reply.status_code == 200 and hashlib.sha256(reply.content).hexdigest() == attempt.sha256:
        return True
    return None


@pytest.mark.parametrize("victim", ["worker", "server"])
def test_kill_9_during_uploads_loses_nothing_acknowledged(
    make_server: MakeServer, backend: str, victim: str
) -> None:
    server = make_server(
        backend, workers=2, REGISTRY_MAX_UPLOAD_BYTES=str(64 * 1024 * 1024),
        REGISTRY_PARTIAL_WRITE_GRACE="1",
    )  # fmt: skip
    assert server.proc is not None
    uploads: list[tuple[str, bytes]] = [make_wheel("cy-large", "1.0", os.urandom(LARGE_BYTES))]
    uploads += [
        make_wheel(f"cy-small{i}", "1.0", os.urandom(300_000)) for i in range(SMALL_UPLOADS)
    ]
    attempts = [Attempt(name, hashlib.sha256(body).hexdigest()) for name, body in uploads]
    threads = [
        threading.Thread(target=upload_in_background, args=(server, name, body, attempt))
        for (name, body), attempt in zip(uploads, attempts, strict=True)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.8)  # the large body is on its way and some small ones are done
    workers = children(server.proc.pid)
    assert workers, "gunicorn workers not found"
    if victim == "worker":
        os.kill(workers[0], signal.SIGKILL)
    else:
        for pid in (server.proc.pid, *workers):
            os.kill(pid, signal.SIGKILL)
        server.proc.wait(timeout=10)
        server.proc = None
    for thread in threads:
        thread.join(timeout=150)

    if victim == "server":
        time.sleep(1.2)  # past the partial-write grace period
        server.start(server.port)  # removes partial blob files of the killed writes
    acknowledged = [a for a in attempts if a.status == 200]
    for attempt in attempts:
        state = served_and_verified(server, attempt)
        assert state is not None, f"{attempt.filename} is half there"
        if attempt in acknowledged:
            assert state, f"{attempt.filename} was acknowledged but is not served"
        elif attempt.status is not None:
            assert attempt.status in (503,), (attempt.filename, attempt.status)
    server.stop()
    report = server.cli("check")
    assert report.returncode == 0, report.stdout + report.stderr
    assert "MISSING" not in report.stdout
    assert "PARTIAL" not in report.stdout, report.stdout
    print(
        f"{backend}/{victim}: {len(acknowledged)}/{len(attempts)} acknowledged; "
        f"check: {report.stderr.strip()}"
    )
