# family: crypto
# label: good
# source: own
import hashlib
import os

ITERATIONS = 600_000


def derive(password: str) -> tuple[bytes, bytes]:
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return salt, key
