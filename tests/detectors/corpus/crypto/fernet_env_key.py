# family: crypto
# label: good
# source: own
# rule: python/hardcoded-crypto-key
import os

from cryptography.fernet import Fernet


def encrypt_ssn(ssn: str) -> bytes:
    return Fernet(os.environ["FERNET_KEY"].encode()).encrypt(ssn.encode())
