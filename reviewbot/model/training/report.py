"""The model card's tables: per-project time split and leave-one-project-out, each
against "rank by la" and the published baselines.

    python -m reviewbot.model.training.report --data-dir ../shared/datasets/jit > tables.md

Model selection inside each run sees only that run's training rows. Every project is
reported on its own, with a paired bootstrap 95 % interval of (model AUC - rank-by-la
AUC): pooling projects whose bug rates differ four-fold flatters the AUC, so no pooled
figure is printed (the mean over projects is)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

PUBLISHED = {  # AUC on the same time split, from the dataset README (Zeng et al. 2021)
    "LApredict": {"gerrit": 0.750, "go": 0.683, "jdt": 0.676, "platform": 0.746},
    "LR-JIT": {"gerrit": 0.657, "go": 0.675, "jdt": 0.674, "platform": 0.640},
    "DBN-JIT": {"gerrit": 0.671, "go": 0.674, "jdt": 0.587, "platform": 0.697},
    "DeepJIT": {"gerrit": 0.703, "go": 0.689, "jdt": 0.670, "platform": 0.771},
    "CC2Vec": {"gerrit": 0.699, "go": 0.692, "jdt": 0.665, "platform": 0.761},
}
PROJECTS = ("gerrit", "go", "jdt", "platform")


def time_split_results(data_dir: Path) -> dict[str, Any]:
    from reviewbot.model.training.dataset import load_csv, time_split

    results: dict[str, Any] = {}
    for project in PROJECTS:
        train, test = time_split(load_csv(data_dir / f"{project}.csv"), 0.2)
        results[project] = evaluate_on(train, test)
    return results


def lopo_results(data_dir: Path) -> dict[str, Any]:
    import pandas as pd

    from reviewbot.model.training.dataset import load_csv

    frames = {p: load_csv(data_dir / f"{p}.csv") for p in PROJECTS}
    results = {}
    for project in PROJECTS:
        train = pd.concat([f for p, f in frames.items() if p != project], ignore_index=True)
        test = frames[project]
        results[project] = evaluate_on(train, test)
    return results


def evaluate_on(train: Any, test: Any) -> dict[str, Any]:
    """Select and fit a model on `train`, then score it on `test`: one row of a table."""
    from reviewbot.model.training.metrics import compare
    from reviewbot.model.training.train import fit_selected, predict

    estimator, chosen, _ = fit_selected(train)
    scores = predict(estimator, test)
    return {
        **compare(scores, test, float(train["bug"].mean())),
        "vs_la": difference_to_la(scores, test),
        "chosen": chosen,
        "train_rows": len(train),
        "test_rows": len(test),
    }


def difference_to_la(scores: Any, test: Any) -> dict[str, Any]:
    """AUC(model) - AUC(rank by la) on one project's test rows, with its paired
    bootstrap 95 % interval (`metrics.auc_difference`)."""
    from reviewbot.model.training.metrics import auc_difference

    return auc_difference(test["bug"].to_numpy(), scores, test["la"].to_numpy(dtype=float))


def _ci(r: dict[str, Any]) -> str:
    d = r["vs_la"]
    if d["difference"] is None:
        return "n/a"
    return f"{d['difference']:+.3f} ({d['low']:+.3f} … {d['high']:+.3f})"


def _f(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def markdown(time_split: dict[str, Any], lopo: dict[str, Any]) -> str:
    lines = [
        "### Within-project time split (train earliest 80 %, test latest 20 %)",
        "",
        "| project | chosen | AUC | rank by la AUC | model - la (95 % CI) | LApredict | "
        "DeepJIT | CC2Vec | F1 | MCC | recall@20%effort | effort@20%recall | Popt | "
        "Popt (la) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p, r in time_split.items():
        m, b = r["model"], r["baseline_la"]
        lines.append(
            f"| {p} | {r['chosen']} | **{_f(m['auc'])}** | {_f(b['auc'])} | {_ci(r)} | "
            f"{PUBLISHED['LApredict'][p]:.3f} | {PUBLISHED['DeepJIT'][p]:.3f} | "
            f"{PUBLISHED['CC2Vec'][p]:.3f} | {_f(m['f1'])} | {_f(m['mcc'])} | "
            f"{_f(m['recall_at_20_effort'])} | {_f(m['effort_at_20_recall'])} | "
            f"{_f(m['popt'])} | {_f(b['popt'])} |"
        )
    mean = sum(r["model"]["auc"] for r in time_split.values()) / len(time_split)
    mean_la = sum(r["baseline_la"]["auc"] for r in time_split.values()) / len(time_split)
    lines += [
        "",
        f"Mean AUC over projects: model **{mean:.3f}**, rank by la {mean_la:.3f}.",
    ]
    if not lopo:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "### Leave one project out (train on the other three, test on all of this one)",
        "",
        "| project | chosen | AUC | rank by la AUC | model - la (95 % CI) | F1 | MCC | "
        "recall@20%effort | effort@20%recall | Popt |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p, r in lopo.items():
        m, b = r["model"], r["baseline_la"]
        lines.append(
            f"| {p} | {r['chosen']} | **{_f(m['auc'])}** | {_f(b['auc'])} | {_ci(r)} | "
            f"{_f(m['f1'])} | {_f(m['mcc'])} | {_f(m['recall_at_20_effort'])} | "
            f"{_f(m['effort_at_20_recall'])} | {_f(m['popt'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--time-split-only", action="store_true", help="skip leave-one-project-out")
    args = parser.parse_args()
    ts = time_split_results(args.data_dir)
    lopo = {} if args.time_split_only else lopo_results(args.data_dir)
    if args.json:
        args.json.write_text(json.dumps({"time_split": ts, "lopo": lopo}, indent=2) + "\n")
    print(markdown(ts, lopo))


if __name__ == "__main__":
    main()
