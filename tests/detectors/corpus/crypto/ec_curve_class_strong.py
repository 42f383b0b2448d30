# family: crypto
# label: good
# source: own (pattern: curve class passed without calling it)
# rule: python/weak-ec-curve
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.asymmetric import ec


def sensor_key():
    return ec.generate_private_key(ec.SECP384R1, default_backend())
