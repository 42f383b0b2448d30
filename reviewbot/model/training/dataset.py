"""Datasets in the shared JIT schema: `_id`, `date`, `bug` and the 14 metrics.

Any CSV with those columns works: extra columns are ignored (a first unnamed index
column, `__`, anything else), `entropy` is accepted for `entrophy`.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from reviewbot.model.features import ALIASES, FEATURES

REQUIRED = ("date", "bug", *FEATURES)


class DatasetError(Exception):
    """A dataset file cannot be used; the message names the file and the problem."""


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_csv(path: str | Path) -> Any:
    """One dataset as a DataFrame with `_id`, `date`, `bug`, the 14 metrics and `project`
    (the file's stem), sorted by date (stable, so equal dates keep file order)."""
    import pandas as pd

    path = Path(path)
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: not a readable CSV ({exc})") from None
    frame = frame.rename(columns=ALIASES)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DatasetError(
            f"{path}: missing column(s) {', '.join(missing)}; expected the "
            f"shared JIT schema ({', '.join(('_id', *REQUIRED))})"
        )
    if "_id" not in frame.columns:
        frame["_id"] = [f"{path.stem}:{i}" for i in range(len(frame))]
    frame = frame[["_id", *REQUIRED]].copy()
    for column in REQUIRED:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    bad = frame[list(REQUIRED)].isna().any(axis=1)
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        raise DatasetError(
            f"{path}: {int(bad.sum())} row(s) with missing or non-numeric "
            f"values (first at data row {first + 1})"
        )
    if not frame["bug"].isin([0, 1]).all():
        raise DatasetError(f"{path}: `bug` must be 0 or 1")
    if len(frame) == 0:
        raise DatasetError(f"{path}: no rows")
    frame["bug"] = frame["bug"].astype(int)
    frame["project"] = path.stem
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def time_split(frame: Any, test_fraction: float) -> tuple[Any, Any]:
    """Earliest (1 - f) of rows by date to train, the latest f to test; never shuffled.
    Rows sharing the boundary date all go to the same side (test), so no test row is
    older than, or as old as and ordered before, any training row."""
    if not 0.0 < test_fraction < 1.0:
        raise DatasetError(f"--test-fraction must be between 0 and 1, got {test_fraction}")
    ordered = frame.sort_values("date", kind="stable").reset_index(drop=True)
    cut = len(ordered) - math.ceil(len(ordered) * test_fraction)
    if cut <= 0 or cut >= len(ordered):
        raise DatasetError(f"{len(ordered)} rows are too few to split {test_fraction:.0%} off")
    boundary = ordered["date"].iloc[cut]
    cut = int((ordered["date"] < boundary).sum())
    if cut == 0:
        raise DatasetError("every row has the same date; a time split is impossible")
    return ordered.iloc[:cut].reset_index(drop=True), ordered.iloc[cut:].reset_index(drop=True)


def matrix(frame: Any) -> Any:
    return frame[list(FEATURES)].to_numpy(dtype=float)
