"""Commands other than serve and migrate never create an empty registry by accident: run in
the wrong directory (or with a mistyped --data-dir) they say where they looked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from registry.cli import main


@pytest.fixture
def in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("REGISTRY_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "command",
    [("repo", "list"), ("repo", "create", "team"), ("token", "list"), ("check",),
     ("token", "create", "--repo", "team", "--scope", "read"), ("audit",)],
)  # fmt: skip
def test_no_registry_here_is_refused_with_where_and_how(in_empty_dir: Path, command) -> None:  # type: ignore[no-untyped-def]
    code, output = run(*command)
    assert code == 2
    assert f"no registry in {in_empty_dir / 'registry-data'}" in output
    assert "--data-dir" in output and "registry migrate" in output
    assert not (in_empty_dir / "registry-data").exists()


def test_quick_start_order_works_once_the_registry_exists(in_empty_dir: Path) -> None:
    assert run("migrate")[0] == 0  # what `registry serve` (make run) does first
    assert run("repo", "create", "team") == (0, "created repository team (private)\n")
    assert run("repo", "list")[1].startswith("team\tprivate\t")


def test_an_explicit_new_data_dir_may_be_created_by_repo_create_only(in_empty_dir: Path) -> None:
    code, output = run("token", "list", "--data-dir", "typo-dir")
    assert code == 2 and f"no registry in {in_empty_dir / 'typo-dir'}" in output
    assert not (in_empty_dir / "typo-dir").exists()
    assert run("repo", "create", "team", "--data-dir", "fresh")[0] == 0
    assert (in_empty_dir / "fresh" / "registry.sqlite3").exists()
