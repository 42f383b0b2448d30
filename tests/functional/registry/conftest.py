"""Functional fixtures: sample projects built once, a live `registry serve` (gunicorn) on a free
port, and one driver interface that runs the same HTTP checks in-process (Flask test client)
and against the live server (requests), as devpi's functional tests do."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.support` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.support.live_registry import clean_env, free_port, run, start_serve, stop_serve, tool  # noqa: E402

REPO = "team"
PUBLIC_REPO = "open"
MAX_UPLOAD = 2_000_000  # small, so the oversized-file case stays cheap


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- sample projects ---------------------------------------------------------------------------


@dataclass
class Dists:
    root: Path
    files: dict[str, Path] = field(default_factory=dict)

    def get(self, filename: str) -> Path:
        return self.files[filename]


PROJECTS = [
    # (name, version, requires-python, dependencies, sdist too?)
    ("cy-dep", "1.0", ">=3.8", [], False),
    ("cy-app", "1.0", ">=3.8", ["cy-dep>=1.0"], True),
    ("cy-app", "2.0", ">=3.8", ["cy-dep>=1.0"], True),
    ("cy-yank", "1.0", ">=3.8", [], False),
    ("cy-yank", "2.0", ">=3.8", [], False),
    ("cy-future", "1.0", ">=3.8", [], False),
    ("cy-future", "2.0", ">=4", [], False),
]


def write_project(root: Path, name: str, version: str, requires_python: str, deps: list[str]):  # type: ignore[no-untyped-def]
    module = name.replace("-", "_")
    src = root / f"{module}-{version}"
    (src / module).mkdir(parents=True)
    (src / module / "__init__.py").write_text(f'"""{name}."""\n\n__version__ = "{version}"\n')
    dependencies = ", ".join(f'"{d}"' for d in deps)
    (src / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["flit_core>=3.9"]
            build-backend = "flit_core.buildapi"

            [project]
            name = "{name}"
            version = "{version}"
            description = "codeyard functional-test project"
            requires-python = "{requires_python}"
            dependencies = [{dependencies}]
            """
        )
    )
    return src


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """Every sample distribution, built once per session with `python -m build`."""
    root = tmp_path_factory.mktemp("dists")
    out = root / "dist"
    for name, version, rp, deps, sdist in PROJECTS:
        src = write_project(root / "src", name, version, rp, deps)
        kinds = ["--sdist", "--wheel"] if sdist else ["--wheel"]
        run([sys.executable, "-m", "build", "--no-isolation", *kinds, "-o", str(out), str(src)])
    result = Dists(root)
    for path in out.iterdir():
        result.files[path.name] = path
    return result


def make_wheel(name: str, version: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A small valid wheel built by hand (for the hostile-upload gallery)."""
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{module}/__init__.py", "")
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n",
        )
        zf.writestr(f"{module}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\n")
        for member, data in (extra or {}).items():
            zf.writestr(member, data)
    return buf.getvalue()


# --- one driver, two ways to run -----------------------------------------------------------------


@dataclass
class Reply:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def upload_fields(filename: str, content: bytes, **overrides: str | None) -> list[tuple[str, str]]:
    """The legacy form as twine 7 sends it, with fields overridable (None drops one)."""
    name, version = filename.split("-")[:2]
    version = version.removesuffix(".tar.gz")
    fields: dict[str, str | None] = {
        ":action": "file_upload",
        "protocol_version": "1",
        "metadata_version": "2.1",
        "name": name.replace("_", "-"),
        "version": version,
        "filetype": "bdist_wheel" if filename.endswith(".whl") else "sdist",
        "pyversion": "py3" if filename.endswith(".whl") else "source",
        "sha256_digest": hashlib.sha256(content).hexdigest(),
        "blake2_256_digest": hashlib.blake2b(content, digest_size=32).hexdigest(),
    }
    fields.update(overrides)
    return [(k, v) for k, v in fields.items() if v is not None]


class Driver:
    """What a test may do with a registry, whichever way it runs."""

    base: str
    data_dir: Path
    tokens: dict[str, str]

    def get(
        self, path: str, headers: dict[str, str] | None = None, token: str | None = None
    ) -> Reply:
        raise NotImplementedError

    def upload(
        self, repo: str, filename: str, content: bytes, token: str | None, **fields: str | None
    ) -> Reply:
        raise NotImplementedError

    # what the data directory holds: the "nothing left behind" checks read these
    def blob_files(self) -> set[str]:
        root = self.data_dir / "blobs"
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    def row_counts(self) -> tuple[int, int, int]:
        with sqlite3.connect(self.data_dir / "registry.sqlite3") as db:
            return tuple(  # type: ignore[return-value]
                db.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("projects", "releases", "files")
            )


class LiveDriver(Driver):
    def __init__(self, base: str, data_dir: Path, tokens: dict[str, str]) -> None:
        self.base, self.data_dir, self.tokens = base, data_dir, tokens
        self.http = requests.Session()
        self.http.trust_env = False

    def get(self, path, headers=None, token=None):  # type: ignore[no-untyped-def]
        auth = ("__token__", token) if token else None
        r = self.http.get(self.base + path, headers=headers, auth=auth, allow_redirects=False)
        return Reply(r.status_code, r.reason, dict(r.headers), r.content)

    def upload(self, repo, filename, content, token, **fields):  # type: ignore[no-untyped-def]
        auth = ("__token__", token) if token else None
        r = self.http.post(
            f"{self.base}/{repo}/",
            data=upload_fields(filename, content, **fields),
            files={"content": (filename, content, "application/octet-stream")},
            auth=auth,
            allow_redirects=False,
        )
        return Reply(r.status_code, r.reason, dict(r.headers), r.content)


class InProcessDriver(Driver):
    def __init__(self, app, data_dir: Path, tokens: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
        self.client = app.test_client()
        self.base, self.data_dir, self.tokens = "", data_dir, tokens

    @staticmethod
    def _auth(token: str | None) -> dict[str, str]:
        if not token:
            return {}
        import base64

        return {
            "Authorization": "Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()
        }

    @staticmethod
    def _reply(resp) -> Reply:  # type: ignore[no-untyped-def]
        reason = resp.status.split(" ", 1)[1] if " " in resp.status else ""
        return Reply(resp.status_code, reason, dict(resp.headers), resp.get_data())

    def get(self, path, headers=None, token=None):  # type: ignore[no-untyped-def]
        return self._reply(self.client.get(path, headers={**(headers or {}), **self._auth(token)}))

    def upload(self, repo, filename, content, token, **fields):  # type: ignore[no-untyped-def]
        from werkzeug.datastructures import MultiDict

        data = MultiDict(upload_fields(filename, content, **fields))
        data.add("content", (io.BytesIO(content), filename))
        resp = self.client.post(
            f"/{repo}/", data=data, headers=self._auth(token), content_type="multipart/form-data"
        )
        return self._reply(resp)


def registry_cli(data_dir: Path, *args: str) -> str:
    return run([tool("registry"), *args, "--data-dir", str(data_dir)]).stdout.strip()


def provision(data_dir: Path) -> dict[str, str]:
    """Repositories and tokens, made with the real CLI."""
    registry_cli(data_dir, "repo", "create", REPO)
    registry_cli(data_dir, "repo", "create", PUBLIC_REPO, "--public-read")
    return {
        "publish": registry_cli(data_dir, "token", "create", "--repo", REPO, "--scope", "publish"),
        "read": registry_cli(data_dir, "token", "create", "--repo", REPO, "--scope", "read"),
        "open-publish": registry_cli(
            data_dir, "token", "create", "--repo", PUBLIC_REPO, "--scope", "publish"
        ),
    }


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDriver]:
    """`registry serve` (gunicorn, 2 workers) on a free port with its own data directory."""
    data_dir = tmp_path_factory.mktemp("live") / "data"
    tokens = provision(data_dir)
    port = free_port()
    proc = start_serve(
        data_dir,
        port,
        data_dir.parent / "serve.log",
        workers=2,
        env=clean_env(REGISTRY_MAX_UPLOAD_BYTES=str(MAX_UPLOAD)),
    )
    try:
        yield LiveDriver(f"http://127.0.0.1:{port}", data_dir, tokens)
    finally:
        stop_serve(proc)


@pytest.fixture(scope="session")
def inprocess(tmp_path_factory: pytest.TempPathFactory) -> InProcessDriver:
    from registry.config import Settings
    from registry.web.app import create_app

    data_dir = tmp_path_factory.mktemp("inproc") / "data"
    tokens = provision(data_dir)
    app = create_app(Settings(data_dir=data_dir, max_upload_bytes=MAX_UPLOAD))
    return InProcessDriver(app, data_dir, tokens)


@pytest.fixture(params=["inprocess", "live"])
def driver(request: pytest.FixtureRequest) -> Driver:
    return request.getfixturevalue(request.param)
