# family: crypto
# label: bad
# source: own
from Crypto.Cipher import DES


def encrypt_legacy(key: bytes, iv: bytes, padded: bytes) -> bytes:
    return DES.new(key, DES.MODE_CBC, iv).encrypt(padded)  # expect
