"""`registry audit`: who changed what, when and from where."""

from __future__ import annotations

import json

import click

from registry.cli.common import common_options, sharing_service
from registry.config import Settings


@click.command("audit")
@click.option("--repo", "repository", default=None, help="Only this repository.")
@click.option("--since", default=None, help="A duration (90m, 12h, 7d) or an ISO 8601 time.")
@click.option("--action", default=None, help="Only this action, e.g. release.status.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@common_options
def audit(
    repository: str | None, since: str | None, action: str | None, as_json: bool,
    settings: Settings,
) -> None:  # fmt: skip
    """Audit records, oldest first: when, repository, who (token), from where, what."""
    from registry.services.audit import parse_since

    with sharing_service(settings) as svc:
        since_at = parse_since(since) if since else None
        rows = svc.store.audit(repository, since_at)
    if not as_json:
        click.echo("TIME\tREPOSITORY\tACTOR\tADDRESS\tACTION\tSUBJECT\tDETAILS")
    for row in rows:
        if action and row["action"] != action:
            continue
        if as_json:
            click.echo(json.dumps(row, sort_keys=True))
            continue
        click.echo(
            "\t".join(
                [
                    str(row["occurred_at"]),
                    str(row["repository"] or "-"),
                    str(row["actor"]),
                    str(row["remote_addr"] or "-"),
                    str(row["action"]),
                    str(row["subject"]),
                    json.dumps(row["details"], sort_keys=True),
                ]
            )
        )
