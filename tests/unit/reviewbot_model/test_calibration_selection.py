"""Own-history feature selection and calibration, on the training rows only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reviewbot.model.artifact import finish_probability
from reviewbot.model.training.calibrate import brier, calibrate, platt
from reviewbot.model.training.dataset import load_csv
from reviewbot.model.training.own_select import select_own_features


def test_platt_maps_overconfident_scores_to_probabilities() -> None:
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.01, 0.99, 4000)
    truth = raw**3  # the raw score overstates the risk
    y = (rng.uniform(size=raw.size) < truth).astype(int)
    a, b = platt(raw[:2000], y[:2000])
    mapped = finish_probability(raw[2000:], {"calibration": {"method": "platt", "slope": a,
                                                             "intercept": b}})  # fmt: skip
    assert brier(mapped, y[2000:]) < brier(raw[2000:], y[2000:]) - 0.02
    # monotone: the ranking (and so the AUC) is unchanged
    order = np.argsort(raw[2000:])
    assert np.all(np.diff(mapped[order]) >= 0)


def test_selection_keeps_a_telling_feature_and_drops_noise(slice_csvs: list[Path]) -> None:
    frame = load_csv(slice_csvs[0])
    rng = np.random.default_rng(1)
    # a feature that tells the label (flipped on 30 % of rows) and one that is pure noise
    flip = rng.uniform(size=len(frame)) < 0.3
    frame["file_fixes"] = np.where(flip, 1 - frame["bug"], frame["bug"]) * 3.0
    frame["cochange_buggy"] = rng.integers(0, 5, len(frame)).astype(float)
    kept, log = select_own_features(frame)
    assert kept == ["file_fixes"]
    assert log[1]["tried"]["file_fixes"] > log[1]["base_auc"] + 0.005


def test_calibration_reports_brier_before_and_after(slice_csvs: list[Path]) -> None:
    frame = load_csv(slice_csvs[1])
    result = calibrate(frame, "random_forest+balanced")
    assert result["method"] == "platt"
    scores = result["brier"]
    assert 0 < scores["calibrated"] < 0.5 and 0 < scores["uncalibrated"] < 0.5
    tiny = frame.iloc[:60]
    assert calibrate(tiny, "random_forest")["method"] is None


@pytest.mark.parametrize("calibrated", [True, False])
def test_finish_probability_prefers_the_calibration(calibrated: bool) -> None:
    meta = {"balanced": True, "positive_rate": 0.2}
    if calibrated:
        meta["calibration"] = {"method": "platt", "slope": 1.0, "intercept": 0.0}
    p = finish_probability(np.array([0.5]), meta)[0]
    assert p == pytest.approx(0.5 if calibrated else 0.2)


def test_a_model_with_own_features_scores_a_review_with_them(
    slice_csvs: list[Path], make_repo, tmp_path: Path
) -> None:
    from reviewbot.model.scoring import ModelScorer
    from reviewbot.model.training.train import train

    frame = load_csv(slice_csvs[0])
    rng = np.random.default_rng(1)
    flip = rng.uniform(size=len(frame)) < 0.3
    frame["file_fixes"] = np.where(flip, 1 - frame["bug"], frame["bug"]) * 3.0
    out = tmp_path / "model"
    meta = train([], out, frame=frame, calibrate=True)
    assert meta["own_features"] == ["file_fixes"]
    assert meta["model_inputs"][-1] == "log1p_file_fixes"
    r = make_repo()
    day = 86400
    r.write("a.py", "x = 1\ny = 2\n")
    r.commit("Add a", 1_600_000_000)
    r.write("a.py", "x = 1\ny = 3\n")
    r.commit("Fix bug in a", 1_600_000_000 + day)
    r.git("checkout", "-q", "-b", "feature")
    r.write("a.py", "x = 1\ny = 3\nz = 4\n")
    r.commit("Extend a", 1_600_000_000 + 2 * day)
    scorer = ModelScorer(out, cache_dir=tmp_path / "cache")
    metrics = scorer.metrics(str(r.path), "main", "feature")
    assert metrics["file_fixes"] == 1 and metrics["days_since_fix"] == pytest.approx(1.0)
    risk = scorer.score(str(r.path), "main", "feature")
    assert 0 < risk.probability < 1
    assert risk.source.startswith("trained on ")
