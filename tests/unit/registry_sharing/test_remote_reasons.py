"""The external connection's 502 reason says what went wrong in plain words, not urllib3's
repr chain (``HTTPConnectionPool(...): Max retries exceeded ... NewConnectionError(<...>)``)."""

from __future__ import annotations

import socket

import pytest

from registry.services.external import RemoteUnavailable, RequestsHttpClient


def reason_for(url: str, timeout: tuple[float, float] = (2.0, 0.5)) -> str:
    with pytest.raises(RemoteUnavailable) as caught:
        RequestsHttpClient(timeout=timeout).get(url, {})
    return caught.value.reason


def test_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connections are refused
        reason = reason_for(f"http://127.0.0.1:{port}/simple/")
    assert reason == (
        f"cannot reach http://127.0.0.1:{port}/simple/: connection refused "
        "(nothing listens on that host and port)"
    )


def test_silent_server_is_a_read_timeout() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        reason = reason_for(f"http://127.0.0.1:{port}/simple/")
    assert reason.endswith("the remote accepted the connection but did not answer in time")


def test_unresolvable_host_and_no_library_internals() -> None:
    reason = reason_for("http://index.invalid/simple/")
    assert reason.endswith("the host name does not resolve (DNS)")
    for noise in ("Max retries", "ConnectionPool", "object at 0x", "NewConnectionError"):
        assert noise not in reason
