"""`registry repo create|list`: repositories. (Their sharing settings: registry.cli.sharing.)"""

from __future__ import annotations

import click

from registry.cli.common import common_options, opened
from registry.config import Settings


@click.group()
def repo() -> None:
    """Create and list repositories."""


@repo.command("create")
@click.argument("name")
@click.option("--public-read", is_flag=True, help="Anyone may read (download) without a token.")
@click.option("--description", default="")
@common_options
def repo_create(name: str, public_read: bool, description: str, settings: Settings) -> None:
    """Create a repository (private unless --public-read)."""
    from registry.core.model import Actor
    from registry.services.admin import create_repository

    # Pointed somewhere on purpose (--data-dir, --database-url or their variables), the first
    # repository may create the registry; in the current directory by default it may not.
    explicit = settings.database_url is not None or settings.data_dir != Settings().data_dir
    with opened(settings, create=explicit) as catalog:
        created = create_repository(catalog, name, public_read, Actor.cli(), description)
    access = "public-read" if created.public_read else "private"
    click.echo(f"created repository {created.name} ({access})")


@repo.command("list")
@common_options
def repo_list(settings: Settings) -> None:
    """List repositories: name, access, creation time."""
    with opened(settings) as catalog:
        for r in catalog.list_repositories():
            access = "public-read" if r.public_read else "private"
            click.echo(f"{r.name}\t{access}\t{r.created_at:%Y-%m-%dT%H:%M:%SZ}")
