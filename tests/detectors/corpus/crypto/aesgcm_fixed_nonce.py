# family: crypto
# label: bad
# source: own
# rule: python/static-iv
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE = b"\x00" * 12


class TokenSealer:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def seal(self, payload: bytes) -> bytes:
        aead = AESGCM(self.key)
        return aead.encrypt(NONCE, payload, None)  # expect
