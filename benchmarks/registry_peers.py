"""This registry side by side with devpi-server and pypiserver: one corpus, one machine, one run.

    python -m benchmarks.registry_peers [--projects 2000] [--big-project-files 200]
        [--peer-max-projects 2000] [--duration 10] [--real-packages 0]

Each server starts on loopback with fresh data under benchmarks/.work/run-*/ (removed
afterwards): `registry serve --workers 2`, devpi-server (its default waitress server, root
user, one non-mirroring index) and pypiserver (gunicorn, 2 gthread workers). pypiserver and
devpi-server (+ devpi-client) are installed on first use into their own venvs under
benchmarks/.work/. The corpus: N generated small, complete wheels (one project each), one
project of F files, and optionally real files fetched once from PyPI with `pip download`.

All servers run at once (idle but for the one being measured), and each measurement runs on
every server in turn, so load from other work on the machine falls on all of them alike.
Loading: this registry is bulk-loaded through its catalog (the twine path is measured
separately); pypiserver reads its directory, so it gets the whole corpus; devpi gets it over
twine (its upload API), which at devpi's rate limits it to --peer-max-projects small projects
(printed: read the scale column). Then, per server: wrk (2 threads x 32 connections) on the
root page and on the big project's page, HTML (and PEP 691 JSON where the server has it);
twine upload of the same --upload-files fresh wheels; `pip download --no-deps` and
`uv pip install --no-deps` of the same 20 projects, right after the uploads and then warm
(median of --rounds alternating rounds);
resident memory of the server's process tree. One table, ratios against each peer.

Needs the Debian package `wrk` (`apt-get install -y wrk`). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.support.live_registry import free_port, process_tree
from tests.support.wheels import recorded_wheel

WORK = Path(__file__).resolve().parent / ".work"
BIN = Path(sys.executable).parent
REPO = "bench"
BIG = "bigproj"
JSON = "application/vnd.pypi.simple.v1+json"
DEVPI_PASSWORD = "bench-root-password"
ISOLATED_ENV = {
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_INPUT": "1",
    "UV_NO_CONFIG": "1",
    "NO_COLOR": "1",
}


# --- corpus ------------------------------------------------------------------------------


@dataclass
class Corpus:
    small: list[Path]  # one wheel per project, in project order
    big: list[Path]  # the big project's files
    uploads: list[Path]  # fresh wheels for the twine measurement
    real: list[Path]  # real files from PyPI (optional)
    install_names: list[str]  # projects pip and uv fetch

    def for_peer(self, max_projects: int) -> list[Path]:
        return self.small[:max_projects] + self.big + self.real


def build_corpus(projects: int, big_files: int, upload_files: int, real: int) -> Corpus:
    root = WORK / "corpus"
    small_dir, big_dir, upload_dir = root / "small", root / f"big-{big_files}", root / "uploads"
    for directory in (small_dir, big_dir, upload_dir):
        directory.mkdir(parents=True, exist_ok=True)

    def make(directory: Path, name: str, version: str) -> Path:
        module = name.replace("-", "_")
        path = directory / f"{module}-{version}-py3-none-any.whl"
        if not path.exists():
            path.write_bytes(recorded_wheel(name, version)[1])
        return path

    started = time.perf_counter()
    small = [make(small_dir, f"pkg-{i:06d}", "1.0") for i in range(projects)]
    big = [make(big_dir, BIG, f"1.{i // 100}.{i % 100}") for i in range(big_files)]
    uploads = [make(upload_dir, f"upl-{i:05d}", "1.0") for i in range(upload_files)]
    real_files = fetch_real(real) if real else []
    print(f"corpus ready in {time.perf_counter() - started:.0f}s ({projects} + 1 projects)")
    install = [f"pkg-{i:06d}" for i in range(0, projects, max(1, projects // 20))][:20]
    if real_files:  # installs of real packages (sizes as on PyPI) rather than tiny wheels
        install = REAL_PACKAGES[:real]
    return Corpus(small, big, uploads, real_files, install)


REAL_PACKAGES = [
    "requests", "urllib3", "idna", "certifi", "charset-normalizer", "six", "packaging",
    "attrs", "click", "markupsafe", "jinja2", "itsdangerous", "werkzeug", "flask", "pyyaml",
    "python-dateutil", "pytz", "tomli", "typing-extensions", "wheel",
]  # fmt: skip


def fetch_real(count: int) -> list[Path]:
    """Real wheels (and sdists where no wheel exists) from PyPI, fetched once and kept."""
    directory = WORK / "corpus" / "real"
    directory.mkdir(parents=True, exist_ok=True)
    wanted = REAL_PACKAGES[:count]
    if len(list(directory.iterdir())) < len(wanted):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(directory),
             *wanted],
            check=True, env=os.environ | {"PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )  # fmt: skip
    return sorted(p for p in directory.iterdir() if p.suffix in (".whl", ".gz"))


# --- servers -----------------------------------------------------------------------------


def peer_python(name: str, requirements: list[str]) -> Path:
    venv = WORK / f"{name}-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    return python


def wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode} before answering {url}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")


@dataclass
class Server:
    name: str
    version: str
    root_url: str
    project_url: Callable[[str], str]
    upload_url: str
    upload_auth: tuple[str, str]
    index_url: str  # for pip / uv
    proc: subprocess.Popen[bytes]
    scale: str = ""
    json_pages: bool = False
    results: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    memory_rounds: list[tuple[float, int]] = field(default_factory=list)  # (MiB, requests)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bulk_load_ours(data_dir: Path, files: list[Path]) -> str:
    """Create the public-read repository and record every file through the catalog (the
    same rows and blobs an upload makes; the upload path itself is measured with twine)."""
    from registry.config import Settings
    from registry.core.filenames import parse_dist_filename
    from registry.core.model import Actor, NewFile, blob_key
    from registry.db.catalog import SqlCatalog
    from registry.db.session import make_engine, migrate, session_factory
    from registry.services.admin import create_repository, issue_token
    from registry.storage.local import LocalBlobStore

    settings = Settings(data_dir=data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    blobs = LocalBlobStore(settings.blob_dir)
    with session_factory(engine)() as session:
        catalog = SqlCatalog(session)
        create_repository(catalog, REPO, True, Actor.cli())
        token = issue_token(catalog, REPO, "publish", "1d", Actor.cli()).token
        for count, path in enumerate(files, 1):
            content = path.read_bytes()
            dist = parse_dist_filename(path.name)
            sha256 = hashlib.sha256(content).hexdigest()
            blobs.put(blob_key(sha256), io.BytesIO(content))
            metadata_sha256 = metadata_key = None
            if dist.is_wheel:
                metadata = _wheel_metadata(content)
                if metadata is not None:
                    metadata_sha256 = hashlib.sha256(metadata).hexdigest()
                    metadata_key = blob_key(metadata_sha256)
                    blobs.put(metadata_key, io.BytesIO(metadata))
            catalog.add_file(
                REPO,
                NewFile(
                    project_name=dist.name,
                    version=str(dist.version),
                    filename=path.name,
                    kind=dist.kind,
                    sha256=sha256,
                    blake2_256=hashlib.blake2b(content, digest_size=32).hexdigest(),
                    md5=hashlib.md5(content, usedforsecurity=False).hexdigest(),
                    size=len(content),
                    requires_python=">=3.8",
                    summary=None,
                    blob_key=blob_key(sha256),
                    metadata_sha256=metadata_sha256,
                    metadata_blob_key=metadata_key,
                ),
            )
            if count % 2000 == 0:
                session.commit()
                print(f"  codeyard: {count}/{len(files)} files recorded", flush=True)
        session.commit()
    engine.dispose()
    return token


def _wheel_metadata(content: bytes) -> bytes | None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            parts = name.split("/")
            if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA":
                return archive.read(name)
    return None


def start_ours(run_dir: Path, corpus: Corpus, workers: int) -> tuple[Server, str]:
    data_dir = run_dir / "codeyard"
    started = time.perf_counter()
    token = bulk_load_ours(data_dir, corpus.small + corpus.big + corpus.real)
    print(f"  codeyard: bulk-loaded in {time.perf_counter() - started:.0f}s")
    port = free_port()
    env = os.environ | {"REGISTRY_DATA_DIR": str(data_dir)}
    log = (run_dir / "codeyard.log").open("wb")
    proc = subprocess.Popen(
        [str(BIN / "registry"), "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/{REPO}"
    wait_until_up(f"http://127.0.0.1:{port}/health", proc)
    from importlib.metadata import version

    server = Server(
        "codeyard", version("codeyard"), f"{base}/simple/",
        lambda p: f"{base}/simple/{p}/", f"{base}/", ("__token__", token),
        f"{base}/simple/", proc, json_pages=True,
    )  # fmt: skip
    return server, token


def start_pypiserver(run_dir: Path, corpus: Corpus, workers: int) -> Server:
    python = peer_python("pypiserver", ["pypiserver>=2.1", "gunicorn", "passlib"])
    packages = run_dir / "pypiserver-packages"
    packages.mkdir()
    files = corpus.small + corpus.big + corpus.real
    for path in files:
        os.link(path, packages / path.name)  # its storage is the directory itself
    htpasswd = run_dir / "htpasswd"
    # passlib's apache module writes what pypiserver checks uploads against.
    subprocess.run(
        [str(python), "-c",
         "import sys; from passlib.apache import HtpasswdFile as H; h = H(sys.argv[1], new=True);"
         " h.set_password('bench', 'bench'); h.save()", str(htpasswd)],
        check=True,
    )  # fmt: skip
    port = free_port()
    log = (run_dir / "pypiserver.log").open("wb")
    proc = subprocess.Popen(
        [str(python), "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", "4",
         "-b", f"127.0.0.1:{port}",
         f"pypiserver:app(roots=[{str(packages)!r}], authenticate=['update'],"
         f" password_file={str(htpasswd)!r})"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/simple/", proc)
    version = subprocess.run(
        [str(python), "-c", "import pypiserver; print(pypiserver.__version__)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return Server(
        "pypiserver", version, f"{base}/simple/", lambda p: f"{base}/simple/{p}/", f"{base}/",
        ("bench", "bench"), f"{base}/simple/", proc, scale=f"{len(corpus.small)} projects",
    )  # fmt: skip


def start_devpi(run_dir: Path, corpus: Corpus, max_projects: int) -> Server:
    python = peer_python("devpi", ["devpi-server", "devpi-client", "twine"])
    venv_bin = python.parent
    server_dir, client_dir = run_dir / "devpi-server", run_dir / "devpi-client"
    subprocess.run(
        [str(venv_bin / "devpi-init"), "--serverdir", str(server_dir),
         "--root-passwd", DEVPI_PASSWORD, "--no-root-pypi"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    log = (run_dir / "devpi.log").open("wb")
    proc = subprocess.Popen(
        [str(venv_bin / "devpi-server"), "--serverdir", str(server_dir), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/+api", proc)

    def devpi(*args: str) -> None:
        subprocess.run(
            [str(venv_bin / "devpi"), "--clientdir", str(client_dir), *args],
            check=True, capture_output=True,
        )

    devpi("use", base)
    devpi("login", "root", "--password", DEVPI_PASSWORD)
    devpi("index", "-c", f"root/{REPO}", "bases=", "volatile=True")
    index = f"{base}/root/{REPO}"
    files = corpus.for_peer(max_projects)
    started = time.perf_counter()
    twine_upload(f"{index}/", ("root", DEVPI_PASSWORD), files, label="devpi load")
    print(f"  devpi: {len(files)} files loaded over twine in {time.perf_counter() - started:.0f}s")
    version = subprocess.run(
        [str(python), "-c", "import devpi_server; print(devpi_server.__version__)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    loaded = min(max_projects, len(corpus.small))
    return Server(
        "devpi", version, f"{index}/+simple/", lambda p: f"{index}/+simple/{p}/", f"{index}/",
        ("root", DEVPI_PASSWORD), f"{index}/+simple/", proc, json_pages=True,
        scale=f"{loaded} projects" if loaded < len(corpus.small) else "",
    )  # fmt: skip


# --- measurements ------------------------------------------------------------------------


def twine_upload(
    url: str, auth: tuple[str, str], files: list[Path], label: str, batch: int = 250
) -> float:
    """Seconds to upload ``files`` with twine, ``batch`` files per invocation."""
    started = time.perf_counter()
    for i in range(0, len(files), batch):
        chunk = files[i : i + batch]
        result = subprocess.run(
            [str(BIN / "twine"), "upload", "--non-interactive", "--disable-progress-bar",
             "--repository-url", url, "-u", auth[0], "-p", auth[1], *map(str, chunk)],
            capture_output=True, text=True, env=os.environ | {"TWINE_NON_INTERACTIVE": "1"},
        )  # fmt: skip
        if result.returncode != 0:
            raise SystemExit(f"{label}: twine failed\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    bytes_per_request: int
    non_2xx: int
    requests: int


def wrk(url: str, accept: str, duration: int, connections: int) -> WrkResult:
    size = len(requests.get(url, headers={"Accept": accept}, timeout=60).content)
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
         "-H", f"Accept: {accept}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return WrkResult(rps, p50, p99, size, int(bad.group(1)) if bad else 0, total)


def pip_seconds(server: Server, names: list[str], tmp: Path, cache: Path | None) -> float:
    target = Path(tempfile.mkdtemp(dir=tmp))
    caching = ["--cache-dir", str(cache)] if cache else ["--no-cache-dir"]
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", *caching, "-q",
         "--index-url", server.index_url, "-d", str(target), *names],
        check=True, env=os.environ | ISOLATED_ENV, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def uv_seconds(server: Server, names: list[str], tmp: Path, cache: Path | None) -> float:
    target = Path(tempfile.mkdtemp(dir=tmp))
    caching = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "uv"), "pip", "install", "--no-deps", *caching, "--no-config",
         "--python", sys.executable, "--index-url", server.index_url,
         "--target", str(target), *names],
        check=True, env=os.environ | ISOLATED_ENV, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def _tree_cpu_ticks(pid: int) -> int:
    total = 0
    for current in process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def wait_until_idle(pid: int, seconds: float = 60) -> None:
    """A slow server keeps working through its queue after wrk stops: wait until it is done,
    so that it does not take the cores from the next server's measurement."""
    deadline = time.monotonic() + seconds
    before = _tree_cpu_ticks(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _tree_cpu_ticks(pid)
        if now - before <= 2:  # clock ticks (1/100 s) in half a second: idle
            return
        before = now


def tree_rss_mib(pid: int) -> tuple[float, int, float]:
    """Resident memory of a process and its descendants (MiB), how many processes, and the
    largest single process (MiB)."""
    total, count, largest = 0, 0, 0
    for current in process_tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        rss = int(match.group(1)) if match else 0
        total, largest = total + rss, max(largest, rss)
        count += 1
    return total / 1024, count, largest / 1024


def sequential_p50_ms(url: str, accept: str, count: int = 60) -> float:
    """One client, one request at a time: how long a page takes when nothing queues."""
    session = requests.Session()
    session.headers["Accept"] = accept
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        response.raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure_all(servers: list[Server], corpus: Corpus, args: argparse.Namespace, tmp: Path) -> None:
    """Every measurement runs on each server in turn before the next one starts, so a change
    in the machine's load (other work shares these 2 cores) hits all servers alike."""
    kinds = [("root", "text/html", False), ("big", "text/html", False),
             ("root-json", JSON, True), ("big-json", JSON, True)]  # fmt: skip
    for number, (label, accept, json_only) in enumerate(kinds):
        for server in servers:
            if json_only and not server.json_pages:
                continue
            if number == 1:  # warm after the first run: growth from here on is per request
                server.numbers["rss warm"] = tree_rss_mib(server.proc.pid)[0]
                server.numbers["requests since warm"] = 0
            print(f"  wrk {label} on {server.name}", flush=True)
            url = server.root_url if label.startswith("root") else server.project_url(BIG)
            result = wrk(url, accept, args.duration, args.connections)
            wait_until_idle(server.proc.pid)
            if result.non_2xx:
                print(f"  warning: {server.name} {label}: {result.non_2xx} non-2xx answers")
            server.numbers[f"{label} rps"] = result.rps
            server.numbers[f"{label} p50"] = result.p50_ms
            server.numbers[f"{label} p99"] = result.p99_ms
            server.numbers[f"{label} bytes"] = result.bytes_per_request
            if "requests since warm" in server.numbers:
                server.numbers["requests since warm"] += result.requests
    for server in servers:
        grown = tree_rss_mib(server.proc.pid)[0] - server.numbers.pop("rss warm", 0.0)
        served = server.numbers.pop("requests since warm", 0)
        if served:  # KiB per 10,000 requests, all processes: flat memory is ~0
            server.numbers["rss growth"] = max(grown, 0.0) * 1024 * 10_000 / served
    # Growth after warm-up or per request? Repeat the same four loads on this registry and
    # read its memory after each round: a leak keeps growing, a warm-up does not.
    ours = servers[0]
    for _ in range(args.memory_rounds):
        served = 0
        for label, accept, _json in kinds:
            url = ours.root_url if label.startswith("root") else ours.project_url(BIG)
            served += wrk(url, accept, args.duration, args.connections).requests
        ours.memory_rounds.append((tree_rss_mib(ours.proc.pid)[0], served))
    for server in servers:
        server.numbers["big seq p50"] = sequential_p50_ms(server.project_url(BIG), "text/html")
    for server in servers:
        print(f"  twine on {server.name}", flush=True)
        server.numbers["twine s"] = twine_upload(
            server.upload_url, server.upload_auth, corpus.uploads, f"{server.name} twine"
        )
    # pip and uv, first without their own caches: the first round comes right after the
    # twine uploads (a write: no answer of ours is remembered), so it shows every request
    # answered through the database; then args.rounds rounds alternate between servers and
    # the median counts (pip's own run varies by a tenth of a second from run to run here).
    # Then with each client's cache kept between runs (one per server, filled in the first
    # round), as CI keeps ~/.cache/pip: what the servers' caching headers are worth.
    timings: dict[tuple[str, str], list[float]] = {}
    clients = (("pip", pip_seconds), ("uv", uv_seconds))
    for cached in (False, True):
        for round_number in range(1 + args.rounds):
            for server in servers:
                for client, run in clients:
                    label = f"{client} cached" if cached else client
                    cache = tmp / f"{server.name}-{client}-cache" if cached else None
                    seconds = run(server, corpus.install_names, tmp, cache)
                    if round_number:
                        timings.setdefault((server.name, label), []).append(seconds)
                    elif not cached:
                        server.numbers[f"{client} first s"] = seconds
    by_name = {server.name: server for server in servers}
    for (name, label), seconds in timings.items():
        print(f"  {label} on {name}: " + " ".join(f"{s:.2f}" for s in seconds) + " s")
        by_name[name].numbers[f"{label} s"] = statistics.median(seconds)
    for server in servers:
        rss, processes, largest = tree_rss_mib(server.proc.pid)
        server.numbers["rss"], server.numbers["processes"] = rss, processes
        server.numbers["largest rss"] = largest


def nginx_config(listen: int, upstream: int, data_dir: Path, run_dir: Path, static: Path,
                 static_port: int) -> str:  # fmt: skip
    """deploy/nginx/codeyard.conf as shipped (TLS and machine paths swapped for the run's),
    plus a plain static server of the same page bytes: the ceiling."""
    text = (Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "codeyard.conf").read_text()
    text = re.sub(r"^\s*ssl_certificate(_key)? .*\n", "", text, flags=re.M)
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{listen};", 1)
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{free_port()};", 1)
    text = text.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream};")
    text = text.replace("/run/codeyard-nginx-pages", str(run_dir / "nginx-pages"))
    text = text.replace("/var/lib/codeyard/registry/", f"{data_dir}/")
    temp = "".join(
        f"    {kind}_temp_path {run_dir / ('nginx-' + kind)};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {run_dir / 'nginx.pid'};\n"
        f"error_log {run_dir / 'nginx-error.log'};\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp}{text}\n"
        f"    server {{ listen 127.0.0.1:{static_port}; location / {{ root {static}; }} }}\n}}\n"
    )


def measure_nginx(ours: Server, run_dir: Path, args: argparse.Namespace) -> None:
    """Our pages behind the shipped nginx configuration, and nginx serving the same bytes as
    static files (one nginx worker for both), with the same wrk settings."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("  nginx is not installed (apt-get install -y nginx-light): skipped")
        return
    static = run_dir / "static"
    static.mkdir()
    pages = {"root": ours.root_url, "big": ours.project_url(BIG)}
    for label, url in pages.items():
        body = requests.get(url, headers={"Accept": "text/html"}, timeout=60).content
        (static / f"{label}.html").write_bytes(body)
    port, static_port = free_port(), free_port()
    upstream = int(ours.root_url.split(":")[2].split("/")[0])
    conf = run_dir / "nginx.conf"
    conf.write_text(
        nginx_config(port, upstream, run_dir / "codeyard", run_dir, static, static_port)
    )
    proc = subprocess.Popen(
        [nginx, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", proc)
        for label, url in pages.items():
            proxied = url.replace(f":{upstream}/", f":{port}/")
            static_url = f"http://127.0.0.1:{static_port}/{label}.html"
            for kind, target in (("nginx", proxied), ("static", static_url)):
                print(f"  wrk {label} through {kind}", flush=True)
                result = wrk(target, "text/html", args.duration, args.connections)
                ours.numbers[f"{kind} {label} rps"] = result.rps
                ours.numbers[f"{kind} {label} p99"] = result.p99_ms
    finally:
        stop(proc)


# --- report ------------------------------------------------------------------------------


def report(servers: list[Server], corpus: Corpus, args: argparse.Namespace) -> None:
    ours, peers = servers[0], servers[1:]
    upload_count = len(corpus.uploads)
    rows: list[tuple[str, str, bool]] = [
        # (label, number key, higher is better)
        ("root page HTML req/s", "root rps", True),
        ("root page HTML p99 ms", "root p99", False),
        (f"{BIG} page HTML req/s", "big rps", True),
        (f"{BIG} page HTML p50 ms", "big p50", False),
        (f"{BIG} page HTML p99 ms", "big p99", False),
        (f"{BIG} page, 1 client, p50 ms", "big seq p50", False),
        ("root page JSON req/s", "root-json rps", True),
        (f"{BIG} page JSON req/s", "big-json rps", True),
        (f"twine upload files/s ({upload_count})", "twine fps", True),
        (f"pip download {len(corpus.install_names)} pkgs s, first after a write", "pip first s",
         False),
        (f"uv pip install {len(corpus.install_names)} pkgs s, first after a write", "uv first s",
         False),
        (f"pip download {len(corpus.install_names)} pkgs s (median)", "pip s", False),
        (f"uv pip install {len(corpus.install_names)} pkgs s (median)", "uv s", False),
        (f"pip download {len(corpus.install_names)} pkgs s, pip's cache kept", "pip cached s",
         False),
        (f"uv pip install {len(corpus.install_names)} pkgs s, uv's cache kept", "uv cached s",
         False),
        ("server memory MiB (processes)", "rss", False),
        ("largest process MiB", "largest rss", False),
        ("memory growth KiB / 10k requests", "rss growth", False),
    ]
    for server in servers:
        server.numbers["twine fps"] = upload_count / server.numbers["twine s"]
    header = ["measure", *(f"{s.name} {s.version}" for s in servers)]
    header += [f"vs {p.name}" for p in peers]
    lines = [header]
    for label, key, higher in rows:
        if key not in ours.numbers:
            continue
        cells = [label]
        for server in servers:
            value = server.numbers.get(key)
            if value is None:
                cells.append("-")
            elif key == "rss":
                cells.append(f"{value:.0f} ({server.numbers['processes']:.0f})")
            else:
                cells.append(f"{value:.1f}" if value < 100 else f"{value:.0f}")
        for peer in peers:
            theirs = peer.numbers.get(key)
            mine = ours.numbers[key]
            if not theirs or not mine:
                cells.append("-")
            else:
                ratio = mine / theirs if higher else theirs / mine
                cells.append(f"{ratio:.2f}x")
        lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    print()
    print(
        f"corpus: {len(corpus.small)} small projects + {BIG} ({len(corpus.big)} files)"
        f"{f' + {len(corpus.real)} real files' if corpus.real else ''}; wrk -t2 "
        f"-c{args.connections} -d{args.duration}s; `registry serve --workers {args.workers}`"
    )
    for server in servers:
        if server.scale:
            print(f"  {server.name} loaded at {server.scale} (of {len(corpus.small)})")
    print("  root page bytes: " + ", ".join(
        f"{s.name} {s.numbers.get('root bytes', 0):.0f}" for s in servers
    ))  # fmt: skip
    print(f"  load average at the end: {os.getloadavg()[0]:.2f} (2 cores shared)")
    print("  ratios: >1x means this registry is better (faster, or less memory)")
    for row in lines:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
    if ours.memory_rounds:
        print(f"  {ours.name} memory after each further round of the four page loads: " + ", ".join(
            f"{mib:.1f} MiB (+{requests:,} requests)" for mib, requests in ours.memory_rounds
        ))  # fmt: skip
    for label in ("root", "big"):
        proxied = ours.numbers.get(f"nginx {label} rps")
        ceiling = ours.numbers.get(f"static {label} rps")
        if proxied and ceiling:
            print(
                f"  behind the shipped nginx, {label} page HTML: {proxied:.0f} req/s "
                f"(p99 {ours.numbers[f'nginx {label} p99']:.1f} ms), nginx static same bytes "
                f"{ceiling:.0f} req/s: {proxied / ceiling:.0%} of the ceiling"
            )


@contextmanager
def run_directory(keep: bool) -> Iterator[Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="run-", dir=WORK))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--big-project-files", type=int, default=200)
    parser.add_argument("--peer-max-projects", type=int, default=2000,
                        help="small projects loaded into devpi over twine")  # fmt: skip
    parser.add_argument("--peers", default="devpi,pypiserver")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--upload-files", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5, help="pip/uv rounds for the median")
    parser.add_argument("--memory-rounds", type=int, default=3,
                        help="further rounds of page loads, memory after each")  # fmt: skip
    parser.add_argument("--real-packages", type=int, default=0, help="real PyPI files to add")
    parser.add_argument("--keep", action="store_true", help="keep the run's data directories")
    parser.add_argument("--nginx", action="store_true",
                        help="also measure our pages behind deploy/nginx/codeyard.conf and "
                        "nginx serving the same bytes as static files")  # fmt: skip
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    corpus = build_corpus(
        args.projects, args.big_project_files, args.upload_files, args.real_packages
    )
    peers = [p for p in args.peers.split(",") if p]
    servers: list[Server] = []
    with run_directory(args.keep) as run_dir:
        try:
            ours, _ = start_ours(run_dir, corpus, args.workers)
            servers.append(ours)
            for peer in peers:
                if peer == "devpi":
                    servers.append(start_devpi(run_dir, corpus, args.peer_max_projects))
                elif peer == "pypiserver":
                    servers.append(start_pypiserver(run_dir, corpus, args.workers))
                else:
                    raise SystemExit(f"unknown peer {peer!r}: devpi, pypiserver")
            print("measuring (each measurement on every server in turn) ...")
            measure_all(servers, corpus, args, run_dir)
            if args.nginx:
                measure_nginx(ours, run_dir, args)
        finally:
            for server in servers:
                stop(server.proc)
        report(servers, corpus, args)


if __name__ == "__main__":
    main()
