"""SZZ on a repository with a planted bug and its fix; the history cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewbot.model import history
from reviewbot.model.training.mine import MineError, is_meaningful, mine, parse_since, to_ranges

T0 = 1_600_000_000
DAY = 86_400

BASE = """def price(x):
    # base price
    total = x * 2
    return total


def tax(x):
    return x * 0.2
"""


@pytest.fixture
def planted(make_repo):
    r = make_repo()
    shas = {}
    r.write("calc.py", BASE)
    shas["base"] = r.commit("Add price and tax", T0, "alice")
    r.write("calc.py", BASE + "\n\ndef discount(x):\n    return x * 1.1\n")
    shas["bug"] = r.commit("Add discount", T0 + DAY, "bob")
    r.write("calc.py", BASE + "\n\n# discount helper\ndef discount(x):\n    return x * 1.1\n")
    r.write("notes.txt", "remember the discount\n")
    shas["docs"] = r.commit("Document discount", T0 + 2 * DAY, "carol")
    fixed = BASE.replace("    return x * 0.2", "    return  x * 0.2")  # whitespace only
    r.write("calc.py", fixed + "\n\ndef discount(x):\n    return x * 0.9\n")  # comment gone
    shas["fix"] = r.commit("Fix discount bug (#7)", T0 + 3 * DAY, "dave")
    return r, shas


def test_szz_marks_only_the_commit_that_introduced_the_fixed_line(planted, tmp_path) -> None:
    import pandas as pd

    repo, shas = planted
    out = tmp_path / "out.csv"
    result = mine(str(repo.path), out, cache_dir=str(tmp_path / "c"), progress=False)
    frame = pd.read_csv(out, index_col=0).set_index("_id")
    # the buggy line came from "Add discount"; the deleted comment (carol) and the
    # whitespace-only edit (alice's line) are not blamed
    assert frame.loc[shas["bug"], "bug"] == 1
    assert frame.loc[shas["base"], "bug"] == 0
    assert frame.loc[shas["docs"], "bug"] == 0
    assert frame.loc[shas["fix"], "bug"] == 0
    assert (frame["__"] == frame["bug"]).all()
    assert frame.loc[shas["fix"], "fix"] == 1 and frame.loc[shas["bug"], "fix"] == 0
    assert (result.rows, result.fixes, result.bugs) == (4, 1, 1)


def test_since_limits_rows_but_not_history(planted, tmp_path) -> None:
    import pandas as pd

    repo, shas = planted
    out = tmp_path / "since.csv"
    mine(
        str(repo.path), out, since="2020-09-15", cache_dir=str(tmp_path / "c"), progress=False
    )  # T0 is 2020-09-13 12:26 UTC
    frame = pd.read_csv(out, index_col=0).set_index("_id")
    assert list(frame.index) == [shas["docs"], shas["fix"]]
    assert frame.loc[shas["fix"], "exp"] == 0 and frame.loc[shas["fix"], "nuc"] == 3


def test_mine_refuses_a_bad_date_and_leaves_no_file(planted, tmp_path) -> None:
    repo, _ = planted
    with pytest.raises(MineError, match="--since"):
        mine(str(repo.path), tmp_path / "x.csv", since="last tuesday", progress=False)
    assert not (tmp_path / "x.csv").exists()


def test_line_helpers() -> None:
    assert to_ranges([9, 3, 4, 5, 4]) == [(3, 5), (9, 9)]
    assert not is_meaningful("   ")
    assert not is_meaningful("  // note")
    assert not is_meaningful(" * javadoc")
    assert not is_meaningful("# python comment")
    assert is_meaningful("#include <stdio.h>")
    assert is_meaningful("return x * 1.1")
    assert parse_since("2024-01-31") == 1706659200


def test_history_cache_is_incremental(planted, tmp_path, monkeypatch) -> None:
    repo, shas = planted
    cache = tmp_path / "cache"
    first = history.load_history(repo.path, cache_dir=cache)
    assert [c.sha for c in first] == [shas[k] for k in ("base", "bug", "docs", "fix")]
    assert (cache / history.CACHE_NAME).is_file()

    repo.write("more.py", "x = 1\n")
    new = repo.commit("Add more", T0 + 4 * DAY, "erin")
    calls: list[tuple[str, ...]] = []
    real = history._git

    def spy(r, *args):
        calls.append(args)
        return real(r, *args)

    monkeypatch.setattr(history, "_git", spy)
    second = history.load_history(repo.path, cache_dir=cache)
    logs = [a for a in calls if "log" in a]
    assert len(logs) == 1 and logs[0][-1] == new and "--no-walk=unsorted" in logs[0]
    fresh = history.load_history(repo.path, use_cache=False)
    assert second == fresh
    assert second[-1].change.files[0].path == "more.py"


def test_rename_is_parsed_with_old_and_new_path(make_repo, tmp_path) -> None:
    r = make_repo()
    r.write("src/old_name.py", "".join(f"v{i} = {i}\n" for i in range(20)))
    r.commit("add", T0)
    (r.path / "lib").mkdir()
    r.git("mv", "src/old_name.py", "lib/new name.py")
    r.commit("rename", T0 + DAY)
    last = history.load_history(r.path, use_cache=False)[-1]
    assert last.change.files[0].old_path == "src/old_name.py"
    assert last.change.files[0].path == "lib/new name.py"
    assert (last.change.files[0].added, last.change.files[0].deleted) == (0, 0)


def test_unknown_ref_and_not_a_repository(tmp_path: Path, make_repo) -> None:
    with pytest.raises(history.HistoryError, match="not a git repository"):
        history.load_history(tmp_path)
    r = make_repo()
    r.write("a", "1\n")
    r.commit("a", T0)
    with pytest.raises(history.HistoryError, match="unknown ref"):
        history.load_history(r.path, "no-such-branch")
