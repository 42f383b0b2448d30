"""Issue 13 item 6: partial blob files left by a write that was killed (kill -9 mid-write)
are reported by `registry check` and removed by the next `registry serve` once nobody has
written to them for the grace period; a file a live writer is still filling is kept."""

from __future__ import annotations

import os
import time

import pytest

from .conftest import MakeServer

pytestmark = pytest.mark.functional


def test_check_reports_partial_writes_and_serve_removes_stale_ones(
    make_server: MakeServer,
) -> None:
    server = make_server(start=False, REGISTRY_PARTIAL_WRITE_GRACE="600")
    shard = server.data_dir / "blobs" / "sha256" / "ab"
    shard.mkdir(parents=True)
    dead = shard / ".tmp-killed.part"
    dead.write_bytes(b"x" * 4096)
    an_hour_ago = time.time() - 3600
    os.utime(dead, (an_hour_ago, an_hour_ago))
    live = shard / ".tmp-writing.part"
    live.write_bytes(b"y" * 4096)

    check = server.cli("check")
    assert "PARTIAL\tsha256/ab/.tmp-killed.part" in check.stdout
    assert "PARTIAL\tsha256/ab/.tmp-writing.part" in check.stdout
    assert "2 partial writes" in check.stderr
    assert "ORPHAN" not in check.stdout  # a partial file is not a blob

    server.start()
    assert not dead.exists()
    assert live.exists()  # younger than the grace period: maybe another server's write
    assert "removed 1 partial blob writes" in server.log.read_text()
    server.stop()
    assert "1 partial writes" in server.cli("check").stderr
