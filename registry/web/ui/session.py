"""Who is looking at a page: the token kept in the signed session cookie (after logging in
with it) or sent as HTTP Basic/Bearer, checked on every request exactly as the API checks it.

The cookie is HttpOnly, SameSite=Lax, and Secure whenever the request arrived over TLS
(directly, or through nginx: gunicorn trusts X-Forwarded-Proto from
127.0.0.1). The signing key comes
from REGISTRY_SECRET_KEY or a file made once in the data directory, so every gunicorn
worker (and a restart) accepts the same cookies.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, Request, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from registry.core import tokens as token_rules
from registry.core.errors import RegistryError, Unauthenticated
from registry.core.model import Repository, Scope, TokenRecord
from registry.services.admin import authenticate
from registry.web.auth import presented_token
from registry.web.runtime import catalog

SESSION_TOKEN = "token"
SECRET_FILE = "ui-secret-key"


class TlsAwareSessionInterface(SecureCookieSessionInterface):
    """``Secure`` on the cookie when this request came over https, whatever the config."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # pip, uv and twine never send the cookie: skip building the signing serializer
        # (a tenth of a cold download's time) and hand out the empty session it would.
        if app.config["SESSION_COOKIE_NAME"] not in request.cookies and app.secret_key:
            return self.session_class()
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def secret_key(configured: str | None, data_dir: Path) -> str:
    """The configured key, else the one stored in *data_dir* (created atomically once)."""
    if configured:
        return configured
    path = data_dir / SECRET_FILE
    if not path.exists():
        scratch = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        # link() fails when another worker won the race; then everyone reads the winner's key.
        with contextlib.suppress(FileExistsError):
            os.link(scratch, path)
        scratch.unlink()
    return path.read_text().strip()


def configure(app: Flask, key: str) -> None:
    app.secret_key = key
    app.session_interface = TlsAwareSessionInterface()
    app.config.update(
        SESSION_COOKIE_NAME="codeyard_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_CHECK_DEFAULT=False,  # only the UI's forms; twine and the API use tokens
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the session
    )


def current_token() -> str | None:
    """The token of this request: an Authorization header wins over the session."""
    return presented_token() or session.get(SESSION_TOKEN)


def log_in(token: str) -> TokenRecord:
    """Check *token* against its own repository and keep it in the session."""
    parts = token_rules.split(token)
    record = catalog().get_token_by_key(parts[0]) if parts else None
    if record is None:
        raise Unauthenticated(
            "that is not a token of this registry (tokens look like cyr_…)", realm="codeyard"
        )
    _, checked = authenticate(catalog(), record.repository, token.strip(), Scope.READ)
    session.clear()
    session.permanent = True
    session[SESSION_TOKEN] = token.strip()
    assert checked is not None
    return checked


def log_out() -> None:
    session.clear()


def who() -> TokenRecord | None:
    """The live token behind this request, or None (a dead session token is dropped)."""
    token = current_token()
    if not token:
        return None
    parts = token_rules.split(token)
    record = catalog().get_token_by_key(parts[0]) if parts else None
    if record is None:
        session.pop(SESSION_TOKEN, None)
        return None
    try:
        authenticate(catalog(), record.repository, token, Scope.READ)
    except RegistryError:
        session.pop(SESSION_TOKEN, None)
        return None
    return record


def require(repository: str, scope: Scope) -> tuple[Repository, TokenRecord | None]:
    return authenticate(catalog(), repository, current_token(), scope)


def can(repository: str, scope: Scope) -> bool:
    try:
        require(repository, scope)
    except RegistryError:
        return False
    return True
