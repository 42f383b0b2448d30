"""The supply-chain pipeline against live servers: a real `registry serve` (gunicorn) that
trusts the bot's public key, `staging` and a policy-guarded `release`, and a real git
repository of a small project whose changes go through deploy/pipeline/run-stages.sh."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.functional.reviewbot_deps.live_registry import minimal_wheel  # noqa: E402
from tests.support.live_registry import (  # noqa: E402
    BIN,
    STRIPPED,
    environment,
    free_port,
    run_checked,
    start_serve,
    stop_serve,
    tool,
)

STAGES = ROOT / "deploy/pipeline/run-stages.sh"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.com",
}  # fmt: skip


def clean_env(**extra: str) -> dict[str, str]:
    """Only our registry: no pip/uv/twine configuration, no REGISTRY_/REVIEWBOT_ leftovers."""
    return environment(
        {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "UV_NO_CONFIG": "1",
         "NO_COLOR": "1", "TERM": "dumb", "GIT_CONFIG_NOSYSTEM": "1",
         "PATH": f"{BIN}:{os.environ['PATH']}", **extra},
        strip=(*STRIPPED, "REVIEWBOT_", "PIPELINE_", "VIRTUAL_ENV"),
    )  # fmt: skip


@dataclass
class LiveRegistry:
    base: str  # http://127.0.0.1:PORT
    data_dir: Path
    key: Path  # the bot's private key; key.pub is what the registry trusts
    tokens: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_checked([tool("registry"), *args, "--data-dir", str(self.data_dir)], check,
                           env=clean_env())  # fmt: skip


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveRegistry]:
    root = tmp_path_factory.mktemp("pipeline-registry")
    data_dir, key = root / "data", root / "bot-key.pem"
    keyid = run_checked([tool("reviewbot"), "keygen", str(key)], env=clean_env()).stdout.strip()
    assert len(keyid) == 64 and oct(key.stat().st_mode & 0o777) == "0o600"
    live = LiveRegistry("", data_dir, key)
    for repo in ("staging", "release"):
        live.cli("repo", "create", repo)

    def token(repo: str, scope: str) -> str:
        return live.cli("token", "create", "--repo", repo, "--scope", scope).stdout.strip()

    live.tokens = {
        "read": token("release", "read"),
        "publish": token("staging", "publish"),
        "staging-read": token("staging", "read"),
    }
    # The team's library every change depends on, in `release` before the policy exists
    # (a policy does not touch files already there).
    seed = root / "seed"
    seed.mkdir()
    port = free_port()
    env = clean_env(REGISTRY_ATTESTATION_KEYS=str(key) + ".pub")
    proc = start_serve(data_dir, port, root / "serve.log", workers=2, env=env)
    live.base = f"http://127.0.0.1:{port}"
    try:
        admin = token("release", "publish")
        run_checked(
            [tool("twine"), "upload", "--non-interactive", "--disable-progress-bar",
             "--config-file", os.devnull, "--repository-url", f"{live.base}/release/",
             "-u", "__token__", "-p", admin, str(minimal_wheel(seed, "acme-utils", "1.0"))],
            env=clean_env(),
        )  # fmt: skip
        live.cli("repo", "policy", "release", "--require-review", "pass")
        yield live
    finally:
        stop_serve(proc)


PYPROJECT = """\
[build-system]
requires = ["flit_core>=3.9"]
build-backend = "flit_core.buildapi"

[project]
name = "svc"
version = "{version}"
description = "A service the pipeline ships."
requires-python = ">=3.8"
dependencies = [{dependencies}]
{optional}"""

SOURCE = '''"""A service the pipeline ships."""


def total(prices):
    """The sum of the prices."""
    return sum(prices)
'''

TEST = '''from svc import total


def test_total():
    assert total([1, 2, 3]) == 6
'''


@dataclass
class Project:
    path: Path

    def git(self, *args: str) -> str:
        return run_checked(["git", "-C", str(self.path), *args],
                           env=clean_env(HOME=str(self.path.parent), **GIT_IDENTITY)).stdout

    def write(self, name: str, text: str) -> None:
        (self.path / name).parent.mkdir(parents=True, exist_ok=True)
        (self.path / name).write_text(text)

    def pyproject(self, version: str, optional: str = "") -> None:
        self.write("pyproject.toml", PYPROJECT.format(
            version=version, dependencies='"acme-utils>=1.0"', optional=optional))  # fmt: skip

    def branch(self, name: str, files: dict[str, str], version: str, optional: str = "") -> None:
        """A feature branch off main with one commit: the files, the version bumped, and
        `optional` appended to pyproject.toml."""
        self.git("checkout", "-q", "-B", name, "main")
        self.pyproject(version, optional)
        for relative, text in files.items():
            self.write(relative, text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", f"{name}: change")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    repo = Project(tmp_path / "svc")
    repo.path.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.pyproject("1.0.0")
    repo.write("svc/__init__.py", SOURCE)
    repo.write("svc/__main__.py", "from svc import total\n\nprint('deployed', total([2, 3]))\n")
    repo.write("tests/test_svc.py", TEST)
    repo.write(".gitignore", "dist/\n.pipeline/\n__pycache__/\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "svc")
    return repo


def run_stages(
    registry: LiveRegistry, project: Project, *stages: str, key: Path | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    """deploy/pipeline/run-stages.sh as CI runs it, from the project's root."""
    env = clean_env(
        PIPELINE_REGISTRY=registry.base,
        PIPELINE_BASE="main",
        PIPELINE_HEAD="HEAD",
        # no network for the build backend: flit_core comes from this environment
        PIPELINE_BUILD_ARGS="--no-isolation",
        PIPELINE_SMOKE="svc",
        REGISTRY_READ_TOKEN=registry.tokens["read"],
        REGISTRY_PUBLISH_TOKEN=registry.tokens["publish"],
        REVIEWBOT_ATTESTATION_KEY=str(key or registry.key),
        REGISTRY_DATA_DIR=str(registry.data_dir),
        # `registry copy` checks attestations itself: it trusts the keys the server trusts
        REGISTRY_ATTESTATION_KEYS=f"{registry.key}.pub",
        PYTHON=sys.executable,
        HOME=str(project.path.parent),
        **extra,
    )
    return subprocess.run(["bash", str(STAGES), *stages], cwd=project.path, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
