"""Issue 13 item 2: clients that stop sending mid-upload must not freeze the registry.

Anonymous uploads are refused from their headers (401) without reading the body, and every
body read is bounded by REGISTRY_READ_TIMEOUT, so neither kind of stalled client can take the
threads that /health and the index pages need."""

from __future__ import annotations

import base64
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests

from .conftest import PUBLIC_REPO, REPO, MakeServer, make_wheel

pytestmark = pytest.mark.functional

STALLED = 50
ANSWER_WITHIN = 5.0  # seconds: "still answers", generous for a busy 2-core machine


def stalled_upload(port: int, token: str | None) -> socket.socket:
    """A connection that announces a 1 MB multipart body, sends a few bytes of it, and stops."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    auth = ""
    if token:
        auth = "Authorization: Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()
        auth += "\r\n"
    head = (
        f"POST /{REPO}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}"
        "Content-Type: multipart/form-data; boundary=stall\r\n"
        "Content-Length: 1000000\r\n\r\n"
        '--stall\r\nContent-Disposition: form-data; name=":action"\r\n\r\nfile_'
    )
    sock.sendall(head.encode())
    return sock


@contextmanager
def stalled(port: int, count: int, token: str | None) -> Iterator[list[socket.socket]]:
    socks = [stalled_upload(port, token) for _ in range(count)]
    try:
        yield socks
    finally:
        for s in socks:
            s.close()


def timed_get(url: str) -> tuple[int, float]:
    start = time.monotonic()
    reply = requests.get(url, timeout=ANSWER_WITHIN)
    return reply.status_code, time.monotonic() - start


def test_fifty_stalled_anonymous_uploads_do_not_block_the_index(make_server: MakeServer) -> None:
    server = make_server(REGISTRY_READ_TIMEOUT="30")
    with stalled(server.port, STALLED, token=None) as socks:
        time.sleep(1.0)  # let every stalled request reach a worker
        for path in ("/health", f"/{PUBLIC_REPO}/simple/", "/readyz"):
            status, _elapsed = timed_get(server.base + path)  # raises on a timeout
            assert status == 200, path
        # They were refused from their headers, without waiting for the body.
        socks[0].settimeout(ANSWER_WITHIN)
        assert socks[0].recv(200).startswith(b"HTTP/1.1 401")
    # Refusing without reading the body must not cost a real client its answer: an 8 MB
    # upload with a read token still reads the 403 and its reason (as twine prints it).
    filename, wheel = make_wheel("cy-big", "1.0", os.urandom(8_000_000))
    refused = server.upload(filename, wheel, token=server.tokens["read"])
    assert refused.status_code == 403
    assert "publish scope" in refused.reason + refused.text
    assert server.blob_files() == []


def test_stalled_authenticated_uploads_time_out_and_leave_nothing(
    make_server: MakeServer,
) -> None:
    server = make_server(REGISTRY_READ_TIMEOUT="8")
    with stalled(server.port, 8, token=server.tokens["publish"]) as socks:
        time.sleep(0.5)
        status, _ = timed_get(server.base + "/health")
        assert status == 200
        # A stalled upload holds no database lock: another client's upload goes through now.
        filename, wheel = make_wheel("cy-alongside", "1.0")
        assert server.upload(filename, wheel, timeout=ANSWER_WITHIN).status_code == 200
        for sock in socks:
            sock.settimeout(20)
            answer = sock.recv(300)
            assert answer.startswith(b"HTTP/1.1 408"), answer
            assert b"REGISTRY_READ_TIMEOUT" in answer
    assert len(server.blob_files()) == 2  # the other client's wheel and its METADATA
    assert server.rows("files") == 1
