"""`registry migrate|check`: the schema, and database rows against stored blobs."""

from __future__ import annotations

import sys

import click

from registry.cli.common import common_options, opened
from registry.config import Settings


@click.command()
@common_options
def migrate(settings: Settings) -> None:
    """Create or upgrade the database schema, then exit (deployments run this before start;
    on a new data directory or database it creates the registry)."""
    with opened(settings, create=True):
        pass
    click.echo("registry: database schema is up to date", err=True)


@click.command()
@common_options
def check(settings: Settings) -> None:
    """Compare database rows with stored blobs; exit 1 if a row points at a missing blob."""
    from registry.services.admin import check_consistency
    from registry.storage import build_blob_store

    with opened(settings) as catalog:
        report = check_consistency(catalog, build_blob_store(settings))
    for key in report.missing_blobs:
        click.echo(f"MISSING\t{key}")
    for key in report.orphan_blobs:
        click.echo(f"ORPHAN\t{key}")
    for key in report.partial_writes:
        click.echo(f"PARTIAL\t{key}")
    click.echo(
        f"{len(report.missing_blobs)} missing, {len(report.orphan_blobs)} orphan blobs, "
        f"{len(report.partial_writes)} partial writes (interrupted uploads; removed at the next "
        "start)",
        err=True,
    )
    if report.missing_blobs:
        sys.exit(1)
