"""The simple repository API (PEP 503 HTML / PEP 691 JSON) for each repository.

Pages are rendered once per change and served from the rendered-page store
(registry.storage.rendered_pages), found under the change serials they were rendered from
(registry.db.serials): a hit costs the access check, one small query and a file sent with
sendfile (or handed to nginx with X-Accel-Redirect), and a matching ``If-None-Match`` costs
no file at all. Pages that merge an external index live until that index's cached page
expires; a page served stale (the remote is down) is never stored.
"""

from __future__ import annotations

import hashlib
import time
from functools import partial

from flask import Blueprint, Response, current_app, g, redirect, request, url_for
from werkzeug.wsgi import wrap_file

from registry.core.model import FileRecord, Repository, Scope
from registry.core.names import normalize
from registry.core.negotiation import HTML_V1, JSON_V1, TEXT_HTML, Choice, negotiate
from registry.core.simple import (
    index_page,
    project_page,
    render_index_html,
    render_json,
    render_project_html,
)
from registry.db import serials
from registry.db.page_inputs import remote_fetch_times, remote_page_key_hash
from registry.services.external import page_cache_key
from registry.storage.rendered_pages import (
    INDEX_PAGE,
    ExternalInput,
    RenderedPage,
    RenderedPageStore,
)
from registry.web import hot_path
from registry.web.auth import require
from registry.web.runtime import catalog, runtime
from registry.web.sharing import list_project_names, resolve_project, service_for

bp = Blueprint("simple", __name__)
STORE_EXTENSION = "codeyard.registry.rendered_pages"
# One ETag per representation: the two HTML media types share a body, not an ETag.
_ETAG_SUFFIX = {JSON_V1: "j", HTML_V1: "v", TEXT_HTML: "h"}


def _store() -> RenderedPageStore:
    store = current_app.extensions.get(STORE_EXTENSION)
    if store is None:
        store = RenderedPageStore(runtime().settings.data_dir / "pages")
        current_app.extensions[STORE_EXTENSION] = store
    return store


def _headers(choice: Choice, repo: Repository, etag: str) -> dict[str, str]:
    content_type = choice.content_type
    if choice.kind == "html":
        content_type += "; charset=utf-8"
    visibility = "public" if repo.public_read else "private"
    return {
        "Content-Type": content_type,
        "Vary": "Accept, Authorization",
        "Cache-Control": f"{visibility}, max-age=0, must-revalidate",
        "ETag": f'"{etag}"',
    }


def _serve(page: RenderedPage, choice: Choice, repo: Repository) -> Response | None:
    """The stored page (or 304); None when its body was removed since it was looked up."""
    headers = _headers(choice, repo, f"{page.tag}-{_ETAG_SUFFIX[choice.content_type]}")
    if request.if_none_match.contains(headers["ETag"].strip('"')):
        del headers["Content-Type"]
        return Response(status=304, headers=headers)
    # A page that merged no external index changes only with a write: the fast path may
    # repeat this answer until the next one (web/hot_path.py).
    repeatable = not page.externals
    accel = runtime().settings.accel_redirect
    # nginx's page microcache asks for the body itself: it caches what it receives.
    if accel and request.headers.get("X-Registry-Accel") != "off":
        # nginx sends the body from its internal location (deploy/nginx/codeyard.conf).
        headers["X-Accel-Redirect"] = f"{accel.rstrip('/')}/pages/{page.relative}"
        if repeatable:
            hot_path.offer(None, headers["ETag"].strip('"'))
        return Response(b"", headers=headers)
    try:
        stream = page.path.open("rb")
    except FileNotFoundError:  # superseded and removed meanwhile: render it again
        return None
    if repeatable:
        hot_path.offer(partial(page.path.open, "rb"), headers["ETag"].strip('"'))
    response = Response(
        wrap_file(request.environ, stream, buffer_size=256 * 1024),
        headers=headers,
        direct_passthrough=True,
    )
    response.content_length = page.size
    return response


def _uncached(body: bytes, choice: Choice, repo: Repository) -> Response:
    """A page that must not be stored (served stale): its ETag is its digest."""
    digest = hashlib.sha256(body + choice.content_type.encode()).hexdigest()[:32]
    response = Response(body, headers=_headers(choice, repo, digest))
    return response.make_conditional(request)


def _page_key(serial_key: str) -> str:
    # Project pages carry absolute file URLs, so a different mount point is another page.
    root = request.script_root
    if not root:
        return serial_key
    return hashlib.blake2b(f"{serial_key}\0{root}".encode(), digest_size=16).hexdigest()


def file_url(record: FileRecord) -> str:
    return url_for(
        "files.download", repo=record.repository, sha256=record.sha256, filename=record.filename
    )


@bp.get("/<repo>/simple/")
def index(repo: str) -> Response:
    repository, _ = require(repo, Scope.READ)
    choice = negotiate(request.headers.get("Accept"), request.args.get("format"))
    store = _store()
    cacheable = store.cacheable(repo, INDEX_PAGE)
    key = serials.index_page_key(catalog().session)  # read before the page: never newer
    hit = store.get(repo, INDEX_PAGE, choice.kind, key) if cacheable else None
    if hit is not None and (response := _serve(hit, choice, repository)) is not None:
        return response
    page = index_page(list_project_names(catalog(), repo))
    if choice.kind == "json":
        body = render_json(page)
    else:
        body = render_index_html(page, lambda name: f"{normalize(name)}/")
    if not cacheable:
        return _uncached(body, choice, repository)
    stored = store.put(repo, INDEX_PAGE, choice.kind, key, key, body)
    return _serve(stored, choice, repository) or _uncached(body, choice, repository)


def _externals_fresh(page: RenderedPage) -> bool:
    if not page.externals:
        return True
    fetched = remote_fetch_times(catalog().session, (e.key_hash for e in page.externals))
    now = time.time()
    return all(
        fetched.get(e.key_hash) == e.fetched_at and now - e.fetched_at < e.ttl
        for e in page.externals
    )


def _external_inputs(repo: str, normalized: str) -> tuple[ExternalInput, ...]:
    """The external-index pages a resolution of this project consults, as cached now."""
    service = service_for(catalog())
    externals = service.externals()
    consulted = []
    for source in service.sources(repo, normalized):
        if source.external:
            url, ttl = externals[source.repository]
            consulted.append((remote_page_key_hash(page_cache_key(url, normalized)), ttl))
    fetched = remote_fetch_times(catalog().session, (key_hash for key_hash, _ in consulted))
    return tuple(
        ExternalInput(key_hash, fetched.get(key_hash, 0.0), float(ttl))
        for key_hash, ttl in consulted
    )


@bp.get("/<repo>/simple/<project>/")
def detail(repo: str, project: str) -> Response:
    repository, _ = require(repo, Scope.READ)
    normalized = normalize(project)
    if normalized != project:
        target = url_for("simple.detail", repo=repo, project=normalized)
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        return redirect(target, 301)  # type: ignore[return-value]
    choice = negotiate(request.headers.get("Accept"), request.args.get("format"))
    store = _store()
    cacheable = store.cacheable(repo, normalized)
    key = _page_key(serials.project_page_key(catalog().session, normalized))
    if cacheable:
        hit = store.get(repo, normalized, choice.kind, key)
        if hit is not None and _externals_fresh(hit):
            response = _serve(hit, choice, repository)
            if response is not None:
                return response
    resolved = resolve_project(catalog(), repo, normalized)
    page = project_page(normalized, resolved.files, file_url)
    body = render_json(page) if choice.kind == "json" else render_project_html(page)
    if not cacheable or g.get("registry_stale_reason"):
        return _uncached(body, choice, repository)
    externals = _external_inputs(repo, normalized)
    tag = key
    if externals:
        # The remote's content, not when it was last revalidated, decides the ETag: a
        # revalidation that changed nothing keeps clients' copies valid.
        tag = hashlib.blake2b(key.encode() + b"\0" + body, digest_size=16).hexdigest()
    stored = store.put(repo, normalized, choice.kind, key, tag, body, externals)
    return _serve(stored, choice, repository) or _uncached(body, choice, repository)
