"""The webhook receiver in-process (Flask test client): signatures, events from GitHub's own
example payloads, dedupe by delivery id, answers that never wait for a review."""

import copy
import hashlib
import hmac
import json

import pytest

from reviewbot.service.pr import JobSettings
from reviewbot.service.queue import MemoryDeliveryLog
from reviewbot.service.server import ServiceConfigError, ServiceSettings, create_app

SECRET = "It's a Secret to Everybody"


class RecordingQueue:
    def __init__(self, fail=False):
        self.jobs = []
        self.fail = fail

    def enqueue(self, job):
        if self.fail:
            raise ConnectionError("redis is down")
        self.jobs.append(job)
        return f"job-{len(self.jobs)}"


@pytest.fixture
def service(tmp_path):
    queue = RecordingQueue()
    settings = ServiceSettings(secrets={"github": SECRET, "gitlab": SECRET, "gitea": SECRET},
                               jobs=JobSettings(cache_dir=tmp_path))
    app = create_app(settings, queue=queue, deliveries=MemoryDeliveryLog())
    return app.test_client(), queue


def example(examples, action):
    found = [e for e in examples["pull_request"] if e.get("action") == action]
    assert found, f"@octokit/webhooks-examples has no pull_request {action} example"
    return copy.deepcopy(found[0])


def signed_github(client, event, payload, delivery="d-1", secret=SECRET, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post("/webhooks/github", data=body, headers={
        "X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signature, "Content-Type": "application/json"})


def test_githubs_documented_vector_passes_the_service(service):
    client, queue = service
    response = client.post("/webhooks/github", data=b"Hello, World!", headers={
        "X-GitHub-Event": "ping", "X-GitHub-Delivery": "p-1",
        "X-Hub-Signature-256":
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
    assert response.status_code == 200 and queue.jobs == []


@pytest.mark.parametrize("action", ["opened", "synchronize", "reopened"])
def test_github_example_payloads_queue_a_review(service, github_examples, action):
    client, queue = service
    payload = example(github_examples, action)
    payload["pull_request"]["draft"] = False
    response = signed_github(client, "pull_request", payload, delivery=f"d-{action}")
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued"
    [job] = queue.jobs
    assert (job.host, job.repo, job.number) == (
        "github", payload["repository"]["full_name"], payload["number"])
    assert job.head_sha == payload["pull_request"]["head"]["sha"]
    assert job.delivery == f"d-{action}"


@pytest.mark.parametrize("action", ["closed", "labeled", "assigned"])
def test_other_pull_request_actions_are_accepted_and_ignored(service, github_examples, action):
    client, queue = service
    response = signed_github(client, "pull_request", example(github_examples, action))
    assert response.status_code == 202 and response.json["status"] == "ignored"
    assert queue.jobs == []


def test_ready_for_review_is_reviewed_but_a_draft_is_not(service, github_examples):
    client, queue = service
    draft = example(github_examples, "opened")
    draft["pull_request"]["draft"] = True
    assert signed_github(client, "pull_request", draft, "d-1").json["status"] == "ignored"
    ready = example(github_examples, "ready_for_review")
    assert signed_github(client, "pull_request", ready, "d-2").json["status"] == "queued"
    assert len(queue.jobs) == 1


def test_other_events_are_ignored(service, github_examples):
    client, queue = service
    push = github_examples["push"][0]
    response = signed_github(client, "push", push)
    assert response.status_code == 202 and response.json["status"] == "ignored"
    assert queue.jobs == []


def test_unsigned_or_wrongly_signed_deliveries_are_refused_and_logged(service, github_examples,
                                                                      caplog):
    client, queue = service
    payload = example(github_examples, "opened")
    body = json.dumps(payload).encode()
    unsigned = client.post("/webhooks/github", data=body, headers={
        "X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x-1"})
    wrong = signed_github(client, "pull_request", payload, "x-2", secret="not the secret")
    tampered_signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    tampered = client.post("/webhooks/github", data=body + b" ", headers={
        "X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x-3",
        "X-Hub-Signature-256": tampered_signature})
    ping = client.post("/webhooks/github", data=b"{}", headers={"X-GitHub-Event": "ping"})
    assert [r.status_code for r in (unsigned, wrong, tampered, ping)] == [401, 401, 401, 401]
    assert queue.jobs == []
    assert sum("invalid signature" in r.message for r in caplog.records) == 4
    assert SECRET not in caplog.text


def test_a_redelivered_event_is_queued_once(service, github_examples):
    client, queue = service
    payload = example(github_examples, "synchronize")
    first = signed_github(client, "pull_request", payload, delivery="same-id")
    second = signed_github(client, "pull_request", payload, delivery="same-id")
    assert first.json["status"] == "queued" and second.json["status"] == "duplicate"
    assert len(queue.jobs) == 1


def test_queue_outage_answers_503_and_lets_the_redelivery_through(tmp_path, github_examples):
    queue = RecordingQueue(fail=True)
    settings = ServiceSettings(secrets={"github": SECRET}, jobs=JobSettings(cache_dir=tmp_path))
    client = create_app(settings, queue=queue, deliveries=MemoryDeliveryLog()).test_client()
    payload = example(github_examples, "opened")
    assert signed_github(client, "pull_request", payload, "r-1").status_code == 503
    queue.fail = False
    assert signed_github(client, "pull_request", payload, "r-1").json["status"] == "queued"


def test_bad_json_and_unknown_host(service):
    client, _ = service
    assert signed_github(client, "pull_request", None, raw=b"payload=%7B%7D").status_code == 400
    assert client.post("/webhooks/bitbucket", data=b"{}").status_code == 404


def gitea_payload(action):
    return {"action": action, "number": 3,
            "pull_request": {"number": 3, "draft": False, "head": {"sha": "a" * 40}},
            "repository": {"full_name": "team/app"}}


def test_gitea_signature_events_and_dedupe(service):
    client, queue = service

    def send(payload, delivery, secret=SECRET):
        body = json.dumps(payload).encode()
        return client.post("/webhooks/gitea", data=body, headers={
            "X-Gitea-Event": "pull_request", "X-Gitea-Delivery": delivery,
            "X-Gitea-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()})

    assert send(gitea_payload("opened"), "g1").json["status"] == "queued"
    assert send(gitea_payload("synchronized"), "g2").json["status"] == "queued"
    assert send(gitea_payload("synchronized"), "g2").json["status"] == "duplicate"
    assert send(gitea_payload("closed"), "g3").json["status"] == "ignored"
    assert send(gitea_payload("opened"), "g4", secret="wrong").status_code == 401
    assert [(j.host, j.repo, j.number) for j in queue.jobs] == [("gitea", "team/app", 3)] * 2


def gitlab_payload(action, oldrev=None):
    attributes = {"iid": 5, "action": action, "draft": False,
                  "last_commit": {"id": "b" * 40}}
    if oldrev:
        attributes["oldrev"] = oldrev
    return {"object_kind": "merge_request", "event_type": "merge_request",
            "project": {"id": 1, "path_with_namespace": "group/sub/app"},
            "object_attributes": attributes}


def test_gitlab_token_actions_and_dedupe(service):
    client, queue = service

    def send(payload, uuid, token=SECRET):
        return client.post("/webhooks/gitlab", json=payload, headers={
            "X-Gitlab-Event": "Merge Request Hook", "X-Gitlab-Event-UUID": uuid,
            "X-Gitlab-Token": token})

    assert send(gitlab_payload("open"), "u1").json["status"] == "queued"
    assert send(gitlab_payload("update", oldrev="c" * 40), "u2").json["status"] == "queued"
    assert send(gitlab_payload("update"), "u3").json["status"] == "ignored"  # title edit
    assert send(gitlab_payload("reopen"), "u4").json["status"] == "queued"
    assert send(gitlab_payload("reopen"), "u4").json["status"] == "duplicate"
    assert send(gitlab_payload("merge"), "u5").json["status"] == "ignored"
    assert send(gitlab_payload("open"), "u6", token="nope").status_code == 401
    assert [(j.host, j.repo, j.number) for j in queue.jobs] == [("gitlab", "group/sub/app", 5)] * 3


def test_service_refuses_to_start_without_a_secret():
    with pytest.raises(ServiceConfigError, match="REVIEWBOT_WEBHOOK_SECRET"):
        ServiceSettings.from_env({})
