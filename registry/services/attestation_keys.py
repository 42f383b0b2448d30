"""The reviewer's Ed25519 public keys (REGISTRY_ATTESTATION_KEYS): the SignatureVerifier
port of registry.core.attestations. A key's id is the hex sha256 of its raw 32 bytes, the
same id ``reviewbot attest`` puts in the DSSE signature."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from registry.core.errors import InvalidArgument


def keyid_of(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()


class Ed25519Keyring:
    """Public keys by keyid; verifying is all it does (it never holds a private key)."""

    def __init__(self, keys: dict[str, object]) -> None:
        self._keys = keys  # keyid -> cryptography Ed25519PublicKey

    @classmethod
    def from_pem(cls, pems: Iterable[tuple[str, bytes]]) -> Ed25519Keyring:
        """Keys from (label, PEM bytes) pairs; a label names the source in errors."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            PublicFormat,
            load_pem_public_key,
        )

        keys: dict[str, object] = {}
        for label, pem in pems:
            try:
                key = load_pem_public_key(pem)
            except ValueError as exc:
                raise InvalidArgument(f"{label} is not a PEM public key: {exc}") from None
            if not isinstance(key, Ed25519PublicKey):
                raise InvalidArgument(
                    f"{label} is a {type(key).__name__}, not an Ed25519 public key"
                )
            raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
            keys[keyid_of(raw)] = key
        return cls(keys)

    @classmethod
    def from_files(cls, paths: Iterable[Path | str]) -> Ed25519Keyring:
        pems = []
        for path in paths:
            try:
                pems.append((str(path), Path(path).read_bytes()))
            except OSError as exc:
                raise InvalidArgument(
                    f"cannot read the attestation public key {path}: {exc.strerror}"
                ) from None
        return cls.from_pem(pems)

    def keyids(self) -> frozenset[str]:
        return frozenset(self._keys)

    def verify(self, keyid: str, message: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        key = self._keys.get(keyid)
        if key is None:
            return False
        try:
            key.verify(signature, message)  # type: ignore[attr-defined]
        except InvalidSignature:
            return False
        return True
