"""Issue 13 item 5: a live `registry serve` on PostgreSQL whose database goes away (a TCP proxy
between them is cut, the real service keeps running) answers 503 with a message on every
request that needs the database, keeps /health and /healthz, says 503 on /readyz, and recovers
by itself when the proxy is restored."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy.engine import make_url

from tests.support.tcp_proxy import TcpProxy

from .conftest import PUBLIC_REPO, REPO, MakeServer, make_wheel

pytestmark = [pytest.mark.functional, pytest.mark.postgres]


@pytest.fixture
def proxied(make_server: MakeServer) -> Iterator[tuple[object, TcpProxy]]:
    server = make_server("postgres", start=False)
    url = make_url(server.database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    server.database_url = url.set(port=proxy.port).render_as_string(hide_password=False)
    server.start()
    try:
        yield server, proxy
    finally:
        proxy.restore()  # the server's teardown may still need the database
        server.stop()
        proxy.cut()


def get(server, path: str, token: str | None = None) -> requests.Response:  # type: ignore[no-untyped-def]
    auth = ("__token__", token) if token else None
    return requests.get(server.base + path, auth=auth, timeout=15)


def test_database_outage_answers_503_and_recovers(proxied) -> None:  # type: ignore[no-untyped-def]
    server, proxy = proxied
    read = server.tokens["read"]
    filename, wheel = make_wheel("cy-outage", "1.0")
    assert server.upload(filename, wheel).status_code == 200

    proxy.cut()
    for _ in range(4):  # both workers, pooled and fresh connections
        for path, token in ((f"/{REPO}/simple/", read), (f"/{REPO}/simple/cy-outage/", read),
                            (f"/{PUBLIC_REPO}/simple/", None)):  # fmt: skip
            reply = get(server, path, token)
            assert reply.status_code == 503, (path, reply.status_code, reply.text)
            assert "cannot reach its database" in reply.text
            assert reply.headers["Retry-After"]
    other_name, other = make_wheel("cy-outage", "2.0")
    refused = server.upload(other_name, other)
    assert refused.status_code == 503, refused.text
    assert get(server, "/health").status_code == 200
    assert get(server, "/healthz").status_code == 200
    not_ready = get(server, "/readyz")
    assert not_ready.status_code == 503 and "database" in not_ready.text

    proxy.restore()
    deadline = time.monotonic() + 30
    while get(server, "/readyz").status_code != 200:
        assert time.monotonic() < deadline, "did not recover within 30 s"
        time.sleep(0.5)
    for _ in range(4):
        assert get(server, f"/{REPO}/simple/cy-outage/", read).status_code == 200
    assert server.upload(other_name, other).status_code == 200
    assert "Traceback" not in server.log.read_text()
