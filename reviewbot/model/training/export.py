"""Turn a fitted scikit-learn estimator into `model.compiled.npz`, the numpy-only form
`reviewbot.model.compiled.CompiledModel` scores with (see that module for the format and
how scikit-learn's predictions are reproduced). Needs scikit-learn: training and
`python -m reviewbot.model.training.export DIR [DIR ...]` use it, reviews never do.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from reviewbot.model.compiled import (
    COMPILED,
    COMPILED_FORMAT,
    CompiledModel,
    UnsupportedModel,
    content_digest,
)

# ---- export (needs the fitted scikit-learn estimator) ---------------------------------


def export(estimator: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(header, arrays) describing a fitted binary classifier; see the module docstring.
    A soft-voting ensemble, or a list of fitted estimators (averaged with equal weights),
    becomes an "ensemble" of its members, their arrays named `m<i>.<name>`."""
    from sklearn.ensemble import VotingClassifier

    weights = None
    if isinstance(estimator, VotingClassifier):
        if estimator.voting != "soft":
            raise UnsupportedModel("cannot compile a hard-voting ensemble")
        weights = estimator._weights_not_none
        estimator = list(estimator.estimators_)
    if isinstance(estimator, (list, tuple)):
        if not estimator:
            raise UnsupportedModel("cannot compile an empty ensemble")
        members, arrays = [], {}
        for i, member in enumerate(estimator):
            header, member_arrays = _export_one(member)
            members.append(header)
            arrays.update({f"m{i}.{name}": array for name, array in member_arrays.items()})
        if len({m["n_features"] for m in members}) != 1:
            raise UnsupportedModel("ensemble members see different numbers of features")
        return {
            "kind": "ensemble",
            "n_features": members[0]["n_features"],
            "classes": [0, 1],
            "members": members,
            "weights": None if weights is None else [float(w) for w in weights],
        }, arrays
    return _export_one(estimator)


def _export_one(estimator: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    from sklearn.ensemble import (
        ExtraTreesClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier, ExtraTreeClassifier

    scaler = None
    if isinstance(estimator, Pipeline):
        steps = [step for _, step in estimator.steps if step not in (None, "passthrough")]
        if len(steps) == 2 and isinstance(steps[0], StandardScaler):
            scaler, estimator = steps
        elif len(steps) == 1:
            estimator = steps[0]
        else:
            raise UnsupportedModel(
                f"cannot compile a Pipeline of {[type(s).__name__ for s in steps]}: only "
                "[StandardScaler, LogisticRegression] or a single supported estimator"
            )
        if scaler is not None and not isinstance(estimator, LogisticRegression):
            raise UnsupportedModel("a StandardScaler is only supported before LogisticRegression")
    classes = [int(c) for c in getattr(estimator, "classes_", [])]
    if classes != [0, 1]:
        raise UnsupportedModel(f"cannot compile: classes {classes}, expected [0, 1]")
    header: dict[str, Any] = {"n_features": int(estimator.n_features_in_), "classes": classes}
    if isinstance(estimator, (DecisionTreeClassifier, ExtraTreeClassifier)):
        return {**header, "kind": "forest"}, _trees([estimator])
    if isinstance(estimator, (RandomForestClassifier, ExtraTreesClassifier)):
        return {**header, "kind": "forest"}, _trees(list(estimator.estimators_))
    if isinstance(estimator, HistGradientBoostingClassifier):
        return {**header, "kind": "boosting"}, _boosting(estimator)
    if isinstance(estimator, LogisticRegression):
        return {**header, "kind": "logistic"}, _logistic(estimator, scaler)
    raise UnsupportedModel(
        f"cannot compile a {type(estimator).__name__}: supported are decision trees, random "
        "forests, extra trees, histogram gradient boosting and logistic regression"
    )


def _trees(trees: list[Any]) -> dict[str, np.ndarray]:
    parts: dict[str, list[np.ndarray]] = {
        k: [] for k in ("left", "right", "feature", "threshold", "missing_left", "value")
    }
    roots, offset = [], 0
    for tree in trees:
        if tree.n_outputs_ != 1:
            raise UnsupportedModel("cannot compile a multi-output tree")
        nodes = tree.tree_.__getstate__()["nodes"]
        leaf = nodes["left_child"] == -1
        roots.append(offset)
        parts["left"].append(np.where(leaf, -1, nodes["left_child"] + offset))
        parts["right"].append(np.where(leaf, -1, nodes["right_child"] + offset))
        parts["feature"].append(np.where(leaf, 0, nodes["feature"]))
        parts["threshold"].append(np.where(leaf, 0.0, nodes["threshold"]))
        missing = (
            nodes["missing_go_to_left"]
            if "missing_go_to_left" in nodes.dtype.names
            else (np.zeros(len(nodes), dtype=np.uint8))
        )
        parts["missing_left"].append(missing.astype(bool))
        value = np.array(tree.tree_.value[:, 0, :2], dtype=np.float64)
        sums = value.sum(axis=1)
        if not np.allclose(sums, 1.0, rtol=0, atol=1e-12):  # class counts (older releases)
            value /= np.where(sums == 0, 1.0, sums)[:, None]
        parts["value"].append(value)
        offset += len(nodes)
    arrays = {k: np.concatenate(v) for k, v in parts.items()}
    arrays["left"] = arrays["left"].astype(np.int64)
    arrays["right"] = arrays["right"].astype(np.int64)
    arrays["feature"] = arrays["feature"].astype(np.int64)
    arrays["threshold"] = arrays["threshold"].astype(np.float64)
    arrays["roots"] = np.array(roots, dtype=np.int64)
    return arrays


def _boosting(model: Any) -> dict[str, np.ndarray]:
    if model.n_trees_per_iteration_ != 1:
        raise UnsupportedModel("cannot compile multi-class gradient boosting")
    if getattr(model, "_preprocessor", None) is not None or (
        model.is_categorical_ is not None and np.any(model.is_categorical_)
    ):
        raise UnsupportedModel("cannot compile gradient boosting with categorical features")
    lefts, rights, features, thresholds, missing, values, roots = [], [], [], [], [], [], []
    offset = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if np.any(nodes["is_categorical"]):
            raise UnsupportedModel("cannot compile gradient boosting with categorical splits")
        leaf = nodes["is_leaf"].astype(bool)
        roots.append(offset)
        lefts.append(np.where(leaf, -1, nodes["left"].astype(np.int64) + offset))
        rights.append(np.where(leaf, -1, nodes["right"].astype(np.int64) + offset))
        features.append(np.where(leaf, 0, nodes["feature_idx"]))
        thresholds.append(np.where(leaf, 0.0, nodes["num_threshold"]))
        missing.append(nodes["missing_go_to_left"].astype(bool))
        values.append(np.where(leaf, nodes["value"], 0.0))
        offset += len(nodes)
    return {
        "left": np.concatenate(lefts).astype(np.int64),
        "right": np.concatenate(rights).astype(np.int64),
        "feature": np.concatenate(features).astype(np.int64),
        "threshold": np.concatenate(thresholds).astype(np.float64),
        "missing_left": np.concatenate(missing),
        "value": np.concatenate(values).astype(np.float64),
        "roots": np.array(roots, dtype=np.int64),
        "baseline": np.asarray(model._baseline_prediction, dtype=np.float64).reshape(1),
    }


def _logistic(model: Any, scaler: Any) -> dict[str, np.ndarray]:
    coef = np.asarray(model.coef_, dtype=np.float64)
    if coef.shape[0] != 1:
        raise UnsupportedModel("cannot compile multi-class logistic regression")
    n = coef.shape[1]
    mean, scale = np.zeros(n), np.ones(n)
    if scaler is not None:
        if scaler.mean_ is not None and scaler.with_mean:
            mean = np.asarray(scaler.mean_, dtype=np.float64)
        if scaler.scale_ is not None and scaler.with_std:
            scale = np.asarray(scaler.scale_, dtype=np.float64)
    return {
        "mean": mean,
        "scale": scale,
        "coef": coef,
        "intercept": np.asarray(model.intercept_, dtype=np.float64).reshape(1),
        "scaled": np.array([scaler is not None]),
    }


def write_compiled(estimator: Any, model_dir: str | Path, source_sha256: str) -> Path:
    """Write `model_dir`/model.compiled.npz for the estimator serialised in the skops
    artifact whose sha256 is `source_sha256`. Raises UnsupportedModel (nothing written)."""
    header, arrays = export(estimator)
    header.update(
        format=COMPILED_FORMAT,
        source_sha256=source_sha256,
        content_sha256=content_digest(arrays),
    )
    target = Path(model_dir) / COMPILED
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        np.savez_compressed(handle, header=np.array(json.dumps(header, sort_keys=True)), **arrays)
    temporary.replace(target)
    CompiledModel.load(target, source_sha256)  # never leave a file that does not load
    return target


def compile_model_dir(model_dir: str | Path) -> Path:
    """Compile a model directory's (verified) skops artifact: `python -m
    reviewbot.model.compiled DIR`. Imports scikit-learn and skops, as training does."""
    from reviewbot.model.artifact import load_model

    model = load_model(model_dir, compiled=False)
    return write_compiled(model.estimator, model.path, model.metadata["artifact_sha256"])


if __name__ == "__main__":  # python -m reviewbot.model.training.export DIR [DIR ...]
    import sys

    for argument in sys.argv[1:] or ["models/default"]:
        print(compile_model_dir(argument))
