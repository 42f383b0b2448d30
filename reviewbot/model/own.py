"""Which defect model scores a repository's changes, and when its own model is retrained.

A repository's own model (trained on its own history) beats the shipped one, so it is
the default wherever one exists. The model directory for a review is, first match wins:

1. ``--model DIR`` / ``$REVIEWBOT_MODEL`` (an explicit choice by whoever runs the bot);
2. ``model = "DIR"`` in the repository's config (a model the team committed);
3. the repository's model cache, ``<git dir>/reviewbot-cache/model``: written by
   ``reviewbot model train --repo PATH`` without ``--out`` and by ``reviewbot model
   retrain-due`` (the service's clones live under its data dir, keyed by host and
   repository, so the service keeps one cached model per repository);
4. the shipped model (``models/default``).

The decision when to retrain (`retrain_due`) is pure so that it can be tested without
git; `reviewbot.model.training.retrain` does the git and training work. Nothing here
imports scikit-learn.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE = "reviewbot-cache"
MODEL = "model"
STATE = "retrain-state.json"

SHIPPED = "shipped fallback model"


def git_dir(repo: str | Path) -> Path | None:
    """The repository's common git directory (where its caches live), or None."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(done.stdout.strip())


def cache_root(repo: str | Path) -> Path | None:
    found = git_dir(repo)
    return found / CACHE if found else None


def cached_model_dir(repo: str | Path) -> Path | None:
    """The repository's own cached model directory, if one has been trained."""
    root = cache_root(repo)
    if root is None:
        return None
    candidate = root / MODEL
    return candidate if (candidate / "metadata.json").is_file() else None


@dataclass(frozen=True)
class ModelChoice:
    directory: Path | None  # None: the shipped model
    origin: str  # "explicit" | "config" | "cache" | "shipped"


def choose_model(
    repo: str | Path, explicit: str | None = None, configured: str | None = None
) -> ModelChoice:
    """The model directory for reviews of `repo` (see the module docstring)."""
    if explicit:
        return ModelChoice(Path(explicit), "explicit")
    if configured:
        return ModelChoice(Path(repo) / configured, "config")
    cached = cached_model_dir(repo)
    if cached is not None:
        return ModelChoice(cached, "cache")
    return ModelChoice(None, "shipped")


def describe_source(metadata: Mapping[str, Any], shipped: bool) -> str:
    """In plain words, what the model scoring a change was trained on."""
    if shipped:
        return SHIPPED
    source = metadata.get("source") or {}
    date = str(metadata.get("trained_at", ""))[:10]
    if source.get("kind") == "repository":
        return (
            f"trained on this repository's history, {int(source.get('commits', 0)):,} "
            f"commits, {date}"
        )
    files = ", ".join(str(d.get("file")) for d in metadata.get("training_data", []))
    return f"trained on {files or 'unnamed data'}, {date}"


# -- retraining -------------------------------------------------------------------------


@dataclass(frozen=True)
class RetrainPolicy:
    """Retrain when the model is at least `interval` old AND the branch has gained at
    least `min_new_commits` since it was trained (both: a quiet repository is not
    retrained for nothing, a busy one not more often than the interval). A repository
    that was refused for too little history is tried again only after as many new
    commits."""

    interval: dt.timedelta = dt.timedelta(days=7)
    min_new_commits: int = 50


@dataclass(frozen=True)
class RetrainState:
    """What the cache says about a repository's last training."""

    trained_at: dt.datetime | None = None  # the current model's training time
    trained_head: str | None = None  # the commit its history ended at
    refused_head: str | None = None  # the head of the last attempt refused (too little)


@dataclass(frozen=True)
class Decision:
    due: bool
    reason: str


def retrain_due(
    state: RetrainState,
    now: dt.datetime,
    new_commits: int | None,
    policy: RetrainPolicy,
) -> Decision:
    """Whether to (re)train now. `new_commits`: commits on the branch since the head the
    model (or the last refused attempt) was made from; None when that head is gone
    (history rewritten), which counts as due."""
    if state.trained_at is None:
        if state.refused_head is None:
            return Decision(True, "no model of its own yet")
        if new_commits is None:
            return Decision(True, "history changed since the last refused attempt")
        if new_commits >= policy.min_new_commits:
            return Decision(True, f"{new_commits} new commits since the last refused attempt")
        return Decision(
            False,
            f"last attempt had too little history; {new_commits} new commits since "
            f"(retries at {policy.min_new_commits})",
        )
    age = now - state.trained_at
    if new_commits is None:
        return Decision(True, "the commit the model was trained at is no longer in history")
    if age < policy.interval:
        return Decision(
            False,
            f"model is {_days(age)} old (retrains after {_days(policy.interval)})",
        )
    if new_commits < policy.min_new_commits:
        return Decision(
            False,
            f"only {new_commits} new commits since the model (needs {policy.min_new_commits})",
        )
    return Decision(True, f"model is {_days(age)} old and {new_commits} commits behind")


def _days(delta: dt.timedelta) -> str:
    return f"{delta.total_seconds() / 86400:.1f} days"


def parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def read_state(root: Path) -> RetrainState:
    """The retrain state of a repository cache root (`<git dir>/reviewbot-cache`)."""
    trained_at = trained_head = refused = None
    meta = root / MODEL / "metadata.json"
    if meta.is_file():
        try:
            metadata = json.loads(meta.read_text(encoding="utf-8"))
            trained_at = parse_time(metadata.get("trained_at"))
            trained_head = (metadata.get("source") or {}).get("head")
        except (OSError, ValueError):
            trained_at = None  # unreadable: train a fresh one
    state_file = root / STATE
    if state_file.is_file():
        try:
            refused = json.loads(state_file.read_text(encoding="utf-8")).get("refused_head")
        except (OSError, ValueError):
            refused = None
    return RetrainState(trained_at, trained_head, None if trained_at else refused)
