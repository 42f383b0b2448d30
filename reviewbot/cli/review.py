"""`reviewbot review`: review a branch (merge-base..head) or a unified diff locally.

Exit codes (documented in docs/reviewbot.md): 0 clean (or findings below the gate),
1 findings at or above the `--fail-on` gate, 2 usage or input error (a message on stderr,
never a traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from reviewbot.model.risk import Scorer
from reviewbot.model.scoring import default_scorer
from reviewbot.reporters import WRITERS, StreamReporter
from reviewbot.review.change import Change, InputError
from reviewbot.review.config import ConfigError, ReviewConfig, config_from_texts, load_config_file
from reviewbot.review.findings import Severity
from reviewbot.review.pipeline import Review, review

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
GATE_CHOICES = [str(s) for s in Severity] + ["none"]


class InputFailure(click.ClickException):
    """An input error: printed as `reviewbot: error: …`, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        click.echo(f"reviewbot: error: {self.format_message()}", err=True)


def load_change(repo: str, base: str | None, head: str | None, diff: str | None) -> Change:
    """The change to review, from git (--base/--head) or from a unified diff (--diff)."""
    if diff is not None:
        from reviewbot.review.change import DiffChangeSource

        data = _read_diff(diff)
        return DiffChangeSource(data, root=_diff_root(repo)).load()
    from reviewbot.review.git import GitChangeSource

    assert base is not None and head is not None
    return GitChangeSource(repo, base, head).load()


def _read_diff(source: str) -> bytes:
    try:
        if source == "-":
            return click.get_binary_stream("stdin").read()
        return Path(source).read_bytes()
    except IsADirectoryError:
        raise InputFailure(f"--diff {source}: is a directory, expected a diff file") from None
    except OSError as exc:
        raise InputFailure(f"--diff {source}: cannot read: {exc.strerror or exc}") from None


def _diff_root(repo: str) -> str:
    """Where a plain diff's paths are relative to: the enclosing git work tree if any."""
    try:
        from reviewbot.review.git import repo_root

        return str(repo_root(repo))
    except InputError:
        return repo


def load_review_config(change: Change, config_path: str | None) -> ReviewConfig:
    if config_path is not None:
        return load_config_file(config_path)
    return config_from_texts(change.config_texts)


def run_review(change: Change, config: ReviewConfig, scorer: Scorer | None = None) -> Review:
    from reviewbot.analyzers import default_analyzers

    return review(change, default_analyzers(config), scorer=scorer, config=config)


@click.command("review")
@click.option("--repo", default=".", show_default=True, help="Repository (or work tree) path.")
@click.option("--base", help="Base ref: the branch the change merges into.")
@click.option("--head", help="Head ref: the change's tip.")
@click.option(
    "--diff",
    "diff_source",
    metavar="FILE|-",
    help="Review a unified diff from FILE or stdin instead of git refs.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(WRITERS)),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice(GATE_CHOICES, case_sensitive=False),
    help="Exit 1 when a finding has this severity or higher (default: config fail-on, or none).",
)
@click.option("--config", "config_path", help="Config file (default: the repository's).")
@click.option("--output", "-o", "output_path", help="Write the report to FILE (default stdout).")
@click.option(
    "--max-risk",
    type=click.FloatRange(0.0, 1.0),
    metavar="P",
    help="Exit 1 when the defect model's risk probability is above P (0..1).",
)
@click.option("--model", "model_dir", metavar="DIR", help="Defect model directory.")
@click.option("--no-model", is_flag=True, help="Skip the defect model (no risk score).")
def review_command(
    repo: str,
    base: str | None,
    head: str | None,
    diff_source: str | None,
    output_format: str,
    fail_on: str | None,
    config_path: str | None,
    output_path: str | None,
    max_risk: float | None = None,
    model_dir: str | None = None,
    no_model: bool = False,
) -> None:
    """Review merge-base(BASE, HEAD)..HEAD of a repository, or a unified diff."""
    if diff_source is not None and (base or head):
        raise click.UsageError("use either --diff or --base/--head, not both")
    if diff_source is None and not (base and head):
        raise click.UsageError("give --base REF and --head REF (or --diff FILE|-)")
    try:
        change = load_change(repo, base, head, diff_source)
        config = load_review_config(change, config_path)
    except (InputError, ConfigError) as exc:
        raise InputFailure(str(exc)) from None
    scorer = (
        default_scorer(change.repo_path or repo, model_dir, config)
        if change.from_git and not no_model
        else None
    )
    result = run_review(change, config, scorer)

    gate = config.fail_on
    if fail_on is not None:
        gate = None if fail_on.lower() == "none" else Severity.parse(fail_on)
    _write(result, output_format, output_path)
    too_risky = False
    if max_risk is not None:
        if result.risk is None:
            click.echo("reviewbot: note: no risk score (no git history for the change, or "
                       "the model failed; see notes); --max-risk not applied", err=True)
        else:
            too_risky = result.risk.probability > max_risk
    # The report may be a file or machine-readable: say on stderr why the exit status is 1.
    if result.fails(gate):
        assert gate is not None
        over = sum(1 for f in result.findings if f.severity >= gate)
        click.echo(f"reviewbot: failing: {over} finding(s) at or above {gate} "
                   f"(--fail-on {gate})", err=True)  # fmt: skip
    if too_risky:
        assert result.risk is not None and max_risk is not None
        click.echo(f"reviewbot: failing: defect risk {result.risk.probability:.2f} is above "
                   f"--max-risk {max_risk}", err=True)  # fmt: skip
    sys.exit(EXIT_FINDINGS if result.fails(gate) or too_risky else EXIT_CLEAN)


def _write(result: Review, output_format: str, output_path: str | None) -> None:
    writer = WRITERS[output_format]
    if output_path is None:
        StreamReporter(writer, click.get_text_stream("stdout")).report(result)
        return
    target = Path(output_path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as stream:
            StreamReporter(writer, stream).report(result)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputFailure(f"--output {output_path}: {exc.strerror or exc}") from None
