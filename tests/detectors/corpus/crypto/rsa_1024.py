# family: crypto
# label: bad
# source: own
from cryptography.hazmat.primitives.asymmetric import rsa


def new_signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect
