"""The `registry` command-line contract: exact forms, stdout/stderr, exit codes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main

from .conftest import clean_env, tool


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def invoke(data_dir: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    return runner.invoke(main, [*args, "--data-dir", str(data_dir)], env=env)


def test_repo_and_token_lifecycle(data_dir: Path) -> None:
    assert invoke(data_dir, "repo", "create", "team").exit_code == 0
    assert invoke(data_dir, "repo", "create", "pub", "--public-read").exit_code == 0
    listing = invoke(data_dir, "repo", "list").output
    assert re.search(r"^pub\tpublic-read\t", listing, re.M)
    assert re.search(r"^team\tprivate\t", listing, re.M)

    created = invoke(data_dir, "token", "create", "--repo", "team", "--scope", "publish",
                     "--expires", "12h")  # fmt: skip
    assert created.exit_code == 0
    assert re.fullmatch(r"cyr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n", created.stdout)

    tokens = invoke(data_dir, "token", "list").output.splitlines()
    assert tokens[0].startswith("ID\tREPOSITORY\tSCOPE\tSTATE")
    token_id = tokens[1].split("\t")[0]
    assert tokens[1].split("\t")[1:4] == ["team", "publish", "active"]
    assert created.stdout.strip() not in "\n".join(tokens)  # the secret is never shown again

    assert invoke(data_dir, "token", "revoke", token_id).exit_code == 0
    assert "\trevoked\t" in invoke(data_dir, "token", "list").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("token", "create", "--repo", "nope", "--scope", "read"), "'nope' does not exist"),
        (("repo", "create", "Bad_Name"), "must be 1-64 lowercase letters"),
        (("repo", "create", "api"), "is reserved"),
        (("token", "create", "--repo", "team", "--scope", "read", "--expires", "soon"),
         "is not a duration"),
        (("token", "revoke", "999"), "token 999 does not exist"),
        (("yank", "--repo", "team", "nothing", "1.0"), "nothing 1.0 is not in repository 'team'"),
        (("unyank", "--repo", "team", "nothing", "not a version"), "not a valid PEP 440 version"),
    ],
)  # fmt: skip
def test_errors_are_one_line_on_stderr_with_exit_2(
    data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    invoke(data_dir, "repo", "create", "team")
    result = invoke(data_dir, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_repository(data_dir: Path) -> None:
    invoke(data_dir, "repo", "create", "team")
    result = invoke(data_dir, "repo", "create", "team")
    assert result.exit_code == 2 and "already exists" in result.stderr


def test_bad_environment_is_reported_by_the_real_executable(tmp_path: Path) -> None:
    env = clean_env(REGISTRY_MAX_UPLOAD_BYTES="lots", REGISTRY_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [tool("registry"), "repo", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "REGISTRY_MAX_UPLOAD_BYTES must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_orphans_and_missing_blobs(data_dir: Path) -> None:
    invoke(data_dir, "repo", "create", "team")
    blobs = data_dir / "blobs" / "sha256" / "ab"
    blobs.mkdir(parents=True)
    (blobs / ("ab" + "0" * 62)).write_bytes(b"orphan")
    result = invoke(data_dir, "check")
    assert result.exit_code == 0
    assert f"ORPHAN\tsha256/ab/ab{'0' * 62}" in result.stdout
    assert "0 missing, 1 orphan blobs" in result.stderr


def test_check_fails_when_a_row_points_at_a_missing_blob(data_dir: Path) -> None:
    from registry.core.model import NewFile
    from registry.db.catalog import SqlCatalog
    from registry.db.session import make_engine, session_factory

    invoke(data_dir, "repo", "create", "team")
    engine = make_engine(f"sqlite:///{data_dir / 'registry.sqlite3'}")
    with session_factory(engine)() as session:
        catalog = SqlCatalog(session)
        catalog.add_file(
            "team",
            NewFile("x", "1.0", "x-1.0.tar.gz", "sdist", "c" * 64, "d" * 64, "e" * 32, 1, None,
                    None, f"sha256/cc/{'c' * 64}"),
        )  # fmt: skip
        catalog.commit()
    engine.dispose()
    result = invoke(data_dir, "check")
    assert result.exit_code == 1
    assert f"MISSING\tsha256/cc/{'c' * 64}" in result.stdout
