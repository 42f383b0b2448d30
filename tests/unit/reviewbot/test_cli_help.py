"""`-h` works on both console scripts, like `--help`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from registry.cli import main as registry_main
from reviewbot.cli import main as reviewbot_main


@pytest.mark.parametrize("main", [registry_main, reviewbot_main])
@pytest.mark.parametrize("args", [["-h"], ["--help"]])
def test_short_and_long_help(main, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")


def test_every_registry_command_says_what_it_does() -> None:
    import click

    def walk(command: click.Command, path: str) -> list[str]:
        missing = [] if (command.help or "").strip() else [path]
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                missing += walk(sub, f"{path} {name}")
        return missing

    assert walk(registry_main, "registry") == []
