"""The review attestation (reporters/attestation.py): the in-toto statement's fields, the DSSE
PAE and signature (verified with the public key alone, as the registry does), the verdict."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from reviewbot.model.risk import Risk
from reviewbot.reporters.attestation import (
    Ed25519Signer,
    Gate,
    Provenance,
    SigningKeyError,
    Subject,
    envelope,
    generate_key_pair,
    pae,
    predicate,
    statement,
    verdict_of,
)
from reviewbot.review.diff import Diff
from reviewbot.review.findings import Category, Finding, Severity
from reviewbot.review.pipeline import Review


def finding(rule: str, severity: Severity) -> Finding:
    return Finding(rule, Category.SECURITY, severity, "m", path="a.py", line=1)


def a_review(*findings: Finding, risk: Risk | None = None) -> Review:
    return Review(diff=Diff(files=[]), inline=list(findings), risk=risk)


PROVENANCE = Provenance("https://git.example/svc.git", "b" * 40, "h" * 40, 7, "0.1.0",
                        datetime(2026, 12, 1, 1, 2, 3, tzinfo=UTC))  # fmt: skip


def test_pae_is_the_dsse_encoding() -> None:
    # the example from the DSSE protocol document
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_statement_fields_and_counts(tmp_path: Path) -> None:
    built = tmp_path / "svc-1.0-py3-none-any.whl"
    built.write_bytes(b"wheel bytes")
    review = a_review(finding("x/one", Severity.HIGH), finding("x/one", Severity.LOW),
                      finding("y/two", Severity.CRITICAL),
                      risk=Risk(0.41234, "medium", model="jit-default 3"))  # fmt: skip
    gate = Gate(Severity.HIGH, 0.6)
    verdict = verdict_of(review, gate)
    doc = statement(Subject.of_file(built), predicate(review, verdict, gate, PROVENANCE))
    assert doc["_type"] == "https://in-toto.io/Statement/v1"
    assert doc["subject"] == [{"name": built.name,
                               "digest": {"sha256": hashlib.sha256(b"wheel bytes").hexdigest()}}]
    assert doc["predicateType"] == "https://codeyard.dev/attestations/review/v1"
    p = doc["predicate"]
    assert p["verdict"] == {"result": "fail", "gate": "fail-on=high,max-risk=0.6"}
    assert p["findings"]["by_severity"] == {"critical": 1, "high": 1, "medium": 0, "low": 1,
                                            "info": 0}  # fmt: skip
    assert p["findings"]["by_rule"] == {"x/one": 2, "y/two": 1}
    assert p["risk"] == {"score": 0.4123, "band": "medium"}
    assert p["model_id"] == "jit-default 3"
    assert p["pull_request"] == 7 and p["base_commit"] == "b" * 40
    assert p["bot"] == {"name": "reviewbot", "version": "0.1.0"}
    assert p["reviewed_at"] == "2026-12-01T01:02:03Z"


@pytest.mark.parametrize(
    ("findings", "risk", "gate", "passed"),
    [
        ([], Risk(0.2, "low"), Gate(Severity.HIGH, 0.6), True),
        ([Severity.MEDIUM], None, Gate(Severity.HIGH), True),
        ([Severity.HIGH], None, Gate(Severity.HIGH), False),
        ([], Risk(0.61, "high"), Gate(Severity.HIGH, 0.6), False),
        ([], None, Gate(Severity.HIGH, 0.6), False),  # no score cannot meet a risk limit
        ([Severity.CRITICAL], None, Gate(None), True),
    ],
)
def test_verdict(findings: list[Severity], risk: Risk | None, gate: Gate, passed: bool) -> None:
    review = a_review(*(finding("r", s) for s in findings), risk=risk)
    assert verdict_of(review, gate).passed is passed


def test_envelope_verifies_with_the_public_key_and_names_its_keyid() -> None:
    private, public, keyid = generate_key_pair()
    signer = Ed25519Signer.from_pem(private)
    assert signer.keyid == keyid
    doc = {"_type": "https://in-toto.io/Statement/v1", "subject": [], "predicate": {}}
    signed = envelope(doc, signer)
    body = base64.b64decode(signed["payload"])
    assert json.loads(body) == doc
    [signature] = signed["signatures"]
    verifier = serialization.load_pem_public_key(public)
    raw = verifier.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert signature["keyid"] == hashlib.sha256(raw).hexdigest()
    verifier.verify(base64.b64decode(signature["sig"]), pae(signed["payloadType"], body))
    with pytest.raises(InvalidSignature):  # the signature covers the payload type too
        verifier.verify(base64.b64decode(signature["sig"]), pae("text/plain", body))


def test_unusable_keys_are_refused_with_the_way_out() -> None:
    with pytest.raises(SigningKeyError, match="reviewbot keygen"):
        Ed25519Signer.from_pem(b"not a key", source="k.pem")
    _, public, _ = generate_key_pair()
    with pytest.raises(SigningKeyError, match="reviewbot keygen"):
        Ed25519Signer.from_pem(public, source="k.pem.pub")
