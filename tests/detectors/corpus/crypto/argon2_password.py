# family: crypto
# label: good
# source: own
# rule: python/fast-password-hash
from argon2 import PasswordHasher

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    return _hasher.verify(stored, password)
