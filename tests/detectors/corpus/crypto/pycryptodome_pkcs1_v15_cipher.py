# family: crypto
# label: bad
# source: own
# rule: python/rsa-pkcs1v15-encryption
from Crypto.Cipher import PKCS1_v1_5
from Crypto.PublicKey import RSA


def encrypt_for(pem: bytes, secret: bytes) -> bytes:
    cipher = PKCS1_v1_5.new(RSA.import_key(pem))  # expect
    return cipher.encrypt(secret)
