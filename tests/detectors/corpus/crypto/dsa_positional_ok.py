# family: crypto
# label: good
# source: own (pattern: positional key sizes, as exercised by bandit's weak-key examples)
# rule: python/small-key-size
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.asymmetric import dsa, rsa


def signing_keys():
    dsa_key = dsa.generate_private_key(3072, default_backend())
    # cryptography's rsa takes public_exponent first: 65537 is not a key size
    rsa_key = rsa.generate_private_key(65537, 4096, default_backend())
    return dsa_key, rsa_key
