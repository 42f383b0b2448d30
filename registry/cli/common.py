"""What every `registry …` command shares: the --data-dir / --database-url options, the
migrated catalog a command works on, the sharing use cases on it, and errors as one line on
stderr with exit status 2."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from registry.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from registry.core.model import Actor
    from registry.services.sharing import SharingService

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
    from registry.db.generation import Generation
    from registry.db.session import for_writes, make_engine, migrate, session_factory

    if not create:
        from registry.db.presence import how_to_point, missing_registry

        problem = missing_registry(settings.data_dir, settings.database_url)
        if problem:
            raise Failure(f"{problem}: {how_to_point()}")
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.resolved_database_url)
        migrate(engine)
        # A server on this data directory sees the command's changes on its next request.
        generation = Generation(settings.generation_file)
        session = session_factory(for_writes(engine), generation)()
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


@contextmanager
def sharing_service(settings: Settings) -> Iterator[SharingService]:
    """The sharing use cases on the CLI's catalog; webhook deliveries finish before exit."""
    from sqlalchemy.orm import sessionmaker

    from registry.db.attestations import SqlAttestations
    from registry.db.generation import generation_of, track
    from registry.db.sharing import SqlSharing
    from registry.db.webhook_deliveries import SqlDeliveryRecorder
    from registry.services.attestation_keys import Ed25519Keyring
    from registry.services.events import EventDispatcher, RequestsSender
    from registry.services.sharing import SharingService
    from registry.storage import build_blob_store

    with opened(settings) as catalog:
        sessions = track(
            sessionmaker(catalog.session.get_bind(), expire_on_commit=False),
            generation_of(catalog.session),
        )
        # The documented policy: 5 attempts, 1 s, 2 s, 4 s, 8 s apart.
        dispatcher = EventDispatcher(RequestsSender(), SqlDeliveryRecorder(sessions))
        try:
            yield SharingService(
                catalog, SqlSharing(catalog.session), build_blob_store(settings),
                dispatcher=dispatcher, attestations=SqlAttestations(catalog.session),
                verifier=Ed25519Keyring.from_files(settings.attestation_keys),
            )  # fmt: skip
            catalog.session.commit()  # end this transaction: the recorder writes meanwhile
        finally:
            dispatcher.shutdown(wait=True)


def cli_actor() -> Actor:
    from registry.core.model import Actor

    return Actor.cli()
