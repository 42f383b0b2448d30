"""`reviewbot mine`: one row per commit with the 14 metrics and an SZZ `bug` label.

1. One history pass (`history.load_history`, cached) feeds `HistoryState` oldest first:
   each non-merge commit's metrics come from the commits before it only.
2. SZZ: fixing commits are those whose message says so (`features.is_fix`). For each, the
   lines it deletes or changes (`git log -p -U0 -w`, so whitespace-only edits do not
   count; blank and comment-only lines are dropped) are blamed at the fix's first parent
   (`git blame --porcelain -w -L ...`, one process per file); the commits blamed are
   marked `bug = 1`. Blames run in a small thread pool.

Merge commits get no row and add nothing to the history (the commits they merge do).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reviewbot.model import history
from reviewbot.model.features import FEATURES, HistoryState
from reviewbot.model.own_features import OWN_FEATURES, OwnHistoryState

_CODE_HASH = (
    "#include",
    "#define",
    "#if",
    "#else",
    "#elif",
    "#endif",
    "#pragma",
    "#undef",
    "#import",
    "#error",
    "#line",
)
_COMMENT_STARTS = ("//", "/*", "*", "--", "<!--", "#")


class MineError(Exception):
    """Mining cannot proceed; the message says why."""


def is_meaningful(line: str) -> bool:
    """False for blank and comment-only lines (C-like, shell/Python, SQL, XML comments);
    a C preprocessor directive is code."""
    text = line.strip()
    if not text:
        return False
    if text.startswith(_CODE_HASH):
        return True
    return not text.startswith(_COMMENT_STARTS)


def to_ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] -> [(3, 5), (9, 9)]"""
    ranges: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    return ranges


def parse_since(text: str | None) -> int | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise MineError(
            f"--since {text!r}: use a date like 2024-01-31 or 2024-01-31T12:00:00+00:00"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def bug_inducing(
    repo: str,
    fixes: Sequence[history.Commit],
    workers: int | None = None,
    progress: bool | None = None,
    cache_dir: str | None = None,
) -> set[str]:
    """SZZ: the commits that last touched the lines the fixing commits removed or changed.
    Each fix's blamed commits are cached by its SHA, so a re-run only blames new fixes."""
    blamed = blame_fixes(repo, fixes, workers, progress, cache_dir)
    return set().union(*blamed.values()) if blamed else set()


def blame_fixes(
    repo: str,
    fixes: Sequence[history.Commit],
    workers: int | None = None,
    progress: bool | None = None,
    cache_dir: str | None = None,
) -> dict[str, set[str]]:
    """SZZ per fixing commit: its sha -> the commits blamed for the lines it changed."""
    from tqdm import tqdm

    cache = history.SzzCache(repo, cache_dir)
    done = cache.load()
    todo = [fix for fix in fixes if fix.sha not in done and fix.parents]
    removed = history.removed_lines(repo, [f.sha for f in todo]) if todo else {}
    jobs = []
    for fix in todo:
        for part in removed.get(fix.sha, []):
            ranges = to_ranges(n for n, text in part.lines if is_meaningful(text))
            if ranges:
                jobs.append((fix.sha, fix.parents[0], part.old_path, ranges))
    if jobs:
        history.write_commit_graph(repo)
    found: dict[str, set[str]] = {fix.sha: set() for fix in todo}
    workers = workers or min(4, os.cpu_count() or 1)
    with (
        ThreadPoolExecutor(max_workers=workers) as pool,
        tqdm(
            total=len(jobs),
            desc="blaming fixes",
            unit="file",
            leave=False,
            disable=None if progress is None else not progress,
        ) as bar,
    ):
        blamed = pool.map(lambda job: (job[0], history.blame(repo, *job[1:])), jobs)
        for fix_sha, shas in blamed:
            found[fix_sha] |= shas
            bar.update()
    cache.append(found)
    return {fix.sha: done.get(fix.sha, set()) | found.get(fix.sha, set()) for fix in fixes}


def own_feature_rows(
    commits: Sequence[history.Commit], blamed: dict[str, set[str]], wanted: set[str]
) -> dict[str, dict[str, float]]:
    """The own-history features of the `wanted` commits, each from the commits before it
    (and the SZZ labels of fixes before it) only; merges add nothing, as for the metrics."""
    state = OwnHistoryState(blamed)
    out: dict[str, dict[str, float]] = {}
    for commit in commits:
        if commit.is_merge:
            continue
        if commit.sha in wanted:
            out[commit.sha] = state.features(commit.change)
        state.apply(commit.sha, commit.change)
    return out


@dataclass
class MineResult:
    rows: int
    commits: int
    fixes: int
    bugs: int
    head: str = ""  # the commit whose history was mined


def mine(
    repo: str,
    out: str | Path,
    since: str | None = None,
    *,
    cache_dir: str | None = None,
    progress: bool | None = None,
    rev: str = "HEAD",
    own: bool = False,
) -> MineResult:
    """Mine `rev`'s history (HEAD by default; the service mines its clones' default
    branch, as they have no checkout) into the CSV `out`. `own`: also write the
    own-history features (`reviewbot.model.own_features`) as extra columns."""
    from tqdm import tqdm

    since_ts = parse_since(since)
    head = history.resolve(repo, rev)
    commits = history.load_history(repo, head, cache_dir=cache_dir, progress=bool(progress))
    state = HistoryState()
    rows: list[tuple[history.Commit, dict]] = []
    for commit in tqdm(
        commits,
        desc="computing metrics",
        unit="commit",
        leave=False,
        disable=None if progress is None else not progress,
    ):
        if commit.is_merge:
            continue
        values = state.metrics(commit.change)
        if since_ts is None or commit.change.timestamp >= since_ts:
            rows.append((commit, values))
        state.apply(commit.change)
    fixes = [commit for commit, values in rows if values["fix"]]
    blamed = blame_fixes(repo, fixes, progress=progress, cache_dir=cache_dir)
    inducing = set().union(*blamed.values()) if blamed else set()
    extra = own_feature_rows(commits, blamed, {c.sha for c, _ in rows}) if own else {}
    columns = list(OWN_FEATURES) if own else []
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "_id", "date", "bug", "__", *FEATURES, *columns])
        for index, (commit, values) in enumerate(rows):
            bug = int(commit.sha in inducing)
            writer.writerow(
                [
                    index,
                    commit.sha,
                    commit.change.timestamp,
                    bug,
                    bug,
                    *(values[name] for name in FEATURES),
                    *(extra[commit.sha][name] for name in columns),
                ]
            )
    tmp.replace(out)
    return MineResult(
        rows=len(rows),
        commits=len(commits),
        fixes=len(fixes),
        bugs=sum(1 for c, _ in rows if c.sha in inducing),
        head=head,
    )
