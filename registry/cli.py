"""`registry …` commands. Every command takes --data-dir / REGISTRY_DATA_DIR and
--database-url / REGISTRY_DATABASE_URL, brings the schema up to date, and reports errors as
one line on stderr with exit status 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from registry.config import ConfigError, Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def common_options(func: F) -> F:
    @click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where the SQLite database and blobs live [REGISTRY_DATA_DIR, ./registry-data].",
    )
    @click.option(
        "--database-url",
        default=None,
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db [REGISTRY_DATABASE_URL].",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, data_dir: Path | None, database_url: str | None, **kw: Any) -> Any:
        try:
            settings = load_settings().with_overrides(data_dir=data_dir, database_url=database_url)
        except ConfigError as exc:
            raise Failure(str(exc)) from None
        return func(*args, settings=settings, **kw)

    return wrapper  # type: ignore[return-value]


@contextmanager
def opened(settings: Settings, create: bool = False) -> Iterator[Any]:
    """A migrated database's catalog for one command; domain errors become exit 2. Unless
    *create*, a missing registry is refused instead of silently made empty (a command run
    from the wrong directory would otherwise start a second, empty registry there)."""
    from sqlalchemy.exc import SQLAlchemyError

    from registry.core.errors import RegistryError
    from registry.db.catalog import SqlCatalog
    from registry.db.session import for_writes, make_engine, migrate, session_factory

    if not create:
        from registry.db.presence import how_to_point, missing_registry

        problem = missing_registry(settings)
        if problem:
            raise Failure(f"{problem}: {how_to_point()}")
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url)
        migrate(engine)
        session = session_factory(for_writes(engine))()
    except (SQLAlchemyError, OSError) as exc:
        raise Failure(f"cannot open the database {settings.resolved_database_url}: {exc}") from None
    try:
        yield SqlCatalog(session)
    except RegistryError as exc:
        session.rollback()
        raise Failure(exc.message) from None
    except SQLAlchemyError as exc:
        session.rollback()
        raise Failure(f"database error: {exc}") from None
    finally:
        session.close()
        engine.dispose()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """codeyard registry: a private Python package index for pip, uv and twine."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="gunicorn workers [REGISTRY_WORKERS, 2]")
@click.option(
    "--log-format",
    type=click.Choice(["plain", "json"]),
    default=None,
    help="Log lines as text or one JSON object each [REGISTRY_LOG_FORMAT, plain].",
)
@common_options
def serve(
    host: str, port: int, workers: int | None, log_format: str | None, settings: Settings
) -> None:
    """Run the registry under gunicorn (creates the registry on first start)."""
    from registry.web.server import run

    settings = settings.with_overrides(workers=workers, log_format=log_format)
    with opened(settings, create=True):
        pass  # creates or upgrades the schema once, before any worker starts
    click.echo(
        f"registry: serving {settings.data_dir.resolve()} on http://{host}:{port}/", err=True
    )
    run(settings, host, port)


@main.group()
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


@main.group()
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
    """Revoke a token by its id (see 'registry token list'); it stops working at once."""
    from registry.core.model import Actor
    from registry.services.admin import revoke_token

    with opened(settings) as catalog:
        record = revoke_token(catalog, token_id, Actor.cli())
    click.echo(f"revoked token {record.id} ({record.repository}, {record.scope.label})")


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
    cli_sharing.notify_yank(settings, repository, project, version, yanked, reason)  # webhooks
    verb = "yanked" if yanked else "unyanked"
    click.echo(f"{verb} {project} {version} in {repository} ({count} files)")


@main.command()
@click.option("--repo", "repository", required=True)
@click.option("--reason", default=None, help="Shown to installers (PEP 592).")
@click.argument("project")
@click.argument("version")
@common_options
def yank(repository: str, reason: str | None, project: str, version: str, settings: Settings):
    """Yank a release: installers skip it unless it is pinned exactly."""
    _yank(repository, project, version, True, reason, settings)


@main.command()
@click.option("--repo", "repository", required=True)
@click.argument("project")
@click.argument("version")
@common_options
def unyank(repository: str, project: str, version: str, settings: Settings) -> None:
    """Undo a yank."""
    _yank(repository, project, version, False, None, settings)


@main.command()
@common_options
def migrate(settings: Settings) -> None:
    """Create or upgrade the database schema, then exit (deployments run this before start;
    on a new data directory or database it creates the registry)."""
    with opened(settings, create=True):
        pass
    click.echo("registry: database schema is up to date", err=True)


@main.command()
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
    click.echo(
        f"{len(report.missing_blobs)} missing, {len(report.orphan_blobs)} orphan blobs", err=True
    )
    if report.missing_blobs:
        sys.exit(1)


from registry import cli_sharing  # noqa: E402  (upstreams, copy, status, audit …)

if __name__ == "__main__":  # pragma: no cover
    main()
