"""`reviewbot pr` (review one pull request, in CI) and `reviewbot serve` (the webhook
service under gunicorn). Registered on the `reviewbot` group in cli/__init__.py.

`reviewbot pr` exit codes: 0 posted (gate passed or none), 1 posted and findings at or above
the `--fail-on` gate, 2 usage or configuration error, 3 the host or git failed (retry).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_HOST = 0, 1, 2, 3
SEVERITIES = ["info", "low", "medium", "high", "critical", "none"]


def _fail(message: str, code: int) -> None:
    click.echo(f"reviewbot: error: {message}", err=True)
    sys.exit(code)


@click.command("pr")
@click.option("--host", "host", required=True, type=click.Choice(["github", "gitlab", "gitea"]),
              help="Where the pull request lives.")
@click.option("--repo", required=True, metavar="OWNER/NAME",
              help="Repository (GitLab: the project path, group/subgroup/name).")
@click.option("--number", required=True, type=click.IntRange(min=1),
              help="Pull request number (GitLab: merge request IID).")
@click.option("--api-url", metavar="URL",
              help="API base URL for GitHub Enterprise or self-hosted GitLab/Gitea "
              "(default from the environment, see docs/pull-requests.md).")
@click.option("--checkout", default=".", show_default=True, metavar="PATH",
              help="Use this clone when it has both commits; otherwise fetch into the cache.")
@click.option("--cache-dir", envvar="REVIEWBOT_CACHE_DIR", metavar="DIR",
              help="Where repositories are cloned [env REVIEWBOT_CACHE_DIR; default "
              "~/.cache/reviewbot/repos].")
@click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False),
              help="Exit 1 (and fail the commit status) on findings this severe or worse.")
@click.option("--commit-status/--no-commit-status", default=False, show_default=True,
              help="Also set a commit status with the gate result.")
@click.option("--status-context", default="reviewbot", show_default=True,
              help="The commit status's name.")
@click.option("--max-comments", default=30, show_default=True, type=click.IntRange(1, 100),
              help="Most new inline comments in one review; the rest go to the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Log what the bot does.")
def pr_command(host: str, repo: str, number: int, api_url: str | None, checkout: str,
               cache_dir: str | None, fail_on: str | None, commit_status: bool,
               status_context: str, max_comments: int, verbose: bool) -> None:
    """Review a pull request and post the result on it.

    The token comes from GITHUB_TOKEN / GITLAB_TOKEN / GITEA_TOKEN (or REVIEWBOT_<HOST>_TOKEN).
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="reviewbot: %(message)s", stream=sys.stderr)
    from reviewbot.feedback.signals import parse_phrases
    from reviewbot.feedback.store import feedback_url
    from reviewbot.hosts import HostConfigError, client_for
    from reviewbot.hosts.base import HostError
    from reviewbot.review.findings import Severity
    from reviewbot.service.pr import (
        JobSettings,
        PullRequestJob,
        default_cache_dir,
        repo_dir,
        run_job,
    )

    if "/" not in repo.strip("/"):
        raise click.BadParameter("expected OWNER/NAME", param_hint="--repo")
    gate = None if fail_on in (None, "none") else Severity.parse(fail_on)
    settings = JobSettings(
        cache_dir=Path(cache_dir or default_cache_dir()),
        api_urls={host: api_url} if api_url else {},
        status_context=status_context if commit_status else None,
        fail_on=gate,
        no_gate=fail_on == "none",
        max_inline=max_comments,
        feedback_url=feedback_url(),
        fp_phrases=parse_phrases(os.environ.get("REVIEWBOT_FP_PHRASES")),
    )
    try:
        repo_dir(settings.cache_dir, host, repo)
        client = client_for(host, api_url)
    except HostConfigError as exc:
        _fail(str(exc), EXIT_USAGE)
    except HostError as exc:
        _fail(str(exc), EXIT_USAGE)
    try:
        result = run_job(PullRequestJob(host, repo, number), settings, client=client,
                         checkout=checkout)
    except HostError as exc:
        code = EXIT_HOST if exc.retryable or exc.status is None or exc.status >= 500 else EXIT_USAGE
        _fail(str(exc), code)
    if result.skipped:
        click.echo(f"reviewbot: {host} {repo}#{number}: {result.skipped}; nothing posted")
        sys.exit(EXIT_OK)
    published = result.published
    click.echo(
        f"reviewbot: {host} {repo}#{number} at {result.pr.head_sha[:12]}: "
        f"{result.findings} findings; {published.posted} new inline comments, "
        f"{published.already_posted} already posted, {len(published.unanchored)} not on the "
        f"diff, {published.resolved} resolved; summary "
        f"{'created' if published.summary_created else 'updated'}"
        + (f" ({result.pr.web_url})" if result.pr.web_url else "")
    )
    if result.gate_failed:
        click.echo(f"reviewbot: failing: {host} {repo}#{number} has findings at or above the "
                   "--fail-on gate (see the summary comment)", err=True)  # fmt: skip
    sys.exit(EXIT_GATE if result.gate_failed else EXIT_OK)


@click.command("serve")
@click.option("--host", "bind_host", default="127.0.0.1", show_default=True,
              help="Address to listen on.")
@click.option("--port", default=8090, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes (more than 1 needs REVIEWBOT_REDIS_URL).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
def serve_command(bind_host: str, port: int, workers: int, threads: int) -> None:
    """Receive GitHub, GitLab and Gitea webhooks and review pull requests (gunicorn)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from gunicorn.app.base import BaseApplication

    # Before prometheus_client is imported: each worker writes its samples there (/metrics).
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="reviewbot-metrics-"))
    from reviewbot.service.server import ServiceConfigError, ServiceSettings, create_app

    try:
        settings = ServiceSettings.from_env()
    except (ServiceConfigError, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    if workers > 1 and not settings.redis_url:
        _fail("--workers > 1 needs REVIEWBOT_REDIS_URL: with the in-process thread queue each "
              "worker would keep its own queue and delivery log", EXIT_USAGE)

    class Service(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{bind_host}:{port}", "workers": workers, "threads": threads,
                "timeout": 30, "graceful_timeout": 30, "accesslog": "-", "errorlog": "-",
            }
            if "control_socket_disable" in self.cfg.settings:
                # gunicorn 27's control socket lives at one per-user path: two services (or
                # test runs) on a machine would fight over it; the bot does not use it.
                options["control_socket_disable"] = True
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return create_app(settings)

    click.echo(
        f"reviewbot: listening on http://{bind_host}:{port}/webhooks/{{github,gitlab,gitea}}",
        err=True,
    )
    Service().run()
