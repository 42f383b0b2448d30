"""The deployment files name real commands, apps and hooks: a typo here only shows up on a
production host, so check what can be checked without one."""

from __future__ import annotations

import importlib
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def test_appspec_hooks_exist_and_are_valid_bash() -> None:
    spec = yaml.safe_load((DEPLOY / "appspec.yml").read_text())
    assert spec["version"] == 0.0 and spec["os"] == "linux"
    hooks = [entry["location"] for entries in spec["hooks"].values() for entry in entries]
    assert len(hooks) == 5
    for location in hooks:
        script = DEPLOY.parent / location
        assert script.is_file(), location
        subprocess.run(["bash", "-n", str(script)], check=True)


def _exec_lines(unit: Path) -> list[list[str]]:
    text = unit.read_text().replace("\\\n", " ")
    return [
        shlex.split(line.split("=", 1)[1])
        for line in text.splitlines()
        if line.startswith(("ExecStart=", "ExecStartPre="))
    ]


def test_systemd_units_point_at_real_apps_and_commands() -> None:
    from click.testing import CliRunner

    from registry.cli import main as registry_main
    from reviewbot.cli import main as reviewbot_main

    seen_apps = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        for argv in _exec_lines(unit):
            program = Path(argv[0]).name
            if program == "gunicorn":
                app = argv[-1]
                module, _, call = app.partition(":")
                factory = re.fullmatch(r"(\w+)\(\)", call)
                assert factory, app
                assert callable(getattr(importlib.import_module(module), factory.group(1)))
                seen_apps.append(module)
            elif program == "registry":
                result = CliRunner().invoke(registry_main, [*argv[1:], "--help"])
                assert result.exit_code == 0, result.output
            elif program == "reviewbot":
                result = CliRunner().invoke(reviewbot_main, [*argv[1:], "--help"])
                assert result.exit_code == 0, result.output
            else:
                raise AssertionError(f"unexpected program in {unit.name}: {argv[0]}")
    assert seen_apps == ["reviewbot.service.server"]  # the registry runs under `registry serve`


def test_every_timer_triggers_a_service_that_exists() -> None:
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    assert [t.name for t in timers] == ["codeyard-reviewbot-retrain.timer"]
    for timer in timers:
        assert (DEPLOY / "systemd" / timer.name.replace(".timer", ".service")).is_file()
        text = timer.read_text()
        assert "[Timer]" in text and "WantedBy=timers.target" in text
    hooks = (DEPLOY / "hooks" / "after_install.sh").read_text()
    assert "codeyard-reviewbot-retrain.timer" in hooks


def test_health_endpoints_used_by_validate_service_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(tmp_path / "registry"))
    monkeypatch.setenv("REVIEWBOT_CACHE_DIR", str(tmp_path / "reviewbot"))
    monkeypatch.setenv("REVIEWBOT_WEBHOOK_SECRET", "deploy-test-secret")
    from registry.web.app import create_app as registry_app
    from reviewbot.service.server import create_app as reviewbot_app

    defaults = (DEPLOY / "hooks" / "common.sh").read_text()
    ports = re.findall(r"_URL:-http://127\.0\.0\.1:(\d+)\}", defaults)
    assert ports == ["8080", "8090"]
    script = (DEPLOY / "hooks" / "validate_service.sh").read_text()
    paths = re.findall(r'"\$(?:registry|reviewbot)_url(/\w+)"', script)
    assert len(paths) == 2
    registry_path, reviewbot_path = paths
    assert registry_app().test_client().get(registry_path).status_code == 200
    assert reviewbot_app().test_client().get(reviewbot_path).status_code == 200
