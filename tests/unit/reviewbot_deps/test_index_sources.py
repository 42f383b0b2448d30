"""Package indexes added by a change (deps/extra-index-url, deps/index-outside-registry):
which lines of which files are flagged, on the exact line, and which are left alone."""

from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from reviewbot.analyzers.dependencies.index_sources import IndexSourcesAnalyzer  # noqa: E402
from reviewbot.review.change import Change  # noqa: E402
from reviewbot.review.diff_parser import parse_diff  # noqa: E402
from tests.unit.reviewbot.helpers import change_with  # noqa: E402

REGISTRY = "https://packages.internal/team/"


def flagged(files: dict[str, str], registry: str | None = REGISTRY) -> list[tuple[str, str, int]]:
    findings = IndexSourcesAnalyzer(registry).analyze(change_with(files))
    return sorted((f.rule, f.path or "", f.line or 0) for f in findings)


def test_extra_index_url_in_requirements_is_flagged_on_its_line() -> None:
    found = flagged({"requirements.txt": """\
        flask==3.0
        --extra-index-url https://pypi.example.org/simple/
        acme-utils
        --extra-index-url=https://__token__:s3cret@packages.internal/team/simple/
        """})
    assert found == [
        ("deps/extra-index-url", "requirements.txt", 2),
        # even the team's own registry as the *extra* index: pip still merges PyPI's
        # versions with it (the classic confusion setup), so it is flagged too
        ("deps/extra-index-url", "requirements.txt", 4),
    ]


def test_credentials_never_reach_the_message() -> None:
    findings = IndexSourcesAnalyzer(REGISTRY).analyze(change_with({
        "requirements.txt": "--extra-index-url https://u:s3cret@other.example/simple/\n"
    }))  # fmt: skip
    assert len(findings) == 1
    assert "s3cret" not in findings[0].message and "other.example" in findings[0].message


def test_index_url_outside_the_registry_only() -> None:
    found = flagged({"requirements/base.txt": """\
        -i https://pypi.org/simple/
        --index-url https://packages.internal/release/simple/
        --index-url ${REGISTRY_URL}/simple/
        """, "constraints.txt": "--index-url=http://evil.example:8080/simple\n"})
    assert found == [
        ("deps/index-outside-registry", "constraints.txt", 1),
        ("deps/index-outside-registry", "requirements/base.txt", 1),
    ]


def test_no_registry_configured_only_extra_indexes() -> None:
    found = flagged(
        {"requirements.txt": "-i https://pypi.org/simple/\n--extra-index-url https://x.example/s/\n"},
        registry=None,
    )
    assert found == [("deps/extra-index-url", "requirements.txt", 2)]


def test_pip_conf_keys_and_continuation_lines() -> None:
    found = flagged({"pip.conf": """\
        [global]
        index-url = https://packages.internal/team/simple/
        extra-index-url =
            https://a.example/simple/
        timeout = 60
        [install]
        trusted-host = a.example
        """, "deploy/pip.ini": "[global]\nindex-url = https://mirror.example/simple\n"})
    assert found == [
        ("deps/extra-index-url", "pip.conf", 4),  # the line that names the index
        ("deps/index-outside-registry", "deploy/pip.ini", 2),
    ]


def test_uv_settings_in_pyproject() -> None:
    found = flagged({"pyproject.toml": """\
        [project]
        name = "svc"
        dependencies = ["acme-utils"]
        urls = {Homepage = "https://example.org/"}

        [tool.uv]
        extra-index-url = [
            "https://third.example/simple/",
        ]
        index-url = "https://pypi.org/simple"

        [[tool.uv.index]]
        name = "team"
        url = "https://packages.internal/team/simple/"
        default = true

        [[tool.uv.index]]
        name = "other"
        url = "https://other.example/simple/"
        """})
    assert found == [
        ("deps/extra-index-url", "pyproject.toml", 8),
        ("deps/extra-index-url", "pyproject.toml", 19),  # the second index; the first is ours
        ("deps/index-outside-registry", "pyproject.toml", 10),
    ]


def test_ci_files_command_lines_and_variables() -> None:
    found = flagged({
        ".github/workflows/ci.yml": """\
            steps:
              - run: pip install --extra-index-url https://x.example/simple/ -r requirements.txt
              - run: grep -i https://x.example/ README.md
              - run: git apply --index https://not-an-installer.example/p
              - run: pip install --index-url "$REGISTRY/release/simple/" app
            env:
              PIP_EXTRA_INDEX_URL: https://y.example/simple/
            """,
        ".gitlab-ci.yml": "script:\n  - uv pip install --index https://z.example/simple/ app\n",
        "docs/notes.md": "pip install --extra-index-url https://x.example/simple/ app\n",
    })  # fmt: skip
    assert found == [
        ("deps/extra-index-url", ".github/workflows/ci.yml", 2),
        ("deps/extra-index-url", ".github/workflows/ci.yml", 7),
        ("deps/extra-index-url", ".gitlab-ci.yml", 2),
    ]


def test_lines_the_change_did_not_add_are_not_flagged() -> None:
    diff = (
        "diff --git a/requirements.txt b/requirements.txt\n--- a/requirements.txt\n"
        "+++ b/requirements.txt\n@@ -1,2 +1,3 @@\n"
        " --extra-index-url https://old.example/simple/\n"
        "-flask\n"
        "+flask==3.0\n"
        "+--extra-index-url https://new.example/simple/\n"
    )
    change = Change(diff=parse_diff(diff))
    findings = IndexSourcesAnalyzer(REGISTRY).analyze(change)
    assert [(f.rule, f.line) for f in findings] == [("deps/extra-index-url", 3)]


@pytest.mark.parametrize(
    "line", ["# --extra-index-url https://x.example/simple/", "flask  # -i http://x/"]
)
def test_comments_are_not_options(line: str) -> None:
    assert flagged({"requirements.txt": line + "\n"}) == []
