"""Live throughput of `registry serve` against pypiserver, the self-hosted peer, on one machine.

    python -m benchmarks.registry_vs_pypiserver [--projects 30] [--versions 10] [--requests 1500]

Both servers run under gunicorn with the same workers and threads, serve the same wheels,
and are read by the same client (4 threads, keep-alive sessions) over loopback: PEP 503 HTML
project pages (what pip reads from both), the root index, and wheel downloads. pypiserver is
installed on first use into benchmarks/.work/pypiserver-venv (a package registry download).
Figures, not assertions; the ratio line is what to compare between commits.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

from benchmarks.registry_simple import wheel
from tests.support.live_registry import free_port

WORK = Path(__file__).resolve().parent / ".work"
WORKERS, THREADS, CLIENTS = 2, 4, 4


def pypiserver_python() -> Path:
    venv = WORK / "pypiserver-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "pypiserver>=2.1", "gunicorn"], check=True
        )
    return python


def wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode} before answering {url}")
        try:
            if requests.get(url, timeout=1).status_code < 500:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"no answer from {url}")


def measure(label: str, urls: list[str]) -> float:
    """Requests per second over CLIENTS threads; prints p50/p99 latency too."""
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [urls[i::CLIENTS] for i in range(CLIENTS)]

    def client(chunk: list[str]) -> None:
        session = requests.Session()
        session.headers["Accept"] = "text/html"
        mine = []
        for url in chunk:
            started = time.perf_counter()
            response = session.get(url, timeout=30)
            response.raise_for_status()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"  {label:<26} {len(urls) / elapsed:8.1f} req/s   "
        f"p50 {statistics.median(latencies) * 1000:6.1f} ms   p99 {p99 * 1000:6.1f} ms"
    )
    return len(urls) / elapsed


def run_suite(
    name: str, base: str, page: Callable[[str], str], files: list[str], count: int
) -> dict[str, float]:
    rng = random.Random(7)
    print(name)
    projects = sorted({f.split("-")[0].replace("_", "-") for f in files})
    return {
        "project pages": measure(
            "project pages (HTML)", [page(rng.choice(projects)) for _ in range(count)]
        ),
        "root index": measure("root index /simple/", [f"{base}/simple/"] * (count // 5)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=30)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        packages = tmp / "packages"
        packages.mkdir()
        for p in range(args.projects):
            for v in range(args.versions):
                name, version = f"bench{p:03d}", f"1.{v}.0"
                (packages / f"{name}-{version}-py3-none-any.whl").write_bytes(wheel(name, version))
        files = sorted(f.name for f in packages.iterdir())

        # codeyard registry: a public-read repository, filled through the real upload API.
        data_dir, port = tmp / "registry-data", free_port()
        registry = [sys.executable, "-m", "registry.cli"]
        cli_env = os.environ | {"REGISTRY_DATA_DIR": str(data_dir)}
        subprocess.run([*registry, "repo", "create", "bench", "--public-read"],
                       check=True, env=cli_env, capture_output=True)
        token = subprocess.run(
            [*registry, "token", "create", "--repo", "bench", "--scope", "publish"],
            check=True, env=cli_env, capture_output=True, text=True,
        ).stdout.strip()
        ours = subprocess.Popen(
            [*registry, "serve", "--port", str(port), "--workers", str(WORKERS)],
            env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        # pypiserver: the same wheels in its package directory, same gunicorn shape.
        peer_port = free_port()
        peer = subprocess.Popen(
            [str(pypiserver_python()), "-m", "gunicorn", "-w", str(WORKERS), "-k", "gthread",
             "--threads", str(THREADS), "-b", f"127.0.0.1:{peer_port}",
             f"pypiserver:app(roots=[{str(packages)!r}], authenticate=[], password_file='.')"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base, peer_base = f"http://127.0.0.1:{port}/bench", f"http://127.0.0.1:{peer_port}"
            wait_until_up(f"http://127.0.0.1:{port}/health", ours)
            wait_until_up(f"{peer_base}/simple/", peer)
            session = requests.Session()
            for filename in files:
                name, version = filename.split("-")[:2]
                content = (packages / filename).read_bytes()
                response = session.post(
                    f"{base}/",
                    auth=("__token__", token),
                    data={":action": "file_upload", "protocol_version": "1", "name": name,
                          "version": version, "filetype": "bdist_wheel", "pyversion": "py3",
                          "metadata_version": "2.1",
                          "sha256_digest": hashlib.sha256(content).hexdigest()},
                    files={"content": (filename, content)},
                )
                response.raise_for_status()

            rng = random.Random(11)
            downloads = [rng.choice(files) for _ in range(args.requests // 2)]
            our_links = {
                a.split('"')[1].split("#")[0]
                for p in sorted({f.split("-")[0] for f in downloads})
                for a in session.get(f"{base}/simple/{p}/", headers={"Accept": "text/html"})
                .text.split("href=")[1:]
            }
            by_name = {link.rsplit("/", 1)[1]: link for link in our_links}

            print(f"{len(files)} wheels, {CLIENTS} client threads, gunicorn {WORKERS}x{THREADS}")
            mine = run_suite("codeyard registry", base,
                             lambda p: f"{base}/simple/{p}/", files, args.requests)
            mine["downloads"] = measure(
                "wheel downloads", [f"http://127.0.0.1:{port}{by_name[f]}" for f in downloads]
            )
            theirs = run_suite("pypiserver", peer_base,
                               lambda p: f"{peer_base}/simple/{p}/", files, args.requests)
            theirs["downloads"] = measure(
                "wheel downloads", [f"{peer_base}/packages/{f}" for f in downloads]
            )
            print("ratio codeyard / pypiserver (throughput, higher is better)")
            for key, value in mine.items():
                print(f"  {key:<26} {value / theirs[key]:6.2f}x")
        finally:
            for proc in (ours, peer):
                proc.terminate()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
