"""Train the defect model: pick an estimator by validation that respects time and
projects, fit it on every row, write a skops artifact and its metadata.

Candidates: logistic regression on the log/ratio inputs, a size-bounded random forest,
histogram gradient boosting and the mean of the two tree models, each plain or "balanced"
(rows weighted so that every project, and within it buggy and clean rows, weigh the same:
SZZ bug rates differ 4x between projects, mostly by labelling convention). Each candidate
is scored by AUC on

- two forward-chaining folds per project (earliest 60 % -> next 20 %; earliest 80 % ->
  last 20 %), never shuffled across time, and
- with several projects, leave-one-project-out folds (how it does on a repository it has
  never seen, which is what a shipped model is for);

the best mean (the two families weigh equally) wins and is refitted on all rows.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewbot.model.features import FEATURES
from reviewbot.model.training import metrics
from reviewbot.model.training.dataset import sha256_of
from reviewbot.model.training.fitting import (  # noqa: F401  (re-exported: report, experiments)
    FOLDS,
    _auc,
    _fit,
    _make,
    _slice,
    _weights,
    artifact_estimator,
    candidate_names,
    candidates,
    predict,
)

# Below these a model's validation is noise (a 20 % fold of 200 commits with 20 buggy ones
# holds about 4 of them) and scores are meaningless; the bot then keeps the shipped model.
MIN_COMMITS = 200
MIN_BUG_INDUCING = 20
FALLBACK = "reviews keep using the shipped model (models/default)"


class TooLittleHistory(ValueError):
    """Too few commits or bug-inducing commits to train a model worth using."""


def check_enough(
    frame: Any, min_commits: int = MIN_COMMITS, min_bugs: int = MIN_BUG_INDUCING
) -> None:
    """Raise `TooLittleHistory`, saying what is missing and what the bot uses instead,
    when the training rows are too few to learn and validate anything."""
    rows, bugs = len(frame), int(frame["bug"].sum())
    if rows < min_commits:
        raise TooLittleHistory(
            f"only {rows} commits to train on; at least {min_commits} are needed "
            f"(--min-commits) to train and validate a model, so {FALLBACK}"
        )
    if bugs < min_bugs:
        raise TooLittleHistory(
            f"only {bugs} bug-inducing commits among {rows} (SZZ labels); at least "
            f"{min_bugs} are needed (--min-bugs), so {FALLBACK}"
        )
    if bugs == rows:
        raise TooLittleHistory(f"every one of the {rows} commits is labelled buggy, so {FALLBACK}")


def select(
    frame: Any, names: Sequence[str] | None = None, progress: bool | None = False
) -> tuple[str, dict[str, dict[str, float]]]:
    """The candidate with the best validation AUC (see the module docstring).
    `progress`: a bar on stderr per candidate (None: when stderr is a terminal)."""
    import numpy as np
    from tqdm import tqdm

    projects = sorted(frame["project"].unique())
    scores: dict[str, dict[str, float]] = {}
    for candidate in tqdm(
        names or candidate_names(),
        desc="training candidates",
        unit="candidate",
        leave=False,
        disable=None if progress is None else not progress,
    ):
        make, balanced = _make(candidate)
        over_time: list[float] = []
        for train_to, valid_to in FOLDS:
            fit_rows = _slice(frame, 0.0, train_to)
            if fit_rows["bug"].nunique() < 2:
                continue
            estimator = _fit(make, fit_rows, balanced)
            for _, valid in _slice(frame, train_to, valid_to).groupby("project"):
                if valid["bug"].nunique() == 2:
                    over_time.append(_auc(valid["bug"], predict(estimator, valid)))
        across: list[float] = []
        for held_out in projects if len(projects) > 1 else []:
            fit_rows = frame[frame["project"] != held_out]
            valid = frame[frame["project"] == held_out]
            if fit_rows["bug"].nunique() == 2 and valid["bug"].nunique() == 2:
                estimator = _fit(make, fit_rows, balanced)
                across.append(_auc(valid["bug"], predict(estimator, valid)))
        families = [float(np.mean(f)) for f in (over_time, across) if f]
        scores[candidate] = {
            "time_folds": round(float(np.mean(over_time)), 4) if over_time else None,
            "leave_one_project_out": round(float(np.mean(across)), 4) if across else None,
            "score": round(float(np.mean(families)), 4) if families else -1.0,
        }
    best = max(scores, key=lambda c: scores[c]["score"])
    if scores[best]["score"] < 0:
        raise TooLittleHistory(
            "no validation fold holds both buggy and clean commits, so no candidate can "
            f"be measured; {FALLBACK}"
        )
    return best, scores


def fit_selected(
    frame: Any, progress: bool | None = False
) -> tuple[Any, str, dict[str, dict[str, float]]]:
    candidate, scores = select(frame, progress=progress)
    make, balanced = _make(candidate)
    return _fit(make, frame, balanced), candidate, scores


def _holdout_metrics(frame: Any, candidate: str) -> dict[str, Any]:
    """The chosen candidate refitted on the earliest 80 % of each project and measured on
    each project's latest 20 % separately, next to rank-by-la on the same rows, with a
    paired bootstrap 95 % interval of the AUC difference. No pooled figure: pooling
    projects whose bug rates differ four-fold flatters the AUC."""
    fit_rows, test = _slice(frame, 0.0, 0.8), _slice(frame, 0.8, 1.0)
    make, balanced = _make(candidate)
    estimator = _fit(make, fit_rows, balanced)
    rate = float(fit_rows["bug"].mean())
    per_project = {}
    for project, rows in test.groupby("project", sort=True):
        scores = predict(estimator, rows)
        per_project[str(project)] = {
            "test_rows": len(rows),
            "test_bug_rate": round(float(rows["bug"].mean()), 4),
            **metrics.compare(scores, rows, rate),
            "vs_la": metrics.auc_difference(
                rows["bug"].to_numpy(), scores, rows["la"].to_numpy(dtype=float)
            ),
        }
    return {
        "holdout": "latest 20 % of each training file, each measured on its own; fitted "
        "on the earliest 80 % of every file",
        "train_rows": len(fit_rows),
        "test_rows": len(test),
        "per_project": per_project,
    }


def _write_compiled(estimator: Any, out: Path, digest: str) -> None:
    """The numpy-only form reviews score with (no scikit-learn import); an estimator it
    cannot express keeps scoring through skops, only slower."""
    import logging

    from reviewbot.model.compiled import COMPILED, UnsupportedModel
    from reviewbot.model.training.export import write_compiled

    (out / COMPILED).unlink(missing_ok=True)
    try:
        write_compiled(estimator, out, digest)
    except UnsupportedModel as exc:
        logging.getLogger(__name__).warning("no compiled model, reviews will be slower: %s", exc)


def train(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    frame: Any = None,
    progress: bool | None = False,
    min_commits: int = MIN_COMMITS,
    min_bugs: int = MIN_BUG_INDUCING,
    source: dict[str, Any] | None = None,
    calibrate: bool = False,
) -> dict[str, Any]:
    """Train on every row of the given CSVs, write `out`/model.skops + metadata.json.
    `source`: what the rows are (`{"kind": "repository", "head": …, "commits": N}` for a
    repository's own history), stored in the metadata for reviews to say. `calibrate`:
    Platt-calibrate the scores on a held-out time slice (`calibrate.calibrate`; for a
    repository's own model). Rows carrying own-history features (`mine(own=True)`) keep
    those the validation folds select (`own_select`)."""
    import pandas as pd
    import skops.io as sio

    from reviewbot.model.artifact import (
        ARTIFACT,
        DEFAULT_BANDS,
        FORMAT_VERSION,
        METADATA,
        MODEL_INPUTS,
        TRANSFORM_VERSION,
        library_versions,
        sha256_file,
    )
    from reviewbot.model.training.calibrate import calibrate as calibrate_on
    from reviewbot.model.training.dataset import load_csv, own_columns
    from reviewbot.model.training.own_select import select_own_features

    frames = [load_csv(p) for p in paths]
    data = pd.concat(frames, ignore_index=True) if frame is None else frame
    check_enough(data, min_commits, min_bugs)
    selection_log: list[dict[str, Any]] = []
    if own_columns(data):
        # mined with own-history features: keep only those that help on this
        # repository's own validation folds
        kept, selection_log = select_own_features(data)
        data = data.drop(columns=[c for c in own_columns(data) if c not in kept])
    estimator, chosen, scores = fit_selected(data, progress=progress)
    holdout = _holdout_metrics(data, chosen)
    calibration = calibrate_on(data, chosen) if calibrate else None
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    artifact = out / ARTIFACT
    tmp = artifact.with_suffix(".tmp")
    stored = artifact_estimator(estimator)
    sio.dump(stored, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(artifact)
    digest = sha256_file(artifact)
    _write_compiled(stored, out, digest)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    metadata = {
        "format_version": FORMAT_VERSION,
        "model_id": f"jit-{chosen.replace('+', '-')}-{now:%Y%m%d}-{digest[:8]}",
        "estimator": chosen,
        "features": list(FEATURES),
        "transform": TRANSFORM_VERSION,
        "model_inputs": [*MODEL_INPUTS, *(f"log1p_{c}" for c in own_columns(data))],
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
        "source": source or {"kind": "datasets"},
        "training_rows": len(data),
        "positive_rate": round(float(data["bug"].mean()), 4),
        "selection": {
            "method": "mean of (AUC over forward-chaining time folds per project "
            f"{[list(f) for f in FOLDS]}) and (AUC leaving each project out)",
            "validation_auc": scores,
        },
        "balanced": chosen.endswith("+balanced"),
        "own_features": own_columns(data),
        **({"own_feature_selection": selection_log} if selection_log else {}),
        **({"calibration": calibration} if calibration else {}),
        "metrics": holdout,
        "medians": {name: float(data[name].median()) for name in (*FEATURES, *own_columns(data))},
        "bands": dict(DEFAULT_BANDS),
        "artifact_sha256": digest,
        "artifact_bytes": artifact.stat().st_size,
    }
    (out / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return metadata
