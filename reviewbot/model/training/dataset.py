"""Datasets in the shared JIT schema: `_id`, `date`, `bug` and the 14 metrics.

Any CSV with those columns works: extra columns are ignored (a first unnamed index
column, `__`, anything else). Other published datasets' names are read as ours (see
`COLUMN_ALIASES`: ApacheJIT's `buggy`, `author_date`, `ent`, `aexp`/`arexp`/`asexp`;
Commit Guru's `contains_bug`, `fixes`, `author_date_unix_timestamp`), `True`/`False`
labels count as 1/0, a date given as text is parsed, and a missing `lt` (ApacheJIT has
none) is filled with 0 and said so in a warning.
"""

from __future__ import annotations

import hashlib
import logging
import math
from pathlib import Path
from typing import Any

from reviewbot.model.features import ALIASES, FEATURES
from reviewbot.model.own_features import OWN_FEATURES

REQUIRED = ("date", "bug", *FEATURES)

# Other published datasets' column names -> ours; an alias is used only when our own name
# is absent (the first alias present wins, in this order).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "_id": ("commit_id", "commit_hash"),
    "date": ("author_date_unix_timestamp", "author_date"),
    "bug": ("buggy", "contains_bug"),
    "entrophy": ("entropy", "ent"),
    "exp": ("aexp",),
    "rexp": ("arexp",),
    "sexp": ("asexp",),
    "fix": ("fixes",),
}
# `fixes` (Commit Guru) lists the commits a change fixes: any entry makes it a fix.
_NO_FIXES = {"", "[]", "nan", "none", "false", "0"}
_LOG = logging.getLogger(__name__)


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
    frame = _adopt_aliases(frame.rename(columns=ALIASES), path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DatasetError(
            f"{path}: missing column(s) {', '.join(missing)}; expected the "
            f"shared JIT schema ({', '.join(('_id', *REQUIRED))})"
        )
    if "_id" not in frame.columns:
        frame["_id"] = [f"{path.stem}:{i}" for i in range(len(frame))]
    own = [c for c in OWN_FEATURES if c in frame.columns]  # mined with own-history features
    frame = frame[["_id", *REQUIRED, *own]].copy()
    for column in (*REQUIRED, *own):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    bad = frame[[*REQUIRED, *own]].isna().any(axis=1)
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


def _as_01(column: Any) -> Any:
    """`True`/`False` (as Commit Guru and ApacheJIT write labels) -> 1/0; numbers stay."""
    words = {"true": 1, "false": 0}
    return column.map(lambda v: words.get(v.strip().lower(), v) if isinstance(v, str) else v)


def _adopt_aliases(frame: Any, path: Path) -> Any:
    import pandas as pd

    for ours, theirs in COLUMN_ALIASES.items():
        if ours in frame.columns:
            continue
        source = next((name for name in theirs if name in frame.columns), None)
        if source is None:
            continue
        column = frame[source]
        if source == "fixes":
            column = column.map(lambda v: int(str(v).strip().lower() not in _NO_FIXES))
        frame[ours] = column
    for name in ("bug", "fix"):
        if name in frame.columns:
            frame[name] = _as_01(frame[name])
    if "date" in frame.columns and pd.to_numeric(frame["date"], errors="coerce").isna().any():
        parsed = pd.to_datetime(frame["date"], utc=True, errors="coerce", format="mixed")
        frame["date"] = (parsed - pd.Timestamp(0, tz="UTC")).dt.total_seconds()
    if "lt" not in frame.columns and all(c in frame.columns for c in REQUIRED if c != "lt"):
        frame["lt"] = 0
        _LOG.warning(
            "%s: no `lt` column (lines in the changed files before the change); filled "
            "with 0, so a model trained on it learns nothing from lt",
            path,
        )
    return frame


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


def own_columns(frame: Any) -> list[str]:
    """The own-history features a frame carries, in their canonical order."""
    return [c for c in OWN_FEATURES if c in frame.columns]


def matrix(frame: Any) -> Any:
    """The 14 metrics, then any own-history features the frame carries (a model trained
    on them records which in its metadata, `own_features`)."""
    return frame[[*FEATURES, *own_columns(frame)]].to_numpy(dtype=float)
