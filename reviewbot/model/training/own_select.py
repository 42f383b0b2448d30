"""Which own-history features a repository's model uses: chosen on that repository's
training rows only, by forward-chaining time folds (never on test rows).

Greedy forward selection: start from the 14 metrics; in each round, add the own-history
feature whose addition raises the mean validation AUC over the time folds (`train.FOLDS`:
fit on the earliest 60 % -> validate on the next 20 %; fit on 80 % -> validate on the
last 20 %, both inside the training rows) the most, if by at least MIN_GAIN; all the
remaining features at once are a candidate too (weak signals may help only together);
stop when no candidate gains MIN_GAIN. The selection fits one fixed, fast estimator
(SELECTION_ESTIMATOR), not every candidate, so it costs a few dozen fits; the estimator
itself is chosen afterwards by `train.select` on the selected features.
"""

from __future__ import annotations

from typing import Any

from reviewbot.model.own_features import OWN_FEATURES

ALL = "all remaining"
MIN_GAIN = 0.005  # smaller gains are well inside a time fold's noise
SELECTION_ESTIMATOR = "random_forest"


def fold_auc(frame: Any, columns: list[str], estimator: str = SELECTION_ESTIMATOR) -> float | None:
    """Mean AUC over the time folds of a model on the 14 metrics plus `columns`."""
    import numpy as np

    from reviewbot.model.training import fitting as t

    keep = [c for c in frame.columns if c not in OWN_FEATURES or c in columns]
    rows = frame[keep]
    make, balanced = t._make(estimator)
    aucs = []
    for train_to, valid_to in t.FOLDS:
        fit_rows, valid = t._slice(rows, 0.0, train_to), t._slice(rows, train_to, valid_to)
        if fit_rows["bug"].nunique() < 2 or valid["bug"].nunique() < 2:
            continue
        model = t._fit(make, fit_rows, balanced)
        aucs.append(t._auc(valid["bug"], t.predict(model, valid)))
    return float(np.mean(aucs)) if aucs else None


def select_own_features(frame: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The own-history features to keep (canonical order) and the selection's log: one
    entry per round with every candidate's validation AUC."""
    available = [c for c in OWN_FEATURES if c in frame.columns]
    chosen: list[str] = []
    best = fold_auc(frame, chosen)
    log: list[dict[str, Any]] = [{"features": [], "validation_auc": best}]
    if best is None:
        return [], log
    while available:
        tried = {f: fold_auc(frame, [*chosen, f]) for f in available}
        if len(available) > 1:
            # all of them at once, too: weak signals may only help together
            tried[ALL] = fold_auc(frame, [*chosen, *available])
        name = max(tried, key=lambda f: tried[f] or 0.0)
        log.append(
            {"base": list(chosen), "base_auc": round(best, 4),
             "tried": {f: None if a is None else round(a, 4) for f, a in tried.items()}}
        )  # fmt: skip
        if tried[name] is None or tried[name] < best + MIN_GAIN:
            break
        added = list(available) if name == ALL else [name]
        chosen += added
        available = [f for f in available if f not in added]
        best = tried[name]
    return [c for c in OWN_FEATURES if c in chosen], log
