"""The defect model as plain arrays: scoring without importing scikit-learn or skops.

Importing scikit-learn and skops costs about two seconds on a small machine, more than a
whole review should take. `export` turns the fitted estimator that `model train` writes to
`model.skops` into numbers only, `write_compiled` stores them next to it as
`model.compiled.npz` (both in `reviewbot.model.training.export`, which needs scikit-learn;
the file is loaded with `allow_pickle=False`: no code, no objects), and
`CompiledModel.predict_proba` here reproduces scikit-learn's `predict_proba` with numpy alone.

Supported: decision trees, random forests and extra trees (classifiers), histogram
gradient boosting (binary, numeric features), logistic regression (binary, alone or
after a StandardScaler in a Pipeline), and soft-voting ensembles of those (a
VotingClassifier, or a plain list of fitted members averaged equally). Anything else
raises `UnsupportedModel`, and scoring keeps using the skops artifact.

The file records the sha256 of the `model.skops` it was compiled from (scoring uses it only
when that matches the verified artifact) and a sha256 of its own arrays; loading also
checks every array's shape and that every tree is a tree (children after their parent,
features in range), so a damaged file is refused rather than scored.

How scikit-learn predicts, reproduced here:

- trees and forests compare the row cast to float32 with the float64 threshold
  (`x <= t`, NaN goes where `missing_go_to_left` says); a leaf's `value` holds the class
  fractions; a forest adds its trees' fractions one tree after another and divides by
  their number;
- histogram gradient boosting compares the float64 row with `num_threshold`, adds the
  leaves' values to the baseline, and applies the logistic function;
- logistic regression subtracts the scaler's mean, divides by its scale, takes the dot
  product with the coefficients, adds the intercept, and applies the logistic function.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

COMPILED = "model.compiled.npz"
COMPILED_FORMAT = 1
KINDS = ("forest", "boosting", "logistic", "ensemble")


class UnsupportedModel(ValueError):
    """The estimator has no compiled form; scoring uses the skops artifact."""


class CompiledModelError(ValueError):
    """The compiled file cannot be trusted to give the estimator's scores."""


class StaleCompiledModel(CompiledModelError):
    """The compiled file was made from another artifact (e.g. before a retrain)."""


def content_digest(arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256()
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{array.dtype.str}:{array.shape};".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


# ---- load and predict (numpy only) -----------------------------------------------------

_EXPECTED = {
    "forest": {"left": "i", "right": "i", "feature": "i", "threshold": "f",
               "missing_left": "b", "value": "f", "roots": "i"},
    "boosting": {"left": "i", "right": "i", "feature": "i", "threshold": "f",
                 "missing_left": "b", "value": "f", "roots": "i", "baseline": "f"},
    "logistic": {"mean": "f", "scale": "f", "coef": "f", "intercept": "f", "scaled": "b"},
}  # fmt: skip


class CompiledModel:
    """A compiled estimator with scikit-learn's `predict_proba` (two columns)."""

    def __init__(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.header = header
        self.kind: str = header["kind"]
        self.n_features: int = int(header["n_features"])
        self.arrays = arrays
        self.members: list[CompiledModel] = []
        if self.kind == "ensemble":
            for i, member in enumerate(header["members"]):
                prefix = f"m{i}."
                own = {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}
                self.members.append(CompiledModel(member, own))

    @classmethod
    def load(cls, path: str | Path, source_sha256: str) -> CompiledModel:
        """Load and check a compiled file made from the artifact with `source_sha256`."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            header = json.loads(str(arrays.pop("header")))
        except (OSError, ValueError, KeyError, EOFError) as exc:
            raise CompiledModelError(f"{path}: unreadable compiled model ({exc})") from None
        if not isinstance(header, dict) or header.get("format") != COMPILED_FORMAT:
            raise CompiledModelError(f"{path}: not a compiled model of format {COMPILED_FORMAT}")
        if header.get("source_sha256") != source_sha256:
            raise StaleCompiledModel(
                f"{path}: compiled from artifact {header.get('source_sha256')}, not from "
                f"{source_sha256}; recompile with `python -m reviewbot.model.compiled DIR`"
            )
        if header.get("content_sha256") != content_digest(arrays):
            raise CompiledModelError(f"{path}: arrays do not match their recorded sha256")
        try:
            model = cls(header, arrays)
        except (KeyError, TypeError, ValueError) as exc:
            raise CompiledModelError(f"{path}: invalid compiled model header ({exc})") from None
        model._check(path)
        return model

    def _check(self, path: str | Path) -> None:
        """Refuse arrays that could not have come from `export` (wrong names, dtypes,
        shapes, or trees that are not trees)."""

        def fail(why: str) -> CompiledModelError:
            return CompiledModelError(f"{path}: invalid compiled model: {why}")

        if self.kind == "ensemble":
            weights = self.header.get("weights")
            named = {f"m{i}.{k}" for i, m in enumerate(self.members) for k in m.arrays}
            if not self.members or named != set(self.arrays):
                raise fail("ensemble members and arrays disagree")
            if weights is not None and (
                len(weights) != len(self.members)
                or not all(isinstance(w, (int, float)) and w >= 0 for w in weights)
                or sum(weights) <= 0
            ):
                raise fail(f"ensemble weights {weights}")
            for member in self.members:
                if member.kind == "ensemble" or member.n_features != self.n_features:
                    raise fail("ensemble member")
                member._check(path)
            return
        expected = _EXPECTED.get(self.kind)
        if expected is None or self.header.get("classes") != [0, 1] or self.n_features < 1:
            raise fail(f"kind {self.kind!r}, classes {self.header.get('classes')}")
        a = self.arrays
        if set(a) != set(expected) or any(a[k].dtype.kind != c for k, c in expected.items()):
            raise fail(f"arrays {sorted((k, v.dtype.str) for k, v in a.items())}")
        if self.kind == "logistic":
            shapes = (a["mean"].shape, a["scale"].shape, a["coef"].shape, a["intercept"].shape)
            if shapes != ((self.n_features,),) * 2 + ((1, self.n_features), (1,)):
                raise fail(f"shapes {shapes}")
            if not all(np.all(np.isfinite(a[k])) for k in ("mean", "scale", "coef", "intercept")):
                raise fail("non-finite coefficients")
            if np.any(a["scale"] == 0):
                raise fail("zero scale")
            return
        n = len(a["left"])
        one_d = ("left", "right", "feature", "threshold", "missing_left")
        if n == 0 or any(a[k].shape != (n,) for k in one_d):
            raise fail("node arrays of different lengths")
        value_shape = (n, 2) if self.kind == "forest" else (n,)
        if a["value"].shape != value_shape or not np.all(np.isfinite(a["value"])):
            raise fail("leaf values")
        if self.kind == "forest" and (np.any(a["value"] < 0) or np.any(a["value"] > 1)):
            raise fail("leaf values are not probabilities")
        index = np.arange(n)
        leaf = a["left"] == -1
        if np.any((a["right"] == -1) != leaf):
            raise fail("a node with one child")
        inner = ~leaf
        # children come after their parent: every walk ends at a leaf
        if np.any(a["left"][inner] <= index[inner]) or np.any(a["right"][inner] <= index[inner]):
            raise fail("a child before its parent")
        if np.any(a["left"][inner] >= n) or np.any(a["right"][inner] >= n):
            raise fail("a child out of range")
        if np.any(a["feature"][inner] < 0) or np.any(a["feature"][inner] >= self.n_features):
            raise fail("a feature out of range")
        if np.any(np.isnan(a["threshold"][inner])):
            raise fail("a NaN threshold")
        roots = a["roots"]
        if roots.ndim != 1 or len(roots) == 0 or np.any(roots < 0) or np.any(roots >= n):
            raise fail("roots")
        if self.kind == "boosting" and (
            a["baseline"].shape != (1,) or not np.isfinite(a["baseline"][0])
        ):
            raise fail("baseline")  # fmt: skip

    def predict_proba(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got {x.shape}")
        if np.any(np.isinf(x)):
            raise ValueError("input contains infinity")
        a = self.arrays
        if self.kind == "ensemble":  # as VotingClassifier(voting="soft").predict_proba
            probas = np.asarray([member.predict_proba(x) for member in self.members])
            return np.average(probas, axis=0, weights=self.header.get("weights"))
        if self.kind == "logistic":
            z = (x - a["mean"]) / a["scale"] if a["scaled"][0] else x
            p1 = _expit((z @ a["coef"].T + a["intercept"]).reshape(-1))
        elif self.kind == "forest":
            leaves = self._leaves(x.astype(np.float32))
            total = np.zeros((len(x), 2))
            for t in range(leaves.shape[1]):
                total += a["value"][leaves[:, t]]
            total /= leaves.shape[1]
            return total
        else:
            leaves = self._leaves(x)
            raw = np.zeros(len(x)) + a["baseline"][0]
            for t in range(leaves.shape[1]):
                raw += a["value"][leaves[:, t]]
            p1 = _expit(raw)
        return np.column_stack([1.0 - p1, p1])

    def _leaves(self, x: np.ndarray) -> np.ndarray:
        """The leaf each row reaches in each tree, shape (rows, trees): all trees walked
        together, one level per step."""
        a = self.arrays
        left, right, feature = a["left"], a["right"], a["feature"]
        threshold, missing_left = a["threshold"], a["missing_left"]
        node = np.broadcast_to(a["roots"], (len(x), len(a["roots"]))).copy()
        rows = np.arange(len(x))[:, None]
        while True:
            inner = left[node] != -1
            if not inner.any():
                return node
            value = x[rows, feature[node]]
            nan = np.isnan(value)
            go_left = np.where(nan, missing_left[node], value <= threshold[node])
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)


def _expit(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(-z) = inf for z < -709: the result is 0
        return 1.0 / (1.0 + np.exp(-z))
