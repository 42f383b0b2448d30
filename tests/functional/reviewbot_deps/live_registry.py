"""Helpers: a live `registry serve` (gunicorn) on a free port with its own data directory,
holding repository `team` with acme-utils 1.0 and 1.1 (1.1 yanked), published with twine."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
YANK_REASON = "corrupts the cache on upgrade"


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def clean_env(**extra: str) -> dict[str, str]:
    """This machine configures pip/twine globally; keep every client on our server only."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "UV_", "REGISTRY_", "TWINE_", "REVIEWBOT_", "PYTHONPATH"))
    }
    env.update(
        NO_COLOR="1",
        TERM="dumb",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=extra.pop("HOME", env.get("HOME", "/tmp")),
    )
    env.update(extra)
    return env


def run(args: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    kw.setdefault("env", clean_env())
    result = subprocess.run(args, capture_output=True, text=True, timeout=240, **kw)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    log = (root / "serve.log").open("w")
    proc = subprocess.Popen(
        [
            tool("registry"),
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--workers",
            "1",
        ],
        env=clean_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # the machine may be busy with other suites
        while True:
            try:
                if requests.get(base + "/health", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "registry serve did not start:\n" + (root / "serve.log").read_text()
                )
            time.sleep(0.2)
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
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
