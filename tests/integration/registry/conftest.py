"""Real PostgreSQL (a database created for this run and dropped after) and an S3 endpoint
(moto's threaded server) for the integration tests."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.postgres import postgres_database  # noqa: E402


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_database("codeyard_it_") as url:
        yield url


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
