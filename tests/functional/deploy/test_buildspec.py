"""deploy/buildspec.yml's commands, run in order on a fresh clone as CodeBuild would (each
phase in one shell, stopping at the first failure): lint, tests, the wheel, and the review
gate whose SARIF report CodeBuild collects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
PHASES = ("install", "pre_build", "build", "post_build")
pytestmark = pytest.mark.functional


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def test_buildspec_commands_pass_in_order_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # This branch's uncommitted work too, so the test checks what is about to be committed.
    for name in git(ROOT, "ls-files", "-m", "-o", "--exclude-standard").splitlines():
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    git(clone, "-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "commit", "-qam",
        "working tree", "--allow-empty")  # fmt: skip
    # The change under review, as a pull request would bring it: small and clean.
    (clone / "docs" / "CHANGELOG-note.md").write_text("A note for the release.\n")
    git(clone, "add", "docs/CHANGELOG-note.md")
    git(clone, "-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "commit", "-qm",
        "Add a release note")  # fmt: skip
    assert not (clone / "reports").exists()

    # `make install` runs on every clean clone in .ci/run already; here uv seeds the venv from
    # its cache so this test stays short, and make install then finds it up to date.
    uv = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    seed_env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    seed_env["UV_NO_CONFIG"] = "1"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(clone / ".venv")],
                   check=True, env=seed_env)  # fmt: skip
    subprocess.run([uv, "pip", "install", "--quiet", "--python", str(clone / ".venv/bin/python"),
                    "-e", f"{clone}[test]"], check=True, env=seed_env)  # fmt: skip
    (clone / ".venv/bin/.installed").touch()

    spec = yaml.safe_load((clone / "deploy/buildspec.yml").read_text())
    # No MAKEFLAGS: under `make test PYTEST_ARGS=…` the outer make would pass its own
    # command-line variables down to the buildspec's `make test`.
    outer = ("REGISTRY_", "VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(outer)}
    env.update({k: str(v) for k, v in spec.get("env", {}).get("variables", {}).items()})
    # `make test` inside a test of the test run: a small slice of the suite, not all of it.
    env["PYTEST_ARGS"] = "-q -p no:cacheprovider tests/unit/registry/test_names.py"
    env["PATH"] = f"{clone / '.venv/bin'}:{env['PATH']}"
    for phase in PHASES:
        commands = spec["phases"].get(phase, {}).get("commands", [])
        if not commands:
            continue
        script = "set -e\n" + "\n".join(commands)
        done = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True,
                              text=True, timeout=600)  # fmt: skip
        assert done.returncode == 0, (
            f"{phase} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )

    sarif = json.loads((clone / "reports/reviewbot.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    for report in spec["reports"].values():
        for pattern in report["files"]:
            assert list(clone.glob(pattern)), pattern
    assert list((clone / "dist").glob("codeyard-*.whl"))
