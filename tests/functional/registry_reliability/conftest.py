"""Live `registry serve` instances for hostile-client, outage and crash tests: each test gets
its own server (SQLite or a fresh PostgreSQL database), provisioned with the real CLI, and
helpers that look at what the data directory and the database hold afterwards."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.live_registry import (  # noqa: E402
    clean_env,
    free_port,
    run,
    start_serve,
    stop_serve,
    tool,
)
from tests.support.postgres import postgres_database  # noqa: E402

REPO = "team"
PUBLIC_REPO = "open"
OTHER_REPO = "other"


def make_wheel(name: str, version: str, payload: bytes = b"") -> tuple[str, bytes]:
    """(filename, bytes) of a small valid wheel; *payload* makes it as large as wanted."""
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{module}/__init__.py", "")
        if payload:
            zf.writestr(f"{module}/payload.bin", payload)
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n",
        )
        zf.writestr(f"{module}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\n")
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()


def upload_form(filename: str, content: bytes) -> list[tuple[str, str]]:
    name, version = filename.split("-")[:2]
    return [
        (":action", "file_upload"),
        ("protocol_version", "1"),
        ("name", name.replace("_", "-")),
        ("version", version.removesuffix(".tar.gz")),
        ("filetype", "bdist_wheel" if filename.endswith(".whl") else "sdist"),
        ("sha256_digest", hashlib.sha256(content).hexdigest()),
    ]


@dataclass
class Server:
    """One live registry: its URL, data directory, database URL and tokens."""

    data_dir: Path
    database_url: str | None
    env: dict[str, str]
    workers: int
    tokens: dict[str, str] = field(default_factory=dict)
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data_dir.parent / "serve.log"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run([tool("registry"), *args], check=check, env=clean_env(**self.cli_env()))

    def cli_env(self) -> dict[str, str]:
        env = {"REGISTRY_DATA_DIR": str(self.data_dir)}
        if self.database_url:
            env["REGISTRY_DATABASE_URL"] = self.database_url
        return env

    def start(self, port: int | None = None) -> None:
        self.port = port or self.port or free_port()
        self.proc = start_serve(
            self.data_dir, self.port, self.log, workers=self.workers,
            env=clean_env(**self.cli_env(), **self.env),
        )  # fmt: skip

    def stop(self) -> None:
        if self.proc is not None:
            stop_serve(self.proc)
            self.proc = None

    def upload(
        self, filename: str, content: bytes, token: str | None = None, timeout: float = 60
    ) -> requests.Response:
        token = token if token is not None else self.tokens["publish"]
        return requests.post(
            f"{self.base}/{REPO}/",
            data=upload_form(filename, content),
            files={"content": (filename, content, "application/octet-stream")},
            auth=("__token__", token) if token else None,
            timeout=timeout,
        )

    def rows(self, table: str) -> int:
        url = self.database_url or f"sqlite:///{self.data_dir / 'registry.sqlite3'}"
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                return int(conn.execute(text(f"select count(*) from {table}")).scalar_one())
        finally:
            engine.dispose()

    def blob_files(self) -> list[str]:
        root = self.data_dir / "blobs"
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def provision(server: Server) -> None:
    server.cli("repo", "create", REPO)
    server.cli("repo", "create", PUBLIC_REPO, "--public-read")
    server.cli("repo", "create", OTHER_REPO)
    for scope in ("read", "publish", "admin"):
        server.tokens[scope] = server.cli(
            "token", "create", "--repo", REPO, "--scope", scope
        ).stdout.strip()
    server.tokens["other"] = server.cli(
        "token", "create", "--repo", OTHER_REPO, "--scope", "admin"
    ).stdout.strip()


MakeServer = Callable[..., Server]


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[MakeServer]:
    """make_server(backend="sqlite"|"postgres", workers=2, start=True, **env) → Server."""
    servers: list[Server] = []
    databases: list[object] = []

    def make(
        backend: str = "sqlite", workers: int = 2, start: bool = True, **env: str
    ) -> Server:
        url = None
        if backend == "postgres":
            ctx = postgres_database("codeyard_rel_")
            url = ctx.__enter__()
            databases.append(ctx)
        data_dir = tmp_path / f"server{len(servers)}" / "data"
        data_dir.parent.mkdir(parents=True)
        server = Server(data_dir, url, env, workers)
        servers.append(server)
        provision(server)
        if start:
            server.start()
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()
        for ctx in databases:
            ctx.__exit__(None, None, None)  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
