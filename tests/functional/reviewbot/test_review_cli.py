"""`reviewbot review` end to end on real git repositories built with gitpython: exact
findings (rule, path, line, severity) through the CLI, three-dot semantics, renames,
deletions, binary files, mode changes, the config from the base side, and bad input that
must end in a clear message, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import git
import jsonschema
import pytest
from click.testing import CliRunner

from reviewbot.cli import main

pytestmark = pytest.mark.functional

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
AWS_ID = "AKIA" + "Q7XK2LMBZ4RTY6WP"  # assembled so this file holds no key-shaped literal


class RepoBuilder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.repo = git.Repo.init(path, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", "Test")
            config.set_value("user", "email", "test@example.com")
            config.set_value("commit", "gpgsign", "false")

    def write(self, files: dict[str, str | bytes | None]) -> None:
        for name, content in files.items():
            target = self.path / name
            if content is None:
                self.repo.git.rm("-q", name)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | bytes | None] | None = None) -> str:
        self.write(files or {})
        self.repo.git.add("-A")
        self.repo.git.commit("-q", "-m", message)
        return self.repo.head.commit.hexsha


DB_BASE = """\
import sqlite3


def find_user(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = ?", (name,))
    return cur.fetchone()
"""
DB_FEATURE = (
    DB_BASE
    + """\


def search(conn, term):
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM users WHERE name LIKE '%{term}%'")
    return cur.fetchall()
"""
)
NET = """\
import subprocess

import requests


def fetch(url):
    return requests.get(url).json()


def archive(name):
    subprocess.run(f"tar czf {name}.tgz data", shell=True, check=True)
"""
LEGACY_BASE = f"""\
ACCESS_KEY = "{AWS_ID}"


def compute(expr):
    return eval(expr)


VERSION = 1
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> RepoBuilder:
    """main: a small project; feature: a change with known problems; main moves on after
    the branch point with a problem of its own that the review must not report."""
    builder = RepoBuilder(tmp_path_factory.mktemp("project"))
    builder.commit(
        "base",
        {
            "app/__init__.py": "",
            "app/db.py": DB_BASE,
            "app/old_name.py": "def helper():\n    return 1\n",
            "obsolete.py": "def run(x):\n    return eval(x)\n",
            "scripts/run.sh": "#!/bin/sh\necho hi\n",
            "legacy.py": LEGACY_BASE,
            "tests/test_db.py": "def test_nothing():\n    assert True\n",
            "requirements.txt": "requests==2.31.0\n",
            ".reviewbot.toml": 'disable = ["python/naive-datetime"]\n',
        },
    )
    builder.repo.git.checkout("-q", "-b", "feature")
    builder.repo.git.mv("app/old_name.py", "app/new_name.py")
    (builder.path / "scripts/run.sh").chmod(0o755)
    builder.commit(
        "feature work",
        {
            "app/db.py": DB_FEATURE,
            "app/net.py": NET,
            "app/new_name.py": "def helper():\n    breakpoint()\n    return 1\n",
            "app/clock.py": "from datetime import datetime\nNOW = datetime.now()\n",
            "obsolete.py": None,
            "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "notes.txt": b"caf\xe9 cr\xe8me, no newline at the end",
            "legacy.py": LEGACY_BASE.replace("VERSION = 1", "VERSION = 2"),
            "requirements.txt": "requests==2.32.0\nleft-pad>=1.0\n",
            # a pull request cannot switch the checks off for itself
            ".reviewbot.toml": 'disable = ["python/", "secrets/", "change/"]\n',
        },
    )
    builder.repo.git.checkout("-q", "main")
    builder.commit("main moves on", {"main_only.py": "def f(x):\n    return eval(x)\n"})
    return builder


EXPECTED_INLINE = [
    ("app/db.py", 12, "python/sql-injection", "high"),
    ("app/net.py", 7, "python/requests-no-timeout", "medium"),
    ("app/net.py", 11, "python/os-command-injection", "high"),
    ("app/new_name.py", 2, "python/debug-leftover", "medium"),
]


def review_json(project: RepoBuilder, *extra: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        main,
        ["review", "--repo", str(project.path), "--base", "main", "--head", "feature",
         "--format", "json", *extra],
    )  # fmt: skip
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def test_review_reports_exact_findings(project: RepoBuilder) -> None:
    code, data = review_json(project)
    assert code == 0
    summary = data["summary"]
    off_diff = set(summary["off_diff"])
    inline = [
        (f["path"], f["line"], f["rule"], f["severity"])
        for f in data["findings"]
        if f["path"] and f["fingerprint"] not in off_diff
    ]
    assert inline == EXPECTED_INLINE
    # the critical key elsewhere in a touched file goes to the summary; the eval there
    # (high, pre-existing) and everything in main_only.py / obsolete.py do not appear
    summary_findings = [f for f in data["findings"] if f["fingerprint"] in off_diff]
    assert [(f["path"], f["line"], f["rule"], f["severity"]) for f in summary_findings] == [
        ("legacy.py", 1, "secrets/aws-access-key", "critical")
    ]
    change_level = sorted((f["rule"], f["severity"]) for f in data["findings"] if not f["path"])
    assert change_level == [("change/new-dependency", "low"), ("change/no-test-change", "low")]
    dependency = next(f for f in data["findings"] if f["rule"] == "change/new-dependency")
    assert "left-pad" in dependency["message"] and "requests" not in dependency["message"]
    assert "skipped binary file logo.png" in summary["notes"]
    repo = project.repo
    assert summary["head"] == repo.commit("feature").hexsha
    assert summary["merge_base"] == repo.merge_base("main", "feature")[0].hexsha
    assert summary["merge_base"] != repo.commit("main").hexsha


def test_no_model_skips_the_risk_score(project: RepoBuilder) -> None:
    code, data = review_json(project, "--no-model")
    assert code == 0 and "risk" not in data
    assert [f["fingerprint"] for f in data["findings"]] == [
        f["fingerprint"] for f in review_json(project)[1]["findings"]
    ]


def test_gate_exit_codes(project: RepoBuilder) -> None:
    assert review_json(project, "--fail-on", "high")[0] == 1
    assert review_json(project, "--fail-on", "critical")[0] == 1  # the key in legacy.py
    assert review_json(project, "--fail-on", "none")[0] == 0


def test_sarif_output_validates(project: RepoBuilder, tmp_path: Path) -> None:
    out = tmp_path / "review.sarif"
    result = CliRunner().invoke(
        main,
        ["review", "--repo", str(project.path), "--base", "main", "--head", "feature",
         "--format", "sarif", "--output", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"app/db.py", "app/net.py", "app/new_name.py", "legacy.py"}


def test_plain_diff_from_stdin_matches_git_review(project: RepoBuilder, tmp_path: Path) -> None:
    # in --diff mode the config comes from the work tree (here the feature branch, which
    # switches everything off) unless --config names one: use main's
    config = tmp_path / "reviewbot.toml"
    config.write_text('disable = ["python/naive-datetime"]\n')
    repo = project.repo
    repo.git.checkout("-q", "feature")
    try:
        diff = repo.git.diff("main...feature", stdout_as_string=False)
        result = CliRunner().invoke(
            main,
            ["review", "--diff", "-", "--repo", str(project.path), "--format", "json",
             "--config", str(config)],
            input=diff,
        )  # fmt: skip
    finally:
        repo.git.checkout("-q", "main")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    located = [(f["path"], f["line"], f["rule"], f["severity"]) for f in data["findings"]]
    for expected in EXPECTED_INLINE:
        assert expected in located
    assert data["summary"]["head"] is None


def test_real_subprocess_review(project: RepoBuilder) -> None:
    executable = shutil.which("reviewbot") or str(Path(sys.executable).parent / "reviewbot")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    proc = subprocess.run(
        [executable, "review", "--base", "main", "--head", "feature", "--fail-on", "high"],
        cwd=project.path, capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("app/db.py:12: high python/sql-injection [CWE-89]: ")
    assert any(line.startswith("app/net.py:7: medium python/requests-no-timeout") for line in lines)
    assert lines[-1] == "reviewbot: 7 findings (highest: critical) in 9 file(s) reviewed"
    assert "Traceback" not in proc.stderr and "error" not in proc.stderr
    # The exit status 1 is explained where a CI log shows it, whatever the report's format.
    assert "reviewbot: failing: " in proc.stderr and "(--fail-on high)" in proc.stderr


# --- bad input ------------------------------------------------------------------------------


def run_cli(args: list[str], input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {args}: {result.exception!r}")
    return result.exit_code, result.stdout, result.stderr


def test_not_a_repository(tmp_path: Path) -> None:
    code, out, err = run_cli(["review", "--repo", str(tmp_path), "--base", "a", "--head", "b"])
    assert code == 2 and "not a git repository" in err and "Traceback" not in err + out
    code, _, err = run_cli(
        ["review", "--repo", str(tmp_path / "nope"), "--base", "a", "--head", "b"]
    )
    assert code == 2 and "no such directory" in err


def test_unknown_ref_and_usage_errors(project: RepoBuilder) -> None:
    repo = str(project.path)
    code, _, err = run_cli(["review", "--repo", repo, "--base", "main", "--head", "no-such-branch"])
    assert code == 2 and "unknown ref 'no-such-branch'" in err
    code, _, err = run_cli(["review", "--repo", repo, "--base", "main"])
    assert code == 2 and "--head" in err
    code, _, err = run_cli(
        ["review", "--repo", repo, "--base", "main", "--head", "x", "--diff", "-"]
    )
    assert code == 2 and "either --diff or --base/--head" in err
    code, _, err = run_cli(["review", "--repo", repo, "--base", "main", "--head", "feature",
                            "--fail-on", "severe"])  # fmt: skip
    assert code == 2 and "severe" in err


def test_unrelated_histories(tmp_path: Path) -> None:
    builder = RepoBuilder(tmp_path / "r")
    builder.commit("one", {"a.py": "x = 1\n"})
    builder.repo.git.checkout("-q", "--orphan", "other")
    builder.commit("two", {"b.py": "y = 2\n"})
    code, _, err = run_cli(
        ["review", "--repo", str(builder.path), "--base", "main", "--head", "other"]
    )
    assert code == 2 and "no merge base" in err


def test_empty_diff_is_a_clean_empty_review(tmp_path: Path) -> None:
    empty = tmp_path / "empty.diff"
    empty.write_bytes(b"")
    code, out, _ = run_cli(
        ["review", "--repo", str(tmp_path), "--diff", str(empty), "--format", "json"]
    )
    assert code == 0 and json.loads(out)["findings"] == []
    builder = RepoBuilder(tmp_path / "same")
    builder.commit("one", {"a.py": "x = 1\n"})
    code, out, _ = run_cli(
        ["review", "--repo", str(builder.path), "--base", "main", "--head", "main"]
    )
    assert code == 0 and out.strip().endswith("0 findings in 0 file(s) reviewed")


def test_binary_blob_and_missing_diff_file(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(os.urandom(4096) + b"\x00" * 100)
    code, _, err = run_cli(["review", "--diff", str(blob)])
    assert code == 2 and "no file headers found" in err
    code, _, err = run_cli(["review", "--diff", str(tmp_path / "missing.diff")])
    assert code == 2 and "cannot read" in err
    code, _, err = run_cli(["review", "--diff", "-"], input=os.urandom(2048))
    assert code == 2 and "Traceback" not in err


def test_fifty_megabyte_diff(tmp_path: Path) -> None:
    lines = 900_000
    body = b"".join(
        b"+generated line %08d with padding to make it long....\n" % i for i in range(lines)
    )
    header = (
        b"diff --git a/gen/big.txt b/gen/big.txt\nnew file mode 100644\n--- /dev/null\n"
        b"+++ b/gen/big.txt\n@@ -0,0 +1,%d @@\n" % lines
    )
    tail = (
        b"diff --git a/small.py b/small.py\n--- a/small.py\n+++ b/small.py\n"
        b"@@ -1 +1 @@\n-x = 1\n+x = eval(y)\n"
    )
    diff = header + body + tail
    assert len(diff) > 50_000_000
    code, out, err = run_cli(
        ["review", "--repo", str(tmp_path), "--diff", "-", "--format", "json"], input=diff
    )
    assert code == 0, err
    data = json.loads(out)
    assert [(f["path"], f["rule"]) for f in data["findings"] if f["path"]] == [
        ("small.py", "python/code-injection")
    ]
    assert any("gen/big.txt" in note and "too large" in note for note in data["summary"]["notes"])


def test_bad_config_and_output(project: RepoBuilder, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[tool.reviewbot\n")
    base = ["review", "--repo", str(project.path), "--base", "main", "--head", "feature"]
    code, _, err = run_cli([*base, "--config", str(bad)])
    assert code == 2 and "not valid TOML" in err
    code, _, err = run_cli([*base, "--output", str(tmp_path / "no" / "dir" / "out.json")])
    assert code == 2 and "--output" in err
    good = tmp_path / "reviewbot.toml"
    good.write_text('disable = ["python/"]\nfail-on = "medium"\n')
    code, out, _ = run_cli([*base, "--config", str(good), "--format", "json"])
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert code == 1 and not any(rule.startswith("python/") for rule in rules)


def test_unicode_spaces_crlf_and_no_newline_paths(tmp_path: Path) -> None:
    builder = RepoBuilder(tmp_path / "edge")
    builder.commit("base", {"keep.py": "x = 1\n"})
    builder.repo.git.checkout("-q", "-b", "feature")
    builder.commit(
        "edge cases",
        {
            "dir with space/café.py": "def f(c):\n    return eval(c)\n",
            "crlf.py": b"import os\r\n\r\n\r\ndef g(c):\r\n    os.system(c)\r\n",
            "nonl.py": b"def h(c):\n    exec(c)",
        },
    )
    code, out, _ = run_cli(
        ["review", "--repo", str(builder.path), "--base", "main", "--head", "feature",
         "--format", "json"]
    )  # fmt: skip
    assert code == 0
    found = sorted(
        (f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"] if f["path"]
    )
    assert found == [
        ("crlf.py", 5, "python/os-command-injection"),
        ("dir with space/café.py", 2, "python/code-injection"),
        ("nonl.py", 2, "python/code-injection"),
    ]
