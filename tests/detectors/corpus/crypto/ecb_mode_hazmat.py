# family: crypto
# label: bad
# source: own
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_block(key: bytes, block: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # expect
    return encryptor.update(block) + encryptor.finalize()
