"""Review attestations and review policies against live gunicorn, driven by the real
clients: requests for the attestation API (as `reviewbot attest` calls it), twine for
uploads, pip and uv for installs, and the registry CLI for policy, copy, audit and
verify."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.support.attestations import Signer, statement
from tests.support.live_registry import run_checked, tool

from .conftest import Live, wheel

pytestmark = pytest.mark.functional


def post(live: Live, repo: str, envelope: object, token: str | None) -> requests.Response:
    return requests.post(
        f"{live.base}/{repo}/attestations", json=envelope,
        auth=("__token__", token) if token else None, timeout=30,
    )  # fmt: skip


def publish(live: Live, repo: str, name: str, version: str, salt: str = "") -> tuple[Path, bytes]:
    filename, data = wheel(name, version, salt)
    path = live.write(filename, data)
    token = live.tokens.setdefault(f"{repo}-publish", live.token(repo, "publish"))
    result = live.twine(repo, token, path)
    assert result.returncode == 0, result.stdout + result.stderr
    return path, data


def attest(live: Live, repo: str, path: Path, data: bytes, **review: object) -> dict:
    token = live.tokens.setdefault(f"{repo}-publish", live.token(repo, "publish"))
    response = post(live, repo, live.signer.attest(path.name, data, **review), token)
    assert response.status_code == 201, response.text
    return response.json()


def install(live: Live, tool_name: str, repo: str, target: Path, *requirements: str,
            check: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
    token = live.tokens.setdefault(f"{repo}-read", live.token(repo, "read"))
    if tool_name == "pip":
        command = [sys.executable, "-m", "pip", "install", "--isolated", "--no-cache-dir",
                   "--index-url", live.index(repo, token), "--target", str(target)]  # fmt: skip
    else:
        command = [tool("uv"), "pip", "install", "--no-config", "--no-cache", "--python",
                   sys.executable, "--index-url", live.index(repo, token), "--target",
                   str(target)]  # fmt: skip
    return run_checked([*command, *requirements], check, env=live.env())


def installed(target: Path) -> dict[str, str]:
    found = {}
    for info in target.glob("*.dist-info"):
        name, version = info.name[: -len(".dist-info")].rsplit("-", 1)
        found[name.lower()] = version
    return found


def test_a_signed_review_is_stored_served_and_a_second_one_kept(live: Live) -> None:
    path, data = publish(live, "staging", "acme-app", "1.0")
    sha = hashlib.sha256(data).hexdigest()
    first = attest(live, "staging", path, data)
    assert first == {
        "sha256": sha, "filename": path.name, "id": first["id"],
        "url": f"/staging/attestations/{sha}", "keyid": live.signer.keyid, "verdict": "pass",
    }  # fmt: skip
    second = attest(live, "staging", path, data, result="fail", critical=1)
    assert second["id"] != first["id"] and second["verdict"] == "fail"

    read = live.token("staging", "read")
    shown = requests.get(live.base + first["url"], auth=("__token__", read), timeout=30)
    assert shown.status_code == 200
    body = shown.json()
    assert body["sha256"] == sha
    assert [a["id"] for a in body["attestations"]] == [first["id"], second["id"]]
    assert all(a["verified"] and a["keyid"] == live.signer.keyid for a in body["attestations"])
    assert body["attestations"][0]["statement"]["subject"][0]["digest"]["sha256"] == sha
    assert body["attestations"][1]["statement"]["predicate"]["verdict"]["result"] == "fail"
    assert requests.get(live.base + first["url"], timeout=30).status_code == 401

    project = requests.get(f"{live.base}/staging/pypi/acme-app/json",
                           auth=("__token__", read), timeout=30).json()  # fmt: skip
    summary = project["urls"][0]["attestations"]
    assert summary["count"] == 2 and summary["latest_verdict"] == "fail"
    assert summary["url"].endswith(first["url"])
    page = requests.get(f"{live.base}/staging/project/acme-app/",
                        auth=("__token__", read), timeout=30).text  # fmt: skip
    assert "review-fail" in page and "(2 attestations)" in page

    audit = live.cli("audit", "--repo", "staging", "--action", "attestation.record").stdout
    assert audit.count(path.name) == 2


def test_forged_and_misdirected_attestations_are_refused_with_json_errors(live: Live) -> None:
    path, data = publish(live, "staging", "acme-forge", "1.0")
    token = live.tokens["staging-publish"]
    stranger = Signer.generate()
    unknown = post(live, "staging", stranger.attest(path.name, data), token)
    assert unknown.status_code == 422
    assert "signed by an unknown key" in unknown.json()["error"]
    impostor = stranger.envelope(
        statement(path.name, hashlib.sha256(data).hexdigest()), keyid=live.signer.keyid
    )
    forged = post(live, "staging", impostor, token)
    assert forged.status_code == 422 and "signature does not verify" in forged.json()["error"]

    other_path, other_data = publish(live, "elsewhere", "acme-other", "1.0")
    other_sha = hashlib.sha256(other_data).hexdigest()
    foreign = post(live, "staging", live.signer.attest(other_path.name, other_data), token)
    assert foreign.status_code == 422
    assert f"no file with sha256 {other_sha} is in repository 'staging'" in foreign.json()["error"]

    wrong_type = {**live.signer.attest(path.name, data), "payloadType": "text/plain"}
    assert post(live, "staging", wrong_type, token).status_code == 400
    assert post(live, "staging", live.signer.attest(path.name, data), None).status_code == 401
    read_only = post(live, "staging", live.signer.attest(path.name, data),
                     live.token("staging", "read"))  # fmt: skip
    assert read_only.status_code == 403 and "publish" in read_only.json()["error"]
    read = live.token("staging", "read")
    none = requests.get(f"{live.base}/staging/attestations/{hashlib.sha256(data).hexdigest()}",
                        auth=("__token__", read), timeout=30)  # fmt: skip
    assert none.status_code == 404 and "no attestations" in none.json()["error"]


def test_policy_refuses_copy_and_twine_upload_naming_each_file(live: Live) -> None:
    shown = live.cli("repo", "policy", "release", "--require-review", "no-critical").stdout
    assert "release review policy: require-review no-critical" in shown
    unreviewed, _ = publish(live, "staging", "acme-lib", "1.0")
    critical, critical_data = publish(live, "staging", "acme-lib", "2.0")
    attest(live, "staging", critical, critical_data, critical=2)

    refused = live.cli("copy", "--from", "staging", "--to", "release", "acme-lib", "1.0", "2.0",
                       check=False)  # fmt: skip
    assert refused.returncode == 2
    assert f"{unreviewed.name}: no verified review attestation" in refused.stderr
    assert f"{critical.name}: review found 2 critical finding(s)" in refused.stderr
    admin = live.token("release", "admin")
    page = requests.get(f"{live.base}/release/", auth=("__token__", admin), timeout=30).text
    assert "meets <strong>no-critical</strong>" in page and "Clear review policy" in page
    listed = requests.get(f"{live.base}/release/simple/acme-lib/",
                          auth=("__token__", admin), timeout=30)  # fmt: skip
    assert listed.status_code == 404  # nothing was copied

    upload = live.twine("release", admin, critical)
    assert upload.returncode != 0
    printed = " ".join((upload.stdout + upload.stderr).split())  # twine wraps long lines
    assert "403" in printed and f"{critical.name}: review found 2 critical finding(s)" in printed

    audit = live.cli("audit", "--repo", "release", "--json").stdout.splitlines()
    decisions = [json.loads(line) for line in audit]
    refusals = [(d["subject"], d["details"]["via"]) for d in decisions
                if d["action"] == "review_policy.refuse"]  # fmt: skip
    assert (unreviewed.name, "copy from staging") in refusals
    assert (critical.name, "publish") in refusals

    attest(live, "staging", critical, critical_data)  # re-reviewed clean
    copied = live.cli("copy", "--from", "staging", "--to", "release", "acme-lib", "2.0")
    assert critical.name in copied.stdout
    allowed = live.cli("audit", "--repo", "release", "--action", "review_policy.allow").stdout
    assert critical.name in allowed

    target = live.root / "lib-target"
    install(live, "pip", "release", target, "acme-lib")
    assert installed(target) == {"acme_lib": "2.0"}

    ok = live.cli("attestation", "verify", "--registry", f"{live.base}/release/", "--token",
                  live.token("release", "read"), "--key", str(live.key_path), str(critical),
                  "--require-review", "no-critical")  # fmt: skip
    assert ok.stdout.startswith(f"OK\t{critical.name}") and "verdict=pass" in ok.stdout
    failing = live.cli("attestation", "verify", "--registry", f"{live.base}/staging/simple/",
                       "--token", live.tokens["staging-publish"], "--key", str(live.key_path),
                       str(critical), str(unreviewed), check=False)  # fmt: skip
    assert failing.returncode == 1
    assert f"OK\t{critical.name}" in failing.stdout
    assert f"FAIL\t{unreviewed.name}" in failing.stdout and "404" in failing.stdout
    other_key = Signer.generate().write_public(live.root / "other.pub.pem")
    wrong_key = live.cli("attestation", "verify", "--registry", f"{live.base}/release/",
                         "--token", admin, "--key", str(other_key), str(critical),
                         check=False)  # fmt: skip
    assert wrong_key.returncode == 1 and "unknown key" in wrong_key.stdout


@pytest.mark.parametrize("client", ["pip", "uv"])
def test_installers_see_only_upstream_files_that_meet_the_policy(live: Live, client: str) -> None:
    project = f"acme-tool-{client}"
    passed, passed_data = publish(live, "staging", project, "1.0")
    publish(live, "staging", project, "2.0")  # never reviewed
    failed, failed_data = publish(live, "staging", project, "3.0")
    attest(live, "staging", passed, passed_data)
    attest(live, "staging", failed, failed_data, result="fail")
    live.cli("repo", "policy", "gated", "--require-review", "pass")

    target = live.root / f"{client}-latest"
    install(live, client, "gated", target, project)
    assert installed(target) == {project.replace("-", "_"): "1.0"}
    pinned = install(live, client, "gated", live.root / f"{client}-pinned", f"{project}==2.0",
                     check=False)  # fmt: skip
    assert pinned.returncode != 0
    token = live.tokens["gated-read"]
    target = live.root / f"{client}-ungated"  # staging itself has no policy: it lists all
    install(live, client, "staging", target, project)
    assert installed(target) == {project.replace("-", "_"): "3.0"}
    direct = requests.get(
        f"{live.base}/gated/simple/{project}/", auth=("__token__", token), timeout=30,
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    ).json()  # fmt: skip
    assert [f["filename"] for f in direct["files"]] == [passed.name]
    live.cli("repo", "policy", "gated", "--clear")


def test_verify_an_envelope_offline(live: Live) -> None:
    filename, data = wheel("acme-offline", "1.0")
    path = live.write(filename, data)
    envelope = live.root / "offline.intoto.json"
    envelope.write_text(json.dumps(live.signer.attest(filename, data)))
    ok = live.cli("attestation", "verify", "--key", str(live.key_path), "--envelope",
                  str(envelope), str(path))  # fmt: skip
    assert ok.stdout.startswith(f"OK\t{filename}")
    other = live.write("acme_offline-2.0-py3-none-any.whl", wheel("acme-offline", "2.0")[1])
    mismatch = live.cli("attestation", "verify", "--key", str(live.key_path), "--envelope",
                        str(envelope), str(other), check=False)  # fmt: skip
    assert mismatch.returncode == 1 and "not this file's" in mismatch.stdout
