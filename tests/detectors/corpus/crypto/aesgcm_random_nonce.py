# family: crypto
# label: good
# source: own
# rule: python/static-iv
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def seal(key: bytes, payload: bytes, context: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, payload, context)


def open_sealed(key: bytes, sealed: bytes, context: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], context)
