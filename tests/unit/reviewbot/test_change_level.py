"""Change-level heuristics: each fires on its positive case and stays silent otherwise."""

from __future__ import annotations

from reviewbot.analyzers.change_level import ChangeLevelAnalyzer, new_dependencies
from reviewbot.review.change import Change
from reviewbot.review.diff_parser import parse_diff
from tests.unit.reviewbot.helpers import change_with


def rules(change: Change, large: int = 1000) -> list[str]:
    return sorted(f.rule for f in ChangeLevelAnalyzer(large).analyze(change))


def test_large_change() -> None:
    body = "".join(f"x{i} = {i}\n" for i in range(30))
    change = change_with({"a.py": body, "tests/test_a.py": "def test(): pass\n"})
    assert "change/large-change" in rules(change, large=20)
    assert "change/large-change" not in rules(change, large=100)


def test_source_without_test_change() -> None:
    assert rules(change_with({"app/core.py": "x = 1\n"})) == ["change/no-test-change"]
    assert rules(change_with({"app/core.py": "x = 1\n", "tests/test_core.py": "x = 2\n"})) == []
    assert rules(change_with({"README.md": "hello\n"})) == []


def test_ci_deploy_auth_and_migration_files() -> None:
    change = change_with(
        {
            ".github/workflows/ci.yml": "on: push\n",
            "deploy/appspec.yml": "version: 0.0\n",
            "app/auth/login.py": "x = 1\n",
            "alembic/versions/0002_add.py": "x = 1\n",
            "tests/test_login.py": "x = 1\n",
        }
    )
    found = {f.rule: f.message for f in ChangeLevelAnalyzer().analyze(change)}
    assert set(found) == {
        "change/ci-deploy-change",
        "change/auth-sensitive-change",
        "change/migration",
    }
    assert ".github/workflows/ci.yml" in found["change/ci-deploy-change"]
    assert "app/auth/login.py" in found["change/auth-sensitive-change"]
    assert "tests/test_login.py" not in found["change/auth-sensitive-change"]


def test_author_names_are_not_auth() -> None:
    change = change_with(
        {"docs/authors.md": "x\n", "app/tokenizer.py": "x = 1\n", "tests/t.py": ""}
    )
    assert "change/auth-sensitive-change" not in rules(change)


def _modified(path: str, removed: list[str], added: list[str], content: str) -> Change:
    body = "".join(f"-{r}\n" for r in removed) + "".join(f"+{a}\n" for a in added)
    text = (
        f"diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n"
        f"@@ -1,{len(removed)} +1,{len(added)} @@\n{body}"
    )
    return Change(diff=parse_diff(text), contents={path: content}, complete={path})


def test_new_dependencies_in_requirements_ignore_version_bumps() -> None:
    change = _modified(
        "requirements.txt",
        ["requests==2.30", "flask>=2"],
        ["requests==2.32", "flask>=2", "Left_Pad[extra]>=1.0  # new", "-r base.txt"],
        "",
    )
    assert [(d.name, d.line) for d in new_dependencies(change)] == [("left-pad", 3)]
    [finding] = [
        f for f in ChangeLevelAnalyzer().analyze(change) if f.rule == "change/new-dependency"
    ]
    assert "left-pad" in finding.message and str(finding.category) == "dependencies"


def test_new_dependencies_in_pyproject() -> None:
    content = (
        '[project]\nname = "x"\ndependencies = [\n    "click>=8",\n    "httpx>=0.27",\n]\n'
        '[tool.other]\nwords = ["notadep"]\n'
    )
    change = change_with({"pyproject.toml": content})
    assert [d.name for d in new_dependencies(change)] == ["click", "httpx"]


def test_no_dependency_change_no_finding() -> None:
    change = _modified("requirements.txt", ["requests==2.30"], ["requests==2.32"], "")
    assert new_dependencies(change) == []
