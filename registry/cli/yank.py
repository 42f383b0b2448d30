"""`registry yank|unyank`: PEP 592 yanks, and the webhook event each one sends."""

from __future__ import annotations

import click

from registry.cli.common import common_options, opened, sharing_service
from registry.config import Settings


def _yank(
    repository: str,
    project: str,
    version: str,
    yanked: bool,
    reason: str | None,
    settings: Settings,
) -> None:
    from registry.core.model import Actor
    from registry.services.admin import set_yanked

    with opened(settings) as catalog:
        count = set_yanked(catalog, repository, project, version, yanked, Actor.cli(), reason)
    _notify_yank(settings, repository, project, version, yanked, reason)  # webhooks
    verb = "yanked" if yanked else "unyanked"
    click.echo(f"{verb} {project} {version} in {repository} ({count} files)")


@click.command()
@click.option("--repo", "repository", required=True)
@click.option("--reason", default=None, help="Shown to installers (PEP 592).")
@click.argument("project")
@click.argument("version")
@common_options
def yank(repository: str, reason: str | None, project: str, version: str, settings: Settings):
    """Yank a release: installers skip it unless it is pinned exactly."""
    _yank(repository, project, version, True, reason, settings)


@click.command()
@click.option("--repo", "repository", required=True)
@click.argument("project")
@click.argument("version")
@common_options
def unyank(repository: str, project: str, version: str, settings: Settings) -> None:
    """Undo a yank."""
    _yank(repository, project, version, False, None, settings)


def _notify_yank(
    settings: Settings,
    repository: str,
    project: str,
    version: str,
    yanked: bool,
    reason: str | None,
) -> None:
    """Webhook event for the core's `registry yank` / `unyank` (after their commit)."""
    from packaging.utils import canonicalize_name

    from registry.services import events

    kind = events.VERSION_YANKED if yanked else events.VERSION_UNYANKED
    data = {"reason": reason} if yanked else {}
    with sharing_service(settings) as svc:
        svc.emit(events.Event(kind, repository, canonicalize_name(project), version, data))
