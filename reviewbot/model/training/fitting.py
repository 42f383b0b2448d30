"""Fitting and scoring the candidate estimators: shared by model selection (train.py),
own-history feature selection (own_select.py) and calibration (calibrate.py), which
train.py calls in turn; kept apart so that none of them imports another in a circle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reviewbot.model.training.dataset import matrix

FOLDS = ((0.6, 0.8), (0.8, 1.0))  # (train up to, validate up to) as shares of each project


def candidates() -> dict[str, Callable[[], Any]]:
    from sklearn.ensemble import (
        HistGradientBoostingClassifier,
        RandomForestClassifier,
        VotingClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    def forest() -> Any:
        return RandomForestClassifier(
            n_estimators=100, min_samples_leaf=10, max_leaf_nodes=200, n_jobs=2, random_state=0
        )

    def boosting() -> Any:
        return HistGradientBoostingClassifier(
            max_iter=300,
            learning_rate=0.03,
            max_leaf_nodes=8,
            min_samples_leaf=50,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=0,
        )

    return {
        "logistic_regression": lambda: Pipeline(
            [
                ("scale", StandardScaler()),
                ("model", LogisticRegression(C=0.1, max_iter=3000)),
            ]
        ),
        "random_forest": forest,
        "hist_gradient_boosting": boosting,
        # the mean of the two tree models' probabilities; the artifact stores the fitted
        # pair as a plain list (see `artifact_estimator`), which scoring averages the same way
        "forest_and_boosting": lambda: VotingClassifier(
            [("random_forest", forest()), ("hist_gradient_boosting", boosting())],
            voting="soft",
        ),
    }


def artifact_estimator(estimator: Any) -> Any:
    """What goes into the skops file: the estimator itself, or for a soft-voting ensemble
    its fitted members as a list (`scoring.Model.predict` averages their probabilities,
    exactly as the ensemble does), so the artifact holds only plain estimators and needs
    no container types beyond a list."""
    from sklearn.ensemble import VotingClassifier

    if isinstance(estimator, VotingClassifier):
        return list(estimator.estimators_)
    return estimator


def _weights(frame: Any) -> Any:
    """Equal total weight per (project, bug) cell, mean 1."""
    counts = frame.groupby(["project", "bug"])["bug"].transform("size").to_numpy(dtype=float)
    weights = 1.0 / counts
    return weights / weights.mean()


def _fit(make: Callable[[], Any], frame: Any, balanced: bool = False) -> Any:
    from sklearn.pipeline import Pipeline
    from threadpoolctl import threadpool_limits

    from reviewbot.model.artifact import model_inputs

    estimator = make()
    options: dict[str, Any] = {}
    if balanced:
        key = "model__sample_weight" if isinstance(estimator, Pipeline) else "sample_weight"
        options[key] = _weights(frame)
    with threadpool_limits(1):  # OpenMP threads crawl on a busy machine; one is fast
        estimator.fit(model_inputs(matrix(frame)), frame["bug"].to_numpy(), **options)
    return estimator


def _make(candidate: str) -> tuple[Callable[[], Any], bool]:
    name, _, variant = candidate.partition("+")
    return candidates()[name], variant == "balanced"


def candidate_names() -> list[str]:
    return [f"{name}{variant}" for name in candidates() for variant in ("", "+balanced")]


def predict(estimator: Any, frame: Any) -> Any:
    """Defect probabilities for a frame's rows (single-threaded, see `_fit`)."""
    from threadpoolctl import threadpool_limits

    from reviewbot.model.artifact import model_inputs

    with threadpool_limits(1):
        return estimator.predict_proba(model_inputs(matrix(frame)))[:, 1]


def _slice(frame: Any, start: float, end: float) -> Any:
    """Rows between two shares of each project's time order."""
    import pandas as pd

    parts = []
    for _, group in frame.groupby("project", sort=True):
        n = len(group)
        parts.append(group.iloc[int(n * start) : int(n * end)])
    return pd.concat(parts)


def _auc(y: Any, p: Any) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


