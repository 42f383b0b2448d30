"""`model evaluate`: the model and "rank by la" on the same test rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewbot.model.training import metrics
from reviewbot.model.training.dataset import DatasetError, load_csv, time_split


def evaluate(
    data: Sequence[str | Path],
    model_dir: str | Path | None = None,
    split: str | None = None,
    test_fraction: float = 0.2,
) -> dict[str, Any]:
    import pandas as pd

    if not data:
        raise DatasetError("give at least one --data CSV")
    if split == "time":
        if model_dir is not None:
            raise DatasetError("--split time trains a fresh model; leave out --model")
        if len(data) != 1:
            raise DatasetError("--split time takes exactly one --data file")
        train_rows, test = time_split(load_csv(data[0]), test_fraction)
        from reviewbot.model.training.train import fit_selected, predict

        estimator, _, _ = fit_selected(train_rows)
        scores = predict(estimator, test)
        result = metrics.compare(scores, test, float(train_rows["bug"].mean()))
        n_train = len(train_rows)
    elif split is None:
        from reviewbot.model.artifact import load_model

        model = load_model(model_dir)
        test = pd.concat([load_csv(p) for p in data], ignore_index=True)
        rate = float(model.metadata.get("positive_rate", test["bug"].mean()))
        missing = [c for c in model.columns if c not in test.columns]
        if missing:
            raise DatasetError(
                f"the model uses own-history features the data lacks ({', '.join(missing)}); "
                "mine the data with them (reviewbot mine --own-features)"
            )
        result = metrics.compare(model.predict(test[model.columns].to_numpy(float)), test, rate)
        n_train = int(model.metadata.get("training_rows", 0))
    else:
        raise DatasetError(f"unknown --split {split!r}; the only split is 'time'")
    output: dict[str, Any] = {
        "model": result["model"],
        "baseline_la": result["baseline_la"],
        "train_rows": n_train,
        "test_rows": len(test),
    }
    reason = no_auc_reason(test)
    if reason:
        output["auc_note"] = reason
    return output


def no_auc_reason(test: Any) -> str | None:
    """Why the test rows have no AUC (it needs both buggy and clean rows), or None."""
    bugs, rows = int(test["bug"].sum()), len(test)
    if 0 < bugs < rows:
        return None
    only = "clean" if bugs == 0 else "bug-inducing"
    return (
        f"no AUC: all {rows} test rows are {only} ({bugs} bug-inducing); AUC compares "
        "buggy with clean rows, so it needs both (try more data or a larger --test-fraction)"
    )
