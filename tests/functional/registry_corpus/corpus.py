"""The real-package corpus: the pinned list in corpus.txt, fetched with `pip download` into a
cache outside the repository (only what is missing, several at once), and what each file
declares (core metadata, Requires-Python) read straight from the file."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename

LIST = Path(__file__).with_name("corpus.txt")
CACHE_ENV = "CODEYARD_TEST_CORPUS"
PARALLEL_DOWNLOADS = 4
BATCH_SIZE = 15


def cache_dir() -> Path:
    """Where the files are kept between runs: $CODEYARD_TEST_CORPUS or the user's cache."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "codeyard-test-corpus"


@dataclass(frozen=True)
class Entry:
    requirement: str  # project==version, as pip is asked for it
    filename: str  # exactly what pip must fetch
    metadata_version: str  # what the file declares (the mix is reported from this column)

    @property
    def project(self) -> str:
        return canonicalize_name(self.requirement.split("==")[0])

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")

    @property
    def is_pure(self) -> bool:
        if not self.is_wheel:
            return False
        _, _, _, tags = parse_wheel_filename(self.filename)
        return all(t.abi == "none" and t.platform == "any" for t in tags)

    def pip_target_options(self) -> list[str]:
        """Options that make `pip download` pick exactly this file, whatever machine runs it."""
        if not self.is_wheel:
            # No isolated build env per sdist: pip only prepares metadata, with the build
            # backends the test extra installs (a cold run stays short).
            return ["--no-binary=:all:", "--no-build-isolation"]
        _, _, _, tags = parse_wheel_filename(self.filename)
        platforms = sorted({t.platform for t in tags})
        abis = sorted({t.abi for t in tags})
        implementation = "py" if platforms == ["any"] and abis == ["none"] else "cp"
        options = ["--only-binary=:all:", "--implementation", implementation]
        options += ["--python-version", "3.11"]
        for platform in platforms:
            options += ["--platform", platform]
        for abi in abis:
            options += ["--abi", abi]
        return options


def load() -> list[Entry]:
    entries = []
    for line in LIST.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement, filename, metadata_version = line.split()
            entries.append(Entry(requirement, filename, metadata_version))
    return entries


def _pip_env() -> dict[str, str]:
    # The machine's pip configuration (extra indexes, constraints) must not choose the file.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHONPATH"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def _batches(entries: list[Entry]) -> list[list[Entry]]:
    """Entries that one `pip download` call can fetch together: the same target options and
    each project at most once (pip resolves one version per name). Small enough batches to
    run several at once: pip's start-up, not the network, is most of a file's cost."""
    by_options: dict[tuple[str, ...], list[Entry]] = {}
    for entry in entries:
        by_options.setdefault(tuple(entry.pip_target_options()), []).append(entry)
    batches: list[list[Entry]] = []
    for group in by_options.values():
        rounds: list[list[Entry]] = []
        for entry in group:
            for batch in rounds:
                if len(batch) < BATCH_SIZE and entry.project not in {e.project for e in batch}:
                    batch.append(entry)
                    break
            else:
                rounds.append([entry])
        batches.extend(rounds)
    return batches


def _download(batch: list[Entry], cache: Path) -> list[str]:
    """Fetch a batch into the cache; what went wrong, per file (a failed batch is retried one
    file at a time, so that the message names the file)."""
    with tempfile.TemporaryDirectory(dir=cache, prefix=".partial-") as scratch:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--ignore-requires-python",
             "--quiet", "--dest", scratch, *batch[0].pip_target_options(),
             *(e.requirement for e in batch)],
            capture_output=True, text=True, env=_pip_env(), timeout=600,
        )  # fmt: skip
        got = set(os.listdir(scratch))
        wanted = {e.filename for e in batch}
        if result.returncode != 0 or got != wanted:
            if len(batch) > 1:
                return [problem for entry in batch for problem in _download([entry], cache)]
            (entry,) = batch
            if result.returncode != 0:
                return [f"{entry.requirement}: pip download failed:\n{result.stderr[-2000:]}"]
            return [f"{entry.requirement}: pip fetched {sorted(got)}, not {entry.filename}"]
        for filename in wanted:
            # A rename inside one directory tree is atomic: a reader never sees half a file.
            os.replace(Path(scratch) / filename, cache / filename)
    return []


def fetch(entries: list[Entry], cache: Path | None = None) -> dict[str, Path]:
    """Every entry's file in the cache (downloading the missing ones): {filename: path}."""
    cache = cache or cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    missing = [e for e in entries if not (cache / e.filename).is_file()]
    if missing:
        with ThreadPoolExecutor(PARALLEL_DOWNLOADS) as pool:
            results = pool.map(lambda batch: _download(batch, cache), _batches(missing))
            problems = [problem for batch_problems in results for problem in batch_problems]
        for leftover in cache.glob(".partial-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        if problems:
            raise RuntimeError(
                f"{len(problems)} of {len(missing)} corpus files could not be fetched:\n"
                + "\n".join(problems)
            )
    return {e.filename: cache / e.filename for e in entries}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def core_metadata(path: Path) -> bytes:
    """The file's own METADATA (wheel) or PKG-INFO (sdist, .tar.gz or .zip), byte for byte."""
    name = path.name
    if name.endswith((".whl", ".zip")):
        wanted = ".dist-info/METADATA" if name.endswith(".whl") else "/PKG-INFO"
        with zipfile.ZipFile(path) as archive:
            (member,) = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith(wanted)]
            return archive.read(member)
    with tarfile.open(path) as archive:
        (member,) = [
            m
            for m in archive.getmembers()
            if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")
        ]
        extracted = archive.extractfile(member)
        assert extracted is not None
        return extracted.read()


def declared(path: Path, field: str) -> str | None:
    """One header of the file's core metadata, as the file spells it (None: absent)."""
    parser = email.parser.BytesParser(policy=email.policy.compat32)
    value = parser.parsebytes(core_metadata(path), headersonly=True).get(field)
    return str(value).strip() if value is not None else None
