# family: crypto
# label: good
# source: own
# rule: python/weak-ec-curve
from cryptography.hazmat.primitives.asymmetric import ec


def device_keypair():
    private_key = ec.generate_private_key(ec.SECP256R1())
    return private_key, private_key.public_key()
