"""`registry webhook add|list|remove|deliveries`: signed JSON events for version changes."""

from __future__ import annotations

import click

from registry.cli.common import cli_actor, common_options, sharing_service
from registry.config import Settings


@click.group()
def webhook() -> None:
    """Webhooks: signed JSON events for package version changes."""


@webhook.command("add")
@click.option("--repo", "repository", required=True)
@click.option("--secret", required=True, help="HMAC-SHA256 key (16+ characters).")
@click.argument("url")
@common_options
def webhook_add(repository: str, secret: str, url: str, settings: Settings) -> None:
    """Send signed events of REPO to URL (HMAC-SHA256 of the body with --secret)."""
    with sharing_service(settings) as svc:
        hook = svc.add_webhook(repository, url, secret, cli_actor())
    click.echo(f"added webhook {hook.id} to {repository}: {hook.url}")


@webhook.command("list")
@click.option("--repo", "repository", required=True)
@common_options
def webhook_list(repository: str, settings: Settings) -> None:
    """List the repository's webhooks: id and URL."""
    with sharing_service(settings) as svc:
        hooks = svc.store.webhooks(repository)
    for hook in hooks:
        click.echo(f"{hook.id}\t{hook.url}")


@webhook.command("remove")
@click.option("--repo", "repository", required=True)
@click.argument("webhook_id", type=int)
@common_options
def webhook_remove(repository: str, webhook_id: int, settings: Settings) -> None:
    """Stop sending events to a webhook (its id from 'registry webhook list')."""
    with sharing_service(settings) as svc:
        svc.remove_webhook(repository, webhook_id, cli_actor())
    click.echo(f"removed webhook {webhook_id}")


@webhook.command("deliveries")
@click.option("--repo", "repository", required=True)
@common_options
def webhook_deliveries(repository: str, settings: Settings) -> None:
    """Recent delivery attempts (failures included), newest first."""
    with sharing_service(settings) as svc:
        rows = svc.store.deliveries(repository)
        lines = [
            f"{r.attempted_at:%Y-%m-%dT%H:%M:%SZ}\twebhook {r.webhook_id}\t{r.event_type}\t"
            f"attempt {r.attempt}\t{'delivered' if r.delivered else 'FAILED'}\t"
            f"{r.status_code or '-'}\t{r.error or ''}"
            for r in rows
        ]
    for line in lines:
        click.echo(line)
