"""A pull request's life on each host, through `reviewbot pr` (the CI command, a real
subprocess) and through the webhook service (a live `reviewbot serve` under gunicorn):
opened → review; push → review; push → review. Exactly one summary, no duplicate inline
comment, the fixed finding resolved, the secret never posted."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.fakes.base import FakeHost

from .conftest import FAKES, start_fake
from .scenario import PUSHES, check_push, make_repo, summary_is_for, write_push

BIN = Path(sys.executable).parent
SECRET = "webhook-secret-for-tests"
TOKEN_VARS = {"github": "GITHUB_TOKEN", "gitlab": "GITLAB_TOKEN", "gitea": "GITEA_TOKEN"}


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REVIEWBOT_", "GITHUB_", "GITLAB_", "GITEA_", "CI_API_"))}
    # Reviewer feedback is tested in test_feedback.py with its own store; here it stays off
    # so that a test run writes nothing under the home directory.
    env["REVIEWBOT_FEEDBACK_URL"] = "off"
    env.update(extra)
    return env


def reviewbot_pr(fake: FakeHost, full_name: str, number: int, checkout: Path,
                 cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "reviewbot"), "pr", "--host", fake.name, "--repo", full_name,
         "--number", str(number), "--api-url", fake.base_url, "--checkout", str(checkout),
         "--cache-dir", str(cache), "--fail-on", "critical", "--commit-status"],
        env=clean_env(**{TOKEN_VARS[fake.name]: fake.token}),
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.functional
@pytest.mark.parametrize("host", sorted(FAKES))
def test_ci_command_reviews_each_push(host, github_spec, tmp_path):
    fake = start_fake(host)
    try:
        repo = make_repo(fake, tmp_path, "acme/cli", 1)
        previous: set[str] = set()
        for index, text in enumerate(PUSHES):
            if index:
                write_push(repo, text, f"push {index}")
            head = fake.sync(repo.full_name, 1)
            # first run clones into the cache; later ones use the developer's checkout
            checkout = tmp_path if index == 0 else repo.work
            proc = reviewbot_pr(fake, repo.full_name, 1, checkout, tmp_path / "cache")
            assert proc.returncode == 1, proc.stderr  # a critical secret fails the gate
            assert f"acme/cli#1 at {head[:12]}" in proc.stdout
            assert fake.token not in proc.stdout + proc.stderr
            current = check_push(fake, repo, 1, head, previous)
            if index == 1:
                assert previous - current, "the fix should have made a finding disappear"
            previous = current
            status = fake.statuses[head][-1]
            assert status.get("state", status.get("status")) in ("failure", "failed")
        assert (tmp_path / "cache" / host / "acme" / "cli" / ".git").is_dir()
        assert fake.token not in (tmp_path / "cache" / host / "acme" / "cli" / ".git" /
                                  "config").read_text()
    finally:
        fake.stop()


# --- the webhook service -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def service(github_spec, tmp_path_factory):
    """Three fakes and one live `reviewbot serve` (gunicorn) that posts to all of them."""
    fakes = {host: start_fake(host) for host in FAKES}
    port = free_port()
    cache = tmp_path_factory.mktemp("service-cache")
    env = clean_env(
        REVIEWBOT_WEBHOOK_SECRET=SECRET,
        REVIEWBOT_CACHE_DIR=str(cache),
        **{f"REVIEWBOT_{h.upper()}_API_URL": f.base_url for h, f in fakes.items()},
        **{TOKEN_VARS[h]: f.token for h, f in fakes.items()},
    )
    log = (cache / "service.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "reviewbot"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, (cache / "service.log").read_text()
            assert time.monotonic() < deadline, "reviewbot serve did not come up"
            time.sleep(0.2)
        yield url, fakes, cache / "service.log"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        for fake in fakes.values():
            fake.stop()


def github_delivery(examples, action, repo, number, head):
    payload = copy.deepcopy(next(e for e in examples["pull_request"] if e["action"] == action))
    payload["number"] = number
    payload["pull_request"].update(number=number, draft=False)
    payload["pull_request"]["head"]["sha"] = head
    payload["repository"]["full_name"] = repo
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-GitHub-Event": "pull_request", "X-Hub-Signature-256": signature,
                  "Content-Type": "application/json"}, "X-GitHub-Delivery"


def gitea_delivery(action, repo, number, head):
    payload = {"action": action, "number": number, "repository": {"full_name": repo},
               "pull_request": {"number": number, "head": {"sha": head}, "draft": False}}
    body = json.dumps(payload).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Gitea-Event": "pull_request", "X-Gitea-Signature": signature,
                  "Content-Type": "application/json"}, "X-Gitea-Delivery"


def gitlab_delivery(action, repo, number, head, oldrev):
    attributes = {"iid": number, "action": action, "last_commit": {"id": head}}
    if oldrev:
        attributes["oldrev"] = oldrev
    payload = {"object_kind": "merge_request", "project": {"path_with_namespace": repo},
               "object_attributes": attributes}
    return json.dumps(payload).encode(), {
        "X-Gitlab-Event": "Merge Request Hook", "X-Gitlab-Token": SECRET,
        "Content-Type": "application/json"}, "X-Gitlab-Event-UUID"


def delivery(host, examples, first, repo, number, head, oldrev):
    if host == "github":
        return github_delivery(examples, "opened" if first else "synchronize", repo, number, head)
    if host == "gitea":
        return gitea_delivery("opened" if first else "synchronized", repo, number, head)
    return gitlab_delivery("open" if first else "update", repo, number, head, oldrev)


def wait_for(condition, timeout=60.0, what="the review"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.functional
@pytest.mark.parametrize("host", sorted(FAKES))
def test_webhook_service_reviews_each_push(host, service, github_examples, tmp_path):
    url, fakes, log_path = service
    fake = fakes[host]
    repo = make_repo(fake, tmp_path, "acme/svc", 2)
    previous: set[str] = set()
    oldrev = ""
    for index, text in enumerate(PUSHES):
        if index:
            oldrev = repo.rev("feature")
            write_push(repo, text, f"push {index}")
        head = fake.sync(repo.full_name, 2)
        body, headers, id_header = delivery(host, github_examples, index == 0, repo.full_name,
                                            2, head, oldrev)
        headers[id_header] = f"{host}-delivery-{index}"
        started = time.monotonic()
        response = requests.post(f"{url}/webhooks/{host}", data=body, headers=headers, timeout=5)
        # Queued, not reviewed inline: a clone + review + post takes seconds. The bound is
        # loose so a busy CI machine does not flake; the 202 "queued" below is the real check.
        assert time.monotonic() - started < 5.0, "the webhook must be answered at once"
        assert response.status_code == 202 and response.json()["status"] == "queued"
        wait_for(lambda: summary_is_for(fake, repo.full_name, 2, head))  # noqa: B023
        current = check_push(fake, repo, 2, head, previous)
        if index == 1:
            assert previous - current, "the fix should have made a finding disappear"
        previous = current
        # the host redelivers: nothing is queued again
        again = requests.post(f"{url}/webhooks/{host}", data=body, headers=headers, timeout=5)
        assert again.status_code == 202 and again.json()["status"] == "duplicate"
    unsigned = requests.post(f"{url}/webhooks/{host}", data=body, timeout=5,
                             headers={k: v for k, v in headers.items()
                                      if k not in ("X-Hub-Signature-256", "X-Gitea-Signature",
                                                   "X-Gitlab-Token")})
    assert unsigned.status_code == 401
    log_text = log_path.read_text()
    assert fake.token not in log_text and SECRET not in log_text
