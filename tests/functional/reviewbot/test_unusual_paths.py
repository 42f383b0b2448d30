"""Issue 13 item 1: every byte git allows in a path reaches review (real git, real CLI).

A file named `a<newline>b.py` used to be dropped before it was read (the `cat-file --batch`
request is newline-separated) and non-UTF-8 names were never found: the handler below, its
`ghp_` token and its SQL injection escaped review with no note. Paths now come from git's
NUL-separated `--raw -z` listing and content is read by blob id.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HANDLER = '''\
import os
import sqlite3

from flask import Flask, request

app = Flask(__name__)
GITHUB_TOKEN = "ghp_''' + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5" + '''"


@app.get("/ls")
def listing():
    return str(os.system("ls " + request.args["d"]))


@app.get("/user")
def user():
    conn = sqlite3.connect("db")
    sql = "SELECT * FROM users WHERE name = '" + request.args["n"] + "'"
    return str(conn.execute(sql).fetchall())
'''
EXPECTED_RULES = {"secrets/token", "python/os-command-injection", "python/sql-injection"}

# path bytes on disk → the path the review reports (non-UTF-8 bytes become U+FFFD)
UNUSUAL = {
    b"a\nb.py": "a\nb.py",
    b"t\tab.py": "t\tab.py",
    b'q"uote.py': 'q"uote.py',
    b" lead.py": " lead.py",
    b"back\\slash.py": "back\\slash.py",
    b"caf\xe9.py": "caf\ufffd.py",
    b"x b/y.py": "x b/y.py",
    b"plain.py": "plain.py",
}


def git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, env=env, input=input, check=True,
                          capture_output=True).stdout  # fmt: skip


def reviewbot(cwd: Path, *args: str, input: bytes | None = None) -> dict[str, object]:
    executable = shutil.which("reviewbot") or str(Path(sys.executable).parent / "reviewbot")
    proc = subprocess.run(
        [executable, "review", "--format", "json", "--no-model", *args],
        cwd=cwd, input=input, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unusual")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    (root / "README").write_text("base\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    for raw in UNUSUAL:
        target = os.path.join(os.fsencode(root), raw)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(HANDLER.encode())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "handlers under unusual names")
    return root


def rules_by_path(data: dict[str, object]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in data["findings"]:  # type: ignore[union-attr]
        found.setdefault(finding["path"], set()).add(finding["rule"])
    return found


def test_git_review_finds_every_handler(repo: Path) -> None:
    data = reviewbot(repo, "--base", "main", "--head", "HEAD")
    found = rules_by_path(data)
    for shown in UNUSUAL.values():
        assert found.get(shown, set()) >= EXPECTED_RULES, (shown, found.get(shown))
    assert data["summary"]["notes"] == []  # type: ignore[index]


def test_plain_diff_with_c_quoted_paths_finds_every_handler(repo: Path) -> None:
    patch = git(repo, "diff", "main", "HEAD")
    assert b'diff --git "a/a\\nb.py" "b/a\\nb.py"' in patch  # git C-quotes the header
    data = reviewbot(repo, "--diff", "-", input=patch)
    found = rules_by_path(data)
    for shown in UNUSUAL.values():
        assert found.get(shown, set()) >= EXPECTED_RULES, (shown, found.get(shown))


def test_rename_to_a_newline_name_is_reviewed(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "-b", "feature", str(repo), str(clone))
    git(clone, "checkout", "-q", "-b", "rename")
    git(clone, "mv", "plain.py", "re\nnamed.py")
    git(clone, "commit", "-q", "-m", "rename")
    data = reviewbot(clone, "--base", "feature", "--head", "HEAD")
    assert data["summary"]["files_reviewed"] == 1  # type: ignore[index]


def test_a_file_that_cannot_be_reviewed_is_named_in_the_notes(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "-b", "feature", str(repo), str(clone))
    git(clone, "checkout", "-q", "-b", "submodule")
    head = git(clone, "rev-parse", "HEAD").decode().strip()
    git(clone, "update-index", "--add", "--cacheinfo", f"160000,{head},vendor\nlib")
    git(clone, "commit", "-q", "-m", "add a submodule under a newline name")
    data = reviewbot(clone, "--base", "feature", "--head", "HEAD")
    assert "skipped submodule 'vendor\\nlib'" in data["summary"]["notes"]  # type: ignore[index]
