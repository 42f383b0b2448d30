"""Real git repositories for the fakes: a bare "hosted" repository per project and a work
clone the test commits and pushes from, with the git command line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    env.pop("GIT_DIR", None)
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


class HostedRepo:
    """`bare` plays the host's copy; `work` is a developer's clone."""

    def __init__(self, root: Path, full_name: str) -> None:
        self.full_name = full_name
        self.bare = root / "hosted" / f"{full_name}.git"
        self.work = root / "work" / full_name
        self.bare.mkdir(parents=True)
        git(self.bare, "init", "--bare", "--initial-branch=main", "-q")
        self.work.mkdir(parents=True)
        git(self.work, "init", "--initial-branch=main", "-q")
        git(self.work, "remote", "add", "origin", str(self.bare))

    @property
    def clone_url(self) -> str:
        return self.bare.as_uri()

    def commit(self, files: dict[str, str | None], message: str, branch: str = "main") -> str:
        """Write (or with None delete) files on `branch`, commit, push; return the SHA."""
        current = git(self.work, "rev-parse", "--abbrev-ref", "HEAD") if self._has_head() else ""
        if current != branch:
            if self._branch_exists(branch):
                git(self.work, "checkout", "-q", branch)
            else:
                git(self.work, "checkout", "-q", "-b", branch)
        for name, text in files.items():
            path = self.work / name
            if text is None:
                git(self.work, "rm", "-q", name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            git(self.work, "add", name)
        git(self.work, "commit", "-q", "-m", message)
        git(self.work, "push", "-q", "origin", f"{branch}:{branch}")
        return self.rev(branch)

    def rev(self, ref: str) -> str:
        return git(self.bare, "rev-parse", ref)

    def _has_head(self) -> bool:
        try:
            git(self.work, "rev-parse", "HEAD")
        except RuntimeError:
            return False
        return True

    def _branch_exists(self, branch: str) -> bool:
        try:
            git(self.work, "rev-parse", "--verify", "-q", f"refs/heads/{branch}")
        except RuntimeError:
            return False
        return True
