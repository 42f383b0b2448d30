"""`registry …` commands for sharing (issue 6): a repository's upstreams and external
connection (`repo add-upstream|remove-upstream|set-external|remove-external|show`, joined to
the `repo` group by registry.cli), origin controls (`package origin`), and moving releases
(`copy`, `status`, `delete`)."""

from __future__ import annotations

import click

from registry.cli.common import Failure, cli_actor, common_options, sharing_service
from registry.config import Settings


@click.command("add-upstream")
@click.argument("repository")
@click.argument("upstream")
@common_options
def add_upstream(repository: str, upstream: str, settings: Settings) -> None:
    """Append UPSTREAM to REPOSITORY's upstreams (searched in order, depth-first)."""
    with sharing_service(settings) as svc:
        order = svc.add_upstream(repository, upstream, cli_actor())
    click.echo(f"{repository} upstreams: {', '.join(order)}")


@click.command("remove-upstream")
@click.argument("repository")
@click.argument("upstream")
@common_options
def remove_upstream(repository: str, upstream: str, settings: Settings) -> None:
    """Remove UPSTREAM from REPOSITORY's upstreams."""
    with sharing_service(settings) as svc:
        order = svc.remove_upstream(repository, upstream, cli_actor())
    click.echo(f"{repository} upstreams: {', '.join(order) or '(none)'}")


@click.command("set-external")
@click.argument("repository")
@click.argument("url")
@click.option("--ttl", default=300, show_default=True, type=int, help="Page cache seconds.")
@common_options
def set_external(repository: str, url: str, ttl: int, settings: Settings) -> None:
    """Connect REPOSITORY to an external PEP 691/503 index at URL (e.g. https://pypi.org/simple/)."""
    from registry.services.external import redact

    with sharing_service(settings) as svc:
        svc.set_external(repository, url, ttl, cli_actor())
    click.echo(f"{repository} external connection: {redact(url)} (cache {ttl}s)")


@click.command("remove-external")
@click.argument("repository")
@common_options
def remove_external(repository: str, settings: Settings) -> None:
    """Remove REPOSITORY's external connection."""
    with sharing_service(settings) as svc:
        svc.remove_external(repository, cli_actor())
    click.echo(f"{repository} has no external connection")


@click.command("show")
@click.argument("repository")
@common_options
def show(repository: str, settings: Settings) -> None:
    """REPOSITORY's upstreams, external connection and origin controls."""
    from registry.core.errors import NotFound
    from registry.services.external import redact

    with sharing_service(settings) as svc:
        if svc.catalog.get_repository(repository) is None:
            raise NotFound(f"repository {repository!r} does not exist")
        store = svc.store
        external = store.external(repository)
        controls = store.origin_controls(repository)
        upstreams = store.upstreams(repository)
    click.echo(f"upstreams\t{', '.join(upstreams) or '-'}")
    click.echo(f"external\t{f'{redact(external[0])} (cache {external[1]}s)' if external else '-'}")
    for name, control in controls.items():
        click.echo(f"origin\t{name}\tpublish={control.publish}\tupstream={control.upstream}")


@click.group()
def package() -> None:
    """Per-package settings (origin controls)."""


@package.command("origin")
@click.option("--repo", "repository", required=True)
@click.option("--publish", type=click.Choice(["allow", "block"]), default=None)
@click.option("--upstream", type=click.Choice(["allow", "block"]), default=None)
@click.argument("project")
@common_options
def origin(
    repository: str, publish: str | None, upstream: str | None, project: str, settings: Settings
) -> None:
    """Show or set PROJECT's origin controls in a repository."""
    from packaging.utils import canonicalize_name

    from registry.core.upstreams import Permission

    with sharing_service(settings) as svc:
        if publish is None and upstream is None:
            svc._require_repo(repository)
            control = svc.control(repository, canonicalize_name(project))
        else:
            control = svc.set_origin(
                repository,
                project,
                cli_actor(),
                publish=Permission(publish) if publish else None,
                upstream=Permission(upstream) if upstream else None,
            )
    click.echo(
        f"{canonicalize_name(project)} in {repository}: publish={control.publish} "
        f"upstream={control.upstream}"
    )


@click.command("copy")
@click.option("--from", "source", required=True, help="Repository to copy from.")
@click.option("--to", "target", required=True, help="Repository to copy into.")
@click.argument("project")
@click.argument("versions", nargs=-1, required=True)
@common_options
def copy(source: str, target: str, project: str, versions: tuple[str, ...], settings: Settings):
    """Copy PROJECT VERSIONS from one repository to another (same bytes, no re-upload)."""
    with sharing_service(settings) as svc:
        copied = svc.copy_versions(source, target, project, list(versions), cli_actor())
    for record in copied:
        click.echo(f"copied\t{record.filename}\t{record.sha256}")
    click.echo(f"{len(copied)} files copied from {source} to {target}", err=True)


@click.command("status")
@click.option("--repo", "repository", required=True)
@click.argument("project")
@click.argument("version")
@click.argument("status", type=click.Choice(["published", "unlisted", "archived", "disposed"]))
@common_options
def status(repository: str, project: str, version: str, status: str, settings: Settings) -> None:
    """Set a version's status: published, unlisted (exact pins only), archived (not
    installable) or disposed (files deleted; names and hashes kept)."""
    with sharing_service(settings) as svc:
        result = svc.set_status(repository, project, version, status, cli_actor())
    click.echo(f"{project} {version} in {repository}: {result}")


@click.command("delete")
@click.option("--repo", "repository", required=True)
@click.option("--yes", is_flag=True, help="Confirm: the version and its files are removed.")
@click.argument("project")
@click.argument("version")
@common_options
def delete(repository: str, yes: bool, project: str, version: str, settings: Settings) -> None:
    """Delete a version and its files (admin operation)."""
    if not yes:
        raise Failure("deleting removes the version and its files for good: add --yes")
    with sharing_service(settings) as svc:
        count = svc.delete_release(repository, project, version, cli_actor())
    click.echo(f"deleted {project} {version} from {repository} ({count} files)")
