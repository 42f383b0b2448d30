# family: crypto
# label: bad
# source: own
import hashlib
import os


def derive(password: str) -> tuple[bytes, bytes]:
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 10000)  # expect
    return salt, key
