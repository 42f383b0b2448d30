"""Property tests (hypothesis) over the webhook payload parsers, through the real Flask app:
any signed JSON shape, for any host and event, ends in 200/202 (pong, queued, ignored,
duplicate) or a 400 with a reason, never a 500, and a queued job always has a text
repository, a positive whole number and a text head sha.

CI runs REVIEWBOT_FUZZ_EXAMPLES examples per property (default 200); see docs/reviewbot.md.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewbot.service.pr import JobSettings
from reviewbot.service.queue import MemoryDeliveryLog
from reviewbot.service.server import ServiceSettings, create_app

SECRET = "fuzz-secret"
FUZZ_EXAMPLES = int(os.environ.get("REVIEWBOT_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])  # fmt: skip

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
    st.sampled_from(["opened", "synchronize", "open", "update", "merge_request", "abc"]),
)  # fmt: skip
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=20,
)  # fmt: skip

PULL_REQUEST = {"action": "opened", "number": 7,
                "pull_request": {"number": 7, "draft": False, "head": {"sha": "a" * 40}},
                "repository": {"full_name": "team/app"}}  # fmt: skip
MERGE_REQUEST = {"object_kind": "merge_request", "project": {"path_with_namespace": "team/app"},
                 "object_attributes": {"action": "update", "oldrev": "b" * 40, "iid": 7,
                                       "last_commit": {"id": "a" * 40}}}  # fmt: skip
KEY_PATHS = {
    "github": [("action",), ("number",), ("pull_request",), ("pull_request", "number"),
               ("pull_request", "draft"), ("pull_request", "head"),
               ("pull_request", "head", "sha"), ("repository",), ("repository", "full_name")],
    "gitlab": [("object_kind",), ("project",), ("project", "path_with_namespace"),
               ("object_attributes",), ("object_attributes", "action"),
               ("object_attributes", "oldrev"), ("object_attributes", "iid"),
               ("object_attributes", "draft"), ("object_attributes", "last_commit"),
               ("object_attributes", "last_commit", "id")],
}  # fmt: skip
KEY_PATHS["gitea"] = KEY_PATHS["github"]
EVENTS = {"github": ("X-GitHub-Event", ["pull_request", "push", "ping", ""]),
          "gitea": ("X-Gitea-Event", ["pull_request", "push", ""]),
          "gitlab": ("X-Gitlab-Event", ["Merge Request Hook", "Push Hook", ""])}  # fmt: skip


class RecordingQueue:
    def __init__(self) -> None:
        self.jobs: list[Any] = []

    def enqueue(self, job: Any) -> str:
        self.jobs.append(job)
        return f"job-{len(self.jobs)}"


QUEUE = RecordingQueue()
CLIENT = create_app(
    ServiceSettings(secrets={"github": SECRET, "gitlab": SECRET, "gitea": SECRET},
                    jobs=JobSettings(cache_dir=os.devnull), replay_window=0),
    queue=QUEUE, deliveries=MemoryDeliveryLog(size=100),
).test_client()  # fmt: skip


def post(host: str, event: str, body: bytes, delivery: str) -> Any:
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    event_header = EVENTS[host][0]
    credentials = {"github": {"X-Hub-Signature-256": "sha256=" + digest, "X-GitHub-Delivery":
                              delivery},
                   "gitea": {"X-Gitea-Signature": digest, "X-Gitea-Delivery": delivery},
                   "gitlab": {"X-Gitlab-Token": SECRET, "X-Gitlab-Event-UUID": delivery}}[host]
    return CLIENT.post(f"/webhooks/{host}", data=body,
                       headers={event_header: event, **credentials})  # fmt: skip


def check(response: Any) -> None:
    assert response.status_code in (200, 202, 400), response.get_data(as_text=True)
    if response.status_code == 400:
        assert response.json["error"]
    for job in QUEUE.jobs:
        assert isinstance(job.repo, str) and job.repo
        assert type(job.number) is int and job.number > 0
        assert isinstance(job.head_sha, str)
    QUEUE.jobs.clear()


@st.composite
def mutated_payloads(draw: st.DrawFn, host: str) -> dict[str, Any]:
    """A valid payload with some of its fields replaced by random JSON or removed."""
    payload = copy.deepcopy(MERGE_REQUEST if host == "gitlab" else PULL_REQUEST)
    for path in draw(st.lists(st.sampled_from(KEY_PATHS[host]), max_size=4)):
        parent: Any = payload
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            if draw(st.booleans()):
                parent[path[-1]] = draw(JSON)
            else:
                parent.pop(path[-1], None)
    return payload


HOSTS = st.sampled_from(sorted(EVENTS))
DELIVERY = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e), max_size=8)


@FUZZ
@given(st.data())
def test_mutated_payloads_get_a_clean_answer(data: st.DataObject) -> None:
    host = data.draw(HOSTS)
    event = data.draw(st.sampled_from(EVENTS[host][1]))
    payload = data.draw(mutated_payloads(host))
    check(post(host, event, json.dumps(payload).encode(), data.draw(DELIVERY)))


@FUZZ
@given(HOSTS, JSON)
def test_random_json_gets_a_clean_answer(host: str, payload: Any) -> None:
    check(post(host, EVENTS[host][1][0], json.dumps(payload).encode(), "d"))


@FUZZ
@given(HOSTS, st.binary(max_size=200))
def test_random_bytes_get_a_clean_answer(host: str, body: bytes) -> None:
    check(post(host, EVENTS[host][1][0], body, "d"))
