# family: crypto
# label: bad
# source: own
import hashlib


def legacy_password_hash(password: str, salt: str) -> str:
    return hashlib.new("md5", (salt + password).encode()).hexdigest()  # expect
