"""Live servers and helpers for the sharing functional tests: two `registry serve` (gunicorn)
instances, the second acting as the external index of the first, real pip and uv kept on our
indexes only, and wheels built by hand (complete: METADATA, WHEEL, RECORD)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.live_registry import (  # noqa: E402
    PIP_ON_OUR_INDEX,
    environment,
    free_port,
    run_checked,
    start_serve,
    stop_serve,
    tool,
)
from tests.support.wheels import recorded_wheel  # noqa: E402


def clean_env(**extra: str) -> dict[str, str]:
    """This machine configures pip globally; keep pip and uv on our index only."""
    return environment({**PIP_ON_OUR_INDEX, **extra})


def run(args: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    kw.setdefault("env", clean_env())
    return run_checked(args, check, **kw)


wheel = recorded_wheel


@dataclass
class Server:
    """One `registry serve` with its own data directory."""

    name: str
    data_dir: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run([tool("registry"), *args, "--data-dir", str(self.data_dir)], check=check)

    def start(self, workers: int = 2) -> None:
        self.proc = start_serve(
            self.data_dir,
            self.port,
            self.data_dir.parent / f"{self.name}.log",
            workers=workers,
            env=clean_env(),
            label=self.name,
            wait_seconds=60,
        )

    def stop(self) -> None:
        if self.proc is None:
            return
        stop_serve(self.proc)
        self.proc = None

    def upload(self, repo: str, filename: str, content: bytes, token: str) -> requests.Response:
        name, version = filename.split("-")[:2]
        fields = {
            ":action": "file_upload",
            "protocol_version": "1",
            "metadata_version": "2.1",
            "name": name.replace("_", "-"),
            "version": version,
            "filetype": "bdist_wheel",
            "pyversion": "py3",
            "sha256_digest": hashlib.sha256(content).hexdigest(),
        }
        return requests.post(
            f"{self.base}/{repo}/",
            data=fields,
            files={"content": (filename, content, "application/octet-stream")},
            auth=("__token__", token),
            timeout=30,
        )

    def index_url(self, repo: str, token: str | None = None) -> str:
        auth = f"__token__:{token}@" if token else ""
        return f"http://{auth}127.0.0.1:{self.port}/{repo}/simple/"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Server]]:
    """(main, remote): the remote is a second live registry the main one connects to."""
    root = tmp_path_factory.mktemp("sharing")
    main = Server("main", root / "main", free_port())
    remote = Server("remote", root / "remote", free_port())
    try:
        yield main, remote
    finally:
        main.stop()
        remote.stop()


def pip_install(index: str, target: Path, *requirements: str, check: bool = True):  # type: ignore[no-untyped-def]
    return run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir",
         "--disable-pip-version-check", "--index-url", index, "--target", str(target),
         *requirements],
        check=check,
    )  # fmt: skip


def uv_install(index: str, target: Path, *requirements: str, check: bool = True):  # type: ignore[no-untyped-def]
    return run(
        [tool("uv"), "pip", "install", "--no-config", "--no-cache", "--python", sys.executable,
         "--index-url", index, "--target", str(target), *requirements],
        check=check,
    )  # fmt: skip


def installed(target: Path) -> dict[str, str]:
    """{distribution: version} found in a --target directory."""
    found = {}
    for info in target.glob("*.dist-info"):
        name, version = info.name[: -len(".dist-info")].rsplit("-", 1)
        found[name.lower()] = version
    return found
