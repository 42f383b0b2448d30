"""Fixtures for the defect-model tests: hand-built git repositories with fixed dates,
and small slices of the shared JIT data."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


class GitRepo:
    """A throwaway repository whose commits get exact author/committer times."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: float | None = None, who: str = "alice") -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(
            {
                "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": who.title(),
                "GIT_AUTHOR_EMAIL": f"{who}@example.com",
                "GIT_COMMITTER_NAME": who.title(),
                "GIT_COMMITTER_EMAIL": f"{who}@example.com",
            }
        )
        if when is not None:
            stamp = f"@{int(when)} +0000"
            env.update({"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout.strip()

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, when: float, who: str = "alice") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when, who=who)
        return self.git("rev-parse", "HEAD")


@pytest.fixture(scope="session")
def repo_class() -> type[GitRepo]:
    return GitRepo


@pytest.fixture
def make_repo(tmp_path: Path):
    def factory(name: str = "repo") -> GitRepo:
        return GitRepo(tmp_path / name)

    return factory


def jit_data_dir() -> Path | None:
    env = os.environ.get("REVIEWBOT_JIT_DATA")
    for candidate in ([Path(env)] if env else []) + [
        REPO_ROOT.parent / "shared" / "datasets" / "jit"
    ]:
        if (candidate / "jdt.csv").is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def jit_dir() -> Path:
    found = jit_data_dir()
    if found is None:
        # CI has shared/ beside the clone, so there missing data is a failure.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "shared JIT data not found: set REVIEWBOT_JIT_DATA or place it at "
            "<repo>/../shared/datasets/jit"
        )
    return found


@pytest.fixture(scope="session")
def slice_csvs(jit_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The first 1,200 rows of jdt and platform: small, fast, real."""
    import pandas as pd

    out = tmp_path_factory.mktemp("slices")
    paths = []
    for project in ("jdt", "platform"):
        frame = pd.read_csv(jit_dir / f"{project}.csv", nrows=1200)
        path = out / f"{project}.csv"
        frame.to_csv(path, index=False)
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def small_model(slice_csvs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewbot.model.training.train import train

    out = tmp_path_factory.mktemp("model") / "m"
    train(slice_csvs, out)
    return out


FLASK_SLICE_COMMITS = 300  # first-parent commits: about 350 commits, 10 s to mine and train


def flask_bundle() -> Path | None:
    env = os.environ.get("REVIEWBOT_FLASK_BUNDLE")
    for candidate in ([Path(env)] if env else []) + [
        REPO_ROOT.parent / "shared" / "repos" / "flask.bundle"
    ]:
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def flask_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the real Flask history, checked out (detached) at its 300th
    first-parent commit: a bounded slice of a real project's history."""
    bundle = flask_bundle()
    if bundle is None:
        # CI has shared/ beside the clone, so there a missing bundle is a failure.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(
            "flask history not found: set REVIEWBOT_FLASK_BUNDLE or place it at "
            "<repo>/../shared/repos/flask.bundle"
        )
    path = tmp_path_factory.mktemp("flask") / "flask"
    subprocess.run(["git", "clone", "-q", str(bundle), str(path)], check=True)
    line = subprocess.run(
        ["git", "rev-list", "--first-parent", "--reverse", "HEAD"],
        cwd=path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    target = line[FLASK_SLICE_COMMITS - 1]
    subprocess.run(["git", "checkout", "-q", "--detach", target], cwd=path, check=True)
    return path
