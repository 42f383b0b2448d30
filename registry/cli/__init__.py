"""`registry …` commands. Every command takes --data-dir / REGISTRY_DATA_DIR and
--database-url / REGISTRY_DATABASE_URL, brings the schema up to date, and reports errors as
one line on stderr with exit status 2.

This module only assembles the command groups; each lives in its own module, and nothing
outside this package imports them."""

from __future__ import annotations

import click

from registry.cli import attestation, audit, maintenance, repo, serve, sharing, token, webhook, yank


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """codeyard registry: a private Python package index for pip, uv and twine."""


for command in (
    serve.serve,
    maintenance.migrate,
    maintenance.check,
    repo.repo,
    token.token,
    yank.yank,
    yank.unyank,
    sharing.package,
    sharing.copy,
    sharing.status,
    sharing.delete,
    webhook.webhook,
    audit.audit,
    attestation.attestation,
):
    main.add_command(command)

for command in (
    sharing.add_upstream,
    sharing.remove_upstream,
    sharing.set_external,
    sharing.remove_external,
    sharing.show,
    attestation.policy,
):
    repo.repo.add_command(command)
