"""The fast path: answers a worker has just given, repeated without Flask or the database.

Through Flask, a cached simple page or a file costs the request context, the access check
(two queries), the serial key (one query), the page's metadata file and the per-request
hooks: about a millisecond of Python for bytes that are already on disk (profiled: the
database and the hooks were two thirds of it). So when a view answers 200 with such a body
(a stored page that merged no external index, a stored file) it offers the answer here, and
it is remembered under everything it depended on: the path, and the Host, Accept and
Authorization headers. An identical request is then answered from the remembered headers
and the same immutable body file, as long as

1. no write has committed on this host since the answer was computed (the host's write
   generation, registry.db.generation: publish, yank, token revocation, any change);
2. the token it was given to has not expired since; and
3. with a database other hosts may write (PostgreSQL), it was computed less than
   ``Settings.hot_path_seconds`` ago: their writes do not move this host's counter. With
   SQLite every writer is on this host, so a page or file stays answered here until the
   next write: what a client fetching the same pinned packages again and again meets.

Anything else (another method, a query string, a cookie, Range or date conditions, an
If-None-Match that does not match, rate limiting switched on) goes through Flask as before.
Every answer still gets its request id, its metrics and its access line.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from flask import Flask, Response, g, request
from werkzeug.http import parse_etags
from werkzeug.wsgi import FileWrapper

from registry.core.errors import RegistryError
from registry.db.generation import Generation
from registry.web import metrics, request_log

ENVIRON_KEY = "codeyard.hot_path"
MAX_ENTRIES = 4096
BUFFER = 256 * 1024
# Requests whose answer depends on more than the remembered key.
_PASS_THROUGH = (
    "QUERY_STRING", "HTTP_COOKIE", "HTTP_RANGE", "HTTP_IF_RANGE", "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE",
)  # fmt: skip
# What a 304 leaves out: werkzeug's remove_entity_headers (as Flask's own 304s), and the
# redirect to the body, which nginx would follow and answer 200.
_NOT_IN_304 = frozenset(
    {"content-type", "content-length", "last-modified", "content-encoding", "x-accel-redirect"}
)
_NOT_REMEMBERED = frozenset({"content-length", request_log.REQUEST_ID_HEADER.lower()})

Key = tuple[str, str, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class Entry:
    generation: int
    expires: float  # time.monotonic()
    headers: tuple[tuple[str, str], ...]  # the 200's, without Content-Length and request id
    length: int
    etag: str | None
    open_body: Callable[[], IO[bytes]] | None  # None: the body is empty (X-Accel-Redirect)
    route: str
    endpoint: str
    repo: str | None
    cache_hit: bool


def offer(open_body: Callable[[], IO[bytes]] | None, etag: str | None) -> None:
    """Called by a view answering 200 with an immutable body: may be repeated as is."""
    g.hot_path_offer = (open_body, etag)


def valid_until(expires_at: datetime | None) -> None:
    """Called by the access check: this request's answer depends on a token that expires."""
    if expires_at is not None:
        g.hot_path_token_expires = expires_at


def _key(environ: dict[str, Any]) -> Key:
    return (
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("HTTP_ACCEPT"),
        environ.get("HTTP_AUTHORIZATION"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ.get("HTTP_X_REGISTRY_ACCEL"),  # web/simple.py: body or X-Accel-Redirect
    )


class HotPath:
    """WSGI middleware in front of the Flask app (see the module docstring)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], generation: Generation,
                 bound: float | None) -> None:  # fmt: skip
        self.app = app
        self.generation = generation
        self.bound = bound  # seconds an answer may be repeated; None: until the next write
        self.entries: dict[Key, Entry] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or any(
            environ.get(name) for name in _PASS_THROUGH
        ):
            return self.app(environ, start_response)
        started = time.perf_counter()
        key = _key(environ)
        generation = self.generation.current()
        entry = self.entries.get(key)
        fresh = entry is not None and entry.expires > time.monotonic()
        if entry is not None and fresh and entry.generation == generation:
            answered = self._answer(entry, environ, start_response, started)
            if answered is not None:
                return answered
            self.entries.pop(key, None)
        # Read before the view reads the database: a write committed meanwhile bumps it later.
        environ[ENVIRON_KEY] = (self, key, generation)
        return self.app(environ, start_response)

    def remember(self, key: Key, entry: Entry) -> None:
        with self._lock:
            if len(self.entries) >= MAX_ENTRIES and key not in self.entries:
                self.entries.pop(next(iter(self.entries)))  # the oldest
            self.entries[key] = entry

    def _answer(
        self, entry: Entry, environ: dict[str, Any], start_response: Any, started: float
    ) -> Iterable[bytes] | None:
        method = environ["REQUEST_METHOD"]
        incoming = environ.get("HTTP_IF_NONE_MATCH")
        if incoming is not None:
            if entry.etag is None or not parse_etags(incoming).contains(entry.etag):
                return None  # weak or other tags: Flask decides
            status, code = "304 NOT MODIFIED", 304
            headers = [h for h in entry.headers if h[0].lower() not in _NOT_IN_304]
            body: Iterable[bytes] = ()
            length = None
        else:
            status, code = "200 OK", 200
            headers = [*entry.headers, ("Content-Length", str(entry.length))]
            length = entry.length
            body = ()
            if method == "GET" and entry.open_body is not None:
                try:
                    stream = entry.open_body()
                except (OSError, RegistryError):
                    return None  # removed meanwhile: Flask finds out why
                wrapper = environ.get("wsgi.file_wrapper", FileWrapper)
                body = wrapper(stream, BUFFER)
        request_id = request_log.request_id_from(environ.get("HTTP_X_REQUEST_ID", ""))
        headers.append((request_log.REQUEST_ID_HEADER, request_id))
        start_response(status, headers)
        seconds = time.perf_counter() - started
        metrics.count(
            entry.route, method, code, seconds, entry.endpoint, entry.repo, length,
            cache_hit=entry.cache_hit, stale=False,
        )  # fmt: skip
        request_log.log_access(
            request_id, method, _path(environ), environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
            code, length, round(seconds * 1000, 1), environ.get("REMOTE_ADDR"),
            environ.get("HTTP_USER_AGENT", ""), entry.route,
        )  # fmt: skip
        return body


def _path(environ: dict[str, Any]) -> str:
    # As werkzeug decodes it for request.path.
    return environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")


def _remember(response: Response) -> Response:
    offered = g.pop("hot_path_offer", None)
    handle = request.environ.get(ENVIRON_KEY)
    if offered is None or handle is None or response.status_code != 200:
        return response
    hot, key, generation = handle
    open_body, etag = offered
    now = time.monotonic()
    expires = now + hot.bound if hot.bound is not None else math.inf
    token_expires: datetime | None = g.pop("hot_path_token_expires", None)
    if token_expires is not None:
        if token_expires.tzinfo is None:  # stored as UTC
            token_expires = token_expires.replace(tzinfo=UTC)
        left = (token_expires - datetime.now(UTC)).total_seconds()
        expires = min(expires, now + left)
    rule = request.url_rule
    headers = tuple(
        (name, value) for name, value in response.headers.items()
        if name.lower() not in _NOT_REMEMBERED
    )  # fmt: skip
    hot.remember(
        key,
        Entry(
            generation,
            expires,
            headers,
            response.content_length or 0,
            etag,
            open_body,
            rule.rule if rule is not None else "unmatched",
            request.endpoint or "",
            (request.view_args or {}).get("repo"),
            response.headers.get("X-Registry-Cache") == "HIT",
        ),
    )
    return response


def install(app: Flask, generation: Generation, bound: float | None) -> None:
    """``bound``: how long an answer may be repeated (None: until the next write on this
    host).

    Before every other after_request hook: Flask runs them in reverse, so this one sees
    the response as sent, with every header the others add."""
    app.after_request(_remember)
    app.wsgi_app = HotPath(app.wsgi_app, generation, bound)  # type: ignore[method-assign]
