# family: crypto
# label: bad
# source: own
# rule: python/weak-ec-curve
from cryptography.hazmat.primitives.asymmetric import ec


def device_keypair():
    private_key = ec.generate_private_key(ec.SECP192R1())  # expect
    return private_key, private_key.public_key()
