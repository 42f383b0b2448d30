# family: crypto
# label: bad
# source: own
# rule: python/rsa-pkcs1v15-encryption
from cryptography.hazmat.primitives.asymmetric import padding


def wrap_session_key(public_key, session_key: bytes) -> bytes:
    return public_key.encrypt(session_key, padding.PKCS1v15())  # expect
