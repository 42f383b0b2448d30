"""`reviewbot serve`'s /metrics: deliveries by host and outcome, jobs, review time, comments."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from reviewbot.service import metrics
from reviewbot.service.pr import JobSettings
from reviewbot.service.queue import MemoryDeliveryLog
from reviewbot.service.server import ServiceSettings, create_app

SECRET = "a-secret-for-the-metrics-test"


class ListQueue:
    def __init__(self) -> None:
        self.jobs: list[object] = []

    def enqueue(self, job: object) -> str:
        self.jobs.append(job)
        return f"job-{len(self.jobs)}"


def scrape(client) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:  # type: ignore[no-untyped-def]
    text = client.get("/metrics").get_data(as_text=True)
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_deliveries_are_counted_by_host_and_outcome(tmp_path: Path) -> None:
    settings = ServiceSettings(secrets={"gitea": SECRET}, jobs=JobSettings(cache_dir=tmp_path))
    client = create_app(settings, queue=ListQueue(), deliveries=MemoryDeliveryLog()).test_client()
    before = scrape(client)

    def send(action: str, delivery: str, secret: str = SECRET) -> int:
        body = json.dumps({"action": action, "number": 3,
                           "pull_request": {"number": 3, "draft": False,
                                            "head": {"sha": "a" * 40}},
                           "repository": {"full_name": "team/app"}}).encode()  # fmt: skip
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return client.post("/webhooks/gitea", data=body, headers={
            "X-Gitea-Event": "pull_request", "X-Gitea-Delivery": delivery,
            "X-Gitea-Signature": signature}).status_code  # fmt: skip

    send("opened", "m1")
    send("opened", "m1")
    send("closed", "m2")
    send("opened", "m3", secret="wrong")
    client.post("/webhooks/made-up-host", data=b"{}")
    after = scrape(client)

    def grew(outcome: str, host: str = "gitea") -> float:
        key = (
            "reviewbot_webhook_deliveries_total",
            frozenset({("host", host), ("outcome", outcome)}),
        )
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("queued") == 1
    assert grew("duplicate") == 1
    assert grew("ignored") == 1
    assert grew("rejected") == 1
    assert grew("refused", host="other") == 1


@dataclass
class Published:
    posted: int


@dataclass
class Result:
    published: Published = field(default_factory=lambda: Published(3))
    gate_failed: bool = False
    skipped: str = ""


def test_jobs_count_outcomes_time_and_comments() -> None:
    jobs = metrics.JOBS.labels("github", "done")
    comments = metrics.COMMENTS.labels("github")
    errors = metrics.JOBS.labels("github", "error")
    done_before, comments_before, errors_before = (
        jobs._value.get(),
        comments._value.get(),
        errors._value.get(),
    )
    assert metrics.observe_job("github", Result).published.posted == 3
    with pytest.raises(RuntimeError):
        metrics.observe_job("github", lambda: (_ for _ in ()).throw(RuntimeError("host down")))
    assert jobs._value.get() == done_before + 1
    assert comments._value.get() == comments_before + 3
    assert errors._value.get() == errors_before + 1
