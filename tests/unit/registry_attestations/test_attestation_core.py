"""The pure attestation logic: DSSE PAE, envelope and statement parsing, signature
verification against the configured keys, and review-policy evaluation."""

from __future__ import annotations

import base64
import json

import pytest

from registry.core.attestations import (
    Review,
    ReviewPolicy,
    pae,
    parse_envelope,
    parse_statement,
    policy_decision,
    verify_envelope,
    verify_for_file,
)
from registry.core.errors import (
    AttestationRejected,
    InvalidArgument,
    InvalidAttestation,
    NoAttestationKeys,
    UploadTooLarge,
)
from registry.services.attestation_keys import Ed25519Keyring
from tests.support.attestations import Signer, statement

SHA = "ab" * 32
FILE = "acme_app-1.0-py3-none-any.whl"


def test_pae_matches_the_dsse_specification_example() -> None:
    # protocol.md: PAE("http://example.com/HelloWorld", "hello world")
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_pae_counts_bytes_not_characters() -> None:
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 " + "é".encode()


@pytest.fixture
def signer() -> Signer:
    return Signer.generate()


@pytest.fixture
def keyring(signer: Signer) -> Ed25519Keyring:
    return Ed25519Keyring.from_pem([("bot.pem", signer.public_pem)])


def _bytes(envelope: dict) -> bytes:
    return json.dumps(envelope).encode()


def test_a_signed_envelope_verifies_and_names_its_key(signer: Signer, keyring) -> None:
    envelope = parse_envelope(_bytes(signer.envelope(statement(FILE, SHA))))
    assert verify_envelope(envelope, keyring) == signer.keyid
    parsed = parse_statement(envelope.payload)
    assert (parsed.subject_name, parsed.subject_sha256) == (FILE, SHA)
    assert parsed.review.result == "pass" and parsed.review.risk_score == 0.2


def test_keyid_is_the_sha256_of_the_raw_public_key(signer: Signer, keyring) -> None:
    assert keyring.keyids() == frozenset({signer.keyid})


def test_another_keys_signature_under_the_right_keyid_does_not_verify(
    signer: Signer, keyring
) -> None:
    forged = Signer.generate().envelope(statement(FILE, SHA), keyid=signer.keyid)
    with pytest.raises(AttestationRejected, match="signature does not verify"):
        verify_envelope(parse_envelope(_bytes(forged)), keyring)


def test_an_unknown_key_is_refused_by_name(keyring) -> None:
    other = Signer.generate()
    with pytest.raises(AttestationRejected, match=f"unknown key.*{other.keyid}"):
        verify_envelope(parse_envelope(_bytes(other.envelope(statement(FILE, SHA)))), keyring)


def test_a_payload_changed_after_signing_does_not_verify(signer: Signer, keyring) -> None:
    envelope = signer.envelope(statement(FILE, SHA, result="fail"))
    changed = statement(FILE, SHA, result="pass")
    envelope["payload"] = base64.b64encode(json.dumps(changed).encode()).decode()
    with pytest.raises(AttestationRejected, match="does not verify"):
        verify_envelope(parse_envelope(_bytes(envelope)), keyring)


def test_a_signature_without_keyid_is_tried_against_every_key(signer: Signer, keyring) -> None:
    envelope = signer.envelope(statement(FILE, SHA), keyid="")
    assert verify_envelope(parse_envelope(_bytes(envelope)), keyring) == signer.keyid


def test_no_configured_keys_is_its_own_refusal(signer: Signer) -> None:
    envelope = parse_envelope(_bytes(signer.envelope(statement(FILE, SHA))))
    with pytest.raises(NoAttestationKeys, match="REGISTRY_ATTESTATION_KEYS"):
        verify_envelope(envelope, Ed25519Keyring({}))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e: e.update(payloadType="application/json"), "payloadType must be"),
        (lambda e: e.update(payload="***"), "payload is not valid base64"),
        (lambda e: e.update(signatures=[]), "signatures must be a non-empty list"),
        (lambda e: e["signatures"][0].update(sig=5), r"signatures\[0\].sig must be"),
    ],
)
def test_malformed_envelopes_say_what_is_wrong(signer: Signer, mutate, message: str) -> None:
    envelope = signer.envelope(statement(FILE, SHA))
    mutate(envelope)
    with pytest.raises(InvalidAttestation, match=message):
        parse_envelope(_bytes(envelope))


def test_non_json_and_oversized_bodies_are_refused() -> None:
    with pytest.raises(InvalidAttestation, match="not JSON"):
        parse_envelope(b"\xff not json")
    with pytest.raises(UploadTooLarge, match="more than"):
        parse_envelope(b" " * (256 * 1024 + 1))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.update(predicateType="https://slsa.dev/provenance/v1"), "predicateType"),
        (lambda s: s.update(_type="https://in-toto.io/Statement/v0.1"), "_type"),
        (lambda s: s["subject"].append(dict(s["subject"][0])), "exactly one subject"),
        (lambda s: s["subject"][0]["digest"].update(sha256="abc"), "64 hex digits"),
        (lambda s: s["predicate"]["verdict"].update(result="maybe"), '"pass" or "fail"'),
        (lambda s: s["predicate"]["findings"]["by_severity"].update(high=-1), "non-negative"),
        (lambda s: s["predicate"]["risk"].update(score="low"), "must be a number"),
        (lambda s: s["predicate"]["risk"].update(band="x" * 41), "short string"),
        (lambda s: s["predicate"].pop("head_commit"), "head_commit must be a string"),
        (lambda s: s["predicate"].update(pull_request="7"), "number or null"),
        (lambda s: s["predicate"].update(bot={"name": "reviewbot"}), "bot must be"),
        (lambda s: s["predicate"].update(reviewed_at="yesterday"), "RFC 3339"),
        (lambda s: s["predicate"].update(reviewed_at="2026-12-01T09:30:00"), "time zone"),
        (lambda s: s["predicate"]["findings"].update(by_rule={"R1": 1.5}), "by_rule.R1"),
    ],
)
def test_statements_of_the_wrong_shape_are_refused(mutate, message: str) -> None:
    body = statement(FILE, SHA)
    mutate(body)
    with pytest.raises(InvalidAttestation, match=message):
        parse_statement(json.dumps(body).encode())


def test_optional_parts_of_the_predicate_may_be_null_or_absent() -> None:
    body = statement(FILE, SHA)
    body["predicate"].update(pull_request=None)
    body["predicate"]["risk"] = {"score": None, "band": "none"}  # no model: no score
    body["predicate"]["findings"].pop("by_rule")
    parsed = parse_statement(json.dumps(body).encode())
    assert parsed.review.risk_score is None
    assert ReviewPolicy.parse("max-risk=0.6").why_not(parsed.review) == "review has no risk score"


def test_verify_for_file_checks_the_subject_against_the_file(signer: Signer, keyring) -> None:
    body = _bytes(signer.envelope(statement(FILE, SHA)))
    assert verify_for_file(body, keyring, SHA, FILE).keyid == signer.keyid
    with pytest.raises(AttestationRejected, match="not this file's"):
        verify_for_file(body, keyring, "cd" * 32)
    with pytest.raises(AttestationRejected, match=r"not 'other\.whl'"):
        verify_for_file(body, keyring, SHA, "other.whl")


# --- policy -----------------------------------------------------------------------------


def review(result: str = "pass", critical: int = 0, risk: float | None = 0.2) -> Review:
    return Review(result, "findings", {"critical": critical}, risk, None)


@pytest.mark.parametrize(
    ("text", "rule"),
    [("pass", "pass"), (" No-Critical ", "no-critical"), ("max-risk=0.6", "max-risk=0.6"),
     ("MAX-RISK=0", "max-risk=0"), ("max-risk=1", "max-risk=1")],
)  # fmt: skip
def test_policies_parse_to_a_canonical_rule(text: str, rule: str) -> None:
    assert ReviewPolicy.parse(text).rule == rule


@pytest.mark.parametrize("text", ["", "strict", "max-risk=", "max-risk=1.5", "max-risk=nan"])
def test_unknown_policies_are_refused_with_the_choices(text: str) -> None:
    with pytest.raises(InvalidArgument, match=r"max-risk(=X| needs a number)"):
        ReviewPolicy.parse(text)


@pytest.mark.parametrize(
    ("rule", "rev", "why"),
    [
        ("pass", review(), None),
        ("pass", review("fail"), "verdict is fail"),
        ("pass", review(critical=3), None),
        ("no-critical", review(critical=3), "3 critical"),
        ("no-critical", review("fail"), "verdict is fail"),
        ("no-critical", review(), None),
        ("max-risk=0.6", review(risk=0.6), None),
        ("max-risk=0.6", review(risk=0.61), "0.61 is above 0.6"),
        ("max-risk=0.6", review(risk=None), "no risk score"),
        ("max-risk=0.6", review("fail", risk=0.1), "verdict is fail"),
    ],
)
def test_policy_rules(rule: str, rev: Review, why: str | None) -> None:
    reason = ReviewPolicy.parse(rule).why_not(rev)
    if why is None:
        assert reason is None
    else:
        assert reason is not None and why in reason


def test_any_satisfying_review_of_a_file_is_enough() -> None:
    policy = ReviewPolicy.parse("no-critical")
    assert policy_decision(policy, []) == "no verified review attestation for its sha256"
    assert policy_decision(policy, [review(critical=1), review()]) is None
    assert "1 critical" in (policy_decision(policy, [review(), review(critical=1)][1:]) or "")
