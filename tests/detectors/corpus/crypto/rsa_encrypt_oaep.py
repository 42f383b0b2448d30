# family: crypto
# label: good
# source: own
# rule: python/rsa-pkcs1v15-encryption
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding


def wrap_session_key(public_key, session_key: bytes) -> bytes:
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    return public_key.encrypt(session_key, oaep)


def sign_manifest(private_key, manifest: bytes) -> bytes:
    # PKCS#1 v1.5 is fine for signatures; only its encryption padding is broken
    return private_key.sign(manifest, padding.PKCS1v15(), hashes.SHA256())
