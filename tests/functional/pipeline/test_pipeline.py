"""The whole flow of deploy/pipeline/run-stages.sh (what the GitHub, GitLab and CodeBuild
files call) against a live registry and a real git repository: what passes reaches
`release` with a verifiable attestation, and each way around the review is stopped."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import requests

from tests.functional.pipeline.conftest import (
    ROOT,
    TEST,
    LiveRegistry,
    Project,
    clean_env,
    run_stages,
)
from tests.support.live_registry import run_checked, tool

pytestmark = pytest.mark.functional

ALL = ("source", "build", "test", "review", "publish", "attest", "promote", "deploy")
CLEAN_SOURCE = '''"""A service the pipeline ships."""


def total(prices):
    """The sum of the prices."""
    return sum(prices)


def average(prices):
    """The mean price, 0 for none."""
    return sum(prices) / len(prices) if prices else 0
'''
CLEAN_TEST = TEST + '''

def test_average():
    from svc import average

    assert average([2, 4]) == 3 and average([]) == 0
'''


def files_in(registry: LiveRegistry, repo: str, project: str = "svc") -> list[str]:
    token = registry.tokens["read" if repo == "release" else "staging-read"]
    answer = requests.get(f"{registry.base}/{repo}/simple/{project}/", auth=("__token__", token),
                          headers={"Accept": "application/vnd.pypi.simple.v1+json"},
                          timeout=30)  # fmt: skip
    if answer.status_code == 404:
        return []
    answer.raise_for_status()
    return sorted(f["filename"] for f in answer.json()["files"])


def explain(result) -> str:  # type: ignore[no-untyped-def]
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def after_install(registry: LiveRegistry, release_env: Path, scratch: Path) -> Path:
    """deploy/hooks/after_install.sh as CodeDeploy runs it from a bundle that carries the
    pipeline's deploy/release.env, on a host (a scratch root) whose deploy.env names the
    `release` index; the service manager is `true`. Returns the host's root."""
    bundle, host = scratch / "bundle", scratch / "host"
    shutil.copytree(ROOT / "deploy", bundle / "deploy")
    shutil.copy(release_env, bundle / "deploy/release.env")
    shutil.copytree(bundle, host / "opt/codeyard/src")  # CodeDeploy's Install step
    (host / "etc/codeyard").mkdir(parents=True)
    (host / "etc/systemd/system").mkdir(parents=True)
    (host / "opt/codeyard/releases").mkdir(parents=True)
    index = registry.base.replace("://", f"://__token__:{registry.tokens['read']}@")
    (host / "etc/codeyard/deploy.env").write_text(
        f'CODEYARD_PIP_OPTIONS="--index-url {index}/release/simple/"\n'
    )
    done = run_checked(
        ["bash", str(bundle / "deploy/hooks/after_install.sh")], check=False,
        env=clean_env(CODEYARD_ROOT=str(host), CODEYARD_SYSTEMCTL="true",
                      CODEYARD_PYTHON=sys.executable),
    )  # fmt: skip
    assert done.returncode == 0, explain(done)
    return host


def test_a_clean_change_reaches_release_with_a_verifiable_attestation(
    registry: LiveRegistry, project: Project, tmp_path: Path
) -> None:
    project.branch("feature-clean", {"svc/__init__.py": CLEAN_SOURCE,
                                     "tests/test_svc.py": CLEAN_TEST}, "1.1.0")  # fmt: skip
    result = run_stages(registry, project, *ALL)
    assert result.returncode == 0, explain(result)
    assert "deployed 5" in result.stdout  # the release, installed from `release`, runs
    # ...and the CodeDeploy bundle's AfterInstall installs that same release from `release`
    release_env = (project.path / "deploy/release.env").read_text()
    assert release_env == "CODEYARD_INSTALL_SPEC=svc==1.1.0\n"
    host = after_install(registry, project.path / "deploy/release.env", tmp_path)
    ran = run_checked([str(host / "opt/codeyard/current/bin/python"), "-m", "svc"], cwd=tmp_path,
                      env=clean_env())  # fmt: skip
    assert ran.stdout.strip() == "deployed 5"
    wheel = "svc-1.1.0-py3-none-any.whl"
    assert wheel in files_in(registry, "release")
    assert f"{wheel}: pass {registry.base}/staging/attestations/" in result.stdout
    envelope = json.loads(
        (project.path / ".pipeline/attestations" / f"{wheel}.intoto.json").read_text()
    )
    assert envelope["payloadType"] == "application/vnd.in-toto+json"
    verified = run_checked(
        [tool("registry"), "attestation", "verify", "--key", f"{registry.key}.pub",
         "--registry", f"{registry.base}/release/", "--token", registry.tokens["read"],
         "--require-review", "pass", str(project.path / "dist" / wheel)],
        check=False, env=clean_env(),
    )  # fmt: skip
    assert verified.returncode == 0, explain(verified)
    # the same check with a key the bot never used finds nothing that verifies
    other_key = project.path.parent / "other.pem"
    run_checked([tool("reviewbot"), "keygen", str(other_key)], env=clean_env())
    unverified = run_checked(
        [tool("registry"), "attestation", "verify", "--key", f"{other_key}.pub",
         "--registry", f"{registry.base}/release/", "--token", registry.tokens["read"],
         str(project.path / "dist" / wheel)],
        check=False, env=clean_env(),
    )  # fmt: skip
    assert unverified.returncode == 1, explain(unverified)


# The typo sits in an extra that the tests do not install, so the build and the tests pass
# and it is the review that has to stop it (a typosquat in the main dependencies cannot even
# install from a registry that does not serve the name).
TYPOSQUAT_EXTRA = '\n[project.optional-dependencies]\nreports = ["acme-utilz>=1.0"]\n'


@pytest.mark.parametrize(
    ("name", "files", "optional", "rule", "line"),
    [
        ("typosquat", {}, TYPOSQUAT_EXTRA, "deps/typosquat", "pyproject.toml:13"),
        ("extra-index", {"requirements.txt":
                         "--extra-index-url https://pypi.example.org/simple/\nacme-utils>=1.0\n"},
         "", "deps/extra-index-url", "requirements.txt:1"),
    ],
)  # fmt: skip
def test_a_risky_dependency_change_is_stopped_at_review_and_never_reaches_staging(
    registry: LiveRegistry,
    project: Project,
    name: str,
    files: dict[str, str],
    optional: str,
    rule: str,
    line: str,
) -> None:
    version = {"typosquat": "2.0.0", "extra-index": "2.1.0"}[name]
    project.branch(f"feature-{name}", files, version, optional)
    result = run_stages(registry, project, *ALL)
    assert result.returncode == 1, explain(result)
    assert "== pipeline: review" in result.stderr
    assert "== pipeline: publish" not in result.stderr
    assert rule in result.stdout and line in result.stdout, explain(result)
    assert not any(version in f for f in files_in(registry, "staging"))


def test_a_change_whose_tests_fail_never_reaches_release(
    registry: LiveRegistry, project: Project
) -> None:
    broken = CLEAN_SOURCE.replace("return sum(prices)\n", "return sum(prices) + 1\n", 1)
    project.branch("feature-broken", {"svc/__init__.py": broken, "tests/test_svc.py": CLEAN_TEST},
                   "3.0.0")  # fmt: skip
    result = run_stages(registry, project, *ALL)
    assert result.returncode != 0, explain(result)
    assert "1 failed" in result.stdout, explain(result)
    assert "== pipeline: publish" not in result.stderr
    assert not any("3.0.0" in f for f in files_in(registry, "staging") + files_in(registry,
                                                                                    "release"))


def test_unreviewed_and_forged_uploads_cannot_be_promoted(
    registry: LiveRegistry, project: Project, tmp_path: Path
) -> None:
    # Built and uploaded straight to staging: no review, no attestation.
    project.branch("feature-sneaky", {}, "4.0.0")
    result = run_stages(registry, project, "build", "publish")
    assert result.returncode == 0, explain(result)
    wheel = "svc-4.0.0-py3-none-any.whl"
    assert wheel in files_in(registry, "staging")

    promoted = run_stages(registry, project, "promote")
    assert promoted.returncode != 0, explain(promoted)
    assert wheel in promoted.stderr + promoted.stdout  # the refusal names the file
    assert wheel not in files_in(registry, "release")

    # A passing review signed with a key the registry does not trust: refused.
    rogue = tmp_path / "rogue.pem"
    run_checked([tool("reviewbot"), "keygen", str(rogue)], env=clean_env())
    forged = run_stages(registry, project, "attest", key=rogue)
    assert forged.returncode == 3, explain(forged)
    assert f"{wheel}: pass, NOT attested:" in forged.stderr

    # The trusted key, but the digest of another file under the published name: refused.
    other = tmp_path / "other" / wheel
    other.parent.mkdir()
    shutil.copy(project.path / "dist" / wheel, other)
    with other.open("ab") as stream:
        stream.write(b"\0")  # different bytes, same name
    swapped = run_checked(
        [tool("reviewbot"), "attest", "--repo", str(project.path), "--base", "main", "--head",
         "HEAD", "--registry", f"{registry.base}/staging/", "--no-model", str(other)],
        check=False,
        env=clean_env(REVIEWBOT_REGISTRY_TOKEN=registry.tokens["publish"],
                      REVIEWBOT_ATTESTATION_KEY=str(registry.key)),
    )  # fmt: skip
    assert swapped.returncode == 3, explain(swapped)
    assert "NOT attested" in swapped.stderr

    # A genuine review whose verdict is fail (any risk is above 0) is recorded, and the
    # command stops CI; the failing attestation does not open the way to release either.
    failing = run_stages(registry, project, "attest", PIPELINE_MAX_RISK="0")
    assert failing.returncode == 1, explain(failing)
    assert f"{wheel}: fail {registry.base}/staging/attestations/" in failing.stdout

    still = run_stages(registry, project, "promote")
    assert still.returncode != 0, explain(still)
    assert wheel not in files_in(registry, "release")
