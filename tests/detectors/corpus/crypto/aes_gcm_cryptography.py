# family: crypto
# label: good
# source: own
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def encrypt_record(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, data, None)
