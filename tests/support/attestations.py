"""Signing review attestations as `reviewbot attest` does (DSSE over an in-toto v1
Statement, Ed25519), written from the shared contract, not from either side's code, so
the registry's tests check the registry against the contract."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def predicate(
    result: str = "pass",
    critical: int = 0,
    risk: float = 0.2,
    gate: str = "findings+risk",
) -> dict[str, Any]:
    return {
        "source_repository": "https://git.example/acme/app.git",
        "base_commit": "a" * 40,
        "head_commit": "b" * 40,
        "pull_request": 7,
        "verdict": {"result": result, "gate": gate},
        "findings": {
            "by_severity": {"critical": critical, "high": 0, "medium": 1, "low": 0, "info": 2},
            "by_rule": {"PY-INJ-001": critical} if critical else {},
        },
        "risk": {"score": risk, "band": "low" if risk < 0.5 else "high"},
        "model_id": "default-2026.11",
        "bot": {"name": "reviewbot", "version": "0.1.0"},
        "reviewed_at": "2026-12-01T00:00:00Z",
    }


def statement(filename: str, sha256: str, **review: Any) -> dict[str, Any]:
    return {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": filename, "digest": {"sha256": sha256}}],
        "predicateType": "https://codeyard.dev/attestations/review/v1",
        "predicate": predicate(**review),
    }


@dataclass
class Signer:
    key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> Signer:
        return cls(Ed25519PrivateKey.generate())

    @property
    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)

    @property
    def keyid(self) -> str:
        raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return hashlib.sha256(raw).hexdigest()

    def write_public(self, path: Path) -> Path:
        path.write_bytes(self.public_pem)
        return path

    def envelope(self, body: dict[str, Any], keyid: str | None = None) -> dict[str, Any]:
        payload = json.dumps(body).encode()
        kind = PAYLOAD_TYPE.encode()
        pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)
        return {
            "payloadType": PAYLOAD_TYPE,
            "payload": base64.b64encode(payload).decode(),
            "signatures": [
                {"keyid": self.keyid if keyid is None else keyid,
                 "sig": base64.b64encode(self.key.sign(pae)).decode()}
            ],
        }  # fmt: skip

    def attest(self, filename: str, data: bytes, **review: Any) -> dict[str, Any]:
        return self.envelope(statement(filename, hashlib.sha256(data).hexdigest(), **review))
