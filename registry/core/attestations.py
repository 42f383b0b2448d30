"""Review attestations: DSSE envelopes carrying an in-toto v1 Statement whose predicate is
this project's review verdict, and the rules a repository's review policy applies to them.

Pure: parsing, the DSSE pre-authentication encoding (PAE) and policy evaluation. The
signature check itself is behind the ``SignatureVerifier`` port (Ed25519 lives in
``registry.services.attestation_keys``), so this module needs nothing beyond the stdlib.

Contract shared with ``reviewbot attest`` (the two never import each other):
https://github.com/secure-systems-lab/dsse/blob/master/protocol.md and
https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from registry.core.errors import (
    AttestationRejected,
    InvalidArgument,
    InvalidAttestation,
    NoAttestationKeys,
    UploadTooLarge,
)

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://codeyard.dev/attestations/review/v1"
MAX_ENVELOPE_BYTES = 256 * 1024  # a review statement is a few KiB; refuse anything huge
SEVERITIES = ("critical", "high", "medium", "low", "info")
VERDICTS = ("pass", "fail")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding: what the signature covers."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise InvalidAttestation(f"{what} must be a base64 string")
    text = value.strip()
    try:
        # DSSE allows standard or URL-safe base64, padded or not.
        padded = text + "=" * (-len(text) % 4)
        if "-" in text or "_" in text:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidAttestation(f"{what} is not valid base64") from None


@dataclass(frozen=True)
class Signature:
    keyid: str
    sig: bytes


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[Signature, ...]
    raw: dict[str, Any]  # the envelope as received, stored and served back verbatim

    def signed_bytes(self) -> bytes:
        return pae(self.payload_type, self.payload)


def parse_envelope(body: bytes) -> Envelope:
    """A DSSE envelope from JSON bytes; raises InvalidAttestation naming what is wrong."""
    if len(body) > MAX_ENVELOPE_BYTES:
        raise UploadTooLarge(
            f"the envelope is {len(body)} bytes, more than the {MAX_ENVELOPE_BYTES} allowed"
        )
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise InvalidAttestation(
            "the body is not JSON: send the DSSE envelope "
            '{"payloadType", "payload", "signatures"} with Content-Type: application/json'
        ) from None
    if not isinstance(raw, dict):
        raise InvalidAttestation("the envelope must be a JSON object")
    payload_type = raw.get("payloadType")
    if payload_type != PAYLOAD_TYPE:
        raise InvalidAttestation(
            f"payloadType must be {PAYLOAD_TYPE!r} (an in-toto statement), got {payload_type!r}"
        )
    payload = _b64(raw.get("payload"), "payload")
    sigs = raw.get("signatures")
    if not isinstance(sigs, list) or not sigs:
        raise InvalidAttestation("signatures must be a non-empty list of {keyid, sig}")
    signatures = []
    for i, item in enumerate(sigs):
        if not isinstance(item, dict):
            raise InvalidAttestation(f"signatures[{i}] must be an object with keyid and sig")
        keyid = item.get("keyid", "")
        if not isinstance(keyid, str):
            raise InvalidAttestation(f"signatures[{i}].keyid must be a string")
        signatures.append(Signature(keyid, _b64(item.get("sig"), f"signatures[{i}].sig")))
    return Envelope(payload_type, payload, tuple(signatures), raw)


@dataclass(frozen=True)
class Review:
    """The parts of the review predicate a policy reads."""

    result: str  # "pass" | "fail"
    gate: str
    by_severity: dict[str, int]
    risk_score: float | None
    risk_band: str | None


@dataclass(frozen=True)
class Statement:
    subject_name: str
    subject_sha256: str
    predicate: dict[str, Any]
    raw: dict[str, Any]
    review: Review


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidAttestation(f"{where} must be a non-negative whole number")
    return value


def _provenance(predicate: dict[str, Any]) -> None:
    """The contract's provenance fields: present, and of their types (the registry shows
    them and `registry attestation verify` prints them; a policy does not read them)."""
    for name in ("source_repository", "base_commit", "head_commit", "model_id"):
        if not isinstance(predicate.get(name), str):
            raise InvalidAttestation(f"predicate.{name} must be a string")
    pull = predicate.get("pull_request", "missing")
    if pull is not None and (isinstance(pull, bool) or not isinstance(pull, int)):
        raise InvalidAttestation("predicate.pull_request must be a number or null")
    bot = predicate.get("bot")
    names = ("name", "version")
    if not isinstance(bot, dict) or not all(isinstance(bot.get(k), str) for k in names):
        raise InvalidAttestation("predicate.bot must be {name, version} strings")
    reviewed_at = predicate.get("reviewed_at")
    try:
        if not isinstance(reviewed_at, str):
            raise ValueError
        moment = datetime.fromisoformat(reviewed_at)
    except ValueError:
        raise InvalidAttestation(
            "predicate.reviewed_at must be an RFC 3339 time, e.g. 2026-12-01T09:30:00Z"
        ) from None
    if moment.tzinfo is None:
        raise InvalidAttestation("predicate.reviewed_at needs a time zone (Z or +hh:mm)")
    by_rule = predicate["findings"].get("by_rule", {})
    if not isinstance(by_rule, dict):
        raise InvalidAttestation("predicate.findings.by_rule must be an object of counts")
    for rule, count in by_rule.items():
        _count(count, f"predicate.findings.by_rule.{rule}")


def _review(predicate: Any) -> Review:
    if not isinstance(predicate, dict):
        raise InvalidAttestation("predicate must be an object")
    verdict = predicate.get("verdict")
    if not isinstance(verdict, dict) or verdict.get("result") not in VERDICTS:
        raise InvalidAttestation('predicate.verdict.result must be "pass" or "fail"')
    gate = verdict.get("gate", "")
    if not isinstance(gate, str):
        raise InvalidAttestation("predicate.verdict.gate must be a string")
    findings = predicate.get("findings")
    if not isinstance(findings, dict) or not isinstance(findings.get("by_severity"), dict):
        raise InvalidAttestation("predicate.findings.by_severity must be an object of counts")
    by_severity = {
        str(k): _count(v, f"predicate.findings.by_severity.{k}")
        for k, v in findings["by_severity"].items()
    }
    risk = predicate.get("risk")
    score = band = None
    if risk is not None:
        if not isinstance(risk, dict):
            raise InvalidAttestation("predicate.risk must be an object {score, band}")
        raw_score = risk.get("score")
        if raw_score is not None:
            if isinstance(raw_score, bool) or not isinstance(raw_score, int | float):
                raise InvalidAttestation("predicate.risk.score must be a number")
            if not math.isfinite(raw_score):
                raise InvalidAttestation("predicate.risk.score must be a finite number")
            score = float(raw_score)
        band = risk.get("band")
        if band is not None and (not isinstance(band, str) or len(band) > 40):
            raise InvalidAttestation("predicate.risk.band must be a short string (40 at most)")
    return Review(verdict["result"], gate, by_severity, score, band)


def parse_statement(payload: bytes) -> Statement:
    """The in-toto v1 Statement inside an envelope, with one subject and our predicate."""
    try:
        raw = json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        raise InvalidAttestation("the payload is not a JSON in-toto statement") from None
    if not isinstance(raw, dict):
        raise InvalidAttestation("the statement must be a JSON object")
    if raw.get("_type") != STATEMENT_TYPE:
        raise InvalidAttestation(f"statement _type must be {STATEMENT_TYPE!r}")
    if raw.get("predicateType") != PREDICATE_TYPE:
        raise InvalidAttestation(
            f"predicateType must be {PREDICATE_TYPE!r} (a codeyard review), "
            f"got {raw.get('predicateType')!r}"
        )
    subjects = raw.get("subject")
    if not isinstance(subjects, list) or len(subjects) != 1 or not isinstance(subjects[0], dict):
        raise InvalidAttestation("the statement must have exactly one subject (one file)")
    subject = subjects[0]
    name = subject.get("name")
    digest = subject.get("digest")
    if not isinstance(name, str) or not name:
        raise InvalidAttestation("subject.name must be the file's name")
    sha256 = digest.get("sha256") if isinstance(digest, dict) else None
    if not isinstance(sha256, str) or not _HEX64.match(sha256.lower()):
        raise InvalidAttestation("subject.digest.sha256 must be 64 hex digits")
    review = _review(raw.get("predicate"))
    _provenance(raw["predicate"])
    return Statement(name, sha256.lower(), raw["predicate"], raw, review)


class SignatureVerifier(Protocol):
    """The configured public keys; implemented with Ed25519 outside the core."""

    def keyids(self) -> frozenset[str]: ...

    def verify(self, keyid: str, message: bytes, signature: bytes) -> bool:
        """True when *signature* over *message* is valid for the key *keyid*."""
        ...


def verify_envelope(envelope: Envelope, verifier: SignatureVerifier) -> str:
    """The keyid of the first configured key that signed the envelope, or a refusal."""
    known = verifier.keyids()
    if not known:
        raise NoAttestationKeys(
            "this registry has no attestation public keys configured, so it cannot verify "
            "attestations: the operator sets REGISTRY_ATTESTATION_KEYS to the reviewer's "
            "PEM Ed25519 public key file(s)"
        )
    message = envelope.signed_bytes()
    matched_key = False
    for signature in envelope.signatures:
        # A signature without a keyid is tried against every key (DSSE makes keyid optional).
        candidates = [signature.keyid] if signature.keyid else sorted(known)
        for keyid in candidates:
            if keyid not in known:
                continue
            matched_key = True
            if verifier.verify(keyid, message, signature.sig):
                return keyid
    if not matched_key:
        ids = ", ".join(s.keyid or "(none)" for s in envelope.signatures)
        raise AttestationRejected(
            f"the attestation is signed by an unknown key (keyid {ids}); this registry "
            "trusts only the keys in REGISTRY_ATTESTATION_KEYS"
        )
    raise AttestationRejected(
        "the signature does not verify: the statement was changed after signing or was "
        "signed with another key than its keyid names"
    )


# --- review policy ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewPolicy:
    """What a repository requires of a file's review: ``pass``, ``no-critical`` or
    ``max-risk=X`` (each also requires a passing verdict)."""

    kind: str  # "pass" | "no-critical" | "max-risk"
    max_risk: float | None = None

    @property
    def rule(self) -> str:
        if self.kind == "max-risk":
            return f"max-risk={self.max_risk:g}"
        return self.kind

    @classmethod
    def parse(cls, text: str) -> ReviewPolicy:
        spec = text.strip().lower()
        if spec in ("pass", "no-critical"):
            return cls(spec)
        if spec.startswith("max-risk="):
            try:
                value = float(spec.partition("=")[2])
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or not 0.0 <= value <= 1.0:
                raise InvalidArgument(
                    f"max-risk needs a number between 0 and 1 (e.g. max-risk=0.6), got {text!r}"
                )
            return cls("max-risk", value)
        raise InvalidArgument(
            f"a review policy is pass, no-critical or max-risk=X (0 to 1), got {text!r}"
        )

    def why_not(self, review: Review) -> str | None:
        """None when *review* satisfies the policy; otherwise the reason it does not."""
        if review.result != "pass":
            gate = f" (gate {review.gate})" if review.gate else ""
            return f"review verdict is {review.result}{gate}"
        if self.kind == "no-critical":
            critical = review.by_severity.get("critical", 0)
            if critical:
                return f"review found {critical} critical finding(s)"
        if self.kind == "max-risk":
            assert self.max_risk is not None
            if review.risk_score is None:
                return "review has no risk score"
            if review.risk_score > self.max_risk:
                return f"risk score {review.risk_score:g} is above {self.max_risk:g}"
        return None


def policy_decision(policy: ReviewPolicy, reviews: list[Review]) -> str | None:
    """None when any of a file's verified reviews satisfies *policy*; else why not (the
    reason given by the most recent review, or that there is none)."""
    if not reviews:
        return "no verified review attestation for its sha256"
    reasons = [policy.why_not(r) for r in reviews]
    if any(reason is None for reason in reasons):
        return None
    return reasons[-1]


@dataclass(frozen=True)
class Verified:
    """An envelope whose signature and subject checked out for one file."""

    keyid: str
    statement: Statement


def verify_for_file(
    body: bytes, verifier: SignatureVerifier, sha256: str | None, filename: str | None = None
) -> Verified:
    """Check an envelope offline: well-formed, signed by one of *verifier*'s keys, and
    (when given) about the file with *sha256* and *filename*. Raises a RegistryError
    subclass saying what failed."""
    envelope = parse_envelope(body)
    statement = parse_statement(envelope.payload)
    keyid = verify_envelope(envelope, verifier)
    if sha256 is not None and statement.subject_sha256 != sha256.lower():
        raise AttestationRejected(
            f"the attestation is about sha256 {statement.subject_sha256}, not this file's "
            f"{sha256.lower()}"
        )
    if filename is not None and statement.subject_name != filename:
        raise AttestationRejected(
            f"the attestation names {statement.subject_name!r}, not {filename!r}"
        )
    return Verified(keyid, statement)
