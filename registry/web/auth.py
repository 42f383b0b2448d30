"""HTTP Basic (any username, the token as password) or Bearer → the acting token."""

from __future__ import annotations

from flask import request

from registry.core.model import Repository, Scope, TokenRecord
from registry.services.admin import authenticate
from registry.web import hot_path
from registry.web.runtime import catalog


def presented_token() -> str | None:
    auth = request.authorization
    if auth is None:
        return None
    if auth.type == "basic":
        # pip/twine/uv send __token__:<token>; accept the token in either half.
        return auth.password or auth.username or None
    if auth.type == "bearer":
        return auth.token or None
    return None


def require(repository: str, scope: Scope) -> tuple[Repository, TokenRecord | None]:
    repo, token = authenticate(catalog(), repository, presented_token(), scope)
    if token is not None:
        hot_path.valid_until(token.expires_at)  # a repeated answer must not outlive it
    return repo, token
