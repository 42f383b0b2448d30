"""Score a change with the trained just-in-time defect model, and say why in plain words.

`ModelScorer` is the `Scorer` the review pipeline calls: it computes the change's features
from the repository's history (history.py, features.py) and scores them with the model
loaded by artifact.py. `default_scorer` picks the model directory for a review; the CLI and
the pull-request service both start there.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewbot.model.artifact import Model, ModelError, load_model
from reviewbot.model.features import FEATURES, HistoryState
from reviewbot.model.risk import Risk

if TYPE_CHECKING:
    from reviewbot.review.config import ReviewConfig

log = logging.getLogger(__name__)


def _n(value: float) -> str:
    return f"{round(value):,}"


def _plural(count: float, word: str) -> str:
    return f"{_n(count)} {word}{'' if round(count) == 1 else 's'}"


def describe(
    metric: str, m: Mapping[str, float], medians: Mapping[str, float] | None = None
) -> str:
    """One metric of a change in plain words (`medians`: typical values, for "only")."""
    few = "only " if medians and m[metric] < medians.get(metric, 0) else ""
    if metric in ("nf", "nd", "ns"):
        text = f"touches {_plural(m['nf'], 'file')} across {_plural(m['nd'], 'directory')}"
        text = text.replace("directorys", "directories")
        if m["ns"] > 1:
            text += f" in {_n(m['ns'])} subsystems"
        return text
    if metric == "la":
        return f"adds {_plural(m['la'], 'line')}"
    if metric == "ld":
        return f"deletes {_plural(m['ld'], 'line')}"
    if metric == "lt":
        return f"changes files that already hold {_plural(m['lt'], 'line')}"
    if metric == "entrophy":
        return f"spreads its edits over {_plural(m['nf'], 'file')} rather than one"
    if metric == "fix":
        return "is a bug fix (fixes often induce new bugs)" if m["fix"] else "is not a bug fix"
    if metric == "ndev":
        return f"the files were changed before by {_plural(m['ndev'], 'developer')}"
    if metric == "age":
        return f"the files were last changed {_plural(m['age'], 'day')} ago on average"
    if metric == "nuc":
        return f"the files have {_plural(m['nuc'], 'earlier change')}"
    if metric == "exp":
        if m["exp"] == 0:
            return "author's first change in this repository"
        return f"author has {few}{_plural(m['exp'], 'earlier commit')} in this repository"
    if metric == "rexp":
        if few:
            return "author has little recent activity in this repository"
        return "author has been very active in this repository recently"
    if metric == "file_fixes":
        fixes = m["file_fixes"]
        return f"the files have needed {_n(fixes)} bug fix{'' if round(fixes) == 1 else 'es'}"
    if metric == "file_fix_recency":
        return "the files were fixed recently and often"
    if metric == "days_since_fix":
        return f"the files were last fixed {_plural(m['days_since_fix'], 'day')} ago"
    if metric == "file_bug_inducing":
        count = m["file_bug_inducing"]
        return f"{_plural(count, 'earlier change')} to these files later turned out buggy"
    if metric == "author_bug_rate":
        return f"{m['author_bug_rate']:.0%} of the author's recent commits later needed fixes"
    if metric == "cochange_buggy":
        return (
            f"files that usually change with these ({_n(m['cochange_buggy'])}) were fixed "
            "in the last 90 days"
        )
    if metric == "sexp":
        if m["sexp"] == 0:
            return "author's first change in this subsystem"
        return f"author has {few}{_plural(m['sexp'], 'earlier commit')} in this subsystem"
    raise KeyError(metric)


# Metrics whose description states an amount ("adds 61 lines"): read as a reason, it says
# "this much raises the risk", which is only honest when the amount is above the typical
# (median) one. A model can learn that *small* values raise risk (e.g. few deleted lines);
# "deletes 0 lines" would then be offered as a raiser, which reads as nonsense.
_AMOUNTS = frozenset(
    {"nf", "nd", "ns", "la", "ld", "lt", "entrophy", "ndev", "nuc"}
    | {"file_fixes", "file_fix_recency", "file_bug_inducing", "author_bug_rate", "cochange_buggy"}
)


def offerable(metric: str, m: Mapping[str, float], medians: Mapping[str, float]) -> bool:
    """Whether `describe(metric, m)` can honestly be offered as raising the risk."""
    value = float(m[metric])
    if metric in _AMOUNTS:
        return value > 0 and value > float(medians.get(metric, 0.0))
    if metric == "fix":
        return value == 1  # "is not a bug fix" is no reason for risk
    if metric == "age":
        return value > 0  # "last changed 0 days ago" is what new files read as
    if metric == "days_since_fix":  # a recent fix raises the risk, a long-ago one does not
        return value < float(medians.get(metric, 0.0))
    return True  # experience: "only 3 earlier commits", "first change" read right


def explain(model: Model, metrics: Mapping[str, float], top: int = 3) -> list[str]:
    """The factors that raise this change's risk most: each metric (file counts as one
    group) is set to the training median in turn; the bigger the drop in probability,
    the more that metric contributes. Only factors that raise the risk are named, and
    only when their wording says so honestly (`offerable`: never "deletes 0 lines")."""
    import numpy as np

    medians = model.metadata.get("medians", {})
    columns = getattr(model, "columns", list(FEATURES))
    base_row = [float(metrics[name]) for name in columns]
    groups: list[tuple[str, ...]] = [
        ("nf", "nd", "ns"),
        *[(f,) for f in columns if f not in ("nf", "nd", "ns")],
    ]
    rows = [base_row]
    for group in groups:
        row = list(base_row)
        for name in group:
            row[columns.index(name)] = float(medians.get(name, base_row[columns.index(name)]))
        rows.append(row)
    probs = model.predict(np.array(rows))
    drops = [(float(probs[0] - p), group) for p, group in zip(probs[1:], groups, strict=True)]
    drops.sort(key=lambda item: item[0], reverse=True)
    raisers = [
        group[0] for drop, group in drops if drop > 0.005 and offerable(group[0], metrics, medians)
    ]
    return [describe(metric, metrics, medians) for metric in raisers[:top]]


def risk_for(model: Model, metrics: Mapping[str, float], source: str = "") -> Risk:
    import numpy as np

    row = np.array([[float(metrics[name]) for name in model.columns]])
    probability = float(model.predict(row)[0])
    if not math.isfinite(probability):
        raise ModelError("the model returned a non-finite probability")
    return Risk(
        probability=probability,
        band=model.band(probability),
        reasons=explain(model, metrics),
        model=model.model_id,
        source=source,
    )


class ModelScorer:
    """The `Scorer` the review pipeline calls: features of merge-base(base, head)..head
    against history up to the merge base only, scored by the model."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        cache_dir: str | Path | None = None,
        *,
        fallback: bool = False,
    ):
        """`fallback`: when `model_dir` (a repository's cached model) cannot be loaded
        (e.g. trained with another scikit-learn major version), score with the shipped
        model instead of not at all; an explicitly chosen model never falls back."""
        self.model_dir = model_dir
        self.cache_dir = cache_dir
        self.fallback = fallback
        self._model: Model | None = None
        self.source = ""

    @property
    def model(self) -> Model:
        if self._model is None:
            from reviewbot.model.own import describe_source

            try:
                self._model = load_model(self.model_dir)
            except ModelError as exc:
                if not (self.fallback and self.model_dir):
                    raise
                log.warning("%s; scoring with the shipped model instead", exc)
                self.model_dir = None
                self._model = load_model(None)
            self.source = describe_source(self._model.metadata, shipped=not self.model_dir)
        return self._model

    def metrics(self, repo_path: str, base: str, head: str) -> dict[str, float]:
        from reviewbot.model import history

        if history.is_shallow(repo_path):
            raise ModelError(
                "the clone is shallow, so author and file history would be wrong; fetch "
                "the full history (e.g. actions/checkout with fetch-depth: 0)"
            )
        change, merge_base = history.squashed_change(repo_path, base, head)
        state = HistoryState()
        commits = history.load_history(repo_path, merge_base, cache_dir=self.cache_dir)
        for commit in commits:
            state.apply(commit.change)
        values = state.metrics(change)
        if self.model.metadata.get("own_features"):
            values.update(own_history_features(repo_path, commits, change, self.cache_dir))
        return values

    def score(self, repo_path: str, base: str, head: str) -> Risk:
        model = self.model
        return risk_for(model, self.metrics(repo_path, base, head), self.source)


def own_history_features(
    repo_path: str, commits: Sequence[Any], change: Any, cache_dir: str | Path | None
) -> dict[str, float]:
    """The own-history features of a change after `commits` (the merge base's history).
    SZZ labels come from the blame cache the model's training filled (history.SzzCache):
    fixes made since the model was last trained count as fixes, but the commits they
    blame are not yet known bug-inducing until the next retrain mines them."""
    from reviewbot.model import history
    from reviewbot.model.own_features import OwnHistoryState

    state = OwnHistoryState(history.SzzCache(repo_path, cache_dir).load())
    for commit in commits:
        if not commit.is_merge:
            state.apply(commit.sha, commit.change)
    return state.features(change)


def scores_for(model: Model, rows: Sequence[Mapping[str, float]]) -> list[float]:
    import numpy as np

    matrix = np.array([[float(r[name]) for name in FEATURES] for r in rows])
    return [float(p) for p in model.predict(matrix)]


def default_scorer(
    repo: str, model_dir: str | None = None, config: ReviewConfig | None = None
) -> ModelScorer:
    """The JIT defect model's scorer for a review of `repo`: --model DIR, else
    $REVIEWBOT_MODEL, else the repository config's `model` (relative to `repo`, its root),
    else the repository's own cached model (`reviewbot.model.own`), else models/default.
    The CLI and the pull-request service both start here."""
    from reviewbot.model.own import choose_model

    choice = choose_model(
        repo,
        explicit=model_dir or os.environ.get("REVIEWBOT_MODEL") or None,
        configured=config.model if config and config.model else None,
    )
    return ModelScorer(model_dir=choice.directory, fallback=choice.origin == "cache")
