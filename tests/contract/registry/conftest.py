"""Backends for the contract suites: every BlobStore and every database passes the same tests."""

from __future__ import annotations

import socket
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from registry.core.ports import BlobStore
from registry.db.session import make_engine, migrate
from registry.storage.local import LocalBlobStore

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.postgres import postgres_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str):  # type: ignore[no-untyped-def]
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture(params=["local", "s3"])
def blob_store(request: pytest.FixtureRequest, tmp_path) -> BlobStore:  # type: ignore[no-untyped-def]
    if request.param == "local":
        return LocalBlobStore(tmp_path / "blobs")
    from registry.storage.s3 import S3BlobStore

    client = s3_client(request.getfixturevalue("moto_endpoint"))
    bucket = f"codeyard-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return S3BlobStore(client, bucket, prefix="registry/")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A freshly created, uniquely named PostgreSQL database, dropped afterwards."""
    with postgres_database("codeyard_test_") as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry.sqlite3'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def engine(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"{request.param}_engine")
