# family: crypto
# label: bad
# source: own
# rule: python/fast-password-hash
import hashlib
import os


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.sha256(salt + password.encode("utf-8")).hexdigest()  # expect
    return f"{salt.hex()}${digest}"
