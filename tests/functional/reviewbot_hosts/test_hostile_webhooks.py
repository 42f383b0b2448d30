"""Issue 13 items 3, 8 and 9: hostile webhook deliveries against the real receiver.

- a body over the cap is refused (413) before it is read: a live `reviewbot serve`
  (gunicorn) answers promptly while the client has sent only a few bytes of a huge
  Content-Length, and stops a chunked body at the cap;
- signed payloads of the wrong shape get 400 and a reason, never 500, on every host;
- a captured body replayed under a fresh delivery id is not queued again within the window.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from reviewbot.service.pr import JobSettings
from reviewbot.service.queue import MemoryDeliveryLog
from reviewbot.service.server import (
    DEFAULT_MAX_BODY_BYTES,
    ServiceConfigError,
    ServiceSettings,
    create_app,
)

from .test_end_to_end import BIN, clean_env, free_port

SECRET = "hostile-webhook-secret"
CAP = 1_000_000


class RecordingQueue:
    def __init__(self) -> None:
        self.jobs: list[Any] = []

    def enqueue(self, job: Any) -> str:
        self.jobs.append(job)
        return f"job-{len(self.jobs)}"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `reviewbot serve` with a 1 MB body cap."""
    port = free_port()
    cache = tmp_path_factory.mktemp("hostile")
    env = clean_env(REVIEWBOT_WEBHOOK_SECRET=SECRET, REVIEWBOT_CACHE_DIR=str(cache),
                    REVIEWBOT_MAX_BODY_BYTES=str(CAP))  # fmt: skip
    log = (cache / "service.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "reviewbot"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, (cache / "service.log").read_text()
            assert time.monotonic() < deadline, "reviewbot serve did not come up"
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def status_of(sock: socket.socket) -> int:
    """The status code of the response on `sock` (the socket's timeout bounds the wait)."""
    received = b""
    while b"\r\n" not in received:
        piece = sock.recv(4096)
        if not piece:
            break
        received += piece
    return int(received.split(b" ", 2)[1])


def test_a_huge_content_length_is_refused_before_the_body_is_read(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as sock:
        sock.sendall(
            b"POST /webhooks/github HTTP/1.1\r\nHost: bot\r\n"
            b"X-GitHub-Event: pull_request\r\nX-Hub-Signature-256: sha256=00\r\n"
            b"Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n{\"a\": "
        )
        # Only 6 of 300 MB were sent: an answer can only come if the server did not wait
        # for the rest (before the fix this read timed out).
        assert status_of(sock) == 413


def test_a_chunked_body_is_cut_off_at_the_cap(live: tuple[str, int]) -> None:
    piece = b"x" * 65536
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    with socket.create_connection(live, timeout=10) as sock:
        sock.sendall(
            b"POST /webhooks/gitea HTTP/1.1\r\nHost: bot\r\nX-Gitea-Event: pull_request\r\n"
            b"X-Gitea-Signature: 00\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        for _ in range(CAP // len(piece) + 2):  # just over the cap, and no final chunk
            sock.sendall(chunk)
        assert status_of(sock) == 413


def test_unsigned_requests_are_refused_before_the_body_is_read(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as sock:
        sock.sendall(b"POST /webhooks/gitlab HTTP/1.1\r\nHost: bot\r\n"
                     b"Content-Length: 900000\r\n\r\n{}")  # fmt: skip
        assert status_of(sock) == 401


def test_a_signed_body_under_the_cap_is_still_verified_piece_by_piece(
    live: tuple[str, int],
) -> None:
    body = json.dumps({"zen": "x" * (CAP - 100)}).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    response = requests.post(
        f"http://{live[0]}:{live[1]}/webhooks/github", data=body, timeout=30,
        headers={"X-GitHub-Event": "ping", "X-Hub-Signature-256": signature},
    )  # fmt: skip
    assert response.status_code == 200
    forged = requests.post(
        f"http://{live[0]}:{live[1]}/webhooks/github", data=body + b" ", timeout=30,
        headers={"X-GitHub-Event": "ping", "X-Hub-Signature-256": signature},
    )  # fmt: skip
    assert forged.status_code == 401


def test_body_cap_and_replay_window_settings() -> None:
    base = {"REVIEWBOT_WEBHOOK_SECRET": "s"}
    default = ServiceSettings.from_env(base)
    assert default.max_body_bytes == DEFAULT_MAX_BODY_BYTES == 25 * 1024 * 1024
    small = ServiceSettings.from_env({**base, "REVIEWBOT_MAX_BODY_BYTES": "4096"})
    assert small.max_body_bytes == 4096
    assert ServiceSettings.from_env({**base, "REVIEWBOT_REPLAY_WINDOW": "0"}).replay_window == 0
    for bad in ({"REVIEWBOT_MAX_BODY_BYTES": "lots"}, {"REVIEWBOT_MAX_BODY_BYTES": "0"},
                {"REVIEWBOT_REPLAY_WINDOW": "-1"}):  # fmt: skip
        with pytest.raises(ServiceConfigError):
            ServiceSettings.from_env({**base, **bad})


# --- odd shapes (item 8) -------------------------------------------------------------------


def app_client(tmp_path: Path, **settings: Any) -> tuple[Any, RecordingQueue, list[float]]:
    queue = RecordingQueue()
    now = [1000.0]
    config = ServiceSettings(secrets={"github": SECRET, "gitlab": SECRET, "gitea": SECRET},
                             jobs=JobSettings(cache_dir=tmp_path), **settings)  # fmt: skip
    deliveries = MemoryDeliveryLog(clock=lambda: now[0])
    return create_app(config, queue=queue, deliveries=deliveries).test_client(), queue, now


def send(client: Any, host: str, body: bytes, delivery: str = "d-1") -> Any:
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "github": {"X-GitHub-Event": "pull_request", "X-Hub-Signature-256": "sha256=" + digest,
                   "X-GitHub-Delivery": delivery},
        "gitea": {"X-Gitea-Event": "pull_request", "X-Gitea-Signature": digest,
                  "X-Gitea-Delivery": delivery},
        "gitlab": {"X-Gitlab-Event": "Merge Request Hook", "X-Gitlab-Token": SECRET,
                   "X-Gitlab-Event-UUID": delivery},
    }[host]  # fmt: skip
    return client.post(f"/webhooks/{host}", data=body, headers=headers)


def pull_request_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "action": "opened", "number": 7,
        "pull_request": {"number": 7, "draft": False, "head": {"sha": "a" * 40}},
        "repository": {"full_name": "team/app"},
    }  # fmt: skip
    payload.update(changes)
    return payload


def merge_request_payload(**changes: Any) -> dict[str, Any]:
    attributes: dict[str, Any] = {"action": "open", "iid": 7, "last_commit": {"id": "a" * 40}}
    attributes.update(changes.pop("attributes", {}))
    payload: dict[str, Any] = {"object_kind": "merge_request", "project":
                               {"path_with_namespace": "team/app"},
                               "object_attributes": attributes}  # fmt: skip
    payload.update(changes)
    return payload


DEEP = b'{"action": "opened", "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"

PULL_REQUEST_ODD = {
    "number is text": pull_request_payload(number="abc"),
    "number is a float": pull_request_payload(number=7.5),
    "number is true": pull_request_payload(number=True),
    "number is negative": pull_request_payload(number=-3),
    "number is huge": pull_request_payload(number=10**30),
    "repository is text": pull_request_payload(repository="x"),
    "repository is a list": pull_request_payload(repository=["team/app"]),
    "full_name is a number": pull_request_payload(repository={"full_name": 5}),
    "pull_request is text": pull_request_payload(pull_request="x"),
    "head is a list": pull_request_payload(pull_request={"number": 7, "head": [1]}),
    "sha is an object": pull_request_payload(pull_request={"number": 7, "head": {"sha": {}}}),
    "no repository": {k: v for k, v in pull_request_payload().items() if k != "repository"},
    "no number": {"action": "opened", "pull_request": {}, "repository": {"full_name": "a/b"}},
}
MERGE_REQUEST_ODD = {
    "iid is text": merge_request_payload(attributes={"iid": "abc"}),
    "project is text": merge_request_payload(project="x"),
    "attributes is a list": merge_request_payload(object_attributes=[1, 2]),
    "last_commit is text": merge_request_payload(attributes={"last_commit": "abc"}),
    "id is a number": merge_request_payload(attributes={"last_commit": {"id": 3}}),
    "no iid": merge_request_payload(attributes={"iid": None}),
    "path is a list": merge_request_payload(project={"path_with_namespace": ["a"]}),
}
NOT_OBJECTS = [b"[]", b"3", b'"text"', b"null", b"{", b"\xff\xfe", DEEP]


@pytest.mark.parametrize("host", ["github", "gitea"])
@pytest.mark.parametrize("case", sorted(PULL_REQUEST_ODD))
def test_odd_pull_request_payloads_get_400_with_a_reason(tmp_path, host, case) -> None:
    client, queue, _ = app_client(tmp_path)
    response = send(client, host, json.dumps(PULL_REQUEST_ODD[case]).encode())
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"] and queue.jobs == []


@pytest.mark.parametrize("case", sorted(MERGE_REQUEST_ODD))
def test_odd_merge_request_payloads_get_400_with_a_reason(tmp_path, case) -> None:
    client, queue, _ = app_client(tmp_path)
    response = send(client, "gitlab", json.dumps(MERGE_REQUEST_ODD[case]).encode())
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"] and queue.jobs == []


@pytest.mark.parametrize("host", ["github", "gitea", "gitlab"])
@pytest.mark.parametrize("body", NOT_OBJECTS, ids=lambda b: repr(b[:12]))
def test_bodies_that_are_not_objects_get_400(tmp_path, host, body) -> None:
    client, queue, _ = app_client(tmp_path)
    response = send(client, host, body)
    assert response.status_code == 400 and response.json["error"]
    assert queue.jobs == []


# --- replays (item 9) ----------------------------------------------------------------------


def test_a_replay_under_a_fresh_delivery_id_is_not_queued_again(tmp_path) -> None:
    client, queue, now = app_client(tmp_path, replay_window=600)
    body = json.dumps(pull_request_payload()).encode()
    assert send(client, "github", body, "id-1").json["status"] == "queued"
    replay = send(client, "github", body, "id-2")
    assert replay.status_code == 202 and replay.json["status"] == "duplicate"
    assert len(queue.jobs) == 1
    now[0] += 601  # after the window the same bytes are a new event
    assert send(client, "github", body, "id-3").json["status"] == "queued"
    assert len(queue.jobs) == 2


def test_the_replay_window_can_be_turned_off(tmp_path) -> None:
    client, queue, _ = app_client(tmp_path, replay_window=0)
    body = json.dumps(pull_request_payload()).encode()
    assert send(client, "github", body, "id-1").json["status"] == "queued"
    assert send(client, "github", body, "id-2").json["status"] == "queued"
    assert len(queue.jobs) == 2
