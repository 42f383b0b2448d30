"""`reviewbot stats`: what reviewers said about the bot's inline comments, per rule.

For each repository (or the one `--repo` names) and rule: comments posted, 👍 and 👎 votes,
"false positive" replies, threads resolved without a change, comments whose lines the next
push fixed, and the measured precision = useful / (useful + not useful), where useful is an
upvote or a fix and not useful a downvote, a false-positive reply or a resolution without a
change. A rule the repository's `[feedback]` settings demote is marked. The store is
REVIEWBOT_FEEDBACK_URL (default: a SQLite file, see docs/pull-requests.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("stats")
@click.option("--repo", metavar="OWNER/NAME", help="Only this repository.")
@click.option("--host", "host", type=click.Choice(["github", "gitlab", "gitea"]),
              help="Only this host.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--feedback-url", envvar="REVIEWBOT_FEEDBACK_URL", metavar="URL",
              help="The feedback store [env REVIEWBOT_FEEDBACK_URL; default the SQLite file "
              "under ~/.local/share/reviewbot].")
@click.option("--config", "config_path", metavar="PATH", type=click.Path(dir_okay=False),
              help="A .reviewbot.toml or pyproject.toml whose [feedback] settings decide "
              "demotion (default: each repository's settings as of its latest review, else "
              "min-precision 0.5, min-votes 5).")
def stats_command(repo: str | None, host: str | None, fmt: str, feedback_url: str | None,
                  config_path: str | None) -> None:
    """Per-rule volume, votes and measured precision from reviewers' feedback."""
    from reviewbot.feedback.signals import demotion
    from reviewbot.feedback.store import FeedbackStore, FeedbackStoreError, default_url
    from reviewbot.review.config import ConfigError, FeedbackConfig, load_config_file

    try:
        explicit = load_config_file(config_path).feedback if config_path else None
    except ConfigError as exc:
        click.echo(f"reviewbot: error: {exc}", err=True)
        sys.exit(2)
    url = (feedback_url or "").strip() or default_url()
    if url.lower() in ("off", "none", "0", "false"):
        click.echo("reviewbot: error: REVIEWBOT_FEEDBACK_URL is off: there is no feedback "
                   "store to read", err=True)
        sys.exit(2)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        click.echo(f"reviewbot: error: no feedback store at {url[len('sqlite:///'):]} yet: "
                   "it is written when the bot posts inline comments with the same "
                   "REVIEWBOT_FEEDBACK_URL", err=True)
        sys.exit(2)
    try:
        store = FeedbackStore(url)
    except FeedbackStoreError as exc:
        click.echo(f"reviewbot: error: {exc}", err=True)
        sys.exit(2)
    report = []
    try:
        found = store.stats(repo=repo, host=host)
        for (host_name, repo_name), rules in found.items():
            config = explicit or store.settings_for(host_name, repo_name) or FeedbackConfig()
            rows = []
            for stats in rules.values():
                demoted = demotion(stats, config)
                rows.append({**stats.to_dict(), "demoted": demoted is not None,
                             "reason": demoted.reason if demoted else ""})
            report.append({"host": host_name, "repo": repo_name, "rules": rows,
                           "min_precision": config.min_precision,
                           "min_votes": config.min_votes,
                           "keep_inline": sorted(config.keep_inline)})
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps({
            "definition": "precision = useful / (useful + not useful); useful: upvote or "
                          "fixed by a later push; not useful: downvote, false-positive reply, "
                          "resolved without a change",
            "repositories": report,
        }, indent=2))
        return
    if not report:
        click.echo("no feedback recorded" + (f" for {repo}" if repo else ""))
        return
    header = (f"{'rule':<34} {'posted':>6} {'up':>4} {'down':>4} {'fp':>4} {'resolved':>8} "
              f"{'fixed':>5} {'votes':>5} {'precision':>9}")
    for entry in report:
        click.echo(f"{entry['host']} {entry['repo']} (demoted below precision "
                   f"{entry['min_precision']} after >= {entry['min_votes']} votes"
                   + (f"; kept inline: {', '.join(entry['keep_inline'])}"
                      if entry["keep_inline"] else "") + ")")
        click.echo(header)
        for row in entry["rules"]:
            precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
            click.echo(
                f"{row['rule']:<34} {row['comments']:>6} {row['upvotes']:>4} "
                f"{row['downvotes']:>4} {row['fp_replies']:>4} {row['resolved_unchanged']:>8} "
                f"{row['fixed']:>5} {row['votes']:>5} {precision:>9}"
                + (f"  DEMOTED: {row['reason']}" if row["demoted"] else "")
            )
        click.echo("")
    click.echo("precision = useful / votes; useful: 👍 or fixed by a later push; not useful: "
               "👎, a false-positive reply, resolved without a change.")
