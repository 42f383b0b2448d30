"""Calibrate a repository's own model on its own outcomes, so that its risk reads as a
probability on that repository.

Held-out time slice: the chosen candidate is fitted on the earliest 80 % of the rows and
scores the latest 20 % (the calibration slice), which it has not seen. Platt scaling (a
logistic regression of the label on the logit of the raw score) is fitted there; with a
few hundred rows it is steadier than isotonic regression, and being monotone it never
changes the ranking (the AUC). Honest Brier figures: the map is first fitted on the
earlier half of the slice and the Brier score measured on the later half, before (the
uncalibrated probability as reviews read it otherwise: the raw score, or for a balanced
model its odds rescaled to the training bug rate) and after; the stored map is then
refitted on the whole slice. The final model is fitted on every row, as before; the map
learnt from the 80 % fit is applied to it (the usual approximation: its scores are
distributed like the 80 % fit's, it has seen 25 % more history).

Note that SZZ labels the newest commits least (a bug is only found once a later fix
touches it), so the calibrated probability is "of being found bug-inducing as labels
stand at training time": lower than the all-history rate on a young slice.
"""

from __future__ import annotations

from typing import Any

HOLDOUT = 0.2
MIN_EACH_CLASS = 5  # in each half of the slice; fewer and the map is noise


def platt(raw: Any, y: Any) -> tuple[float, float]:
    """(slope, intercept) of P(bug) = sigmoid(slope * logit(raw) + intercept)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    q = np.clip(np.asarray(raw, dtype=float), 1e-6, 1 - 1e-6)
    z = np.log(q / (1 - q)).reshape(-1, 1)
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(z, np.asarray(y, dtype=int))
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def brier(p: Any, y: Any) -> float:
    import numpy as np

    return float(np.mean((np.asarray(p, dtype=float) - np.asarray(y, dtype=float)) ** 2))


def calibrate(frame: Any, candidate: str) -> dict[str, Any]:
    """The Platt map for `candidate` trained on `frame` (one repository, time-ordered),
    with Brier scores before and after; {"method": None, "note": why} when the slice is
    too small to calibrate on."""
    from reviewbot.model.artifact import finish_probability
    from reviewbot.model.training import fitting as t

    fit_rows, held = t._slice(frame, 0.0, 1.0 - HOLDOUT), t._slice(frame, 1.0 - HOLDOUT, 1.0)
    half = len(held) // 2
    first, second = held.iloc[:half], held.iloc[half:]
    counts = [int(part["bug"].sum()) for part in (first, second)]
    sizes = [len(first), len(second)]
    if min(min(counts), min(n - c for n, c in zip(sizes, counts, strict=True))) < MIN_EACH_CLASS:
        return {
            "method": None,
            "note": f"not calibrated: the held-out slice (latest {HOLDOUT:.0%}, {len(held)} "
            f"commits, {sum(counts)} bug-inducing) needs at least {MIN_EACH_CLASS} buggy "
            "and clean commits in each half",
        }
    make, balanced = t._make(candidate)
    model = t._fit(make, fit_rows, balanced)
    raw = t.predict(model, held)
    plain = finish_probability(
        raw, {"balanced": balanced, "positive_rate": float(fit_rows["bug"].mean())}
    )
    a, b = platt(raw[:half], first["bug"])
    measured = finish_probability(
        raw[half:], {"calibration": {"method": "platt", "slope": a, "intercept": b}}
    )
    slope, intercept = platt(raw, held["bug"])
    return {
        "method": "platt",
        "slope": round(slope, 6),
        "intercept": round(intercept, 6),
        "fitted_on": f"latest {HOLDOUT:.0%} of the rows ({len(held)} commits, bug rate "
        f"{held['bug'].mean():.3f}), scored by the candidate fitted on the earliest "
        f"{1 - HOLDOUT:.0%}",
        "brier": {
            "measured_on": f"the later half of that slice ({len(second)} commits), the map "
            "fitted on the earlier half",
            "uncalibrated": round(brier(plain[half:], second["bug"]), 4),
            "calibrated": round(brier(measured, second["bug"]), 4),
            "base_rate_only": round(brier([first["bug"].mean()] * len(second), second["bug"]), 4),
        },
    }
