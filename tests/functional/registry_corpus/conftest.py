"""Fixtures of the real-package corpus suite: the fetched corpus, and two live `registry serve`
instances: "main", where twine publishes and pip/uv install, and "public", which receives the
corpus through `uv publish` and then serves it as main's external index."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.functional.registry_corpus import corpus  # noqa: E402
from tests.support.live_registry import (  # noqa: E402
    clean_env,
    free_port,
    run,
    start_serve,
    stop_serve,
    tool,
)


@dataclass
class Corpus:
    entries: list[corpus.Entry]
    paths: dict[str, Path]  # filename -> cached file

    def path(self, filename: str) -> Path:
        return self.paths[filename]


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    entries = corpus.load()
    return Corpus(entries, corpus.fetch(entries))


@dataclass
class Registry:
    name: str
    data_dir: Path
    port: int = field(default_factory=free_port)
    tokens: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args: str) -> str:
        return run([tool("registry"), *args, "--data-dir", str(self.data_dir)]).stdout.strip()

    def repo(self, name: str, *scopes: str, public_read: bool = False) -> None:
        self.cli("repo", "create", name, *(["--public-read"] if public_read else []))
        for scope in scopes:
            self.tokens[f"{name}-{scope}"] = self.cli(
                "token", "create", "--repo", name, "--scope", scope
            )

    def index_url(self, repo: str, token: str | None = None) -> str:
        auth = f"__token__:{token}@" if token else ""
        return f"http://{auth}127.0.0.1:{self.port}/{repo}/simple/"

    def get(self, path: str, token: str | None = None, **headers: str) -> requests.Response:
        auth = ("__token__", token) if token else None
        return requests.get(self.base + path, auth=auth, headers=headers, timeout=60)

    def start(self) -> None:
        self.proc = start_serve(
            self.data_dir,
            self.port,
            self.data_dir.parent / f"{self.name}.log",
            workers=2,
            env=clean_env(),
            label=self.name,
        )

    def stop(self) -> None:
        if self.proc is not None:
            stop_serve(self.proc)
            self.proc = None


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, Registry]]:
    """(main, public), both running; "public"'s repository "pypi" is readable by anyone and
    is the external index of main's repository "proxy"."""
    root = tmp_path_factory.mktemp("corpus-registries")
    main = Registry("main", root / "main" / "data")
    public = Registry("public", root / "public" / "data")
    main.repo("mirror", "publish", "read", "admin")
    main.repo("proxy", "read")
    public.repo("pypi", "publish", public_read=True)
    main.cli("repo", "set-external", "proxy", f"{public.base}/pypi/simple/")
    try:
        main.start()
        public.start()
        yield main, public
    finally:
        main.stop()
        public.stop()
