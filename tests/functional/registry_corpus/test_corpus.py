"""Real packages, real clients: every file of the pinned corpus (corpus.txt, files exactly as the
public index serves them) is published with twine and with `uv publish`, served back with the
hashes, Requires-Python and core metadata the file itself declares, installed with pip and uv,
yanked, and served again through an external connection.

Tests run in file order and build on each other (the registries are module-scoped)."""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
import requests
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

from tests.functional.registry_corpus import corpus
from tests.support.live_registry import clean_env, run, tool

from .conftest import Corpus, Registry

pytestmark = pytest.mark.functional

JSON = "application/vnd.pypi.simple.v1+json"

# The issue's eleven files that the registry used to refuse.
NAMED_IN_ISSUE = [
    "requests-2.31.0-py3-none-any.whl",
    "click-8.1.7-py3-none-any.whl",
    "six-1.17.0-py2.py3-none-any.whl",
    "urllib3-1.26.20-py2.py3-none-any.whl",
    "PyYAML-6.0.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "SQLAlchemy-1.4.52-cp311-cp311-manylinux_2_5_x86_64.manylinux1_x86_64"
    ".manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "MarkupSafe-2.1.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "pytz-2023.3-py2.py3-none-any.whl",
    "colorama-0.4.6-py2.py3-none-any.whl",
    "psutil-5.9.8-cp36-abi3-manylinux_2_12_x86_64.manylinux2010_x86_64"
    ".manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "itsdangerous-2.1.2.tar.gz",
]

# Installed from the registry by pip and uv: pure wheels and binary ones (cp311 and abi3
# manylinux x86_64, which run on this machine), checked by importing them.
INSTALL = {
    "requests==2.31.0": "requests",
    "six==1.17.0": "six",
    "click==8.1.7": "click",
    "PyYAML==6.0.1": "yaml",
    "MarkupSafe==2.1.3": "markupsafe",
    "psutil==6.1.0": "psutil",
}


def project_of(filename: str) -> str:
    if filename.endswith(".whl"):
        return parse_wheel_filename(filename)[0]
    if filename.endswith(".zip"):  # legacy sdist: name-version.zip
        return canonicalize_name(filename[: -len(".zip")].rsplit("-", 1)[0])
    return parse_sdist_filename(filename)[0]


def test_the_corpus_has_the_mix_the_issue_asks_for(real_corpus: Corpus) -> None:
    entries = real_corpus.entries
    filenames = [e.filename for e in entries]
    assert len(entries) >= 150 and len(set(filenames)) == len(filenames)
    assert set(NAMED_IN_ISSUE) <= set(filenames)
    # The list's Metadata-Version column is what the files really declare.
    for entry in entries:
        path = real_corpus.path(entry.filename)
        assert corpus.declared(path, "Metadata-Version") == entry.metadata_version, entry
    versions = Counter(e.metadata_version for e in entries)
    assert {"1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4"} <= set(versions)
    kinds = Counter(
        "wheel, pure" if e.is_pure else "wheel, binary" if e.is_wheel else "sdist" for e in entries
    )
    assert min(kinds.values()) >= 20, kinds
    assert any(f.endswith(".zip") for f in filenames)  # legacy sdist format
    assert any(re.match(r"[A-Z].*\.tar\.gz$", f) for f in filenames)  # pre-PEP 625 name
    for platform in ("manylinux", "musllinux", "macosx", "win_amd64", "abi3", "py2.py3"):
        assert any(platform in f for f in filenames), platform
    projects = {project_of(f) for f in filenames}
    print(
        f"\ncorpus: {len(entries)} files, {len(projects)} projects, "
        f"{sum(p.stat().st_size for p in real_corpus.paths.values()) / 1e6:.1f} MB; "
        f"{dict(sorted(kinds.items()))}; Metadata-Version {dict(sorted(versions.items()))}"
    )


def twine_upload(registry: Registry, repo: str, files: list[Path]):  # type: ignore[no-untyped-def]
    return run(
        [tool("twine"), "upload", "--non-interactive", "--disable-progress-bar",
         "--repository-url", f"{registry.base}/{repo}/", "-u", "__token__",
         "-p", registry.tokens[f"{repo}-publish"], *map(str, files)],
        check=False,
    )  # fmt: skip


def twine_accepts(path: Path) -> bool:
    """twine's own client-side check: it refuses, before any request, files whose metadata
    uses a field before its Metadata-Version (Classifier in 1.0, License-Expression in 2.3,
    ...) or declares 2.0, although the public index serves them."""
    from twine.exceptions import InvalidDistribution
    from twine.package import PackageFile

    try:
        PackageFile.from_filename(str(path), None)
    except InvalidDistribution:
        return False
    return True


def uv_publish(registry: Registry, repo: str, files: list[Path]):  # type: ignore[no-untyped-def]
    return run(
        [tool("uv"), "publish", "--no-config", "--publish-url", f"{registry.base}/{repo}/",
         "--username", "__token__", "--password", registry.tokens[f"{repo}-publish"],
         *map(str, files)],
        check=False,
    )  # fmt: skip


def uv_sends(path: Path) -> bool:
    """uv publish skips files whose name part is not normalized (PyYAML-6.0.1...) and refuses
    .zip sdists."""
    if path.name.endswith(".zip"):
        return False
    stem = (
        path.name.split("-", 1)[0]
        if path.name.endswith(".whl")
        else (path.name.removesuffix(".tar.gz").rsplit("-", 1)[0])
    )
    return stem == canonicalize_name(stem).replace("-", "_")


def post_legacy_form(registry: Registry, repo: str, path: Path) -> tuple[int, str]:
    """The legacy upload API called directly, as twine calls it, for the files no current
    client sends (legacy .zip or legacy-named sdists whose metadata twine also refuses)."""
    data = path.read_bytes()
    fields = {
        ":action": "file_upload",
        "protocol_version": "1",
        "metadata_version": corpus.declared(path, "Metadata-Version"),
        "name": corpus.declared(path, "Name"),
        "version": corpus.declared(path, "Version"),
        "filetype": "bdist_wheel" if path.name.endswith(".whl") else "sdist",
        "pyversion": "source",
        "sha256_digest": corpus.hashlib.sha256(data).hexdigest(),
    }
    reply = requests.post(
        f"{registry.base}/{repo}/",
        data=fields,
        files={"content": (path.name, data, "application/octet-stream")},
        auth=("__token__", registry.tokens[f"{repo}-publish"]),
        timeout=120,
    )
    return reply.status_code, f"{reply.reason}: {reply.text[:500]}"


def publish_corpus(registry: Registry, repo: str, files: list[Path], first: str) -> dict:
    """Every file through the first client that will send it: `first` (twine or uv), then the
    other, then a plain legacy-API request. Any refusal fails with the registry's message."""
    checks = {"twine": twine_accepts, "uv": uv_sends}
    clients = {"twine": twine_upload, "uv": uv_publish}
    order = [first, "uv" if first == "twine" else "twine"]
    left, sent = list(files), {}
    for client in order:
        batch = [f for f in left if checks[client](f)]
        if batch:
            result = clients[client](registry, repo, batch)
            output = f"{result.stdout}\n{result.stderr}"
            assert result.returncode == 0, f"{client} refused or failed:\n{output}"
        sent[client] = len(batch)
        left = [f for f in left if f not in batch]
    for path in left:
        status, message = post_legacy_form(registry, repo, path)
        assert status == 200, f"{path.name} refused: {status} {message}"
    sent["legacy form"] = len(left)
    return sent


def test_twine_publishes_every_file(registries: tuple[Registry, Registry], real_corpus: Corpus):
    main, _ = registries
    files = [real_corpus.path(e.filename) for e in real_corpus.entries]
    sent = publish_corpus(main, "mirror", files, first="twine")
    print(f"\nmirror: {sent}")
    assert sent["twine"] >= 150
    # Uploading the same bytes again is a no-op the registry answers with 200.
    again = twine_upload(main, "mirror", files[:3])
    assert again.returncode == 0, again.stdout + again.stderr


def simple_json(registry: Registry, repo: str, project: str, token: str | None) -> dict:
    reply = registry.get(f"/{repo}/simple/{project}/", token, Accept=JSON)
    assert reply.status_code == 200, (project, reply.status_code, reply.text[:500])
    return reply.json()


def test_served_hashes_requires_python_and_core_metadata_are_the_files_own(
    registries: tuple[Registry, Registry], real_corpus: Corpus
) -> None:
    main, _ = registries
    token = main.tokens["mirror-read"]
    by_project: dict[str, list[corpus.Entry]] = {}
    for entry in real_corpus.entries:
        by_project.setdefault(project_of(entry.filename), []).append(entry)
    for project, entries in by_project.items():
        page = simple_json(main, "mirror", project, token)
        listed = {f["filename"]: f for f in page["files"]}
        page_html = main.get(f"/mirror/simple/{project}/", token, Accept="text/html").text
        anchors = {
            html.unescape(m.group(2)): html.unescape(m.group(1))
            for m in re.finditer(r"<a ([^>]*)>([^<]+)</a>", page_html)
        }
        for entry in entries:
            path = real_corpus.path(entry.filename)
            served = listed.get(entry.filename)
            assert served is not None, f"{entry.filename} is not listed: {sorted(listed)}"
            sha = corpus.sha256_of(path)
            assert served["hashes"]["sha256"] == sha, entry.filename
            assert served["size"] == path.stat().st_size, entry.filename
            declared_rp = corpus.declared(path, "Requires-Python")
            served_rp = served.get("requires-python")
            anchor = anchors[entry.filename]
            if declared_rp:
                assert SpecifierSet(served_rp) == SpecifierSet(declared_rp), entry.filename
                match = re.search(r'data-requires-python="([^"]*)"', anchor)
                assert match, (entry.filename, anchor)
                assert SpecifierSet(html.unescape(match.group(1))) == SpecifierSet(declared_rp)
            else:
                assert served_rp is None, (entry.filename, served_rp)
                assert "data-requires-python" not in anchor, anchor
            assert f"#sha256={sha}" in anchor
            if entry.is_wheel:  # PEP 658/714: the wheel's METADATA, byte for byte
                own = corpus.core_metadata(path)
                assert served["core-metadata"] == {"sha256": corpus.hashlib.sha256(own).hexdigest()}
                metadata = main.get(served["url"] + ".metadata", token)
                assert metadata.status_code == 200 and metadata.content == own, entry.filename
                assert "data-core-metadata=" in anchor and "data-dist-info-metadata=" in anchor
            else:
                assert served.get("core-metadata", False) is False, entry.filename
        # The PyPI-style JSON API agrees on Requires-Python for each release.
        for entry in entries[:1]:
            version = entry.requirement.split("==")[1]
            reply = main.get(f"/mirror/pypi/{project}/{version}/json", token)
            assert reply.status_code == 200, (project, version, reply.status_code, reply.text)
            info = reply.json()["info"]
            files_rp = {
                corpus.declared(real_corpus.path(e.filename), "Requires-Python")
                for e in entries
                if e.requirement == entry.requirement
            }
            if len(files_rp) == 1 and (only := files_rp.pop()):
                assert SpecifierSet(info["requires_python"]) == SpecifierSet(only), project


def imports(target: Path, module: str) -> str:
    code = f"import {module}; print({module}.__file__)"
    env = clean_env(PYTHONPATH=str(target))
    return run([sys.executable, "-c", code], env=env, cwd=target).stdout.strip()


@pytest.mark.parametrize("client", ["pip", "uv"])
def test_pip_and_uv_install_from_the_registry(
    registries: tuple[Registry, Registry], tmp_path: Path, client: str
) -> None:
    main, _ = registries
    index = main.index_url("mirror", main.tokens["mirror-read"])
    target = tmp_path / client
    if client == "pip":
        args = [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir",
                "--no-deps", "--index-url", index, "--target", str(target), *INSTALL]  # fmt: skip
    else:
        args = [tool("uv"), "pip", "install", "--no-config", "--no-cache", "--no-deps",
                "--python", sys.executable, "--index-url", index, "--target", str(target),
                *INSTALL]  # fmt: skip
    run(args)
    found = {
        canonicalize_name(info.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        + "=="
        + info.name.removesuffix(".dist-info").rsplit("-", 1)[1]
        for info in target.glob("*.dist-info")
    }
    assert found == {canonicalize_name(r.split("==")[0]) + "==" + r.split("==")[1] for r in INSTALL}
    for module in INSTALL.values():
        assert imports(target, module).startswith(str(target)), module


def test_a_yanked_release_shows_in_html_and_json(registries: tuple[Registry, Registry]) -> None:
    main, _ = registries
    token = main.tokens["mirror-read"]
    main.cli("yank", "--repo", "mirror", "urllib3", "1.26.20", "--reason", "corpus yank test")
    page = simple_json(main, "mirror", "urllib3", token)
    yanked = {f["filename"]: f["yanked"] for f in page["files"]}
    assert yanked["urllib3-1.26.20-py2.py3-none-any.whl"] == "corpus yank test"
    assert yanked["urllib3-1.26.20.tar.gz"] == "corpus yank test"
    assert yanked["urllib3-2.2.3-py3-none-any.whl"] is False
    page_html = main.get("/mirror/simple/urllib3/", token, Accept="text/html").text
    (anchor,) = [a for a in page_html.split("<a ")[1:] if ">urllib3-1.26.20.tar.gz<" in a]
    assert 'data-yanked="corpus yank test"' in anchor
    # pip skips the yanked release unless it is pinned exactly (PEP 592).
    index = main.index_url("mirror", token)
    report = run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir", "--no-deps",
         "--dry-run", "--ignore-installed", "--report", "-", "--quiet", "--index-url", index,
         "urllib3<2"],
    ).stdout  # fmt: skip
    chosen = json.loads(report)["install"][0]["metadata"]["version"]
    assert chosen != "1.26.20"


def test_uv_publishes_the_corpus_to_a_second_registry(
    registries: tuple[Registry, Registry], real_corpus: Corpus
) -> None:
    _, public = registries
    files = [real_corpus.path(e.filename) for e in real_corpus.entries]
    sent = publish_corpus(public, "pypi", files, first="uv")
    print(f"\npublic: {sent}")
    assert sent["uv"] >= 150
    page = simple_json(public, "pypi", "psutil", None)
    assert {f["filename"] for f in page["files"]} == {
        e.filename for e in real_corpus.entries if project_of(e.filename) == "psutil"
    }


def test_pip_installs_through_the_external_connection(
    registries: tuple[Registry, Registry], real_corpus: Corpus, tmp_path: Path
) -> None:
    """main's "proxy" repository has no file of its own: it serves the second registry's."""
    main, _ = registries
    token = main.tokens["proxy-read"]
    for project in ("pyyaml", "markupsafe", "six", "pytz"):
        page = simple_json(main, "proxy", project, token)
        served = {f["filename"]: f["hashes"]["sha256"] for f in page["files"]}
        expected = {
            e.filename: corpus.sha256_of(real_corpus.path(e.filename))
            for e in real_corpus.entries
            if project_of(e.filename) == project
        }
        assert served == expected, project
    target = tmp_path / "via-external"
    run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir", "--no-deps",
         "--index-url", main.index_url("proxy", token), "--target", str(target), *INSTALL],
    )  # fmt: skip
    for module in INSTALL.values():
        assert imports(target, module).startswith(str(target)), module
