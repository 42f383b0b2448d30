"""API tokens: random secrets, stored as sha256 hashes, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from registry.core.errors import InvalidArgument, PermissionDenied, Unauthenticated
from registry.core.model import Repository, Scope, TokenRecord

PREFIX = "cyr_"
_TOKEN = re.compile(r"^cyr_([0-9a-f]{16})_([A-Za-z0-9_-]{20,})$")
_DURATION = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once, never stored
    key_id: str
    secret_hash: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def generate() -> NewToken:
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return NewToken(f"{PREFIX}{key_id}_{secret}", key_id, hash_secret(secret))


def split(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed token, else None."""
    match = _TOKEN.match(token.strip())
    return (match.group(1), match.group(2)) if match else None


def parse_duration(text: str) -> timedelta | None:
    """'90s', '30m', '12h', '7d', '2w' → timedelta; 'never' → None."""
    value = text.strip().lower()
    if value in ("never", "none", "0"):
        return None
    match = _DURATION.match(value)
    if not match or int(match.group(1)) == 0:
        raise InvalidArgument(
            f"expiry {text!r} is not a duration: use a number and a unit s/m/h/d/w "
            "(e.g. 12h, 30d) or 'never'"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def authorize(
    presented: str | None,
    record: TokenRecord | None,
    repository: Repository,
    needed: Scope,
    now: datetime,
) -> None:
    """Raise unless *presented* (the secret sent) is a live token allowing *needed* on *repository*.

    *record* is the stored token looked up by the presented key id (None when unknown).
    Anonymous reads of a public-read repository pass.
    """
    realm = f"codeyard {repository.name}"
    if presented is None:
        if needed == Scope.READ and repository.public_read:
            return
        raise Unauthenticated(
            f"repository {repository.name!r} needs a token with {needed.label} scope: "
            "send it as the HTTP Basic password (username __token__)",
            realm,
        )
    parts = split(presented)
    secret = parts[1] if parts else presented
    stored = record.secret_hash if record else hash_secret("")
    if not (record and parts and hmac.compare_digest(hash_secret(secret), stored)):
        raise Unauthenticated(
            f"invalid API token for repository {repository.name!r}: create one with "
            f"'registry token create --repo {repository.name} --scope {needed.label}'",
            realm,
        )
    if record.revoked_at is not None:
        raise Unauthenticated(f"API token {record.id} has been revoked", realm)
    if record.expires_at is not None and record.expires_at <= now:
        expired = f"{record.expires_at:%Y-%m-%dT%H:%M:%SZ}"
        raise Unauthenticated(f"API token {record.id} expired at {expired}", realm)
    if record.repository != repository.name:
        if needed == Scope.READ and repository.public_read:
            return
        raise PermissionDenied(
            f"token {record.id} is for repository {record.repository!r}, not "
            f"{repository.name!r}: {needed.label} on {repository.name!r} needs a token "
            "for that repository"
        )
    if record.scope < needed:
        raise PermissionDenied(
            f"token {record.id} has {record.scope.label} scope on repository "
            f"{repository.name!r}; {needed.label} needs a token with {needed.label} scope"
        )
