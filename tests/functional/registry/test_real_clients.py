"""twine, pip and uv, unmodified, against live gunicorn."""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, Dists, LiveDriver, clean_env, registry_cli, run, sha256_of, tool

pytestmark = pytest.mark.functional

JSON = "application/vnd.pypi.simple.v1+json"


def index_url(live: LiveDriver, token: str) -> str:
    host = live.base.removeprefix("http://")
    return f"http://__token__:{token}@{host}/{REPO}/simple/"


def twine_upload(live: LiveDriver, token: str, *files: Path):  # type: ignore[no-untyped-def]
    return run(
        [
            tool("twine"),
            "upload",
            "--non-interactive",
            "--disable-progress-bar",
            "--repository-url",
            f"{live.base}/{REPO}/",
            "-u",
            "__token__",
            "-p",
            token,
            *map(str, files),
        ],
        check=False,
    )


def pip_install(live: LiveDriver, target: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--isolated",
            "--no-cache-dir",
            "--index-url",
            index_url(live, live.tokens["read"]),
            "--target",
            str(target),
            *args,
        ],
        check=False,
    )


def uv_install(live: LiveDriver, target: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(
        [
            tool("uv"),
            "pip",
            "install",
            "--python",
            sys.executable,
            "--cache-dir",
            str(target.parent / f"{target.name}-uv-cache"),
            "--index-url",
            index_url(live, live.tokens["read"]),
            "--target",
            str(target),
            *args,
        ],
        check=False,
    )


def installed_version(target: Path, project: str) -> str:
    infos = sorted(target.glob(f"{project.replace('-', '_')}-*.dist-info"))
    assert len(infos) == 1, infos
    return infos[0].name.removesuffix(".dist-info").split("-")[1]


@pytest.fixture(scope="module")
def published(live: LiveDriver, dists: Dists) -> Dists:
    """The first release of cy-app and its dependency, uploaded with twine."""
    files = [
        dists.get("cy_dep-1.0-py3-none-any.whl"),
        dists.get("cy_app-1.0-py3-none-any.whl"),
        dists.get("cy_app-1.0.tar.gz"),
        dists.get("cy_yank-1.0-py3-none-any.whl"),
        dists.get("cy_yank-2.0-py3-none-any.whl"),
        dists.get("cy_future-1.0-py3-none-any.whl"),
        dists.get("cy_future-2.0-py3-none-any.whl"),
    ]
    result = twine_upload(live, live.tokens["publish"], *files)
    assert result.returncode == 0, result.stdout + result.stderr
    return dists


def test_twine_reupload_of_the_same_files_succeeds(live: LiveDriver, published: Dists) -> None:
    before = (live.row_counts(), live.blob_files())
    result = twine_upload(
        live,
        live.tokens["publish"],
        published.get("cy_app-1.0-py3-none-any.whl"),
        published.get("cy_app-1.0.tar.gz"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (live.row_counts(), live.blob_files()) == before


def test_twine_changed_bytes_under_the_same_name_is_409(
    live: LiveDriver, published: Dists, tmp_path: Path
) -> None:
    original = published.get("cy_dep-1.0-py3-none-any.whl")
    changed = tmp_path / original.name
    shutil.copy(original, changed)
    with zipfile.ZipFile(changed, "a") as zf:
        zf.writestr("cy_dep/changed.py", "changed = True\n")
    result = twine_upload(live, live.tokens["publish"], changed)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "409" in output and "File already exists" in output, output


def test_twine_with_a_read_only_token_prints_what_to_fix(
    live: LiveDriver, published: Dists
) -> None:
    result = twine_upload(live, live.tokens["read"], published.get("cy_app-2.0.tar.gz"))
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "403" in output and "read scope on repository 'team'" in output, output


def test_pip_installs_with_hash_checking(
    live: LiveDriver, published: Dists, tmp_path: Path
) -> None:
    app_wheel = published.get("cy_app-1.0-py3-none-any.whl")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        f"cy-app==1.0 --hash=sha256:{sha256_of(app_wheel)} "
        f"--hash=sha256:{sha256_of(published.get('cy_app-1.0.tar.gz'))}\n"
        f"cy-dep==1.0 --hash=sha256:{sha256_of(published.get('cy_dep-1.0-py3-none-any.whl'))}\n"
    )
    target = tmp_path / "target"
    result = pip_install(live, target, "--require-hashes", "-r", str(requirements))
    assert result.returncode == 0, result.stdout + result.stderr
    assert installed_version(target, "cy-app") == "1.0"
    assert installed_version(target, "cy-dep") == "1.0"
    assert (target / "cy_app" / "__init__.py").read_text().endswith('__version__ = "1.0"\n')

    # a wrong hash makes pip refuse: the check is real
    requirements.write_text(f"cy-dep==1.0 --hash=sha256:{'0' * 64}\n")
    bad = pip_install(live, tmp_path / "bad", "--require-hashes", "-r", str(requirements))
    assert bad.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in bad.stdout + bad.stderr


def test_pip_without_credentials_sees_401_and_with_netrc_installs(
    live: LiveDriver, published: Dists, tmp_path: Path
) -> None:
    plain_index = f"{live.base}/{REPO}/simple/"
    args = [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir", "--no-input",
            "--index-url", plain_index]  # fmt: skip
    refused = run([*args, "--target", str(tmp_path / "t1"), "cy-dep"], check=False)
    assert refused.returncode != 0
    access_log = (live.data_dir.parent / "serve.log").read_text()
    assert f'"GET /{REPO}/simple/cy-dep/ HTTP/1.1" 401' in access_log
    # The same URL with the token in a netrc file (how pip users keep it out of URLs).
    netrc = tmp_path / "netrc"
    host = live.base.removeprefix("http://").split(":")[0]
    netrc.write_text(f"machine {host} login __token__ password {live.tokens['read']}\n")
    netrc.chmod(0o600)
    result = run(
        [*args, "--target", str(tmp_path / "t2"), "cy-dep"],
        env=clean_env(NETRC=str(netrc)),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert installed_version(tmp_path / "t2", "cy-dep") == "1.0"


def test_uv_pip_install(live: LiveDriver, published: Dists, tmp_path: Path) -> None:
    target = tmp_path / "target"
    result = uv_install(live, target, "cy-app==1.0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert installed_version(target, "cy-app") == "1.0"
    assert installed_version(target, "cy-dep") == "1.0"


def test_uv_publish_a_second_version(live: LiveDriver, published: Dists, tmp_path: Path) -> None:
    files = [published.get("cy_app-2.0-py3-none-any.whl"), published.get("cy_app-2.0.tar.gz")]
    result = run(
        [
            tool("uv"),
            "publish",
            "--publish-url",
            f"{live.base}/{REPO}/",
            "--token",
            live.tokens["publish"],
            "--trusted-publishing",
            "never",
            *map(str, files),
        ],
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = live.get(f"/{REPO}/simple/cy-app/", {"Accept": JSON}, live.tokens["read"])
    assert json.loads(page.body)["versions"] == ["1.0", "2.0"]
    # and both installers now pick 2.0
    target = tmp_path / "uv-target"
    assert uv_install(live, target, "cy-app").returncode == 0
    assert installed_version(target, "cy-app") == "2.0"

    # uv publish of changed bytes under an existing name: refused, with the reason shown
    changed = tmp_path / files[0].name
    shutil.copy(files[0], changed)
    with zipfile.ZipFile(changed, "a") as zf:
        zf.writestr("cy_app/changed.py", "changed = True\n")
    result = run(
        [tool("uv"), "publish", "--publish-url", f"{live.base}/{REPO}/",
         "--token", live.tokens["publish"], "--trusted-publishing", "never", str(changed)],
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "File already exists" in result.stdout + result.stderr


def test_yanked_newest_version_is_installed_only_when_pinned(
    live: LiveDriver, published: Dists, tmp_path: Path
) -> None:
    registry_cli(live.data_dir, "yank", "--repo", REPO, "cy-yank", "2.0", "--reason", "broken")
    try:
        page = live.get(f"/{REPO}/simple/cy-yank/", {"Accept": "text/html"}, live.tokens["read"])
        assert 'data-yanked="broken"' in page.text

        assert pip_install(live, tmp_path / "pip", "cy-yank").returncode == 0
        assert installed_version(tmp_path / "pip", "cy-yank") == "1.0"
        pinned = pip_install(live, tmp_path / "pip-pinned", "cy-yank==2.0")
        assert pinned.returncode == 0, pinned.stdout + pinned.stderr
        assert installed_version(tmp_path / "pip-pinned", "cy-yank") == "2.0"
        assert "yanked" in (pinned.stdout + pinned.stderr).lower()

        assert uv_install(live, tmp_path / "uv", "cy-yank").returncode == 0
        assert installed_version(tmp_path / "uv", "cy-yank") == "1.0"
        pinned = uv_install(live, tmp_path / "uv-pinned", "cy-yank==2.0")
        assert pinned.returncode == 0, pinned.stdout + pinned.stderr
        assert installed_version(tmp_path / "uv-pinned", "cy-yank") == "2.0"
    finally:
        registry_cli(live.data_dir, "unyank", "--repo", REPO, "cy-yank", "2.0")
    # unyanked: the newest is chosen again
    assert pip_install(live, tmp_path / "pip-after", "cy-yank").returncode == 0
    assert installed_version(tmp_path / "pip-after", "cy-yank") == "2.0"


def test_requires_python_excludes_too_new_files(
    live: LiveDriver, published: Dists, tmp_path: Path
) -> None:
    page = live.get(f"/{REPO}/simple/cy-future/", {"Accept": "text/html"}, live.tokens["read"])
    assert 'data-requires-python="&gt;=4"' in page.text
    assert pip_install(live, tmp_path / "pip", "cy-future").returncode == 0
    assert installed_version(tmp_path / "pip", "cy-future") == "1.0"
    assert uv_install(live, tmp_path / "uv", "cy-future").returncode == 0
    assert installed_version(tmp_path / "uv", "cy-future") == "1.0"
    refused = pip_install(live, tmp_path / "pip-2", "cy-future==2.0")
    assert refused.returncode != 0
    assert "Requires-Python" in refused.stdout + refused.stderr
