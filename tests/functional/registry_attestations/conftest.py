"""One live `registry serve` (gunicorn) that trusts a review bot's Ed25519 key, and the
real clients (twine, pip, uv, the registry CLI) kept on it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.attestations import Signer  # noqa: E402
from tests.support.live_registry import (  # noqa: E402
    clean_env,
    free_port,
    run_checked,
    start_serve,
    stop_serve,
    tool,
)
from tests.support.wheels import recorded_wheel  # noqa: E402


def wheel(name: str, version: str, salt: str = "") -> tuple[str, bytes]:
    return recorded_wheel(name, version, salt=salt)


@dataclass
class Live:
    root: Path
    port: int
    signer: Signer
    key_path: Path
    tokens: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def env(self) -> dict[str, str]:
        # The CLI needs the same keys as the server: it checks policies itself (copy).
        return clean_env(REGISTRY_ATTESTATION_KEYS=str(self.key_path))

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [tool("registry"), *args]
        if args[:2] != ("attestation", "verify"):
            command += ["--data-dir", str(self.data_dir)]
        return run_checked(command, check, env=self.env())

    def token(self, repo: str, scope: str) -> str:
        out = self.cli("token", "create", "--repo", repo, "--scope", scope).stdout
        return out.strip().splitlines()[-1].split()[-1]

    def write(self, filename: str, data: bytes) -> Path:
        path = self.root / "dist" / filename
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return path

    def twine(self, repo: str, token: str, *files: Path) -> subprocess.CompletedProcess[str]:
        return run_checked(
            [tool("twine"), "upload", "--non-interactive", "--disable-progress-bar",
             "--repository-url", f"{self.base}/{repo}/", "-u", "__token__", "-p", token,
             *map(str, files)],
            False, env=self.env(),
        )  # fmt: skip

    def index(self, repo: str, token: str) -> str:
        return f"http://__token__:{token}@127.0.0.1:{self.port}/{repo}/simple/"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    root = tmp_path_factory.mktemp("attestations")
    signer = Signer.generate()
    server = Live(root, free_port(), signer, signer.write_public(root / "reviewbot.pub.pem"))
    for repo in ("staging", "release", "gated", "elsewhere"):
        run_checked([tool("registry"), "repo", "create", repo, "--data-dir",
                     str(server.data_dir)], env=server.env())  # fmt: skip
    server.cli("repo", "add-upstream", "gated", "staging")
    server.proc = start_serve(
        server.data_dir, server.port, root / "serve.log", workers=2, env=server.env(),
        label="registry serve (attestations)", wait_seconds=90,
    )  # fmt: skip
    try:
        yield server
    finally:
        stop_serve(server.proc)
