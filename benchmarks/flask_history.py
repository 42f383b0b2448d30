"""Own-history training on a real repository: the complete Flask history.

    python -m benchmarks.flask_history [--bundle PATH] [--max-commits N] [--samples 1000]

Clones ../shared/repos/flask.bundle (beside the checkout) into a temporary directory,
mines all of it (SZZ labels, cold caches) and prints the time, rows and bug rate; then
splits the mined rows by time (earliest 80 % train, latest 20 % test, `model evaluate
--split time`'s split), trains a model on the training rows exactly as `model train`
does, and prints its test AUC against "rank by la" on the same rows with a paired
bootstrap 95 % interval of the difference. `--max-commits N` mines only the history up
to the N-th commit along the first-parent line (for a busy machine); the figure printed
says so."""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = ROOT.parent / "shared" / "repos" / "flask.bundle"


def clone(bundle: Path, into: Path, max_commits: int | None = None) -> str:
    """Clone the bundle; with `max_commits`, check out the N-th first-parent commit
    (detached) so that HEAD's history is the oldest part of the project. Returns HEAD."""
    subprocess.run(["git", "clone", "-q", str(bundle), str(into)], check=True)
    if max_commits:
        line = subprocess.run(
            ["git", "rev-list", "--first-parent", "--reverse", "HEAD"],
            cwd=into,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        target = line[min(max_commits, len(line)) - 1]
        subprocess.run(["git", "checkout", "-q", "--detach", target], cwd=into, check=True)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=into, check=True, capture_output=True, text=True
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--max-commits", type=int, help="mine only the oldest N commits")
    parser.add_argument("--samples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument(
        "--cache-dir", type=Path, help="keep the mining caches here (a rerun is then warm)"
    )
    args = parser.parse_args()
    if not args.bundle.is_file():
        parser.error(f"{args.bundle}: no such bundle (see shared/repos/README.md)")

    from reviewbot.model.own_features import OWN_FEATURES
    from reviewbot.model.training.dataset import load_csv, time_split
    from reviewbot.model.training.metrics import auc_difference, compare
    from reviewbot.model.training.mine import mine
    from reviewbot.model.training.own_select import select_own_features
    from reviewbot.model.training.train import fit_selected, predict

    with tempfile.TemporaryDirectory(prefix="flask-history-") as tmp:
        repo = Path(tmp) / "flask"
        head = clone(args.bundle, repo, args.max_commits)
        out = Path(tmp) / "mined.csv"
        started = time.monotonic()
        mined = mine(
            str(repo),
            out,
            cache_dir=str(args.cache_dir or Path(tmp) / "cache"),
            progress=None,
            own=True,
        )
        mine_seconds = time.monotonic() - started
        frame = load_csv(out)
        scope = f"first {args.max_commits} first-parent commits" if args.max_commits else "all"
        warm = f" (caches in {args.cache_dir})" if args.cache_dir else ""
        print(f"flask history ({scope}, HEAD {head[:12]}): {mined.commits} commits{warm}")
        print(
            f"mined in {mine_seconds:.1f}s: {mined.rows} rows, {mined.fixes} fixing, "
            f"{mined.bugs} bug-inducing, bug rate {frame['bug'].mean():.3f}"
        )
        train, test = time_split(frame, args.test_fraction)
        print(
            f"time split: {len(train)} train rows (bug rate {train['bug'].mean():.3f}), "
            f"{len(test)} test rows (bug rate {test['bug'].mean():.3f})"
        )
        # own-history features: chosen on the training rows' time folds only
        started = time.monotonic()
        selected, log = select_own_features(train)
        print(f"own-history features selected on validation folds in "
              f"{time.monotonic() - started:.1f}s: {selected or 'none'}")  # fmt: skip
        for entry in log[1:]:
            print(f"  round from {entry['base'] or 'the 14 metrics'} "
                  f"(validation AUC {entry['base_auc']}): {entry['tried']}")  # fmt: skip
        base_cols = [c for c in train.columns if c not in OWN_FEATURES]
        variants = {"14 metrics": base_cols, "with selected own features": base_cols + selected}
        if not selected:
            variants.pop("with selected own features")
        for label, columns in variants.items():
            started = time.monotonic()
            estimator, chosen, _ = fit_selected(train[columns], progress=None)
            train_seconds = time.monotonic() - started
            scores = predict(estimator, test[columns])
            result = compare(scores, test, float(train["bug"].mean()))
            ci = auc_difference(test["bug"], scores, test["la"], samples=args.samples)
            print(
                f"{label}: trained {chosen} in {train_seconds:.1f}s; AUC own model "
                f"{result['model']['auc']}, rank by la {result['baseline_la']['auc']}; "
                f"difference {ci['difference']} (paired bootstrap 95% CI {ci['low']} .. "
                f"{ci['high']}, {ci['samples']} resamples); Popt {result['model']['popt']} "
                f"(la {result['baseline_la']['popt']})"
            )


if __name__ == "__main__":
    main()
