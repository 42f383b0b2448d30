"""Datasets, metrics, time split, training and evaluation on small slices of the shared
data, and the CLI's output shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewbot.cli import main
from reviewbot.model.features import FEATURES
from reviewbot.model.training import metrics
from reviewbot.model.training.dataset import DatasetError, load_csv, time_split
from reviewbot.model.training.evaluate import evaluate

METRIC_NAMES = set(metrics.NAMES)


def test_metrics_by_hand() -> None:
    y, score, effort = [1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1], [10, 10, 10, 70]
    result = metrics.evaluate(y, score, effort, positive_rate=0.5)
    # AUC: 3 of the 4 (positive, negative) pairs are ordered right
    assert result["auc"] == 0.75
    # inspect by score: 10 % effort finds 1 of 2 bugs, 20 % still 1 of 2
    assert result["recall_at_20_effort"] == 0.5
    assert result["effort_at_20_recall"] == 0.1
    # areas: optimal 0.9, worst 0.1, this order 0.85 -> 1 - 0.05 / 0.8
    assert result["popt"] == 0.9375
    # top half flagged: 1 TP, 1 FP, 1 FN, 1 TN
    assert result["f1"] == 0.5 and result["mcc"] == 0.0


def test_time_split_never_tests_on_older_rows(slice_csvs: list[Path]) -> None:
    frame = load_csv(slice_csvs[0]).sample(frac=1.0, random_state=1)  # shuffled input
    train, test = time_split(frame, 0.2)
    assert train["date"].max() < test["date"].min()
    assert len(train) + len(test) == len(frame)
    assert len(test) == pytest.approx(0.2 * len(frame), abs=2)


def test_time_split_keeps_tied_dates_on_one_side() -> None:
    import pandas as pd

    frame = pd.DataFrame({"date": [1, 2, 3, 3, 3, 4], "bug": [0, 1, 0, 1, 0, 1]})
    train, test = time_split(frame, 0.4)  # the cut falls inside the run of 3s
    assert list(train["date"]) == [1, 2] and list(test["date"]) == [3, 3, 3, 4]


def test_dataset_schema(tmp_path: Path, slice_csvs: list[Path]) -> None:
    import pandas as pd

    frame = pd.read_csv(slice_csvs[0]).rename(columns={"entrophy": "entropy"})
    frame["extra"] = "ignored"
    renamed = tmp_path / "renamed.csv"
    frame.to_csv(renamed, index=False)
    loaded = load_csv(renamed)
    assert list(loaded.columns) == ["_id", "date", "bug", *FEATURES, "project"]
    frame.drop(columns=["la", "nuc"]).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(DatasetError, match=r"missing column.*la, nuc"):
        load_csv(tmp_path / "bad.csv")


def test_evaluate_time_split_trains_fresh_and_compares_with_la(slice_csvs: list[Path]) -> None:
    result = evaluate([slice_csvs[1]], split="time", test_fraction=0.25)
    assert set(result) == {"model", "baseline_la", "train_rows", "test_rows"}
    assert result["train_rows"] + result["test_rows"] == 1200
    assert set(result["model"]) == METRIC_NAMES == set(result["baseline_la"])
    assert 0.5 < result["model"]["auc"] <= 1.0


def test_trained_artifact_and_metadata(small_model: Path, slice_csvs: list[Path]) -> None:
    meta = json.loads((small_model / "metadata.json").read_text())
    assert meta["features"] == list(FEATURES)
    assert meta["estimator"] in meta["selection"]["validation_auc"]
    per_project = meta["metrics"]["per_project"]
    assert sorted(per_project) == ["jdt", "platform"]  # each project alone, nothing pooled
    assert "model" not in meta["metrics"]
    for figures in per_project.values():
        assert set(figures["model"]) == set(figures["baseline_la"]) == METRIC_NAMES
        difference = figures["vs_la"]
        assert difference["low"] <= difference["difference"] <= difference["high"]
        assert difference["difference"] == pytest.approx(
            figures["model"]["auc"] - figures["baseline_la"]["auc"], abs=2e-4
        )
    assert meta["training_rows"] == 2400
    assert {d["file"] for d in meta["training_data"]} == {"jdt.csv", "platform.csv"}
    assert all(len(d["sha256"]) == 64 for d in meta["training_data"])
    assert {"scikit-learn", "skops", "numpy"} <= set(meta["libraries"])
    assert (small_model / "model.skops").stat().st_size < 5_000_000


def test_cli_model_evaluate_prints_one_json_object(
    small_model: Path, slice_csvs: list[Path]
) -> None:
    result = CliRunner().invoke(
        main, ["model", "evaluate", "--model", str(small_model), "--data", str(slice_csvs[0])]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"model", "baseline_la", "train_rows", "test_rows"}
    assert (data["train_rows"], data["test_rows"]) == (2400, 1200)
    assert set(data["model"]) == METRIC_NAMES


def test_cli_model_train_and_errors(tmp_path: Path, slice_csvs: list[Path]) -> None:
    runner = CliRunner()
    done = runner.invoke(
        main, ["model", "train", "--data", str(slice_csvs[0]), "--out", str(tmp_path / "m")]
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["training_rows"] == 1200
    bad = runner.invoke(main, ["model", "evaluate", "--data", str(tmp_path / "nope.csv")])
    assert bad.exit_code == 2 and "no such file" in bad.stderr
    both = runner.invoke(
        main,
        [
            "model",
            "evaluate",
            "--split",
            "time",
            "--data",
            str(slice_csvs[0]),
            "--data",
            str(slice_csvs[1]),
        ],
    )
    assert both.exit_code == 2 and "exactly one --data" in both.stderr


def test_cli_mine_writes_the_shared_schema(make_repo, tmp_path: Path, jit_dir: Path) -> None:
    r = make_repo()
    r.write("a.py", "x = 1\n")
    r.commit("add", 1_600_000_000)
    r.write("a.py", "x = 2\n")
    r.commit("Fix x", 1_600_086_400, who="bob")
    out = tmp_path / "mined.csv"
    done = CliRunner().invoke(
        main,
        [
            "mine",
            "--repo",
            str(r.path),
            "--out",
            str(out),
            "--no-progress",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
    )
    assert done.exit_code == 0, done.output
    header = out.read_text().splitlines()[0]
    assert header == (jit_dir / "jdt.csv").read_text().splitlines()[0]
    assert load_csv(out)["bug"].tolist() == [1, 0]


def test_an_ensemble_is_stored_as_its_members_and_scored_as_their_mean(
    slice_csvs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forest+boosting candidate is a soft-voting ensemble while training; its
    artifact holds only the fitted members (a list: no container type to trust), and both
    scoring paths (skops and compiled) give the ensemble's mean probability."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier

    from reviewbot.model.artifact import TRUSTED_TYPES, artifact_types, load_model, model_inputs
    from reviewbot.model.training import train as training
    from reviewbot.model.training.dataset import matrix

    monkeypatch.setattr(training, "candidate_names", lambda: ["forest_and_boosting+balanced"])
    out = tmp_path / "ensemble"
    meta = training.train(slice_csvs, out)
    assert meta["estimator"] == "forest_and_boosting+balanced"
    assert artifact_types(out / "model.skops") <= TRUSTED_TYPES

    slow = load_model(out, compiled=False)
    assert [type(m) for m in slow.estimator] == [
        RandomForestClassifier,
        HistGradientBoostingClassifier,
    ]
    rows = matrix(load_csv(slice_csvs[0]).iloc[:300])
    mean = np.mean([m.predict_proba(model_inputs(rows))[:, 1] for m in slow.estimator], axis=0)
    prior = meta["positive_rate"]
    odds = mean / (1 - mean) * prior / (1 - prior)
    np.testing.assert_allclose(slow.predict(rows), odds / (1 + odds), rtol=0, atol=1e-12)
    fast = load_model(out)
    assert type(fast.estimator).__name__ == "CompiledModel"
    np.testing.assert_allclose(fast.predict(rows), slow.predict(rows), rtol=0, atol=1e-9)


def test_auc_difference_has_a_paired_bootstrap_interval() -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 400)
    noise = rng.random(400)
    good = y + noise  # separates the classes perfectly
    same = metrics.auc_difference(y, noise, noise, samples=200)
    assert (same["difference"], same["low"], same["high"]) == (0.0, 0.0, 0.0)
    better = metrics.auc_difference(y, good, noise, samples=200)
    assert better["low"] > 0.3 and better["low"] <= better["difference"] <= better["high"]
    assert better["samples"] == 200
    worse = metrics.auc_difference(y, noise, good, samples=200)
    assert worse["high"] < 0
    assert metrics.auc_difference([0, 0, 0], [1, 2, 3], [3, 2, 1])["difference"] is None


def test_report_shows_each_project_with_an_interval_and_no_pooled_auc() -> None:
    from reviewbot.model.training.report import markdown

    def row(auc: float, la: float, low: float, high: float) -> dict:
        figures = dict.fromkeys(METRIC_NAMES, 0.5)
        return {
            "model": {**figures, "auc": auc},
            "baseline_la": {**figures, "auc": la},
            "vs_la": {"difference": auc - la, "low": low, "high": high, "samples": 1000},
            "chosen": "random_forest",
        }

    table = markdown({"go": row(0.74, 0.68, 0.04, 0.08), "jdt": row(0.70, 0.71, -0.03, 0.01)}, {})
    assert "| go | random_forest | **0.740** | 0.680 | +0.060 (+0.040 … +0.080) |" in table
    assert "| jdt | random_forest | **0.700** | 0.710 | -0.010 (-0.030 … +0.010) |" in table
    assert "Mean AUC over projects: model **0.720**" in table
    assert "pooled" not in table.lower() and "Leave one project out" not in table
