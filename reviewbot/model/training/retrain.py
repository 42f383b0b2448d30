"""`reviewbot model retrain-due`: (re)train each repository's own model when it is due.

The webhook service keeps one clone per repository under its data dir
(`$REVIEWBOT_CACHE_DIR/<host>/<owner>/<name>`); each clone's model cache
(`<clone>/.git/reviewbot-cache/model`) is what its pull requests are scored with
(`reviewbot.model.own`). A systemd timer (deploy/systemd/codeyard-reviewbot-retrain.*)
runs this command, so training never competes with the webhook workers for their
threads, and a crash in training cannot take the service down. `--repo PATH` does the
same for one checkout (e.g. from cron in CI).

Whether a repository is due is `own.retrain_due` (age of its model AND new commits);
a refusal for too little history is remembered (`retrain-state.json`) so the repository
is not mined again at every tick, only after enough new commits.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reviewbot.model.own import (
    STATE,
    Decision,
    RetrainPolicy,
    cache_root,
    read_state,
    retrain_due,
)
from reviewbot.model.training.train import MIN_BUG_INDUCING, MIN_COMMITS

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    repo: Path
    rev: str
    decision: Decision
    trained: str = ""  # the new model id
    refused: str = ""  # why training refused (too little history)
    error: str = ""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def branch_to_mine(repo: Path) -> str | None:
    """HEAD when it names a commit (a checkout); in the service's clones (no checkout) the
    fetched base branch: main or master when present, else the most recently updated."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") and "HEAD"
    except subprocess.CalledProcessError:
        pass
    try:
        refs = _git(
            repo, "for-each-ref", "--sort=-committerdate", "--format=%(refname)", "refs/remotes"
        ).split()
    except subprocess.CalledProcessError:
        return None
    for preferred in ("main", "master"):
        for ref in refs:
            if ref.endswith(f"/{preferred}"):
                return ref
    return refs[0] if refs else None


def new_commits(repo: Path, since: str | None, rev: str) -> int | None:
    """Commits on `rev` not reachable from `since`; None when `since` is gone."""
    if not since:
        return None
    try:
        _git(repo, "cat-file", "-e", f"{since}^{{commit}}")
        _git(repo, "merge-base", "--is-ancestor", since, rev)
    except subprocess.CalledProcessError:
        return None
    return int(_git(repo, "rev-list", "--count", f"{since}..{rev}"))


def service_clones(cache_dir: Path) -> Iterator[Path]:
    """Every repository clone under the service's data dir (a directory holding .git)."""
    for root, dirs, _ in os.walk(cache_dir):
        if ".git" in dirs:
            yield Path(root)
            dirs.clear()  # nothing to find inside a clone
        else:
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))


def retrain_one(
    repo: Path,
    policy: RetrainPolicy,
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    force: bool = False,
    min_commits: int = MIN_COMMITS,
    min_bugs: int = MIN_BUG_INDUCING,
) -> Outcome:
    from reviewbot.model.training.own_history import train_on_history
    from reviewbot.model.training.train import TooLittleHistory

    now = now or dt.datetime.now(dt.UTC)
    rev = branch_to_mine(repo)
    root = cache_root(repo)
    if rev is None or root is None:
        return Outcome(repo, "", Decision(False, "no commits to mine"))
    head = _git(repo, "rev-parse", rev)
    state = read_state(root)
    behind = new_commits(repo, state.trained_head or state.refused_head, head)
    decision = Decision(True, "forced") if force else retrain_due(state, now, behind, policy)
    outcome = Outcome(repo, rev, decision)
    if not decision.due or dry_run:
        return outcome
    root.mkdir(parents=True, exist_ok=True)
    # one training per repository at a time (a timer tick overlapping a manual run)
    with open(root / "retrain.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            outcome.error = "another retrain of this repository is running"
            return outcome
        try:
            result = train_on_history(
                str(repo), rev=head, progress=False, min_commits=min_commits, min_bugs=min_bugs
            )
        except TooLittleHistory as exc:
            outcome.refused = str(exc)
            (root / STATE).write_text(
                json.dumps({"refused_head": head, "at": now.isoformat(), "reason": str(exc)})
                + "\n",
                encoding="utf-8",
            )
            return outcome
        (root / STATE).unlink(missing_ok=True)
        outcome.trained = result.metadata["model_id"]
    return outcome
