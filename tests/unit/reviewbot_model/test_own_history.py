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
