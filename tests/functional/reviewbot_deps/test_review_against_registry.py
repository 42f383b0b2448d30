"""`reviewbot review` (a real subprocess) against a live registry: the feature branch adds a
yanked pin, a typo of a hosted project and an internal-looking project nobody published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.functional.reviewbot_deps.live_registry import (
    YANK_REASON,
    Registry,
    clean_env,
    free_port,
    run,
    tool,
)

pytestmark = pytest.mark.functional

MAIN_REQUIREMENTS = "flask==3.0.0\n"  # not on the registry, but unchanged: not reviewed
FEATURE_REQUIREMENTS = "flask==3.0.0\nacme-utils==1.1\nacme-utilz\nacme-missing>=0.1\n"
EXPECTED = [
    ("deps/yanked-version", "requirements.txt", 2),
    ("deps/typosquat", "requirements.txt", 3),
    ("deps/dependency-confusion", "requirements.txt", 4),
]


def git(repo: Path, *args: str) -> str:
    return run(["git", "-C", str(repo), *args], env=git_env(repo)).stdout


def git_env(repo: Path) -> dict[str, str]:
    return clean_env(
        HOME=str(repo.parent),
        GIT_AUTHOR_NAME="Dev",
        GIT_AUTHOR_EMAIL="dev@example.com",
        GIT_COMMITTER_NAME="Dev",
        GIT_COMMITTER_EMAIL="dev@example.com",
    )


def make_repository(root: Path, config: str = "") -> Path:
    repo = root / "service"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "requirements.txt").write_text(MAIN_REQUIREMENTS)
    (repo / "app.py").write_text("print('hello')\n")
    if config:
        (repo / ".reviewbot.toml").write_text(config)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "service")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "requirements.txt").write_text(FEATURE_REQUIREMENTS)
    git(repo, "commit", "-q", "-am", "use acme libraries")
    return repo


def review(repo: Path, **env: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    proc = run(
        [tool("reviewbot"), "review", "--repo", str(repo), "--base", "main", "--head", "feature",
         "--format", "json", "--no-model"],
        env=clean_env(**env),
    )  # fmt: skip
    return json.loads(proc.stdout), proc.stdout + proc.stderr


def deps_findings(report: dict) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return [
        (f["rule"], f["path"], f["line"])
        for f in report["findings"]
        if f["rule"].startswith("deps/")
    ]


def test_findings_from_the_live_registry(registry: Registry, tmp_path: Path) -> None:
    repo = make_repository(tmp_path)
    report, output = review(
        repo, REVIEWBOT_REGISTRY_URL=registry.url, REVIEWBOT_REGISTRY_TOKEN=registry.read_token
    )
    assert deps_findings(report) == EXPECTED
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert all(by_rule[rule]["category"] == "dependencies" for rule, _, _ in EXPECTED)
    assert YANK_REASON in by_rule["deps/yanked-version"]["message"]
    assert "Pin 1.0 instead" in by_rule["deps/yanked-version"]["message"]
    assert "did you mean acme-utils?" in by_rule["deps/typosquat"]["message"]
    assert report["summary"]["notes"] == []
    assert registry.read_token not in output


def test_registry_url_from_the_repository_config(registry: Registry, tmp_path: Path) -> None:
    repo = make_repository(tmp_path, config=f'registry-url = "{registry.url}"\n')
    report, _ = review(repo, REVIEWBOT_REGISTRY_TOKEN=registry.read_token)
    assert deps_findings(report) == EXPECTED


def test_refused_token_is_a_note_not_a_failure(registry: Registry, tmp_path: Path) -> None:
    repo = make_repository(tmp_path)
    wrong = "cyr_not_a_real_token_0123456789"
    report, output = review(
        repo, REVIEWBOT_REGISTRY_URL=registry.url, REVIEWBOT_REGISTRY_TOKEN=wrong
    )
    assert deps_findings(report) == []
    assert report["summary"]["notes"] == [
        f"dependency check against the registry skipped: {registry.url} answered HTTP 401: "
        "REVIEWBOT_REGISTRY_TOKEN was refused; give it read access or renew it"
    ]
    assert wrong not in output


def test_unreachable_registry_from_the_environment_wins_over_config(
    registry: Registry, tmp_path: Path
) -> None:
    repo = make_repository(tmp_path, config=f'registry-url = "{registry.url}"\n')
    down = f"http://127.0.0.1:{free_port()}/team/"
    report, _ = review(
        repo, REVIEWBOT_REGISTRY_URL=down, REVIEWBOT_REGISTRY_TOKEN=registry.read_token
    )
    assert deps_findings(report) == []
    assert report["summary"]["notes"] == [
        f"dependency check against the registry skipped: cannot reach {down}: ConnectionError"
    ]


def test_no_registry_configured_no_dependency_check(tmp_path: Path) -> None:
    report, _ = review(make_repository(tmp_path))
    assert deps_findings(report) == []
    assert report["summary"]["notes"] == []
    assert any(f["rule"] == "change/new-dependency" for f in report["findings"])
