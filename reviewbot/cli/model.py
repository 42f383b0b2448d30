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
def mine(
    repo: str, out: str, since: str | None, cache_dir: str | None, progress: bool | None
) -> None:
    """Write one row per commit: the 14 Kamei metrics and an SZZ `bug` label."""
    import time

    from reviewbot.model.history import HistoryError
    from reviewbot.model.training.mine import MineError
    from reviewbot.model.training.mine import mine as run

    started = time.monotonic()
    try:
        result = run(repo, out, since, cache_dir=cache_dir, progress=progress)
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
@click.option("--out", required=True, metavar="DIR", help="Model directory to write.")
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
    out: str,
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
    try:
        if repo:
            metadata = train_on_history(
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
            ).metadata
        else:
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
