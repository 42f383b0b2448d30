"""Where webhook-triggered reviews wait: a thread pool in the service process (default) or
Redis with RQ for several workers and machines (set REVIEWBOT_REDIS_URL).

Both retry a job whose failure is retryable (host outage, rate limit, git fetch failure)
with backoff, and drop one that is not (bad token, unknown pull request) with a log line.
Both also remember webhook delivery ids so that a redelivered event is not reviewed twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from reviewbot.hosts.base import HostError
from reviewbot.service.pr import JobSettings, PullRequestJob, run_job

log = logging.getLogger(__name__)

Runner = Callable[[PullRequestJob], object]


class JobQueue(Protocol):
    def enqueue(self, job: PullRequestJob) -> str: ...


class DeliveryLog(Protocol):
    def first_time(self, delivery: str, ttl: float | None = None) -> bool:
        """Record `delivery` (for `ttl` seconds, or the log's own retention when None);
        False when it was seen before and has not expired."""
        ...

    def forget(self, delivery: str) -> None: ...

    def unreachable(self) -> str | None:
        """Why the log cannot be used right now (for /readyz), or None when it can."""
        ...


class MemoryDeliveryLog:
    """The last `size` delivery keys of this process, each until its optional expiry."""

    def __init__(self, size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.size = size
        self.clock = clock
        self.seen: OrderedDict[str, float] = OrderedDict()  # key → expiry (inf: never)
        self.lock = threading.Lock()

    def unreachable(self) -> str | None:
        return None  # in this process: always there

    def first_time(self, delivery: str, ttl: float | None = None) -> bool:
        now = self.clock()
        with self.lock:
            expiry = self.seen.get(delivery)
            if expiry is not None and expiry > now:
                return False
            self.seen.pop(delivery, None)
            self.seen[delivery] = now + ttl if ttl is not None else float("inf")
            while len(self.seen) > self.size:
                self.seen.popitem(last=False)
            return True

    def forget(self, delivery: str) -> None:
        with self.lock:
            self.seen.pop(delivery, None)


def _outcome(job: PullRequestJob, runner: Runner) -> tuple[bool, object]:
    """Run a job; (retry?, result). Non-retryable errors are logged and dropped."""
    try:
        return False, runner(job)
    except HostError as exc:
        if exc.retryable:
            log.warning("%s (delivery %s) failed, will retry: %s", job.key, job.delivery, exc)
            return True, exc
        log.error("%s (delivery %s) failed: %s", job.key, job.delivery, exc)
        return False, exc


class ThreadQueue:
    """A thread pool in the service process. A retryable failure is run again after
    `backoff`, then 2x, 4x ... up to `attempts` runs. A pull request already waiting in the
    queue is not queued twice (the job reviews the newest head anyway)."""

    def __init__(
        self,
        runner: Runner,
        workers: int = 2,
        attempts: int = 4,
        backoff: float = 30.0,
    ) -> None:
        self.runner = runner
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reviewbot")
        self.attempts = attempts
        self.backoff = backoff
        self.waiting: set[str] = set()
        self.lock = threading.Condition()
        self.pending = 0  # queued, running or waiting for a retry
        self.ids = 0
        self.finished: list[tuple[PullRequestJob, object]] = []  # recent results, for tests/ops

    def enqueue(self, job: PullRequestJob) -> str:
        with self.lock:
            self.ids += 1
            job_id = f"thread-{self.ids}"
            if job.key in self.waiting:
                log.info("%s already waiting; delivery %s coalesced", job.key, job.delivery)
                return job_id
            self.waiting.add(job.key)
            self.pending += 1
        self.executor.submit(self._run, job, 1)
        return job_id

    def _run(self, job: PullRequestJob, attempt: int) -> None:
        with self.lock:
            self.waiting.discard(job.key)
        try:
            retry, result = _outcome(job, self.runner)
        except Exception as exc:  # a bug must not kill the worker thread silently
            log.exception("%s crashed", job.key)
            retry, result = False, exc
        if retry and attempt < self.attempts:
            delay = self.backoff * 2 ** (attempt - 1)
            timer = threading.Timer(delay, self.executor.submit, (self._run, job, attempt + 1))
            timer.daemon = True
            timer.start()
            return
        with self.lock:
            self.finished.append((job, result))
            del self.finished[:-100]
            self.pending -= 1
            self.lock.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until no job is queued, running or waiting for a retry."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(left)
        return True

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


# --- Redis / RQ ----------------------------------------------------------------------------


def rq_run(job_data: dict[str, Any], lock_prefix: str = "reviewbot") -> dict[str, Any]:
    """The RQ job function (`rq worker` imports it by name). A retryable failure raises so
    that RQ's Retry runs it again; any other failure is logged and returned."""
    from redis import Redis
    from rq import get_current_job

    job = PullRequestJob.from_dict(job_data)
    current = get_current_job()
    connection: Redis = current.connection if current is not None else Redis()
    settings = JobSettings.from_env()
    # One job per pull request across all workers and machines.
    with connection.lock(f"{lock_prefix}:lock:{job.key}", timeout=900, blocking_timeout=900):
        try:
            result = run_job(job, settings)
        except HostError as exc:
            if exc.retryable:
                raise
            log.error("%s failed: %s", job.key, exc)
            return {"status": "failed", "error": str(exc)}
    return {"status": "done", "head": result.pr.head_sha, "posted": result.published.posted,
            "resolved": result.published.resolved, "findings": result.findings}


class RedisQueue:
    """Jobs in an RQ queue; run them with `rq worker --with-scheduler --url URL reviewbot`."""

    def __init__(
        self,
        url: str,
        name: str = "reviewbot",
        prefix: str = "reviewbot",
        retries: int = 3,
        intervals: Sequence[int] = (30, 120, 600),
    ) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(url)
        self.queue = Queue(name, connection=self.connection)
        self.prefix = prefix
        self.retries = retries
        self.intervals = list(intervals)

    def enqueue(self, job: PullRequestJob) -> str:
        from rq import Retry

        queued = self.queue.enqueue(
            rq_run,
            job.to_dict(),
            self.prefix,
            retry=Retry(max=self.retries, interval=self.intervals) if self.retries else None,
            job_timeout=1800,
            result_ttl=7 * 86400,
            failure_ttl=7 * 86400,
            description=f"review {job.key}",
        )
        return str(queued.id)


class RedisDeliveryLog:
    """Delivery ids in Redis for `ttl` seconds (shared by all service processes)."""

    def __init__(self, url: str, prefix: str = "reviewbot", ttl: int = 7 * 86400) -> None:
        from redis import Redis

        self.connection = Redis.from_url(url)
        self.prefix = prefix
        self.ttl = ttl

    def unreachable(self) -> str | None:
        try:
            self.connection.ping()
        except Exception as exc:  # any client error means deliveries cannot be recorded
            return f"redis: {exc}"
        return None

    def first_time(self, delivery: str, ttl: float | None = None) -> bool:
        key = f"{self.prefix}:delivery:{delivery}"
        seconds = max(1, int(ttl)) if ttl is not None else self.ttl
        return bool(self.connection.set(key, "1", nx=True, ex=seconds))

    def forget(self, delivery: str) -> None:
        self.connection.delete(f"{self.prefix}:delivery:{delivery}")
