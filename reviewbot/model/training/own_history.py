"""`reviewbot model train --repo PATH`: mine a repository's own history (SZZ) and train
on it in one step.

The mined rows are kept next to the model (`DIR/mined.csv`, the shared JIT schema), so
the training data is named and hashed in the metadata like any other training file and
can be inspected or re-used with `--data`. Without `--out` the model goes to the
repository's model cache (`reviewbot.model.own`), which reviews of that repository then
use by default; that directory is replaced atomically (trained beside it, then renamed),
so a review running meanwhile reads either the old model or the new one, never half.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewbot.model.training.mine import MineResult, mine
from reviewbot.model.training.train import MIN_BUG_INDUCING, MIN_COMMITS

MINED_CSV = "mined.csv"


@dataclass
class OwnHistoryResult:
    mined: MineResult
    metadata: dict[str, Any]
    out: Path


def default_out(repo: str) -> Path:
    """The repository's model cache directory (see `reviewbot.model.own`)."""
    from reviewbot.model.history import HistoryError
    from reviewbot.model.own import MODEL, cache_root

    root = cache_root(repo)
    if root is None:
        raise HistoryError(f"{repo} is not a git repository")
    return root / MODEL


def train_on_history(
    repo: str,
    out: str | Path | None = None,
    since: str | None = None,
    *,
    rev: str = "HEAD",
    cache_dir: str | None = None,
    progress: bool | None = None,
    min_commits: int = MIN_COMMITS,
    min_bugs: int = MIN_BUG_INDUCING,
    on_mined: Callable[[MineResult], None] | None = None,
) -> OwnHistoryResult:
    """Mine `repo` at `rev` (rows from `since` on, history before it still feeding the
    metrics) into DIR/mined.csv, then train on those rows into DIR (default: the
    repository's model cache, swapped in atomically). `on_mined` hears the mining counts
    before training starts (so they are said even when training refuses). Too little
    history raises `train.TooLittleHistory`; an explicit DIR keeps its mined.csv."""
    from reviewbot.model.training.train import train

    swap = out is None
    target = default_out(repo) if out is None else Path(out)
    work = target.with_name(f".{target.name}.new") if swap else target
    if swap and work.exists():
        shutil.rmtree(work)  # left over from an interrupted run
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = work / MINED_CSV
        mined = mine(
            repo, data, since, cache_dir=cache_dir, progress=progress, rev=rev, own=True
        )
        if on_mined:
            on_mined(mined)
        metadata = train(
            [data],
            work,
            progress=progress,
            min_commits=min_commits,
            min_bugs=min_bugs,
            calibrate=True,
            source={
                "kind": "repository",
                "head": mined.head,
                "commits": mined.rows,
                "bug_inducing": mined.bugs,
                "since": since,
            },
        )
    except BaseException:
        if swap:
            shutil.rmtree(work, ignore_errors=True)
        raise
    if swap:
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    return OwnHistoryResult(mined=mined, metadata=metadata, out=target)
