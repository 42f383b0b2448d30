"""Own-history features: what earlier fixes and SZZ labels say about a change, computed
from the commits before it only."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reviewbot.model.features import Change, FileChange
from reviewbot.model.own_features import NEVER_DAYS, OWN_FEATURES, OwnHistoryState
from reviewbot.model.training.dataset import load_csv
from reviewbot.model.training.mine import mine

DAY = 86400
T0 = 1_600_000_000


def change(when: int, who: str, message: str, *paths: str) -> Change:
    return Change(who, T0 + when * DAY, message, tuple(FileChange(p, 3, 1) for p in paths))


def test_features_count_only_fixes_and_labels_known_before_the_change() -> None:
    # c1 (bob) writes a.py and b.py together; the fix f1 ten days later blames c1
    state = OwnHistoryState(blamed={"f1": {"c1"}})
    state.apply("c1", change(0, "bob", "Add a and b", "a.py", "b.py"))
    before_fix = change(5, "bob", "More", "a.py")
    assert state.features(before_fix) == {
        "file_fixes": 0.0,
        "file_fix_recency": 0.0,
        "days_since_fix": NEVER_DAYS,
        "file_bug_inducing": 0.0,
        "author_bug_rate": 0.0,  # c1 is bug-inducing, but no fix has said so yet
        "cochange_buggy": 0.0,
    }
    state.apply("f1", change(10, "carol", "Fix crash in b", "b.py"))
    later = state.features(change(20, "bob", "Touch a", "a.py"))
    assert later["file_fixes"] == 0  # a.py itself was never fixed ...
    assert later["cochange_buggy"] == 1  # ... but b.py, which changes with it, was
    assert later["file_bug_inducing"] == 1  # c1 touched a.py and is now known buggy
    assert later["author_bug_rate"] == 1.0  # bob's only earlier commit
    on_b = state.features(change(20, "dave", "Touch b", "b.py"))
    assert on_b["file_fixes"] == 1 and on_b["days_since_fix"] == pytest.approx(10.0)
    assert on_b["file_fix_recency"] == pytest.approx(1 / (10 / 365.25 + 1))
    assert on_b["author_bug_rate"] == 0.0 and on_b["cochange_buggy"] == 0  # own file excluded
    # a fix older than RECENT_DAYS no longer makes its co-changed files "recently buggy"
    assert state.features(change(200, "bob", "Touch a", "a.py"))["cochange_buggy"] == 0


def test_no_leakage_on_a_real_history(flask_slice: Path, tmp_path: Path) -> None:
    """The features of a commit are the same whether or not the history after it exists:
    mine the slice, then a clone truncated 80 first-parent commits earlier."""
    full = tmp_path / "full.csv"
    mine(str(flask_slice), full, cache_dir=str(tmp_path / "c1"), own=True)
    early = tmp_path / "early"
    subprocess.run(["git", "clone", "-q", str(flask_slice), str(early)], check=True)
    subprocess.run(["git", "-C", str(early), "checkout", "-q", "--detach", "HEAD~80"], check=True)
    part = tmp_path / "part.csv"
    mine(str(early), part, cache_dir=str(tmp_path / "c2"), own=True)
    a, b = load_csv(full).set_index("_id"), load_csv(part).set_index("_id")
    assert list(OWN_FEATURES) == [c for c in a.columns if c in OWN_FEATURES]
    common = b.index.intersection(a.index)
    assert len(common) == len(b) and len(a) > len(b) + 50
    # the labels differ (later fixes blame earlier commits) ...
    assert (a.loc[common, "bug"] != b.loc[common, "bug"]).any()
    # ... but no feature of an earlier commit may see them
    for name in OWN_FEATURES:
        assert (a.loc[common, name] - b.loc[common, name]).abs().max() < 1e-9, name
    # and the features are not constant: there is something to learn from
    assert a["file_fixes"].nunique() > 5 and a["author_bug_rate"].max() > 0
