"""Features only a repository's own history gives (the shared CSVs cannot): where and by
whom bugs were fixed and found before a change.

Pure, like `features.HistoryState`: `OwnHistoryState` is fed earlier commits oldest first
(`apply`) and computes a new change's features (`features`) from them alone. A commit's
SZZ label (bug-inducing) is *known* only from the moment the fix that blames it has been
applied: a commit at time t never sees fixes made after t, so nothing from the future
leaks in (tests/unit/reviewbot_model/test_own_features.py checks this on a real history
by computing the features on a truncated clone). All features are >= 0.

- file_fixes: distinct earlier bug-fixing commits (`features.is_fix`) that touched any of
  the change's files;
- file_fix_recency: the same fixes, each weighted 1 / (its age in years + 1);
- days_since_fix: days since the most recent fix to any of the files (NEVER_DAYS when
  none was ever fixed);
- file_bug_inducing: distinct earlier commits to the files already known bug-inducing;
- author_bug_rate: of the author's last AUTHOR_WINDOW commits, the share already known
  bug-inducing (0 for a first commit);
- cochange_buggy: files that changed together with the change's files before (in commits
  of at most COCHANGE_MAX_FILES files) and were touched by a fix in the last
  RECENT_DAYS days, the change's own files excluded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reviewbot.model.features import SECONDS_PER_DAY, SECONDS_PER_YEAR, Change, is_fix

OWN_FEATURES: tuple[str, ...] = (
    "file_fixes",
    "file_fix_recency",
    "days_since_fix",
    "file_bug_inducing",
    "author_bug_rate",
    "cochange_buggy",
)
NEVER_DAYS = 3650.0
AUTHOR_WINDOW = 20
RECENT_DAYS = 90.0
COCHANGE_MAX_FILES = 20  # bigger commits (refactors, formatting) say little about coupling


@dataclass
class _File:
    fixes: list[tuple[int, int]] = field(default_factory=list)  # (fix index, timestamp)
    commits: set[str] = field(default_factory=set)  # shas of earlier commits to the file
    partners: set[str] = field(default_factory=set)


class OwnHistoryState:
    """Apply commits oldest first; `blamed` maps a fixing commit's sha to the commits
    SZZ blames for it (mine.bug_inducing / history.SzzCache)."""

    def __init__(self, blamed: Mapping[str, Iterable[str]] | None = None) -> None:
        self.blamed = blamed or {}
        self.files: dict[str, _File] = {}
        self.known_buggy: set[str] = set()
        self.author_recent: dict[str, deque[str]] = {}
        self.fix_count = 0

    def features(self, change: Change) -> dict[str, float]:
        now = change.timestamp
        paths = {f.prior_path for f in change.files} | {f.path for f in change.files}
        known = [self.files[p] for p in paths if p in self.files]
        fixes: dict[int, int] = {}
        commits: set[str] = set()
        partners: set[str] = set()
        for f in known:
            fixes.update(f.fixes)
            commits |= f.commits
            partners |= f.partners
        last_fix = max(fixes.values(), default=None)
        recent = self.author_recent.get(change.author)
        cutoff = now - RECENT_DAYS * SECONDS_PER_DAY
        buggy_partners = 0
        for p in partners - paths:
            history = self.files.get(p)
            if history and history.fixes and history.fixes[-1][1] >= cutoff:
                buggy_partners += 1
        return {
            "file_fixes": float(len(fixes)),
            "file_fix_recency": sum(
                1.0 / (max(now - t, 0) / SECONDS_PER_YEAR + 1.0) for t in fixes.values()
            ),
            "days_since_fix": NEVER_DAYS
            if last_fix is None
            else min(max(now - last_fix, 0) / SECONDS_PER_DAY, NEVER_DAYS),
            "file_bug_inducing": float(len(commits & self.known_buggy)),
            "author_bug_rate": (
                sum(1 for sha in recent if sha in self.known_buggy) / len(recent) if recent else 0.0
            ),
            "cochange_buggy": float(buggy_partners),
        }

    def apply(self, sha: str, change: Change) -> None:
        fix = is_fix(change.message)
        if fix:
            self.fix_count += 1
            # from now on the commits this fix blames are known to have induced a bug
            self.known_buggy.update(self.blamed.get(sha, ()))
        paths = []
        for f in change.files:
            history = self.files.pop(f.old_path, None) if f.old_path else None
            history = history or self.files.get(f.path) or _File()
            self.files[f.path] = history
            history.commits.add(sha)
            if fix:
                history.fixes.append((self.fix_count, change.timestamp))
            paths.append(f.path)
        if 1 < len(paths) <= COCHANGE_MAX_FILES:
            for path in paths:
                self.files[path].partners.update(p for p in paths if p != path)
        window = self.author_recent.setdefault(change.author, deque(maxlen=AUTHOR_WINDOW))
        window.append(sha)
