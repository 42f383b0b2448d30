# family: crypto
# label: bad
# source: own
from Crypto.Cipher import AES


def encrypt_record(key: bytes, padded: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_ECB)  # expect
    return cipher.encrypt(padded)
