"""`reviewbot …`: the console script's command group. One module per command group:
`review` (a branch or a diff, locally), `attest` (`attest`, `keygen`: signed review
verdicts for built files, uploaded to the registry), `model` (`mine`, `model
train|evaluate`), `pr` (`pr` in CI, `serve` for webhooks), `stats` (reviewer feedback per
rule). Nothing else in the package imports `reviewbot.cli`.

Exit codes (documented in docs/reviewbot.md): 0 clean (or findings below the gate),
1 findings at or above the `--fail-on` gate, 2 usage or input error (a message on stderr,
never a traceback); `reviewbot pr` adds 3 for a host or git failure worth retrying.
"""

from __future__ import annotations

import click

from reviewbot.cli.attest import attest_command, keygen_command
from reviewbot.cli.model import mine, model
from reviewbot.cli.pr import pr_command, serve_command
from reviewbot.cli.review import review_command
from reviewbot.cli.stats import stats_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="codeyard", prog_name="reviewbot")
def main() -> None:
    """Review a change with static analyzers (and, when trained, a defect model)."""


for _command in (review_command, attest_command, keygen_command, pr_command, serve_command,
                 mine, model, stats_command):
    main.add_command(_command)
