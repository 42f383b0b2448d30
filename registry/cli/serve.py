"""`registry serve`: the registry under gunicorn."""

from __future__ import annotations

import click

from registry.cli.common import Failure, common_options, opened
from registry.config import Settings


@click.command()
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
    from registry.core.errors import RegistryError
    from registry.services.attestation_keys import Ed25519Keyring
    from registry.web.server import run

    settings = settings.with_overrides(workers=workers, log_format=log_format)
    try:
        # Refuse here, in one line, rather than as every worker's failed boot.
        Ed25519Keyring.from_files(settings.attestation_keys)
    except RegistryError as exc:
        raise Failure(f"REGISTRY_ATTESTATION_KEYS: {exc.message}") from None
    with opened(settings, create=True):
        pass  # creates or upgrades the schema once, before any worker starts
    click.echo(
        f"registry: serving {settings.data_dir.resolve()} on http://{host}:{port}/", err=True
    )
    run(settings, host, port)
