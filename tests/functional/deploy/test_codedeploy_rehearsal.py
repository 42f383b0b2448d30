"""A CodeDeploy in-place deployment rehearsed on this machine: the appspec's hooks run in
CodeDeploy's order with the target root, the service manager and user creation redirected
into a scratch directory (the hooks read them from the environment). Three revisions: the
first deployment, a newer build over it, and a broken build that must fail
ValidateService and leave the previous release serving."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.live_registry import environment, free_port  # noqa: E402

pytestmark = pytest.mark.functional

# CodeDeploy's in-place lifecycle, in the order it runs the hooks (Install copies the files).
LIFECYCLE = ["ApplicationStop", "BeforeInstall", "Install", "AfterInstall", "ApplicationStart",
             "ValidateService"]  # fmt: skip
STRIPPED = ("PIP_", "UV_", "REGISTRY_", "REVIEWBOT_", "TWINE_", "PYTHONPATH", "VIRTUAL_ENV")
FAKE_SYSTEMCTL = Path(__file__).with_name("fake_systemctl.py")
UNITS = ("codeyard-registry.service", "codeyard-reviewbot.service")


def bundle(target: Path, version: str, break_registry: bool = False) -> Path:
    """The revision as CodeBuild hands it over: the repository's files, version set."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
        text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    for name in listed:
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "benchmarks/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    pyproject = target / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"',
                                pyproject.read_text()))  # fmt: skip
    if break_registry:
        app = target / "registry/web/app.py"
        app.write_text(app.read_text() + '\nraise RuntimeError("a broken build")\n')
    return target


@dataclass
class Host:
    root: Path
    state: Path
    env: dict[str, str]
    registry_url: str
    reviewbot_url: str
    last_bundle: Path | None = None

    def systemctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(FAKE_SYSTEMCTL), *args], env=self.env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    def deploy(self, revision: Path) -> tuple[bool, str]:
        """Run the lifecycle; (succeeded, transcript). Stops at the first failing hook."""
        spec = yaml.safe_load((revision / "deploy/appspec.yml").read_text())
        assert [e for e in LIFECYCLE if e in spec["hooks"]] == list(spec["hooks"])
        transcript = []
        for event in LIFECYCLE:
            if event == "Install":
                destination = self.root / spec["files"][0]["destination"].lstrip("/")
                shutil.rmtree(destination, ignore_errors=True)
                shutil.copytree(revision, destination)
                continue
            # ApplicationStop runs the scripts of the last successful revision, as CodeDeploy does.
            base = self.last_bundle if event == "ApplicationStop" else revision
            if base is None:
                continue
            for hook in yaml.safe_load((base / "deploy/appspec.yml").read_text())["hooks"][event]:
                began = time.monotonic()
                done = subprocess.run(["bash", str(base / hook["location"])], env=self.env,
                                      capture_output=True, text=True,
                                      timeout=hook["timeout"])  # fmt: skip
                took = time.monotonic() - began
                transcript.append(
                    f"--- {event}: exit {done.returncode} in {took:.1f} s\n"
                    + done.stdout
                    + done.stderr
                )
                print(transcript[-1].splitlines()[0])
                if done.returncode != 0:
                    return False, "\n".join(transcript)
        self.last_bundle = revision
        return True, "\n".join(transcript)

    def serving_version(self) -> str:
        page = requests.get(self.registry_url + "/", timeout=10).text
        found = re.search(r"codeyard (\S+)</footer>", page)
        assert found, page
        return found.group(1)

    def logs(self) -> str:
        return "\n".join(f"== {p.name}\n{p.read_text()[-3000:]}" for p in self.state.glob("*.log"))


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Host]:
    root, state, bin_dir = tmp_path / "root", tmp_path / "systemd", tmp_path / "bin"
    for folder in (root, state, bin_dir):
        folder.mkdir()
    systemctl = bin_dir / "systemctl"
    systemctl.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_SYSTEMCTL}" "$@"\n')
    useradd = bin_dir / "useradd"
    useradd.write_text(f'#!/bin/sh\necho "$@" >> "{state}/useradd.calls"\n')
    for script in (systemctl, useradd):
        script.chmod(0o755)
    registry_port, reviewbot_port = free_port(), free_port()
    # The ports of this rehearsal, as an operator's drop-ins would set them.
    for unit, line in ((UNITS[0], f"REGISTRY_PORT={registry_port}"),
                       (UNITS[1], f"REVIEWBOT_PORT={reviewbot_port}")):  # fmt: skip
        drop_in = root / "etc/systemd/system" / f"{unit}.d"
        drop_in.mkdir(parents=True)
        (drop_in / "port.conf").write_text(f"[Service]\nEnvironment={line}\n")
    uv_dir = str(Path(shutil.which("uv") or sys.executable).parent)
    env = environment({
        "PATH": f"{uv_dir}:{os.environ['PATH']}",
        "UV_NO_CONFIG": "1",
        "CODEYARD_ROOT": str(root),
        "CODEYARD_SYSTEMCTL": str(systemctl),
        "CODEYARD_USERADD": str(useradd),
        "CODEYARD_USER": "codeyard-rehearsal",
        "CODEYARD_REGISTRY_URL": f"http://127.0.0.1:{registry_port}",
        "CODEYARD_REVIEWBOT_URL": f"http://127.0.0.1:{reviewbot_port}",
        "FAKE_SYSTEMD_ROOT": str(root),
        "FAKE_SYSTEMD_STATE": str(state),
        "CODEYARD_HEALTH_WAIT": "20",  # seconds ValidateService waits for each service
    }, strip=STRIPPED)  # fmt: skip
    rehearsal = Host(root, state, env, env["CODEYARD_REGISTRY_URL"], env["CODEYARD_REVIEWBOT_URL"])
    try:
        yield rehearsal
    finally:
        rehearsal.systemctl("stop", *UNITS)


def test_first_deploy_upgrade_and_a_broken_build_that_rolls_back(
    host: Host, tmp_path: Path
) -> None:
    first = bundle(tmp_path / "rev1", "0.1.0")
    ok, transcript = host.deploy(first)
    assert ok, transcript + host.logs()
    # The hooks created what a first deployment needs, and nothing outside the root.
    assert "codeyard-rehearsal" in (host.state / "useradd.calls").read_text()
    bot_env = (host.root / "etc/codeyard/reviewbot.env").read_text()
    assert re.search(r"(?m)^REVIEWBOT_WEBHOOK_SECRET=[0-9a-f]{64}$", bot_env)
    assert "generated REVIEWBOT_WEBHOOK_SECRET" in transcript
    assert host.systemctl("is-active", *UNITS).returncode == 0
    assert host.serving_version() == "0.1.0"
    assert requests.get(host.reviewbot_url + "/healthz", timeout=10).ok
    assert requests.get(host.reviewbot_url + "/readyz", timeout=10).json() == {"status": "ready"}
    first_release = (host.root / "opt/codeyard/current").resolve()

    newer = bundle(tmp_path / "rev2", "0.1.1")
    ok, transcript = host.deploy(newer)
    assert ok, transcript + host.logs()
    assert host.serving_version() == "0.1.1"
    second_release = (host.root / "opt/codeyard/current").resolve()
    assert second_release != first_release
    assert (host.root / "opt/codeyard/previous").resolve() == first_release
    # The operator's secret survived the upgrade.
    assert (host.root / "etc/codeyard/reviewbot.env").read_text() == bot_env

    broken = bundle(tmp_path / "rev3", "0.1.2", break_registry=True)
    started = time.monotonic()
    ok, transcript = host.deploy(broken)
    assert not ok
    assert "--- ValidateService: exit 1 " in transcript
    assert "rolling back to" in transcript and "previous release is serving again" in transcript
    assert (host.root / "opt/codeyard/current").resolve() == second_release
    assert host.serving_version() == "0.1.1"
    assert time.monotonic() - started < 240
