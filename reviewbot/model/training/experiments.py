"""Variants tried against the shipped method, for the model card's "what else was tried"
table. Not used by training or scoring.

    python -m reviewbot.model.training.experiments --data-dir ../shared/datasets/jit \
        [--mode within|lopo] [--only NAME [--only NAME ...]]

Prints one JSON line per variant: for each project, (validation AUC, test AUC).

- `within`: train = the earliest 80 % of the project (the dataset README's split), test =
  the rest; validation = mean AUC over the forward-chaining folds of `train.FOLDS` inside
  the training rows only.
- `lopo`: train = the other three projects, test = every row of this one; validation =
  mean AUC leaving each training project out in turn.

Only the validation column may choose a method; the test column is what it then scores.
Rank blends rank the test rows among themselves, so they are not deployable as they stand
(a deployable form needs the training distribution, as `la_logit_blend` uses).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECTS = ("gerrit", "go", "jdt", "platform")
Method = Callable[[Any, Any], Any]  # (train frame, test frame) -> scores for test rows

# +1: the risk may only rise with this input (size of the change); see MODEL_INPUTS
MONOTONE_INPUTS = (
    "log1p_ns",
    "log1p_nd",
    "log1p_nf",
    "log1p_entrophy",
    "log1p_la",
    "log1p_ld",
    "la_per_lt",
    "ld_per_lt",
    "la_per_file",
)


def _inputs(frame: Any) -> Any:
    from reviewbot.model.artifact import model_inputs
    from reviewbot.model.training.dataset import matrix

    return model_inputs(matrix(frame))


def _log_la(frame: Any) -> Any:
    import numpy as np

    return np.log1p(frame["la"].to_numpy(dtype=float))


def _fitted(make: Callable[[], Any], recency: float | None = None) -> Method:
    """Balanced weights as in training; `recency`: weights also halve every `recency`
    share of a project's time order, counted back from its latest training row."""

    def run(train: Any, test: Any) -> Any:
        from sklearn.pipeline import Pipeline
        from threadpoolctl import threadpool_limits

        from reviewbot.model.training.train import _weights

        weights = _weights(train)
        if recency:
            position = train.groupby("project").cumcount().to_numpy(dtype=float)
            size = train.groupby("project")["bug"].transform("size").to_numpy(dtype=float)
            weights = weights * 0.5 ** ((size - 1 - position) / (recency * size))
            weights = weights / weights.mean()
        estimator = make()
        key = "model__sample_weight" if isinstance(estimator, Pipeline) else "sample_weight"
        with threadpool_limits(1):
            estimator.fit(_inputs(train), train["bug"].to_numpy(), **{key: weights})
            return estimator.predict_proba(_inputs(test))[:, 1]

    return run


def _rank_blend(base: Method, weight: float) -> Method:
    def run(train: Any, test: Any) -> Any:
        from scipy.stats import rankdata

        p = base(train, test)
        return (1 - weight) * rankdata(p) + weight * rankdata(_log_la(test))

    return run


def _la_logit_blend(base: Method, weight: float) -> Method:
    """(1 - w) logit(model) + w logit(balanced logistic regression on log1p(la))."""

    def run(train: Any, test: Any) -> Any:
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        p = np.clip(base(train, test), 1e-6, 1 - 1e-6)
        on_la = LogisticRegression(class_weight="balanced")
        on_la.fit(_log_la(train)[:, None], train["bug"].to_numpy())
        return (1 - weight) * np.log(p / (1 - p)) + weight * on_la.decision_function(
            _log_la(test)[:, None]
        )

    return run


def _rank_mean(*parts: Method) -> Method:
    def run(train: Any, test: Any) -> Any:
        from scipy.stats import rankdata

        return sum(rankdata(part(train, test)) for part in parts)

    return run


def variants() -> dict[str, Method]:
    from sklearn.ensemble import VotingClassifier

    from reviewbot.model.artifact import MODEL_INPUTS
    from reviewbot.model.training.train import candidates

    made = candidates()
    forest, boosting, logistic = (
        made["random_forest"],
        made["hist_gradient_boosting"],
        made["logistic_regression"],
    )

    def boosting_with(**options: Any) -> Callable[[], Any]:
        def make() -> Any:
            estimator = boosting()
            estimator.set_params(**options)
            return estimator

        return make

    monotone = [1 if name in MONOTONE_INPUTS else 0 for name in MODEL_INPUTS]
    return {
        "random_forest+balanced": _fitted(forest),
        "hist_gradient_boosting+balanced": _fitted(boosting),
        "boosting, monotone in size": _fitted(boosting_with(monotonic_cst=monotone)),
        "boosting, 16 leaves, 600 rounds, lr 0.02, L2 5": _fitted(
            boosting_with(
                max_iter=600,
                learning_rate=0.02,
                max_leaf_nodes=16,
                min_samples_leaf=100,
                l2_regularization=5.0,
            )
        ),
        "forest, recency half-life 50 %": _fitted(forest, recency=0.5),
        "forest, recency half-life 25 %": _fitted(forest, recency=0.25),
        "forest rank 0.7 + la rank 0.3": _rank_blend(_fitted(forest), 0.3),
        "forest rank 0.5 + la rank 0.5": _rank_blend(_fitted(forest), 0.5),
        "boosting rank 0.7 + la rank 0.3": _rank_blend(_fitted(boosting), 0.3),
        "boosting logit 0.7 + la logit 0.3": _la_logit_blend(_fitted(boosting), 0.3),
        "boosting logit 0.5 + la logit 0.5": _la_logit_blend(_fitted(boosting), 0.5),
        "rank mean of forest, boosting, logistic": _rank_mean(
            _fitted(forest), _fitted(boosting), _fitted(logistic)
        ),
        "soft vote forest + boosting": _fitted(
            lambda: VotingClassifier([("f", forest()), ("b", boosting())], voting="soft")
        ),
    }


def run(data_dir: Path, mode: str, names: list[str] | None = None) -> list[dict[str, Any]]:
    import numpy as np
    import pandas as pd
    from sklearn.metrics import roc_auc_score

    from reviewbot.model.training.dataset import load_csv, time_split
    from reviewbot.model.training.train import FOLDS, _slice

    frames = {p: load_csv(data_dir / f"{p}.csv") for p in PROJECTS}
    table = variants()
    rows = []
    for name in names or list(table):
        method, started, result = table[name], time.monotonic(), {}
        for project in PROJECTS:
            if mode == "within":
                train, test = time_split(frames[project], 0.2)
                folds = [(_slice(train, 0.0, a), _slice(train, a, b)) for a, b in FOLDS]
            else:
                train = pd.concat([f for p, f in frames.items() if p != project])
                test = frames[project]
                folds = [
                    (train[train["project"] != p], frames[p]) for p in PROJECTS if p != project
                ]
            valid = [float(roc_auc_score(v["bug"], method(t, v))) for t, v in folds]
            result[project] = [
                round(float(np.mean(valid)), 4),
                round(float(roc_auc_score(test["bug"], method(train, test))), 4),
            ]
        rows.append(
            {
                "mode": mode,
                "variant": name,
                "validation_mean": round(float(np.mean([v[0] for v in result.values()])), 4),
                "test_mean": round(float(np.mean([v[1] for v in result.values()])), 4),
                **result,
                "seconds": round(time.monotonic() - started),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--mode", choices=("within", "lopo"), default="within")
    parser.add_argument("--only", action="append", help="a variant's name (repeatable)")
    args = parser.parse_args()
    run(args.data_dir, args.mode, args.only)


if __name__ == "__main__":
    main()
