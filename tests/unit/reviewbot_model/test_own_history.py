"""`reviewbot model train --repo`: mine a real history (a bounded slice of Flask's) and
train on it in one step."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reviewbot.cli import main
from reviewbot.model.training.dataset import load_csv


def test_train_on_a_real_repository_in_one_command(flask_slice: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    done = CliRunner().invoke(
        main,
        [
            "model",
            "train",
            "--repo",
            str(flask_slice),
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-progress",
        ],
    )
    assert done.exit_code == 0, done.output
    mined = load_csv(out / "mined.csv")
    # about 350 commits, of which a few dozen merges; SZZ finds bug-inducing ones
    assert 250 < len(mined) < 400
    assert 0.05 < mined["bug"].mean() < 0.6
    printed = json.loads(done.stdout)
    assert printed["training_rows"] == len(mined)
    assert f"mined {len(mined)} commits" in done.stderr
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["training_data"][0]["file"] == "mined.csv"
    assert metadata["selection"]["validation_auc"][metadata["estimator"]]["score"] > 0.5
    assert (out / "model.skops").is_file()


def test_train_takes_either_data_or_a_repository(tmp_path: Path, flask_slice: Path) -> None:
    runner = CliRunner()
    neither = runner.invoke(main, ["model", "train", "--out", str(tmp_path / "m")])
    assert neither.exit_code == 2 and "either --data" in neither.stderr
    both = runner.invoke(
        main,
        ["model", "train", "--repo", str(flask_slice), "--data", "x.csv", "--out", "m"],
    )
    assert both.exit_code == 2 and "either --data" in both.stderr
    since_alone = runner.invoke(
        main, ["model", "train", "--data", "x.csv", "--since", "2011-01-01", "--out", "m"]
    )
    assert since_alone.exit_code == 2 and "--since only applies with --repo" in since_alone.stderr


def test_too_little_history_fails_clearly_and_names_the_fallback(
    flask_slice: Path, tmp_path: Path
) -> None:
    out = tmp_path / "model"
    done = CliRunner().invoke(
        main,
        [
            "model",
            "train",
            "--repo",
            str(flask_slice),
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-progress",
            "--min-commits",
            "1000",
        ],
    )
    assert done.exit_code == 2
    assert "at least 1000 are needed (--min-commits)" in done.stderr
    assert "shipped model" in done.stderr
    assert not (out / "model.skops").exists()


def test_too_few_bug_inducing_commits_fail_clearly(tmp_path: Path, slice_csvs) -> None:
    import pandas as pd

    frame = pd.read_csv(slice_csvs[0]).sort_values("date")
    buggy = frame.index[frame["bug"] == 1]
    keep = buggy[:: len(buggy) // 10][:10]  # 10 bug-inducing commits, spread over time
    frame["bug"] = 0
    frame.loc[keep, "bug"] = 1
    few = tmp_path / "few.csv"
    frame.to_csv(few, index=False)
    done = CliRunner().invoke(main, ["model", "train", "--data", str(few), "--out", "m"])
    assert done.exit_code == 2
    assert "only 10 bug-inducing commits among 1200" in done.stderr
    assert "--min-bugs" in done.stderr and "shipped model" in done.stderr
    lowered = CliRunner().invoke(
        main,
        ["model", "train", "--data", str(few), "--min-bugs", "10", "--out", str(tmp_path / "m")],
    )
    assert lowered.exit_code == 0, lowered.output
    frame["bug"] = 0
    frame.loc[buggy[:10], "bug"] = 1  # all 10 in the oldest rows: no fold can be measured
    frame.to_csv(few, index=False)
    early = CliRunner().invoke(
        main, ["model", "train", "--data", str(few), "--min-bugs", "10", "--out", "m"]
    )
    assert early.exit_code == 2
    assert "no validation fold holds both buggy and clean" in early.stderr


def test_evaluate_says_why_a_single_class_test_split_has_no_auc(tmp_path: Path, slice_csvs) -> None:
    import pandas as pd

    frame = pd.read_csv(slice_csvs[0]).sort_values("date")
    frame.iloc[-300:, frame.columns.get_loc("bug")] = 0  # the latest quarter all clean
    clean_tail = tmp_path / "clean_tail.csv"
    frame.to_csv(clean_tail, index=False)
    done = CliRunner().invoke(
        main, ["model", "evaluate", "--data", str(clean_tail), "--split", "time"]
    )
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["model"]["auc"] is None
    assert result["auc_note"].startswith("no AUC: all 240 test rows are clean")
    assert "no AUC" in done.stderr
