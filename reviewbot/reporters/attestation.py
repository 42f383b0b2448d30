"""A review as a signed, verifiable record for each built file: an in-toto Statement (v1)
in a DSSE envelope, the shape the registry stores beside the file and its policies read.

Pure: the statement is a dict built from a `Review` and plain facts (no git, no network).
Signing takes any `Signer`; `Ed25519Signer` loads a PEM private key with `cryptography`,
imported only when a key is used so that importing reporters stays cheap.

The wire contract (shared with the registry, which never imports this module):
- envelope: {"payloadType": PAYLOAD_TYPE, "payload": base64(statement JSON),
  "signatures": [{"keyid": hex sha256 of the raw 32-byte public key, "sig": base64(sig)}]},
  the signature over DSSE's PAE(payloadType, payload bytes);
- statement: subject [{name: filename, digest: {sha256}}], predicateType PREDICATE_TYPE,
  predicate: source_repository, base_commit, head_commit, pull_request, verdict {result,
  gate}, findings {by_severity, by_rule}, risk {score, band}, model_id, bot {name,
  version}, reviewed_at (RFC 3339, UTC).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reviewbot.review.findings import Severity

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://codeyard.dev/attestations/review/v1"
BOT_NAME = "reviewbot"


class SigningKeyError(ValueError):
    """A signing key cannot be read or is not an Ed25519 private key."""


@dataclass(frozen=True)
class Gate:
    """What decides pass or fail: findings at or above `fail_on`, a risk above `max_risk`."""

    fail_on: Severity | None = None
    max_risk: float | None = None

    def describe(self) -> str:
        parts = []
        if self.fail_on is not None:
            parts.append(f"fail-on={self.fail_on}")
        if self.max_risk is not None:
            parts.append(f"max-risk={self.max_risk:g}")
        return ",".join(parts) or "none"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reasons: tuple[str, ...]  # why it failed, in words; empty when it passed

    @property
    def result(self) -> str:
        return "pass" if self.passed else "fail"


def verdict_of(review: Review, gate: Gate) -> Verdict:
    """The same decision `reviewbot review` makes for its exit status."""
    reasons = []
    if gate.fail_on is not None:
        over = sum(1 for f in review.findings if f.severity >= gate.fail_on)
        if over:
            reasons.append(f"{over} finding(s) at or above {gate.fail_on}")
    if gate.max_risk is not None:
        if review.risk is None:
            # an unscored change cannot show it is under the limit: a gate that asked for a
            # risk limit must not pass silently because the model was missing
            reasons.append(f"no risk score, so --max-risk {gate.max_risk:g} cannot be met")
        elif review.risk.probability > gate.max_risk:
            reasons.append(
                f"defect risk {review.risk.probability:.2f} is above --max-risk {gate.max_risk:g}"
            )
    return Verdict(not reasons, tuple(reasons))


@dataclass(frozen=True)
class Subject:
    name: str  # the file name as published (no directory)
    sha256: str  # hex

    @classmethod
    def of_file(cls, path: str | Path) -> Subject:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return cls(Path(path).name, digest.hexdigest())


@dataclass(frozen=True)
class Provenance:
    """What the review was of, beyond the review itself."""

    source_repository: str
    base_commit: str
    head_commit: str
    pull_request: int | None
    bot_version: str
    reviewed_at: datetime


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def predicate(review: Review, verdict: Verdict, gate: Gate, provenance: Provenance) -> dict:
    by_severity = {str(s): 0 for s in sorted(Severity, reverse=True)}
    for finding in review.findings:
        by_severity[str(finding.severity)] += 1
    by_rule = dict(sorted(Counter(f.rule for f in review.findings).items()))
    risk = review.risk
    return {
        "source_repository": provenance.source_repository,
        "base_commit": provenance.base_commit,
        "head_commit": provenance.head_commit,
        "pull_request": provenance.pull_request,
        "verdict": {"result": verdict.result, "gate": gate.describe()},
        "findings": {"by_severity": by_severity, "by_rule": by_rule},
        # no model, no score: null rather than a made-up number (a max-risk policy refuses it)
        "risk": {
            "score": round(risk.probability, 4) if risk is not None else None,
            "band": risk.band if risk is not None else "none",
        },
        "model_id": risk.model if risk is not None else "",
        "bot": {"name": BOT_NAME, "version": provenance.bot_version},
        "reviewed_at": rfc3339(provenance.reviewed_at),
    }


def statement(subject: Subject, review_predicate: dict) -> dict:
    """One subject per statement: the registry files each attestation under one digest."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": subject.name, "digest": {"sha256": subject.sha256}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": review_predicate,
    }


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE's pre-authentication encoding: what is signed, so that neither the type nor the
    body can be swapped without breaking the signature."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


class Signer(Protocol):
    keyid: str

    def sign(self, message: bytes) -> bytes: ...


def envelope(statement_doc: dict, signer: Signer) -> dict:
    body = json.dumps(statement_doc, sort_keys=True, separators=(",", ":")).encode("utf-8")
    signature = signer.sign(pae(PAYLOAD_TYPE, body))
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(body).decode("ascii"),
        "signatures": [{"keyid": signer.keyid, "sig": base64.b64encode(signature).decode()}],
    }


def keyid_of(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()


class Ed25519Signer:
    """An Ed25519 private key from a PEM (PKCS#8) file, as `reviewbot keygen` writes it."""

    def __init__(self, private_key: object) -> None:
        from cryptography.hazmat.primitives import serialization

        self._key = private_key
        raw = private_key.public_key().public_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.keyid = keyid_of(raw)

    @classmethod
    def from_pem(cls, data: bytes, source: str = "key") -> Ed25519Signer:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise SigningKeyError(
                f"{source}: not an unencrypted PEM private key ({exc}); make one with "
                "`reviewbot keygen PATH`"
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(
                f"{source}: a {type(key).__name__.removeprefix('_')}, not an Ed25519 key; "
                "make one with `reviewbot keygen PATH`"
            )
        return cls(key)

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)  # type: ignore[attr-defined]


def generate_key_pair() -> tuple[bytes, bytes, str]:
    """(private PEM, public PEM, keyid) of a new Ed25519 key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_key = key.public_key()
    public = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return private, public, keyid_of(raw)
