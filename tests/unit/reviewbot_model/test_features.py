"""Every Kamei metric on a hand-built repository (first commit, rename, merge, branches),
with the expected values worked out by hand from the commit times below."""

from __future__ import annotations

import math

import pytest

from reviewbot.model.features import Change, FileChange, HistoryState, is_fix
from reviewbot.model.training.mine import mine

T0 = 1_600_000_000
DAY = 86_400
YEAR = 365.25 * DAY
TEN = "".join(f"line {i}\n" for i in range(1, 11))


def _h(*weights: float) -> float:
    total = sum(weights)
    return -sum(w / total * math.log2(w / total) for w in weights)


@pytest.fixture(scope="module")
def history_repo(repo_class, tmp_path_factory):
    r = repo_class(tmp_path_factory.mktemp("history") / "repo")
    shas = {}
    r.write("a/x.py", TEN)
    r.write("README", "hello\nworld\n")
    shas["c1"] = r.commit("Initial import", T0, "alice")
    r.write("a/x.py", TEN.replace("line 5\n", "line five\n"))
    r.write("a/sub/y.py", "y1\ny2\ny3\ny4\n")
    shas["c2"] = r.commit("Fix crash in x (#12)", T0 + 2 * DAY, "bob")
    (r.path / "b").mkdir()
    r.git("mv", "a/x.py", "b/x.py")
    r.write("b/x.py", TEN.replace("line 5\n", "line five\n") + "line 11\n")
    shas["c3"] = r.commit("Move x to b", T0 + YEAR, "alice")
    r.git("checkout", "-q", "-b", "side")
    r.write("README", "hello\nworld\nusage\n")
    shas["s1"] = r.commit("Document usage", T0 + YEAR + DAY, "carol")
    r.git("checkout", "-q", "main")
    r.write("b/x.py", TEN.replace("line 5\n", "line five\n") + "line 11\nline 12\nline 13\n")
    shas["c4"] = r.commit("Extend x", T0 + YEAR + DAY + 3600, "alice")
    r.git("merge", "-q", "--no-ff", "-m", "Merge side", "side", when=T0 + YEAR + 2 * DAY)
    shas["merge"] = r.git("rev-parse", "HEAD")
    r.write("README", "Hello\nworld\nusage\n")
    with (r.path / "b/x.py").open("a") as handle:
        handle.write("line 14\n")
    shas["c5"] = r.commit("Tidy readme", T0 + YEAR + 3 * DAY, "dave")
    r.write("a/sub/y.py", "y1\ny2\ny3\ny4\ny5\n")
    shas["c6"] = r.commit("Improve y", T0 + YEAR + 4 * DAY, "alice")
    return r, shas


@pytest.fixture(scope="module")
def mined(history_repo, tmp_path_factory):
    import pandas as pd

    repo, shas = history_repo
    tmp_path = tmp_path_factory.mktemp("mined")
    out = tmp_path / "mined.csv"
    mine(str(repo.path), out, cache_dir=str(tmp_path / "cache"), progress=False)
    frame = pd.read_csv(out, index_col=0)
    return {
        name: frame[frame["_id"] == sha].iloc[0].to_dict()
        for name, sha in shas.items()
        if (frame["_id"] == sha).any()
    }, frame


EXPECTED = {
    # first commit: no history at all
    "c1": dict(
        ns=2,
        nd=2,
        nf=2,
        entrophy=_h(10, 2),
        la=12,
        ld=0,
        lt=0,
        fix=0,
        ndev=0,
        age=0.0,
        nuc=0,
        exp=0,
        rexp=0.0,
        sexp=0,
    ),
    # one changed line (1+1) in a/x.py, a new 4-line file in a/sub: one subsystem, two dirs
    "c2": dict(
        ns=1,
        nd=2,
        nf=2,
        entrophy=_h(2, 4),
        la=5,
        ld=1,
        lt=10,
        fix=1,
        ndev=1,
        age=2.0,
        nuc=1,
        exp=0,
        rexp=0.0,
        sexp=0,
    ),
    # rename a/x.py -> b/x.py keeps its history: 10 lines, alice+bob, 2 changes, last 2 days
    # after T0; alice's one earlier commit is exactly a year old -> weight 1/2
    "c3": dict(
        ns=1,
        nd=1,
        nf=1,
        entrophy=0.0,
        la=1,
        ld=0,
        lt=10,
        fix=0,
        ndev=2,
        age=(YEAR - 2 * DAY) / DAY,
        nuc=2,
        exp=1,
        rexp=0.5,
        sexp=0,
    ),
    "s1": dict(
        ns=1,
        nd=1,
        nf=1,
        entrophy=0.0,
        la=1,
        ld=0,
        lt=2,
        fix=0,
        ndev=1,
        age=(YEAR + DAY) / DAY,
        nuc=1,
        exp=0,
        rexp=0.0,
        sexp=0,
    ),
    "c4": dict(
        ns=1,
        nd=1,
        nf=1,
        entrophy=0.0,
        la=2,
        ld=0,
        lt=11,
        fix=0,
        ndev=2,
        age=(DAY + 3600) / DAY,
        nuc=3,
        exp=2,
        rexp=1 / (1 + (YEAR + DAY + 3600) / YEAR) + 1 / (1 + (DAY + 3600) / YEAR),
        sexp=1,
    ),
    # after the merge: README (alice, carol; C1, S1; last S1) and b/x.py (alice, bob;
    # C1..C4; last C4): nuc is the union {C1, C2, C3, C4, S1}; the merge itself adds nothing
    "c5": dict(
        ns=2,
        nd=2,
        nf=2,
        entrophy=_h(2, 1),
        la=2,
        ld=1,
        lt=3 + 13,
        fix=0,
        ndev=3,
        age=(2 * DAY + (2 * DAY - 3600)) / 2 / DAY,
        nuc=5,
        exp=0,
        rexp=0.0,
        sexp=0,
    ),
    # alice's earlier commits: C1 (subsystem a), C3 and C4 (subsystem b) -> sexp 1
    "c6": dict(
        ns=1,
        nd=1,
        nf=1,
        entrophy=0.0,
        la=1,
        ld=0,
        lt=4,
        fix=0,
        ndev=1,
        age=(YEAR + 2 * DAY) / DAY,
        nuc=1,
        exp=3,
        rexp=1 / (1 + (YEAR + 4 * DAY) / YEAR)
        + 1 / (1 + 4 * DAY / YEAR)
        + 1 / (1 + (3 * DAY - 3600) / YEAR),
        sexp=1,
    ),
}


@pytest.mark.parametrize("commit", sorted(EXPECTED))
def test_metrics_on_a_hand_built_repository(mined, commit: str) -> None:
    rows, _ = mined
    got = rows[commit]
    for metric, value in EXPECTED[commit].items():
        assert got[metric] == pytest.approx(value, rel=1e-9, abs=1e-9), (commit, metric)


def test_merge_commits_get_no_row_and_every_other_commit_does(mined) -> None:
    rows, frame = mined
    assert "merge" not in rows
    assert len(frame) == 7
    assert list(frame.columns) == [
        "_id",
        "date",
        "bug",
        "__",
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
    ]
    assert rows["c4"]["date"] == T0 + YEAR + DAY + 3600


def test_history_state_never_sees_later_changes() -> None:
    state = HistoryState()
    first = Change("a", T0, "add", (FileChange("f.py", added=5),))
    later = Change("b", T0 + DAY, "edit", (FileChange("f.py", added=1, deleted=1),))
    before = state.metrics(later)
    assert (before["lt"], before["ndev"], before["nuc"]) == (0, 0, 0)
    state.apply(first)
    after = state.metrics(later)
    assert (after["lt"], after["ndev"], after["nuc"], after["age"]) == (5, 1, 1, 1.0)


def test_binary_and_empty_changes() -> None:
    state = HistoryState()
    metrics = state.metrics(Change("a", T0, "", (FileChange("logo.png", binary=True),)))
    assert (metrics["nf"], metrics["la"], metrics["entrophy"]) == (1, 0, 0.0)
    assert state.metrics(Change("a", T0))["nf"] == 0


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Fix crash when the cache is empty", True),
        ("Fixes #123", True),
        ("Bug: 4567\n\nChange-Id: I0123abcd", True),
        ("cmd/go: handle empty module path\n\nFixes golang/go#31234", True),
        ("Add a prefix option", False),
        ("Convert to UTF-8 and SHA-256\n\nChange-Id: Iabc123", False),
        ("prefix handling", False),
    ],
)
def test_fix_detection(message: str, expected: bool) -> None:
    assert is_fix(message) is expected
