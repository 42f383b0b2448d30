"""`reviewbot model train --repo PATH`: mine a repository's own history (SZZ) and train
on it in one step.

The mined rows are kept next to the model (`DIR/mined.csv`, the shared JIT schema), so
the training data is named and hashed in the metadata like any other training file and
can be inspected or re-used with `--data`.
"""

from __future__ import annotations

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


def train_on_history(
    repo: str,
    out: str | Path,
    since: str | None = None,
    *,
    cache_dir: str | None = None,
    progress: bool | None = None,
    min_commits: int = MIN_COMMITS,
    min_bugs: int = MIN_BUG_INDUCING,
    on_mined: Callable[[MineResult], None] | None = None,
) -> OwnHistoryResult:
    """Mine `repo` (rows from `since` on, history before it still feeding the metrics)
    into DIR/mined.csv, then train on those rows into DIR. `on_mined` hears the mining
    counts before training starts (so they are said even when training refuses).
    Too little history raises `train.TooLittleHistory`; DIR/mined.csv is kept."""
    from reviewbot.model.training.train import train

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = out / MINED_CSV
    mined = mine(repo, data, since, cache_dir=cache_dir, progress=progress)
    if on_mined:
        on_mined(mined)
    metadata = train([data], out, progress=progress, min_commits=min_commits, min_bugs=min_bugs)
    return OwnHistoryResult(mined=mined, metadata=metadata)
