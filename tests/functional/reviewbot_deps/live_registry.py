"""Helpers: a live `registry serve` (gunicorn) on a free port with its own data directory,
holding repository `team` with acme-utils 1.0 and 1.1 (1.1 yanked), published with twine."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.live_registry import (
    STRIPPED,
    environment,
    free_port,
    run_checked,
    start_serve,
    stop_serve,
    tool,
)

YANK_REASON = "corrupts the cache on upgrade"


def clean_env(**extra: str) -> dict[str, str]:
    """This machine configures pip/twine globally; keep every client on our server only."""
    home = extra.pop("HOME", os.environ.get("HOME", "/tmp"))
    return environment(
        {"NO_COLOR": "1", "TERM": "dumb", "GIT_CONFIG_NOSYSTEM": "1", "HOME": home, **extra},
        strip=(*STRIPPED, "REVIEWBOT_"),
    )


def run(args: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    kw.setdefault("env", clean_env())
    return run_checked(args, check, **kw)


def minimal_wheel(directory: Path, name: str, version: str) -> Path:
    """A small valid wheel built by hand (METADATA, WHEEL, RECORD)."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    members = {
        f"{module}/__init__.py": f'__version__ = "{version}"\n',
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nRequires-Python: >=3.8\n\n"
        ),
        f"{dist_info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    members[f"{dist_info}/RECORD"] = (
        "".join(f"{m},,\n" for m in members) + f"{dist_info}/RECORD,,\n"
    )
    path = directory / f"{module}-{version}-py3-none-any.whl"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, text in members.items():
            zf.writestr(member, text)
    path.write_bytes(buffer.getvalue())
    return path


@dataclass
class Registry:
    url: str  # the `team` repository: http://127.0.0.1:PORT/team/
    read_token: str
    data_dir: Path


def start_registry(root: Path) -> Iterator[Registry]:
    """Serve until the generator is closed."""
    data_dir = root / "data"

    def cli(*args: str) -> str:
        return run([tool("registry"), *args, "--data-dir", str(data_dir)]).stdout.strip()

    cli("repo", "create", "team")
    publish = cli("token", "create", "--repo", "team", "--scope", "publish")
    read = cli("token", "create", "--repo", "team", "--scope", "read")
    port = free_port()
    proc = start_serve(data_dir, port, root / "serve.log", workers=1, env=clean_env())
    base = f"http://127.0.0.1:{port}"
    try:
        dist = root / "dist"
        dist.mkdir()
        wheels = [str(minimal_wheel(dist, "acme-utils", v)) for v in ("1.0", "1.1")]
        run(
            [tool("twine"), "upload", "--non-interactive", "--disable-progress-bar",
             "--config-file", os.devnull, "--repository-url", f"{base}/team/",
             "-u", "__token__", "-p", publish, *wheels],
        )  # fmt: skip
        cli("yank", "--repo", "team", "acme-utils", "1.1", "--reason", YANK_REASON)
        yield Registry(f"{base}/team/", read, data_dir)
    finally:
        stop_serve(proc)
