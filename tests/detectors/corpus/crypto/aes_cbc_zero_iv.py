# family: crypto
# label: bad
# source: own
# rule: python/static-iv
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IV = b"\x00" * 16


def encrypt_field(key: bytes, value: str) -> bytes:
    padder = padding.PKCS7(128).padder()
    data = padder.update(value.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(IV)).encryptor()  # expect
    return encryptor.update(data) + encryptor.finalize()
