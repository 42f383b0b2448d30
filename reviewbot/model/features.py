"""The 14 change metrics of Kamei et al. (TSE 2013), from a change and the history before it.

Pure: no git, no I/O. `HistoryState` is fed earlier changes oldest first (`apply`) and
computes a new change's metrics (`metrics`) from what it has seen, so nothing from the
future can leak in. Definitions (column names as in the shared data, `entrophy` sic):

- ns, nd, nf: distinct subsystems (first path component; a file at the top level is in
  subsystem "."), distinct directories (the parent path, "." at the top), files.
- entrophy: Shannon entropy (base 2) of lines added + deleted across the files; 0 when no
  line changed.
- la, ld: lines added, deleted (binary files count 0).
- lt: lines in the changed files before the change, tracked as the running sum of
  added - deleted over each file's history (renames carry it over).
- fix: 1 when the message says bug fix (keywords or an issue reference, `is_fix`).
- ndev: distinct authors of earlier changes to the files (a union over the files).
- age: mean over the files with an earlier change of the days since that change; 0 if none.
- nuc: distinct earlier changes to the files (a union over the files).
- exp: the author's earlier changes; rexp: each weighted 1 / (its age in years + 1);
  sexp: the author's earlier changes touching any of this change's subsystems.

A rename keeps the file's history (the old path's lines, authors, changes, last date).
Authors are identified by lower-cased e-mail (name when there is none).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

FEATURES: tuple[str, ...] = (
    "ns",
    "nd",
    "nf",
    "entrophy",
    "la",
    "ld",
    "lt",
    "fix",
    "ndev",
    "age",
    "nuc",
    "exp",
    "rexp",
    "sexp",
)
ALIASES = {"entropy": "entrophy"}
SECONDS_PER_DAY = 86400.0
SECONDS_PER_YEAR = 365.25 * SECONDS_PER_DAY

_FIX_WORDS = re.compile(
    r"\b(fix(e[sd])?|fixing|bugs?|bugfix|defects?|patch(ed)?|faults?|crash(es)?|"
    r"regression)\b",
    re.IGNORECASE,
)
_ISSUE_REF = re.compile(r"\b(issue|bug|ticket)\s*[:#]?\s*\d+|(^|\s)#\d+\b", re.IGNORECASE)


def is_fix(message: str) -> bool:
    """A bug-fixing change by its message: fix/bug/defect/patch/... words, or an issue
    reference (`#123`, `Bug: 4567`, `issue 89`). Footers such as Change-Id do not match."""
    return bool(_FIX_WORDS.search(message) or _ISSUE_REF.search(message))


def normalise_columns(names: list[str]) -> list[str]:
    return [ALIASES.get(name, name) for name in names]


@dataclass(frozen=True)
class FileChange:
    path: str  # path after the change
    added: int = 0
    deleted: int = 0
    old_path: str | None = None  # set when the change renamed the file
    binary: bool = False

    @property
    def prior_path(self) -> str:
        return self.old_path or self.path


@dataclass(frozen=True)
class Change:
    author: str
    timestamp: int  # Unix seconds
    message: str = ""
    files: tuple[FileChange, ...] = ()


def author_key(name: str, email: str) -> str:
    return (email or name).strip().lower()


def subsystem_of(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else "."


def directory_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else "."


@dataclass
class _FileHistory:
    lines: int = 0
    last: int | None = None
    authors: set[str] = field(default_factory=set)
    changes: set[int] = field(default_factory=set)


class _Times:
    """A growing array of timestamps (numpy, imported on first use) for rexp."""

    def __init__(self) -> None:
        import numpy as np

        self._np = np
        self.data = np.empty(16, dtype=np.float64)
        self.size = 0

    def append(self, value: float) -> None:
        if self.size == len(self.data):
            self.data = self._np.concatenate([self.data, self._np.empty_like(self.data)])
        self.data[self.size] = value
        self.size += 1

    def recency(self, now: float) -> float:
        ages = self._np.maximum(now - self.data[: self.size], 0.0) / SECONDS_PER_YEAR
        return float(self._np.sum(1.0 / (ages + 1.0)))


class HistoryState:
    """What earlier changes tell about files and authors; apply changes oldest first."""

    def __init__(self) -> None:
        self.files: dict[str, _FileHistory] = {}
        self.author_times: dict[str, _Times] = {}
        self.author_subsystems: dict[tuple[str, str], set[int]] = {}
        self.count = 0

    def metrics(self, change: Change) -> dict[str, Any]:
        files = change.files
        subsystems = {subsystem_of(f.path) for f in files}
        directories = {directory_of(f.path) for f in files}
        churn = [f.added + f.deleted for f in files]
        total = sum(churn)
        entropy = 0.0
        if total > 0:
            for lines in churn:
                if lines > 0:
                    p = lines / total
                    entropy -= p * math.log2(p)
        histories = [self.files.get(f.prior_path) for f in files]
        known = [h for h in histories if h is not None]
        authors: set[str] = set()
        changes: set[int] = set()
        for h in known:
            authors |= h.authors
            changes |= h.changes
        ages = [
            max(change.timestamp - h.last, 0) / SECONDS_PER_DAY for h in known if h.last is not None
        ]
        times = self.author_times.get(change.author)
        sexp_sets = [self.author_subsystems.get((change.author, s), set()) for s in subsystems]
        sexp = len(sexp_sets[0]) if len(sexp_sets) == 1 else len(set().union(*sexp_sets))
        return {
            "ns": len(subsystems),
            "nd": len(directories),
            "nf": len(files),
            "entrophy": entropy,
            "la": sum(f.added for f in files),
            "ld": sum(f.deleted for f in files),
            "lt": sum(max(h.lines, 0) for h in known),
            "fix": int(is_fix(change.message)),
            "ndev": len(authors),
            "age": sum(ages) / len(ages) if ages else 0.0,
            "nuc": len(changes),
            "exp": times.size if times else 0,
            "rexp": times.recency(change.timestamp) if times else 0.0,
            "sexp": sexp,
        }

    def apply(self, change: Change) -> None:
        index = self.count
        self.count += 1
        for f in change.files:
            history = self.files.pop(f.old_path, None) if f.old_path else None
            history = history or self.files.get(f.path) or _FileHistory()
            self.files[f.path] = history
            history.lines += f.added - f.deleted
            history.last = change.timestamp
            history.authors.add(change.author)
            history.changes.add(index)
        if change.author not in self.author_times:
            self.author_times[change.author] = _Times()
        self.author_times[change.author].append(float(change.timestamp))
        for s in {subsystem_of(f.path) for f in change.files}:
            self.author_subsystems.setdefault((change.author, s), set()).add(index)
