# family: crypto
# label: bad
# source: own (pattern: positional key sizes, as exercised by bandit's weak-key examples)
# rule: python/small-key-size
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.asymmetric import dsa


def legacy_signing_key():
    return dsa.generate_private_key(1024, default_backend())  # expect
