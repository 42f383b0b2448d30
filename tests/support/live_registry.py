"""Shared by the functional suites: real clients kept on our own server, and a live
`registry serve` (gunicorn) on a free port that is started, waited for and stopped.

Imported as `tests.support.live_registry`; each conftest that uses it puts the repository root
on sys.path first (pytest runs with --import-mode=importlib)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
STRIPPED = ("PIP_", "UV_", "REGISTRY_", "TWINE_", "PYTHONPATH")
PIP_ON_OUR_INDEX = {
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_INPUT": "1",
    "UV_NO_CONFIG": "1",
    "NO_COLOR": "1",
}


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def environment(settings: Mapping[str, str], strip: tuple[str, ...] = STRIPPED) -> dict[str, str]:
    """os.environ without the variables starting with `strip`, then `settings` on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(strip)}
    env.update(settings)
    return env


def clean_env(**extra: str) -> dict[str, str]:
    """This machine configures pip globally; keep pip and uv on our index only."""
    return environment({**PIP_ON_OUR_INDEX, "TERM": "dumb", **extra})


def run_checked(args: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    """Run a client; with `check`, a non-zero exit fails with its whole output."""
    result = subprocess.run(args, capture_output=True, text=True, timeout=240, **kw)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return result


def run(args: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    kw.setdefault("env", clean_env())
    return run_checked(args, check, **kw)


def _children_by_parent() -> dict[int, list[int]]:
    """Every process's children, from one pass over Linux's /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    return children


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid``: a server's workers."""
    return _children_by_parent().get(pid, [])


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children = _children_by_parent()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(
    data_dir: Path,
    port: int,
    log_path: Path,
    *,
    workers: int,
    env: dict[str, str],
    label: str = "registry serve",
    wait_seconds: float = 90,  # the machine may be busy with other suites
) -> subprocess.Popen[bytes]:
    """Start `registry serve` and return once /health answers; if it exits or the wait runs
    out, stop it and fail with its log (appended to `log_path`)."""
    with log_path.open("a") as log:  # the server keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [tool("registry"), "serve", "--port", str(port), "--data-dir", str(data_dir),
             "--workers", str(workers)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            if requests.get(base + "/health", timeout=5).ok:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_serve(proc)
            raise RuntimeError(f"{label} did not start:\n" + log_path.read_text())
        time.sleep(0.2)


def stop_serve(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
