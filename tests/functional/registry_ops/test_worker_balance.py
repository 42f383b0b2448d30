"""Keep-alive connections opened in a burst are shared between the workers of a live
`registry serve --workers 2` (registry/web/balanced_worker.py), instead of all landing on
whichever worker woke first. Which worker holds a connection is read from outside, in
/proc: the server side of each established connection belongs to one worker's descriptors."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from registry.web.balanced_worker import SLACK
from tests.support.live_registry import (
    child_pids,
    clean_env,
    free_port,
    start_serve,
    stop_serve,
)

CONNECTIONS = 32
BURSTS = 6


def _server_side_inodes(port: int) -> set[str]:
    """Inodes of the TCP connections whose local end is ``port`` (the server side), open or
    closed by the client but not yet by the server (ESTABLISHED, CLOSE_WAIT)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] in ("01", "08") and fields[9] != "0":
            inodes.add(fields[9])
    return inodes


def _wait_until_closed(port: int) -> None:
    """The previous burst's connections, closed by the client, are gone from the server
    too: each worker counts only the connections it still holds."""
    deadline = time.monotonic() + 10
    while _server_side_inodes(port) and time.monotonic() < deadline:
        time.sleep(0.05)


def _held_by(pid: int, inodes: set[str]) -> int:
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().name
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            held += 1
    return held


def _burst(port: int) -> list[socket.socket]:
    """CONNECTIONS connections opened at once, each answered once and kept alive."""
    address = ("127.0.0.1", port)
    clients = [socket.create_connection(address, timeout=30) for _ in range(CONNECTIONS)]
    for client in clients:
        client.sendall(b"GET /health HTTP/1.1\r\nHost: registry\r\n\r\n")
    for client in clients:
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = client.recv(65536)
            assert chunk, "the server closed a keep-alive connection"
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    return clients


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_a_burst_of_keepalive_connections_is_shared_by_both_workers(tmp_path: Path) -> None:
    port = free_port()
    proc = start_serve(
        tmp_path / "data", port, tmp_path / "serve.log", workers=2, env=clean_env()
    )
    try:
        workers = child_pids(proc.pid)
        assert len(workers) == 2, workers
        splits = []
        for _ in range(BURSTS):
            _wait_until_closed(port)
            clients = _burst(port)
            inodes = _server_side_inodes(port)
            splits.append(sorted(_held_by(pid, inodes) for pid in workers))
            for client in clients:
                client.close()
        for fewer, more in splits:
            assert fewer + more == CONNECTIONS, splits
            # Each worker stops accepting SLACK above the other; a connection or two more
            # may arrive while both look at once.
            assert more - fewer <= 2 * SLACK + 2, splits
    finally:
        stop_serve(proc)
