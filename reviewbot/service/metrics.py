"""Prometheus metrics for `reviewbot serve` at ``/metrics``: webhook deliveries by host and
outcome, review jobs by outcome, review time, comments posted.

With several gunicorn workers, `reviewbot serve` points prometheus_client's multiprocess
mode at a fresh directory (PROMETHEUS_MULTIPROC_DIR) so a scrape sums every worker. Jobs
that RQ workers run (REVIEWBOT_REDIS_URL) are counted by those processes, not here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

T = TypeVar("T")
KNOWN_HOSTS = frozenset({"github", "gitlab", "gitea"})

DELIVERIES = Counter(
    "reviewbot_webhook_deliveries_total",
    "Webhook deliveries by host and outcome (queued, duplicate, ignored, rejected, error).",
    ["host", "outcome"],
)
JOBS = Counter(
    "reviewbot_jobs_total",
    "Review jobs run in this process, by host and outcome (done, gate_failed, skipped, error).",
    ["host", "outcome"],
)
REVIEW_SECONDS = Histogram(
    "reviewbot_review_duration_seconds",
    "Time to fetch, review and post one pull request.",
    ["host"],
    buckets=(0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600),
)
COMMENTS = Counter(
    "reviewbot_comments_posted_total",
    "Inline review comments posted (new ones; re-runs post none twice).",
    ["host"],
)


def observe_job(host: str, run: Callable[[], T]) -> T:
    """Run one review job, counting its outcome, time and posted comments."""
    started = time.perf_counter()
    try:
        result: Any = run()
    except Exception:
        JOBS.labels(host, "error").inc()
        raise
    finally:
        REVIEW_SECONDS.labels(host).observe(time.perf_counter() - started)
    if getattr(result, "skipped", ""):
        outcome = "skipped"
    elif getattr(result, "gate_failed", False):
        outcome = "gate_failed"
    else:
        outcome = "done"
    JOBS.labels(host, outcome).inc()
    posted = getattr(getattr(result, "published", None), "posted", 0)
    if posted:
        COMMENTS.labels(host).inc(posted)
    return result  # type: ignore[no-any-return]


def _count_delivery(response: Response) -> Response:
    host = (request.view_args or {}).get("host")
    if request.endpoint != "webhook" or host is None:
        return response
    if host not in KNOWN_HOSTS:
        host = "other"  # labels stay bounded whatever URL is posted to
    body = response.get_json(silent=True) if response.is_json else None
    status = body.get("status") if isinstance(body, dict) else None
    if status:
        outcome = str(status)
    elif response.status_code in (401, 403):
        outcome = "rejected"
    else:
        outcome = "error" if response.status_code >= 500 else "refused"
    DELIVERIES.labels(host, outcome).inc()
    return response


def _metrics() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # prometheus_client's own switch
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), content_type=CONTENT_TYPE_LATEST)


def install(app: Flask) -> None:
    app.after_request(_count_delivery)
    app.add_url_rule("/metrics", "metrics", _metrics, methods=["GET"])
