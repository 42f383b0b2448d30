"""Prometheus metrics at ``/metrics``: requests by route and status, latency histograms,
uploads, bytes served, external-index fetches and cache hits.

Under ``registry serve`` every gunicorn worker writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (set by serve to ``<data dir>/metrics`` and emptied at start),
and ``/metrics`` adds them up, so whichever worker answers the scrape reports the whole
server. Without that variable (tests, ``flask run``) the process's own registry is used.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from registry.services.external import HttpClient, HttpResponse, RemoteUnavailable

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "registry_http_requests_total",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "registry_http_request_duration_seconds",
    "Time from the request's arrival in Flask to its response, by route template.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
UPLOADS = Counter(
    "registry_uploads_total",
    "Upload requests (legacy API), by repository and status code (200: stored or identical).",
    ["repository", "status"],
)
BYTES_SERVED = Counter(
    "registry_file_bytes_served_total",
    "Bytes of distribution files and metadata sent, by repository.",
    ["repository"],
)
CACHE_HITS = Counter(
    "registry_external_cache_hits_total",
    "Files of an external index served from this registry's own verified copy.",
    ["repository"],
)
STALE = Counter(
    "registry_stale_pages_total",
    "Pages served from cache because the external index was unreachable.",
    ["repository"],
)
UPSTREAM_FETCHES = Counter(
    "registry_external_fetches_total",
    "Requests to external indexes (pages and files), by kind and outcome.",
    ["kind", "outcome"],
)


class CountingHttpClient:
    """An ``HttpClient`` that counts what it asks the external index and how that went."""

    def __init__(self, inner: HttpClient) -> None:
        self.inner = inner

    def get(self, url: str, headers: Mapping[str, str]) -> HttpResponse:
        try:
            response = self.inner.get(url, headers)
        except RemoteUnavailable:
            UPSTREAM_FETCHES.labels("page", "unreachable").inc()
            raise
        UPSTREAM_FETCHES.labels("page", str(response.status)).inc()
        return response

    def stream(self, url: str) -> AbstractContextManager[Iterable[bytes]]:
        @contextmanager
        def counted() -> Iterator[Iterable[bytes]]:
            try:
                with self.inner.stream(url) as body:
                    yield body
            except RemoteUnavailable:
                UPSTREAM_FETCHES.labels("file", "unreachable").inc()
                raise
            UPSTREAM_FETCHES.labels("file", "200").inc()

        return counted()


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"  # never the raw path: bounded labels


def _start() -> None:
    g.metrics_started = time.perf_counter()


def count(
    route: str,
    method: str,
    status: int,
    seconds: float | None,
    endpoint: str | None,
    repo: str | None,
    length: int | None,
    *,
    cache_hit: bool,
    stale: bool,
) -> None:
    """Count one answer (web/hot_path.py counts the answers it gives with this too)."""
    REQUESTS.labels(route, method, str(status)).inc()
    if seconds is not None:
        LATENCY.labels(route, method).observe(seconds)
    if endpoint == "upload.upload" and repo:
        UPLOADS.labels(repo, str(status)).inc()
    if endpoint == "files.download" and repo and method == "GET" and status in (200, 206):
        BYTES_SERVED.labels(repo).inc(length or 0)
    if repo and cache_hit:
        CACHE_HITS.labels(repo).inc()
    if repo and stale:
        STALE.labels(repo).inc()


def _record(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    count(
        _route(),
        request.method,
        response.status_code,
        time.perf_counter() - started if started is not None else None,
        request.endpoint,
        (request.view_args or {}).get("repo"),
        response.content_length,
        cache_hit=response.headers.get("X-Registry-Cache") == "HIT",
        stale=response.headers.get("X-Registry-Stale") == "true",
    )
    return response


def exposition() -> bytes:
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()


def metrics_view() -> Response:
    return Response(exposition(), content_type=CONTENT_TYPE_LATEST)


def install(app: Flask) -> None:
    """Count every request. Install before the other after_request hooks: Flask runs them
    in reverse order, so this one then sees the headers they add (cache hit, stale)."""
    app.before_request(_start)
    app.after_request(_record)
    app.add_url_rule("/metrics", "metrics", metrics_view, methods=["GET"])


def count_external_fetches(external: object) -> None:
    """Wrap the external index's HTTP client (``ExternalIndex.http``) in a counting one."""
    http = getattr(external, "http", None)
    if http is not None and not isinstance(http, CountingHttpClient):
        external.http = CountingHttpClient(http)  # type: ignore[attr-defined]
