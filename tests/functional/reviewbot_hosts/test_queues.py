"""The two queues: RQ on the real Redis at 127.0.0.1:6379 (a host outage leaves the job
retryable, and the retry posts the review), and the in-process thread pool."""

from __future__ import annotations

import time
import uuid

import pytest

from reviewbot.feedback.store import FeedbackStore
from reviewbot.hosts.base import HostError, HostUnavailable
from reviewbot.service.pr import PullRequestJob
from reviewbot.service.queue import RedisDeliveryLog, RedisQueue, ThreadQueue
from tests.fakes.gitrepo import git

from .conftest import start_fake
from .scenario import make_repo, summary_is_for

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_names():
    from redis import Redis

    name = f"reviewbot-test-{uuid.uuid4().hex[:10]}"
    yield name
    connection = Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)


@pytest.mark.redis
def test_rq_job_survives_a_host_outage_and_posts_on_retry(github_spec, tmp_path, monkeypatch,
                                                          redis_names):
    from rq import SimpleWorker
    from rq.job import JobStatus

    fake = start_fake("github")
    try:
        repo = make_repo(fake, tmp_path, "acme/rq", 3)
        monkeypatch.setenv("REVIEWBOT_GITHUB_API_URL", fake.base_url)
        monkeypatch.setenv("GITHUB_TOKEN", fake.token)
        monkeypatch.setenv("REVIEWBOT_CACHE_DIR", str(tmp_path / "cache"))
        store_url = f"sqlite:///{tmp_path}/feedback.sqlite3"  # shared by service and workers
        monkeypatch.setenv("REVIEWBOT_FEEDBACK_URL", store_url)
        queue = RedisQueue(REDIS_URL, name=redis_names, prefix=redis_names, retries=1,
                           intervals=[1])
        # The host "loses" the pull request's ref: the fetch fails, the job must stay alive.
        git(repo.bare, "update-ref", "-d", "refs/pull/3/head")
        job_id = queue.enqueue(PullRequestJob("github", "acme/rq", 3, "delivery-1"))
        worker = SimpleWorker([queue.queue], connection=queue.connection)
        worker.work(burst=True)
        job = queue.queue.fetch_job(job_id)
        assert job.get_status() == JobStatus.SCHEDULED, "a retryable failure must be retried"
        assert fake.notes("acme/rq", 3) == []

        head = fake.sync("acme/rq", 3)  # the host is back
        time.sleep(1.2)
        SimpleWorker([queue.queue], connection=queue.connection).work(
            burst=True, with_scheduler=True)
        job = queue.queue.fetch_job(job_id)
        assert job.get_status() == JobStatus.FINISHED, job.latest_result()
        assert job.return_value()["status"] == "done"
        assert summary_is_for(fake, "acme/rq", 3, head)
        store = FeedbackStore(store_url)  # the RQ worker recorded what it posted
        try:
            assert len(store.comments_for("github", "acme/rq", 3)) == len(
                fake.inline("acme/rq", 3)) > 0
        finally:
            store.close()
        assert fake.violations == []
    finally:
        fake.stop()


@pytest.mark.redis
def test_rq_job_with_a_permanent_error_is_not_retried(github_spec, tmp_path, monkeypatch,
                                                      redis_names):
    from rq import SimpleWorker

    fake = start_fake("github")
    try:
        monkeypatch.setenv("REVIEWBOT_GITHUB_API_URL", fake.base_url)
        monkeypatch.setenv("GITHUB_TOKEN", "revoked-token")
        monkeypatch.setenv("REVIEWBOT_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("REVIEWBOT_FEEDBACK_URL", "off")
        queue = RedisQueue(REDIS_URL, name=redis_names, prefix=redis_names, retries=3,
                           intervals=[1])
        job_id = queue.enqueue(PullRequestJob("github", "acme/none", 1))
        SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)
        job = queue.queue.fetch_job(job_id)
        assert job.return_value()["status"] == "failed"
        assert "401" in job.return_value()["error"]
        assert "revoked-token" not in job.return_value()["error"]
    finally:
        fake.stop()


@pytest.mark.redis
def test_redis_delivery_log_is_shared_and_forgettable(redis_names):
    first, second = RedisDeliveryLog(REDIS_URL, prefix=redis_names), RedisDeliveryLog(
        REDIS_URL, prefix=redis_names)
    assert first.first_time("github:abc")
    assert not second.first_time("github:abc")  # another process sees it too
    second.forget("github:abc")
    assert first.first_time("github:abc")


def test_thread_queue_retries_retryable_failures_and_drops_permanent_ones():
    calls: list[str] = []

    def runner(job: PullRequestJob) -> str:
        calls.append(job.repo)
        if job.repo == "o/flaky" and calls.count("o/flaky") < 3:
            raise HostUnavailable("503 from the host")
        if job.repo == "o/denied":
            raise HostError("401 bad token")
        return "ok"

    queue = ThreadQueue(runner, workers=2, attempts=4, backoff=0.01)
    queue.enqueue(PullRequestJob("github", "o/flaky", 1))
    queue.enqueue(PullRequestJob("github", "o/denied", 1))
    assert queue.wait_idle(10)
    assert calls.count("o/flaky") == 3 and calls.count("o/denied") == 1
    results = {job.repo: result for job, result in queue.finished}
    assert results["o/flaky"] == "ok" and isinstance(results["o/denied"], HostError)
    queue.shutdown()


def test_thread_queue_coalesces_a_pull_request_already_waiting():
    import threading

    gate = threading.Event()
    runs: list[int] = []

    def runner(job: PullRequestJob) -> None:
        gate.wait(5)
        runs.append(job.number)

    queue = ThreadQueue(runner, workers=1)
    queue.enqueue(PullRequestJob("github", "o/r", 1))  # starts, blocks on the gate
    time.sleep(0.1)
    queue.enqueue(PullRequestJob("github", "o/r", 2))
    queue.enqueue(PullRequestJob("github", "o/r", 2, delivery="again"))  # still waiting: merged
    gate.set()
    assert queue.wait_idle(10)
    assert runs == [1, 2]
    queue.shutdown()
