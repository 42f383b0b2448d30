from datetime import UTC, datetime, timedelta

import pytest

from registry.core import tokens
from registry.core.errors import InvalidArgument, PermissionDenied, Unauthenticated
from registry.core.model import Repository, Scope, TokenRecord

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PRIVATE = Repository(1, "team", public_read=False, created_at=NOW)
PUBLIC = Repository(2, "open", public_read=True, created_at=NOW)


def record_for(new: tokens.NewToken, repo: str = "team", scope: Scope = Scope.PUBLISH, **kw):
    values = {
        "id": 7,
        "key_id": new.key_id,
        "secret_hash": new.secret_hash,
        "repository": repo,
        "scope": scope,
        "created_at": NOW,
        "expires_at": None,
        "revoked_at": None,
    }
    values.update(kw)
    return TokenRecord(**values)


def test_generated_tokens_are_random_and_stored_hashed() -> None:
    a, b = tokens.generate(), tokens.generate()
    assert a.token != b.token and a.key_id != b.key_id
    assert a.token.startswith("cyr_")
    key_id, secret = tokens.split(a.token)
    assert key_id == a.key_id
    assert a.secret_hash == tokens.hash_secret(secret)
    assert secret not in a.secret_hash


def test_split_rejects_garbage() -> None:
    assert tokens.split("hunter2") is None
    assert tokens.split("cyr_nothex_secretsecretsecretsecret") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12h", timedelta(hours=12)),
        ("30m", timedelta(minutes=30)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
        ("45s", timedelta(seconds=45)),
        ("never", None),
    ],
)
def test_parse_duration(text: str, expected: timedelta | None) -> None:
    assert tokens.parse_duration(text) == expected


@pytest.mark.parametrize("text", ["12", "h", "1y", "-3h", "0h", "tomorrow"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(InvalidArgument, match="not a duration"):
        tokens.parse_duration(text)


def test_publish_token_allows_read_and_publish() -> None:
    new = tokens.generate()
    record = record_for(new)
    tokens.authorize(new.token, record, PRIVATE, Scope.READ, NOW)
    tokens.authorize(new.token, record, PRIVATE, Scope.PUBLISH, NOW)
    with pytest.raises(PermissionDenied, match="publish scope on repository 'team'"):
        tokens.authorize(new.token, record, PRIVATE, Scope.ADMIN, NOW)


def test_read_token_cannot_publish_and_message_names_repo_and_scope() -> None:
    new = tokens.generate()
    with pytest.raises(PermissionDenied) as info:
        tokens.authorize(new.token, record_for(new, scope=Scope.READ), PRIVATE, Scope.PUBLISH, NOW)
    assert "'team'" in info.value.message and "publish scope" in info.value.message


def test_anonymous() -> None:
    tokens.authorize(None, None, PUBLIC, Scope.READ, NOW)
    with pytest.raises(Unauthenticated) as info:
        tokens.authorize(None, None, PRIVATE, Scope.READ, NOW)
    assert info.value.realm == "codeyard team"
    with pytest.raises(Unauthenticated):
        tokens.authorize(None, None, PUBLIC, Scope.PUBLISH, NOW)


def test_wrong_secret_unknown_key_revoked_expired() -> None:
    new = tokens.generate()
    record = record_for(new)
    forged = f"cyr_{new.key_id}_{'A' * 43}"
    with pytest.raises(Unauthenticated, match="invalid API token"):
        tokens.authorize(forged, record, PRIVATE, Scope.READ, NOW)
    with pytest.raises(Unauthenticated, match="invalid API token"):
        tokens.authorize(new.token, None, PRIVATE, Scope.READ, NOW)
    with pytest.raises(Unauthenticated, match="revoked"):
        tokens.authorize(new.token, record_for(new, revoked_at=NOW), PRIVATE, Scope.READ, NOW)
    expired = record_for(new, expires_at=NOW - timedelta(seconds=1))
    with pytest.raises(Unauthenticated, match="expired"):
        tokens.authorize(new.token, expired, PRIVATE, Scope.READ, NOW)
    tokens.authorize(
        new.token, record_for(new, expires_at=NOW + timedelta(hours=1)), PRIVATE, Scope.READ, NOW
    )


def test_token_of_another_repository() -> None:
    new = tokens.generate()
    other = record_for(new, repo="elsewhere", scope=Scope.ADMIN)
    with pytest.raises(PermissionDenied, match="is for repository 'elsewhere'"):
        tokens.authorize(new.token, other, PRIVATE, Scope.READ, NOW)
    tokens.authorize(new.token, other, PUBLIC, Scope.READ, NOW)
