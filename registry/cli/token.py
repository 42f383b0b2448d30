"""`registry token create|list|revoke`: API tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from registry.cli.common import common_options, opened
from registry.config import Settings


@click.group()
def token() -> None:
    """Create, list and revoke API tokens."""


@token.command("create")
@click.option("--repo", "repository", required=True)
@click.option("--scope", required=True, type=click.Choice(["read", "publish", "admin"]))
@click.option("--expires", default="30d", show_default=True, help="e.g. 12h, 7d, or never")
@click.option("--description", default="")
@common_options
def token_create(
    repository: str, scope: str, expires: str, description: str, settings: Settings
) -> None:
    """Print a new token (and only the token) on stdout."""
    from registry.core.model import Actor
    from registry.services.admin import issue_token

    with opened(settings) as catalog:
        issued = issue_token(catalog, repository, scope, expires, Actor.cli(), description)
    click.echo(issued.token)


@token.command("list")
@common_options
def token_list(settings: Settings) -> None:
    """List tokens: id, repository, scope, state, expiry (secrets are never shown)."""
    now = datetime.now(UTC)
    with opened(settings) as catalog:
        click.echo("ID\tREPOSITORY\tSCOPE\tSTATE\tEXPIRES\tCREATED\tDESCRIPTION")
        for t in catalog.list_tokens():
            if t.revoked_at:
                state = "revoked"
            elif t.expires_at and t.expires_at <= now:
                state = "expired"
            else:
                state = "active"
            expires = f"{t.expires_at:%Y-%m-%dT%H:%M:%SZ}" if t.expires_at else "never"
            click.echo(
                f"{t.id}\t{t.repository}\t{t.scope.label}\t{state}\t{expires}\t"
                f"{t.created_at:%Y-%m-%dT%H:%M:%SZ}\t{t.description}"
            )


@token.command("revoke")
@click.argument("token_id", type=int)
@common_options
def token_revoke(token_id: int, settings: Settings) -> None:
    """Revoke a token by its id (see 'registry token list'): refused at once on this host,
    within REGISTRY_HOT_PATH_SECONDS elsewhere (other hosts, nginx's page cache: 2 s)."""
    from registry.core.model import Actor
    from registry.services.admin import revoke_token

    with opened(settings) as catalog:
        record = revoke_token(catalog, token_id, Actor.cli())
    click.echo(f"revoked token {record.id} ({record.repository}, {record.scope.label})")
