"""`reviewbot mine` and `reviewbot model train|evaluate` (click commands that
cli/__init__.py adds to the group).

Heavy imports (pandas, scikit-learn, gitpython) happen inside the commands, so importing
this module, and `reviewbot`, stays cheap."""

from __future__ import annotations

import json
import sys

import click

from reviewbot.model.training.train import MIN_BUG_INDUCING, MIN_COMMITS

EXIT_ERROR = 2


def _fail(message: str) -> None:
    click.echo(f"reviewbot: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command("mine")
@click.option("--repo", default=".", show_default=True, help="Repository to mine.")
@click.option(
    "--out",
    "out",
    required=True,
    metavar="FILE.csv",
    help="Where to write the dataset (shared JIT schema).",
)
@click.option(
    "--since",
    metavar="DATE",
    help="Only write rows for commits at or after DATE "
    "(history before it still feeds the metrics).",
)
@click.option(
    "--cache-dir", metavar="DIR", help="History cache (default: <git dir>/reviewbot-cache)."
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bars on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--own-features",
    is_flag=True,
    help="Also write the own-history features (past fixes of the files, the author's "
    "recent bug-inducing rate, co-change with recently fixed files).",
)
def mine(
    repo: str,
    out: str,
    since: str | None,
    cache_dir: str | None,
    progress: bool | None,
    own_features: bool = False,
) -> None:
    """Write one row per commit: the 14 Kamei metrics and an SZZ `bug` label."""
    import time

    from reviewbot.model.history import HistoryError
    from reviewbot.model.training.mine import MineError
    from reviewbot.model.training.mine import mine as run

    started = time.monotonic()
    try:
        result = run(repo, out, since, cache_dir=cache_dir, progress=progress, own=own_features)
    except (HistoryError, MineError) as exc:
        _fail(str(exc))
        return
    click.echo(
        f"mined {result.rows} commits ({result.fixes} fixing, {result.bugs} "
        f"bug-inducing) of {result.commits} in {time.monotonic() - started:.1f}s "
        f"-> {out}",
        err=True,
    )


@click.group("model")
def model() -> None:
    """Train and evaluate the just-in-time defect model."""


@model.command("train")
@click.option(
    "--data",
    "data",
    multiple=True,
    metavar="FILE.csv",
    help="Training data (repeatable); every row is used.",
)
@click.option(
    "--repo",
    metavar="PATH",
    help="Mine this repository's own history (SZZ) and train on it, instead of --data.",
)
@click.option(
    "--since",
    metavar="DATE",
    help="With --repo: train on commits at or after DATE (older history still feeds the metrics).",
)
@click.option("--cache-dir", metavar="DIR", help="With --repo: history cache directory.")
@click.option(
    "--out",
    metavar="DIR",
    help="Model directory to write (required with --data; with --repo the default is the "
    "repository's model cache, which its reviews then use).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bars on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--min-commits",
    type=click.IntRange(min=1),
    default=MIN_COMMITS,
    show_default=True,
    help="Refuse to train on fewer commits (rows).",
)
@click.option(
    "--min-bugs",
    type=click.IntRange(min=1),
    default=MIN_BUG_INDUCING,
    show_default=True,
    help="Refuse to train on fewer bug-inducing commits.",
)
def train(
    data: tuple[str, ...],
    repo: str | None,
    since: str | None,
    cache_dir: str | None,
    out: str | None,
    progress: bool | None,
    min_commits: int,
    min_bugs: int,
) -> None:
    """Pick an estimator by time-ordered validation, fit it on all rows, write DIR.

    With --repo, first mine the repository (as `reviewbot mine`) into DIR/mined.csv."""
    from reviewbot.model.history import HistoryError
    from reviewbot.model.training.dataset import DatasetError
    from reviewbot.model.training.mine import MineError
    from reviewbot.model.training.own_history import train_on_history
    from reviewbot.model.training.train import train as run

    if bool(data) == bool(repo):
        _fail("give either --data FILE.csv (repeatable) or --repo PATH")
        return
    if since and not repo:
        _fail("--since only applies with --repo")
        return
    if not out and not repo:
        _fail("--data needs --out DIR")
        return
    try:
        if repo:
            result = train_on_history(
                repo,
                out,
                since,
                cache_dir=cache_dir,
                progress=progress,
                min_commits=min_commits,
                min_bugs=min_bugs,
                on_mined=lambda mined: click.echo(
                    f"mined {mined.rows} commits ({mined.fixes} fixing, {mined.bugs} "
                    f"bug-inducing) of {mined.commits}",
                    err=True,
                ),
            )
            metadata, out = result.metadata, str(result.out)
        else:
            assert out is not None
            metadata = run(
                list(data), out, progress=progress, min_commits=min_commits, min_bugs=min_bugs
            )
    except (DatasetError, HistoryError, MineError, ValueError) as exc:
        _fail(str(exc))
        return
    click.echo(
        json.dumps(
            {
                "model_id": metadata["model_id"],
                "estimator": metadata["estimator"],
                "validation_auc": metadata["selection"]["validation_auc"],
                "training_rows": metadata["training_rows"],
                # own-history features kept by the validation folds, and the Brier score
                # before/after calibration (own models only)
                "own_features": metadata.get("own_features", []),
                **(
                    {"calibration": metadata["calibration"]}
                    if metadata.get("calibration")
                    else {}
                ),
                "out": out,
            }
        )
    )


@model.command("evaluate")
@click.option(
    "--model",
    "model_dir",
    metavar="DIR",
    help="Model directory (default: the shipped models/default).",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    required=True,
    metavar="FILE.csv",
    help="Test data (repeatable).",
)
@click.option(
    "--split",
    type=click.Choice(["time"]),
    help="Train on the earliest rows of a single --data, test on the latest.",
)
@click.option("--test-fraction", type=float, default=0.2, show_default=True)
def evaluate(
    model_dir: str | None, data: tuple[str, ...], split: str | None, test_fraction: float
) -> None:
    """Print {"model": {...}, "baseline_la": {...}, "train_rows": N, "test_rows": M}."""
    from reviewbot.model.artifact import ModelError
    from reviewbot.model.training.dataset import DatasetError
    from reviewbot.model.training.evaluate import evaluate as run

    try:
        result = run(list(data), model_dir=model_dir, split=split, test_fraction=test_fraction)
    except (DatasetError, ModelError, ValueError) as exc:
        _fail(str(exc))
        return
    if "auc_note" in result:
        click.echo(f"reviewbot: {result['auc_note']}", err=True)
    click.echo(json.dumps(result))


@model.command("retrain-due")
@click.option(
    "--repo",
    "repos",
    multiple=True,
    metavar="PATH",
    help="A repository to check (repeatable); default: every clone under --cache-dir.",
)
@click.option(
    "--cache-dir",
    envvar="REVIEWBOT_CACHE_DIR",
    metavar="DIR",
    help="The webhook service's data dir ($REVIEWBOT_CACHE_DIR), whose clones are checked.",
)
@click.option(
    "--interval-days",
    type=click.FloatRange(min=0),
    default=7.0,
    show_default=True,
    envvar="REVIEWBOT_RETRAIN_INTERVAL_DAYS",
    help="Retrain a model only once it is at least this old ...",
)
@click.option(
    "--min-new-commits",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    envvar="REVIEWBOT_RETRAIN_MIN_COMMITS",
    help="... and the branch has gained at least this many commits since.",
)
@click.option("--dry-run", is_flag=True, help="Only say which repositories are due.")
@click.option("--force", is_flag=True, help="Retrain every repository checked, due or not.")
@click.option("--min-commits", type=click.IntRange(min=1), default=MIN_COMMITS, show_default=True)
@click.option("--min-bugs", type=click.IntRange(min=1), default=MIN_BUG_INDUCING, show_default=True)
def retrain_due_command(
    repos: tuple[str, ...],
    cache_dir: str | None,
    interval_days: float,
    min_new_commits: int,
    dry_run: bool,
    force: bool,
    min_commits: int,
    min_bugs: int,
) -> None:
    """(Re)train each repository's own model when it is due: one JSON line per
    repository. The systemd timer runs this for the service's clones."""
    import datetime as dt
    from pathlib import Path

    from reviewbot.model.own import RetrainPolicy
    from reviewbot.model.training.retrain import retrain_one, service_clones

    if not repos and not cache_dir:
        _fail("give --repo PATH or --cache-dir DIR (or set REVIEWBOT_CACHE_DIR)")
        return
    if cache_dir and not Path(cache_dir).is_dir():
        _fail(f"--cache-dir {cache_dir}: no such directory")
        return
    policy = RetrainPolicy(dt.timedelta(days=interval_days), min_new_commits)
    targets = [Path(r) for r in repos] or list(service_clones(Path(cache_dir or ".")))
    failed = False
    for repo in targets:
        try:
            outcome = retrain_one(
                repo,
                policy,
                dry_run=dry_run,
                force=force,
                min_commits=min_commits,
                min_bugs=min_bugs,
            )
        except Exception as exc:  # one broken repository must not stop the others
            failed = True
            click.echo(json.dumps({"repo": str(repo), "error": str(exc)}))
            continue
        line = {
            "repo": str(repo),
            "rev": outcome.rev,
            "due": outcome.decision.due,
            "reason": outcome.decision.reason,
        }
        for key in ("trained", "refused", "error"):
            if getattr(outcome, key):
                line[key] = getattr(outcome, key)
        failed = failed or bool(outcome.error)
        click.echo(json.dumps(line))
    if failed:
        sys.exit(1)
