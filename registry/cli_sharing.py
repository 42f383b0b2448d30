"""`registry …` commands for sharing (issue 6): upstreams, the external connection, origin
controls, copy, status, delete, webhooks and the audit log.  They join the core's click
group (``registry.cli``) and take the same --data-dir / --database-url options."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import sessionmaker

from registry.cli import Failure, common_options, main, opened, repo
from registry.config import Settings


@contextmanager
def sharing(settings: Settings) -> Iterator[object]:
    """A SharingService on the CLI's catalog; webhook deliveries finish before exit."""
    from registry.db.sharing import SqlDeliveryRecorder, SqlSharing
    from registry.services.events import EventDispatcher, RequestsSender
    from registry.services.sharing import SharingService
    from registry.storage import build_blob_store

    with opened(settings) as catalog:
        sessions = sessionmaker(catalog.session.get_bind(), expire_on_commit=False)
        # The documented policy: 5 attempts, 1 s, 2 s, 4 s, 8 s apart.
        dispatcher = EventDispatcher(RequestsSender(), SqlDeliveryRecorder(sessions))
        try:
            yield SharingService(
                catalog, SqlSharing(catalog.session), build_blob_store(settings),
                dispatcher=dispatcher,
            )  # fmt: skip
            catalog.session.commit()  # end this transaction: the recorder writes meanwhile
        finally:
            dispatcher.shutdown(wait=True)


def notify_yank(
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
    with sharing(settings) as svc:
        svc.emit(events.Event(kind, repository, canonicalize_name(project), version, data))  # type: ignore[attr-defined]


def _actor():  # type: ignore[no-untyped-def]
    from registry.core.model import Actor

    return Actor.cli()


# --- repositories: upstreams and the external connection ---------------------------------


@repo.command("add-upstream")
@click.argument("repository")
@click.argument("upstream")
@common_options
def add_upstream(repository: str, upstream: str, settings: Settings) -> None:
    """Append UPSTREAM to REPOSITORY's upstreams (searched in order, depth-first)."""
    with sharing(settings) as svc:
        order = svc.add_upstream(repository, upstream, _actor())  # type: ignore[attr-defined]
    click.echo(f"{repository} upstreams: {', '.join(order)}")


@repo.command("remove-upstream")
@click.argument("repository")
@click.argument("upstream")
@common_options
def remove_upstream(repository: str, upstream: str, settings: Settings) -> None:
    """Remove UPSTREAM from REPOSITORY's upstreams."""
    with sharing(settings) as svc:
        order = svc.remove_upstream(repository, upstream, _actor())  # type: ignore[attr-defined]
    click.echo(f"{repository} upstreams: {', '.join(order) or '(none)'}")


@repo.command("set-external")
@click.argument("repository")
@click.argument("url")
@click.option("--ttl", default=300, show_default=True, type=int, help="Page cache seconds.")
@common_options
def set_external(repository: str, url: str, ttl: int, settings: Settings) -> None:
    """Connect REPOSITORY to an external PEP 691/503 index at URL (e.g. https://pypi.org/simple/)."""
    from registry.services.external import redact

    with sharing(settings) as svc:
        svc.set_external(repository, url, ttl, _actor())  # type: ignore[attr-defined]
    click.echo(f"{repository} external connection: {redact(url)} (cache {ttl}s)")


@repo.command("remove-external")
@click.argument("repository")
@common_options
def remove_external(repository: str, settings: Settings) -> None:
    """Remove REPOSITORY's external connection."""
    with sharing(settings) as svc:
        svc.remove_external(repository, _actor())  # type: ignore[attr-defined]
    click.echo(f"{repository} has no external connection")


@repo.command("show")
@click.argument("repository")
@common_options
def show(repository: str, settings: Settings) -> None:
    """REPOSITORY's upstreams, external connection and origin controls."""
    from registry.core.errors import NotFound
    from registry.services.external import redact

    with sharing(settings) as svc:
        if svc.catalog.get_repository(repository) is None:  # type: ignore[attr-defined]
            raise NotFound(f"repository {repository!r} does not exist")
        store = svc.store  # type: ignore[attr-defined]
        external = store.external(repository)
        controls = store.origin_controls(repository)
        upstreams = store.upstreams(repository)
    click.echo(f"upstreams\t{', '.join(upstreams) or '-'}")
    click.echo(f"external\t{f'{redact(external[0])} (cache {external[1]}s)' if external else '-'}")
    for name, control in controls.items():
        click.echo(f"origin\t{name}\tpublish={control.publish}\tupstream={control.upstream}")


# --- packages ----------------------------------------------------------------------------


@main.group()
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

    with sharing(settings) as svc:
        if publish is None and upstream is None:
            svc._require_repo(repository)  # type: ignore[attr-defined]
            control = svc.control(repository, canonicalize_name(project))  # type: ignore[attr-defined]
        else:
            control = svc.set_origin(  # type: ignore[attr-defined]
                repository,
                project,
                _actor(),
                publish=Permission(publish) if publish else None,
                upstream=Permission(upstream) if upstream else None,
            )
    click.echo(
        f"{canonicalize_name(project)} in {repository}: publish={control.publish} "
        f"upstream={control.upstream}"
    )


@main.command("copy")
@click.option("--from", "source", required=True, help="Repository to copy from.")
@click.option("--to", "target", required=True, help="Repository to copy into.")
@click.argument("project")
@click.argument("versions", nargs=-1, required=True)
@common_options
def copy(source: str, target: str, project: str, versions: tuple[str, ...], settings: Settings):
    """Copy PROJECT VERSIONS from one repository to another (same bytes, no re-upload)."""
    with sharing(settings) as svc:
        copied = svc.copy_versions(source, target, project, list(versions), _actor())  # type: ignore[attr-defined]
    for record in copied:
        click.echo(f"copied\t{record.filename}\t{record.sha256}")
    click.echo(f"{len(copied)} files copied from {source} to {target}", err=True)


@main.command("status")
@click.option("--repo", "repository", required=True)
@click.argument("project")
@click.argument("version")
@click.argument("status", type=click.Choice(["published", "unlisted", "archived", "disposed"]))
@common_options
def status(repository: str, project: str, version: str, status: str, settings: Settings) -> None:
    """Set a version's status: published, unlisted (exact pins only), archived (not
    installable) or disposed (files deleted; names and hashes kept)."""
    with sharing(settings) as svc:
        result = svc.set_status(repository, project, version, status, _actor())  # type: ignore[attr-defined]
    click.echo(f"{project} {version} in {repository}: {result}")


@main.command("delete")
@click.option("--repo", "repository", required=True)
@click.option("--yes", is_flag=True, help="Confirm: the version and its files are removed.")
@click.argument("project")
@click.argument("version")
@common_options
def delete(repository: str, yes: bool, project: str, version: str, settings: Settings) -> None:
    """Delete a version and its files (admin operation)."""
    if not yes:
        raise Failure("deleting removes the version and its files for good: add --yes")
    with sharing(settings) as svc:
        count = svc.delete_release(repository, project, version, _actor())  # type: ignore[attr-defined]
    click.echo(f"deleted {project} {version} from {repository} ({count} files)")


# --- webhooks and audit ------------------------------------------------------------------


@main.group()
def webhook() -> None:
    """Webhooks: signed JSON events for package version changes."""


@webhook.command("add")
@click.option("--repo", "repository", required=True)
@click.option("--secret", required=True, help="HMAC-SHA256 key (16+ characters).")
@click.argument("url")
@common_options
def webhook_add(repository: str, secret: str, url: str, settings: Settings) -> None:
    """Send signed events of REPO to URL (HMAC-SHA256 of the body with --secret)."""
    with sharing(settings) as svc:
        hook = svc.add_webhook(repository, url, secret, _actor())  # type: ignore[attr-defined]
    click.echo(f"added webhook {hook.id} to {repository}: {hook.url}")


@webhook.command("list")
@click.option("--repo", "repository", required=True)
@common_options
def webhook_list(repository: str, settings: Settings) -> None:
    """List the repository's webhooks: id and URL."""
    with sharing(settings) as svc:
        hooks = svc.store.webhooks(repository)  # type: ignore[attr-defined]
    for hook in hooks:
        click.echo(f"{hook.id}\t{hook.url}")


@webhook.command("remove")
@click.option("--repo", "repository", required=True)
@click.argument("webhook_id", type=int)
@common_options
def webhook_remove(repository: str, webhook_id: int, settings: Settings) -> None:
    """Stop sending events to a webhook (its id from 'registry webhook list')."""
    with sharing(settings) as svc:
        svc.remove_webhook(repository, webhook_id, _actor())  # type: ignore[attr-defined]
    click.echo(f"removed webhook {webhook_id}")


@webhook.command("deliveries")
@click.option("--repo", "repository", required=True)
@common_options
def webhook_deliveries(repository: str, settings: Settings) -> None:
    """Recent delivery attempts (failures included), newest first."""
    with sharing(settings) as svc:
        rows = svc.store.deliveries(repository)  # type: ignore[attr-defined]
        lines = [
            f"{r.attempted_at:%Y-%m-%dT%H:%M:%SZ}\twebhook {r.webhook_id}\t{r.event_type}\t"
            f"attempt {r.attempt}\t{'delivered' if r.delivered else 'FAILED'}\t"
            f"{r.status_code or '-'}\t{r.error or ''}"
            for r in rows
        ]
    for line in lines:
        click.echo(line)


@main.command("audit")
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
    from registry.services.sharing import parse_since

    with sharing(settings) as svc:
        since_at = parse_since(since) if since else None
        rows = svc.store.audit(repository, since_at)  # type: ignore[attr-defined]
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
