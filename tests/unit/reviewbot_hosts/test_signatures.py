"""Webhook verification: GitHub's documented test vector, Gitea's hex HMAC, GitLab's token."""

import hashlib
import hmac

from reviewbot.service.server import verify_gitea, verify_github, verify_gitlab

# https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_PAYLOAD = b"Hello, World!"
GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_github_documented_vector_is_accepted():
    assert verify_github(GITHUB_SECRET, GITHUB_PAYLOAD, {"X-Hub-Signature-256": GITHUB_SIGNATURE})


def test_github_rejects_tampered_payload_wrong_secret_and_missing_header():
    headers = {"X-Hub-Signature-256": GITHUB_SIGNATURE}
    assert not verify_github(GITHUB_SECRET, b"Hello, World?", headers)
    assert not verify_github("another secret", GITHUB_PAYLOAD, headers)
    assert not verify_github(GITHUB_SECRET, GITHUB_PAYLOAD, {})
    # the SHA-1 header of the old scheme, or a bare hex digest, is not accepted
    assert not verify_github(GITHUB_SECRET, GITHUB_PAYLOAD,
                             {"X-Hub-Signature-256": GITHUB_SIGNATURE.removeprefix("sha256=")})


def test_github_refuses_everything_without_a_configured_secret():
    empty = "sha256=" + hmac.new(b"", GITHUB_PAYLOAD, hashlib.sha256).hexdigest()
    assert not verify_github("", GITHUB_PAYLOAD, {"X-Hub-Signature-256": empty})


def test_gitea_signature_is_the_bare_hex_hmac():
    digest = hmac.new(GITHUB_SECRET.encode(), GITHUB_PAYLOAD, hashlib.sha256).hexdigest()
    assert digest == GITHUB_SIGNATURE.removeprefix("sha256=")
    assert verify_gitea(GITHUB_SECRET, GITHUB_PAYLOAD, {"X-Gitea-Signature": digest})
    prefixed = {"X-Gitea-Signature": "sha256=" + digest}
    assert not verify_gitea(GITHUB_SECRET, GITHUB_PAYLOAD, prefixed)
    assert not verify_gitea(GITHUB_SECRET, b"other", {"X-Gitea-Signature": digest})
    assert not verify_gitea(GITHUB_SECRET, GITHUB_PAYLOAD, {})


def test_gitlab_token_must_equal_the_secret():
    assert verify_gitlab("s3cret", b"{}", {"X-Gitlab-Token": "s3cret"})
    assert not verify_gitlab("s3cret", b"{}", {"X-Gitlab-Token": "s3cre"})
    assert not verify_gitlab("s3cret", b"{}", {})
    assert not verify_gitlab("", b"{}", {"X-Gitlab-Token": ""})
