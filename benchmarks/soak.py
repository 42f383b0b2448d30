"""Soak: mixed pip, uv, twine and index-page traffic against a live `registry serve` on
PostgreSQL, with a database outage and a worker kill in the middle.

    python -m benchmarks.soak [--clients 50] [--minutes 10] [--workers 4]
                              [--outage-at 0.4] [--outage-seconds 15] [--kill-at 0.6]

The database is reached through a TCP proxy that the soak cuts for --outage-seconds (the real
PostgreSQL service keeps running); one gunicorn worker is killed with SIGKILL at --kill-at.
Each request is counted once, without retries, and classified by when it ran: inside the
outage window (cut → restore + 5 s), inside the kill window (kill → +3 s), or outside both.
Prints errors by kind and window, latency percentiles per kind (outside the windows), the
memory of the server over time, and a final `registry check`. Figures, not assertions:
errors outside both windows are the regressions to look for. Needs PostgreSQL on
127.0.0.1:5432 (trust auth), like `make test`. Not run in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import text

from tests.support.live_registry import clean_env, free_port, start_serve, stop_serve, tool
from tests.support.postgres import admin_engine
from tests.support.tcp_proxy import TcpProxy

REPO = "soak"
SEED_PROJECTS = 20
JSON = "application/vnd.pypi.simple.v1+json"
PIP_ACCEPT = f"{JSON}, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"
# Real clients are whole processes: at most this many at once, so 50 clients on a small
# machine measure the registry, not process start-up contention.
SUBPROCESS_SLOTS = 4


def wheel(name: str, version: str, size: int = 4000) -> tuple[str, bytes]:
    module = name.replace("-", "_")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{module}/__init__.py", f"VERSION = {version!r}\n")
        zf.writestr(f"{module}/data.bin", os.urandom(size))
        zf.writestr(
            f"{module}-{version}.dist-info/METADATA",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nRequires-Python: >=3.8\n\n",
        )
        zf.writestr(
            f"{module}-{version}.dist-info/WHEEL",
            "Wheel-Version: 1.0\nGenerator: soak\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        zf.writestr(f"{module}-{version}.dist-info/RECORD", "")
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()


@dataclass
class Sample:
    kind: str
    start: float
    end: float
    outcome: str  # "ok" or an error kind: "http 503", "connection", "exit 1", ...


@dataclass
class Timeline:
    started: float = field(default_factory=time.monotonic)
    outage: tuple[float, float] | None = None
    kill: tuple[float, float] | None = None

    def window(self, sample: Sample) -> str:
        for name, span in (("outage", self.outage), ("kill", self.kill)):
            if span and sample.start <= span[1] and sample.end >= span[0]:
                return name
        return "outside"


class Soak:
    def __init__(self, base: str, tokens: dict[str, str], work: Path, deadline: float) -> None:
        self.base, self.tokens, self.work, self.deadline = base, tokens, work, deadline
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.slots = threading.Semaphore(SUBPROCESS_SLOTS)
        self.published: list[tuple[str, str]] = []  # (filename, sha256) acknowledged
        self.counter = 0

    def record(self, kind: str, start: float, outcome: str) -> None:
        with self.lock:
            self.samples.append(Sample(kind, start, time.monotonic(), outcome))

    def http(self, kind: str, method: str, path: str, token: str, **kw: object) -> bool:
        start = time.monotonic()
        try:
            reply = requests.request(
                method, self.base + path, auth=("__token__", token), timeout=60, **kw
            )  # type: ignore[arg-type]
            outcome = "ok" if reply.status_code < 400 else f"http {reply.status_code}"
        except requests.ConnectionError:
            outcome = "connection"
        except requests.Timeout:
            outcome = "timeout"
        self.record(kind, start, outcome)
        return outcome == "ok"

    def client(self, number: int) -> None:
        rng = random.Random(number)
        host = self.base.removeprefix("http://")
        index = f"http://__token__:{self.tokens['read']}@{host}/{REPO}/simple/"
        while time.monotonic() < self.deadline:
            roll = rng.random()
            project = f"soak-seed{rng.randrange(SEED_PROJECTS)}"
            if roll < 0.40:
                self.http("page", "GET", f"/{REPO}/simple/{project}/", self.tokens["read"],
                          headers={"Accept": PIP_ACCEPT})  # fmt: skip
            elif roll < 0.50:
                self.http("index", "GET", f"/{REPO}/simple/", self.tokens["read"],
                          headers={"Accept": "text/html"})  # fmt: skip
            elif roll < 0.70:
                self.download(project)
            elif roll < 0.82:
                self.upload(number)
            elif roll < 0.88:
                self.real("pip", [tool("pip"), "download", "--no-deps", "--no-cache-dir",
                                  "--index-url", index, "-d", "{tmp}", project])  # fmt: skip
            elif roll < 0.94:
                self.real("uv", [tool("uv"), "pip", "install", "--python", sys.executable,
                                 "--no-deps", "--no-cache", "--index-url", index,
                                 "--target", "{tmp}", project])  # fmt: skip
            else:
                self.twine(number)
            time.sleep(rng.uniform(0.05, 0.3))  # think time

    def download(self, project: str) -> None:
        start = time.monotonic()
        try:
            page = requests.get(
                f"{self.base}/{REPO}/simple/{project}/", headers={"Accept": JSON},
                auth=("__token__", self.tokens["read"]), timeout=60,
            )  # fmt: skip
            if page.status_code != 200:
                self.record("download", start, f"http {page.status_code}")
                return
            url = page.json()["files"][0]["url"]
            reply = requests.get(
                requests.compat.urljoin(page.url, url),
                auth=("__token__", self.tokens["read"]), timeout=60,
            )  # fmt: skip
            outcome = "ok" if reply.status_code == 200 else f"http {reply.status_code}"
        except requests.ConnectionError:
            outcome = "connection"
        except requests.Timeout:
            outcome = "timeout"
        self.record("download", start, outcome)

    def next_version(self, number: int) -> str:
        with self.lock:
            self.counter += 1
            return f"{number}.{self.counter}"

    def upload(self, number: int) -> None:
        filename, body = wheel(f"soak-up{number}", self.next_version(number))
        sha = hashlib.sha256(body).hexdigest()
        if self.http(
            "upload", "POST", f"/{REPO}/", self.tokens["publish"],
            data={":action": "file_upload", "protocol_version": "1",
                  "name": f"soak-up{number}", "version": filename.split("-")[1],
                  "sha256_digest": sha},
            files={"content": (filename, body, "application/octet-stream")},
        ):  # fmt: skip
            with self.lock:
                self.published.append((filename, sha))

    def twine(self, number: int) -> None:
        filename, body = wheel(f"soak-tw{number}", self.next_version(number))
        with tempfile.TemporaryDirectory(dir=self.work) as tmp:
            path = Path(tmp) / filename
            path.write_bytes(body)
            ok = self.real("twine", [tool("twine"), "upload", "--non-interactive",
                                     "--disable-progress-bar", "--repository-url",
                                     f"{self.base}/{REPO}/", "-u", "__token__", "-p",
                                     self.tokens["publish"], str(path)])  # fmt: skip
        if ok:
            with self.lock:
                self.published.append((filename, hashlib.sha256(body).hexdigest()))

    def real(self, kind: str, args: list[str]) -> bool:
        with self.slots, tempfile.TemporaryDirectory(dir=self.work) as tmp:
            start = time.monotonic()
            result = subprocess.run(
                [a.replace("{tmp}", tmp) for a in args], env=clean_env(), capture_output=True,
                text=True, timeout=300,
            )  # fmt: skip
            outcome = "ok" if result.returncode == 0 else f"exit {result.returncode}"
            if outcome != "ok":
                output = result.stdout + result.stderr
                lines = output.strip().splitlines()
                tail = lines[-1][:60] if lines else ""
                why = "503" if "503" in output else "connection" if "onnect" in output else tail
                outcome += f" ({why})"
            self.record(kind, start, outcome)
            return outcome == "ok"


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(soak: Soak, timeline: Timeline, memory: list[tuple[float, int, float]]) -> None:
    t0 = timeline.started
    print(f"\n== requests: {len(soak.samples)} in {soak.samples[-1].end - t0:.0f} s")
    if timeline.outage:
        print(f"   database outage window: {timeline.outage[0] - t0:.0f}-"
              f"{timeline.outage[1] - t0:.0f} s; worker kill window: "
              f"{timeline.kill[0] - t0:.0f}-{timeline.kill[1] - t0:.0f} s")  # type: ignore[index]  # fmt: skip
    by_window: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for s in soak.samples:
        window = timeline.window(s)
        totals[window] += 1
        if s.outcome != "ok":
            by_window[window][f"{s.kind}: {s.outcome}"] += 1
    for window in ("outside", "outage", "kill"):
        errors = by_window[window]
        print(f"\n== errors {window} the windows" if window == "outside" else
              f"\n== errors in the {window} window", f"({sum(errors.values())} of "
              f"{totals[window]} requests)")  # fmt: skip
        for kind, count in errors.most_common():
            print(f"   {count:6d}  {kind}")
    print("\n== latency outside the windows (ms)   n      p50     p90     p99     max")
    kinds = sorted({s.kind for s in soak.samples})
    for kind in kinds:
        values = [
            (s.end - s.start) * 1000
            for s in soak.samples
            if s.kind == kind and s.outcome == "ok" and timeline.window(s) == "outside"
        ]
        if values:
            print(f"   {kind:<30} {len(values):6d} {percentile(values, 0.5):7.0f} "
                  f"{percentile(values, 0.9):7.0f} {percentile(values, 0.99):7.0f} "
                  f"{max(values):7.0f}")  # fmt: skip
    print("\n== server memory (arbiter + workers, RSS)")
    for at, workers, total in memory:
        print(f"   t={at:5.0f}s  workers={workers}  {total:7.1f} MB")
    if memory:
        print(f"   mean {statistics.mean(m[2] for m in memory):.1f} MB, "
              f"max {max(m[2] for m in memory):.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--outage-at", type=float, default=0.4, help="fraction of the run")
    parser.add_argument("--outage-seconds", type=float, default=15)
    parser.add_argument("--kill-at", type=float, default=0.6, help="fraction of the run")
    args = parser.parse_args()

    admin = admin_engine()
    if admin is None:
        sys.exit("soak: PostgreSQL is not reachable on 127.0.0.1:5432")
    database = f"codeyard_soak_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    direct = admin.url.set(database=database)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    via_proxy = direct.set(port=proxy.port).render_as_string(hide_password=False)
    proc = None
    try:
        with tempfile.TemporaryDirectory(prefix="codeyard-soak-") as tmp:
            work = Path(tmp)
            env = clean_env(REGISTRY_DATABASE_URL=via_proxy, REGISTRY_DATA_DIR=str(work / "data"))

            def cli(*cmd: str) -> str:
                return subprocess.run([tool("registry"), *cmd], env=env, check=True,
                                      capture_output=True, text=True).stdout.strip()  # fmt: skip

            cli("repo", "create", REPO)
            tokens = {s: cli("token", "create", "--repo", REPO, "--scope", s)
                      for s in ("read", "publish")}  # fmt: skip
            port = free_port()
            proc = start_serve(work / "data", port, work / "serve.log", workers=args.workers,
                               env=env)  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            for i in range(SEED_PROJECTS):
                filename, body = wheel(f"soak-seed{i}", "1.0", size=50_000)
                requests.post(
                    f"{base}/{REPO}/", auth=("__token__", tokens["publish"]), timeout=60,
                    data={":action": "file_upload", "name": f"soak-seed{i}", "version": "1.0",
                          "sha256_digest": hashlib.sha256(body).hexdigest()},
                    files={"content": (filename, body)},
                ).raise_for_status()  # fmt: skip

            duration = args.minutes * 60
            timeline = Timeline()
            soak = Soak(base, tokens, work, timeline.started + duration)
            print(f"soak: {args.clients} clients, {args.minutes:g} min, {args.workers} workers, "
                  f"PostgreSQL via proxy :{proxy.port}", flush=True)  # fmt: skip
            threads = [threading.Thread(target=soak.client, args=(n,), daemon=True)
                       for n in range(args.clients)]  # fmt: skip
            for thread in threads:
                thread.start()
            memory: list[tuple[float, int, float]] = []
            cut_at = timeline.started + duration * args.outage_at
            kill_at = timeline.started + duration * args.kill_at
            while time.monotonic() < soak.deadline:
                now = time.monotonic()
                if timeline.outage is None and now >= cut_at:
                    proxy.cut()
                    print(f"t={now - timeline.started:.0f}s database cut", flush=True)
                    time.sleep(args.outage_seconds)
                    proxy.restore()
                    restored = time.monotonic()
                    timeline.outage = (now, restored + 5)
                    print(f"t={restored - timeline.started:.0f}s database restored", flush=True)
                if timeline.kill is None and now >= kill_at:
                    victim = children(proc.pid)[0]
                    os.kill(victim, signal.SIGKILL)
                    timeline.kill = (now, now + 3)
                    print(f"t={now - timeline.started:.0f}s killed worker {victim}", flush=True)
                pids = children(proc.pid)
                memory.append((now - timeline.started, len(pids),
                               rss_mb(proc.pid) + sum(rss_mb(p) for p in pids)))  # fmt: skip
                time.sleep(min(10.0, max(0.0, soak.deadline - time.monotonic())))
            for thread in threads:
                thread.join(timeout=120)
            report(soak, timeline, memory)

            missing = 0
            for filename, sha in soak.published:
                reply = requests.get(f"{base}/{REPO}/files/{sha}/{filename}",
                                     auth=("__token__", tokens["read"]), timeout=60)  # fmt: skip
                if reply.status_code != 200 or hashlib.sha256(reply.content).hexdigest() != sha:
                    missing += 1
            print(f"\n== acknowledged uploads: {len(soak.published)}, "
                  f"missing or corrupt: {missing}")  # fmt: skip
            stop_serve(proc)
            proc = None
            check = subprocess.run([tool("registry"), "check"], env=env, capture_output=True,
                                   text=True)  # fmt: skip
            print(f"== registry check (exit {check.returncode}): {check.stderr.strip()}")
    finally:
        if proc is not None:
            stop_serve(proc)
        proxy.cut()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
