# family: crypto
# label: bad
# source: own
# rule: python/hardcoded-crypto-key
from cryptography.fernet import Fernet

FERNET_KEY = b"q3J8m0dVb2sJt7yZk1xW9pR4uE6nH5cA2gL0fS8vT1o="


def encrypt_ssn(ssn: str) -> bytes:
    return Fernet(FERNET_KEY).encrypt(ssn.encode())  # expect
