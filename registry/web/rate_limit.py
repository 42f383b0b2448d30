"""Per-token request rate limits (REGISTRY_RATE_LIMIT, e.g. ``600/minute``), counted per
token key id, or per client address for anonymous requests; over the limit a request gets
429 with ``Retry-After``. Counts live in REGISTRY_RATE_LIMIT_STORAGE: ``memory://`` is per
gunicorn worker, ``redis://…`` shares one count between all workers and hosts."""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded

from registry.config import Settings
from registry.core import tokens as token_rules
from registry.web.auth import presented_token
from registry.web.errors import text_response

EXEMPT_ENDPOINTS = frozenset({"health", "metrics", "ui.static", "static"})


def client_key() -> str:
    """The token's key id (never its secret) or, without a token, the client's address."""
    presented = presented_token()
    if presented is None and current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        presented = session.get("token")  # only then: reading it adds Vary: Cookie
    parts = token_rules.split(presented) if presented else None
    if parts:
        return f"token:{parts[0]}"
    return f"addr:{request.remote_addr or '-'}"


def _exempt() -> bool:
    endpoint = request.endpoint or ""
    return endpoint in EXEMPT_ENDPOINTS or endpoint.startswith("health.")  # probes, scrapes


def _too_many(exc: RateLimitExceeded) -> Response:
    response = text_response(
        429,
        f"Too Many Requests: over this registry's limit of {exc.description} for your token "
        "(or address); wait for the number of seconds in Retry-After",
    )
    return response


def install(app: Flask, settings: Settings) -> Limiter | None:
    if not settings.rate_limit:
        return None
    limiter = Limiter(
        client_key,
        app=app,
        default_limits=[settings.rate_limit],
        default_limits_exempt_when=_exempt,
        storage_uri=settings.rate_limit_storage,
        headers_enabled=True,  # X-RateLimit-* and Retry-After on every limited answer
        strategy="moving-window",
        # A Redis outage must not fail every request: limits pause, the registry serves on.
        swallow_errors=True,
    )
    app.register_error_handler(RateLimitExceeded, _too_many)
    return limiter
