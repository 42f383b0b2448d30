"""Train the defect model: pick an estimator by time-ordered validation, fit it on every
row, write a skops artifact and its metadata.

Candidates: logistic regression on the log/ratio inputs, a size-bounded random forest,
and histogram gradient boosting. Each is scored by AUC on two forward-chaining folds per
project (train on the earliest 60 % → validate on the next 20 %; earliest 80 % → last
20 %), never shuffled across time; the best mean wins and is refitted on all rows.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reviewbot.features import FEATURES
from reviewbot.training.dataset import matrix, sha256_of

FOLDS = ((0.6, 0.8), (0.8, 1.0))  # (train up to, validate up to) as shares of each project


def candidates() -> dict[str, Callable[[], Any]]:
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "logistic_regression": lambda: Pipeline(
            [
                ("scale", StandardScaler()),
                ("model", LogisticRegression(C=0.1, max_iter=3000)),
            ]
        ),
        "random_forest": lambda: RandomForestClassifier(
            n_estimators=100, min_samples_leaf=10, max_leaf_nodes=200, n_jobs=2, random_state=0
        ),
        "hist_gradient_boosting": lambda: HistGradientBoostingClassifier(
            max_iter=300,
            learning_rate=0.03,
            max_leaf_nodes=8,
            min_samples_leaf=50,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=0,
        ),
    }


def _fit(make: Callable[[], Any], frame: Any) -> Any:
    from threadpoolctl import threadpool_limits

    from reviewbot.scoring import model_inputs

    estimator = make()
    with threadpool_limits(1):  # OpenMP threads crawl on a busy machine; one is fast
        estimator.fit(model_inputs(matrix(frame)), frame["bug"].to_numpy())
    return estimator


def predict(estimator: Any, frame: Any) -> Any:
    """Defect probabilities for a frame's rows (single-threaded, see `_fit`)."""
    from threadpoolctl import threadpool_limits

    from reviewbot.scoring import model_inputs

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


def select(frame: Any, names: Sequence[str] | None = None) -> tuple[str, dict[str, float]]:
    """The candidate with the best mean validation AUC over folds and projects."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    makers = candidates()
    scores: dict[str, float] = {}
    for name in names or list(makers):
        aucs = []
        for train_to, valid_to in FOLDS:
            fit_rows = _slice(frame, 0.0, train_to)
            if fit_rows["bug"].nunique() < 2:
                continue
            estimator = _fit(makers[name], fit_rows)
            for _, valid in _slice(frame, train_to, valid_to).groupby("project"):
                if valid["bug"].nunique() == 2:
                    p = predict(estimator, valid)
                    aucs.append(roc_auc_score(valid["bug"], p))
        scores[name] = round(float(np.mean(aucs)), 4) if aucs else float("nan")
    ranked = sorted(scores, key=lambda n: -scores[n] if scores[n] == scores[n] else 1.0)
    return ranked[0], scores


def fit_selected(frame: Any) -> tuple[Any, str, dict[str, float]]:
    name, scores = select(frame)
    return _fit(candidates()[name], frame), name, scores


def train(paths: Sequence[str | Path], out: str | Path, *, frame: Any = None) -> dict[str, Any]:
    """Train on every row of the given CSVs, write `out`/model.skops + metadata.json."""
    import pandas as pd
    import skops.io as sio

    from reviewbot.scoring import (
        ARTIFACT,
        DEFAULT_BANDS,
        FORMAT_VERSION,
        METADATA,
        MODEL_INPUTS,
        TRANSFORM_VERSION,
        library_versions,
        sha256_file,
    )
    from reviewbot.training.dataset import load_csv

    frames = [load_csv(p) for p in paths]
    data = pd.concat(frames, ignore_index=True) if frame is None else frame
    if data["bug"].nunique() < 2:
        raise ValueError("training data needs both buggy and clean rows")
    estimator, chosen, scores = fit_selected(data)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    artifact = out / ARTIFACT
    tmp = artifact.with_suffix(".tmp")
    sio.dump(estimator, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(artifact)
    digest = sha256_file(artifact)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    metadata = {
        "format_version": FORMAT_VERSION,
        "model_id": f"jit-{chosen}-{now:%Y%m%d}-{digest[:8]}",
        "estimator": chosen,
        "features": list(FEATURES),
        "transform": TRANSFORM_VERSION,
        "model_inputs": list(MODEL_INPUTS),
        "libraries": library_versions(),
        "trained_at": now.isoformat().replace("+00:00", "Z"),
        "training_data": [
            {
                "file": Path(p).name,
                "sha256": sha256_of(p),
                "rows": len(f),
                "bug_rate": round(float(f["bug"].mean()), 4),
            }
            for p, f in zip(paths, frames, strict=True)
        ],
        "training_rows": len(data),
        "positive_rate": round(float(data["bug"].mean()), 4),
        "selection": {
            "method": "mean AUC over forward-chaining time folds per project "
            f"{[list(f) for f in FOLDS]}",
            "validation_auc": scores,
        },
        "medians": {name: float(data[name].median()) for name in FEATURES},
        "bands": dict(DEFAULT_BANDS),
        "artifact_sha256": digest,
        "artifact_bytes": artifact.stat().st_size,
    }
    (out / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return metadata
