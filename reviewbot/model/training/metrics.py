"""Evaluation metrics, plain and effort-aware (effort = la + ld).

Threshold metrics (f1, mcc) flag the top `positive_rate` share of rows by score as
defect-inducing, the same rule for a model and for "rank by la", so the comparison does
not depend on calibration. Effort-aware metrics inspect rows in score order (ties: the
smaller change first) and count the share of total effort spent.
"""

from __future__ import annotations

import math
from typing import Any

NAMES = ("auc", "f1", "mcc", "recall_at_20_effort", "effort_at_20_recall", "popt")


def _order(score: Any, effort: Any) -> Any:
    import numpy as np

    return np.lexsort((effort, -np.asarray(score, dtype=float)))


def _curve(y: Any, effort: Any, order: Any) -> tuple[Any, Any]:
    """Cumulative effort share (x) and recall (y) along an inspection order, from (0, 0)."""
    import numpy as np

    e = np.asarray(effort, dtype=float)[order]
    t = np.asarray(y, dtype=float)[order]
    x = np.concatenate([[0.0], np.cumsum(e) / max(e.sum(), 1e-12)])
    r = np.concatenate([[0.0], np.cumsum(t) / max(t.sum(), 1e-12)])
    return x, r


def _area(x: Any, r: Any) -> float:
    import numpy as np

    return float(np.sum((x[1:] - x[:-1]) * (r[1:] + r[:-1]) / 2.0))


def recall_at_effort(y: Any, score: Any, effort: Any, share: float = 0.2) -> float:
    import numpy as np

    x, r = _curve(y, effort, _order(score, effort))
    return float(np.interp(share, x, r)) if x[-1] > 0 else math.nan


def effort_at_recall(y: Any, score: Any, effort: Any, share: float = 0.2) -> float:
    import numpy as np

    x, r = _curve(y, effort, _order(score, effort))
    index = int(np.searchsorted(r, share - 1e-12))
    return float(x[min(index, len(x) - 1)])


def popt(y: Any, score: Any, effort: Any) -> float:
    """Kamei et al.'s Popt: 1 - (area(optimal) - area(model)) / (area(optimal) -
    area(worst)); optimal inspects by defect density, worst in the reverse order."""
    import numpy as np

    y = np.asarray(y, dtype=float)
    e = np.asarray(effort, dtype=float)
    density = y / np.maximum(e, 1.0)
    best = _area(*_curve(y, e, _order(density, e)))
    worst = _area(*_curve(y, e, np.lexsort((-e, density))))
    model = _area(*_curve(y, e, _order(score, e)))
    if best - worst <= 0:
        return math.nan
    return float(1.0 - (best - model) / (best - worst))


def evaluate(y: Any, score: Any, effort: Any, positive_rate: float) -> dict[str, float]:
    import numpy as np
    from sklearn.metrics import f1_score, matthews_corrcoef, roc_auc_score

    y = np.asarray(y, dtype=int)
    score = np.asarray(score, dtype=float)
    flagged = np.zeros(len(y), dtype=int)
    k = round(positive_rate * len(y))
    flagged[_order(score, effort)[:k]] = 1
    two_classes = len(set(y.tolist())) == 2
    result = {
        "auc": float(roc_auc_score(y, score)) if two_classes else math.nan,
        "f1": float(f1_score(y, flagged, zero_division=0)),
        "mcc": float(matthews_corrcoef(y, flagged)),
        "recall_at_20_effort": recall_at_effort(y, score, effort, 0.2),
        "effort_at_20_recall": effort_at_recall(y, score, effort, 0.2),
        "popt": popt(y, score, effort),
    }
    return {k: (round(v, 4) if math.isfinite(v) else None) for k, v in result.items()}


def compare(scores: Any, test: Any, positive_rate: float) -> dict[str, dict[str, Any]]:
    """The model's scores and "rank by la" (the effort-aware baseline) measured on the same
    test rows: what `model evaluate`, training's holdout and the report all show."""
    effort = (test["la"] + test["ld"]).to_numpy(dtype=float)
    y = test["bug"].to_numpy()
    return {
        "model": evaluate(y, scores, effort, positive_rate),
        "baseline_la": evaluate(y, test["la"].to_numpy(dtype=float), effort, positive_rate),
    }


BOOTSTRAP_SAMPLES = 1000


def auc_difference(
    y: Any,
    score: Any,
    baseline: Any,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = 0,
) -> dict[str, float | int | None]:
    """AUC(score) - AUC(baseline) on the same rows, with a paired bootstrap 95 %
    percentile interval: rows are resampled with replacement and both AUCs are taken on
    the same resample, so the interval is for the difference itself (the two AUCs are
    strongly correlated, and separate intervals would overlap even for a real gain).
    Resamples with a single class are skipped (and counted in `samples`)."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y, dtype=int)
    score = np.asarray(score, dtype=float)
    baseline = np.asarray(baseline, dtype=float)
    if len(set(y.tolist())) < 2:
        return {"difference": None, "low": None, "high": None, "samples": 0}
    rng = np.random.default_rng(seed)
    differences = []
    for _ in range(samples):
        index = rng.integers(0, len(y), len(y))
        if y[index].min() == y[index].max():
            continue
        differences.append(
            roc_auc_score(y[index], score[index]) - roc_auc_score(y[index], baseline[index])
        )
    point = float(roc_auc_score(y, score) - roc_auc_score(y, baseline))
    low, high = np.percentile(differences, [2.5, 97.5])
    return {
        "difference": round(point, 4),
        "low": round(float(low), 4),
        "high": round(float(high), 4),
        "samples": len(differences),
    }
